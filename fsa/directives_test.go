package fsa_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// The fake scheme, custom schemes, and FlaskSimpleAuth's http-* aliases.
func TestMoreSchemes(t *testing.T) {
	app := authApp(t, "FSA_AUTH", []string{"fake", "code", "http-basic", "http-token", "none"}, "FSA_ERROR_RESPONSE", "json:oops",
		"FSA_TOKEN_SECRET", vectorSecret)
	app.Authentication("code", func(_ context.Context, r *http.Request) (string, error) {
		switch code := r.Header.Get("Code"); code {
		case "":
			return "", nil
		case "bad":
			return "", &fsa.Error{Status: 401, Message: "invalid code", Header: http.Header{"Oops": {"bad code"}}}
		case "down":
			return "", errors.New("code server down at 10.0.0.1")
		default:
			return code, nil
		}
	})
	fsa.Get(app, "/who", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return c.User() + " (" + c.Scheme() + ")", nil })
	fsa.Get(app, "/fake", fsa.Auth, who, fsa.Authn("fake"))
	token, err := app.CreateToken("susie")
	if err != nil {
		t.Fatal(err)
	}
	exact := func(s string) *string { return fsatest.String(`{"oops":"` + s + `"}` + "\n") }
	client(t, app).Run(t, []fsatest.Case{
		{Name: "fake", Path: "/who?LOGIN=calvin", WantStatus: 200, WantBody: "calvin (fake)"},
		{Name: "fake in a form", Path: "/who", Form: url.Values{"LOGIN": {"hobbes"}}, WantStatus: 200, WantBody: "hobbes (fake)"},
		{Name: "fake in JSON", Path: "/who", JSON: map[string]any{"LOGIN": "hobbes"}, WantStatus: 200, WantBody: "hobbes (fake)"},
		{Name: "fake empty", Path: "/fake?LOGIN=", WantStatus: 401, WantExact: exact("missing fake login parameter: LOGIN")},
		{Name: "fake remote", Path: "/fake?LOGIN=calvin", RemoteAddr: "[::1]:1", WantStatus: 200},
		{Name: "custom", Path: "/who", Header: http.Header{"Code": {"hobbes"}}, WantStatus: 200, WantBody: "hobbes (code)"},
		{Name: "custom refused", Path: "/who", Header: http.Header{"Code": {"bad"}}, WantStatus: 401, WantExact: exact("invalid code"),
			WantHeader: map[string]string{"Oops": "bad code"}},
		{Name: "custom failing", Path: "/who", Header: http.Header{"Code": {"down"}}, WantStatus: 500,
			WantExact: exact("internal error caught at authentication on /who")},
		{Name: "http-basic", Path: "/who", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 200, WantBody: "calvin (http-basic)"},
		{Name: "http-token", Path: "/who", Auth: fsatest.Bearer(token), WantStatus: 200, WantBody: "susie (http-token)"},
		{Name: "nothing", Path: "/who", WantStatus: 401, WantExact: exact("missing authentication"),
			WantHeader: map[string]string{"WWW-Authenticate": `Basic realm="test", Bearer realm="test"`}},
	})
	for _, tt := range []struct {
		name       string
		directives []any
		declare    func(*fsa.App)
		want       string
	}{
		{"custom with a built-in name", nil, func(app *fsa.App) { app.Authentication("basic", nil) }, `Authentication: "basic" is a built-in scheme name`},
		{"custom not registered", []any{"FSA_AUTH", []string{"code"}}, nil, `unknown authentication scheme "code"`},
		{"httpd without proxies", []any{"FSA_AUTH", []string{"httpd"}}, nil, "httpd needs FSA_TRUSTED_PROXIES"},
	} {
		app := newApp(t, nil, tt.directives...)
		if tt.declare != nil {
			tt.declare(app)
		}
		if err := app.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		}
	}
}

