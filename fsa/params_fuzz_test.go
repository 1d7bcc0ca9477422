package fsa

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fzNested is a struct parameter of fzParams, which may hold itself.
type fzNested struct {
	Name string      `json:"name" validate:"required,max=10"`
	Age  *int        `json:"age,omitempty" validate:"omitempty,gte=0,lte=150"`
	Tags []string    `json:"tags,omitempty" validate:"dive,min=1"`
	Kids []*fzNested `json:"kids,omitempty" validate:"dive"`
}

// fzParams is the input of the route of FuzzParams and FuzzRequestBody:
// a field of most kinds of parameter, each optional or with a default so
// that a request may set any few of them.
type fzParams struct {
	I  int             `default:"0"`
	I8 int8            `default:"0" validate:"gte=-100,lte=100"`
	U  uint            `default:"0"`
	F  float64         `default:"0"`
	B  bool            `default:"false"`
	S  string          `default:"ab" validate:"min=2,max=20"`
	P  *int            `validate:"omitempty,gte=0"`
	Li []int           `default:"[]" validate:"max=5,dive,gte=0"`
	N  *fzNested       // a JSON object, or its text
	M  map[string]int  `default:"{}" validate:"max=4,dive,gte=-5"`
	A  any             `default:"null"`
	T  *time.Time      // a date or a time
	R  json.RawMessage `default:"null"`
}

// fzAnswer is what the route returns: the values of fzParams.
type fzAnswer struct {
	I  int64            `json:"i"`
	I8 int64            `json:"i8"`
	U  uint64           `json:"u"`
	F  float64          `json:"f"`
	B  bool             `json:"b"`
	S  string           `json:"s"`
	P  *int64           `json:"p"`
	Li []int64          `json:"li"`
	N  *fzNested        `json:"n"`
	M  map[string]int64 `json:"m"`
	A  json.RawMessage  `json:"a"`
	T  *string          `json:"t"`
	R  json.RawMessage  `json:"r"`
}

// fzLimits are the limits of the params app: small, so that fuzzing
// reaches them.
var fzLimits = Limits{BodyBytes: 512, Params: 16, JSONDepth: 8, URLBytes: 2048}

// fzMethods are the methods of the params route (HEAD is GET's).
var fzMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead}

// fzParamsApp returns an app with fzLimits, errors formatted by format,
// whose Open route /p returns the fzParams it is sent, with every method
// of fzMethods.
func fzParamsApp(tb testing.TB, format string) *App {
	tb.Helper()
	app := fzApp(tb, []Option{RequestLimits(fzLimits)}, "FSA_AUTH", []string{"none"}, "FSA_ERROR_RESPONSE", format)
	handler := func(_ *Context, in fzParams) (any, error) {
		var t *string
		if in.T != nil {
			s := in.T.Format(time.RFC3339Nano)
			t = &s
		}
		return map[string]any{"i": in.I, "i8": in.I8, "u": in.U, "f": in.F, "b": in.B, "s": in.S, "p": in.P,
			"li": in.Li, "n": in.N, "m": in.M, "a": in.A, "t": t, "r": in.R}, nil
	}
	Get(app, "/p", Open, handler)
	Post(app, "/p", Open, handler)
	Put(app, "/p", Open, handler)
	Patch(app, "/p", Open, handler)
	Delete(app, "/p", Open, handler)
	fzCheck(tb, app)
	return app
}

// fzSent is what a request sends: the names (parameter names, JSON object
// keys at any depth, file names), which responses may show, and the values,
// which they must not.
type fzSent struct{ names, values []string }

// pairs adds the names and values of a query string or form body, as sent
// and unescaped, and the parts of the values that are JSON text.
func (s *fzSent) pairs(raw string) {
	s.values = append(s.values, raw)
	for pair := range strings.SplitSeq(raw, "&") {
		name, value, _ := strings.Cut(pair, "=")
		s.names, s.values = append(s.names, name), append(s.values, value)
		if n, err := url.QueryUnescape(name); err == nil {
			s.names = append(s.names, n)
		}
		if v, err := url.QueryUnescape(value); err == nil {
			s.values = append(s.values, v)
			s.json(v)
		}
	}
}

