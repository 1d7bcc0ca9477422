package fsa

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/cmplx"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// converter sets dst, an addressable value of its type, from a request
// value: a string from the path, the query, a form or a header, or a JSON
// value from a JSON body. Its errors end a message "parameter "x" ...".
type converter struct {
	fromString func(s string, dst reflect.Value) error
	fromJSON   func(raw []byte, dst reflect.Value) error // strict: a JSON value of the right kind

	// lax: a parameter of a JSON body may also be a JSON string holding the
	// value as a query would ("4" for 4), as FlaskSimpleAuth accepts. Inside
	// arrays and objects values must have their JSON kind.
	lax bool
}

// convError is a conversion failure; path locates it inside the value
// ("[2]", ".born") and is added to the parameter's name.
type convError struct{ path, msg string }

func (e *convError) Error() string { return e.msg }

// at locates err at step inside a value.
func at(err error, step string) error {
	var ce *convError
	if errors.As(err, &ce) {
		return &convError{path: step + ce.path, msg: ce.msg}
	}
	return &convError{path: step, msg: err.Error()}
}

// convMessage returns the path and the message of a conversion error.
func convMessage(err error) (path, msg string) {
	var ce *convError
	if errors.As(err, &ce) {
		return ce.path, ce.msg
	}
	return "", err.Error()
}

// converters builds and keeps the converters of an app's input types. It
// is used while declaring only: requests run the converters it built.
type converters struct {
	casts map[reflect.Type]func(string) (reflect.Value, error)
	built map[reflect.Type]*converter
	order []reflect.Type // built, in order: what a failure rolls back
	bad   map[reflect.Type]error
	depth int
}

func newConverters() *converters {
	return &converters{casts: map[reflect.Type]func(string) (reflect.Value, error){},
		built: map[reflect.Type]*converter{}, bad: map[reflect.Type]error{}}
}

