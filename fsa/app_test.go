package fsa_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/labstack/echo/v4"
)

// newApp returns an app configured by the given directives only (the
// environment is ignored), with its logs in logs.
func newApp(t *testing.T, logs *bytes.Buffer, directives ...any) *fsa.App {
	t.Helper()
	if logs == nil {
		logs = &bytes.Buffer{}
	}
	logger := fsa.Logger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	return fsatest.NewApp(t, "test", append(fsatest.Directives(directives...), logger)...)
}

// client checks app and returns a test client for it.
func client(t *testing.T, app *fsa.App) *fsatest.Client {
	t.Helper()
	h, err := app.Handler()
	if err != nil {
		t.Fatalf("Handler: %v", err)
	}
	return fsatest.New(h)
}

type none = struct{}

func hello(*fsa.Context, none) (any, error) { return "hello", nil }

func TestAuthorizations(t *testing.T) {
	app := newApp(t, nil)
	fsa.Get(app, "/open", fsa.Open, hello)
	fsa.Get(app, "/close", fsa.Close, hello)
	fsa.Get(app, "/auth", fsa.Auth, hello)
	fsa.Get(app, "/nil", nil, hello)
	fsa.Get(app, "/empty", fsa.All(), hello)
	fsa.Get(app, "/all-close", fsa.All(fsa.Open, fsa.Close), hello)
	fsa.Get(app, "/all-open", fsa.All(fsa.Open, fsa.Open), hello)
	fsa.Get(app, "/authn-none", fsa.Auth, hello, fsa.Authn("none"))
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/open", WantStatus: 200, WantExact: fsatest.String("hello")},
		{Path: "/close", WantStatus: 403, WantBody: "currently closed route"},
		// with none as the only scheme nobody can authenticate: AUTH is CLOSE
		{Path: "/auth", WantStatus: 403},
		{Path: "/nil", WantStatus: 403},
		{Path: "/empty", WantStatus: 403},
		{Path: "/all-close", WantStatus: 403},
		{Path: "/all-open", WantStatus: 200},
		{Path: "/authn-none", WantStatus: 403, WantBody: "currently closed route"},
		{Path: "/nowhere", WantStatus: 404, WantExact: fsatest.String("not found")},
		{Method: "POST", Path: "/open", WantStatus: 405, WantHeader: map[string]string{"Allow": "OPTIONS, GET, HEAD"}},
		{Method: "HEAD", Path: "/open", WantStatus: 200, WantExact: fsatest.String("")},
		{Method: "HEAD", Path: "/close", WantStatus: 403, WantExact: fsatest.String("")},
	})
}

func TestOpenBecomesAuthWithoutNone(t *testing.T) {
	// FSA_AUTH lists no none scheme: OPEN needs a user.
	app := newApp(t, nil, "FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_OPTS", map[string]any{"rounds": 4})
	hash, err := app.HashPassword("hobbes")
	if err != nil {
		t.Fatal(err)
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": hash}[login], nil
	})
	fsa.Get(app, "/open", fsa.Open, hello)
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/open", WantStatus: 401},
		{Path: "/open", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 200},
	})
}

