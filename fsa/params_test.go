package fsa_test

import (
	"bytes"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

type scalars struct {
	S    string
	I    int
	I8   int8
	U16  uint16
	F    float64
	F32  float32
	B    bool
	Opt  *int
	Def  string `default:"dflt"`
	Name string `param:"first-name" default:"" validate:"omitempty,min=2"`
	Pos  int    `default:"1" validate:"gte=0"`
	Lim  *int   `default:"10" validate:"gte=0"`
	Min  *int   `validate:"gte=0"`
}

func echoScalars(_ *fsa.Context, in scalars) (any, error) {
	out := map[string]any{"s": in.S, "i": in.I, "i8": in.I8, "u16": in.U16, "f": in.F,
		"f32": in.F32, "b": in.B, "def": in.Def, "first-name": in.Name, "pos": in.Pos}
	if in.Opt != nil {
		out["opt"] = *in.Opt
	}
	out["lim"] = *in.Lim // set by its default when absent
	if in.Min != nil {
		out["min"] = *in.Min
	}
	return out, nil
}

// base holds the required fields, to which each row adds or overrides.
func base(extra ...string) url.Values {
	v := url.Values{"s": {"x"}, "i": {"1"}, "i8": {"1"}, "u16": {"1"}, "f": {"1"}, "f32": {"1"}, "b": {"1"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

func TestScalarParameters(t *testing.T) {
	app := newApp(t, nil)
	fsa.Get(app, "/s", fsa.Open, echoScalars)
	fsa.Post(app, "/s", fsa.Open, echoScalars)
	client(t, app).Run(t, withPath("/s", []fsatest.Case{
		{Name: "query", Query: base(), WantStatus: 200,
			WantJSON: map[string]any{"s": "x", "i": 1, "b": true, "def": "dflt", "pos": 1, "first-name": ""}},
		{Name: "form on GET", Form: base("i", "0x11"), WantStatus: 200, WantJSON: map[string]any{"i": 17}},
		{Name: "form on POST", Method: "POST", Form: base("i", "0o11"), WantStatus: 200, WantJSON: map[string]any{"i": 9}},
		{Name: "binary and underscores", Query: base("i", "0b1_1", "u16", "1_000"), WantStatus: 200, WantJSON: map[string]any{"i": 3, "u16": 1000}},
		{Name: "spaces and sign", Query: base("i", " -42 "), WantStatus: 200, WantJSON: map[string]any{"i": -42}},
		{Name: "zeros", Query: base("i", "00"), WantStatus: 200, WantJSON: map[string]any{"i": 0}},
		{Name: "leading zero", Query: base("i", "011"), WantStatus: 400, WantExact: fsatest.String(`parameter "i" must be an integer`)},
		{Name: "int overflow", Query: base("i8", "128"), WantStatus: 400, WantExact: fsatest.String(`parameter "i8" is out of range for int8`)},
		{Name: "uint negative", Query: base("u16", "-1"), WantStatus: 400, WantExact: fsatest.String(`parameter "u16" must not be negative`)},
		{Name: "uint overflow", Query: base("u16", "65536"), WantStatus: 400, WantExact: fsatest.String(`parameter "u16" is out of range for uint16`)},
		{Name: "float", Query: base("f", "1e3", "f32", "-.5"), WantStatus: 200, WantJSON: map[string]any{"f": 1000, "f32": -0.5}},
		{Name: "float NaN", Query: base("f", "NaN"), WantStatus: 400, WantExact: fsatest.String(`parameter "f" must be a finite number`)},
		{Name: "float inf", Query: base("f", "inf"), WantStatus: 400, WantExact: fsatest.String(`parameter "f" must be a finite number`)},
		{Name: "float32 overflow", Query: base("f32", "1e39"), WantStatus: 400, WantExact: fsatest.String(`parameter "f32" is out of range for float32`)},
		{Name: "not a float", Query: base("f", "one"), WantStatus: 400, WantExact: fsatest.String(`parameter "f" must be a number`)},
		{Name: "hexadecimal float", Query: base("f", "0x1p3"), WantStatus: 400, WantExact: fsatest.String(`parameter "f" must be a number`)},
		{Name: "bool false", Query: base("b", "fALSE"), WantStatus: 200, WantJSON: map[string]any{"b": false}},
		{Name: "bool f", Query: base("b", "F"), WantStatus: 200, WantJSON: map[string]any{"b": false}},
		{Name: "bool empty", Query: base("b", ""), WantStatus: 200, WantJSON: map[string]any{"b": false}},
		{Name: "bool no is true", Query: base("b", "no"), WantStatus: 200, WantJSON: map[string]any{"b": true}},
		{Name: "optional given", Query: base("opt", "5"), WantStatus: 200, WantJSON: map[string]any{"opt": 5}},
		{Name: "pointer default", Query: base(), WantStatus: 200, WantJSON: map[string]any{"lim": 10, "min": nil}},
		{Name: "pointer validated", Query: base("lim", "-1", "min", "-2"), WantStatus: 400,
			WantExact: fsatest.String("parameter \"lim\" must be at least 0\nparameter \"min\" must be at least 0")},
		{Name: "bad query string", Path: "/s?i=%zz", WantStatus: 400, WantExact: fsatest.String("invalid query string")},
		{Name: "default overridden", Query: base("def", "given", "pos", "3"), WantStatus: 200, WantJSON: map[string]any{"def": "given", "pos": 3}},
		{Name: "param tag", Query: base("first-name", "Calvin"), WantStatus: 200, WantJSON: map[string]any{"first-name": "Calvin"}},
		{Name: "query beats form", Path: "/s?i=2", Form: base("i", "3"), WantStatus: 200, WantJSON: map[string]any{"i": 2}},
		{Name: "first value wins", Path: "/s?i=4&i=5", Form: base(), WantStatus: 200, WantJSON: map[string]any{"i": 4}},
		{Name: "missing", Query: url.Values{"s": {"x"}}, WantStatus: 400,
			WantExact: fsatest.String(strings.Join([]string{`parameter "i" is missing`, `parameter "i8" is missing`,
				`parameter "u16" is missing`, `parameter "f" is missing`, `parameter "f32" is missing`, `parameter "b" is missing`}, "\n"))},
		{Name: "all problems at once", Query: base("i", "one", "first-name", "C", "pos", "-1", "zz", "1", "aa", "2"), WantStatus: 400,
			WantExact: fsatest.String(strings.Join([]string{`parameter "i" must be an integer`,
				`parameter "first-name" must have at least 2 characters`, `parameter "pos" must be at least 0`,
				`unexpected http parameter "aa"`, `unexpected http parameter "zz"`}, "\n"))},
	}))
}

// withPath sets the path of the cases that have none.
func withPath(path string, cases []fsatest.Case) []fsatest.Case {
	for i := range cases {
		if cases[i].Path == "" {
			cases[i].Path = path
		}
	}
	return cases
}

func TestJSONParameters(t *testing.T) {
	app := newApp(t, nil)
	fsa.Post(app, "/s", fsa.Open, echoScalars)
	json := func(extra map[string]any) map[string]any {
		m := map[string]any{"s": "x", "i": 1, "i8": 1, "u16": 1, "f": 1.5, "f32": 1, "b": true}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	client(t, app).Run(t, withPath("/s", []fsatest.Case{
		{Name: "values", Method: "POST", JSON: json(nil), WantStatus: 200, WantJSON: map[string]any{"i": 1, "f": 1.5, "b": true}},
		{Name: "strings for numbers", Method: "POST", JSON: json(map[string]any{"i": "0x10", "f": "2.5", "b": "False"}), WantStatus: 200,
			WantJSON: map[string]any{"i": 16, "f": 2.5, "b": false}},
		{Name: "null optional", Method: "POST", JSON: json(map[string]any{"opt": nil, "min": nil}), WantStatus: 200},
		{Name: "query after JSON", Method: "POST", Path: "/s?def=q", JSON: json(nil), WantStatus: 200, WantJSON: map[string]any{"def": "q"}},
		{Name: "JSON beats query", Method: "POST", Path: "/s?i=7", JSON: json(map[string]any{"i": 8}), WantStatus: 200, WantJSON: map[string]any{"i": 8}},
		{Name: "float for int", Method: "POST", JSON: json(map[string]any{"i": 2.5}), WantStatus: 400, WantExact: fsatest.String(`parameter "i" must be an integer`)},
		{Name: "bool for int", Method: "POST", JSON: json(map[string]any{"i": true}), WantStatus: 400, WantExact: fsatest.String(`parameter "i" must be an integer`)},
		{Name: "number for bool", Method: "POST", JSON: json(map[string]any{"b": 1}), WantStatus: 400, WantExact: fsatest.String(`parameter "b" must be true or false`)},
		{Name: "number for string", Method: "POST", JSON: json(map[string]any{"s": 5}), WantStatus: 400, WantExact: fsatest.String(`parameter "s" must be a string`)},
		{Name: "null required", Method: "POST", JSON: json(map[string]any{"i": nil}), WantStatus: 400, WantExact: fsatest.String(`parameter "i" must be an integer`)},
		{Name: "unexpected member", Method: "POST", JSON: json(map[string]any{"h": 1}), WantStatus: 400, WantExact: fsatest.String(`unexpected json parameter "h"`)},
	}))
	raw := func(name, body, ctype string, status int, want string) fsatest.Case {
		return fsatest.Case{Name: name, Method: "POST", Path: "/s", Header: map[string][]string{"Content-Type": {ctype}},
			WantStatus: status, WantBody: want, Body: body}
	}
	client(t, app).Run(t, []fsatest.Case{
		raw("invalid JSON", `{"s":`, "application/json", 400, "invalid JSON body"),
		raw("not an object", `[1]`, "application/json", 400, "JSON body must be an object"),
		raw("trailing data", `{"s":"x"} {}`, "application/json", 400, "invalid JSON body"),
		raw("duplicate member", `{"s":"x","s":"y"}`, "application/json", 400, `JSON member "s" given twice`),
		raw("vendor JSON type", `{"s":"x","i":1,"i8":1,"u16":1,"f":1,"f32":1,"b":true}`, "application/vnd.api+json; charset=utf-8", 200, ""),
		raw("empty JSON body", ``, "application/json", 400, `parameter "s" is missing`),
		raw("bad form", `s=%zz`, "application/x-www-form-urlencoded", 400, "invalid form body"),
	})
}

func TestMultipartParameters(t *testing.T) {
	app := newApp(t, nil)
	fsa.Put(app, "/s", fsa.Open, echoScalars)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range base("i", "12") {
		w.WriteField(k, v[0])
	}
	w.Close()
	client(t, app).Check(t, fsatest.Case{Method: "PUT", Path: "/s", Body: body.String(),
		Header: map[string][]string{"Content-Type": {w.FormDataContentType()}}, WantStatus: 200, WantJSON: map[string]any{"i": 12}})
}

func TestPathParameters(t *testing.T) {
	type item struct {
		ID   uint8
		Name string
	}
	app := newApp(t, nil)
	get := func(_ *fsa.Context, in item) (any, error) { return map[string]any{"id": in.ID, "name": in.Name}, nil }
	fsa.Get(app, "/items/:id/<name>", fsa.Open, get)
	fsa.Get(app, "/flask/<int:id>/<string:name>", fsa.Open, get)
	client(t, app).Run(t, []fsatest.Case{
		{Name: "FlaskSimpleAuth syntax", Path: "/flask/8/cup", WantStatus: 200, WantJSON: map[string]any{"id": 8, "name": "cup"}},
		{Path: "/items/7/pen", WantStatus: 200, WantJSON: map[string]any{"id": 7, "name": "pen"}},
		{Name: "not an integer", Path: "/items/seven/pen", WantStatus: 404},
		{Name: "out of range", Path: "/items/256/pen", WantStatus: 404},
		{Name: "encoded letters route", Path: "/it%65ms/%37/p%65n", WantStatus: 200, WantJSON: map[string]any{"id": 7, "name": "pen"}},
		{Name: "encoded UTF-8", Path: "/items/7/caf%C3%A9", WantStatus: 200, WantJSON: map[string]any{"name": "café"}},
		{Name: "encoded slash in a segment", Path: "/items/7/a%2Fb", WantStatus: 200, WantJSON: map[string]any{"name": "a/b"}},
		{Name: "both from path and request", Path: "/items/7/pen?id=8", WantStatus: 400,
			WantExact: fsatest.String(`parameter "id" both from path and request`)},
	})
}

func TestUnexpectedParameters(t *testing.T) {
	for _, reject := range []bool{true, false} {
		app := newApp(t, nil, "FSA_REJECT_UNEXPECTED_PARAM", reject)
		fsa.Get(app, "/none", fsa.Open, hello)
		status := map[bool]int{true: 400, false: 200}[reject]
		client(t, app).Run(t, []fsatest.Case{
			{Name: "query", Path: "/none?b=1&a=2", WantStatus: status},
			{Name: "json", JSON: map[string]any{"a": 1}, Path: "/none", WantStatus: status},
		})
	}
	app := newApp(t, nil)
	fsa.Get(app, "/none", fsa.Open, hello)
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/none?b=1&a=2", WantStatus: 400,
			WantExact: fsatest.String("unexpected http parameter \"a\"\nunexpected http parameter \"b\"")},
		{Name: "in query and form", Path: "/none?a=1", Form: url.Values{"a": {"2"}}, WantStatus: 400,
			WantExact: fsatest.String(`unexpected http parameter "a"`)},
		{Name: "json then query", Path: "/none?q=1", JSON: map[string]any{"j": 1}, WantStatus: 400,
			WantExact: fsatest.String("unexpected json parameter \"j\"\nunexpected http parameter \"q\"")},
	})
}

func TestRequestNames(t *testing.T) {
	type names struct {
		FirstName  string
		UserID     string
		HTTPServer string
		Plain      string
		Skipped    string `param:"-"`
		hidden     string
	}
	app := newApp(t, nil)
	fsa.Get(app, "/n", fsa.Open, func(_ *fsa.Context, in names) (any, error) {
		return in.FirstName + in.UserID + in.HTTPServer + in.Plain + in.Skipped + in.hidden, nil
	})
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/n?first_name=a&user_id=b&http_server=c&plain=d", WantStatus: 200, WantExact: fsatest.String("abcd")},
		{Path: "/n?first_name=a&user_id=b&http_server=c&plain=d&skipped=e", WantStatus: 400, WantBody: `unexpected http parameter "skipped"`},
	})
}
