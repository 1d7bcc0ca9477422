package fsa_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/labstack/echo/v4"
)

func TestCurrentUserParameter(t *testing.T) {
	app := authApp(t)
	type in struct {
		Who fsa.CurrentUser
		N   int `default:"1"`
	}
	show := func(c *fsa.Context, in in) (any, error) { return fmt.Sprintf("%s %d", in.Who, in.N), nil }
	fsa.Get(app, "/me", fsa.Auth, show)
	fsa.Post(app, "/me", fsa.Auth, show)
	calvin := fsatest.Basic("calvin", "hobbes")
	client(t, app).Run(t, withPath("/me", []fsatest.Case{
		{Name: "basic", Auth: calvin, WantStatus: 200, WantExact: exactBody("calvin 1")},
		{Name: "param scheme", Auth: fsatest.Param("susie", "derkins"), Query: url.Values{"n": {"2"}}, WantStatus: 200, WantExact: exactBody("susie 2")},
		{Name: "param scheme in JSON", Method: "POST", Auth: fsatest.Param("susie", "derkins"), JSON: map[string]any{"n": 3}, WantStatus: 200,
			WantExact: exactBody("susie 3")},
		{Name: "nobody", WantStatus: 401},
		{Name: "not from the query", Auth: calvin, Query: url.Values{"who": {"susie"}}, WantStatus: 400,
			WantExact: exactBody(`unexpected request parameter "who"`)},
		{Name: "not from JSON", Method: "POST", Auth: calvin, JSON: map[string]any{"who": "susie"}, WantStatus: 400,
			WantExact: exactBody(`unexpected request parameter "who"`)},
		{Name: "not from a form", Method: "POST", Auth: calvin, Form: url.Values{"who": {"susie"}, "n": {"x"}}, WantStatus: 400,
			WantExact: problemLines(`unexpected request parameter "who"`, `parameter "n" must be an integer`)},
	}))
}

// headerFields has header and cookie fields.
type headerFields struct {
	Agent  string  `header:"User-Agent" validate:"min=2"`
	Hello  *int    `header:""`
	XTrace string  `header:"" default:"none"`
	Limit  uint8   `header:"X-Limit" default:"10" validate:"lte=100"`
	Sess   string  `cookie:"session"`
	Theme  *string `cookie:""`
	Count  int     `cookie:"count" default:"1"`
	Lang   string  `cookie:"lang" default:"" validate:"omitempty,len=2"`
}

