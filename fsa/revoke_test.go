package fsa_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/digest"
	"github.com/fsa-go/fsa-go/internal/srvtest"
)

// rvStores are where revocations live: in the process, or on a server
// that two instances share.
var rvStores = []string{"memory", "redis", "memcached"}

// rvInstances returns two instances of an app on the store kind (one
// app twice for "memory"), on the real clock: revocations are about
// whole seconds. Their /who route takes a token, DELETE /token revokes
// the token sent (logout), and basic is accepted too: calvin's password
// is hobbes.
func rvInstances(t *testing.T, kind string, directives ...any) [2]*fsa.App {
	directives = append([]any{"FSA_AUTH", []string{"token", "basic"}, "FSA_TOKEN_SECRET", vectorSecret,
		"FSA_PASSWORD_SCHEME", "plaintext"}, directives...)
	var s *srvtest.Server
	if kind != "memory" {
		s = sharedServer(t, kind)
		directives = append(directives, sharedOpts(kind, s)...)
	}
	var apps [2]*fsa.App
	for i := range apps {
		if i == 1 && kind == "memory" {
			apps[1] = apps[0]
			break
		}
		app := fsatest.NewApp(t, "test", fsatest.Directives(directives...)...)
		t.Cleanup(func() { _ = app.Close() })
		app.GetUserPass(func(_ context.Context, login string) (string, error) {
			return map[string]string{"calvin": "hobbes", "hobbes": "calvin"}[login], nil
		})
		fsa.Get(app, "/who", fsa.Auth, who)
		fsa.Get(app, "/elsewhere/who", fsa.Auth, who, fsa.Realm("elsewhere"))
		fsa.Delete(app, "/token", fsa.Auth, func(c *fsa.Context, _ none) (any, error) {
			c.Status(http.StatusNoContent)
			return nil, c.RevokeToken()
		}, fsa.Authn("token"))
		apps[i] = app
	}
	return apps
}

// rvWho checks the answer of /who with a token on an app.
func rvWho(t *testing.T, app *fsa.App, token string, status int, body string) {
	t.Helper()
	client(t, app).Check(t, fsatest.Case{Path: "/who", Auth: fsatest.Bearer(token), WantStatus: status, WantExact: fsatest.String(body)})
}

// rvSeen waits until the other instance refuses a token as revoked: at
// once in the instance that revoked it, within 100 ms in another.
func rvSeen(t *testing.T, apps [2]*fsa.App, token string) {
	t.Helper()
	rvWho(t, apps[0], token, 401, "revoked auth token")
	waited := seenWithin(t, 100*time.Millisecond, "revocation on the other instance", func() bool {
		return client(t, apps[1]).Do(t, fsatest.Case{Path: "/who", Auth: fsatest.Bearer(token)}).StatusCode == 401
	})
	rvWho(t, apps[1], token, 401, "revoked auth token")
	t.Logf("seen by the other instance after %v", waited)
}

// A token revoked (a logout through DELETE /token) is refused from then
// on by every instance, though each had it in its memo and cache; the
// login's other tokens and other logins' work; logging in again gives a
// new token, which works everywhere.
func TestRevokeToken(t *testing.T) {
	for _, kind := range rvStores {
		for _, typ := range []string{"fsa", "jwt"} {
			t.Run(kind+"/"+typ, func(t *testing.T) {
				apps := rvInstances(t, kind, "FSA_TOKEN_TYPE", typ)
				token := tkMake(t, apps[0], "calvin")
				second := tkMake(t, apps[0], "calvin", fsa.TokenDelay(30*time.Minute))
				hobbes := tkMake(t, apps[1], "hobbes")
				for _, app := range apps {
					rvWho(t, app, token, 200, "calvin")
					rvWho(t, app, second, 200, "calvin")
				}

				client(t, apps[0]).Check(t, fsatest.Case{Method: "DELETE", Path: "/token", Auth: fsatest.Bearer(token), WantStatus: 204})
				rvSeen(t, apps, token)
				client(t, apps[1]).Check(t, fsatest.Case{Method: "DELETE", Path: "/token", Auth: fsatest.Bearer(token), WantStatus: 401,
					WantExact: fsatest.String("revoked auth token")})
				for _, app := range apps {
					rvWho(t, app, second, 200, "calvin")
					rvWho(t, app, hobbes, 200, "hobbes")
				}

				again := tkMake(t, apps[0], "calvin")
				if again == token {
					t.Fatal("CreateToken gave the revoked token again")
				}
				for _, app := range apps {
					rvWho(t, app, again, 200, "calvin")
				}
			})
		}
	}
}

