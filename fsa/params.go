package fsa

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
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
	if nonFinite && base.Kind() != reflect.Float32 && base.Kind() != reflect.Float64 {
		return errors.New("the nonfinite option applies to floats")
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

// problemLine is a line of a 400 response, with the index of the field it is
// about (len(fields) for unexpected parameters): lines go in field order.
type problemLine struct {
	field int
	line  string
}

// fill sets the fields of dst, a settable struct value, from the request.
// Every problem is a line of the 400 response; a path variable that does
// not convert is a 404, as the route does not match.
func (p *plan) fill(c *Context, dst reflect.Value, authParams []string) error {
	d, err := c.requestData()
	if err != nil {
		return err
	}

	var problems []problemLine
	var skip []string // fields not to validate: reported, or nil
	for i := range p.fields {
		f := &p.fields[i]
		if !f.kind.fromRequest() && f.kind != kindRest && d.has(f.name) {
			problems = append(problems, problemLine{i, "unexpected request parameter " + quote(f.name)})
		}
		line, skipped, err := f.fill(f, c, d, dst.Field(f.index))
		if err != nil {
			return err
		}
		if line != "" {
			problems = append(problems, problemLine{i, line})
		}
		if skipped {
			skip = append(skip, f.name)
		}
	}

	if p.validate {
		problems = append(problems, p.validationProblems(c.app.validate, dst, skip)...)
	}
	if p.rest != nil {
		dst.Field(p.rest.index).Set(reflect.ValueOf(p.remaining(d, authParams)))
	} else if c.app.config.RejectUnexpectedParam {
		for _, line := range p.unexpected(d, authParams) {
			problems = append(problems, problemLine{len(p.fields), line})
		}
	}
	if len(problems) == 0 {
		return nil
	}

	slices.SortStableFunc(problems, func(a, b problemLine) int { return a.field - b.field })
	lines := make([]string, len(problems))
	for i, pb := range problems {
		lines[i] = pb.line
	}
	return Err(strings.Join(lines, "\n"), 400)
}

// filler sets a field of one kind from the request, into out. It returns
// the field's line of the 400 response ("" if none), whether validation
// leaves the field out (it is reported, or nil), and an error that ends
// the request instead of a 400.
type filler func(f *field, c *Context, d *requestData, out reflect.Value) (line string, skip bool, err error)

// filler returns how a field of kind k is filled.
func (k kind) filler() filler {
	switch k {
	case kindParam:
		return (*field).fillParam
	case kindList:
		return (*field).fillList
	case kindPath:
		return (*field).fillPath
	case kindFile:
		return (*field).fillFile
	case kindFiles:
		return (*field).fillFiles
	case kindHeader:
		return (*field).fillHeader
	case kindCookie:
		return (*field).fillCookie
	case kindUser:
		return (*field).fillUser
	case kindRequest:
		return (*field).fillRequest
	case kindEcho:
		return (*field).fillEcho
	case kindSpecial:
		return (*field).fillSpecial
	}
	return (*field).fillRest
}

var (
	errMissing = &convError{msg: "is missing"}
	errNotFile = &convError{msg: "must not be an uploaded file"}
)

// problem is the line of a request parameter that fails to convert.
func (f *field) problem(err error) string {
	path, msg := convMessage(err)
	return "parameter " + quote(f.name+path) + " " + msg
}

// fillParam sets a parameter: when it is not sent, its default or, if it
// is optional, nil.
func (f *field) fillParam(_ *Context, d *requestData, out reflect.Value) (string, bool, error) {
	raw, s, ok := d.value(f.name)
	switch {
	case !ok && d.files[f.name] != nil:
		return f.problem(errNotFile), true, nil
	case !ok && f.def.IsValid():
		f.target(out).Set(f.def)
	case !ok && f.optional:
		return "", true, nil // nil: nothing to validate
	case !ok:
		return f.problem(errMissing), true, nil
	case f.optional && string(raw) == "null":
		return "", true, nil
	default:
		if err := f.convert(raw, s, out); err != nil {
			return f.problem(err), true, nil
		}
	}
	return "", false, nil
}

// fillList sets a list from a JSON array or repeated parameters.
func (f *field) fillList(_ *Context, d *requestData, out reflect.Value) (string, bool, error) {
	raw, values := d.values(f.name)
	sent := raw != nil || values != nil
	switch {
	case !sent && d.files[f.name] != nil:
		return f.problem(errNotFile), true, nil
	case !sent && f.def.IsValid():
		f.target(out).Set(f.def)
	case !sent && f.optional, f.optional && string(raw) == "null":
		return "", true, nil
	case !sent:
		return f.problem(errMissing), true, nil
	default:
		if err := f.convertList(raw, values, out); err != nil {
			return f.problem(err), true, nil
		}
	}
	return "", false, nil
}

// fillPath sets a path variable; one that does not match or convert is a
// 404.
func (f *field) fillPath(c *Context, d *requestData, out reflect.Value) (string, bool, error) {
	value, ok := c.pathValue(f.key)
	if ok && f.match != nil {
		value, ok = f.match(value)
	}
	if !ok || f.conv.fromString(value, out) != nil {
		return "", false, Err("not found", http.StatusNotFound)
	}
	if d.has(f.name) {
		return f.problem(&convError{msg: "both from path and request"}), true, nil
	}
	return "", false, nil
}

// fillFile sets an uploaded file: the first of the name.
func (f *field) fillFile(_ *Context, d *requestData, out reflect.Value) (string, bool, error) {
	files, line := f.uploads(d)
	if line != "" {
		return line, true, nil
	}
	if len(files) > 0 {
		v := reflect.ValueOf(files[0])
		if !f.optional {
			v = v.Elem()
		}
		out.Set(v)
	}
	return "", false, nil
}

// fillFiles sets the uploaded files of the name.
func (f *field) fillFiles(_ *Context, d *requestData, out reflect.Value) (string, bool, error) {
	files, line := f.uploads(d)
	if line != "" {
		return line, true, nil
	}
	if len(files) > 0 {
		v := reflect.ValueOf(&files)
		if !f.optional {
			v = v.Elem()
		}
		out.Set(v)
	}
	return "", false, nil
}

// uploads returns the files uploaded for a file field, or the problem
// when the field is sent as a parameter, or missing and not optional.
func (f *field) uploads(d *requestData) (files []*multipart.FileHeader, line string) {
	if _, _, sent := d.value(f.name); sent {
		return nil, f.problem(&convError{msg: "must be an uploaded file"})
	}
	files = d.files[f.name]
	if len(files) == 0 && !f.optional {
		return nil, f.problem(errMissing)
	}
	return files, ""
}

// fillHeader sets a header: its first value.
func (f *field) fillHeader(c *Context, _ *requestData, out reflect.Value) (string, bool, error) {
	values := c.ec.Request().Header.Values(f.key)
	if len(values) == 0 {
		return f.fillText("header", "", false, out)
	}
	return f.fillText("header", values[0], true, out)
}

// fillCookie sets a cookie.
func (f *field) fillCookie(c *Context, _ *requestData, out reflect.Value) (string, bool, error) {
	cookie, err := c.ec.Request().Cookie(f.key)
	if err != nil {
		return f.fillText("cookie", "", false, out)
	}
	return f.fillText("cookie", cookie.Value, true, out)
}

// fillText sets a header or a cookie (what) from its value, if sent: when
// it is not, its default or, if it is optional, nil.
func (f *field) fillText(what, value string, sent bool, out reflect.Value) (string, bool, error) {
	switch {
	case !sent && f.def.IsValid():
		f.target(out).Set(f.def)
	case !sent && f.optional:
		return "", true, nil
	case !sent:
		return what + " " + quote(f.key) + " is missing", true, nil
	default:
		if err := f.conv.fromString(value, f.target(out)); err != nil {
			_, msg := convMessage(err)
			return what + " " + quote(f.key) + " " + msg, true, nil
		}
	}
	return "", false, nil
}

// fillUser sets the authenticated login.
func (f *field) fillUser(c *Context, _ *requestData, out reflect.Value) (string, bool, error) {
	out.SetString(c.user)
	return "", false, nil
}

// fillRequest sets the *http.Request.
func (f *field) fillRequest(c *Context, _ *requestData, out reflect.Value) (string, bool, error) {
	out.Set(reflect.ValueOf(c.ec.Request()))
	return "", false, nil
}

// fillEcho sets the echo.Context.
func (f *field) fillEcho(c *Context, _ *requestData, out reflect.Value) (string, bool, error) {
	out.Set(reflect.ValueOf(&c.ec).Elem())
	return "", false, nil
}

// fillSpecial sets what the application provides. A 400 it returns is one
// of the request's problems; any other error ends the request.
func (f *field) fillSpecial(c *Context, _ *requestData, out reflect.Value) (string, bool, error) {
	v, err := f.provide(c)
	switch e := asError(err); {
	case err == nil:
		out.Set(v)
	case e != nil && e.Status == http.StatusBadRequest:
		return "parameter " + quote(f.name) + ": " + e.Message, false, nil
	case e != nil:
		return "", false, e
	default:
		return "", false, fmt.Errorf("special parameter %s: %w", f.name, err)
	}
	return "", false, nil
}

// fillRest does nothing: the remaining parameters are known once the
// other fields are filled (see plan.fill).
func (f *field) fillRest(*Context, *requestData, reflect.Value) (string, bool, error) {
	return "", false, nil
}

// convert sets a parameter from a JSON value (raw) or a string.
func (f *field) convert(raw json.RawMessage, s string, out reflect.Value) error {
	out = f.target(out)
	switch {
	case raw == nil:
		return f.conv.fromString(s, out)
	case f.conv.lax && raw[0] == '"':
		text, ok := jsonUnquote(raw)
		if !ok {
			return &convError{msg: "must be a string"}
		}
		return f.conv.fromString(text, out)
	}
	return f.conv.fromJSON(raw, out)
}

// convertList sets a list from a JSON array or repeated parameters.
func (f *field) convertList(raw json.RawMessage, values []string, out reflect.Value) error {
	out = f.target(out)
	if raw != nil {
		return f.conv.fromJSON(raw, out)
	}
	list := reflect.MakeSlice(f.elem, len(values), len(values))
	for i, s := range values {
		if err := f.item.fromString(s, list.Index(i)); err != nil {
			return at(err, fmt.Sprintf("[%d]", i))
		}
	}
	out.Set(list)
	return nil
}

// pathValue returns a path variable, decoded, and whether it matches as
// Flask's converters do: a variable is not empty, and holds no slash
// unless it is a <path:...> one (echo's wildcard "*"), which does not
// start with one. Echo gives the variable that ends a route the rest of
// the path, slashes included. Echo routes on the raw path when it holds
// an encoded slash (see ServeHTTP), and then gives variables still
// encoded.
func (c *Context) pathValue(name string) (string, bool) {
	value := c.ec.Param(name)
	if value == "" || value[0] == '/' || name != "*" && strings.Contains(value, "/") {
		return "", false
	}
	if c.ec.Request().URL.RawPath == "" {
		return value, true
	}
	value, err := url.PathUnescape(value)
	return value, err == nil
}

// target returns the value to convert into: the field, or for a pointer
// a newly allocated value it points to.
func (f *field) target(out reflect.Value) reflect.Value {
	if f.optional {
		out.Set(reflect.New(f.elem))
		out = out.Elem()
	}
	return out
}

// names lists the request's parameter names: JSON members in body
// order, then query, form and file names, sorted; json tells how many
// come from the JSON body.
func (d *requestData) names() (names []string, json int) {
	var others []string
	for name := range d.query {
		others = append(others, name)
	}
	for name := range d.form {
		others = append(others, name)
	}
	for name := range d.files {
		others = append(others, name)
	}
	slices.Sort(others)

	if d.isJSON {
		names = append(names, d.keys...)
	}
	return append(names, slices.Compact(others)...), len(names)
}

// known tells whether a parameter is taken by a field or a scheme.
func (p *plan) known(name string, authParams []string) bool {
	return p.byName[name] != nil || slices.Contains(p.special, name) || slices.Contains(authParams, name)
}

// unexpected lists the request parameters that no field takes.
func (p *plan) unexpected(d *requestData, authParams []string) []string {
	if p.allKnown(d, authParams) { // the common case, without allocating
		return nil
	}

	var lines []string
	names, fromJSON := d.names()
	for i, name := range names {
		if !p.known(name, authParams) {
			what := "http"
			if i < fromJSON {
				what = "json"
			}
			lines = append(lines, "unexpected "+what+" parameter "+quote(name))
		}
	}
	return lines
}

// allKnown tells whether every parameter of the request is known.
func (p *plan) allKnown(d *requestData, authParams []string) bool {
	if d.isJSON {
		for _, name := range d.keys {
			if !p.known(name, authParams) {
				return false
			}
		}
	}
	for _, names := range []url.Values{d.query, d.form} {
		for name := range names {
			if !p.known(name, authParams) {
				return false
			}
		}
	}
	for name := range d.files {
		if !p.known(name, authParams) {
			return false
		}
	}
	return true
}

// remaining returns the parameters no field or scheme takes, with their
// first value: a JSON value decoded, a string, or an uploaded file.
func (p *plan) remaining(d *requestData, authParams []string) map[string]any {
	out := map[string]any{}
	names, _ := d.names()
	for _, name := range names {
		if _, done := out[name]; done || p.known(name, authParams) {
			continue
		}
		raw, s, ok := d.value(name)
		switch {
		case raw != nil:
			var v any
			json.Unmarshal(raw, &v) // valid: the body was parsed
			out[name] = v
		case ok:
			out[name] = s
		default:
			out[name] = d.files[name][0]
		}
	}
	return out
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