// FSA_CORS and FSA_CORS_OPTS go through echo's CORS middleware.
func TestCORS(t *testing.T) {
	app := newApp(t, nil, "FSA_CORS", true, "FSA_CORS_OPTS", map[string]any{"origins": []string{"https://acme.org"},
		"supports_credentials": true, "max_age": 600, "expose_headers": "X-Total"})
	fsa.Get(app, "/hello", fsa.Open, hello)
	preflight := http.Header{"Origin": {"https://acme.org"}, "Access-Control-Request-Method": {"GET"}}
	client(t, app).Run(t, []fsatest.Case{
		{Name: "preflight", Method: "OPTIONS", Path: "/hello", Header: preflight, WantStatus: 204,
			WantHeader: map[string]string{"Access-Control-Allow-Origin": "https://acme.org", "Access-Control-Allow-Credentials": "true", "Access-Control-Max-Age": "600"}},
		{Name: "simple request", Path: "/hello", Header: http.Header{"Origin": {"https://acme.org"}}, WantStatus: 200,
			WantHeader: map[string]string{"Access-Control-Allow-Origin": "https://acme.org", "Access-Control-Expose-Headers": "X-Total", "Vary": "Origin"}},
		{Name: "other origin", Path: "/hello", Header: http.Header{"Origin": {"https://evil.example"}}, WantStatus: 200,
			WantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},
	})
	open := newApp(t, nil, "FSA_CORS", true)
	fsa.Get(open, "/hello", fsa.Open, hello)
	client(t, open).Check(t, fsatest.Case{Name: "default: every origin", Path: "/hello", Header: http.Header{"Origin": {"https://any.example"}},
		WantStatus: 200, WantHeader: map[string]string{"Access-Control-Allow-Origin": "*"}})
	off := newApp(t, nil)
	fsa.Get(off, "/hello", fsa.Open, hello)
	client(t, off).Check(t, fsatest.Case{Name: "off", Path: "/hello", Header: http.Header{"Origin": {"https://any.example"}},
		WantStatus: 200, WantHeader: map[string]string{"Access-Control-Allow-Origin": ""}})
	for _, opts := range []map[string]any{{"supports_credentials": true}, {"nope": 1}, {"max_age": "x"}} {
		if _, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set("FSA_CORS", true), fsa.Set("FSA_CORS_OPTS", opts)); err == nil {
			t.Errorf("FSA_CORS_OPTS %v accepted", opts)
		}
	}
}

// FSA_401_REDIRECT and FSA_URL_NAME send a 401 to a login page.
func TestRedirect401(t *testing.T) {
	app := authApp(t, "FSA_401_REDIRECT", "/login-page", "FSA_URL_NAME", "next")
	fsa.Get(app, "/who", fsa.Auth, who)
	fsa.Post(app, "/who", fsa.Auth, who)
	remote := httptest.NewRequest("GET", "https://acme.org/who?x=1", nil)
	remote.RemoteAddr = "127.0.0.1:1"
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, remote)
	if got := rec.Header().Get("Location"); rec.Code != 307 || got != "/login-page?next=https%3A%2F%2Facme.org%2Fwho%3Fx%3D1" {
		t.Errorf("%d Location %q", rec.Code, got)
	}
	client(t, app).Run(t, []fsatest.Case{
		{Name: "GET", Path: "/who?x=1", WantStatus: 307,
			WantHeader: map[string]string{"Location": "/login-page?next=%2Fwho%3Fx%3D1", "WWW-Authenticate": ""}},
		{Name: "POST", Method: "POST", Path: "/who", WantStatus: 307, WantHeader: map[string]string{"Location": "/login-page"}},
		{Name: "authenticated", Path: "/who", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 200},
		{Name: "bad password", Path: "/who", Auth: fsatest.Basic("calvin", "x"), WantStatus: 307},
	})
}

// The before-request, before-exec and after-request hooks, and path checks.
func TestRequestHooks(t *testing.T) {
	app := authApp(t)
	var trace []string
	app.BeforeRequest(func(c *fsa.Context) error {
		trace = append(trace, "before request "+c.User())
		switch c.Request().Header.Get("Stop") {
		case "request":
			return fsa.Err(418, "stopped")
		case "crash":
			return errors.New("hook down")
		}
		return nil
	})
	app.BeforeExec(func(c *fsa.Context) error {
		trace = append(trace, "before exec "+c.User())
		if c.Request().Header.Get("Stop") == "exec" {
			return fsa.Err(503, "not now")
		}
		return nil
	})
	app.AfterRequest(func(c *fsa.Context, status int) {
		if c.User() != "" {
			c.Header().Set("Cool", c.User())
		}
		trace = append(trace, "after "+http.StatusText(status))
	})
	app.AfterRequest(func(*fsa.Context, int) { panic("after hook") })
	fsa.Get(app, "/who", fsa.Auth, who)
	fsa.Get(app, "/open", fsa.Open, hello)
	basic := fsatest.Basic("calvin", "hobbes")
	c := client(t, app)
	for _, tt := range []struct {
		tc    fsatest.Case
		trace string
	}{
		{fsatest.Case{Path: "/who", Auth: basic, WantStatus: 200, WantHeader: map[string]string{"Cool": "calvin"}},
			"before request ,before exec calvin,after OK"},
		{fsatest.Case{Path: "/open", WantStatus: 200}, "before request ,before exec ,after OK"},
		{fsatest.Case{Path: "/who", WantStatus: 401, WantHeader: map[string]string{"Cool": ""}}, "before request ,after Unauthorized"},
		{fsatest.Case{Path: "/who", Auth: basic, Header: http.Header{"Stop": {"request"}}, WantStatus: 418, WantExact: fsatest.String("stopped")},
			"before request ,after I'm a teapot"},
		{fsatest.Case{Path: "/who", Auth: basic, Header: http.Header{"Stop": {"crash"}}, WantStatus: 500,
			WantExact: fsatest.String("internal error caught at before request hook on /who")}, "before request ,after Internal Server Error"},
		{fsatest.Case{Path: "/who", Auth: basic, Header: http.Header{"Stop": {"exec"}}, WantStatus: 503, WantHeader: map[string]string{"Cool": "calvin"}},
			"before request ,before exec calvin,after Service Unavailable"},
	} {
		trace = nil
		c.Check(t, tt.tc)
		if got := strings.Join(trace, ","); got != tt.trace {
			t.Errorf("%s %s: trace %q, want %q", tt.tc.Path, tt.tc.Header, got, tt.trace)
		}
	}
	checked := newApp(t, nil)
	checked.PathCheck(func(method, path string) error {
		if strings.Contains(path, "get") {
			return errors.New("path contains a method name")
		}
		return nil
	})
	fsa.Get(checked, "/get-stuff", fsa.Open, hello)
	fsa.Get(checked, "/stuff", fsa.Open, hello)
	if err := checked.Check(); err == nil || err.Error() != "route GET /get-stuff: bad path: path contains a method name" {
		t.Errorf("path check: %v", err)
	}
}

