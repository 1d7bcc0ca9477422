package fsa_test

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// tkCheckAll runs cases as subtests, and checks that no response echoes
// the token of tokens that the case's name maps to.
func tkCheckAll(t *testing.T, c *fsatest.Client, cases []fsatest.Case, tokens ...string) []*fsatest.Response {
	t.Helper()
	out := make([]*fsatest.Response, len(cases))
	for i, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			t.Helper()
			out[i] = c.Check(t, tc)
			for _, token := range tokens {
				tkNoEcho(t, out[i], token)
			}
		})
	}
	return out
}

// The bearer carrier reads Authorization: NAME TOKEN, NAME as
// FSA_TOKEN_NAME says, in that case only.
func TestTokenBearerCarrier(t *testing.T) {
	app := tkApp(t, "test", nil)
	token := tkMake(t, app, "calvin")
	authz := func(v string) http.Header { return http.Header{"Authorization": {v}} }
	www := func(v string) map[string]string { return map[string]string{"WWW-Authenticate": v} }
	missing := fsatest.String("missing authentication")
	tkCheckAll(t, client(t, app), []fsatest.Case{
		{Name: "Bearer", Path: "/who", Header: authz("Bearer " + token), WantStatus: 200, WantExact: fsatest.String("calvin")},
		{Name: "Bearer and spaces", Path: "/who", Header: authz("Bearer   " + token + " "), WantStatus: 200, WantExact: fsatest.String("calvin")},
		{Name: "bearer in lower case", Path: "/who", Header: authz("bearer " + token), WantStatus: 401, WantExact: missing, WantHeader: www(`Bearer realm="test"`)},
		{Name: "BEARER", Path: "/who", Header: authz("BEARER " + token), WantStatus: 401, WantExact: missing},
		{Name: "no space", Path: "/who", Header: authz("Bearer" + token), WantStatus: 401, WantExact: missing},
		{Name: "Bearer alone", Path: "/who", Header: authz("Bearer "), WantStatus: 401, WantExact: missing},
		{Name: "another scheme", Path: "/who", Header: authz("Token " + token), WantStatus: 401, WantExact: missing},
		{Name: "Basic", Path: "/who", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 401, WantExact: missing},
		{Name: "in the query", Path: "/who", Query: url.Values{"AUTH": {token}}, WantStatus: 401, WantExact: missing},
		{Name: "in a cookie", Path: "/who", Header: http.Header{"Cookie": {"auth=" + token}}, WantStatus: 401, WantExact: missing},
		{Name: "bad token", Path: "/who", Header: authz("Bearer calvin-hobbes-and-susie"), WantStatus: 401,
			WantExact: fsatest.String("invalid fsa token"), WantHeader: www(`Bearer realm="test"`)},
	}, token)

	custom := tkApp(t, "test", nil, "FSA_TOKEN_NAME", "Foo")
	token = tkMake(t, custom, "calvin")
	tkCheckAll(t, client(t, custom), []fsatest.Case{
		{Name: "custom name", Path: "/who", Header: authz("Foo " + token), WantStatus: 200, WantExact: fsatest.String("calvin")},
		{Name: "custom name in lower case", Path: "/who", Header: authz("foo " + token), WantStatus: 401, WantExact: missing},
		{Name: "Bearer", Path: "/who", Auth: fsatest.Bearer(token), WantStatus: 401, WantExact: missing, WantHeader: www(`Foo realm="test"`)},
	}, token)
}