// json adds the keys and the scalar values of JSON text, if it is JSON.
func (s *fzSent) json(text string) {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if d.Decode(&v) == nil {
		s.walk(v)
	}
}

func (s *fzSent) walk(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			s.names = append(s.names, k)
			s.walk(x)
		}
	case []any:
		for _, x := range v {
			s.walk(x)
		}
	case string:
		s.values = append(s.values, v)
	case json.Number:
		s.values = append(s.values, string(v))
	}
}

// multipart adds the names, values and file names and contents of a
// multipart body with boundary X, if it is one.
func (s *fzSent) multipart(body []byte) {
	form, err := multipart.NewReader(bytes.NewReader(body), "X").ReadForm(1 << 20)
	if err != nil {
		return
	}
	defer form.RemoveAll()
	for name, values := range form.Value {
		s.names = append(s.names, name)
		for _, v := range values {
			s.values = append(s.values, v)
			s.json(v)
		}
	}
	for name, files := range form.File {
		s.names = append(s.names, name)
		for _, fh := range files {
			s.names = append(s.names, fh.Filename)
			if f, err := fh.Open(); err == nil {
				content, _ := io.ReadAll(f)
				f.Close()
				s.values = append(s.values, string(content))
			}
		}
	}
}

// fzProblemPrefixes start every line of a 400 response about parameters.
var fzProblemPrefixes = []string{`parameter "`, `unexpected http parameter "`, `unexpected json parameter "`,
	`unexpected request parameter "`, "invalid query string", "invalid UTF-8 in ", "invalid JSON body",
	"JSON body must be an object", `JSON member "`, "JSON body nested deeper than ", "invalid form body",
	"invalid multipart body", "unsupported content type: ", "cannot read request body"}

// fzProblems checks a 400's message: lines of known problems, in UTF-8,
// that show no value sent (fzEchoes).
func fzProblems(t *testing.T, input any, msg string, sent fzSent) {
	t.Helper()
	if msg == "" || !utf8.ValidString(msg) {
		t.Fatalf("%q: 400 %q: want a message in UTF-8", input, msg)
	}
	for line := range strings.SplitSeq(msg, "\n") {
		if !slices.ContainsFunc(fzProblemPrefixes, func(p string) bool { return strings.HasPrefix(line, p) }) {
			t.Fatalf("%q: 400 %q: line %q is no known problem", input, msg, line)
		}
	}
	for _, v := range sent.values {
		if fzEchoes(msg, v, sent.names...) {
			t.Fatalf("%q: 400 %q shows the value %q", input, msg, v)
		}
	}
}

// fzStatuses are the statuses a request's parameters may get, besides 414
// for a long URL: no 5xx.
var fzStatuses = []int{200, 400, 404, 413, 415}

var (
	fzDecimal = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,17})$`)
	fzFloat   = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,15})?$`)
)

// fzSameJSON tells whether two JSON texts have the same value, when both
// decode.
func fzSameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return true
	}
	return reflect.DeepEqual(x, y)
}

// fzValid checks the validate tags of fzParams on a response.
func fzValid(t *testing.T, input any, a fzAnswer) {
	t.Helper()
	n := utf8.RuneCountInString(a.S)
	bad := n < 2 || n > 20 || a.I8 < -100 || a.I8 > 100 || a.P != nil && *a.P < 0 || len(a.Li) > 5 || len(a.M) > 4
	for _, x := range a.Li {
		bad = bad || x < 0
	}
	for _, x := range a.M {
		bad = bad || x < -5
	}
	if bad {
		t.Fatalf("%q: 200 with values that fail validation: %+v", input, a)
	}
}

