package fsa_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/digest"
)

// Digest through an app: challenges on a 401, a login, a replay.
func TestDigestScheme(t *testing.T) {
	for _, hook := range []bool{false, true} {
		app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"digest", "basic"}, "FSA_REALM", "acme",
			"FSA_PASSWORD_SCHEME", "plaintext")...)
		passwords := map[string]string{"calvin": "hobbes"}
		if hook {
			app.DigestHA1(func(_ context.Context, login, realm, algorithm string) (string, error) {
				if passwords[login] == "" {
					return "", nil
				}
				return digest.HA1(algorithm, login, realm, passwords[login]), nil
			})
		} else {
			app.GetUserPass(func(_ context.Context, login string) (string, error) { return passwords[login], nil })
		}
		fsa.Get(app, "/who", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return c.User() + " (" + c.Scheme() + ")", nil })
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
			alg := field("algorithm", challenge)
			nonce, opaque := field("nonce", challenge), field("opaque", challenge)
			header := func(password, nc string) http.Header {
				response := digest.Response(alg, digest.HA1(alg, "calvin", "acme", password), nonce, nc, "c0ffee", "auth", "GET", "/who")
				return http.Header{"Authorization": {`Digest username="calvin", realm="acme", nonce="` + nonce + `", uri="/who", ` +
					`algorithm=` + alg + `, response="` + response + `", opaque="` + opaque + `", qop=auth, nc=` + nc + `, cnonce="c0ffee"`}}
			}
			c.Run(t, []fsatest.Case{
				{Name: alg, Path: "/who", Header: header("hobbes", count(1)), WantStatus: 200, WantExact: fsatest.String("calvin (digest)")},
				{Name: alg + " replayed", Path: "/who", Header: header("hobbes", count(1)), WantStatus: 401},
				{Name: alg + " next count", Path: "/who", Header: header("hobbes", count(2)), WantStatus: 200},
				{Name: alg + " wrong password", Path: "/who", Header: header("tiger", count(3)), WantStatus: 401,
					WantExact: fsatest.String("invalid user or password")},
			})
		}
	}
}

