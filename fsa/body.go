package fsa

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// maxBodyBytes bounds the request body the framework reads.
const maxBodyBytes = 10 << 20

// requestData holds a request's parameters, read once and shared by the
// schemes and the parameter plan.
type requestData struct {
	query  url.Values
	form   url.Values // urlencoded or multipart values
	files  map[string][]*multipart.FileHeader
	json   map[string]json.RawMessage // the members of a JSON object body
	keys   []string                   // JSON members, in body order
	isJSON bool
}

// requestData reads the request's parameters on first use. A body that
// cannot be read or parsed is a 400, one over the limit a 413.
func (c *Context) requestData() (*requestData, error) {
	if c.data != nil {
		return c.data, nil
	}
	r := c.ec.Request()
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil { // url.Values would drop the pair silently
		return nil, &Error{Status: http.StatusBadRequest, Message: "invalid query string", Err: err}
	}
	d := &requestData{query: query}
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		body, err = io.ReadAll(http.MaxBytesReader(c.ec.Response(), r.Body, maxBodyBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return nil, Err("request body too large", http.StatusRequestEntityTooLarge)
			}
			return nil, &Error{Status: http.StatusBadRequest, Message: "cannot read request body", Err: err}
		}
	}
	switch {
	case ctype == "application/json" || strings.HasPrefix(ctype, "application/") && strings.HasSuffix(ctype, "+json"):
		d.isJSON = true
		if err := d.parseJSON(body); err != nil {
			return nil, err
		}
	case ctype == "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, &Error{Status: http.StatusBadRequest, Message: "invalid form body", Err: err}
		}
		d.form = form
	case ctype == "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(maxBodyBytes)
		if err != nil {
			return nil, &Error{Status: http.StatusBadRequest, Message: "invalid multipart body", Err: err}
		}
		d.form, d.files = form.Value, form.File
	}
	c.data = d
	return d, nil
}

// parseJSON reads a JSON object body: an empty body is an empty object,
// anything else but one object, or a member given twice, is a 400.
func (d *requestData) parseJSON(body []byte) error {
	d.json = map[string]json.RawMessage{}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	bad := func(msg string, err error) error {
		return &Error{Status: http.StatusBadRequest, Message: msg, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil {
		return bad("invalid JSON body", err)
	} else if tok != json.Delim('{') {
		return bad("JSON body must be an object", nil)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return bad("invalid JSON body", err)
		}
		key := tok.(string) // object keys are strings
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return bad("invalid JSON body", err)
		}
		if _, dup := d.json[key]; dup {
			return bad("JSON member "+quote(key)+" given twice", nil)
		}
		d.json[key] = value
		d.keys = append(d.keys, key)
	}
	if _, err := dec.Token(); err != nil {
		return bad("invalid JSON body", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("invalid JSON body: data after the object", nil)
	}
	return nil
}

// value returns the first value of a request parameter and whether it was
// sent, in FlaskSimpleAuth's order: JSON member then query for a JSON
// body, else query then form.
func (d *requestData) value(name string) (raw json.RawMessage, s string, ok bool) {
	if d.isJSON {
		if raw, ok := d.json[name]; ok {
			return raw, "", true
		}
	}
	if vs, ok := d.query[name]; ok && len(vs) > 0 {
		return nil, vs[0], true
	}
	if vs, ok := d.form[name]; ok && len(vs) > 0 {
		return nil, vs[0], true
	}
	return nil, "", false
}

// values returns a list parameter: a JSON member, else every value of
// the query then the form; both nil when it is not sent.
func (d *requestData) values(name string) (json.RawMessage, []string) {
	if d.isJSON {
		if raw, ok := d.json[name]; ok {
			return raw, nil
		}
	}
	query, form := d.query[name], d.form[name]
	switch {
	case len(form) == 0:
		return nil, query
	case len(query) == 0:
		return nil, form
	}
	return nil, append(slices.Clip(query), form...)
}

// has tells whether the request sends a parameter of that name.
func (d *requestData) has(name string) bool {
	_, _, ok := d.value(name)
	if !ok {
		_, ok = d.files[name]
	}
	return ok
}

// quote quotes a parameter name for a message; names are short and come
// from the request, so they are escaped and cut.
func quote(name string) string {
	if len(name) > 64 {
		name = name[:64] + "..."
	}
	return strconv.Quote(name)
}
