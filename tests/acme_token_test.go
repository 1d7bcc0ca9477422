package tests

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// acmeWith returns a client of Acme with directives set in its
// environment (which overrides the embedded file), and fast hashes.
func acmeWith(t *testing.T, b backend, env map[string]string) *fsatest.Client {
	t.Helper()
	lookup := func(name string) (string, bool) {
		if v, ok := env[name]; ok {
			return v, true
		}
		return fastHashes(name)
	}
	c := acmeClient(t, openAcme(t, b.env(t), io.Discard, fsa.LookupEnv(lookup)))
	c.ParamUser, c.ParamPass = "username", "password"
	c.Passwords = map[string]string{"acme": acmePass}
	return c
}

// tokenOf returns the token of a response {"token": ...}.
func tokenOf(t *testing.T, res *fsatest.Response) string {
	t.Helper()
	var answer struct{ Token string }
	if err := json.Unmarshal(res.Body, &answer); err != nil || answer.Token == "" {
		t.Fatalf("no token in %q", res.Body)
	}
	return answer.Token
}

// The tutorial's test_token_authn, with fsa tokens and with JWTs.
func TestAcmeTokens(t *testing.T) {
	forEachBackend(t, testAcmeTokens)
}

func testAcmeTokens(t *testing.T, b backend) {
	param := url.Values{"username": {acmePass}}
	param = url.Values{"username": {"acme"}, "password": {acmePass}}
	paramJSON := map[string]any{"username": "acme", "password": acmePass}
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			c := acmeWith(t, b, map[string]string{"FSA_TOKEN_TYPE": typ})
			basic := fsatest.Basic("acme", acmePass)
			token := tokenOf(t, c.Check(t, fsatest.Case{Name: "GET /token basic", Path: "/token", Auth: basic, WantStatus: 200}))
			if typ == "fsa" && !strings.HasPrefix(token, "acme:acme:") || typ == "jwt" && strings.Count(token, ".") != 2 {
				t.Errorf("%s token %q", typ, token)
			}
			c.Run(t, []fsatest.Case{
				{Name: "GET /hello-me token", Path: "/hello-me", Auth: fsatest.Bearer(token), WantStatus: 200,
					WantJSON: map[string]any{"user": "acme"}, WantHeader: map[string]string{"FSA-User": "acme (token)"}},
				{Name: "GET /token param form", Path: "/token", Form: param, WantStatus: 200, WantBody: `"token":`},
				{Name: "GET /token param json", Path: "/token", JSON: paramJSON, WantStatus: 200, WantBody: `"token":`},
				{Name: "POST /token param form", Method: "POST", Path: "/token", Form: param, WantStatus: 201, WantBody: `"token":`},
				{Name: "POST /token param json", Method: "POST", Path: "/token", JSON: paramJSON, WantStatus: 201, WantBody: `"token":`},
				{Name: "POST /token basic", Method: "POST", Path: "/token", Auth: basic, WantStatus: 401,
					WantJSON: map[string]any{"error": "missing authentication"}},
				{Name: "GET /token token", Path: "/token", Auth: fsatest.Bearer(token), WantStatus: 401,
					WantHeader: map[string]string{"WWW-Authenticate": `Basic realm="acme"`}},
				{Name: "tampered token", Path: "/hello-me", Auth: fsatest.Bearer(token[:len(token)-2] + "xx"), WantStatus: 401,
					WantHeader: map[string]string{"WWW-Authenticate": `Basic realm="acme", Bearer realm="acme"`}},
				{Name: "POST /stuff token", Method: "POST", Path: "/stuff", Auth: fsatest.Bearer(token),
					Form: url.Values{"stuff": {"pinte"}, "price": {"1.5"}}, WantStatus: 201},
				{Name: "GET /stuff token", Path: "/stuff", Auth: fsatest.Bearer(token), WantStatus: 200, WantBody: `"pinte"`},
			})
		})
	}
}

// Logging out: DELETE /token revokes the token that it is sent, and an
// administrator's DELETE /user/LOGIN/tokens every token of a login; a new
// token works at once.
func TestAcmeLogout(t *testing.T) {
	forEachBackend(t, testAcmeLogout)
}

