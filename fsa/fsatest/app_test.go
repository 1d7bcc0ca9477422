package fsatest_test

import (
	"context"
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