// The param carrier reads the token from the query, the form or the JSON
// body; the token parameter is no unexpected parameter.
func TestTokenParamCarrier(t *testing.T) {
	for _, name := range []string{"AUTH", "access_token"} {
		t.Run(name, func(t *testing.T) {
			directives := []any{"FSA_TOKEN_CARRIER", "param"}
			if name != "AUTH" {
				directives = append(directives, "FSA_TOKEN_NAME", name)
			}
			app := tkApp(t, "test", nil, directives...)
			fsa.Post(app, "/who", fsa.Auth, who)
			type withX struct {
				X int `param:"x"`
			}
			fsa.Get(app, "/x", fsa.Auth, func(c *fsa.Context, in withX) (any, error) { return fmt.Sprintf("%s %d", c.User(), in.X), nil })
			token := tkMake(t, app, "calvin")
			calvin, missing := fsatest.String("calvin"), fsatest.String("missing authentication")
			noWWW := map[string]string{"WWW-Authenticate": ""}
			tkCheckAll(t, client(t, app), []fsatest.Case{
				{Name: "query", Path: "/who", Query: url.Values{name: {token}}, WantStatus: 200, WantExact: calvin},
				{Name: "form", Method: "POST", Path: "/who", Form: url.Values{name: {token}}, WantStatus: 200, WantExact: calvin},
				{Name: "JSON", Method: "POST", Path: "/who", JSON: map[string]any{name: token}, WantStatus: 200, WantExact: calvin},
				{Name: "with a parameter", Path: "/x", Query: url.Values{name: {token}, "x": {"7"}}, WantStatus: 200, WantExact: fsatest.String("calvin 7")},
				{Name: "JSON not a string", Method: "POST", Path: "/who", JSON: map[string]any{name: 42}, WantStatus: 401, WantExact: missing, WantHeader: noWWW},
				{Name: "empty", Path: "/who", Query: url.Values{name: {""}}, WantStatus: 401, WantExact: missing, WantHeader: noWWW},
				{Name: "name in another case", Path: "/who", Query: url.Values{strings.ToUpper(name[:1]) + strings.ToLower(name[1:]): {token}}, WantStatus: 401, WantExact: missing},
				{Name: "bearer header", Path: "/who", Auth: fsatest.Bearer(token), WantStatus: 401, WantExact: missing, WantHeader: noWWW},
				{Name: "bad token", Path: "/who", Query: url.Values{name: {"calvin-hobbes-and-susie"}}, WantStatus: 401,
					WantExact: fsatest.String("invalid fsa token"), WantHeader: noWWW},
				{Name: "unexpected parameter", Path: "/who", Query: url.Values{name: {token}, "other": {"1"}}, WantStatus: 400, WantBody: `"other"`},
			}, token)
		})
	}
}

// The header carrier reads the header of FSA_TOKEN_NAME, whatever its case.
func TestTokenHeaderCarrier(t *testing.T) {
	for _, name := range []string{"Auth", "X-Token"} {
		t.Run(name, func(t *testing.T) {
			directives := []any{"FSA_TOKEN_CARRIER", "header"}
			if name != "Auth" {
				directives = append(directives, "FSA_TOKEN_NAME", name)
			}
			app := tkApp(t, "test", nil, directives...)
			token := tkMake(t, app, "calvin")
			calvin, missing := fsatest.String("calvin"), fsatest.String("missing authentication")
			noWWW := map[string]string{"WWW-Authenticate": ""}
			tkCheckAll(t, client(t, app), []fsatest.Case{
				{Name: "header", Path: "/who", Header: http.Header{name: {token}}, WantStatus: 200, WantExact: calvin},
				{Name: "header in lower case", Path: "/who", Header: http.Header{strings.ToLower(name): {token}}, WantStatus: 200, WantExact: calvin},
				{Name: "bearer header", Path: "/who", Auth: fsatest.Bearer(token), WantStatus: 401, WantExact: missing, WantHeader: noWWW},
				{Name: "empty header", Path: "/who", Header: http.Header{name: {" "}}, WantStatus: 401, WantExact: missing, WantHeader: noWWW},
				{Name: "query", Path: "/who", Query: url.Values{name: {token}}, WantStatus: 401, WantExact: missing},
				{Name: "bad token", Path: "/who", Header: http.Header{name: {"calvin-hobbes-and-susie"}}, WantStatus: 401,
					WantExact: fsatest.String("invalid fsa token"), WantHeader: noWWW},
				{Name: "two headers", Path: "/who", Header: http.Header{name: {token, token}}, WantStatus: 401,
					WantExact: fsatest.String("more than one " + name + " header")},
			}, token)
		})
	}
}

// tkSame tells whether two tokens say the same: fsa tokens made in one
// second are the same token, JWTs differ by their jti only.
func tkSame(a, b string) bool { return tkSameAs(a) == tkSameAs(b) }

// tkSameAs is a token, or a JWT's header and claims without its jti.
func tkSameAs(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return token
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		return token
	}
	if _, ok := claims["jti"].(string); !ok {
		return token
	}
	delete(claims, "jti")
	b, _ := json.Marshal(claims)
	return parts[0] + "." + string(b)
}

