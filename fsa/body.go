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
	"time"
	"unicode/utf8"
)

// Limits bounds what the framework reads of a request, before
// authentication: the schemes that read parameters need the body. A zero
// field takes its default.
type Limits struct {
	// BodyBytes bounds a request's body: a longer one is a 413. Default
	// 1 MiB; raise it for uploads.
	BodyBytes int64
	// Params bounds a request's parameters (query and form pairs, JSON
	// members, multipart parts): more is a 413. Default 1000; a multipart
	// body is also bound by mime/multipart's 1000 parts (GODEBUG
	// multipartmaxparts raises it).
	Params int
	// JSONDepth bounds the nesting of a JSON body's arrays and objects,
	// the body itself counting as one: deeper is a 400. Default 64.
	JSONDepth int
	// URLBytes bounds the request target, path and query: longer is a
	// 414. Default 8 KiB.
	URLBytes int
	// HeaderBytes bounds the request line and headers read by the
	// Server: larger is a 431, sent by net/http. Default 64 KiB.
	HeaderBytes int
	// HeaderTimeout, RequestTimeout and IdleTimeout bound the life of a
	// connection of the Server (Start, StartTLS): a new connection must
	// send its first request header within HeaderTimeout (TLS handshake
	// included), a request must be responded to within RequestTimeout of its
	// header (reading its body, the handler, writing the response), and a
	// kept-alive connection must send its next request header within
	// IdleTimeout. A connection over its limit is closed. Defaults 10 s,
	// 60 s and 120 s.
	HeaderTimeout, RequestTimeout, IdleTimeout time.Duration
}

// withDefaults returns l with its zero fields set to their defaults.
func (l Limits) withDefaults() Limits {
	if l.BodyBytes <= 0 {
		l.BodyBytes = 1 << 20
	}
	if l.Params <= 0 {
		l.Params = 1000
	}
	if l.JSONDepth <= 0 {
		l.JSONDepth = 64
	}
	if l.URLBytes <= 0 {
		l.URLBytes = 8 << 10
	}
	if l.HeaderBytes <= 0 {
		l.HeaderBytes = 64 << 10
	}
	if l.HeaderTimeout <= 0 {
		l.HeaderTimeout = 10 * time.Second
	}
	if l.RequestTimeout <= 0 {
		l.RequestTimeout = 60 * time.Second
	}
	if l.IdleTimeout <= 0 {
		l.IdleTimeout = 120 * time.Second
	}
	return l
}

// requestData holds a request's parameters, read once and shared by the
// schemes and the parameter plan.
type requestData struct {
	query  url.Values
	form   url.Values // urlencoded or multipart values
	files  map[string][]*multipart.FileHeader
	keys   []string          // the members of a JSON object body, in order
	vals   []json.RawMessage // their values, slices of the body
	index  map[string]int    // keys' positions, for a body of many members
	keyBuf [8]string         // keys' and values' first arrays
	valBuf [8]json.RawMessage
	isJSON bool
}