// FuzzParams sends a raw query string to an Open route whose input has a
// field of most parameter types (fzParams), with small limits
// (fzLimits). Properties: no panic, no 5xx: 200, 400, 404, 413, 415, or
// 414 exactly when the URL is over the limit; 413 exactly when the query
// has too many pairs; 400 when it does not decode; a 400's lines are known
// problems that show no value sent (fzProblems); a 200 carries values that
// pass validation and are the query's: s as sent, i and u and f when
// plain decimals, b by FlaskSimpleAuth's rule, li one item per value, p
// nil when absent, a and r the JSON sent.
func FuzzParams(f *testing.F) {
	for _, seed := range []string{
		"",
		"i=1&i8=-100&u=3&f=1.5&b=true&s=hello&p=7&li=1&li=2&t=2024-01-02",
		"i=0x1F&i8=0b11&u=1_000&f=1e3&b=F&s=%C3%A9t%C3%A9",
		`n={"name":"calvin","age":6,"tags":["kid"],"kids":[{"name":"hobbes"}]}&m={"a":1,"b":-5}`,
		`a={"x":[1,2,{"y":null}]}&r=[1, "two" , {"3":4}]`,
		"i=011&i8=128&u=-1&f=NaN&f=inf&p=-1&li=-1",
		"i=99999999999999999999&f=0x1p3&t=yesterday&s=x",
		"s=abcdefghijklmnopqrstuvwxyz&li=1&li=2&li=3&li=4&li=5&li=6",
		`n={"name":"calvin","name":"hobbes"}&n={}&m={"a":"1"}&m={"k1":1,"k2":2,"k3":3,"k4":4,"k5":5}`,
		`n={"name":"abcdefghijklmnop","kids":[{"name":""},null]}&m={"verylongkeyverylongkey":-6}`,
		`a={"dup":1,"dup":2}&r={"not json"`,
		"unexpected=1&secret-value-here=abcdefghijkl",
		"%zz=1", "s=%zz", "s=%ff%fe", "s=a;b", "&&&&", strings.Repeat("&", 20),
		"s=" + strings.Repeat("x", 3000),
		"t=2024-02-30&t=2024-01-02T03:04:05Z&t=2024-01-02 03:04:05.123+01:00",
	} {
		f.Add(seed)
	}
	app := fzParamsApp(f, "plain")
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest(http.MethodGet, "/p", nil)
		r.URL.RawQuery, r.RequestURI = query, "/p"
		if query != "" {
			r.RequestURI += "?" + query
		}
		res := fzServe(app, r)
		body := res.Body.String()
		tooLong := len(r.RequestURI) > fzLimits.URLBytes
		tooMany := !tooLong && query != "" && strings.Count(query, "&") >= fzLimits.Params
		q, err := url.ParseQuery(query)
		switch {
		case !slices.Contains(fzStatuses, res.Code) && (res.Code != http.StatusRequestURITooLong || !tooLong):
			t.Fatalf("%q: %d %q", query, res.Code, body)
		case tooLong != (res.Code == http.StatusRequestURITooLong):
			t.Fatalf("%q (URL of %d bytes): %d %q", query, len(r.RequestURI), res.Code, body)
		case tooMany != (res.Code == http.StatusRequestEntityTooLarge):
			t.Fatalf("%q (%d &): %d %q", query, strings.Count(query, "&"), res.Code, body)
		case !tooLong && !tooMany && err != nil && res.Code != http.StatusBadRequest:
			t.Fatalf("%q (%v): %d %q, want a 400", query, err, res.Code, body)
		case res.Code == http.StatusBadRequest:
			var sent fzSent
			sent.pairs(query)
			fzProblems(t, query, body, sent)
		case res.Code == http.StatusOK:
			var a fzAnswer
			if err := json.Unmarshal(res.Body.Bytes(), &a); err != nil {
				t.Fatalf("%q: 200 %q: %v", query, body, err)
			}
			fzValid(t, query, a)
			first := func(name string) (string, bool) {
				vs, ok := q[name]
				return strings.Join(vs[:min(len(vs), 1)], ""), ok
			}
			if s, ok := first("s"); ok && a.S != s || !ok && a.S != "ab" {
				t.Fatalf("%q: s is %q", query, a.S)
			}
			if s, _ := first("i"); fzDecimal.MatchString(s) {
				if n, _ := strconv.ParseInt(s, 10, 64); n != a.I {
					t.Fatalf("%q: i is %d", query, a.I)
				}
			}
			if s, _ := first("u"); fzDecimal.MatchString(s) && s[0] != '-' {
				if n, _ := strconv.ParseUint(s, 10, 64); n != a.U {
					t.Fatalf("%q: u is %d", query, a.U)
				}
			}
			if s, _ := first("f"); fzFloat.MatchString(s) {
				if x, _ := strconv.ParseFloat(s, 64); x != a.F {
					t.Fatalf("%q: f is %v", query, a.F)
				}
			}
			if s, ok := first("b"); ok && a.B != !slices.Contains([]string{"", "0", "false", "f"}, strings.ToLower(s)) {
				t.Fatalf("%q: b is %v", query, a.B)
			}
			if len(a.Li) != len(q["li"]) || q.Has("p") != (a.P != nil) || q.Has("t") != (a.T != nil) {
				t.Fatalf("%q: li %v, p %v, t %v", query, a.Li, a.P, a.T)
			}
			if s, ok := first("a"); ok && !fzSameJSON([]byte(s), a.A) {
				t.Fatalf("%q: a is %s", query, a.A)
			}
			if s, ok := first("r"); ok && !fzSameJSON([]byte(s), a.R) {
				t.Fatalf("%q: r is %s", query, a.R)
			}
		}
	})
}

