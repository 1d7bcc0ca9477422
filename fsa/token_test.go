package fsa_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// vectorSecret is the secret of the tokens of reference/vectors.md.
const vectorSecret = "some-secret-some-secret-some-secret!"

// who returns the authenticated login.
func who(c *fsa.Context, _ none) (any, error) { return c.User(), nil }

// tokenApp returns an app whose /who route authenticates by token, at a
// fixed time, with the directives given.
func tokenApp(t *testing.T, now time.Time, directives ...any) *fsa.App {
	t.Helper()
	directives = append([]any{"FSA_AUTH", []string{"token"}, "FSA_TOKEN_SECRET", vectorSecret}, directives...)
	app := fsatest.NewApp(t, "test", append(fsatest.Directives(directives...), fsa.Clock(func() time.Time { return now }))...)
	fsa.Get(app, "/who", fsa.Auth, who)
	return app
}

// The tokens of reference/vectors.md: each is accepted before it expires,
// and made again byte for byte from its user and expiry; a JWT adds its
// iat and a random jti to FlaskSimpleAuth's claims (for revocations).
func TestTokenVectors(t *testing.T) {
	vectors := []struct {
		name       string
		directives []any
		user       string
		expires    time.Time
		token      string
	}{
		{"fsa", []any{"FSA_REALM", "acme"}, "calvin", time.Date(2036, 11, 22, 8, 23, 16, 0, time.UTC),
			"acme:calvin:20361122082316:226cf28b656d77212d7ef1213418d7ad"},
		{"fsa issuer", []any{"FSA_REALM", "acme", "FSA_TOKEN_ISSUER", "god"}, "hobbes", time.Date(2036, 11, 22, 8, 23, 16, 0, time.UTC),
			"acme/god:hobbes:20361122082316:11c774d29a9f9f6cc58e37a8d659d3db"},
		{"fsa realm simplified", []any{"FSA_REALM", "Acme Corp. (EU)"}, "susie", time.Date(2036, 11, 22, 8, 23, 16, 0, time.UTC),
			"Acme-Corp-EU:susie:20361122082316:4b2857db4d59c844c0942fe3ba68d871"},
		{"fsa length 8", []any{"FSA_REALM", "acme", "FSA_TOKEN_LENGTH", 8}, "calvin", time.Date(2036, 11, 22, 8, 23, 16, 0, time.UTC),
			"acme:calvin:20361122082316:226cf28b656d7721"},
		{"fsa email login", []any{"FSA_REALM", "acme"}, "rosalyn.o'neil@example.com", time.Date(2036, 11, 22, 8, 23, 16, 0, time.UTC),
			"acme:rosalyn.o'neil@example.com:20361122082316:3671aa7e621bb02c60febe1181f99330"},
		{"fsa short secret", []any{"FSA_REALM", "acme", "FSA_TOKEN_SECRET", "some-secret", "FSA_MODE", "dev"}, "calvin",
			time.Date(2038, 1, 19, 3, 14, 7, 0, time.UTC), "acme:calvin:20380119031407:4ba581265225937417126c05e7caf2af"},
		{"jwt", []any{"FSA_REALM", "acme", "FSA_TOKEN_TYPE", "jwt"}, "calvin", time.Unix(2110954996, 0),
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjIxMTA5NTQ5OTYsInN1YiI6ImNhbHZpbiIsImF1ZCI6ImFjbWUifQ.uPQ4ao5zaNTsxRe5P1C0eUMyuxLnPqfTpwvO-gzfWlU"},
		{"jwt issuer", []any{"FSA_REALM", "acme", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god"}, "hobbes", time.Unix(2110954996, 0),
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjIxMTA5NTQ5OTYsInN1YiI6ImhvYmJlcyIsImF1ZCI6ImFjbWUiLCJpc3MiOiJnb2QifQ.r8xvaPRwmlBljENsJwsGhF9bHxxXY_FyzzfZqdT9MFs"},
		{"jwt HS512", []any{"FSA_REALM", "acme", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "HS512"}, "susie", time.Unix(2110954996, 0),
			"eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJleHAiOjIxMTA5NTQ5OTYsInN1YiI6InN1c2llIiwiYXVkIjoiYWNtZSJ9.cUU8oFCo1I0Lps-U_T4RSPEnwjcwpQYTOXECfM95Sg4tT5fHOCgBO21yHp40AQSR3-vplT-DLphwaP_fHCfgNQ"},
	}
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			app := tokenApp(t, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), v.directives...)
			client(t, app).Check(t, fsatest.Case{Path: "/who", Auth: fsatest.Bearer(v.token), WantStatus: 200, WantExact: fsatest.String(v.user)})
			made, err := tokenApp(t, v.expires.Add(-time.Hour), v.directives...).CreateToken(v.user)
			if strings.HasPrefix(made, "eyJ") {
				made = withoutIatJti(t, made, v.expires.Add(-time.Hour), v.token)
			}
			if err != nil || made != v.token {
				t.Errorf("CreateToken = %q, %v\nwant %q", made, err, v.token)
			}
		})
	}
}

