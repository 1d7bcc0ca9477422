package fsa

import (
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"reflect"
	"testing"
)

// lintOK is a handler of any input.
func lintOK[In any](*Context, In) (any, error) { return "ok", nil }

// lintApp returns an app configured by the given directives only, with
// its logs discarded, and the fake scheme, for the tests only.
func lintApp(t *testing.T, directives ...any) *App {
	t.Helper()
	opts := []Option{LookupEnv(nil), Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))}
	for i := 0; i+1 < len(directives); i += 2 {
		opts = append(opts, Set(directives[i].(string), directives[i+1]))
	}
	a, err := New("test", opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if a.schemes["fake"] == nil {
		a.schemes["fake"] = func(*Context) (string, error) { return "", errNoCredentials }
	}
	return a
}

// userPass is a GetUserPass hook that knows nobody.
func userPass(context.Context, string) (string, error) { return "", nil }

// lintRoutes warns, one line per likely mistake, naming the route.
func TestLintRoutes(t *testing.T) {
	const (
		closed    = "declared Close: it answers 403 to everybody (unfinished?)"
		noneOnly  = "needs a user but its only scheme is none, so nobody can authenticate: it answers 403 to everybody; enable a scheme in FSA_AUTH, FSA_AUTH_DEFAULT or fsa.Authn"
		openWrite = "Open with a writing method: anybody, unauthenticated, may call it"
		fake      = "the fake scheme trusts the login a loopback client names: for tests only"
		noHook    = "password authentication without a GetUserPass or PasswordCheck hook: every password is refused"
		fileGet   = "an uploaded file on a GET, which has no body: use POST, PUT or PATCH"
	)
	type upload struct{ F *multipart.FileHeader }
	cases := []struct {
		name       string
		directives []any
		declare    func(a *App)
		want       []string
	}{{
		name:       "clean",
		directives: []any{"FSA_AUTH", []string{"token", "basic", "param", "none"}},
		declare: func(a *App) {
			a.GetUserPass(userPass)
			a.GroupCheck("admin", func(context.Context, string) (bool, error) { return true, nil })
			ObjectPerm(a, "stuff", func(context.Context, string, string, string) (Permission, error) { return Allowed, nil })
			Get(a, "/open", Open, lintOK[struct{}], Authn("none"))
			Get(a, "/me", Auth, lintOK[struct{ User CurrentUser }], Authn("token", "basic"))
			Get(a, "/default", Open, lintOK[struct{}])
			Post(a, "/stuff", Auth, lintOK[struct{}])
			Patch(a, "/stuff/:sid", Object("stuff", "sid", "owner"), lintOK[struct{ Sid string }])
			Post(a, "/user", Group("admin"), lintOK[upload])
			Post(a, "/token", Auth, lintOK[struct{}], Authn("param"))
		},
	}, {
		name: "closed",
		declare: func(a *App) {
			Get(a, "/close", Close, lintOK[struct{}])
			Get(a, "/nil", nil, lintOK[struct{}])
			Get(a, "/all", All(), lintOK[struct{}])
			Get(a, "/mixed", All(Auth, Close), lintOK[struct{}])
		},
		want: []string{
			"route GET /close: " + closed,
			"route GET /nil: " + closed,
			"route GET /all: " + closed,
			"route GET /mixed: " + closed,
		},
	}, {
		name: "needs a user, only none", // FSA_AUTH's default is none
		declare: func(a *App) {
			a.UserInGroup(func(context.Context, string, string) (bool, error) { return true, nil })
			Get(a, "/auth", Auth, lintOK[struct{}])
			Get(a, "/group", Group("admin"), lintOK[struct{}])
			Get(a, "/open", Open, lintOK[struct{}])
		},
		want: []string{
			"route GET /auth: " + noneOnly,
			"route GET /group: " + noneOnly,
		},
	}, {
		name:       "needs a user, only none by Authn",
		directives: []any{"FSA_AUTH", []string{"basic", "none"}},
		declare: func(a *App) {
			a.GetUserPass(userPass)
			Get(a, "/auth", Auth, lintOK[struct{}], Authn("none"))
		},
		want: []string{"route GET /auth: " + noneOnly},
	}, {
		name:       "needs a user, none among its Authn",
		directives: []any{"FSA_AUTH", []string{"token", "basic", "none"}},
		declare: func(a *App) {
			a.GetUserPass(userPass)
			Get(a, "/auth", Auth, lintOK[struct{}], Authn("basic", "none", "token"))
			Get(a, "/default", Auth, lintOK[struct{}]) // none from FSA_AUTH: as expected
		},
		want: []string{"route GET /auth: needs a user, and the none scheme of its fsa.Authn authenticates nobody: it only tries basic,token; drop none"},
	}, {
		name:       "open without none",
		directives: []any{"FSA_AUTH", []string{"token", "none"}, "FSA_AUTH_DEFAULT", "token"},
		declare: func(a *App) {
			Get(a, "/open", Open, lintOK[struct{}])
			Get(a, "/really", Open, lintOK[struct{}], Authn("none"))
		},
		want: []string{"route GET /open: declared Open but its schemes (token) do not include none: it requires authentication; add none to its schemes, or declare fsa.Auth"},
	}, {
		name:       "open with other schemes",
		directives: []any{"FSA_AUTH", []string{"token", "basic", "param", "none"}},
		declare: func(a *App) {
			a.GetUserPass(userPass)
			Get(a, "/open", Open, lintOK[struct{}], Authn("password", "none"))
		},
		want: []string{`route GET /open: Open: no authentication is tried, so fsa.Authn("none", "basic", "param") names schemes it never runs; declare fsa.Auth to authenticate`},
	}, {
		name: "open writing",
		declare: func(a *App) {
			Get(a, "/x", Open, lintOK[struct{}])
			Post(a, "/x", Open, lintOK[struct{}])
			Put(a, "/x", Open, lintOK[struct{}])
			Patch(a, "/x", Open, lintOK[struct{}])
			Delete(a, "/x", Open, lintOK[struct{}])
		},
		want: []string{
			"route POST /x: " + openWrite,
			"route PUT /x: " + openWrite,
			"route PATCH /x: " + openWrite,
			"route DELETE /x: " + openWrite,
		},
	}, {
		name:       "fake",
		directives: []any{"FSA_AUTH", []string{"fake", "none"}, "FSA_MODE", "dev"},
		declare: func(a *App) {
			Get(a, "/auth", Auth, lintOK[struct{}])
			Get(a, "/open", Open, lintOK[struct{}]) // authenticates nobody
		},
		want: []string{"route GET /auth: " + fake},
	}, {
		name:       "no password hook",
		directives: []any{"FSA_AUTH", []string{"token", "basic", "none"}},
		declare: func(a *App) {
			Post(a, "/basic", Auth, lintOK[struct{}])
			Post(a, "/token", Auth, lintOK[struct{}], Authn("token"))
			Get(a, "/open", Open, lintOK[struct{}])
		},
		want: []string{"route POST /basic: " + noHook},
	}, {
		name: "file on GET",
		declare: func(a *App) {
			Get(a, "/get", Open, lintOK[upload])
			Get(a, "/list", Open, lintOK[struct{ F []*multipart.FileHeader }])
			Put(a, "/put", Open, lintOK[upload])
		},
		want: []string{
			"route GET /get: " + fileGet,
			"route GET /list: " + fileGet,
			"route PUT /put: " + openWrite,
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := lintApp(t, c.directives...)
			c.declare(a)
			if err := a.Check(); err != nil {
				t.Fatalf("Check: %v", err)
			}
			if got := a.lintRoutes(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("warnings:\n%q\nwant:\n%q", got, c.want)
			}
		})
	}
}

// declaredLevel tells the level asked for, before normalization.
func TestDeclaredLevel(t *testing.T) {
	for _, c := range []struct {
		authz Authz
		want  Access
	}{
		{nil, Close}, {Close, Close}, {All(), Close}, {All(nil), Close}, {All(Group("a"), Close), Close},
		{Open, Open}, {All(Open, Open), Open},
		{Auth, Auth}, {Group("a"), Auth}, {Scope("s"), Auth}, {Object("d", "", "m"), Auth}, {All(Auth, Group("a")), Auth},
	} {
		if got := declaredLevel(c.authz); got != c.want {
			t.Errorf("%#v: %v, want %v", c.authz, got, c.want)
		}
	}
}
