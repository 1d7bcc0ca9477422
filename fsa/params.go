package fsa

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/go-playground/validator/v10"
)

// source says where a field's value comes from.
type source int

const (
	fromRequest source = iota // query, form or JSON body
	fromPath                  // a path variable
	fromUser                  // the authenticated login (CurrentUser)
)

// CurrentUser is an input field type that the framework fills with the
// authenticated login, never from a request parameter. A route with such
// a field needs a user: it cannot be Open.
type CurrentUser string

// field is the plan for one input field, computed at registration.
type field struct {
	name     string // request name
	index    int    // index in the input struct
	source   source
	optional bool          // a pointer: may be absent
	def      reflect.Value // converted default, if any
	elem     reflect.Type  // the value's type (the pointed type for a pointer)
	conv     converter
}

// plan fills an input struct from a request. It is built once per route,
// so that a request runs it without parsing tags or inspecting types.
type plan struct {
	fields    []field
	byName    map[string]*field // fields taken from the request, by name
	validate  bool              // some field has a validate tag
	needsUser bool              // some field is a CurrentUser
}

// newPlan builds the plan of input type t for a route whose path has the
// variables pathVars. Every problem found is returned, naming the field.
func newPlan(t reflect.Type, pathVars []string, v *validator.Validate) (*plan, []error) {
	if t.Kind() != reflect.Struct {
		return nil, []error{fmt.Errorf("input type %s must be a struct", t)}
	}
	p := &plan{byName: map[string]*field{}}
	var errs []error
	for i := range t.NumField() {
		sf := t.Field(i)
		name := requestName(sf)
		if !sf.IsExported() || name == "-" {
			continue
		}
		f := field{name: name, index: i, elem: sf.Type}
		if sf.Type == reflect.TypeFor[CurrentUser]() {
			f.source, p.needsUser = fromUser, true
			p.fields = append(p.fields, f)
			continue
		}
		if f.elem.Kind() == reflect.Pointer {
			f.optional, f.elem = true, f.elem.Elem()
		}
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("field %s (parameter %q): %s", sf.Name, name, fmt.Sprintf(format, args...)))
		}
		conv, ok := converterFor(f.elem)
		if !ok {
			fail("unsupported type %s", sf.Type)
			continue
		}
		f.conv = conv
		if tag := sf.Tag.Get("validate"); tag != "" {
			if err := checkTag(v, reflect.Zero(f.elem).Interface(), tag); err != nil {
				fail("%s", err)
				continue
			}
			p.validate = true
		}
		if slices.Contains(pathVars, name) {
			f.source = fromPath
		}
		if def, ok := sf.Tag.Lookup("default"); ok {
			if f.source == fromPath {
				fail("a path variable cannot have a default")
				continue
			}
			f.def = reflect.New(f.elem).Elem()
			if err := conv.fromString(def, f.def); err != nil {
				fail("default %s", err)
				continue
			}
			if tag := sf.Tag.Get("validate"); tag != "" && v.Var(f.def.Interface(), tag) != nil {
				fail("default value fails validation %q", tag)
				continue
			}
		}
		if p.hasRequestField(name) {
			fail("another field has the same request name")
			continue
		}
		p.fields = append(p.fields, f)
	}
	for i := range p.fields {
		if p.fields[i].source != fromUser {
			p.byName[p.fields[i].name] = &p.fields[i]
		}
	}
	for _, name := range pathVars {
		if p.byName[name] == nil {
			errs = append(errs, fmt.Errorf("path variable %q has no input field", name))
		}
	}
	return p, errs
}

