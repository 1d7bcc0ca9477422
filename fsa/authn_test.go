package fsa_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// authApp returns an app with users calvin (hobbes) and susie (derkins),
// calvin in group "kid" by GroupCheck and susie in any group by UserInGroup.
func authApp(t *testing.T, directives ...any) *fsa.App {
	t.Helper()
	directives = append([]any{"FSA_AUTH", []string{"basic", "param", "none"},
		"FSA_PASSWORD_OPTS", map[string]any{"rounds": 4}}, directives...)
	app := newApp(t, nil, directives...)
	hashes := map[string]string{}
	for login, password := range map[string]string{"calvin": "hobbes", "susie": "derkins"} {
		hash, err := app.HashPassword(password)
		if err != nil {
			t.Fatal(err)
		}
		hashes[login] = hash
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		switch login {
		case "db-down":
			return "", errors.New("connection refused by 10.0.0.1")
		case "teapot":
			return "", fsa.Err(418, "teapot")
		}
		return hashes[login], nil
	})
	app.GroupCheck("kid", func(_ context.Context, login string) (bool, error) { return login == "calvin", nil })
	app.UserInGroup(func(_ context.Context, login, group string) (bool, error) {
		if group == "broken" {
			return false, errors.New("ldap down")
		}
		return login == "susie", nil
	})
	return app
}

type me struct {
	User fsa.CurrentUser
}

func whoami(c *fsa.Context, in me) (any, error) {
	return string(in.User) + " " + c.User() + " " + c.Scheme(), nil
}

func TestPasswordSchemes(t *testing.T) {
	app := authApp(t, "FSA_MODE", "dev")
	fsa.Get(app, "/me", fsa.Auth, whoami)
	fsa.Get(app, "/basic", fsa.Auth, whoami, fsa.Authn("basic"))
	fsa.Get(app, "/param", fsa.Auth, whoami, fsa.Authn("param"))
	fsa.Get(app, "/password", fsa.Auth, whoami, fsa.Authn("password"))
	type withPass struct {
		User fsa.CurrentUser
		Pass string `param:"PASS"`
	}
	fsa.Post(app, "/field", fsa.Auth, func(_ *fsa.Context, in withPass) (any, error) { return in.Pass, nil }, fsa.Authn("param"))
	basicHeader := func(v string) http.Header { return http.Header{"Authorization": {v}} }
	www := func(v string) map[string]string { return map[string]string{"WWW-Authenticate": v} }
	client(t, app).Run(t, []fsatest.Case{
		{Name: "basic", Path: "/me", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 200,
			WantExact: fsatest.String("calvin calvin basic"), WantHeader: map[string]string{"FSA-User": "calvin (basic)"}},
		{Name: "param form", Path: "/me", Auth: fsatest.Param("calvin", "hobbes"), WantStatus: 200, WantExact: fsatest.String("calvin calvin param")},
		{Name: "param JSON", Path: "/me", Auth: fsatest.Param("calvin", "hobbes"), JSON: map[string]any{}, WantStatus: 200},
		{Name: "param in the URL refused", Path: "/me?USER=calvin&PASS=hobbes", WantStatus: 401,
			WantExact: fsatest.String("param credentials must be sent in the body, not the URL")},
		{Name: "param login alone in the URL refused", Path: "/me?USER=calvin", Form: url.Values{"PASS": {"hobbes"}}, WantStatus: 401},
		{Name: "param JSON not a string", Path: "/me", JSON: map[string]any{"USER": "calvin", "PASS": 42}, WantStatus: 401,
			WantExact: fsatest.String("missing param password parameter: PASS")},
		{Name: "none", Path: "/me", WantStatus: 401, WantExact: fsatest.String("missing authentication"), WantHeader: www(`Basic realm="test"`)},
		{Name: "unknown user", Path: "/me", Auth: fsatest.Basic("hobbes", "hobbes"), WantStatus: 401, WantExact: fsatest.String("invalid user or password")},
		{Name: "wrong password", Path: "/me", Auth: fsatest.Basic("calvin", "susie"), WantStatus: 401, WantExact: fsatest.String("invalid user or password")},
		{Name: "empty login", Path: "/me", Auth: fsatest.Basic("", "hobbes"), WantStatus: 401, WantExact: fsatest.String("invalid user or password")},
		{Name: "bad base64", Path: "/me", Header: basicHeader("Basic !!!"), WantStatus: 401, WantExact: fsatest.String("decoding error on authorization header")},
		{Name: "unpadded base64", Path: "/me", Header: basicHeader("Basic Y2FsdmluOmhvYmJlcw"), WantStatus: 200},
		{Name: "other Authorization", Path: "/me", Header: basicHeader("Bearer xyz"), WantStatus: 401, WantExact: fsatest.String("missing authentication")},
		{Name: "found credentials answer", Path: "/me", Auth: fsatest.Basic("calvin", "nope"), Query: map[string][]string{"USER": {"susie"}},
			WantStatus: 401, WantExact: fsatest.String("invalid user or password")},
		{Name: "hook error is a 500 that tells nothing", Path: "/me", Auth: fsatest.Basic("db-down", "x"), WantStatus: 500,
			WantExact: fsatest.String("internal error caught at authentication on /me")},
		{Name: "hook *Error is kept", Path: "/me", Auth: fsatest.Basic("teapot", "x"), WantStatus: 418, WantExact: fsatest.String("teapot")},
		{Name: "basic only", Path: "/basic", Auth: fsatest.Param("calvin", "hobbes"), WantStatus: 401, WantHeader: www(`Basic realm="test"`)},
		{Name: "param only", Path: "/param", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 401, WantHeader: www("")},
		{Name: "password: basic", Path: "/password", Auth: fsatest.Basic("susie", "derkins"), WantStatus: 200, WantExact: fsatest.String("susie susie basic")},
		{Name: "password: param", Path: "/password", Auth: fsatest.Param("susie", "derkins"), WantStatus: 200, WantExact: fsatest.String("susie susie param")},
		{Name: "field named like the password parameter", Method: "POST", Path: "/field", Auth: fsatest.Param("calvin", "hobbes"),
			WantStatus: 200, WantExact: fsatest.String("hobbes")},
		{Name: "auth parameters are expected", Path: "/me", Auth: fsatest.Basic("calvin", "hobbes"), Query: map[string][]string{"USER": {"x"}},
			WantStatus: 200},
	})
}

