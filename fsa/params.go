package fsa

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
)

// CurrentUser is an input field type that the framework fills with the
// authenticated login, never from a request parameter. A route with such
// a field needs a user: it cannot be Open.
type CurrentUser string

// Cast registers how a request value becomes a T, for input fields of
// type T (and *T, []T, and members of struct parameters). The function
// gets the parameter's text (a JSON body's string unquoted, any other
// JSON value as written); its error is a 400 that shows the error's text.
// Casts are looked up when the app is checked: register them before.
func Cast[T any](a *App, cast func(s string) (T, error)) {
	a.declare(func() {
		a.convs.casts[reflect.TypeFor[T]()] = func(s string) (reflect.Value, error) {
			v, err := cast(s)
			return reflect.ValueOf(&v).Elem(), err
		}
	})
}

// Special registers a special field type: an input field of type T is
// filled by provide, never from request parameters (a request parameter
// of the same name is a 400). provide runs after authentication and may
// use the context's user. An *Error it returns is the response; any other
// error is an internal error.
func Special[T any](a *App, provide func(c *Context) (T, error)) {
	a.declare(func() {
		a.specials[reflect.TypeFor[T]()] = func(c *Context) (reflect.Value, error) {
			v, err := provide(c)
			return reflect.ValueOf(&v).Elem(), err
		}
	})
}

// kind says how a field gets its value.
type kind int

const (
	kindParam   kind = iota // one request parameter: query, form or JSON member
	kindList                // a slice: repeated parameters or a JSON array
	kindPath                // a path variable
	kindFile                // an uploaded file (multipart.FileHeader)
	kindFiles               // uploaded files ([]*multipart.FileHeader)
	kindHeader              // a request header
	kindCookie              // a request cookie
	kindUser                // the authenticated login (CurrentUser)
	kindRequest             // the *http.Request
	kindEcho                // the echo.Context
	kindSpecial             // a type the application provides
	kindRest                // map[string]any with the remaining parameters
)

// fromRequest tells whether a kind reads request parameters.
func (k kind) fromRequest() bool { return k <= kindFiles }

var (
	typeCurrentUser = reflect.TypeFor[CurrentUser]()
	typeFileHeader  = reflect.TypeFor[multipart.FileHeader]()
	typeFileHeaders = reflect.TypeFor[[]*multipart.FileHeader]()
	typeRequest     = reflect.TypeFor[*http.Request]()
	typeEcho        = reflect.TypeFor[echo.Context]()
	typeRest        = reflect.TypeFor[map[string]any]()
)

// field is the plan for one input field, computed at registration.
type field struct {
	name     string // request name
	goName   string // Go name, as validation reports it
	index    int    // index in the input struct
	kind     kind
	optional bool          // a pointer: may be absent
	def      reflect.Value // converted default, if any
	elem     reflect.Type  // the value's type (the pointed type for a pointer)
	conv     *converter    // elem's converter
	item     *converter    // a list's item converter, for repeated parameters
	key      string        // header, cookie or echo path parameter name
	match    func(string) (string, bool)
	provide  func(*Context) (reflect.Value, error)
	fill     filler // chosen by kind
}

// plan fills an input struct from a request. It is built once per route,
// so that a request runs it without parsing tags or inspecting types.
type plan struct {
	typ        reflect.Type
	fields     []field
	byName     map[string]*field // fields that read request parameters, by name
	special    []string          // request names of the fields that must not be sent
	rest       *field            // the catch-all, if any
	validate   bool              // some field has validate tags, maybe nested
	skipNS     map[string]bool   // validator namespaces of fields not to validate
	skipFilter validator.FilterFunc
	needsUser  bool // some field is a CurrentUser
	readsBody  bool // some field gives the handler the request, which may read a body of any type
}

// pathVar is a path variable: its name, its FlaskSimpleAuth converter
// ("" if none) and echo's name for it.
type pathVar struct{ name, conv, key string }