func TestDeclarationErrors(t *testing.T) {
	type unsupported struct {
		C chan int
	}
	type duplicate struct {
		A string `param:"x"`
		B string `param:"x"`
	}
	type badDefault struct {
		N int `default:"ten"`
	}
	type invalidDefault struct {
		N int `default:"-1" validate:"gte=0"`
	}
	type pathDefault struct {
		ID int `default:"1"`
	}
	type noPathField struct{}
	type badTag struct {
		N int `validate:"nosuchtag"`
	}

	tests := []struct {
		name    string
		declare func(app *fsa.App)
		want    string
	}{
		{"group without hook", func(app *fsa.App) { fsa.Get(app, "/g", fsa.Group("admin"), hello) },
			`route GET /g: cannot check group "admin": register GroupCheck("admin", ...) or UserInGroup`},
		{"empty group", func(app *fsa.App) { fsa.Get(app, "/g", fsa.Group(), hello) },
			`route GET /g: Group needs at least one group name`},
		{"open mixed", func(app *fsa.App) { fsa.Get(app, "/m", fsa.All(fsa.Open, fsa.Auth), hello) },
			`route GET /m: cannot mix Open with other authorizations`},
		{"scheme not enabled", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Open, hello, fsa.Authn("basic")) },
			`route GET /s: scheme "basic" is not enabled in FSA_AUTH`},
		{"nil handler", func(app *fsa.App) { fsa.Get[none, any](app, "/h", fsa.Open, nil) },
			`route GET /h: nil handler`},
		{"relative path", func(app *fsa.App) { fsa.Get(app, "h", fsa.Open, hello) },
			`route GET h: path must start with /`},
		{"input not a struct", func(app *fsa.App) {
			fsa.Get(app, "/i", fsa.Open, func(*fsa.Context, int) (any, error) { return nil, nil })
		}, `route GET /i: input type int must be a struct`},
		{"unsupported type", func(app *fsa.App) {
			fsa.Get(app, "/u", fsa.Open, func(*fsa.Context, unsupported) (any, error) { return nil, nil })
		}, `route GET /u: field C (parameter "c"): unsupported type chan int`},
		{"duplicate name", func(app *fsa.App) {
			fsa.Get(app, "/d", fsa.Open, func(*fsa.Context, duplicate) (any, error) { return nil, nil })
		}, `route GET /d: field B (parameter "x"): another field has the same request name`},
		{"bad default", func(app *fsa.App) {
			fsa.Get(app, "/b", fsa.Open, func(*fsa.Context, badDefault) (any, error) { return nil, nil })
		}, `route GET /b: field N (parameter "n"): default must be an integer`},
		{"invalid default", func(app *fsa.App) {
			fsa.Get(app, "/v", fsa.Open, func(*fsa.Context, invalidDefault) (any, error) { return nil, nil })
		}, `route GET /v: field N (parameter "n"): default value fails validation "gte=0"`},
		{"path default", func(app *fsa.App) {
			fsa.Get(app, "/p/:id", fsa.Open, func(*fsa.Context, pathDefault) (any, error) { return nil, nil })
		}, `route GET /p/:id: field ID (parameter "id"): a path variable cannot have a default`},
		{"unknown validate tag", func(app *fsa.App) {
			fsa.Get(app, "/t", fsa.Open, func(*fsa.Context, badTag) (any, error) { return nil, nil })
		}, `route GET /t: field N (parameter "n"): unknown validate tag "nosuchtag"`},
		{"declared twice", func(app *fsa.App) {
			fsa.Get(app, "/twice", fsa.Open, hello)
			fsa.Get(app, "/twice", fsa.Close, hello)
		}, `route GET /twice: declared twice`},
		{"path converter not last", func(app *fsa.App) {
			fsa.Get(app, "/p/<path:rest>/x", fsa.Open, func(*fsa.Context, struct{ Rest string }) (any, error) { return nil, nil })
		}, `route GET /p/*/x: a path converter must end the path`},
		{"unknown converter", func(app *fsa.App) {
			fsa.Get(app, "/p/<bad:rest>", fsa.Open, func(*fsa.Context, struct{ Rest string }) (any, error) { return nil, nil })
		}, `route GET /p/:rest: unexpected converter "bad"`},
		{"path variable without field", func(app *fsa.App) {
			fsa.Get(app, "/p/<sid>", fsa.Open, func(*fsa.Context, noPathField) (any, error) { return nil, nil })
		}, `route GET /p/:sid: path variable "sid" has no input field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, nil)
			tt.declare(app)
			err := app.Check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check: %v\nwant: %s", err, tt.want)
			}
			if _, herr := app.Handler(); herr == nil {
				t.Error("Handler serves an app that does not check")
			}
			if serr := app.Start("127.0.0.1:0"); serr == nil || serr.Error() != err.Error() {
				t.Errorf("Start: %v", serr)
			}
			res := fsatest.New(app).Do(t, fsatest.Case{Path: "/"})
			if res.StatusCode != 500 {
				t.Errorf("ServeHTTP of an app that does not check: %d", res.StatusCode)
			}
		})
	}
}

func TestSchemeErrors(t *testing.T) {
	tests := []struct {
		auth, authDefault any
		authn             []string
		want              string
	}{
		{auth: []string{"nope"}, want: `FSA_AUTH: unknown authentication scheme "nope"`},
		{auth: []string{"digest"}, want: `FSA_AUTH: digest needs the DigestHA1 hook, or GetUserPass with plaintext passwords`},
		{auth: "oauth", want: `FSA_AUTH: oauth token authorizations require JWT (FSA_TOKEN_TYPE jwt) and FSA_TOKEN_ISSUER`},
		{auth: []string{"password"}, authn: []string{"token"}, want: `route GET /r: scheme "token" is not enabled in FSA_AUTH`},
		{auth: "none", authn: []string{"nope"}, want: `route GET /r: scheme "nope" is not enabled in FSA_AUTH`},
		{auth: "none", authn: []string{"password"}, want: `route GET /r: scheme "basic" is not enabled in FSA_AUTH`},
	}
	for _, tt := range tests {
		directives := []any{"FSA_AUTH", tt.auth}
		if tt.authDefault != nil {
			directives = append(directives, "FSA_AUTH_DEFAULT", tt.authDefault)
		}
		app := newApp(t, nil, directives...)
		var opts []fsa.RouteOption
		if tt.authn != nil {
			opts = append(opts, fsa.Authn(tt.authn...))
		}
		fsa.Get(app, "/r", fsa.Open, hello, opts...)
		if err := app.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("FSA_AUTH %v, FSA_AUTH_DEFAULT %v, Authn %v: %v\nwant %s", tt.auth, tt.authDefault, tt.authn, err, tt.want)
		}
	}
}

func TestAllDeclarationErrorsAtOnce(t *testing.T) {
	app := newApp(t, nil, "FSA_AUTH", []string{"basic", "nope"})
	fsa.Get(app, "/a", fsa.Group("a"), hello)
	fsa.Get(app, "/b", fsa.Group("b"), hello)
	err := app.Check()
	for _, want := range []string{`option: FSA_AUTH: unknown authentication scheme "nope"`,
		`route GET /a: cannot check group "a"`, `route GET /b: cannot check group "b"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check: %v\nwant: %s", err, want)
		}
	}
}

