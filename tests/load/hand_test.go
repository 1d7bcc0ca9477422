package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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

// TestHandFSA checks the hand-written fsa token route: it greets the user
// of a token that fsa made, with acme's answer, and refuses the others.
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
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, handFSAPath, nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.want, rec.Body)
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
			if tc.want == 200 && rec.Body.String() != `{"msg":"hello","user":"acme"}`+"\n" {
				t.Errorf("body %q", rec.Body)
			}
		})
	}
}