// tkCookieApp returns an app that authenticates by token in the "auth"
// cookie, then by basic: calvin's password is hobbes, in plaintext.
func tkCookieApp(t *testing.T, opts []fsa.Option, directives ...any) *fsa.App {
	t.Helper()
	directives = append([]any{"FSA_AUTH", []string{"token", "basic"}, "FSA_TOKEN_CARRIER", "cookie",
		"FSA_PASSWORD_SCHEME", "plaintext"}, directives...)
	app := tkApp(t, "test", opts, directives...)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes"}[login], nil
	})
	return app
}

// tkSetCookie returns the auth cookie a response sets, nil if none, and
// checks its attributes: HttpOnly, SameSite=Lax, Path=/, Max-Age of the
// delay, Expires that far from tkNow, Secure over TLS only.
func tkSetCookie(t *testing.T, res *http.Response, delay time.Duration, secure bool) *http.Cookie {
	t.Helper()
	cookies := res.Cookies()
	switch {
	case len(cookies) == 0:
		return nil
	case len(cookies) > 1 || cookies[0].Name != "auth":
		t.Fatalf("Set-Cookie %q: want one auth cookie", res.Header.Values("Set-Cookie"))
	}
	c := cookies[0]
	raw := res.Header.Get("Set-Cookie")
	if c.Path != "/" || c.MaxAge != int(delay.Seconds()) || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode ||
		c.Secure != secure || !c.Expires.Equal(tkNow.Add(delay)) || !strings.Contains(raw, "SameSite=Lax") {
		t.Errorf("Set-Cookie %q: want Path=/, Max-Age=%d, Expires %s, HttpOnly, SameSite=Lax, Secure %t",
			raw, int(delay.Seconds()), tkNow.Add(delay).Format(http.TimeFormat), secure)
	}
	return c
}

// The cookie carrier: a user authenticated by any scheme gets a token
// cookie, HttpOnly, SameSite=Lax, Secure over TLS; the cookie then
// authenticates alone.
func TestTokenCookieCarrier(t *testing.T) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			app := tkCookieApp(t, nil, "FSA_TOKEN_TYPE", typ)
			c := client(t, app)
			want := tkMake(t, app, "calvin") // tokens made at the same time are the same
			res := c.Check(t, fsatest.Case{Name: "basic", Path: "/who", Auth: fsatest.Basic("calvin", "hobbes"),
				WantStatus: 200, WantExact: fsatest.String("calvin")})
			cookie := tkSetCookie(t, res.Response, time.Hour, false)
			if cookie == nil || cookie.Value != want {
				t.Fatalf("Set-Cookie %q, want the auth token %q", res.Header.Values("Set-Cookie"), want)
			}
			withCookie := func(v string) http.Header { return http.Header{"Cookie": {"auth=" + v}} }
			noCookie := map[string]string{"Set-Cookie": ""}
			invalid := map[string]string{"fsa": "invalid fsa token", "jwt": "invalid jwt token"}[typ]
			tkCheckAll(t, c, []fsatest.Case{
				{Name: "the cookie alone", Path: "/who", Header: withCookie(cookie.Value), WantStatus: 200, WantExact: fsatest.String("calvin")},
				{Name: "another cookie", Path: "/who", Header: http.Header{"Cookie": {"session=" + cookie.Value}}, WantStatus: 401,
					WantExact: fsatest.String("missing authentication"), WantHeader: map[string]string{"WWW-Authenticate": `Basic realm="test"`, "Set-Cookie": ""}},
				{Name: "bad cookie", Path: "/who", Header: withCookie("calvin-hobbes-and-susie"), WantStatus: 401,
					WantExact: fsatest.String(invalid), WantHeader: noCookie},
				{Name: "bad password", Path: "/who", Auth: fsatest.Basic("calvin", "susie"), WantStatus: 401,
					WantExact: fsatest.String("invalid user or password"), WantHeader: noCookie},
				{Name: "bearer", Path: "/who", Auth: fsatest.Bearer(cookie.Value), WantStatus: 401,
					WantExact: fsatest.String("missing authentication"), WantHeader: noCookie},
				{Name: "two cookies", Path: "/who", Header: http.Header{"Cookie": {"auth=" + cookie.Value + "; auth=" + cookie.Value}},
					WantStatus: 401, WantExact: fsatest.String("more than one auth cookie"), WantHeader: noCookie},
				{Name: "two Cookie headers", Path: "/who", Header: http.Header{"Cookie": {"auth=" + cookie.Value, "auth=x"}},
					WantStatus: 401, WantExact: fsatest.String("more than one auth cookie"), WantHeader: noCookie},
			}, cookie.Value)

			// over TLS, the cookie is Secure
			req := httptest.NewRequest("GET", "https://example.com/who", nil)
			req.SetBasicAuth("calvin", "hobbes")
			req.TLS = &tls.ConnectionState{}
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, req)
			if rec.Code != 200 || tkSetCookie(t, rec.Result(), time.Hour, true) == nil {
				t.Errorf("TLS: %d %q, want 200 and a Secure cookie", rec.Code, rec.Header().Values("Set-Cookie"))
			}
		})
	}
	t.Run("delay", func(t *testing.T) {
		app := tkCookieApp(t, nil, "FSA_TOKEN_DELAY", 30)
		res := client(t, app).Check(t, fsatest.Case{Path: "/who", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 200})
		if tkSetCookie(t, res.Response, 30*time.Minute, false) == nil {
			t.Error("no cookie")
		}
	})
}

