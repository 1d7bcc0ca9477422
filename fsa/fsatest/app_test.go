package fsatest_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// TokenLogin logs in again once the app's token expired by its test
// clock, for both token types of fsa.
func TestTokenLoginAppClock(t *testing.T) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			clock := fsatest.NewClock(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC))
			app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Clock(clock.Now), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
				fsa.Set("FSA_AUTH", []string{"token", "basic"}), fsa.Set("FSA_TOKEN_TYPE", typ), fsa.Set("FSA_TOKEN_DELAY", 10.0),
				fsa.Set("FSA_TOKEN_SECRET", "some-secret-some-secret-some-secret!"), fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"))
			if err != nil {
				t.Fatal(err)
			}
			logins := 0
			app.GetUserPass(func(_ context.Context, login string) (string, error) {
				return map[string]string{"calvin": "hobbes"}[login], nil
			})
			fsa.Get(app, "/token", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
				logins++
				token, err := c.CreateToken()
				return map[string]string{"token": token}, err
			}, fsa.Authn("basic"))
			fsa.Get(app, "/who", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
				return c.User(), nil
			}, fsa.Authn("token"))
			h, err := app.Handler()
			if err != nil {
				t.Fatal(err)
			}
			c := fsatest.New(h)
			c.Passwords = map[string]string{"calvin": "hobbes"}
			c.Login = fsatest.TokenLogin("/token")
			c.Now = clock.Now
			c.Check(t, fsatest.Case{Name: "first", User: "calvin", Path: "/who", WantStatus: 200, WantExact: fsatest.String("calvin")})
			clock.Add(9 * time.Minute) // FSA_TOKEN_DELAY is 10 minutes
			c.Check(t, fsatest.Case{Name: "9 minutes later", User: "calvin", Path: "/who", WantStatus: 200, WantExact: fsatest.String("calvin")})
			if logins != 1 {
				t.Errorf("%d logins before the token expired, want 1", logins)
			}
			clock.Add(2 * time.Minute)
			c.Check(t, fsatest.Case{Name: "11 minutes later", User: "calvin", Path: "/who", WantStatus: 200, WantExact: fsatest.String("calvin")})
			if logins != 2 {
				t.Errorf("%d logins, want 2: one more once the token expired", logins)
			}
		})
	}
}

// NewClient reads how the app takes credentials: the param scheme's
// parameter names, the token carrier and its name; TokenLogin and Token
// then send tokens where the app looks for them.
func TestNewClientFollowsTheApp(t *testing.T) {
	tests := []struct {
		name       string
		directives []any
	}{
		{"defaults", nil},
		{"bearer of another name", []any{"FSA_TOKEN_NAME", "Token"}},
		{"header carrier", []any{"FSA_TOKEN_CARRIER", "header", "FSA_TOKEN_NAME", "X-Auth"}},
		{"cookie carrier", []any{"FSA_TOKEN_CARRIER", "cookie"}},
		{"param carrier", []any{"FSA_TOKEN_CARRIER", "param", "FSA_TOKEN_NAME", "tok"}},
		{"param names", []any{"FSA_PARAM_USER", "login", "FSA_PARAM_PASS", "secret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			directives := append([]any{"FSA_AUTH", []string{"token", "param"}, "FSA_PASSWORD_SCHEME", "plaintext",
				"FSA_TOKEN_SECRET", "a secret of 32 bytes or more for the tests"}, tt.directives...)
			app := fsatest.NewApp(t, "test", fsatest.Directives(directives...)...)
			app.GetUserPass(func(_ context.Context, login string) (string, error) {
				return map[string]string{"calvin": "hobbes"}[login], nil
			})
			fsa.Post(app, "/login", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
				token, err := c.CreateToken()
				return map[string]string{"token": token}, err
			}, fsa.Authn("param"))
			fsa.Get(app, "/who", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
				return c.User() + " (" + c.Scheme() + ")", nil
			}, fsa.Authn("token"))
			c := fsatest.NewClient(t, app)

			res := c.Check(t, fsatest.Case{Method: "POST", Path: "/login", Auth: fsatest.Param("calvin", "hobbes"), WantStatus: 200})
			var body struct{ Token string }
			if err := json.Unmarshal(res.Body, &body); err != nil {
				t.Fatal(err)
			}
			c.Run(t, []fsatest.Case{
				{Name: "Token", Path: "/who", Auth: fsatest.Token(body.Token), WantStatus: 200, WantExact: fsatest.String("calvin (token)")},
				{Name: "no token", Path: "/who", WantStatus: 401},
			})
		})
	}
}

// NewApp ignores the environment: a directive set there does not reach
// the app.
func TestNewAppIgnoresTheEnvironment(t *testing.T) {
	t.Setenv("FSA_REALM", "from-the-environment")
	app := fsatest.NewApp(t, "test")
	if realm := app.Config().Realm; realm != "test" {
		t.Errorf("realm %q, want test", realm)
	}
}