var (
	typeTime      = reflect.TypeFor[time.Time]()
	typeDuration  = reflect.TypeFor[time.Duration]()
	typeRawJSON   = reflect.TypeFor[json.RawMessage]()
	typeUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// of returns the converter of type t, or an error saying why t cannot be
// a parameter. nonFinite (for floats and lists of floats only) lets
// floats be NaN or infinite.
func (cs *converters) of(t reflect.Type, nonFinite bool) (*converter, error) {
	if c, ok := cs.built[t]; ok && !nonFinite {
		return c, nil
	}
	if err, ok := cs.bad[t]; ok {
		return nil, err
	}

	mark := len(cs.order)
	cs.depth++
	c, err := cs.build(t, nonFinite)
	cs.depth--
	if err != nil {
		if cs.depth == 0 { // converters built on the way may refer to a broken one
			for _, b := range cs.order[mark:] {
				delete(cs.built, b)
			}
			cs.order = cs.order[:mark]
			cs.bad[t] = err
		}
		return nil, err
	}

	if !nonFinite {
		cs.remember(t, c)
	}
	return c, nil
}

// remember keeps the converter of t, before it is complete for the
// types that may hold themselves.
func (cs *converters) remember(t reflect.Type, c *converter) {
	if _, ok := cs.built[t]; !ok {
		cs.order = append(cs.order, t)
	}
	cs.built[t] = c
}

func (cs *converters) build(t reflect.Type, nonFinite bool) (*converter, error) {
	if cast, ok := cs.casts[t]; ok {
		return castConverter(cast), nil
	}

	switch t {
	case typeTime:
		return &converter{fromString: setTime, fromJSON: jsonString(setTime, "a date or time")}, nil
	case typeDuration:
		return &converter{fromString: setDuration, fromJSON: jsonString(setDuration, "a duration")}, nil
	case typeRawJSON:
		return &converter{fromString: func(s string, dst reflect.Value) error {
			if !json.Valid([]byte(s)) {
				return &convError{msg: "must be JSON"}
			}
			dst.SetBytes([]byte(s))
			return nil
		}, fromJSON: func(raw []byte, dst reflect.Value) error {
			dst.SetBytes(bytes.Clone(raw))
			return nil
		}}, nil
	}

	if reflect.PointerTo(t).Implements(typeUnmarshal) {
		return textConverter(t), nil
	}

	switch t.Kind() {
	case reflect.String:
		set := func(s string, dst reflect.Value) error { dst.SetString(s); return nil }
		return &converter{fromString: set, fromJSON: jsonString(set, "a string")}, nil
	case reflect.Bool:
		set := func(s string, dst reflect.Value) error { dst.SetBool(parseBool(s)); return nil }
		return &converter{fromString: set, lax: true, fromJSON: func(raw []byte, dst reflect.Value) error {
			if string(raw) != "true" && string(raw) != "false" {
				return &convError{msg: "must be true or false"}
			}
			dst.SetBool(raw[0] == 't')
			return nil
		}}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		set := func(s string, dst reflect.Value) error {
			n, err := parseInt(s, bits)
			if err == nil {
				dst.SetInt(n)
			}
			return err
		}
		return &converter{fromString: set, fromJSON: jsonNumber(set, "an integer"), lax: true}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		bits := t.Bits()
		set := func(s string, dst reflect.Value) error {
			n, err := parseUint(s, bits)
			if err == nil {
				dst.SetUint(n)
			}
			return err
		}
		return &converter{fromString: set, fromJSON: jsonNumber(set, "an unsigned integer"), lax: true}, nil
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		set := func(s string, dst reflect.Value) error {
			f, err := parseFloat(s, bits, nonFinite)
			if err == nil {
				dst.SetFloat(f)
			}
			return err
		}
		return &converter{fromString: set, fromJSON: jsonNumber(set, "a number"), lax: true}, nil
	case reflect.Complex64, reflect.Complex128:
		bits := t.Bits()
		set := func(s string, dst reflect.Value) error {
			c, err := parseComplex(s, bits, nonFinite)
			if err == nil {
				dst.SetComplex(c)
			}
			return err
		}
		return &converter{fromString: set, fromJSON: jsonComplex(set), lax: true}, nil
	case reflect.Interface:
		if t.NumMethod() > 0 {
			break
		}
		c := &converter{fromJSON: func(raw []byte, dst reflect.Value) error {
			v, err := decodeAny(raw)
			if err != nil {
				return err
			}
			dst.Set(reflect.ValueOf(&v).Elem())
			return nil
		}}
		c.fromString = jsonText(c, "JSON")
		return c, nil
	case reflect.Pointer:
		return cs.pointer(t, nonFinite)
	case reflect.Slice:
		return cs.slice(t, nonFinite)
	case reflect.Map:
		return cs.mapOf(t, nonFinite)
	case reflect.Struct:
		return cs.structOf(t)
	}
	return nil, fmt.Errorf("unsupported type %s", t)
}

// castConverter converts with a function the application registered.
func castConverter(cast func(string) (reflect.Value, error)) *converter {
	set := func(s string, dst reflect.Value) error {
		v, err := cast(s)
		if err != nil {
			return &convError{msg: "cast error: " + err.Error()}
		}
		dst.Set(v)
		return nil
	}

	return &converter{fromString: set, lax: true, fromJSON: func(raw []byte, dst reflect.Value) error {
		if raw[0] == '"' {
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return &convError{msg: "must be a string"}
			}
			return set(s, dst)
		}
		return set(string(raw), dst)
	}}
}

// textConverter converts with the type's UnmarshalText; its error is not
// shown, as it usually quotes the value.
func textConverter(t reflect.Type) *converter {
	set := func(s string, dst reflect.Value) error {
		if dst.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)) != nil {
			return &convError{msg: "must be a valid " + t.String()}
		}
		return nil
	}
	return &converter{fromString: set, fromJSON: jsonString(set, "a string")}
}

// jsonString accepts a JSON string only, and converts its text with set.
func jsonString(set func(string, reflect.Value) error, what string) func([]byte, reflect.Value) error {
	return func(raw []byte, dst reflect.Value) error {
		s, ok := jsonUnquote(raw)
		if !ok {
			return &convError{msg: "must be " + what}
		}
		return set(s, dst)
	}
}