func testAcmeLogout(t *testing.T, b backend) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			c := acmeWith(t, b, map[string]string{"FSA_TOKEN_TYPE": typ})
			admin := fsatest.Basic("acme", acmePass)
			c.Check(t, fsatest.Case{Name: "new user", Method: "POST", Path: "/user", Auth: admin, WantStatus: 201,
				Form: url.Values{"login": {"calvin"}, "password": {"Hobbes-2024"}, "email": {"calvin@acme.org"}}})
			calvin := fsatest.Basic("calvin", "Hobbes-2024")
			token := func() fsatest.Auth {
				return fsatest.Bearer(tokenOf(t, c.Check(t, fsatest.Case{Path: "/token", Auth: calvin, WantStatus: 200})))
			}
			revoked := map[string]any{"error": "revoked auth token"}
			first := token()
			c.Run(t, []fsatest.Case{
				{Name: "token works", Path: "/hello-me", Auth: first, WantStatus: 200, WantJSON: map[string]any{"user": "calvin"}},
				{Name: "logout", Method: "DELETE", Path: "/token", Auth: first, WantStatus: 204, WantExact: fsatest.String("")},
				{Name: "token revoked", Path: "/hello-me", Auth: first, WantStatus: 401, WantJSON: revoked},
				{Name: "logout again", Method: "DELETE", Path: "/token", Auth: first, WantStatus: 401, WantJSON: revoked},
				{Name: "logout by password", Method: "DELETE", Path: "/token", Auth: calvin, WantStatus: 401},
			})
			second, third := token(), token()
			c.Run(t, []fsatest.Case{
				{Name: "logged in again", Path: "/hello-me", Auth: second, WantStatus: 200},
				{Name: "not admin", Method: "DELETE", Path: "/user/calvin/tokens", Auth: second, WantStatus: 403},
				{Name: "no such login", Method: "DELETE", Path: "/user/hobbes/tokens", Auth: admin, WantStatus: 404,
					WantJSON: map[string]any{"error": "no such login: hobbes"}},
				{Name: "log out everywhere", Method: "DELETE", Path: "/user/calvin/tokens", Auth: admin, WantStatus: 204},
				{Name: "second revoked", Path: "/hello-me", Auth: second, WantStatus: 401, WantJSON: revoked},
				{Name: "third revoked", Path: "/hello-me", Auth: third, WantStatus: 401, WantJSON: revoked},
				{Name: "password still works", Path: "/hello-me", Auth: calvin, WantStatus: 200},
			})
			c.Check(t, fsatest.Case{Name: "new token works", Path: "/hello-me", Auth: token(), WantStatus: 200})
		})
	}
}

// The tutorial's last section: FSA_AUTH "password" (token first and none
// last, implicitly) and FSA_AUTH_DEFAULT "token": a password only where a
// route asks for one, tokens everywhere else, open routes still open.
func TestAcmeTokenByDefault(t *testing.T) {
	forEachBackend(t, testAcmeTokenByDefault)
}

func testAcmeTokenByDefault(t *testing.T, b backend) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			c := acmeWith(t, b, map[string]string{"FSA_TOKEN_TYPE": typ, "FSA_AUTH": "password", "FSA_AUTH_DEFAULT": "token"})
			basic := fsatest.Basic("acme", acmePass)
			token := tokenOf(t, c.Check(t, fsatest.Case{Name: "GET /token basic", Path: "/token", Auth: basic, WantStatus: 200}))
			newUser := url.Values{"login": {"calvin"}, "password": {"Hobbes-2024"}, "email": {"calvin@acme.org"}}
			c.Run(t, []fsatest.Case{
				{Name: "open route", Path: "/hello", WantStatus: 200},
				{Name: "open parameters route", Path: "/primes?li=7", WantStatus: 200},
				{Name: "basic refused by default", Path: "/hello-me", Auth: basic, WantStatus: 401,
					WantHeader: map[string]string{"WWW-Authenticate": `Bearer realm="acme"`}},
				{Name: "param refused by default", Path: "/hello-me", Form: url.Values{"username": {"acme"}, "password": {acmePass}}, WantStatus: 401},
				{Name: "token by default", Path: "/hello-me", Auth: fsatest.Bearer(token), WantStatus: 200, WantJSON: map[string]any{"user": "acme"}},
				{Name: "POST /token param", Method: "POST", Path: "/token", Form: url.Values{"username": {"acme"}, "password": {acmePass}}, WantStatus: 201},
				{Name: "group route basic", Method: "POST", Path: "/user", Auth: basic, Form: newUser, WantStatus: 401},
				{Name: "group route token", Method: "POST", Path: "/user", Auth: fsatest.Bearer(token), Form: newUser, WantStatus: 201},
			})
		})
	}
}

// fsatest logs users in by token: one password check per user, then
// bearer tokens on every row.
func TestAcmeTokenLogin(t *testing.T) {
	forEachBackend(t, testAcmeTokenLogin)
}

func testAcmeTokenLogin(t *testing.T, b backend) {
	c := acme(t, b)
	c.Login = fsatest.TokenLogin("/token")
	c.Run(t, []fsatest.Case{
		{Name: "hello-me", User: "acme", Path: "/hello-me", WantStatus: 200, WantHeader: map[string]string{"FSA-User": "acme (token)"}},
		{Name: "stuff", User: "acme", Method: "POST", Path: "/stuff", Form: url.Values{"stuff": {"verre"}, "price": {"2"}}, WantStatus: 201},
		{Name: "admin", User: "acme", Method: "POST", Path: "/user",
			Form: url.Values{"login": {"susie"}, "password": {"Derkins-2024"}, "email": {"susie@acme.org"}}, WantStatus: 201},
	})
}