func TestGroups(t *testing.T) {
	// a GroupCheck declares its group: the others must be declared too
	app := authApp(t, "FSA_AUTHZ_GROUPS", []string{"girl", "broken"})
	fsa.Get(app, "/kid", fsa.Group("kid"), whoami)
	fsa.Get(app, "/girl", fsa.Group("girl"), whoami)
	fsa.Get(app, "/both", fsa.Group("kid", "girl"), whoami)
	fsa.Get(app, "/broken", fsa.Group("broken"), whoami)
	calvin, susie := fsatest.Basic("calvin", "hobbes"), fsatest.Basic("susie", "derkins")
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/kid", WantStatus: 401},
		{Path: "/kid", Auth: calvin, WantStatus: 200},
		{Path: "/kid", Auth: susie, WantStatus: 403, WantExact: fsatest.String(`not in group "kid"`)},
		{Path: "/girl", Auth: susie, WantStatus: 200},
		{Path: "/girl", Auth: calvin, WantStatus: 403, WantExact: fsatest.String(`not in group "girl"`)},
		{Path: "/both", Auth: calvin, WantStatus: 403},
		{Path: "/both", Auth: susie, WantStatus: 403},
		{Path: "/broken", Auth: susie, WantStatus: 500, WantExact: fsatest.String("internal error caught at group authorization on /broken")},
		{Path: "/kid?bad=1", WantStatus: 401},
		{Path: "/kid?bad=1", Auth: susie, WantStatus: 403},
		{Path: "/kid?bad=1", Auth: calvin, WantStatus: 400},
	})
}

func TestAuthDeclarationErrors(t *testing.T) {
	tests := []struct {
		name    string
		declare func(app *fsa.App)
		want    string
	}{
		{"undeclared group", func(app *fsa.App) { fsa.Get(app, "/g", fsa.Group("kids"), hello) },
			`route GET /g: unexpected group "kids": not in FSA_AUTHZ_GROUPS nor declared with GroupCheck`},
		{"current user on open route", func(app *fsa.App) { fsa.Get(app, "/o", fsa.Open, whoami) },
			`route GET /o: CurrentUser on an Open route`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := authApp(t, "FSA_AUTHZ_GROUPS", []string{"admin"})
			tt.declare(app)
			if err := app.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check: %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestPasswordCheckHook(t *testing.T) {
	app := authApp(t)
	app.PasswordCheck(func(_ context.Context, login, password string) (bool, error) {
		if password == "oops" {
			return false, fsa.Err(518, "oops")
		}
		return password == "magic", nil
	})
	fsa.Get(app, "/me", fsa.Auth, whoami)
	client(t, app).Run(t, []fsatest.Case{
		{Name: "unknown user, magic", Path: "/me", Auth: fsatest.Basic("hobbes", "magic"), WantStatus: 200},
		{Name: "known user, magic", Path: "/me", Auth: fsatest.Basic("calvin", "magic"), WantStatus: 200},
		{Name: "known user, own password", Path: "/me", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 200},
		{Name: "refused", Path: "/me", Auth: fsatest.Basic("hobbes", "nope"), WantStatus: 401},
		{Name: "hook error", Path: "/me", Auth: fsatest.Basic("hobbes", "oops"), WantStatus: 518},
	})
}

func TestHashPasswordRules(t *testing.T) {
	app := newApp(t, nil, "FSA_PASSWORD_LENGTH", 5, "FSA_PASSWORD_RE", []string{"[A-Z]", "[0-9]"},
		"FSA_PASSWORD_OPTS", map[string]any{"rounds": 4})
	app.PasswordQuality(func(password string) error {
		if strings.Contains(password, "acme") {
			return errors.New("not happy")
		}
		return nil
	})
	tests := []struct{ password, want string }{
		{"Ab1", "password is too short, must be at least 5"},
		{"abcde1", "password must match [A-Z]"},
		{"Abcdef", "password must match [0-9]"},
		{"Acme-acme-1", "password quality too low: not happy"},
		{"Hobbes-2024" + strings.Repeat("x", 62), "password is too long: bcrypt only uses 72 bytes"},
		{"Hobbes-2024", ""},
	}
	for _, tt := range tests {
		_, err := app.HashPassword(tt.password)
		var e *fsa.Error
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.password, err)
		case tt.want != "" && (!errors.As(err, &e) || e.Status != 400 || e.Message != tt.want):
			t.Errorf("%q: %v, want 400 %q", tt.password, err, tt.want)
		}
	}
}
