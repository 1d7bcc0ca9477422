package fsa

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/go-playground/validator/v10"
)

// hasValidateTags tells whether a type holds struct fields with validate
// tags, which validation must then reach.
func hasValidateTags(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return hasValidateTags(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] || t == typeTime {
			return false
		}
		seen[t] = true
		for i := range t.NumField() {
			sf := t.Field(i)
			if _, ok := sf.Tag.Lookup("validate"); ok || sf.IsExported() && hasValidateTags(sf.Type, seen) {
				return true
			}
		}
	}
	return false
}

// checkStructTags runs the validate tags of the struct types t holds on
// zero values, so that a nested tag validator does not know is a
// declaration error rather than a panic per request.
func checkStructTags(v *validator.Validate, t reflect.Type, seen map[reflect.Type]bool) (err error) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return checkStructTags(v, t.Elem(), seen)
	case reflect.Struct:
		if seen[t] || t == typeTime {
			return nil
		}
		seen[t] = true
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("type %s: invalid validate tag: %v", t, p)
			}
		}()
		v.Struct(reflect.New(t).Interface())
		for i := range t.NumField() {
			if sf := t.Field(i); sf.IsExported() {
				if err := checkStructTags(v, sf.Type, seen); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkTag runs a validate tag once on value, so that a tag validator
// does not know is a declaration error rather than a panic per request.
func checkTag(v *validator.Validate, value any, tag string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("invalid validate tag %q: %v", tag, p)
		}
	}()
	v.Var(value, tag)
	return nil
}

// validationProblems runs the validate tags of dst and words their
// failures with request names, leaving out the fields in skip.
func (p *plan) validationProblems(v *validator.Validate, dst reflect.Value, skip []string) []problemLine {
	var err error
	if len(p.skipNS) == 0 {
		err = v.Struct(dst.Addr().Interface())
	} else {
		err = v.StructFiltered(dst.Addr().Interface(), p.skipFilter)
	}
	if err == nil {
		return nil
	}

	var fieldErrs validator.ValidationErrors
	if !errors.As(err, &fieldErrs) {
		return []problemLine{{len(p.fields), "invalid parameters"}}
	}

	var lines []problemLine
	for _, fe := range fieldErrs {
		top, name := p.displayName(fe.StructNamespace())
		if slices.Contains(skip, top) {
			continue
		}
		check := fe.Tag()
		if fe.Param() != "" {
			check += "=" + fe.Param()
		}

		what := "parameter"
		i := slices.IndexFunc(p.fields, func(f field) bool { return f.name == top })
		if i < 0 {
			i = len(p.fields)
		} else if f := &p.fields[i]; f.kind == kindHeader || f.kind == kindCookie {
			what, name = map[kind]string{kindHeader: "header", kindCookie: "cookie"}[f.kind], f.key+strings.TrimPrefix(name, top)
		}
		lines = append(lines, problemLine{i, fmt.Sprintf("%s %s fails validation %q", what, quote(name), check)})
	}
	return lines
}

// displayName turns a validator namespace of Go names (Input.Who.Born,
// Input.Li[2], Input.M[k]) into the request's names (who.born, li[2],
// m.k), as conversion errors name them: the field's request name, then
// the members' JSON names and the map keys. top is the field's.
func (p *plan) displayName(ns string) (top, name string) {
	if p.typ.Name() != "" {
		ns = strings.TrimPrefix(ns, p.typ.Name()+".")
	}

	var b strings.Builder
	t := p.typ
	for first := true; ns != ""; first = false {
		end := strings.IndexAny(ns, ".[")
		if end < 0 {
			end = len(ns)
		}
		goName := ns[:end]
		ns = ns[end:]

		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		sf, ok := reflect.StructField{}, false
		if t.Kind() == reflect.Struct {
			sf, ok = t.FieldByName(goName)
		}
		switch {
		case !ok:
			b.WriteString(goName)
		case first:
			top, _ = requestName(sf)
			b.WriteString(top)
		default:
			b.WriteByte('.')
			jsonName, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if jsonName == "" || jsonName == "-" {
				jsonName = sf.Name
			}
			b.WriteString(jsonName)
		}
		if ok {
			t = sf.Type
		}

		for strings.HasPrefix(ns, "[") { // indexes and keys
			end := strings.IndexByte(ns, ']') + 1
			if end == 0 {
				end = len(ns)
			}
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t.Kind() == reflect.Map {
				b.WriteString("." + strings.TrimSuffix(ns[1:end], "]"))
			} else {
				b.WriteString(ns[:end])
			}
			ns = ns[end:]
			if t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
				t = t.Elem()
			}
		}

		ns = strings.TrimPrefix(ns, ".")
	}
	return top, b.String()
}

// newValidator returns the app's validator.
func newValidator() *validator.Validate {
	return validator.New(validator.WithRequiredStructEnabled())
}