// withoutIatJti checks that a JWT ends its claims with the iat at and a
// jti of 16 random bytes, and returns the token signed as want is without
// them, to compare with want.
func withoutIatJti(t *testing.T, token string, at time.Time, want string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	head, jti, ok := strings.Cut(string(payload), fmt.Sprintf(`,"iat":%d,"jti":"`, at.Unix()))
	if id, err := base64.RawURLEncoding.DecodeString(strings.TrimSuffix(jti, `"}`)); !ok || err != nil || len(id) != 16 {
		t.Fatalf("claims %s: want FlaskSimpleAuth's, then iat %d and a jti", payload, at.Unix())
	}
	wantParts := strings.Split(want, ".")
	if base64.RawURLEncoding.EncodeToString([]byte(head+"}")) != wantParts[1] {
		return token
	}
	return want
}

// RSA keys under 2048 bits are refused when the app starts.
func TestWeakRSAKeyRefused(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	public := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	_, err = fsa.New("test", fsa.LookupEnv(nil), fsa.Set("FSA_TOKEN_TYPE", "jwt"), fsa.Set("FSA_TOKEN_ALGO", "RS256"),
		fsa.Set("FSA_TOKEN_SECRET", public))
	if err == nil || !strings.Contains(err.Error(), "an RSA key of 1024 bits is too weak: want 2048 bits or more") {
		t.Errorf("1024-bit key: %v", err)
	}
}

// TestCheckToken checks Context.CheckToken from a custom scheme that finds
// the token in a header of its own.
func TestCheckToken(t *testing.T) {
	app := newApp(t, nil, "FSA_AUTH", []string{"x-token", "token"}, "FSA_TOKEN_SECRET", strings.Repeat("s", 32))
	app.Authentication("x-token", func(ctx context.Context, r *http.Request) (string, error) {
		token := r.Header.Get("X-Token")
		if token == "" {
			return "", nil
		}
		return ctx.(*fsa.Context).CheckToken(token)
	})
	fsa.Get(app, "/me", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return c.User() + " " + c.Scheme(), nil }, fsa.Authn("x-token"))
	token, err := app.CreateToken("calvin")
	if err != nil {
		t.Fatal(err)
	}
	other, err := app.CreateToken("calvin", fsa.TokenRealm("elsewhere"))
	if err != nil {
		t.Fatal(err)
	}
	hdr := func(v string) http.Header { return http.Header{"X-Token": {v}} }
	client(t, app).Run(t, []fsatest.Case{
		{Name: "valid", Path: "/me", Header: hdr(token), WantStatus: 200, WantExact: fsatest.String("calvin x-token")},
		{Name: "tampered", Path: "/me", Header: hdr(token[:len(token)-1] + "x"), WantStatus: 401},
		{Name: "another realm", Path: "/me", Header: hdr(other), WantStatus: 401, WantBody: "realm"},
		{Name: "none", Path: "/me", WantStatus: 401},
	})

	none := newApp(t, nil, "FSA_AUTH", []string{"x-token"}, "FSA_TOKEN_TYPE", nil)
	none.Authentication("x-token", func(ctx context.Context, r *http.Request) (string, error) {
		return ctx.(*fsa.Context).CheckToken("whatever")
	})
	fsa.Get(none, "/me", fsa.Auth, hello)
	client(t, none).Check(t, fsatest.Case{Name: "without tokens", Path: "/me", WantStatus: 500})
}