// jsonUnquote returns the text of a JSON string value: without escapes
// and in valid UTF-8, the bytes between the quotes; else what
// encoding/json decodes.
func jsonUnquote(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if inner := raw[1 : len(raw)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), true
	}
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

// jsonNumber accepts a JSON number only.
func jsonNumber(set func(string, reflect.Value) error, what string) func([]byte, reflect.Value) error {
	return func(raw []byte, dst reflect.Value) error {
		if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
			return &convError{msg: "must be " + what}
		}
		return set(string(raw), dst)
	}
}

// jsonText reads a string as the JSON text of a value, as a query or form
// parameter carries a list, an object or any JSON value.
func jsonText(c *converter, what string) func(string, reflect.Value) error {
	return func(s string, dst reflect.Value) error {
		if !json.Valid([]byte(s)) {
			return &convError{msg: "must be " + what}
		}
		return c.fromJSON(bytes.TrimSpace([]byte(s)), dst)
	}
}

func (cs *converters) pointer(t reflect.Type, nonFinite bool) (*converter, error) {
	elem, err := cs.of(t.Elem(), nonFinite)
	if err != nil {
		return nil, err
	}

	return &converter{lax: elem.lax,
		fromString: func(s string, dst reflect.Value) error {
			v := reflect.New(t.Elem())
			if err := elem.fromString(s, v.Elem()); err != nil {
				return err
			}
			dst.Set(v)
			return nil
		},
		fromJSON: func(raw []byte, dst reflect.Value) error {
			if string(raw) == "null" {
				dst.SetZero()
				return nil
			}
			v := reflect.New(t.Elem())
			if err := elem.fromJSON(raw, v.Elem()); err != nil {
				return err
			}
			dst.Set(v)
			return nil
		}}, nil
}

func (cs *converters) slice(t reflect.Type, nonFinite bool) (*converter, error) {
	c := &converter{}
	if !nonFinite {
		cs.remember(t, c) // a type may hold itself
	}
	elem, err := cs.of(t.Elem(), nonFinite)
	if err != nil {
		return nil, err
	}

	c.fromJSON = func(raw []byte, dst reflect.Value) error {
		var items []json.RawMessage
		if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
			return &convError{msg: "must be an array"}
		}
		out := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			if err := elem.fromJSON(item, out.Index(i)); err != nil {
				return at(err, "["+strconv.Itoa(i)+"]")
			}
		}
		dst.Set(out)
		return nil
	}
	c.fromString = jsonText(c, "a JSON array")
	return c, nil
}

func (cs *converters) mapOf(t reflect.Type, nonFinite bool) (*converter, error) {
	if t.Key().Kind() != reflect.String {
		return nil, fmt.Errorf("unsupported type %s: map keys must be strings", t)
	}
	c := &converter{}
	if !nonFinite {
		cs.remember(t, c)
	}
	elem, err := cs.of(t.Elem(), nonFinite)
	if err != nil {
		return nil, err
	}

	c.fromJSON = func(raw []byte, dst reflect.Value) error {
		out := reflect.MakeMap(t)
		err := eachMember(raw, func(key string, value []byte) error {
			k := reflect.ValueOf(key).Convert(t.Key())
			if out.MapIndex(k).IsValid() {
				return &convError{msg: "has member " + quote(key) + " twice"}
			}
			v := reflect.New(t.Elem()).Elem()
			if err := elem.fromJSON(value, v); err != nil {
				return at(err, "."+key)
			}
			out.SetMapIndex(k, v)
			return nil
		})
		if err != nil {
			return err
		}
		dst.Set(out)
		return nil
	}
	c.fromString = jsonText(c, "a JSON object")
	return c, nil
}

// member is a field of a struct parameter, named as encoding/json does.
type member struct {
	name     string
	index    int
	optional bool // a pointer, or tagged omitempty or omitzero
	conv     *converter
}