// Path converters: the text FlaskSimpleAuth's converters match.
var (
	digits  = regexp.MustCompile(`^[0-9]+$`)
	decimal = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
	uuidRE  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// newPlan builds the plan of input type t for a route whose path has the
// variables vars. Every problem found is returned, naming the field.
func (a *App) newPlan(t reflect.Type, vars []pathVar) (*plan, []error) {
	if t.Kind() != reflect.Struct {
		return nil, []error{fmt.Errorf("input type %s must be a struct", t)}
	}

	p := &plan{typ: t, byName: map[string]*field{}, skipNS: map[string]bool{}}
	var errs []error
	names := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts := requestName(sf)
		if !sf.IsExported() && !sf.Anonymous || name == "-" {
			continue
		}
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("field %s (parameter %q): %s", sf.Name, name, fmt.Sprintf(format, args...)))
		}
		if sf.Anonymous {
			fail("embedded fields are not supported")
			continue
		}

		f := field{name: name, goName: sf.Name, index: i, elem: sf.Type}
		tag, hasTag := sf.Tag.Lookup("validate")
		def, hasDef := sf.Tag.Lookup("default")
		if err := a.planField(&f, sf, opts, vars); err != nil {
			fail("%s", err)
			continue
		}
		f.fill = f.kind.filler()

		if !f.kind.fromRequest() && f.kind != kindHeader && f.kind != kindCookie {
			if hasTag || hasDef {
				fail("validate and default tags apply to request parameters, headers and cookies")
				continue
			}
			p.skipNS[sf.Name] = true
		}

		if hasTag {
			if err := checkTag(a.validate, reflect.Zero(sf.Type).Interface(), tag); err != nil {
				fail("%s", err)
				continue
			}
		}
		nested := f.conv != nil && hasValidateTags(f.elem, map[reflect.Type]bool{})
		if nested {
			if err := checkStructTags(a.validate, f.elem, map[reflect.Type]bool{}); err != nil {
				fail("%s", err)
				continue
			}
		}
		if hasTag || nested {
			p.validate = true
		}

		if hasDef {
			if f.kind == kindPath || f.kind == kindFile || f.kind == kindFiles {
				fail("a %s cannot have a default", map[kind]string{kindPath: "path variable", kindFile: "file", kindFiles: "file"}[f.kind])
				continue
			}
			f.def = reflect.New(f.elem).Elem()
			if err := f.conv.fromString(def, f.def); err != nil {
				if path, msg := convMessage(err); path != "" {
					fail("default %s %s", quote(name+path), msg)
				} else {
					fail("default %s", msg)
				}
				continue
			}
			if hasTag && a.validate.Var(f.def.Interface(), tag) != nil {
				fail("default value fails validation %q", tag)
				continue
			}
		}

		switch {
		case names[name] && f.kind == kindRest: // named "*"
			fail("another field takes the remaining parameters")
			continue
		case names[name]:
			fail("another field has the same request name")
			continue
		default:
			names[name] = true
		}

		p.needsUser = p.needsUser || f.kind == kindUser
		p.readsBody = p.readsBody || f.kind == kindRequest || f.kind == kindEcho
		p.fields = append(p.fields, f)
	}

	for i := range p.fields {
		f := &p.fields[i]
		switch {
		case f.kind == kindRest:
			p.rest = f
		case f.kind.fromRequest():
			p.byName[f.name] = f
		default:
			p.special = append(p.special, f.name)
		}
	}

	for _, v := range vars {
		if f := p.byName[v.name]; f == nil || f.kind != kindPath {
			errs = append(errs, fmt.Errorf("path variable %q has no input field", v.name))
		}
	}

	if t.Name() != "" { // validation namespaces start with the type's name
		for name := range p.skipNS {
			delete(p.skipNS, name)
			p.skipNS[t.Name()+"."+name] = true
		}
	}
	p.skipFilter = func(ns []byte) bool { return p.skipNS[string(ns)] }
	return p, errs
}