func TestDeclarationAfterCheck(t *testing.T) {
	var logs bytes.Buffer
	app := newApp(t, &logs)
	fsa.Get(app, "/a", fsa.Open, hello)
	if err := app.Check(); err != nil {
		t.Fatal(err)
	}
	fsa.Get(app, "/late", fsa.Open, hello)
	// Check has run: the late route is not served, and the log says why.
	fsatest.New(app).Check(t, fsatest.Case{Path: "/late", WantStatus: 404})
	if !strings.Contains(logs.String(), `route declared after the app was checked is not served`) ||
		!strings.Contains(logs.String(), `route="GET /late"`) {
		t.Errorf("late route not logged: %s", logs.String())
	}
}

func TestErrorResponse(t *testing.T) {
	tests := []struct {
		mode, ctype, body404, body403 string
	}{
		{"plain", "text/plain; charset=utf-8", "not found", "currently closed route"},
		{"json", "application/json", `"not found"` + "\n", `"currently closed route"` + "\n"},
		{"json:error", "application/json", `{"error":"not found"}` + "\n", `{"error":"currently closed route"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			app := newApp(t, nil, "FSA_ERROR_RESPONSE", tt.mode)
			fsa.Get(app, "/close", fsa.Close, hello)
			ct := map[string]string{"Content-Type": tt.ctype}
			client(t, app).Run(t, []fsatest.Case{
				{Path: "/nowhere", WantStatus: 404, WantExact: &tt.body404, WantHeader: ct},
				{Path: "/close", WantStatus: 403, WantExact: &tt.body403, WantHeader: ct},
				{Method: "DELETE", Path: "/close", WantStatus: 405, WantHeader: map[string]string{"Allow": "OPTIONS, GET, HEAD", "Content-Type": tt.ctype}},
			})
		})
	}
	t.Run("formatter", func(t *testing.T) {
		app, err := fsa.New("test", fsa.LookupEnv(nil), fsa.ErrorFormat(func(msg string, status int) ([]byte, string) {
			return []byte("<error>" + msg + "</error>"), "application/xml"
		}))
		if err != nil {
			t.Fatal(err)
		}
		client(t, app).Check(t, fsatest.Case{Path: "/x", WantStatus: 404,
			WantExact: fsatest.String("<error>not found</error>"), WantHeader: map[string]string{"Content-Type": "application/xml"}})
	})
}

func TestHandlerResults(t *testing.T) {
	var logs bytes.Buffer
	app := newApp(t, &logs, "FSA_SERVER_ERROR", 502)
	fsa.Get(app, "/text", fsa.Open, func(*fsa.Context, none) (any, error) { return "héllo", nil })
	fsa.Get(app, "/json", fsa.Open, func(*fsa.Context, none) (any, error) {
		return map[string]any{"b": 1, "a": "é"}, nil
	})
	fsa.Get(app, "/nil", fsa.Open, func(*fsa.Context, none) (any, error) { return nil, nil })
	fsa.Post(app, "/created", fsa.Open, func(c *fsa.Context, none none) (any, error) {
		c.Status(http.StatusCreated)
		c.Header().Set("Location", "/created/1")
		return "created", nil
	})
	fsa.Put(app, "/fsa-error", fsa.Open, func(*fsa.Context, none) (any, error) {
		return nil, fmt.Errorf("adding stuff: %w", fsa.Err(409, "cannot overwrite existing stuff: pinte"))
	})
	fsa.Patch(app, "/header-error", fsa.Open, func(*fsa.Context, none) (any, error) {
		return nil, &fsa.Error{Status: 418, Message: "teapot", Header: http.Header{"Oops": {"tea"}}}
	})
	fsa.Delete(app, "/hook-error", fsa.Open, func(*fsa.Context, none) (any, error) {
		return nil, errors.New("database password=hunter2 refused")
	})
	fsa.Get(app, "/panic", fsa.Open, func(*fsa.Context, none) (any, error) { panic("secret=hunter2") })
	fsa.Get(app, "/unencodable", fsa.Open, func(*fsa.Context, none) (any, error) { return func() {}, nil })
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/text", WantStatus: 200, WantExact: fsatest.String("héllo"),
			WantHeader: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
		{Path: "/json", WantStatus: 200, WantExact: fsatest.String(`{"a":"é","b":1}` + "\n"),
			WantHeader: map[string]string{"Content-Type": "application/json"}},
		{Path: "/nil", WantStatus: 200, WantExact: fsatest.String(""), WantHeader: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
		{Method: "POST", Path: "/created", WantStatus: 201, WantBody: "created", WantHeader: map[string]string{"Location": "/created/1"}},
		{Method: "PUT", Path: "/fsa-error", WantStatus: 409, WantExact: fsatest.String("cannot overwrite existing stuff: pinte")},
		{Method: "PATCH", Path: "/header-error", WantStatus: 418, WantBody: "teapot", WantHeader: map[string]string{"Oops": "tea"}},
		{Method: "DELETE", Path: "/hook-error", WantStatus: 502, WantExact: fsatest.String("internal error caught at handler on /hook-error")},
		{Path: "/panic", WantStatus: 502, WantExact: fsatest.String("internal error caught at handler on /panic")},
		{Path: "/unencodable", WantStatus: 502, WantBody: "internal error"},
	})
	if !strings.Contains(logs.String(), "database password=hunter2 refused") || !strings.Contains(logs.String(), "route=\"DELETE /hook-error\"") {
		t.Errorf("the internal error is not logged with its route: %s", logs.String())
	}
}

func TestModeHeaders(t *testing.T) {
	for _, mode := range []string{"prod", "dev", "debug", "debug1", "debug4"} {
		t.Run(mode, func(t *testing.T) {
			app := newApp(t, nil, "FSA_MODE", mode, "FSA_ADD_HEADERS", map[string]string{"Application": "Acme", "x-other": "1"})
			fsa.Get(app, "/hello", fsa.Open, hello)
			want := map[string]string{"Application": "Acme", "X-Other": "1", "X-Content-Type-Options": "nosniff"}
			if mode == "prod" {
				want["FSA-Request"], want["FSA-User"], want["FSA-Delay"] = "", "", ""
			} else {
				want["FSA-Request"], want["FSA-User"] = "GET /hello", "None (None)"
			}
			c := client(t, app)
			for _, path := range []string{"/hello", "/nowhere", "/x%00y"} {
				want := maps.Clone(want)
				if want["FSA-Request"] != "" {
					want["FSA-Request"] = "GET " + path // escaped: no control character in a header
				}
				res := c.Check(t, fsatest.Case{Path: path, WantHeader: want})
				if mode != "prod" && !regexp.MustCompile(`^\d+\.\d{6}$`).MatchString(res.Header.Get("FSA-Delay")) {
					t.Errorf("FSA-Delay %q", res.Header.Get("FSA-Delay"))
				}
			}
		})
	}
}

func TestServerErrorCauseLogged(t *testing.T) {
	var logs bytes.Buffer
	app := newApp(t, &logs)
	fsa.Get(app, "/down", fsa.Open, func(*fsa.Context, none) (any, error) {
		return nil, &fsa.Error{Status: 503, Message: "database down", Err: errors.New("dial tcp: refused")}
	})
	client(t, app).Check(t, fsatest.Case{Path: "/down", WantStatus: 503, WantExact: fsatest.String("database down")})
	if !strings.Contains(logs.String(), "dial tcp: refused") {
		t.Errorf("cause of a 503 not logged: %s", logs.String())
	}
}

func TestConfigCopy(t *testing.T) {
	app := newApp(t, nil, "FSA_ADD_HEADERS", map[string]string{"A": "1"}, "FSA_SERVER_ERROR", uint16(503))
	app.Config().AddHeaders["A"] = "changed"
	if app.Config().AddHeaders["A"] != "1" || app.Config().ServerError != 503 {
		t.Errorf("config: %+v", app.Config())
	}
}

func TestClientAddressIgnoresForwardedFor(t *testing.T) {
	app := newApp(t, nil, "FSA_SECURE", false)
	fsa.Get(app, "/ip", fsa.Open, func(c *fsa.Context, _ none) (any, error) { return c.Echo().RealIP(), nil })
	client(t, app).Check(t, fsatest.Case{Path: "/ip", RemoteAddr: "192.0.2.7:1234",
		Header:    http.Header{"X-Forwarded-For": {"127.0.0.1"}, "X-Real-Ip": {"127.0.0.1"}},
		WantExact: fsatest.String("192.0.2.7")})
}

func TestDebugLog(t *testing.T) {
	var logs bytes.Buffer
	app := newApp(t, &logs, "FSA_MODE", "debug1")
	fsa.Get(app, "/hello", fsa.Open, hello)
	client(t, app).Check(t, fsatest.Case{Path: "/hello?x=1", WantStatus: 400})
	if !strings.Contains(logs.String(), `msg="fsa: request" method=GET path=/hello status=400 user="None (None)"`) {
		t.Errorf("no request line in debug logs: %s", logs.String())
	}
	logs.Reset()
	app = newApp(t, &logs, "FSA_MODE", "dev")
	fsa.Get(app, "/hello", fsa.Open, hello)
	client(t, app).Check(t, fsatest.Case{Path: "/hello", WantStatus: 200})
	if strings.Contains(logs.String(), "fsa: request") {
		t.Errorf("request line in dev logs: %s", logs.String())
	}
}

func TestContext(t *testing.T) {
	app := newApp(t, nil)
	type key struct{}
	fsa.Get(app, "/ctx", fsa.Open, func(c *fsa.Context, _ none) (any, error) {
		var ctx context.Context = c // a Context is a context.Context
		return map[string]any{
			"value":  ctx.Value(key{}),
			"user":   c.User(),
			"scheme": c.Scheme(),
			"app":    c.App().Name(),
			"path":   c.Request().URL.Path,
			"echo":   c.Echo().Path(),
			"err":    ctx.Err() == nil,
		}, nil
	})
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/ctx", nil)
	req.RemoteAddr = "127.0.0.1:50000" // FSA_SECURE refuses plain HTTP from elsewhere
	req = req.WithContext(context.WithValue(req.Context(), key{}, "v"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	want := `{"app":"test","echo":"/ctx","err":true,"path":"/ctx","scheme":"","user":"","value":"v"}` + "\n"
	if string(body) != want {
		t.Errorf("body %s, want %s", body, want)
	}
}

// A route added straight on echo has no authorization: Check refuses it.
func TestEchoRoutesRefused(t *testing.T) {
	app := newApp(t, nil)
	fsa.Get(app, "/hello", fsa.Open, hello)
	app.Echo().GET("/two", func(c echo.Context) error { return c.String(200, "no authorization") })
	if err := app.Check(); err == nil || !strings.Contains(err.Error(), "route GET /two was added on Echo() without an authorization") {
		t.Errorf("Check: %v", err)
	}
}