// structOf decodes a JSON object into a struct with encoding/json's
// naming (the json tag, else the field name, matched exactly then
// without case), but strictly: an unknown or repeated member is an
// error, and a member that is not optional must be given. Members are
// converted as parameters are: a time.Time may be a plain date.
func (cs *converters) structOf(t reflect.Type) (*converter, error) {
	c := &converter{}
	cs.remember(t, c)

	var members []member
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" || !sf.IsExported() && !sf.Anonymous {
			continue
		}
		if sf.Anonymous {
			return nil, fmt.Errorf("type %s: embedded field %s is not supported", t, sf.Name)
		}
		if name == "" {
			name = sf.Name
		}
		conv, err := cs.of(sf.Type, false)
		if err != nil {
			return nil, fmt.Errorf("type %s, field %s: %w", t, sf.Name, err)
		}
		members = append(members, member{name: name, index: i, conv: conv,
			optional: sf.Type.Kind() == reflect.Pointer || strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")})
	}

	find := func(key string) int {
		for i := range members {
			if members[i].name == key {
				return i
			}
		}
		for i := range members {
			if strings.EqualFold(members[i].name, key) {
				return i
			}
		}
		return -1
	}

	c.fromJSON = func(raw []byte, dst reflect.Value) error {
		seen := make([]bool, len(members))
		out := reflect.New(t).Elem()
		err := eachMember(raw, func(key string, value []byte) error {
			i := find(key)
			if i < 0 {
				return &convError{msg: "has no member " + quote(key)}
			}
			if seen[i] {
				return &convError{msg: "has member " + quote(members[i].name) + " twice"}
			}
			seen[i] = true
			if err := members[i].conv.fromJSON(value, out.Field(members[i].index)); err != nil {
				return at(err, "."+members[i].name)
			}
			return nil
		})
		if err != nil {
			return err
		}

		for i, m := range members {
			if !seen[i] && !m.optional {
				return &convError{path: "." + m.name, msg: "is missing"}
			}
		}
		dst.Set(out)
		return nil
	}
	c.fromString = jsonText(c, "a JSON object")
	return c, nil
}

// decodeAny decodes a JSON value as json.Unmarshal does into an any, but
// refuses an object that gives a member twice, as the body's parser does.
func decodeAny(raw []byte) (any, error) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil, &convError{msg: "must be JSON"}
	}

	if bytes.IndexByte(raw, '{') >= 0 {
		if key, dup := duplicateMember(json.NewDecoder(bytes.NewReader(raw))); dup {
			return nil, &convError{msg: "has member " + quote(key) + " twice"}
		}
	}
	return v, nil
}

// duplicateMember reads one JSON value, known to be valid, and returns a
// member that one of its objects gives twice.
func duplicateMember(dec *json.Decoder) (string, bool) {
	tok, _ := dec.Token()
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			t, _ := dec.Token()
			key, _ := t.(string)
			if seen[key] {
				return key, true
			}
			seen[key] = true
			if k, dup := duplicateMember(dec); dup {
				return k, true
			}
		}
		dec.Token()
	case json.Delim('['):
		for dec.More() {
			if k, dup := duplicateMember(dec); dup {
				return k, true
			}
		}
		dec.Token()
	}
	return "", false
}

// eachMember calls f on each member of a JSON object, in order.
func eachMember(raw []byte, f func(key string, value []byte) error) error {
	notObject := &convError{msg: "must be an object"}
	if raw[0] != '{' {
		return notObject
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return notObject
	}

	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return notObject
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return notObject
		}
		if err := f(tok.(string), value); err != nil {
			return err
		}
	}

	if _, err := dec.Token(); err != nil && err != io.EOF {
		return notObject
	}
	return nil
}

// timeLayouts are the forms of a time.Time parameter: RFC 3339 (with T
// or a space), a date and time without zone (UTC), or a plain date.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", time.DateOnly}

func setTime(s string, dst reflect.Value) error {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			dst.Set(reflect.ValueOf(t))
			return nil
		}
	}
	return &convError{msg: "must be a date (2006-01-02) or a time (RFC 3339)"}
}

func setDuration(s string, dst reflect.Value) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return &convError{msg: "must be a duration (1h30m)"}
	}
	dst.SetInt(int64(d))
	return nil
}

// parseBool is FlaskSimpleAuth's rule: "", "0", "false" and "f", in any
// case, are false; anything else is true.
func parseBool(s string) bool {
	switch strings.ToLower(s) {
	case "", "0", "false", "f":
		return false
	}
	return true
}