// RevokeUser refuses every token of the login made before it, on every
// instance, and a token made right after it, in the same second, works.
func TestRevokeUser(t *testing.T) {
	for _, kind := range rvStores {
		for _, typ := range []string{"fsa", "jwt"} {
			t.Run(kind+"/"+typ, func(t *testing.T) {
				apps := rvInstances(t, kind, "FSA_TOKEN_TYPE", typ)
				tokens := []string{tkMake(t, apps[0], "calvin"), tkMake(t, apps[1], "calvin", fsa.TokenDelay(time.Minute)),
					tkMake(t, apps[0], "calvin", fsa.TokenRealm("elsewhere"))}
				hobbes := tkMake(t, apps[0], "hobbes")
				rvWho(t, apps[1], tokens[0], 200, "calvin")

				if err := apps[1].RevokeUser(context.Background(), "calvin"); err != nil {
					t.Fatal(err)
				}
				apps[0], apps[1] = apps[1], apps[0] // the one that revoked first
				for _, token := range tokens[:2] {
					rvSeen(t, apps, token)
				}
				rvWho(t, apps[0], hobbes, 200, "hobbes")
				client(t, apps[1]).Check(t, fsatest.Case{Path: "/elsewhere/who", Auth: fsatest.Bearer(tokens[2]), WantStatus: 401,
					WantExact: fsatest.String("revoked auth token")})

				start := time.Now()
				fresh := tkMake(t, apps[1], "calvin")
				made := time.Since(start)
				if made > 2*time.Second {
					t.Errorf("CreateToken took %v after the revocation, want at most a second or so", made)
				}
				for _, app := range apps {
					rvWho(t, app, fresh, 200, "calvin")
				}
				t.Logf("a new token made in %v", made)

				// an fsa token's issue time is its expiry less FSA_TOKEN_DELAY:
				// a shorter one would look issued before the revocation
				short, err := apps[1].CreateToken("calvin", fsa.TokenDelay(time.Minute))
				switch {
				case typ == "jwt" && err != nil:
					t.Errorf("a JWT of a shorter delay: %v", err)
				case typ == "jwt":
					rvWho(t, apps[0], short, 200, "calvin")
				case err == nil || !strings.Contains(err.Error(), "would look issued before the revocation of its login"):
					t.Errorf("an fsa token of a shorter delay: %q, %v", short, err)
				}
			})
		}
	}
}

// Logging out with the cookie carrier deletes the cookie rather than
// renewing it.
func TestLogoutCookie(t *testing.T) {
	app := tkCookieApp(t, []fsa.Option{fsa.Clock(time.Now)})
	fsa.Delete(app, "/token", fsa.Auth, func(c *fsa.Context, _ none) (any, error) {
		c.Status(http.StatusNoContent)
		return nil, c.RevokeToken()
	}, fsa.Authn("token"))
	token := tkMake(t, app, "calvin")
	cookie := http.Header{"Cookie": {"auth=" + token}}
	res := client(t, app).Check(t, fsatest.Case{Method: "DELETE", Path: "/token", Header: cookie, WantStatus: 204})
	if got := res.Header.Get("Set-Cookie"); !strings.HasPrefix(got, "auth=; Path=/; Max-Age=0; HttpOnly") {
		t.Errorf("Set-Cookie %q: want the auth cookie deleted", got)
	}
	client(t, app).Check(t, fsatest.Case{Path: "/who", Header: cookie, WantStatus: 401, WantExact: fsatest.String("revoked auth token")})
}