func TestHeaderAndCookieParameters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in headerFields) (any, error) {
		out := map[string]any{"agent": in.Agent, "trace": in.XTrace, "limit": in.Limit, "sess": in.Sess, "count": in.Count, "lang": in.Lang}
		if in.Hello != nil {
			out["hello"] = *in.Hello
		}
		if in.Theme != nil {
			out["theme"] = *in.Theme
		}
		return out, nil
	}
	fsa.Get(app, "/h", fsa.Open, show)
	fsa.Post(app, "/h", fsa.Open, show)
	h := func(kv ...string) http.Header {
		hd := http.Header{"User-Agent": {"test"}, "Cookie": {"session=abc"}}
		for i := 0; i+1 < len(kv); i += 2 {
			hd[http.CanonicalHeaderKey(kv[i])] = append(hd[http.CanonicalHeaderKey(kv[i])], kv[i+1])
		}
		return hd
	}
	client(t, app).Run(t, withPath("/h", []fsatest.Case{
		{Name: "required only", Header: h(), WantStatus: 200, WantExact: exactBody(`{"agent":"test","count":1,"lang":"","limit":10,"sess":"abc","trace":"none"}` + "\n")},
		{Name: "all", Header: h("hello", "42", "X-Trace", "t1", "X-Limit", "0x20", "Cookie", "theme=dark; count=5", "Cookie", "lang=fr"), WantStatus: 200,
			WantJSON: map[string]any{"hello": 42, "trace": "t1", "limit": 32, "theme": "dark", "count": 5, "lang": "fr"}},
		{Name: "first header value", Header: h("X-Trace", "a", "X-Trace", "b"), WantStatus: 200, WantJSON: map[string]any{"trace": "a"}},
		{Name: "empty header", Header: h("X-Trace", ""), WantStatus: 200, WantJSON: map[string]any{"trace": ""}},
		{Name: "quoted cookie", Header: http.Header{"User-Agent": {"test"}, "Cookie": {`session="a b"`}}, WantStatus: 200, WantJSON: map[string]any{"sess": "a b"}},
		{Name: "missing header", Header: http.Header{"Cookie": {"session=abc"}}, WantStatus: 400, WantExact: exactBody(`header "User-Agent" is missing`)},
		{Name: "missing cookie", Header: http.Header{"User-Agent": {"test"}}, WantStatus: 400, WantExact: exactBody(`cookie "session" is missing`)},
		{Name: "missing both", WantStatus: 400, WantExact: problemLines(`header "User-Agent" is missing`, `cookie "session" is missing`)},
		{Name: "bad header", Header: h("Hello", "world"), WantStatus: 400, WantExact: exactBody(`header "Hello" must be an integer`)},
		{Name: "header range", Header: h("X-Limit", "256"), WantStatus: 400, WantExact: exactBody(`header "X-Limit" is out of range for uint8`)},
		{Name: "bad cookie", Header: h("Cookie", "count=many"), WantStatus: 400, WantExact: exactBody(`cookie "count" must be an integer`)},
		{Name: "first value validated", Header: h("User-Agent", "x", "X-Limit", "100"), WantStatus: 200, WantJSON: map[string]any{"agent": "test", "limit": 100}},
		{Name: "header validation fails", Header: http.Header{"User-Agent": {"x"}, "X-Limit": {"101"}, "Cookie": {"session=abc; lang=fra"}}, WantStatus: 400,
			WantExact: problemLines(`header "User-Agent" must have at least 2 characters`, `header "X-Limit" must be at most 100`, `cookie "lang" must have 2 characters`)},
		{Name: "not from the query", Header: h(), Query: url.Values{"agent": {"x"}, "sess": {"y"}, "x_trace": {"z"}}, WantStatus: 400,
			WantExact: problemLines(`unexpected request parameter "agent"`, `unexpected request parameter "x_trace"`, `unexpected request parameter "sess"`)},
		{Name: "not from JSON", Method: "POST", Header: h(), JSON: map[string]any{"theme": "light"}, WantStatus: 400,
			WantExact: exactBody(`unexpected request parameter "theme"`)},
		{Name: "header names are not parameters", Header: h(), Query: url.Values{"User-Agent": {"x"}}, WantStatus: 400,
			WantExact: exactBody(`unexpected http parameter "User-Agent"`)},
	}))
}

// uploadFields has file fields: required, optional and a list.
type uploadFields struct {
	File multipart.FileHeader
	Opt  *multipart.FileHeader
	More *[]*multipart.FileHeader
	Desc string `default:""`
}

// fileContent returns a file's name and content.
func fileContent(fh *multipart.FileHeader) string {
	f, err := fh.Open()
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	return fh.Filename + ":" + string(b)
}