// FSA_TOKEN_RENEWAL: a cookie token that expires later than RENEWAL of the
// delay is kept; a new one replaces it when it expires sooner. With 0,
// every response sets a new one.
func TestTokenCookieRenewal(t *testing.T) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			renew := tkCookieApp(t, nil, "FSA_TOKEN_TYPE", typ, "FSA_TOKEN_RENEWAL", 0.5)
			always := tkCookieApp(t, nil, "FSA_TOKEN_TYPE", typ)
			fresh := tkMake(t, renew, "calvin")
			left := func(d time.Duration) string { return tkMake(t, renew, "calvin", fsa.TokenDelay(d)) }
			tests := []struct {
				name    string
				app     *fsa.App
				cookie  string
				basic   bool
				renewed bool
			}{
				{"fresh", renew, fresh, false, false},
				{"40 minutes left", renew, left(40 * time.Minute), false, false},
				{"30 minutes and a second left", renew, left(30*time.Minute + time.Second), false, false},
				{"30 minutes left", renew, left(30 * time.Minute), false, true},
				{"20 minutes left", renew, left(20 * time.Minute), false, true},
				{"a second left", renew, left(time.Second), false, true},
				{"basic, no cookie", renew, "", true, true},
				{"basic and a fresh cookie: the token wins", renew, fresh, true, false},
				{"renewal 0, fresh", always, fresh, false, true},
				{"renewal 0, basic", always, "", true, true},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					tc := fsatest.Case{Path: "/who", WantStatus: 200, WantExact: fsatest.String("calvin"), Header: http.Header{}}
					if tt.cookie != "" {
						tc.Header.Set("Cookie", "auth="+tt.cookie)
					}
					if tt.basic {
						tc.Auth = fsatest.Basic("calvin", "hobbes")
					}
					res := client(t, tt.app).Check(t, tc)
					cookie := tkSetCookie(t, res.Response, time.Hour, false)
					switch {
					case tt.renewed && (cookie == nil || !tkSame(cookie.Value, fresh)):
						t.Errorf("Set-Cookie %q, want a fresh token", res.Header.Values("Set-Cookie"))
					case !tt.renewed && cookie != nil:
						t.Errorf("Set-Cookie %q, want none", res.Header.Values("Set-Cookie"))
					}
				})
			}
		})
	}
}