var errInteger = &convError{msg: "must be an integer"}

// parseInt reads an integer as Python's int(s, 0) does: surrounding
// spaces, a sign, 0x / 0o / 0b prefixes and _ between digits; a decimal
// with a leading zero (011) is refused.
func parseInt(s string, bits int) (int64, error) {
	s, err := pythonInt(s)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 0, bits)
	return n, numError(err, bits, "int")
}

// parseUint is parseInt for unsigned types.
func parseUint(s string, bits int) (uint64, error) {
	s, err := pythonInt(s)
	if err != nil {
		return 0, err
	}
	if strings.HasPrefix(s, "-") {
		return 0, &convError{msg: "must not be negative"}
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 0, bits)
	return n, numError(err, bits, "uint")
}

// pythonInt checks what strconv's base 0 would read differently from
// Python: a leading zero on a decimal is octal in Go, an error in Python.
func pythonInt(s string) (string, error) {
	s = strings.TrimSpace(s)
	digits := strings.TrimLeft(s, "+-")
	if len(digits) > 1 && digits[0] == '0' && (digits[1] >= '0' && digits[1] <= '9' || digits[1] == '_') {
		if strings.Trim(digits, "0_") != "" || strings.HasSuffix(digits, "_") {
			return "", errInteger
		}
		return strings.ReplaceAll(s, "_", ""), nil // 00, 0_0
	}
	return s, nil
}

// parseFloat reads a float; NaN and infinities are refused unless the
// field allows them, as JSON cannot carry them back.
func parseFloat(s string, bits int, nonFinite bool) (float64, error) {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "xX") { // Go's hexadecimal floats, unknown to Python
		return 0, &convError{msg: "must be a number"}
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil && !(nonFinite && errors.Is(err, strconv.ErrRange)) {
		return 0, numError(err, bits, "float")
	}

	if !nonFinite && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, &convError{msg: "must be a finite number"}
	}
	return f, nil
}

// parseComplex reads a complex number written as Go or Python write one:
// "1.5", "-2i", "1+2i", "1+2j", "(1+2j)". NaN and infinities are refused
// unless the field allows them.
func parseComplex(s string, bits int, nonFinite bool) (complex128, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = s[1 : len(s)-1]
	}
	if strings.HasSuffix(s, "j") || strings.HasSuffix(s, "J") {
		s = s[:len(s)-1] + "i"
	}
	if s == "i" || strings.HasSuffix(s, "+i") || strings.HasSuffix(s, "-i") {
		s = s[:len(s)-1] + "1i" // Python's j for 1j
	}
	if strings.ContainsAny(s, "xX") { // Go's hexadecimal floats, unknown to Python
		return 0, &convError{msg: "must be a complex number"}
	}
	c, err := strconv.ParseComplex(s, bits)
	if err != nil && !(nonFinite && errors.Is(err, strconv.ErrRange)) {
		if errors.Is(err, strconv.ErrRange) {
			return 0, &convError{msg: fmt.Sprintf("is out of range for a complex%d", bits)}
		}
		return 0, &convError{msg: "must be a complex number"}
	}
	if !nonFinite && (cmplx.IsNaN(c) || cmplx.IsInf(c)) {
		return 0, &convError{msg: "must be a finite complex number"}
	}
	return c, nil
}

// jsonComplex reads a complex number from a JSON number (its real part) or
// a JSON string ("1+2j"): JSON has no complex numbers.
func jsonComplex(set func(string, reflect.Value) error) func([]byte, reflect.Value) error {
	number := jsonNumber(set, "a complex number")
	return func(raw []byte, dst reflect.Value) error {
		if raw[0] != '"' {
			return number(raw, dst)
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return &convError{msg: "must be a complex number"}
		}
		return set(s, dst)
	}
}

// numError turns a strconv error into a message that does not echo the value.
func numError(err error, bits int, kind string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, strconv.ErrRange) {
		return &convError{msg: fmt.Sprintf("is out of range for %s%d", kind, bits)}
	}
	if kind == "float" {
		return &convError{msg: "must be a number"}
	}
	return errInteger
}