// Every refusal of a Digest authorization through an app, with its
// status and message; a stale nonce's challenges say stale=true; the
// hook's *fsa.Error is the response, its other errors internal errors.
func TestDigestSchemeRefusals(t *testing.T) {
	for _, hook := range []bool{false, true} {
		clock := fsatest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		var logs strings.Builder
		app := fsatest.NewApp(t, "test", append(fsatest.Directives("FSA_AUTH", []string{"digest"}, "FSA_REALM", "acme",
			"FSA_PASSWORD_SCHEME", "plaintext"), fsa.Clock(clock.Now), fsa.Logger(slog.New(slog.NewTextHandler(&logs, nil))))...)
		password := func(login string) (string, error) {
			switch login {
			case "calvin":
				return "hobbes", nil
			case "busy":
				return "", fsa.Err(http.StatusServiceUnavailable, "try again later")
			case "broken":
				return "", errors.New("database down")
			}
			return "", nil
		}
		if hook {
			app.DigestHA1(func(_ context.Context, login, realm, algorithm string) (string, error) {
				if login == "garbled" {
					return "not-a-hash", nil
				}
				pass, err := password(login)
				if pass == "" {
					return "", err
				}
				return digest.HA1(algorithm, login, realm, pass), nil
			})
		} else {
			app.GetUserPass(func(_ context.Context, login string) (string, error) { return password(login) })
		}
		fsa.Get(app, "/who", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return c.User(), nil })
		c := fsatest.New(app)
		nonce := regexp.MustCompile(`nonce="([^"]*)", opaque="([^"]*)"`)
		// header is calvin's right header with a fresh nonce, but for the
		// edits: "name=value" sets a parameter (last when new), "-name"
		// removes it.
		header := func(edits ...string) http.Header {
			m := nonce.FindStringSubmatch(c.Check(t, fsatest.Case{Path: "/who", WantStatus: 401}).Header.Get("WWW-Authenticate"))
			if m == nil {
				t.Fatal("no nonce")
			}
			response := digest.Response("SHA-256", digest.HA1("SHA-256", "calvin", "acme", "hobbes"), m[1], "00000001", "c0ffee", "auth", "GET", "/who")
			params := []string{`username="calvin"`, `realm="acme"`, `nonce="` + m[1] + `"`, `uri="/who"`, "algorithm=SHA-256",
				`response="` + response + `"`, `opaque="` + m[2] + `"`, "qop=auth", "nc=00000001", `cnonce="c0ffee"`}
			for _, edit := range edits {
				name, _, _ := strings.Cut(strings.TrimPrefix(edit, "-"), "=")
				i := slices.IndexFunc(params, func(p string) bool { return strings.HasPrefix(p, name+"=") })
				switch {
				case strings.HasPrefix(edit, "-"):
					params = slices.Delete(params, i, i+1)
				case i < 0:
					params = append(params, edit)
				default:
					params[i] = edit
				}
			}
			return http.Header{"Authorization": {"Digest " + strings.Join(params, ", ")}}
		}
		refused := func(msg string, edits ...string) fsatest.Case {
			return fsatest.Case{Name: msg, Path: "/who", Header: header(edits...), WantStatus: 401, WantExact: fsatest.String(msg)}
		}
		cases := []fsatest.Case{
			{Name: "right", Path: "/who", Header: header(), WantStatus: 200, WantExact: fsatest.String("calvin")},
			refused("digest authorization too long", `x="`+strings.Repeat("y", 4<<10)+`"`),
			refused("invalid digest authorization", "nc=00000000"),
			refused("repeated digest parameter", `Username="susie"`),
			refused("unsupported digest algorithm", "algorithm=SHA-512"),
			refused("unsupported digest qop", "qop=auth-int"),
			refused("unsupported digest userhash", "userhash=true"),
			refused("digest realm mismatch", `realm="elsewhere"`),
			refused("digest uri mismatch", `uri="/other"`),
			refused("digest opaque mismatch", `opaque="AAAAAAAAAAAAAAAAAAAAAA"`),
			refused("invalid digest nonce", `nonce="AAAA"`),
			refused("invalid user or password", `username="susie"`),
			{Name: "hook *fsa.Error", Path: "/who", Header: header(`username="busy"`), WantStatus: 503, WantExact: fsatest.String("try again later")},
			{Name: "hook error", Path: "/who", Header: header(`username="broken"`), WantStatus: 500},
		}
		if hook {
			cases = append(cases, fsatest.Case{Name: "hook hash", Path: "/who", Header: header(`username="garbled"`), WantStatus: 500})
		}
		for _, name := range []string{"username", "realm", "nonce", "uri", "response", "cnonce", "nc", "qop"} {
			cases = append(cases, refused("missing digest parameter: "+name, "-"+name))
		}
		replayed := header()
		cases = append(cases, fsatest.Case{Name: "first", Path: "/who", Header: replayed, WantStatus: 200},
			fsatest.Case{Name: "replayed", Path: "/who", Header: replayed, WantStatus: 401, WantExact: fsatest.String("replayed digest nonce count")})
		c.Run(t, cases)
		// the hook's *fsa.Error is kept as is, its other errors are wrapped
		for _, want := range []string{`status=503 error="try again later"`, `error="digest HA1 hook: database down"`} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("no %s in the logs:\n%s", want, logs.String())
			}
		}
		if hook && !strings.Contains(logs.String(), `error="digest HA1 hook: not a hex SHA-256 hash"`) {
			t.Errorf("no hash error in the logs:\n%s", logs.String())
		}

		// a stale nonce: the challenges tell the client to retry
		for _, stale := range []bool{false, true} {
			h := header()
			msg := "invalid user or password"
			if stale {
				clock.Add(5*time.Minute + time.Second)
				msg = "stale digest nonce: retry with a new nonce"
			} else {
				h = header(`cnonce="other"`)
			}
			res := c.Check(t, fsatest.Case{Path: "/who", Header: h, WantStatus: 401, WantExact: fsatest.String(msg)})
			challenges := res.Header.Values("WWW-Authenticate")
			if len(challenges) != 2 {
				t.Fatalf("challenges %q", challenges)
			}
			for _, challenge := range challenges {
				if strings.HasSuffix(challenge, ", stale=true") != stale {
					t.Errorf("%s: challenge %q", msg, challenge)
				}
			}
		}
	}
}

// Digest's wrong responses count in the throttle as wrong passwords do:
// past the threshold, the login is a 429 from that address, the right
// response too.
func TestDigestThrottled(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"digest"}, "FSA_REALM", "acme",
		"FSA_PASSWORD_SCHEME", "plaintext", "FSA_THROTTLE_OPTS", map[string]any{"failures": 2, "delay": 3})...)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes"}[login], nil
	})
	fsa.Get(app, "/who", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return c.User(), nil })
	c := fsatest.NewClient(t, app)
	nonce := regexp.MustCompile(`nonce="([^"]*)", opaque="([^"]*)"`)
	header := func(password string) http.Header { // calvin's, with a fresh nonce
		m := nonce.FindStringSubmatch(c.Check(t, fsatest.Case{Path: "/who", WantStatus: 401}).Header.Get("WWW-Authenticate"))
		if m == nil {
			t.Fatal("no nonce")
		}
		response := digest.Response("SHA-256", digest.HA1("SHA-256", "calvin", "acme", password), m[1], "00000001", "c0ffee", "auth", "GET", "/who")
		return http.Header{"Authorization": {`Digest username="calvin", realm="acme", nonce="` + m[1] + `", uri="/who", ` +
			`algorithm=SHA-256, response="` + response + `", opaque="` + m[2] + `", qop=auth, nc=00000001, cnonce="c0ffee"`}}
	}
	c.Run(t, []fsatest.Case{
		{Name: "wrong 1", Path: "/who", Header: header("tiger"), WantStatus: 401, WantExact: fsatest.String("invalid user or password")},
		{Name: "wrong 2", Path: "/who", Header: header("tiger"), WantStatus: 401, WantExact: fsatest.String("invalid user or password")},
		{Name: "locked", Path: "/who", Header: header("tiger"), WantStatus: 429, WantHeader: map[string]string{"Retry-After": "3"}},
		{Name: "locked, the right response too", Path: "/who", Header: header("hobbes"), WantStatus: 429},
	})
}