// An OAuth token in a cookie keeps its scopes, and its renewal follows
// FSA_TOKEN_RENEWAL as a token's does.
func TestTokenCookieOAuth(t *testing.T) {
	app := tkApp(t, "test", nil, "FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god",
		"FSA_TOKEN_CARRIER", "cookie", "FSA_TOKEN_RENEWAL", 0.5)
	fsa.Get(app, "/char", fsa.Scope("character"), who)
	fresh := tkMake(t, app, "calvin", fsa.TokenScopes("character"))
	old := tkMake(t, app, "calvin", fsa.TokenScopes("character"), fsa.TokenDelay(10*time.Minute))
	c := client(t, app)
	res := c.Check(t, fsatest.Case{Name: "fresh", Path: "/char", Header: http.Header{"Cookie": {"auth=" + fresh}},
		WantStatus: 200, WantExact: fsatest.String("calvin"), WantHeader: map[string]string{"Set-Cookie": ""}})
	res = c.Check(t, fsatest.Case{Name: "old", Path: "/char", Header: http.Header{"Cookie": {"auth=" + old}},
		WantStatus: 200, WantExact: fsatest.String("calvin")})
	cookie := tkSetCookie(t, res.Response, time.Hour, false)
	if cookie == nil {
		t.Fatal("an old cookie is not renewed")
	}
	c.Check(t, fsatest.Case{Name: "renewed", Path: "/char", Header: http.Header{"Cookie": {"auth=" + cookie.Value}},
		WantStatus: 200, WantExact: fsatest.String("calvin")})
}

// WWW-Authenticate on a 401: one header whose challenges are sorted and
// joined, as FlaskSimpleAuth sends them; Basic with the route's realm
// (quoted), the bearer name with the token realm; none for the other
// carriers, none but on a 401.
func TestTokenWWWAuthenticate(t *testing.T) {
	tests := []struct {
		name       string
		directives []any
		path       string
		auth       fsatest.Auth
		status     int
		want       string // "" for none
	}{
		{"token", nil, "/who", nil, 401, `Bearer realm="Test-App"`},
		{"bad token", nil, "/who", fsatest.Bearer("calvin-hobbes-and-susie"), 401, `Bearer realm="Test-App"`},
		{"good token", nil, "/who", fsatest.Bearer("good"), 200, ""},
		{"token and basic", []any{"FSA_AUTH", []string{"token", "basic"}}, "/who", nil, 401,
			`Basic realm="Test App!", Bearer realm="Test-App"`},
		{"basic and token", []any{"FSA_AUTH", []string{"basic", "token"}}, "/who", fsatest.Basic("calvin", "susie"), 401,
			`Basic realm="Test App!", Bearer realm="Test-App"`},
		{"custom name", []any{"FSA_TOKEN_NAME", "Foo"}, "/who", nil, 401, `Foo realm="Test-App"`},
		{"custom name after Basic", []any{"FSA_AUTH", []string{"token", "basic"}, "FSA_TOKEN_NAME", "Zed"}, "/who", nil, 401,
			`Basic realm="Test App!", Zed realm="Test-App"`},
		{"jwt", []any{"FSA_TOKEN_TYPE", "jwt"}, "/who", nil, 401, `Bearer realm="Test-App"`},
		{"route realm", []any{"FSA_AUTH", []string{"token", "basic"}}, "/mfa", nil, 401,
			`Basic realm="acme-mfa", Bearer realm="acme-mfa"`},
		{"route realm with quotes", []any{"FSA_AUTH", []string{"token", "basic"}}, "/quote", nil, 401,
			`Basic realm="Say \"hi\"!", Bearer realm="Say-hi"`},
		{"param carrier", []any{"FSA_TOKEN_CARRIER", "param"}, "/who", nil, 401, ""},
		{"header carrier", []any{"FSA_TOKEN_CARRIER", "header"}, "/who", nil, 401, ""},
		{"cookie carrier", []any{"FSA_TOKEN_CARRIER", "cookie"}, "/who", nil, 401, ""},
		{"cookie carrier and basic", []any{"FSA_AUTH", []string{"token", "basic"}, "FSA_TOKEN_CARRIER", "cookie"}, "/who", nil, 401,
			`Basic realm="Test App!"`},
		{"oauth", []any{"FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god"}, "/who", nil, 401,
			`Bearer realm="Test-App"`},
		{"forbidden", []any{"FSA_AUTH", []string{"token", "basic"}}, "/closed", nil, 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := tkApp(t, "Test App!", nil, append([]any{"FSA_PASSWORD_SCHEME", "plaintext"}, tt.directives...)...)
			app.GetUserPass(func(context.Context, string) (string, error) { return "", nil })
			fsa.Get(app, "/mfa", fsa.Auth, who, fsa.Realm("acme-mfa"))
			fsa.Get(app, "/quote", fsa.Auth, who, fsa.Realm(`Say "hi"!`))
			fsa.Get(app, "/closed", fsa.Close, who)
			auth := tt.auth
			if tt.status == 200 {
				auth = fsatest.Bearer(tkMake(t, app, "calvin"))
			}
			res := client(t, app).Check(t, fsatest.Case{Path: tt.path, Auth: auth, WantStatus: tt.status})
			want := []string{tt.want}
			if tt.want == "" {
				want = nil
			}
			if got := res.Header.Values("WWW-Authenticate"); !slices.Equal(got, want) {
				t.Errorf("WWW-Authenticate %q, want %q", got, want)
			}
		})
	}
}

