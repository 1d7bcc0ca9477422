package fsa_test

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// Malformed bodies are 400, bodies and parameters over the limits 413.
func TestRequestBodies(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsa.RequestLimits(fsa.Limits{BodyBytes: 4096, Params: 10, JSONDepth: 3, URLBytes: 150}))
	type input struct {
		S    *string
		Rest map[string]any `param:"*"`
	}
	fsa.Post(app, "/p", fsa.Open, func(_ *fsa.Context, in input) (any, error) { return len(in.Rest), nil })
	fsa.Post(app, "/raw", fsa.Open, func(_ *fsa.Context, in struct{ R *http.Request }) (any, error) {
		b, err := io.ReadAll(in.R.Body)
		return string(b), err
	})
	header := func(ctype string) http.Header { return http.Header{"Content-Type": {ctype}} }
	many := func(n int) url.Values {
		v := url.Values{}
		for i := range n {
			v.Set("p"+strings.Repeat("x", i), "1")
		}
		return v
	}
	exact := fsatest.String
	const unsupported = "unsupported content type: send application/json, application/x-www-form-urlencoded or multipart/form-data"
	client(t, app).Run(t, withPath("/p", []fsatest.Case{
		{Name: "form", Method: "POST", Form: many(10), WantStatus: 200, WantExact: exact("10\n")},
		{Name: "form, too many", Method: "POST", Form: many(11), WantStatus: 413, WantExact: exact("too many parameters")},
		{Name: "query, too many", Method: "POST", Query: many(11), WantStatus: 413, WantExact: exact("too many parameters")},
		{Name: "JSON", Method: "POST", Body: `{"a":1,"b":[1,2],"c":{"d":null}}`, Header: header("application/json"), WantStatus: 200, WantExact: exact("3\n")},
		{Name: "JSON, too many", Method: "POST", JSON: map[string]any{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10, "k": 11},
			WantStatus: 413, WantExact: exact("too many parameters")},
		{Name: "multipart, too many", Method: "POST", Form: many(6), Files: url.Values{"f1": {"a"}, "f2": {"b"}, "f3": {"c"}, "f4": {"d"}, "f5": {"e"}},
			WantStatus: 413, WantExact: exact("too many parameters")},
		{Name: "body too large", Method: "POST", Form: url.Values{"s": {strings.Repeat("x", 5000)}}, WantStatus: 413, WantExact: exact("request body too large")},
		{Name: "body at the limit", Method: "POST", Form: url.Values{"s": {strings.Repeat("x", 4094)}}, WantStatus: 200},
		{Name: "invalid UTF-8 in JSON", Method: "POST", Body: "{\"s\":\"\xff\"}", Header: header("application/json"), WantStatus: 400, WantExact: exact("invalid UTF-8 in JSON body")},
		{Name: "invalid UTF-8 in a JSON name", Method: "POST", Body: "{\"\xc3\":1}", Header: header("application/json"), WantStatus: 400, WantExact: exact("invalid UTF-8 in JSON body")},
		{Name: "invalid UTF-8 in a form", Method: "POST", Body: "s=%ff", Header: header("application/x-www-form-urlencoded"), WantStatus: 400, WantExact: exact("invalid UTF-8 in form")},
		{Name: "invalid UTF-8 in a form name", Method: "POST", Body: "%c3=1", Header: header("application/x-www-form-urlencoded"), WantStatus: 400, WantExact: exact("invalid UTF-8 in form")},
		{Name: "invalid UTF-8 in the query", Method: "POST", Path: "/p?s=%80", WantStatus: 400, WantExact: exact("invalid UTF-8 in query string")},
		{Name: "invalid UTF-8 in multipart", Method: "POST", Form: url.Values{"s": {"\xff"}}, Files: url.Values{"f": {"\xff binary is fine"}},
			WantStatus: 400, WantExact: exact("invalid UTF-8 in form")},
		{Name: "malformed multipart", Method: "POST", Body: "--x\r\nnot a part", Header: header("multipart/form-data; boundary=x"), WantStatus: 400, WantExact: exact("invalid multipart body")},
		{Name: "multipart without boundary", Method: "POST", Body: "whatever", Header: header("multipart/form-data"), WantStatus: 400, WantExact: exact("invalid multipart body")},
		{Name: "text body", Method: "POST", Body: "s=x", Header: header("text/plain"), WantStatus: 400, WantExact: exact(unsupported)},
		{Name: "body without a type", Method: "POST", Body: "s=x", WantStatus: 400, WantExact: exact(unsupported)},
		{Name: "bad media type", Method: "POST", Body: "s=x", Header: header("=== /"), WantStatus: 400, WantExact: exact(unsupported)},
		{Name: "empty body of any type", Method: "POST", Header: header("text/plain"), WantStatus: 200},
		{Name: "raw body for a handler that takes the request", Path: "/raw", Method: "POST", Body: "\x00\x01 bytes",
			Header: header("application/octet-stream"), WantStatus: 200, WantExact: exact("\x00\x01 bytes")},
		{Name: "a form body stays readable", Path: "/raw", Method: "POST", Form: url.Values{"a": {"1"}}, WantStatus: 400,
			WantExact: exact(`unexpected http parameter "a"`)},
		{Name: "raw body over the limit", Path: "/raw", Method: "POST", Body: strings.Repeat("x", 5000),
			Header: header("application/octet-stream"), WantStatus: 413},
		{Name: "JSON at the depth limit", Method: "POST", Body: `{"a":[{"b":1}],"c":{}}`, Header: header("application/json"), WantStatus: 200},
		{Name: "JSON over the depth limit", Method: "POST", Body: `{"a":1,"c":[[[]]]}`, Header: header("application/json"),
			WantStatus: 400, WantExact: exact("JSON body nested deeper than 3")},
		{Name: "brackets in strings do not nest", Method: "POST", Body: `{"a":"[[[[{{{{","b":["]]]]"]}`, Header: header("application/json"), WantStatus: 200},
		{Name: "URL at the limit", Path: "/p?s=" + strings.Repeat("x", 150-len("/p?s=")), Method: "POST", WantStatus: 200},
		{Name: "URL over the limit", Path: "/p?s=" + strings.Repeat("x", 151-len("/p?s=")), Method: "POST", WantStatus: 414, WantExact: exact("request URI too long")},
		{Name: "path over the limit", Path: "/" + strings.Repeat("p", 150), Method: "POST", WantStatus: 414},
	}))
}