func TestFileParameters(t *testing.T) {
	app := newApp(t, nil)
	fsa.Post(app, "/up", fsa.Open, func(c *fsa.Context, in uploadFields) (any, error) {
		out := []string{fileContent(&in.File)}
		if in.Opt != nil {
			out = append(out, "opt="+fileContent(in.Opt))
		}
		if in.More != nil {
			for _, fh := range *in.More {
				out = append(out, "more="+fileContent(fh))
			}
		}
		c.Status(http.StatusCreated)
		return strings.Join(append(out, "desc="+in.Desc), " "), nil
	})
	fsa.Put(app, "/many", fsa.Open, func(_ *fsa.Context, in struct{ Files []*multipart.FileHeader }) (any, error) {
		var out []string
		for _, fh := range in.Files {
			out = append(out, fileContent(fh))
		}
		return strings.Join(out, " "), nil
	})
	files := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	client(t, app).Run(t, withPath("/up", []fsatest.Case{
		{Name: "one file", Method: "POST", Files: files("file", "hello"), WantStatus: 201, WantExact: exactBody("file:hello desc=")},
		{Name: "all files", Method: "POST", Files: files("file", "a", "opt", "b", "more", "c", "more", "d"), Form: url.Values{"desc": {"x"}},
			WantStatus: 201, WantExact: exactBody("file:a opt=opt:b more=more:c more=more:d desc=x")},
		{Name: "first file wins", Method: "POST", Files: files("file", "a", "file", "b"), WantStatus: 201, WantExact: exactBody("file:a desc=")},
		{Name: "empty file", Method: "POST", Files: files("file", ""), WantStatus: 201, WantExact: exactBody("file: desc=")},
		{Name: "missing", Method: "POST", Files: files("opt", "b"), WantStatus: 400, WantExact: exactBody(`parameter "file" is missing`)},
		{Name: "multipart value", Method: "POST", Files: files("opt", "b"), Form: url.Values{"file": {"x"}}, WantStatus: 400,
			WantExact: exactBody(`parameter "file" must be an uploaded file`)},
		{Name: "value and file", Method: "POST", Files: files("file", "a"), Form: url.Values{"file": {"x"}}, WantStatus: 400,
			WantExact: exactBody(`parameter "file" must be an uploaded file`)},
		{Name: "urlencoded value", Method: "POST", Form: url.Values{"file": {"x"}, "more": {"y"}}, WantStatus: 400,
			WantExact: problemLines(`parameter "file" must be an uploaded file`, `parameter "more" must be an uploaded file`)},
		{Name: "query value", Method: "POST", Path: "/up?opt=x", Files: files("file", "a"), WantStatus: 400,
			WantExact: exactBody(`parameter "opt" must be an uploaded file`)},
		{Name: "JSON value", Method: "POST", JSON: map[string]any{"file": "x"}, WantStatus: 400,
			WantExact: exactBody(`parameter "file" must be an uploaded file`)},
		{Name: "JSON without file", Method: "POST", JSON: map[string]any{"desc": "x"}, WantStatus: 400,
			WantExact: exactBody(`parameter "file" is missing`)},
		{Name: "unexpected file", Method: "POST", Files: files("file", "a", "stuff", "b"), WantStatus: 400,
			WantExact: exactBody(`unexpected http parameter "stuff"`)},
		{Name: "file for a string", Method: "POST", Files: files("file", "a", "desc", "b"), WantStatus: 400,
			WantExact: exactBody(`parameter "desc" must not be an uploaded file`)},
		{Name: "value and file for a string", Method: "POST", Files: files("file", "a", "desc", "b"), Form: url.Values{"desc": {"d"}},
			WantStatus: 201, WantExact: exactBody("file:a desc=d")},
		{Name: "list of files", Method: "PUT", Path: "/many", Files: files("files", "1", "files", "2", "files", "3"), WantStatus: 200,
			WantExact: exactBody("files:1 files:2 files:3")},
		{Name: "list of files missing", Method: "PUT", Path: "/many", Form: url.Values{}, WantStatus: 400,
			WantExact: exactBody(`parameter "files" is missing`)},
	}))
}

func TestRequestAndEchoParameters(t *testing.T) {
	app := newApp(t, nil)
	type in struct {
		R    *http.Request
		E    echo.Context
		Name string `default:"x"`
	}
	fsa.Get(app, "/items/:id", fsa.Open, func(_ *fsa.Context, in struct { // an unnamed type, validated
		ID  string
		Req *http.Request
		Ctx echo.Context
		N   int `default:"1" validate:"gt=0"`
	}) (any, error) {
		return in.Req.Method + " " + in.Req.URL.Path + " " + in.Ctx.Path() + " " + in.Ctx.Param("id") + " " + in.ID, nil
	})
	fsa.Post(app, "/r", fsa.Open, func(_ *fsa.Context, in in) (any, error) {
		return in.R.Header.Get("X-Test") + " " + in.E.Request().Method + " " + in.Name, nil
	})
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/items/7", WantStatus: 200, WantExact: exactBody("GET /items/7 /items/:id 7 7")},
		{Path: "/items/7?n=0", WantStatus: 400, WantExact: exactBody(`parameter "n" must be greater than 0`)},
		{Method: "POST", Path: "/r", Header: http.Header{"X-Test": {"t"}}, Form: url.Values{"name": {"n"}}, WantStatus: 200, WantExact: exactBody("t POST n")},
		{Name: "not from requests", Method: "POST", Path: "/r?r=1", Form: url.Values{"e": {"2"}}, WantStatus: 400,
			WantExact: problemLines(`unexpected request parameter "r"`, `unexpected request parameter "e"`)},
		{Name: "not from JSON", Method: "POST", Path: "/r", JSON: map[string]any{"e": nil}, WantStatus: 400,
			WantExact: exactBody(`unexpected request parameter "e"`)},
	})
}

// tenant is a special type provided by the application.
type tenant struct{ ID string }