// A route's realm is its tokens' realm: a token of the app's realm is
// refused there, one made for that realm accepted, and a token that a
// handler makes there is of that realm.
func TestTokenRealms(t *testing.T) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			app := tkApp(t, "test", nil, "FSA_TOKEN_TYPE", typ)
			fsa.Get(app, "/mfa", fsa.Auth, who, fsa.Realm("acme-mfa"))
			fsa.Get(app, "/mfa/token", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return c.CreateToken() }, fsa.Realm("acme-mfa"))
			fsa.Get(app, "/app/token", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return c.CreateToken() })
			c := client(t, app)
			main, mfa := tkMake(t, app, "calvin"), tkMake(t, app, "calvin", fsa.TokenRealm("acme-mfa"))
			refused := map[string]string{"fsa": "unexpected fsa token realm", "jwt": "invalid jwt token"}[typ]
			made := c.Check(t, fsatest.Case{Path: "/mfa/token", Auth: fsatest.Bearer(mfa), WantStatus: 200})
			handlerMFA := string(made.Body)
			made = c.Check(t, fsatest.Case{Path: "/app/token", Auth: fsatest.Bearer(main), WantStatus: 200})
			handlerMain := string(made.Body)
			if !tkSame(handlerMFA, mfa) || !tkSame(handlerMain, main) {
				t.Errorf("Context.CreateToken made %q and %q, want %q and %q", handlerMFA, handlerMain, mfa, main)
			}
			if typ == "fsa" && !strings.HasPrefix(handlerMFA, "acme-mfa:calvin:") {
				t.Errorf("Context.CreateToken on the mfa route: %q", handlerMFA)
			}
			tkRun(t, c, "/who", []tkCase{
				{"app token on the app realm", main, 200, "calvin"},
				{"mfa token on the app realm", mfa, 401, refused},
			})
			tkRun(t, c, "/mfa", []tkCase{
				{"app token, cached on the app realm, on the mfa realm", main, 401, refused},
				{"mfa token on the mfa realm", mfa, 200, "calvin"},
				{"mfa token of another case", tkMake(t, app, "calvin", fsa.TokenRealm("Acme-MFA")), 401, refused},
			})
		})
	}
}

