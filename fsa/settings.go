package fsa

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"

	"github.com/fsa-go/fsa-go/internal/literal"
)

// SettingOr returns the application setting name (a configuration name
// that does not start with FSA_, see App.Setting) as a T, or def when the
// configuration does not set it. T's type comes from def:
//
//	port, err := fsa.SettingOr(app, "ACME_PORT", 5000)       // int
//	hosts, err := fsa.SettingOr(app, "ACME_HOSTS", []string{}) // []string
//
// A value is converted as the file spells it: an integer to any integer
// type that holds it, an integer or a float to a float, a list to a slice
// whose items convert, a dict to a map with string keys whose values
// convert; a string stays a string. A value given in code by Set is read
// as the file would spell it (an uint8 is an integer). Any other value is an error naming the setting and the
// type it has and the one wanted, as configuration errors do; so is a T
// that no configuration value can be (a struct, a pointer...). Call it
// once at startup and stop on an error.
func SettingOr[T any](a *App, name string, def T) (T, error) {
	v, ok := a.config.Settings[name]
	if !ok {
		return def, nil
	}
	var out T
	if err := settingValue(reflect.ValueOf(&out).Elem(), v); err != nil {
		return def, &ConfigError{Source: "configuration", Name: name, Err: err}
	}
	return out, nil
}

// settingValue sets dst to v, a value of the configuration.
func settingValue(dst reflect.Value, v any) error {
	mismatch := func() error {
		return fmt.Errorf("unexpected value of type %s: want %s", literal.TypeName(v), dst.Type())
	}

	switch dst.Kind() {
	case reflect.Interface:
		if dst.NumMethod() != 0 {
			return mismatch()
		}
		if v != nil {
			dst.Set(reflect.ValueOf(v))
		}
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return mismatch()
		}
		dst.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return mismatch()
		}
		dst.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(int64)
		if !ok {
			return mismatch()
		}
		if dst.OverflowInt(n) {
			return fmt.Errorf("the integer does not fit in %s", dst.Type())
		}
		dst.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(int64)
		if !ok {
			return mismatch()
		}
		if n < 0 || dst.OverflowUint(uint64(n)) {
			return fmt.Errorf("the integer does not fit in %s", dst.Type())
		}
		dst.SetUint(uint64(n))
	case reflect.Float32, reflect.Float64:
		var f float64
		switch x := v.(type) {
		case int64:
			f = float64(x)
		case float64:
			f = x
		default:
			return mismatch()
		}
		if dst.Kind() == reflect.Float32 && math.Abs(f) > math.MaxFloat32 {
			return fmt.Errorf("the number does not fit in float32")
		}
		dst.SetFloat(f)
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			return mismatch()
		}
		s := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, item := range items {
			if err := settingValue(s.Index(i), item); err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
		}
		dst.Set(s)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok || dst.Type().Key().Kind() != reflect.String {
			return mismatch()
		}
		out := reflect.MakeMapWithSize(dst.Type(), len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) { // the first error in key order
			item := m[k]
			val := reflect.New(dst.Type().Elem()).Elem()
			if err := settingValue(val, item); err != nil {
				return fmt.Errorf("key %q: %w", k, err)
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(dst.Type().Key()), val)
		}
		dst.Set(out)
	default:
		return fmt.Errorf("a setting cannot be a %s", dst.Type())
	}
	return nil
}