// planField sets the kind, optionality and converters of a field.
func (a *App) planField(f *field, sf reflect.StructField, opts string, vars []pathVar) error {
	t := sf.Type
	if header, ok := sf.Tag.Lookup("header"); ok {
		f.kind, f.key = kindHeader, header
		if header == "" {
			f.key = http.CanonicalHeaderKey(strings.ReplaceAll(f.name, "_", "-"))
		}
	}
	if cookie, ok := sf.Tag.Lookup("cookie"); ok {
		if f.kind == kindHeader {
			return errors.New("both a header and a cookie")
		}
		f.kind, f.key = kindCookie, cookie
		if cookie == "" {
			f.key = f.name
		}
	}

	if f.kind == kindParam {
		switch t {
		case typeCurrentUser:
			f.kind = kindUser
			return nil
		case typeRequest:
			f.kind = kindRequest
			return nil
		case typeEcho:
			f.kind = kindEcho
			return nil
		case typeFileHeader, reflect.PointerTo(typeFileHeader):
			f.kind, f.optional = kindFile, t.Kind() == reflect.Pointer
			return nil
		case typeFileHeaders, reflect.PointerTo(typeFileHeaders):
			f.kind, f.optional = kindFiles, t.Kind() == reflect.Pointer
			return nil
		}
		if provide := a.specials[t]; provide != nil {
			f.kind, f.provide = kindSpecial, provide
			return nil
		}
		if f.name == "*" {
			if t != typeRest {
				return fmt.Errorf("the remaining parameters go to a map[string]any, not %s", t)
			}
			f.kind = kindRest
			return nil
		}
	}

	if t.Kind() == reflect.Pointer {
		f.optional, f.elem = true, t.Elem()
	}
	if i := slices.IndexFunc(vars, func(v pathVar) bool { return v.name == f.name }); i >= 0 {
		if f.kind != kindParam {
			return errors.New("a path variable cannot be a header or a cookie")
		}
		if f.optional {
			return errors.New("a path variable cannot be optional")
		}
		f.kind, f.key = kindPath, vars[i].key
		custom := a.convs.casts[f.elem] != nil || reflect.PointerTo(f.elem).Implements(typeUnmarshal)
		if err := pathMatch(f, vars[i].conv, custom); err != nil {
			return err
		}
	}

	nonFinite := opts == "nonfinite"
	if opts != "" && !nonFinite {
		return fmt.Errorf("unknown param tag option %q", opts)
	}
	base := f.elem
	if f.kind == kindParam && base.Kind() == reflect.Slice && base != typeRawJSON {
		f.kind, base = kindList, base.Elem()
	}
	if k := base.Kind(); nonFinite && k != reflect.Float32 && k != reflect.Float64 && k != reflect.Complex64 && k != reflect.Complex128 {
		return errors.New("the nonfinite option applies to floats and complex numbers")
	}

	conv, err := a.convs.of(f.elem, nonFinite)
	if err != nil {
		return err
	}
	f.conv = conv
	if f.kind == kindList {
		if f.item, err = a.convs.of(base, nonFinite); err != nil {
			return err
		}
	}
	return nil
}

// pathMatch sets what text an explicit path converter accepts (its match
// returns the text to convert, and whether the text matches), and checks
// that it suits the field's type: a uuid is a string, or a type with its
// own conversion (custom: a cast or UnmarshalText).
func pathMatch(f *field, conv string, custom bool) error {
	k := f.elem.Kind()
	var ok bool
	switch conv {
	case "":
		return nil
	case "int":
		f.match, ok = decimalDigits, k >= reflect.Int && k <= reflect.Uint64
	case "float":
		f.match, ok = matching(decimal), k == reflect.Float32 || k == reflect.Float64
	case "uuid":
		f.match, ok = matching(uuidRE), k == reflect.String || custom
	case "string", "path":
		ok = k == reflect.String
	}
	if !ok {
		return fmt.Errorf("inconsistent type for %s converter: %s", conv, f.elem)
	}
	return nil
}

// matching returns a path converter's match for a regexp.
func matching(re *regexp.Regexp) func(string) (string, bool) {
	return func(s string) (string, bool) { return s, re.MatchString(s) }
}

// decimalDigits is the int converter's match: digits, read in base 10
// as Flask does (007 is 7, where a parameter refuses a leading zero).
func decimalDigits(s string) (string, bool) {
	if !digits.MatchString(s) {
		return "", false
	}
	if s = strings.TrimLeft(s, "0"); s == "" {
		s = "0"
	}
	return s, true
}

// requestName is the param tag's name, else the snake_case of the field
// name; the tag may add options after a comma.
func requestName(sf reflect.StructField) (name, opts string) {
	name, opts, _ = strings.Cut(sf.Tag.Get("param"), ",")
	if name == "" {
		name = snakeCase(sf.Name)
	}
	return name, opts
}

// snakeCase turns a Go name into snake_case: FirstName -> first_name,
// UserID -> user_id, HTTPServer -> http_server.
func snakeCase(name string) string {
	runes := []rune(name)
	var b strings.Builder
	for i, r := range runes {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]))
			nextLower := i > 0 && i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