// The default limits: 1 MiB, 1000 parameters, JSON depth 64, 8 KiB URLs.
func TestDefaultRequestLimits(t *testing.T) {
	app := newApp(t, nil)
	fsa.Post(app, "/p", fsa.Open, func(_ *fsa.Context, in struct {
		Rest map[string]any `param:"*"`
	}) (any, error) {
		return len(in.Rest), nil
	})
	many := func(n int) string { return strings.Repeat("a=1&", n-1) + "a=1" }
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	client(t, app).Run(t, []fsatest.Case{
		{Name: "1000 parameters", Method: "POST", Path: "/p", Body: many(1000), Header: form, WantStatus: 200},
		{Name: "1001 parameters", Method: "POST", Path: "/p", Body: many(1001), Header: form, WantStatus: 413},
		{Name: "1 MiB", Method: "POST", Path: "/p", Body: "a=" + strings.Repeat("x", 1<<20-2), Header: form, WantStatus: 200},
		{Name: "over 1 MiB", Method: "POST", Path: "/p", Body: "a=" + strings.Repeat("x", 1<<20-1), Header: form, WantStatus: 413},
		{Name: "JSON depth 64", Method: "POST", Path: "/p", Body: `{"a":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + "}",
			Header: http.Header{"Content-Type": {"application/json"}}, WantStatus: 200},
		{Name: "JSON depth 65", Method: "POST", Path: "/p", Body: `{"a":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + "}",
			Header: http.Header{"Content-Type": {"application/json"}}, WantStatus: 400, WantExact: fsatest.String("JSON body nested deeper than 64")},
		{Name: "JSON deeper than encoding/json goes", Method: "POST", Path: "/p", Body: `{"a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}",
			Header: http.Header{"Content-Type": {"application/json"}}, WantStatus: 400},
		{Name: "URL of 8 KiB", Method: "POST", Path: "/p?a=" + strings.Repeat("x", 8<<10-len("/p?a=")), WantStatus: 200},
		{Name: "URL over 8 KiB", Method: "POST", Path: "/p?a=" + strings.Repeat("x", 8<<10+1-len("/p?a=")), WantStatus: 414},
	})
}

// Headers over Limits.HeaderBytes are refused by the app's Server with a
// 431; under it, they pass.
func TestHeaderLimit(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsa.RequestLimits(fsa.Limits{HeaderBytes: 8 << 10}))
	fsa.Get(app, "/", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return "ok", nil })
	s := app.Server("127.0.0.1:0")
	if s.MaxHeaderBytes != 8<<10 {
		t.Fatalf("MaxHeaderBytes %d, want %d", s.MaxHeaderBytes, 8<<10)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	defer s.Close()
	for _, tc := range []struct {
		size int
		want int
	}{{4 << 10, 200}, {64 << 10, 431}} {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/", nil)
		req.Header.Set("X-Big", strings.Repeat("x", tc.size))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("header of %d bytes: %d, want %d", tc.size, res.StatusCode, tc.want)
		}
	}
	if s := newApp(t, nil).Server(""); s.MaxHeaderBytes != 64<<10 {
		t.Errorf("default MaxHeaderBytes %d, want %d", s.MaxHeaderBytes, 64<<10)
	}
}