// requestData reads the request's parameters on first use. A body that
// cannot be read or parsed, text that is not UTF-8, or a body of a type
// the route cannot read is a 400; a body or parameters over the app's
// Limits a 413. The body stays readable for a handler that takes the
// request.
func (c *Context) requestData() (*requestData, error) {
	if c.data != nil {
		return c.data, nil
	}

	r := c.ec.Request()
	if r.URL.RawQuery == "" && (r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0) {
		c.data = &c.app.noData // no parameters: nothing to read, nothing to allocate
		return c.data, nil
	}

	limits := c.app.limits
	tooMany := func() error { return Err(http.StatusRequestEntityTooLarge, "too many parameters") }
	d := &requestData{}

	if r.URL.RawQuery != "" {
		if strings.Count(r.URL.RawQuery, "&") >= limits.Params {
			return nil, tooMany()
		}
		query, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil { // url.Values would drop the pair silently
			return nil, &Error{Status: http.StatusBadRequest, Message: "invalid query string", Err: err}
		}
		if !validUTF8(query) {
			return nil, Err(http.StatusBadRequest, "invalid UTF-8 in query string")
		}
		d.query = query
	}

	ctype, params := r.Header.Get("Content-Type"), map[string]string(nil)
	if ctype != "application/json" && ctype != "application/x-www-form-urlencoded" { // the common cases, parsed
		ctype, params, _ = mime.ParseMediaType(ctype)
	}

	body, err := readBody(c.ec.Response(), r, limits.BodyBytes)
	if err != nil {
		return nil, err
	}
	if body != nil && c.route.plan != nil && c.route.plan.readsBody {
		r.Body = io.NopCloser(bytes.NewReader(body)) // for the handler, which takes the request
	}

	switch {
	case ctype == "application/json" || strings.HasPrefix(ctype, "application/") && strings.HasSuffix(ctype, "+json"):
		d.isJSON = true
		if !utf8.Valid(body) {
			return nil, Err(http.StatusBadRequest, "invalid UTF-8 in JSON body")
		}
		if err := d.parseJSON(body, limits.JSONDepth); err != nil {
			return nil, err
		}
		if len(d.keys) > limits.Params {
			return nil, tooMany()
		}
	case ctype == "application/x-www-form-urlencoded":
		if bytes.Count(body, []byte("&")) >= limits.Params {
			return nil, tooMany()
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, &Error{Status: http.StatusBadRequest, Message: "invalid form body", Err: err}
		}
		if !validUTF8(form) {
			return nil, Err(http.StatusBadRequest, "invalid UTF-8 in form")
		}
		d.form = form
	case ctype == "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(limits.BodyBytes)
		if errors.Is(err, multipart.ErrMessageTooLarge) { // Go's own bound: 1000 parts
			return nil, tooMany()
		}
		if err != nil {
			return nil, &Error{Status: http.StatusBadRequest, Message: "invalid multipart body", Err: err}
		}
		if len(form.Value)+len(form.File) > limits.Params {
			return nil, tooMany()
		}
		if !validUTF8(form.Value) {
			return nil, Err(http.StatusBadRequest, "invalid UTF-8 in form")
		}
		d.form, d.files = form.Value, form.File
	case len(body) > 0 && (c.route.plan == nil || !c.route.plan.readsBody):
		return nil, Err(http.StatusBadRequest, "unsupported content type: send application/json, application/x-www-form-urlencoded or multipart/form-data")
	}

	c.data = d
	return d, nil
}

// readBody reads a request's body, up to limit bytes: a body of known
// length in one buffer of that size, another through a reader that stops
// at the limit. A body over the limit is a 413.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	tooLarge := func() error { return Err(http.StatusRequestEntityTooLarge, "request body too large") }
	switch {
	case r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0:
		return nil, nil
	case r.ContentLength > limit:
		return nil, tooLarge()
	case r.ContentLength > 0: // the server delivers no more than announced
		body := make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			return nil, &Error{Status: http.StatusBadRequest, Message: "cannot read request body", Err: err}
		}
		return body, nil
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var maxBytes *http.MaxBytesError
		if errors.As(err, &maxBytes) {
			return nil, tooLarge()
		}
		return nil, &Error{Status: http.StatusBadRequest, Message: "cannot read request body", Err: err}
	}
	return body, nil
}

// validUTF8 tells whether every name and value is valid UTF-8.
func validUTF8(values map[string][]string) bool {
	for name, vs := range values {
		if !utf8.ValidString(name) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return false
			}
		}
	}
	return true
}

