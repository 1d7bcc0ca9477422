package tests

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// The two-stage login of docs/RECIPES.md.
func TestRecipeMFA(t *testing.T) {
	app, err := fsa.New("acme", fsa.LookupEnv(nil),
		fsa.Set("FSA_AUTH", []string{"token", "basic", "param"}), fsa.Set("FSA_AUTH_DEFAULT", "token"),
		fsa.Set("FSA_TOKEN_SECRET", "a-long-random-secret-of-32-bytes-or-more"),
		fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"), fsa.Set("FSA_ERROR_RESPONSE", "json:error"))
	if err != nil {
		t.Fatal(err)
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "Hobbes-2024"}[login], nil
	})
	codes := map[string]string{} // the codes sent, by user
	sendCode := func(_ context.Context, user string) { codes[user] = "314159" }
	codeIsValid := func(_ context.Context, user, code string) bool {
		return subtle.ConstantTimeCompare([]byte(codes[user]), []byte(code)) == 1 && code != ""
	}
	fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return "hello " + c.User(), nil })

	// the recipe's code, as shown
	const mfaRealm = "acme-mfa"

	// stage 1: a password gives a 5-minute token that only stage 2 accepts
	fsa.Post(app, "/login1", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
		token, err := c.CreateToken(fsa.TokenRealm(mfaRealm), fsa.TokenDelay(5*time.Minute))
		if err != nil {
			return nil, err
		}
		sendCode(c, c.User()) // by mail, SMS...; or the user reads a TOTP app
		return map[string]string{"token": token}, nil
	}, fsa.Authn("basic", "param"))

	// stage 2: that token and the code give a token of the app's realm
	fsa.Post(app, "/login2", fsa.Auth, func(c *fsa.Context, in struct {
		Code string `validate:"required"`
	}) (any, error) {
		if !codeIsValid(c, c.User(), in.Code) {
			return nil, fsa.Err(http.StatusUnauthorized, "invalid code")
		}
		token, err := c.App().CreateToken(c.User()) // the app's realm
		return map[string]string{"token": token}, err
	}, fsa.Authn("token"), fsa.Realm(mfaRealm))

	c := fsatest.New(app)
	basic := fsatest.Basic("calvin", "Hobbes-2024")
	stage1 := tokenOf(t, c.Check(t, fsatest.Case{Name: "stage 1", Method: "POST", Path: "/login1", Auth: basic, WantStatus: 200}))
	code := url.Values{"code": {"314159"}}
	c.Run(t, []fsatest.Case{
		{Name: "password alone opens nothing", Path: "/hello-me", Auth: basic, WantStatus: 401},
		{Name: "stage 1 token opens nothing", Path: "/hello-me", Auth: fsatest.Bearer(stage1), WantStatus: 401,
			WantJSON: map[string]any{"error": "unexpected fsa token realm"}},
		{Name: "wrong code", Method: "POST", Path: "/login2", Auth: fsatest.Bearer(stage1), Form: url.Values{"code": {"000000"}},
			WantStatus: 401, WantJSON: map[string]any{"error": "invalid code"}},
		{Name: "stage 2 needs the stage 1 token", Method: "POST", Path: "/login2", Auth: basic, Form: code, WantStatus: 401},
	})
	final := tokenOf(t, c.Check(t, fsatest.Case{Name: "stage 2", Method: "POST", Path: "/login2", Auth: fsatest.Bearer(stage1), Form: code, WantStatus: 200}))
	c.Run(t, []fsatest.Case{
		{Name: "final token", Path: "/hello-me", Auth: fsatest.Bearer(final), WantStatus: 200, WantExact: fsatest.String("hello calvin")},
		{Name: "final token is not a stage 1 token", Method: "POST", Path: "/login2", Auth: fsatest.Bearer(final), Form: code,
			WantStatus: 401, WantJSON: map[string]any{"error": "unexpected fsa token realm"}},
	})
}