func TestSpecialParameters(t *testing.T) {
	app := newApp(t, nil)
	fsa.Special(app, func(c *fsa.Context) (tenant, error) {
		switch id := c.Request().Header.Get("X-Tenant"); id {
		case "":
			return tenant{}, fsa.Err(http.StatusForbidden, "no tenant")
		case "wrapped":
			return tenant{}, fmt.Errorf("looking up: %w", fsa.Err(http.StatusGone, "tenant is gone"))
		case "broken":
			return tenant{}, errors.New("tenant database at 10.0.0.1 is down")
		default:
			return tenant{ID: id}, nil
		}
	})
	fsa.Special(app, func(c *fsa.Context) (*tenant, error) { return nil, nil })
	type in struct {
		T    tenant
		N    int
		Null *tenant
	}
	show := func(_ *fsa.Context, in in) (any, error) {
		return fmt.Sprintf("%s %d %v", in.T.ID, in.N, in.Null == nil), nil
	}
	fsa.Get(app, "/t", fsa.Open, show)
	fsa.Post(app, "/t", fsa.Open, show)
	th := func(id string) http.Header { return http.Header{"X-Tenant": {id}} }
	client(t, app).Run(t, withPath("/t", []fsatest.Case{
		{Name: "provided", Header: th("acme"), Query: url.Values{"n": {"1"}}, WantStatus: 200, WantExact: exactBody("acme 1 true")},
		{Name: "*Error is the answer", Query: url.Values{"n": {"1"}}, WantStatus: 403, WantExact: exactBody("no tenant")},
		{Name: "wrapped *Error", Header: th("wrapped"), WantStatus: 410, WantExact: exactBody("tenant is gone")},
		{Name: "other error", Header: th("broken"), Query: url.Values{"n": {"1"}}, WantStatus: 500,
			WantExact: exactBody("internal error caught at parameters on /t")},
		{Name: "not from the query", Header: th("acme"), Query: url.Values{"n": {"1"}, "t": {"other"}}, WantStatus: 400,
			WantExact: exactBody(`unexpected request parameter "t"`)},
		{Name: "not from JSON", Method: "POST", Header: th("acme"), JSON: map[string]any{"n": 1, "null": nil}, WantStatus: 400,
			WantExact: exactBody(`unexpected request parameter "null"`)},
		{Name: "with parameter problems", Header: th("acme"), Query: url.Values{"t": {"x"}, "zz": {"1"}}, WantStatus: 400,
			WantExact: problemLines(`unexpected request parameter "t"`, `parameter "n" is missing`, `unexpected http parameter "zz"`)},
	}))
}