// What revocations refuse to do, and say why.
func TestRevokeErrors(t *testing.T) {
	app := rvInstances(t, "memory")[0]
	past := tkApp(t, "test", []fsa.Option{fsa.Clock(func() time.Time { return time.Now().Add(-2 * time.Hour) })})
	noTokens := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"basic"}, "FSA_TOKEN_TYPE", nil)...)
	fsa.Get(app, "/logout", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return nil, c.RevokeToken() })
	ctx := context.Background()
	tests := []struct {
		name string
		err  error
		want string // "" for no error
	}{
		{"not a token", app.RevokeToken(ctx, "calvin:hobbes"), "invalid fsa token"},
		{"a forged token", app.RevokeToken(ctx, tkSign("test:calvin:20991231235959", "not-the-secret")), "invalid fsa auth token signature"},
		{"an expired token: nothing to do", app.RevokeToken(ctx, tkMake(t, past, "calvin")), ""},
		{"no tokens", noTokens.RevokeToken(ctx, "x"), "FSA_TOKEN_TYPE is None"},
		{"no login", app.RevokeUser(ctx, ""), "empty login"},
		{"no tokens, RevokeUser", noTokens.RevokeUser(ctx, "calvin"), "FSA_TOKEN_TYPE is None"},
	}
	_, err := app.CreateToken("calvin", fsa.TokenDelay(2*time.Hour))
	tests = append(tests, struct {
		name string
		err  error
		want string
	}{"a delay past FSA_TOKEN_DELAY", err, "the delay 2h0m0s is longer than FSA_TOKEN_DELAY (1h0m0s), for which RevokeUser holds"})
	for _, tt := range tests {
		switch {
		case tt.want == "" && tt.err != nil:
			t.Errorf("%s: %v", tt.name, tt.err)
		case tt.want != "" && (tt.err == nil || !strings.Contains(tt.err.Error(), tt.want)):
			t.Errorf("%s: error %v, want %q", tt.name, tt.err, tt.want)
		}
	}
	// a request that basic authenticated has no token to revoke
	client(t, app).Check(t, fsatest.Case{Path: "/logout", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 500})
}

// The revocation store lost while serving: tokens are refused with a 503
// (never accepted: one may be revoked) until it is back, then accepted
// again by themselves; a revocation then fails with an error.
func TestRevocationStoreLost(t *testing.T) {
	for _, kind := range []string{"redis", "memcached"} {
		t.Run(kind, func(t *testing.T) {
			s := sharedServer(t, kind)
			var logs syncBuffer
			app := fsatest.NewApp(t, "test", append(fsatest.Directives(append([]any{"FSA_AUTH", []string{"token"},
				"FSA_TOKEN_SECRET", vectorSecret}, sharedOpts(kind, s)...)...), fsa.Logger(slog.New(slog.NewTextHandler(&logs, nil))))...)
			t.Cleanup(func() { _ = app.Close() })
			fsa.Get(app, "/who", fsa.Auth, who)
			token := tkMake(t, app, "calvin")
			rvWho(t, app, token, 200, "calvin")

			s.Stop()
			res := client(t, app).Check(t, fsatest.Case{Path: "/who", Auth: fsatest.Bearer(token), WantStatus: 503,
				WantExact: fsatest.String("revocation store unavailable")})
			if res.Header.Get("Retry-After") != "1" {
				t.Errorf("Retry-After %q, want 1", res.Header.Get("Retry-After"))
			}
			rvWho(t, app, token, 503, "revocation store unavailable")
			// one warning, not an error per response (and the cache's own)
			warning := `msg="fsa: revocation store unavailable: tokens are refused with 503 (warned at most once a minute)"`
			if strings.Count(logs.String(), warning) != 1 || strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("logs:\n%s\nwant one warning of the revocation store, no error", logs.String())
			}
			if err := app.RevokeToken(context.Background(), token); err == nil || !strings.Contains(err.Error(), "the token is not revoked") {
				t.Errorf("RevokeToken with the store away: %v", err)
			}
			var unavailable *fsa.Error
			if _, err := app.CreateToken("hobbes"); !errors.As(err, &unavailable) || unavailable.Status != 503 ||
				unavailable.Message != "revocation store unavailable" {
				t.Errorf("CreateToken with the store away: %v, want a 503 revocation store unavailable", err)
			}

			if err := s.Start(); err != nil {
				t.Fatal(err)
			}
			seenWithin(t, 10*time.Second, "the token accepted again", func() bool {
				return client(t, app).Do(t, fsatest.Case{Path: "/who", Auth: fsatest.Bearer(token)}).StatusCode == 200
			})
		})
	}
}