// hasRequestField tells whether a request field of that name is planned.
func (p *plan) hasRequestField(name string) bool {
	return slices.ContainsFunc(p.fields, func(g field) bool { return g.name == name && g.source != fromUser })
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

// requestName is the param tag, else the snake_case of the field name.
func requestName(sf reflect.StructField) string {
	if name, ok := sf.Tag.Lookup("param"); ok && name != "" {
		return name
	}
	return snakeCase(sf.Name)
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

// fill sets the fields of dst, a settable struct value, from the request.
// Every problem is a line of the 400 answer; a path variable that does
// not convert is a 404, as the route does not match.
func (p *plan) fill(c *Context, dst reflect.Value, authParams []string) error {
	d, err := c.requestData()
	if err != nil {
		return err
	}
	var problems []string
	var skip []string // fields not to validate: reported, or nil
	for i := range p.fields {
		f := &p.fields[i]
		var err error
		if f.source == fromUser {
			dst.Field(f.index).SetString(c.user)
			continue
		}
		if f.source == fromPath {
			if d.has(f.name) {
				err = errors.New("both from path and request")
			} else if value, ok := c.pathValue(f.name); !ok || f.conv.fromString(value, f.target(dst)) != nil {
				return Err("not found", http.StatusNotFound)
			}
		} else {
			raw, s, ok := d.value(f.name)
			switch {
			case !ok && f.def.IsValid():
				f.target(dst).Set(f.def)
			case !ok && f.optional:
				skip = append(skip, f.name) // nil: nothing to validate
			case !ok:
				err = errors.New("is missing")
			case raw == nil:
				err = f.conv.fromString(s, f.target(dst))
			case f.optional && string(raw) == "null":
				skip = append(skip, f.name)
			default:
				err = f.conv.fromJSON(raw, f.target(dst))
			}
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("parameter %s %s", quote(f.name), err))
			skip = append(skip, f.name)
		}
	}
	if p.validate {
		problems = append(problems, c.app.validationProblems(dst, skip)...)
	}
	if c.app.config.RejectUnexpectedParam {
		problems = append(problems, p.unexpected(d, authParams)...)
	}
	if len(problems) > 0 {
		return Err(strings.Join(problems, "\n"), 400)
	}
	return nil
}

// pathValue returns a path variable, decoded. Echo routes on the raw
// path when it holds an encoded slash (see ServeHTTP), and then gives
// variables still encoded.
func (c *Context) pathValue(name string) (string, bool) {
	value := c.ec.Param(name)
	if c.ec.Request().URL.RawPath == "" {
		return value, true
	}
	value, err := url.PathUnescape(value)
	return value, err == nil
}

// target returns the value to convert into: the field, or for a pointer
// a newly allocated value it points to.
func (f *field) target(dst reflect.Value) reflect.Value {
	out := dst.Field(f.index)
	if f.optional {
		out.Set(reflect.New(f.elem))
		out = out.Elem()
	}
	return out
}

// unexpected lists the request parameters that no field takes: JSON
// members in body order, then query, form and file names, sorted.
func (p *plan) unexpected(d *requestData, authParams []string) []string {
	var lines []string
	known := func(name string) bool {
		return p.byName[name] != nil || slices.Contains(authParams, name)
	}
	if d.isJSON {
		for _, name := range d.keys {
			if !known(name) {
				lines = append(lines, "unexpected json parameter "+quote(name))
			}
		}
	}
	var names []string
	for name := range d.query {
		names = append(names, name)
	}
	for name := range d.form {
		names = append(names, name)
	}
	for name := range d.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		if !known(name) {
			lines = append(lines, "unexpected http parameter "+quote(name))
		}
	}
	return lines
}

// validationProblems runs the validate tags of dst and words their
// failures with request names, leaving out the fields in skip.
func (a *App) validationProblems(dst reflect.Value, skip []string) []string {
	err := a.validate.Struct(dst.Addr().Interface())
	var fieldErrs validator.ValidationErrors
	if err == nil || !errors.As(err, &fieldErrs) {
		if err != nil {
			return []string{"invalid parameters"}
		}
		return nil
	}
	var lines []string
	for _, fe := range fieldErrs {
		if slices.Contains(skip, fe.Field()) {
			continue
		}
		check := fe.Tag()
		if fe.Param() != "" {
			check += "=" + fe.Param()
		}
		lines = append(lines, fmt.Sprintf("parameter %s fails validation %q", quote(fe.Field()), check))
	}
	return lines
}

// newValidator returns a validator naming fields by their request names.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(requestName)
	return v
}
