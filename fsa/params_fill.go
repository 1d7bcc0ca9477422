package fsa

import (
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
)

// problemLine is a line of a 400 response, with the index of the field
// it is about (len(fields) for unexpected parameters): lines go in field
// order. name and in say which parameter, and where (see Problem).
type problemLine struct {
	field    int
	line     string
	name, in string
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
			problems = append(problems, problemLine{i, "unexpected request parameter " + quote(f.name), f.name, d.in(f.name)})
		}
		line, skipped, err := f.fill(f, c, d, dst.Field(f.index))
		if err != nil {
			return err
		}
		if line != "" {
			problems = append(problems, problemLine{i, line, f.requestName(), f.in(d)})
		}
		if skipped {
			skip = append(skip, f.name)
		}
	}

	if p.validate {
		problems = append(problems, p.validationProblems(c.app.validate, d, dst, skip)...)
	}
	if p.rest != nil {
		dst.Field(p.rest.index).Set(reflect.ValueOf(p.remaining(d, authParams)))
	} else if c.app.config.RejectUnexpectedParam {
		problems = append(problems, p.unexpected(d, authParams)...)
	}
	if len(problems) == 0 {
		return nil
	}

	slices.SortStableFunc(problems, func(a, b problemLine) int { return a.field - b.field })
	lines := make([]string, len(problems))
	list := make([]Problem, len(problems))
	for i, pb := range problems {
		lines[i] = pb.line
		list[i] = Problem{Name: pb.name, In: pb.in, Detail: pb.line}
	}
	return &Error{Status: http.StatusBadRequest, Message: strings.Join(lines, "\n"), Problems: list}
}

// requestName is the name the client sends the field by: the header or
// cookie name, else the parameter's.
func (f *field) requestName() string {
	if f.kind == kindHeader || f.kind == kindCookie {
		return f.key
	}
	return f.name
}

// in says where a field's value is, or would be: path, header, cookie,
// form for files, and for parameters where the request has them.
func (f *field) in(d *requestData) string {
	switch f.kind {
	case kindPath:
		return "path"
	case kindHeader:
		return "header"
	case kindCookie:
		return "cookie"
	case kindFile, kindFiles:
		return "form"
	}
	return d.in(f.name)
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
		return "", false, Err(http.StatusNotFound, "not found")
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

// unexpected lists the request parameters that no field takes, after the
// fields' problems.
func (p *plan) unexpected(d *requestData, authParams []string) []problemLine {
	if p.allKnown(d, authParams) { // the common case, without allocating
		return nil
	}

	var lines []problemLine
	names, fromJSON := d.names()
	for i, name := range names {
		if !p.known(name, authParams) {
			what, in := "http", d.in(name)
			if i < fromJSON {
				what, in = "json", "json"
			}
			lines = append(lines, problemLine{len(p.fields), "unexpected " + what + " parameter " + quote(name), name, in})
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