// FSA_HANDLE_ALL_ERRORS, FSA_KEEP_USER_ERRORS, FSA_DEFAULT_CONTENT_TYPE
// and FSA_LOGGING_LEVEL.
func TestErrorAndContentDirectives(t *testing.T) {
	crash := func(*fsa.Context, none) (any, error) { return nil, errors.New("database down") }
	all := newApp(t, nil, "FSA_ERROR_RESPONSE", "json:error")
	echoErrors := newApp(t, nil, "FSA_ERROR_RESPONSE", "json:error", "FSA_HANDLE_ALL_ERRORS", false, "FSA_KEEP_USER_ERRORS", true,
		"FSA_DEFAULT_CONTENT_TYPE", "application/xml")
	for _, app := range []*fsa.App{all, echoErrors} {
		fsa.Get(app, "/crash", fsa.Open, crash)
		fsa.Get(app, "/xml", fsa.Open, func(*fsa.Context, none) (any, error) { return "<a/>", nil })
		fsa.Get(app, "/json", fsa.Open, func(*fsa.Context, none) (any, error) { return []int{1}, nil })
	}
	client(t, all).Run(t, []fsatest.Case{
		{Name: "404 formatted", Path: "/nowhere", WantStatus: 404, WantExact: fsatest.String(`{"error":"not found"}` + "\n")},
		{Name: "internal error", Path: "/crash", WantStatus: 500, WantExact: fsatest.String(`{"error":"internal error caught at handler on /crash"}` + "\n")},
		{Name: "text", Path: "/xml", WantStatus: 200, WantHeader: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
	})
	client(t, echoErrors).Run(t, []fsatest.Case{
		{Name: "404 by echo", Path: "/nowhere", WantStatus: 404, WantBody: `{"message":"Not Found"}`},
		{Name: "internal error kept, echo's answer", Path: "/crash", WantStatus: 500, WantExact: fsatest.String(`{"message":"Internal Server Error"}` + "\n")},
		{Name: "default content type", Path: "/xml", WantStatus: 200, WantExact: fsatest.String("<a/>"),
			WantHeader: map[string]string{"Content-Type": "application/xml"}},
		{Name: "JSON stays JSON", Path: "/json", WantStatus: 200, WantHeader: map[string]string{"Content-Type": "application/json"}},
	})
	for _, bad := range []any{"LOUD", 15, true} {
		if _, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set("FSA_LOGGING_LEVEL", bad)); err == nil {
			t.Errorf("FSA_LOGGING_LEVEL %v accepted", bad)
		}
	}
	for _, good := range []any{"warning", 40, "DEBUG"} {
		if _, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set("FSA_LOGGING_LEVEL", good)); err != nil {
			t.Errorf("FSA_LOGGING_LEVEL %v: %v", good, err)
		}
	}
	var logs bytes.Buffer
	newApp(t, &logs, "FSA_SECURE", false)
	if !strings.Contains(logs.String(), "FSA_SECURE is off") {
		t.Errorf("no warning for FSA_SECURE off: %s", logs.String())
	}
}

// FSA_LOGGING_LEVEL sets the level of the default logger, on stderr.
func TestLoggingLevel(t *testing.T) {
	stderr := os.Stderr
	defer func() { os.Stderr = stderr }()
	for _, tt := range []struct {
		level any
		warns bool
	}{{nil, true}, {"WARNING", true}, {30, true}, {"ERROR", false}, {40, false}} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		os.Stderr = w
		opts := []fsa.Option{fsa.LookupEnv(nil), fsa.Set("FSA_SECURE", false)} // a warning
		if tt.level != nil {
			opts = append(opts, fsa.Set("FSA_LOGGING_LEVEL", tt.level))
		}
		_, err = fsa.New("test", opts...)
		w.Close()
		out, _ := io.ReadAll(r)
		if err != nil || strings.Contains(string(out), "FSA_SECURE is off") != tt.warns {
			t.Errorf("FSA_LOGGING_LEVEL %v: %v, logged %q", tt.level, err, out)
		}
	}
}