func TestRemainingParameters(t *testing.T) {
	app := authApp(t)
	type in struct {
		N    int            `default:"0"`
		Rest map[string]any `param:"*"`
		Who  fsa.CurrentUser
	}
	show := func(_ *fsa.Context, in in) (any, error) {
		out := map[string]any{}
		for k, v := range in.Rest {
			if fh, ok := v.(*multipart.FileHeader); ok {
				v = "file " + fileContent(fh)
			}
			out[k] = v
		}
		return map[string]any{"n": in.N, "rest": out}, nil
	}
	fsa.Get(app, "/rest", fsa.Auth, show)
	fsa.Post(app, "/rest", fsa.Auth, show)
	fsa.Get(app, "/id/<id>", fsa.Open, func(_ *fsa.Context, in struct {
		ID   string
		Rest map[string]any `param:"*"`
	}) (any, error) {
		keys := make([]string, 0, len(in.Rest))
		for k := range in.Rest {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return in.ID + " " + strings.Join(keys, ","), nil
	})
	calvin := fsatest.Basic("calvin", "hobbes")
	client(t, app).Run(t, withPath("/rest", []fsatest.Case{
		{Name: "none", Auth: calvin, WantStatus: 200, WantExact: exactBody(`{"n":0,"rest":{}}` + "\n")},
		{Name: "query", Auth: calvin, Path: "/rest?a=1&b=x&a=2&n=3", WantStatus: 200, WantExact: exactBody(`{"n":3,"rest":{"a":"1","b":"x"}}` + "\n")},
		{Name: "query then form", Auth: calvin, Path: "/rest?a=1", Form: url.Values{"a": {"2"}, "c": {"3"}}, WantStatus: 200,
			WantExact: exactBody(`{"n":0,"rest":{"a":"1","c":"3"}}` + "\n")},
		{Name: "JSON values decoded", Method: "POST", Auth: calvin, Path: "/rest?q=1&j=2", JSON: map[string]any{"j": []any{1, "a", nil}, "o": map[string]any{"k": true}, "z": nil},
			WantStatus: 200, WantExact: exactBody(`{"n":0,"rest":{"j":[1,"a",null],"o":{"k":true},"q":"1","z":null}}` + "\n")},
		{Name: "files", Method: "POST", Auth: calvin, Files: url.Values{"f": {"data"}}, Form: url.Values{"v": {"1"}}, WantStatus: 200,
			WantExact: exactBody(`{"n":0,"rest":{"f":"file f:data","v":"1"}}` + "\n")},
		{Name: "auth parameters are not remaining", Auth: fsatest.Param("calvin", "hobbes"), Query: url.Values{"x": {"1"}}, WantStatus: 200,
			WantExact: exactBody(`{"n":0,"rest":{"x":"1"}}` + "\n")},
		{Name: "fields still convert", Auth: calvin, Path: "/rest?n=x&y=1", WantStatus: 400, WantExact: exactBody(`parameter "n" must be an integer`)},
		{Name: "special names still refused", Auth: calvin, Path: "/rest?who=susie&y=1", WantStatus: 400,
			WantExact: exactBody(`unexpected request parameter "who"`)},
		{Name: "not the path variable", Path: "/id/7?b=1&a=2", WantStatus: 200, WantExact: exactBody("7 a,b")},
		{Name: "path variable also sent", Path: "/id/7?id=1", WantStatus: 400, WantExact: exactBody(`parameter "id" both from path and request`)},
	}))
}

// uid is a UUID that converts itself.
type uid [16]byte

func (u *uid) UnmarshalText(b []byte) error {
	if n, err := hex.Decode(u[:], bytes.ReplaceAll(b, []byte("-"), nil)); err != nil || n != len(u) {
		return errors.New("not a UUID")
	}
	return nil
}

// pathFields has one field per path converter.
type pathFields struct {
	I int
	F float64
	U string
	P string
	S string
}

func TestPathConverters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in pathFields) (any, error) {
		return fmt.Sprintf("i=%d f=%g u=%s p=%s s=%s", in.I, in.F, in.U, in.P, in.S), nil
	}
	type ip struct {
		I int
		P string
		S string
	}
	fsa.Get(app, "/all/<int:i>/<float:f>/<uuid:u>/<string:s>/<path:p>", fsa.Open, show)
	fsa.Post(app, "/all/<int:i>/<float:f>/<uuid:u>/<string:s>/<path:p>", fsa.Open, show)
	fsa.Get(app, "/int/<int:i>", fsa.Open, func(_ *fsa.Context, in struct{ I int8 }) (any, error) { return fmt.Sprint(in.I), nil })
	fsa.Get(app, "/uint/<int:i>", fsa.Open, func(_ *fsa.Context, in struct{ I uint }) (any, error) { return fmt.Sprint(in.I), nil })
	fsa.Get(app, "/float/<float:f>", fsa.Open, func(_ *fsa.Context, in struct{ F float32 }) (any, error) { return fmt.Sprint(in.F), nil })
	fsa.Get(app, "/uuid/<uuid:u>", fsa.Open, func(_ *fsa.Context, in struct{ U string }) (any, error) { return in.U, nil })
	fsa.Get(app, "/uid/<uuid:u>", fsa.Open, func(_ *fsa.Context, in struct{ U uid }) (any, error) { return hex.EncodeToString(in.U[:]), nil })
	fsa.Get(app, "/path/<path:p>", fsa.Open, func(_ *fsa.Context, in struct{ P string }) (any, error) { return "[" + in.P + "]", nil })
	fsa.Get(app, "/string/<string:s>", fsa.Open, func(_ *fsa.Context, in struct{ S string }) (any, error) { return "[" + in.S + "]", nil })
	fsa.Get(app, "/echo/:s/x", fsa.Open, func(_ *fsa.Context, in struct{ S string }) (any, error) { return "[" + in.S + "]", nil })
	fsa.Get(app, "/flask/<s>", fsa.Open, func(_ *fsa.Context, in struct{ S string }) (any, error) { return "[" + in.S + "]", nil })
	fsa.Get(app, "/plain/<i>", fsa.Open, func(_ *fsa.Context, in struct{ I int }) (any, error) { return fmt.Sprint(in.I), nil })
	fsa.Get(app, "/mix/:i/<s>/<path:p>", fsa.Open, func(_ *fsa.Context, in ip) (any, error) { return fmt.Sprint(in.I, " ", in.S, " ", in.P), nil })
	uuid := "123e4567-e89b-12d3-a456-426614174000"
	client(t, app).Run(t, []fsatest.Case{
		{Name: "all", Path: "/all/42/1.5/" + uuid + "/str/a/b/c", WantStatus: 200,
			WantExact: exactBody("i=42 f=1.5 u=" + uuid + " p=a/b/c s=str")},
		{Name: "int leading zeros", Path: "/int/007", WantStatus: 200, WantExact: exactBody("7")},
		{Name: "int zeros", Path: "/int/000", WantStatus: 200, WantExact: exactBody("0")},
		{Name: "int max", Path: "/int/127", WantStatus: 200, WantExact: exactBody("127")},
		{Name: "int out of range", Path: "/int/128", WantStatus: 404, WantExact: exactBody("not found")},
		{Name: "int negative", Path: "/int/-1", WantStatus: 404},
		{Name: "int plus", Path: "/int/+1", WantStatus: 404},
		{Name: "int hexadecimal", Path: "/int/0x1", WantStatus: 404},
		{Name: "int underscore", Path: "/int/1_0", WantStatus: 404},
		{Name: "int decimal", Path: "/int/1.0", WantStatus: 404},
		{Name: "int space", Path: "/int/%201", WantStatus: 404},
		{Name: "uint", Path: "/uint/18446744073709551615", WantStatus: 200, WantExact: exactBody("18446744073709551615")},
		{Name: "float", Path: "/float/007.250", WantStatus: 200, WantExact: exactBody("7.25")},
		{Name: "float without decimals", Path: "/float/1", WantStatus: 404},
		{Name: "float negative", Path: "/float/-1.5", WantStatus: 404},
		{Name: "float exponent", Path: "/float/1.5e3", WantStatus: 404},
		{Name: "float leading dot", Path: "/float/.5", WantStatus: 404},
		{Name: "float NaN", Path: "/float/NaN", WantStatus: 404},
		{Name: "float32 overflow", Path: "/float/1" + strings.Repeat("0", 40) + ".0", WantStatus: 404},
		{Name: "uuid upper case", Path: "/uuid/" + strings.ToUpper(uuid), WantStatus: 200, WantExact: exactBody(strings.ToUpper(uuid))},
		{Name: "uuid converting itself", Path: "/uid/" + uuid, WantStatus: 200, WantExact: exactBody(strings.ReplaceAll(uuid, "-", ""))},
		{Name: "uuid converting itself, no dashes", Path: "/uid/" + strings.ReplaceAll(uuid, "-", ""), WantStatus: 404},
		{Name: "uuid without dashes", Path: "/uuid/" + strings.ReplaceAll(uuid, "-", ""), WantStatus: 404},
		{Name: "uuid braces", Path: "/uuid/{" + uuid + "}", WantStatus: 404},
		{Name: "uuid not hexadecimal", Path: "/uuid/" + strings.Replace(uuid, "1", "g", 1), WantStatus: 404},
		{Name: "path", Path: "/path/a/b/c.txt", WantStatus: 200, WantExact: exactBody("[a/b/c.txt]")},
		{Name: "path trailing slash", Path: "/path/a/", WantStatus: 200, WantExact: exactBody("[a/]")},
		{Name: "path encoded slash", Path: "/path/a%2Fb/c", WantStatus: 200, WantExact: exactBody("[a/b/c]")},
		{Name: "path encoded", Path: "/path/caf%C3%A9/%20x", WantStatus: 200, WantExact: exactBody("[café/ x]")},
		{Name: "path empty", Path: "/path/", WantStatus: 404},
		{Name: "path none", Path: "/path", WantStatus: 404},
		{Name: "path leading slash", Path: "/path//a", WantStatus: 404},
		{Name: "string", Path: "/string/a%20b", WantStatus: 200, WantExact: exactBody("[a b]")},
		{Name: "string with a slash", Path: "/string/a/b", WantStatus: 404},
		{Name: "string trailing slash", Path: "/string/a/", WantStatus: 404},
		{Name: "string encoded slash", Path: "/string/a%2Fb", WantStatus: 200, WantExact: exactBody("[a/b]")},
		{Name: "string empty", Path: "/string/", WantStatus: 404},
		{Name: "echo syntax", Path: "/echo/pen/x", WantStatus: 200, WantExact: exactBody("[pen]")},
		{Name: "echo syntax, empty", Path: "/echo//x", WantStatus: 404},
		{Name: "flask syntax", Path: "/flask/pen", WantStatus: 200, WantExact: exactBody("[pen]")},
		{Name: "flask syntax with a slash", Path: "/flask/pen/cap", WantStatus: 404},
		{Name: "plain int", Path: "/plain/0x10", WantStatus: 200, WantExact: exactBody("16")},
		{Name: "plain int leading zero", Path: "/plain/010", WantStatus: 404},
		{Name: "plain int not converting", Path: "/plain/ten", WantStatus: 404},
		{Name: "mixed", Path: "/mix/-5/s/p/q", WantStatus: 200, WantExact: exactBody("-5 s p/q")},
		{Name: "both from path and query", Path: "/all/1/1.5/" + uuid + "/s/p?i=2&s=t", WantStatus: 400,
			WantExact: problemLines(`parameter "i" both from path and request`, `parameter "s" both from path and request`)},
		{Name: "both from path and form", Path: "/all/1/1.5/" + uuid + "/s/p", Form: url.Values{"p": {"x"}}, WantStatus: 400,
			WantExact: exactBody(`parameter "p" both from path and request`)},
		{Name: "both from path and JSON", Method: "POST", Path: "/all/1/1.5/" + uuid + "/s/p", JSON: map[string]any{"f": 2.5, "x": 1}, WantStatus: 400,
			WantExact: problemLines(`parameter "f" both from path and request`, `unexpected json parameter "x"`)},
		{Name: "not found beats both from path and request", Path: "/int/x?i=1", WantStatus: 404, WantExact: exactBody("not found")},
		{Name: "not found beats parameter problems", Path: "/all/1/x.5/" + uuid + "/s/p?i=2&zz=1", WantStatus: 404, WantExact: exactBody("not found")},
	})
}