// fzContentTypes are the Content-Types of FuzzRequestBody: those the
// framework reads, with parameters, and others.
var fzContentTypes = []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=X",
	"text/plain", "application/merge-patch+json", "application/json; charset=utf-8", "multipart/form-data",
	"multipart/mixed; boundary=X", "garbage;;=\x00", ""}

// FuzzRequestBody sends a body with a Content-Type of fzContentTypes (by
// its index modulo their number) and a method of fzMethods (likewise; with
// the high bit set, the body has no announced length) to the route of
// FuzzParams; errors are JSON ({"error": message}). Properties: no panic,
// no 5xx: 200, 400, 404, 413 or 415; 413 when the body is over the limit;
// a 400 is a JSON error whose lines are known problems that show no value
// sent (fzProblems); a 200 is JSON whose values pass validation, with s as
// the body's JSON or form sets it.
func FuzzRequestBody(f *testing.F) {
	form := "i=1&i8=-100&u=3&f=1.5&b=true&s=hello&p=7&li=1&li=2&t=2024-01-02"
	multipartBody := "--X\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\nhello\r\n" +
		"--X\r\nContent-Disposition: form-data; name=\"li\"\r\n\r\n1\r\n" +
		"--X\r\nContent-Disposition: form-data; name=\"up\"; filename=\"secret.txt\"\r\nContent-Type: text/plain\r\n\r\nfile-content-here\r\n--X--\r\n"
	for _, seed := range []struct {
		method, ctype uint8
		body          string
	}{
		{1, 0, `{"i":1,"i8":-100,"u":3,"f":1.5,"b":true,"s":"hello","p":7,"li":[1,2],"t":"2024-01-02"}`},
		{1, 0, `{"i":"0x1F","b":"F","s":"été","n":{"name":"calvin","kids":[{"name":"hobbes","age":6}]},"m":{"a":1}}`},
		{2, 0, `{"a":{"x":[1,2,{"y":null}]},"r":[1,"two",{"3":4}],"p":null}`},
		{3, 4, `{"i":1.5,"u":-1,"f":"NaN","li":["1"],"n":"{\"name\":\"x\"}","m":{"a":"1"}}`},
		{1, 0, `{"s":"secret-value-that-is-long","s":"again"}`},
		{1, 0, `{"n":{"name":"abcdefghijklmnop","NAME":"x","extra":1},"m":{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5}}`},
		{1, 0, `{"a":{"dup":1,"dup":2},"unexpected-member":"unexpected-value"}`},
		{1, 0, `[[[[[[[[[[1]]]]]]]]]]`},
		{1, 0, `{"a":[[[[[[[[1]]]]]]]]}`},
		{1, 0, "{\"s\":\"\xff\xfe-invalid-utf8\"}"},
		{1, 0, `{"s":`},
		{1, 5, `{"s":"hello"}`},
		{1, 1, form},
		{0, 1, "s=%zz&i=abcdefghijk"},
		{129, 1, "s=\xff\xfe-invalid-utf8"},
		{1, 1, strings.Repeat("&", 20)},
		{1, 2, multipartBody},
		{4, 2, "--X\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\nunterminated"},
		{1, 6, multipartBody},
		{1, 7, multipartBody},
		{1, 3, "just some text here"},
		{1, 8, "garbage body here"},
		{1, 9, "no type at all"},
		{5, 0, `{"s":"hello"}`},
		{1, 0, ""},
		{129, 0, `{"s":"` + strings.Repeat("x", 600) + `"}`},
		{1, 0, `{"s":"` + strings.Repeat("x", 600) + `"}`},
	} {
		f.Add(seed.method, seed.ctype, []byte(seed.body))
	}
	app := fzParamsApp(f, "json:error")
	f.Fuzz(func(t *testing.T, method, ctype uint8, body []byte) {
		m, ct := fzMethods[int(method&0x7f)%len(fzMethods)], fzContentTypes[int(ctype)%len(fzContentTypes)]
		r := httptest.NewRequest(m, "/p", bytes.NewReader(body))
		if method&0x80 != 0 {
			r.ContentLength = -1 // chunked
		}
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		input := m + " " + ct + ": " + string(body)
		res := fzServe(app, r)
		switch {
		case !slices.Contains(fzStatuses, res.Code):
			t.Fatalf("%q: %d %q", input, res.Code, res.Body)
		case len(body) > int(fzLimits.BodyBytes) && res.Code != http.StatusRequestEntityTooLarge:
			t.Fatalf("%q: %d %q, want a 413", input, res.Code, res.Body)
		case m == http.MethodHead:
			if res.Body.Len() != 0 {
				t.Fatalf("%q: HEAD answered %q", input, res.Body)
			}
		case res.Code == http.StatusBadRequest:
			var answer map[string]string
			if err := json.Unmarshal(res.Body.Bytes(), &answer); err != nil || len(answer) != 1 {
				t.Fatalf("%q: 400 %q: want {\"error\": message}", input, res.Body)
			}
			sent := fzSent{values: []string{string(body)}}
			switch int(ctype) % len(fzContentTypes) {
			case 0, 4, 5:
				sent.json(string(body))
			case 1:
				sent.pairs(string(body))
			case 2:
				sent.multipart(body)
			}
			fzProblems(t, input, answer["error"], sent)
		case res.Code == http.StatusOK:
			var a fzAnswer
			if err := json.Unmarshal(res.Body.Bytes(), &a); err != nil {
				t.Fatalf("%q: 200 %q: %v", input, res.Body, err)
			}
			fzValid(t, input, a)
			var s struct{ S *string }
			switch int(ctype) % len(fzContentTypes) {
			case 0, 4, 5:
				var members map[string]json.RawMessage
				if json.Unmarshal(body, &members) == nil && members["s"] != nil && json.Unmarshal(members["s"], &s.S) == nil && s.S != nil && *s.S != a.S {
					t.Fatalf("%q: s is %q", input, a.S)
				}
			case 1:
				if q, err := url.ParseQuery(string(body)); err == nil && q.Has("s") && q.Get("s") != a.S {
					t.Fatalf("%q: s is %q", input, a.S)
				}
			}
		}
	})
}