// The throttle's counts are the shared store's: failures spread over two
// instances are refused after as many as on one.
func TestSharedThrottle(t *testing.T) {
	for _, kind := range rvStores {
		t.Run(kind, func(t *testing.T) {
			apps := rvInstances(t, kind, "FSA_THROTTLE_OPTS", map[string]any{"failures": 3})
			wrong := fsatest.Case{Path: "/who", Auth: fsatest.Basic("calvin", "wrong")}
			for i := range 3 {
				client(t, apps[i%2]).Check(t, fsatest.Case{Path: "/who", Auth: wrong.Auth, WantStatus: 401})
			}
			for i := range 2 {
				res := client(t, apps[i]).Do(t, wrong)
				if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
					t.Errorf("instance %d after 3 failures: %d, Retry-After %q, want 429", i, res.StatusCode, res.Header.Get("Retry-After"))
				}
			}
		})
	}
}

// Digest nonce counts are the shared store's: a nonce count accepted by
// one instance and replayed to the other is refused there, a greater one
// accepted.
func TestSharedDigestCounts(t *testing.T) {
	for _, kind := range []string{"redis", "memcached"} {
		t.Run(kind, func(t *testing.T) {
			apps := rvInstances(t, kind, "FSA_AUTH", []string{"digest", "token"}, "FSA_REALM", "acme")
			res := client(t, apps[0]).Check(t, fsatest.Case{Path: "/who", WantStatus: 401})
			var challenge string
			for _, v := range res.Header.Values("WWW-Authenticate") {
				if strings.HasPrefix(v, "Digest ") && challenge == "" {
					challenge = v
				}
			}
			field := func(name string) string {
				m := regexp.MustCompile(name + `="?([^",]*)"?`).FindStringSubmatch(challenge)
				if m == nil {
					t.Fatalf("no %s in %q", name, challenge)
				}
				return m[1]
			}
			alg, nonce, opaque := field("algorithm"), field("nonce"), field("opaque")
			header := func(nc int) http.Header {
				count := fmt.Sprintf("%08x", nc)
				response := digest.Response(alg, digest.HA1(alg, "calvin", "acme", "hobbes"), nonce, count, "c0ffee", "auth", "GET", "/who")
				return http.Header{"Authorization": {`Digest username="calvin", realm="acme", nonce="` + nonce + `", uri="/who", ` +
					`algorithm=` + alg + `, response="` + response + `", opaque="` + opaque + `", qop=auth, nc=` + count + `, cnonce="c0ffee"`}}
			}
			calvin := fsatest.String("calvin")
			client(t, apps[0]).Check(t, fsatest.Case{Path: "/who", Header: header(1), WantStatus: 200, WantExact: calvin})
			client(t, apps[1]).Check(t, fsatest.Case{Path: "/who", Header: header(1), WantStatus: 401,
				WantExact: fsatest.String("replayed digest nonce count")})
			client(t, apps[1]).Check(t, fsatest.Case{Path: "/who", Header: header(2), WantStatus: 200, WantExact: calvin})
			client(t, apps[0]).Check(t, fsatest.Case{Path: "/who", Header: header(2), WantStatus: 401,
				WantExact: fsatest.String("replayed digest nonce count")})
		})
	}
}