// manyProblems has fields of every kind, for a request with many problems.
type manyProblems struct {
	A   int
	B   []int
	C   pet
	D   *float64
	Agt string `header:"X-Agent"`
	E   bool
	F   map[string]int
	G   string `validate:"email"`
	H   *multipart.FileHeader
}

func TestAllProblemsAtOnce(t *testing.T) {
	app := newApp(t, nil)
	fsa.Post(app, "/p", fsa.Open, func(*fsa.Context, manyProblems) (any, error) { return "ok", nil })
	client(t, app).Run(t, withPath("/p", []fsatest.Case{
		{Name: "JSON", Method: "POST", Path: "/p?zz=1&agt=1", Header: http.Header{"X-Agent": {"a"}},
			JSON:       map[string]any{"a": "one", "b": []any{1, "2"}, "c": map[string]any{"kind": "cow"}, "d": "inf", "F": map[string]any{}, "g": "nope", "h": "x", "yy": 1},
			WantStatus: 400, WantExact: problemLines(`parameter "a" must be an integer`, `parameter "b[1]" must be an integer`,
				`parameter "c.kind" must be one of: cat, dog, tiger`, `parameter "d" must be a finite number`, `unexpected request parameter "agt"`,
				`parameter "e" is missing`, `parameter "f" is missing`, `parameter "g" must be an email address`, `parameter "h" must be an uploaded file`,
				`unexpected json parameter "F"`, `unexpected json parameter "yy"`, `unexpected http parameter "zz"`)},
		{Name: "form", Method: "POST", Form: url.Values{"a": {"1"}, "b": {"1", "x"}, "c": {"{}"}, "e": {"no"}, "f": {"[]"}, "g": {"a@b.c"}},
			WantStatus: 400, WantExact: problemLines(`parameter "b[1]" must be an integer`, `parameter "c.kind" is missing`, `header "X-Agent" is missing`,
				`parameter "f" must be an object`)},
		{Name: "ok", Method: "POST", Header: http.Header{"X-Agent": {"a"}}, Files: url.Values{"h": {"x"}},
			Form:       url.Values{"a": {"1"}, "b": {"1"}, "c": {`{"kind":"dog"}`}, "e": {"no"}, "f": {"{}"}, "g": {"a@b.c"}},
			WantStatus: 200, WantExact: exactBody("ok")},
	}))
}