// OAuth: a route of the oauth scheme requires the scopes of its Scope
// authorization in the JWT that authenticates, with a 403 naming the
// first missing one.
func TestOAuthScopes(t *testing.T) {
	app := tkApp(t, "test", nil, "FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god",
		"FSA_AUTHZ_SCOPES", []string{"character", "sidekick"})
	scopes := func(c *fsa.Context, _ none) (any, error) {
		return fmt.Sprintf("%s character=%t sidekick=%t", c.User(), c.HasScope("character"), c.HasScope("sidekick")), nil
	}
	fsa.Get(app, "/char", fsa.Scope("character"), scopes, fsa.Authn("oauth"))
	fsa.Get(app, "/both", fsa.Scope("character", "sidekick"), scopes, fsa.Authn("oauth"))
	fsa.Get(app, "/any", fsa.Auth, scopes)
	with := func(s ...string) string { return tkMake(t, app, "calvin", fsa.TokenScopes(s...)) }
	signed := func(claims jwt.MapClaims) string {
		return tkJWT(t, jwt.SigningMethodHS256, []byte(vectorSecret), claims)
	}
	www := map[string]string{"WWW-Authenticate": `Bearer realm="test"`}
	noWWW := map[string]string{"WWW-Authenticate": ""}
	cases := []struct {
		name, path, token string
		status            int
		body              string
		header            map[string]string
	}{
		{"no token", "/char", "", 401, "missing authentication", www},
		{"character", "/char", with("character"), 200, "calvin character=true sidekick=false", nil},
		{"character and sidekick", "/char", with("sidekick", "character"), 200, "calvin character=true sidekick=true", nil},
		{"sidekick", "/char", with("sidekick"), 403, `missing permission "character"`, noWWW},
		{"no scope", "/char", with(), 403, `missing permission "character"`, noWWW},
		{"scope of another case", "/char", with("Character"), 403, `missing permission "character"`, nil},
		{"longer scope", "/char", with("characters"), 403, `missing permission "character"`, nil},
		{"both: character", "/both", with("character"), 403, `missing permission "sidekick"`, nil},
		{"both: sidekick", "/both", with("sidekick"), 403, `missing permission "character"`, nil},
		{"both: both", "/both", with("character", "sidekick"), 200, "calvin character=true sidekick=true", nil},
		{"any: no scope", "/any", with(), 200, "calvin character=false sidekick=false", nil},
		{"signed by the test", "/char", signed(tkClaims("iss", "god", "scope", "sidekick character")), 200, "calvin character=true sidekick=true", nil},
		{"no issuer", "/char", signed(tkClaims("scope", "character")), 401, "invalid jwt token", www},
		{"other issuer", "/char", signed(tkClaims("iss", "devil", "scope", "character")), 401, "invalid jwt token", www},
		{"scope list", "/char", signed(tkClaims("iss", "god", "scope", []string{"character"})), 401, "invalid jwt token", www},
		{"scp claim", "/char", signed(tkClaims("iss", "god", "scp", "character")), 403, `missing permission "character"`, nil},
	}
	c := client(t, app)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var auth fsatest.Auth
			if tc.token != "" {
				auth = fsatest.Bearer(tc.token)
			}
			res := c.Check(t, fsatest.Case{Path: tc.path, Auth: auth, WantStatus: tc.status, WantExact: fsatest.String(tc.body), WantHeader: tc.header})
			tkNoEcho(t, res, tc.token)
		})
	}
}

// Scope declarations that cannot work are declaration errors.
func TestOAuthDeclarationErrors(t *testing.T) {
	tests := []struct {
		name    string
		declare func(app *fsa.App)
		want    string // in Check's error; "" for none
	}{
		{"scope on oauth", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Scope("character"), hello, fsa.Authn("oauth")) }, ""},
		{"auth on oauth", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Auth, hello, fsa.Authn("oauth")) }, ""},
		{"scope on a token route", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Scope("character"), hello, fsa.Authn("token")) },
			`route GET /s: Scope needs a route whose only scheme is oauth`},
		{"scope on the default schemes", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Scope("character"), hello) },
			`route GET /s: oauth authentication cannot be mixed with other schemes`},
		{"oauth mixed with token", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Auth, hello, fsa.Authn("oauth", "token")) },
			`route GET /s: oauth authentication cannot be mixed with other schemes`},
		{"group on oauth", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Group("admin"), hello, fsa.Authn("oauth")) },
			`route GET /s: on an oauth route, authorizations are scopes: use fsa.Scope`},
		{"undeclared scope", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Scope("villain"), hello, fsa.Authn("oauth")) },
			`route GET /s: unexpected scope "villain": not in FSA_AUTHZ_SCOPES`},
		{"no scope", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Scope(), hello, fsa.Authn("oauth")) },
			`route GET /s: Scope needs scope names`},
		{"empty scope", func(app *fsa.App) { fsa.Get(app, "/s", fsa.Scope(""), hello, fsa.Authn("oauth")) },
			`route GET /s: Scope needs scope names`},
		{"open and scope", func(app *fsa.App) {
			fsa.Get(app, "/s", fsa.All(fsa.Open, fsa.Scope("character")), hello, fsa.Authn("oauth"))
		},
			`route GET /s: cannot mix Open with other authorizations`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := tkApp(t, "test", nil, "FSA_AUTH", []string{"token", "oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god",
				"FSA_AUTHZ_SCOPES", []string{"character"}, "FSA_AUTH_DEFAULT", []string{"token"})
			if strings.Contains(tt.name, "default schemes") {
				app = tkApp(t, "test", nil, "FSA_AUTH", []string{"token", "oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god")
			}
			tt.declare(app)
			err := app.Check()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Check: %v\nwant %q", err, tt.want)
			}
		})
	}
}