// parseJSON reads a JSON object body: an empty body is an empty object,
// anything else but one object, a member given twice, or nesting deeper
// than maxDepth, is a 400. Once
// encoding/json has checked the body, a scan splits the members: values
// are slices of the body, decoded by the fields that take them.
func (d *requestData) parseJSON(body []byte, maxDepth int) error {
	d.keys, d.vals = d.keyBuf[:0], d.valBuf[:0]
	body = bytes.Trim(body, jsonSpace)
	if len(body) == 0 {
		return nil
	}

	bad := func(msg string) error { return &Error{Status: http.StatusBadRequest, Message: msg} }
	if !json.Valid(body) {
		return bad("invalid JSON body")
	}
	if body[0] != '{' {
		return bad("JSON body must be an object")
	}

	text := string(body) // plain keys are slices of it: one allocation for all
	for i := skipSpace(body, 1); body[i] != '}'; {
		end, _ := skipValue(body, i) // the key, a string
		key := text[i+1 : end-1]
		if strings.IndexByte(key, '\\') >= 0 || !utf8.ValidString(key) {
			key, _ = jsonUnquote(body[i:end])
		}

		i = skipSpace(body, skipSpace(body, end)+1) // after the colon
		end, depth := skipValue(body, i)
		if 1+depth > maxDepth {
			return bad("JSON body nested deeper than " + strconv.Itoa(maxDepth))
		}
		if _, dup := d.member(key); dup {
			return bad("JSON member " + quote(key) + " given twice")
		}

		d.keys, d.vals = append(d.keys, key), append(d.vals, body[i:end])
		if d.index != nil || len(d.keys) > maxScan {
			if d.index == nil {
				d.index = make(map[string]int, 2*maxScan)
				for n, k := range d.keys[:len(d.keys)-1] {
					d.index[k] = n
				}
			}
			d.index[key] = len(d.keys) - 1
		}
		if i = skipSpace(body, end); body[i] == ',' {
			i = skipSpace(body, i+1)
		}
	}
	return nil
}

// maxScan is the number of JSON members found by a scan of the keys; a
// body with more gets an index.
const maxScan = 16

// member returns the value of a JSON member, and whether it is there.
func (d *requestData) member(name string) (json.RawMessage, bool) {
	if d.index != nil {
		n, ok := d.index[name]
		if !ok {
			return nil, false
		}
		return d.vals[n], true
	}
	for n, k := range d.keys {
		if k == name {
			return d.vals[n], true
		}
	}
	return nil, false
}

// jsonSpace is JSON's white space.
const jsonSpace = " \t\r\n"

// skipSpace returns the index of the first byte from i that is not JSON
// white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && strings.IndexByte(jsonSpace, b[i]) >= 0 {
		i++
	}
	return i
}

// skipValue returns the index just after the JSON value that starts at i,
// in a document that encoding/json found valid, and the value's nesting:
// 0 for a scalar, 1 for an array or object of scalars.
func skipValue(b []byte, i int) (end, nesting int) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			for j++; b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				}
			}
			if depth == 0 {
				return j + 1, nesting
			}
		case '{', '[':
			if depth++; depth > nesting {
				nesting = depth
			}
		case '}', ']':
			if depth--; depth == 0 {
				return j + 1, nesting
			}
		case ',', ' ', '\t', '\r', '\n':
			if depth == 0 {
				return j, nesting
			}
		}
		if depth < 0 { // the end of a number or literal that ends its object
			return j, nesting
		}
	}
	return len(b), nesting
}

// value returns the first value of a request parameter and whether it was
// sent, in FlaskSimpleAuth's order: JSON member then query for a JSON
// body, else query then form.
func (d *requestData) value(name string) (raw json.RawMessage, s string, ok bool) {
	if d.isJSON {
		if raw, ok := d.member(name); ok {
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

// in says where the request has the parameter name, or would have it:
// json, form or query, as value looks; a parameter it lacks would be in
// the JSON body or the form the request sent, else in the query.
func (d *requestData) in(name string) string {
	if d.isJSON {
		if _, ok := d.member(name); ok {
			return "json"
		}
	}
	switch {
	case d.query[name] != nil:
		return "query"
	case d.form[name] != nil || d.files[name] != nil:
		return "form"
	case d.isJSON:
		return "json"
	case len(d.form) > 0 || len(d.files) > 0:
		return "form"
	}
	return "query"
}

// values returns a list parameter: a JSON member, else every value of
// the query then the form; both nil when it is not sent.
func (d *requestData) values(name string) (json.RawMessage, []string) {
	if d.isJSON {
		if raw, ok := d.member(name); ok {
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
