package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
)

// acmeToken returns an fsa token of acme's for user, made by fsa on
// acme.conf with the clock given.
func acmeToken(t testing.TB, user string, now time.Time) string {
	t.Helper()
	app, err := fsa.New("acme", acmeapp.Config(func(string) string { return "" }),
		fsa.LookupEnv(fsaEnv("fsa")), fsa.Clock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	token, err := app.CreateToken(user)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// checkHand sends a GET of path with the Authorization header given ("" for
// none) to e, and wants the status given, acme's headers, and on a 200
// acme's greeting to its administrator.
func checkHand(t *testing.T, e *echo.Echo, path, authorization string, want int) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != want {
		t.Fatalf("status %d, want %d: %s", rec.Code, want, rec.Body)
	}
	for name, value := range map[string]string{"Application": "Acme", "X-Content-Type-Options": "nosniff"} {
		if got := rec.Header().Get(name); got != value {
			t.Errorf("%s: %q, want %q", name, got, value)
		}
	}
	if want == http.StatusOK && rec.Body.String() != `{"msg":"hello","user":"acme"}`+"\n" {
		t.Errorf("body %q", rec.Body)
	}
}

// TestHandFSA checks the hand-written fsa token route: it greets the user
// of a token that fsa made, with acme's response, and refuses the others.
func TestHandFSA(t *testing.T) {
	secret, realm, err := acmeSecret()
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	e.GET(handFSAPath, handFSA(secret, realm))
	valid := acmeToken(t, "acme", time.Now())
	prefix, sig := valid[:strings.LastIndexByte(valid, ':')+1], valid[strings.LastIndexByte(valid, ':')+1:]
	flipped := prefix + strings.Map(func(r rune) rune {
		if r == '0' {
			return '1'
		}
		return '0'
	}, sig[:1]) + sig[1:]
	for _, tc := range []struct {
		name   string
		header string
		want   int
	}{
		{"valid", "Bearer " + valid, 200},
		{"no token", "", 401},
		{"basic", "Basic YWNtZTpzZWNyZXQ=", 401},
		{"signature changed", "Bearer " + flipped, 401},
		{"user changed", "Bearer " + strings.Replace(valid, ":acme:", ":admin:", 1), 401},
		{"other realm", "Bearer other" + strings.TrimPrefix(valid, realm), 401},
		{"expired", "Bearer " + acmeToken(t, "acme", time.Now().Add(-24*time.Hour)), 401},
		{"no user", "Bearer " + strings.Replace(valid, ":acme:", "::", 1), 401},
		{"five parts", "Bearer " + valid + ":x", 401},
		{"three parts", "Bearer " + prefix[:len(prefix)-1], 401},
	} {
		t.Run(tc.name, func(t *testing.T) { checkHand(t, e, handFSAPath, tc.header, tc.want) })
	}
}

// TestHandJWT checks the hand-written JWT route: it greets the subject of
// a valid token and refuses the others.
func TestHandJWT(t *testing.T) {
	secret := []byte("a secret for the test, long enough")
	sign := func(key []byte, method jwt.SigningMethod, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	exp := time.Now().Add(time.Hour).Unix()
	e := echo.New()
	e.GET(handJWTPath, handJWT(secret, "acme"))
	for _, tc := range []struct {
		name   string
		header string
		want   int
	}{
		{"valid", "Bearer " + sign(secret, jwt.SigningMethodHS256, jwt.MapClaims{"sub": "acme", "aud": "acme", "exp": exp}), 200},
		{"no token", "", 401},
		{"other secret", "Bearer " + sign([]byte("another secret, long enough too"), jwt.SigningMethodHS256,
			jwt.MapClaims{"sub": "acme", "aud": "acme", "exp": exp}), 401},
		{"other method", "Bearer " + sign(secret, jwt.SigningMethodHS512, jwt.MapClaims{"sub": "acme", "aud": "acme", "exp": exp}), 401},
		{"other audience", "Bearer " + sign(secret, jwt.SigningMethodHS256, jwt.MapClaims{"sub": "acme", "aud": "other", "exp": exp}), 401},
		{"no subject", "Bearer " + sign(secret, jwt.SigningMethodHS256, jwt.MapClaims{"aud": "acme", "exp": exp}), 401},
		{"no expiry", "Bearer " + sign(secret, jwt.SigningMethodHS256, jwt.MapClaims{"sub": "acme", "aud": "acme"}), 401},
		{"expired", "Bearer " + sign(secret, jwt.SigningMethodHS256, jwt.MapClaims{"sub": "acme", "aud": "acme", "exp": time.Now().Unix() - 1}), 401},
		{"issued later", "Bearer " + sign(secret, jwt.SigningMethodHS256,
			jwt.MapClaims{"sub": "acme", "aud": "acme", "exp": exp, "iat": time.Now().Add(time.Minute).Unix()}), 401},
	} {
		t.Run(tc.name, func(t *testing.T) { checkHand(t, e, handJWTPath, tc.header, tc.want) })
	}
}
