package fsa

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// Digest through an app: challenges on a 401, a login, a replay.
func TestDigestScheme(t *testing.T) {
	for _, hook := range []bool{false, true} {
		directives := []setting{{Name: "FSA_AUTH", Value: []any{"digest", "basic"}}, {Name: "FSA_REALM", Value: "acme"},
			{Name: "FSA_PASSWORD_SCHEME", Value: "plaintext"}}
		app, err := New("test", LookupEnv(nil), func(o *options) { o.settings = directives })
		if err != nil {
			t.Fatal(err)
		}
		passwords := map[string]string{"calvin": "hobbes"}
		if hook {
			app.DigestHA1(func(_ context.Context, login, realm, algorithm string) (string, error) {
				if passwords[login] == "" {
					return "", nil
				}
				alg, _ := lookupDigestAlgorithm(algorithm)
				return digestHA1(alg, login, realm, passwords[login]), nil
			})
		} else {
			app.GetUserPass(func(_ context.Context, login string) (string, error) { return passwords[login], nil })
		}
		Get(app, "/who", Auth, func(c *Context, _ struct{}) (any, error) { return c.User() + " (" + c.Scheme() + ")", nil })
		c := fsatest.New(app)
		res := c.Check(t, fsatest.Case{Path: "/who", WantStatus: 401})
		challenges := res.Header.Values("WWW-Authenticate")
		if len(challenges) != 3 || challenges[0] != `Basic realm="acme"` {
			t.Fatalf("challenges %q: want Basic, then Digest SHA-256 and MD5", challenges)
		}
		field := func(name, challenge string) string {
			m := regexp.MustCompile(name + `="?([^",]*)"?`).FindStringSubmatch(challenge)
			if m == nil {
				t.Fatalf("no %s in %q", name, challenge)
			}
			return m[1]
		}
		for i, challenge := range challenges[1:] { // one nonce for both: counts go on
			count := func(n int) string { return fmt.Sprintf("%08x", 10*i+n) }
			alg, _ := lookupDigestAlgorithm(field("algorithm", challenge))
			nonce, opaque := field("nonce", challenge), field("opaque", challenge)
			header := func(password, nc string) http.Header {
				response := digestResponse(alg, digestHA1(alg, "calvin", "acme", password), nonce, nc, "c0ffee", "auth", "GET", "/who")
				return http.Header{"Authorization": {`Digest username="calvin", realm="acme", nonce="` + nonce + `", uri="/who", ` +
					`algorithm=` + alg.name + `, response="` + response + `", opaque="` + opaque + `", qop=auth, nc=` + nc + `, cnonce="c0ffee"`}}
			}
			c.Run(t, []fsatest.Case{
				{Name: alg.name, Path: "/who", Header: header("hobbes", count(1)), WantStatus: 200, WantExact: fsatest.String("calvin (digest)")},
				{Name: alg.name + " replayed", Path: "/who", Header: header("hobbes", count(1)), WantStatus: 401},
				{Name: alg.name + " next count", Path: "/who", Header: header("hobbes", count(2)), WantStatus: 200},
				{Name: alg.name + " wrong password", Path: "/who", Header: header("tiger", count(3)), WantStatus: 401,
					WantExact: fsatest.String("invalid user or password")},
			})
		}
	}
}
