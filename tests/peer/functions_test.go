package peer_test

// FlaskSimpleAuth's test functions that no other file of the suite holds
// yet (tests/peer/INVENTORY.md), each a subtest named exactly after it,
// with a row for each of its assertions or one saying why it has no
// meaning in Go. Issue 21 moves every function here, one by one.

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/tests/peer"
)

func TestPeerFunctions(t *testing.T) {
	// test_sanity: the test app exists, is named Test, its realm is Test,
	// FSA_AUTH is set, and dad, calvin and hobbes are users.
	t.Run("test_sanity", func(t *testing.T) {
		app, err := peer.New()
		if err != nil || app == nil {
			t.Fatalf("peer.New: %v", err)
		}
		if app.Name() != "Test" {
			t.Errorf("name %q, want Test", app.Name())
		}
		if realm := app.Config().Realm; realm != "Test" {
			t.Errorf("realm %q, want Test", realm)
		}
		if len(app.Config().Auth) == 0 {
			t.Error("FSA_AUTH is not set")
		}
		for _, user := range []string{"dad", "calvin", "hobbes"} {
			if _, ok := peer.Passwords[user]; !ok {
				t.Errorf("no user %s", user)
			}
		}
	})

	// test_open_auth: an OPEN route whose schemes do not include none
	// requires authentication (FlaskSimpleAuth turns it into AUTH, "for
	// coverage", without asserting): the route table says AUTH.
	t.Run("test_open_auth", func(t *testing.T) {
		authzOf := func(app *fsa.App, path string) string {
			routes, err := app.Routes()
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(routes, func(r fsa.RouteInfo) bool { return r.Path == path })
			if i < 0 {
				t.Fatalf("no route %s", path)
			}
			return routes[i].Authz
		}
		ok := func(*fsa.Context, struct{}) (any, error) { return map[string]string{"msg": "open!"}, nil }

		app := fsatest.NewApp(t, "open", fsatest.Directives("FSA_AUTH", []string{"token", "basic"})...)
		fsa.Get(app, "/open", fsa.Open, ok)
		if got := authzOf(app, "/open"); got != "AUTH" {
			t.Errorf("OPEN without none in FSA_AUTH: %s, want AUTH", got)
		}

		app = fsatest.NewApp(t, "open", fsatest.Directives("FSA_AUTH", []string{"token", "basic", "none"},
			"FSA_AUTH_DEFAULT", []string{"token", "basic"})...)
		fsa.Get(app, "/open-1", fsa.Open, ok)
		fsa.Get(app, "/open-2", fsa.Open, ok, fsa.Authn("token", "basic"))
		for _, path := range []string{"/open-1", "/open-2"} {
			if got := authzOf(app, path); got != "AUTH" {
				t.Errorf("%s, OPEN with schemes without none: %s, want AUTH", path, got)
			}
		}
	})

	// test_auth_close: an AUTH route whose only scheme is none can
	// authenticate nobody: it is closed (the route table says CLOSE, and
	// every request is a 403).
	t.Run("test_auth_close", func(t *testing.T) {
		app := fsatest.NewApp(t, "auth", fsatest.Directives("FSA_AUTH", "none")...)
		fsa.Get(app, "/auth", fsa.Auth, func(*fsa.Context, struct{}) (any, error) { return map[string]string{"msg": "auth!"}, nil })
		routes, err := app.Routes()
		if err != nil {
			t.Fatal(err)
		}
		if len(routes) != 1 || routes[0].Authz != "CLOSE" {
			t.Errorf("routes %+v, want /auth CLOSE", routes)
		}
		fsatest.NewClient(t, app).Check(t, fsatest.Case{Path: "/auth", WantStatus: http.StatusForbidden})
	})

	// test_typeof: FlaskSimpleAuth's _typeof of a **kwargs and a *args
	// parameter (dict, list).
	t.Run("test_typeof", func(t *testing.T) {
		t.Skip("n/a: Python's inspect parameter kinds; in Go, the remaining parameters are a map[string]any field tagged param:\"*\" (params_test.go), and a handler has no variadic input")
	})

	// test_f2: a route per method shortcut (get, post, put, delete,
	// patch), each 200 with its text.
	t.Run("test_f2", func(t *testing.T) {
		app := fsatest.NewApp(t, "Test", fsatest.Directives("FSA_AUTH", "none")...)
		text := func(s string) fsa.HandlerFunc[struct{}] {
			return func(*fsa.Context, struct{}) (any, error) { return s, nil }
		}
		fsa.Get(app, "/f2/get", fsa.Open, text("get ok"))
		fsa.Post(app, "/f2/post", fsa.Open, text("post ok"))
		fsa.Put(app, "/f2/put", fsa.Open, text("put ok"))
		fsa.Delete(app, "/f2/delete", fsa.Open, text("delete ok"))
		fsa.Patch(app, "/f2/patch", fsa.Open, text("patch ok"))
		c := fsatest.NewClient(t, app)
		var cases []fsatest.Case
		for _, m := range []string{"get", "post", "put", "delete", "patch"} {
			cases = append(cases, fsatest.Case{Name: m, Method: strings.ToUpper(m), Path: "/f2/" + m,
				WantStatus: 200, WantExact: fsatest.String(m + " ok")})
		}
		c.Run(t, cases)
	})

	// AppHttpAuth's apps: a route that needs a user, under http-basic,
	// http-digest and http-token (Flask-HTTPAuth's names, ours too).
	httpApp := func(t *testing.T, directives ...any) (*fsa.App, *fsatest.Client) {
		t.Helper()
		app := fsatest.NewApp(t, "http-auth", fsatest.Directives(append([]any{"FSA_PASSWORD_SCHEME", "plaintext",
			"FSA_TOKEN_SECRET", peer.Secret}, directives...)...)...)
		app.GetUserPass(func(_ context.Context, login string) (string, error) { return peer.Passwords[login], nil })
		user := func(c *fsa.Context, _ struct{}) (any, error) { return c.User(), nil }
		for _, path := range []string{"/basic", "/digest", "/token"} {
			fsa.Get(app, path, fsa.Auth, user)
		}
		return app, fsatest.NewClient(t, app)
	}

	// test_http_basic: 401 without credentials, the user with them.
	t.Run("test_http_basic", func(t *testing.T) {
		_, c := httpApp(t, "FSA_AUTH", "http-basic")
		c.Run(t, []fsatest.Case{
			{Name: "no credentials", Path: "/basic", WantStatus: 401},
			{Name: "calvin", Path: "/basic", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 200, WantExact: fsatest.String("calvin")},
		})
	})

	// test_http_digest: 401 without credentials (FlaskSimpleAuth checks no
	// more: "how to generate a digest authenticated request with werkzeug
	// is unclear"; fsa/digest_app_test.go logs in with Digest).
	t.Run("test_http_digest", func(t *testing.T) {
		_, c := httpApp(t, "FSA_AUTH", "http-digest")
		c.Check(t, fsatest.Case{Name: "no credentials", Path: "/digest", WantStatus: 401})
	})

	// test_http_token: 401 without a token; the app's token as a bearer,
	// then in the header FSA_TOKEN_NAME names, with http-token and with
	// token.
	t.Run("test_http_token", func(t *testing.T) {
		app, c := httpApp(t, "FSA_AUTH", "http-token")
		token, err := app.CreateToken("calvin")
		if err != nil {
			t.Fatal(err)
		}
		c.Run(t, []fsatest.Case{
			{Name: "no token", Path: "/token", WantStatus: 401},
			{Name: "bearer", Path: "/token", Auth: fsatest.Bearer(token), WantStatus: 200, WantExact: fsatest.String("calvin")},
		})
		for _, scheme := range []string{"http-token", "token"} {
			name := map[string]string{"http-token": "HiHiHi", "token": "HoHoHo"}[scheme]
			app, c := httpApp(t, "FSA_AUTH", scheme, "FSA_TOKEN_CARRIER", "header", "FSA_TOKEN_NAME", name)
			token, err := app.CreateToken("calvin")
			if err != nil {
				t.Fatal(err)
			}
			c.Check(t, fsatest.Case{Name: scheme + " in header " + name, Path: "/token", Header: http.Header{name: {token}},
				WantStatus: 200, WantExact: fsatest.String("calvin")})
		}
	})

	// test_something_1, _2, _3: three apps (App, AppExt, AppFact) serve
	// GET /something, the value their module-level Reference was set to at
	// init, at the root and in a blueprint. In Go the shared object is a
	// value the app's code holds (here a variable the handler closes over);
	// blueprints come with issue 23.
	for _, tt := range []struct{ name, value, blueprint string }{
		{"test_something_1", "HELLO", "/b1"}, {"test_something_2", "WORLD", "/b2"}, {"test_something_3", "CALVIN", "/b"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := fsatest.NewApp(t, "Test", fsatest.Directives("FSA_AUTH", []string{"fake", "none"})...)
			something := "SOMETHING!"
			initApp := func(value string) { something = value } // Shared.init_app
			fsa.Get(app, "/something", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return something, nil })
			c := fsatest.NewClient(t, app)
			initApp(tt.value)
			c.Check(t, fsatest.Case{Name: "/something", Path: "/something", WantStatus: 200, WantExact: fsatest.String(tt.value)})
			t.Run(tt.blueprint+"/something", func(t *testing.T) {
				t.Skip("not yet: blueprints, issue 23")
			})
		})
	}

	// test_streaming: with FSA_JSON_STREAMING True and False, /stream
	// returns range(n) as a JSON array, n from 3 by default, 0 from a JSON
	// body, 1 from a form. Without streaming, a handler returns a slice;
	// FSA_JSON_STREAMING is issue 23.
	t.Run("test_streaming", func(t *testing.T) {
		t.Run("FSA_JSON_STREAMING True", func(t *testing.T) { t.Skip("not yet: FSA_JSON_STREAMING, issue 23") })
		app := fsatest.NewApp(t, "stream", fsatest.Directives("FSA_AUTH", "none")...)
		fsa.Get(app, "/stream", fsa.Open, func(_ *fsa.Context, in struct {
			N int `default:"3"`
		}) (any, error) {
			out := make([]int, in.N)
			for i := range out {
				out[i] = i
			}
			return out, nil
		})
		fsatest.NewClient(t, app).Run(t, []fsatest.Case{
			{Name: "default", Path: "/stream", WantStatus: 200, WantExact: fsatest.String("[0,1,2]\n")},
			{Name: "json n=0", Path: "/stream", JSON: map[string]any{"n": 0}, WantStatus: 200, WantExact: fsatest.String("[]\n")},
			{Name: "form n=1", Path: "/stream", Form: map[string][]string{"n": {"1"}}, WantStatus: 200, WantExact: fsatest.String("[0]\n")},
		})
	})

	// test_ldap, test_ldap3: FSA_PASSWORD_SCHEME ldap or ldap3 with
	// FSA_PASSWORD_OPTS {"url": ...} (skipped by FlaskSimpleAuth without
	// its optional packages). differs: fsa-go has no LDAP password check;
	// such a configuration is a startup error naming the scheme.
	for _, scheme := range []string{"ldap", "ldap3"} {
		t.Run("test_"+scheme, func(t *testing.T) {
			_, err := fsa.New("ldap client", fsa.LookupEnv(nil), fsa.Set("FSA_AUTH", "password"),
				fsa.Set("FSA_PASSWORD_SCHEME", scheme), fsa.Set("FSA_PASSWORD_OPTS", map[string]any{"url": "ldaps://ldap.server:389/"}))
			if err == nil || !strings.Contains(err.Error(), "FSA_PASSWORD_SCHEME") || !strings.Contains(err.Error(), scheme) {
				t.Errorf("New with %s: %v, want an error naming FSA_PASSWORD_SCHEME and %s", scheme, err, scheme)
			}
		})
	}

	// Password schemes of issue 22: not yet.
	for name, why := range map[string]string{
		"test_fsa_password_scrypt_scheme":   "not yet: scrypt and fsa:scrypt, issue 22",
		"test_passlib_password_scheme":      "not yet: passlib:plaintext and passlib:argon2, issue 22",
		"test_passlib_password_scheme_list": "not yet: a list of password schemes, issue 22",
	} {
		t.Run(name, func(t *testing.T) { t.Skip(why) })
	}

	// test_blueprint_2: AppExt's blueprint b2, its authorizations kept.
	t.Run("test_blueprint_2", func(t *testing.T) { t.Skip("not yet: blueprints, issue 23") })

	// test_authorize: dad is in ADMIN (group 0), hobbes is not; a route of
	// group ADMIN lets dad in, refuses hobbes 403; AUTH and OPEN cannot
	// be mixed (FlaskSimpleAuth calls its internal _user_in_group and
	// _group_authz; here the same checks go through a route).
	t.Run("test_authorize", func(t *testing.T) {
		app, err := peer.New()
		if err != nil {
			t.Fatal(err)
		}
		fsa.Get(app, "/stuff", fsa.Group("0"), func(*fsa.Context, struct{}) (any, error) { return nil, nil })
		c := fsatest.NewClient(t, app)
		c.Run(t, []fsatest.Case{
			{Name: "dad in ADMIN", Path: "/stuff", Auth: fsatest.Basic("dad", peer.Passwords["dad"]), WantStatus: 200},
			{Name: "hobbes not in ADMIN", Path: "/stuff", Auth: fsatest.Basic("hobbes", peer.Passwords["hobbes"]), WantStatus: 403},
		})

		mixed, err := peer.New()
		if err != nil {
			t.Fatal(err)
		}
		fsa.Get(mixed, "/foo", fsa.All(fsa.Auth, fsa.Open), func(*fsa.Context, struct{}) (any, error) { return "foo", nil })
		if err := mixed.Check(); err == nil || !strings.Contains(err.Error(), "cannot mix Open with other authorizations") {
			t.Errorf("AUTH and OPEN mixed: %v, want a declaration error", err)
		}
	})
}
