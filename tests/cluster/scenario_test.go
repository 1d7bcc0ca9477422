package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/digest"
	"github.com/fsa-go/fsa-go/internal/srvtest"
	"github.com/fsa-go/fsa-go/tests/internal/tutorial"
)

// TestCluster runs its cases on one cluster of 3 instances behind nginx;
// each case's clients leave from addresses of their own, so that their
// throttle counts do not mix.
func TestCluster(t *testing.T) {
	c := startCluster(t, 3)
	t.Cleanup(func() {
		if t.Failed() {
			for i, a := range c.acme {
				t.Logf("instance %d (%s) logged:\n%s", i+1, a.Addr, a.Log())
			}
		}
	})
	t.Run("tutorial", func(t *testing.T) { testTutorial(t, c) })
	t.Run("new user everywhere", func(t *testing.T) { testNewUser(t, c) })
	t.Run("throttle as on one", func(t *testing.T) { testThrottleShared(t, c) })
	t.Run("throttle per client", func(t *testing.T) { testForwardedFor(t, c) })
	t.Run("revocation", func(t *testing.T) { testRevocation(t, c) })
	t.Run("digest", func(t *testing.T) { testDigest(t, c) })
	t.Run("faults", func(t *testing.T) { testFaults(t, c) })
}

// testTutorial runs every curl line of docs/TUTORIAL.md, in order, through
// the balancer: each request goes to the next instance, so a user, a stuff
// or a token made on one is used on another. ACME_TOKEN is the last token
// returned, as the reader copies it.
func testTutorial(t *testing.T, c *cluster) {
	curls, err := tutorial.Curls("../../docs/TUTORIAL.md")
	if err != nil {
		t.Error(err)
	}
	if len(curls) < 4 {
		t.Fatalf("only %d curl lines found in the tutorial", len(curls))
	}
	client := client(c.URL(), "127.0.0.1")
	token := ""
	for _, curl := range curls {
		name := "TUTORIAL.md:" + strconv.Itoa(curl.Line)
		req, err := tutorial.Parse(curl.Cmd, func(v string) string {
			switch v {
			case "ACME_TOKEN":
				return token
			case "ACME_PASS":
				return acmePass
			}
			return ""
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		req.Name, req.WantStatus = name, curl.Status
		var answer struct{ Token string }
		if json.Unmarshal(client.Check(t, req).Body, &answer) == nil && answer.Token != "" {
			token = answer.Token
		}
	}
}

// testNewUser: a user added on one instance logs in at once on every
// instance and through the balancer, even where a login tried before the
// user existed was answered "no such user" (the redis cache's entry is
// dropped for all), and its token opens every instance.
func testNewUser(t *testing.T, c *cluster) {
	login, password := "everywhere", "Every-Where-7"
	var direct []*fsatest.Client
	for _, a := range c.acme {
		direct = append(direct, client(a.URL(), "127.0.0.1"))
	}
	early := fsatest.Basic(login, password)
	for i, a := range c.acme { // from an address of its own: failures it may count
		client(a.URL(), "127.0.0.20").Check(t, fsatest.Case{Name: fmt.Sprintf("before it exists, instance %d", i+1),
			Path: "/token", Auth: early, WantStatus: http.StatusUnauthorized})
	}
	direct[0].Check(t, fsatest.Case{Name: "added on instance 1", Method: "POST", Path: "/user", User: "acme",
		Form: url.Values{"login": {login}, "password": {password}, "email": {login + "@acme.org"}}, WantStatus: http.StatusCreated})

	type door struct {
		name   string
		client *fsatest.Client
	}
	var doors []door
	for i, d := range direct {
		doors = append(doors, door{fmt.Sprintf("instance %d", i+1), d})
	}
	balanced := client(c.URL(), "127.0.0.1")
	for i := range c.acme {
		doors = append(doors, door{fmt.Sprintf("balancer, request %d", i+1), balanced})
	}
	for _, from := range doors {
		res := from.client.Check(t, fsatest.Case{Name: "token from " + from.name, Path: "/token",
			Auth: fsatest.Basic(login, password), WantStatus: http.StatusOK})
		var answer struct{ Token string }
		if err := json.Unmarshal(res.Body, &answer); err != nil || answer.Token == "" {
			t.Fatalf("token from %s: %q: %v", from.name, res.Body, err)
		}
		for i, d := range direct {
			d.Check(t, fsatest.Case{Name: fmt.Sprintf("token from %s on instance %d", from.name, i+1),
				Path: "/hello-me", Auth: fsatest.Bearer(answer.Token), WantStatus: http.StatusOK,
				WantJSON: map[string]any{"user": login}})
		}
	}
}

// flood sends wrong passwords of login to base from client until a 429,
// and returns the failures (401) before it; any other status, or no 429
// within limit requests, is fatal.
func flood(t *testing.T, client *http.Client, base, login string, limit int) int {
	t.Helper()
	for n := 0; n < limit; n++ {
		status, body, err := get(context.Background(), client, base+"/token", login, "Wrong-Pass-0")
		switch {
		case err != nil:
			t.Fatal(err)
		case status == http.StatusTooManyRequests:
			return n
		case status != http.StatusUnauthorized:
			t.Fatalf("wrong password %d of %s: status %d, want 401 or 429: %s", n+1, login, status, body)
		}
	}
	t.Fatalf("%d wrong passwords of %s at %s, and no 429", limit, login, base)
	return 0
}

// testThrottleShared: a wrong-password flood spread round-robin over the
// instances is refused after as many failures as on one instance.
func testThrottleShared(t *testing.T, c *cluster) {
	limit := 4 * len(c.acme) * throttleFailures
	one := flood(t, httpClient("127.0.0.30"), c.acme[0].URL(), "floodone", limit)
	if one != throttleFailures {
		t.Fatalf("on one instance, the first 429 came after %d failures, want FSA_THROTTLE_OPTS's %d", one, throttleFailures)
	}
	all := flood(t, httpClient("127.0.0.31"), c.URL(), "floodall", limit)
	t.Logf("first 429 after %d failures on one instance, after %d through the balancer in front of %d", one, all, len(c.acme))
	if all != one {
		t.Errorf("through the balancer in front of %d instances the first 429 came after %d failures, want %d as on one",
			len(c.acme), all, one)
	}
}

// testForwardedFor: the instances count a client's failures by its own
// address, which nginx forwards in X-Forwarded-For, not by the balancer's
// (127.0.0.1): a client throttled through the balancer is refused even
// with the right password, while another client, the same login, passes,
// and cannot be taken for the first by sending its address in
// X-Forwarded-For itself.
func testForwardedFor(t *testing.T, c *cluster) {
	login, password := "forwarded", "Forward-Ed-9"
	admin := client(c.acme[0].URL(), "127.0.0.1")
	admin.Check(t, fsatest.Case{Name: "add user", Method: "POST", Path: "/user", User: "acme",
		Form: url.Values{"login": {login}, "password": {password}, "email": {login + "@acme.org"}}, WantStatus: http.StatusCreated})

	attacker, other := httpClient("127.0.0.40"), httpClient("127.0.0.41")
	// until every instance refuses the attacker: len(c.acme) 429s in a row
	// (with counters per process, after each counted its failures)
	row := 0
	for n := 0; row < len(c.acme); n++ {
		if n == 4*len(c.acme)*throttleFailures {
			t.Fatalf("%d wrong passwords from the attacker, and never %d 429s in a row", n, len(c.acme))
		}
		status, body, err := get(context.Background(), attacker, c.URL()+"/token", login, "Wrong-Pass-0")
		switch {
		case err != nil:
			t.Fatal(err)
		case status == http.StatusTooManyRequests:
			row++
		case status == http.StatusUnauthorized:
			row = 0
		default:
			t.Fatalf("wrong password from the attacker: status %d: %s", status, body)
		}
	}

	balanced := client(c.URL(), "127.0.0.41")
	spoofed := http.Header{"X-Forwarded-For": {"127.0.0.40"}}
	cases := []fsatest.Case{}
	for i := range c.acme { // a request per instance, round-robin
		cases = append(cases,
			fsatest.Case{Name: fmt.Sprintf("other client, request %d", i+1), Path: "/token",
				Auth: fsatest.Basic(login, password), WantStatus: http.StatusOK},
			fsatest.Case{Name: fmt.Sprintf("other client claiming the attacker's address, request %d", i+1), Path: "/token",
				Auth: fsatest.Basic(login, password), Header: spoofed, WantStatus: http.StatusOK})
	}
	balanced.Run(t, cases)

	for i := range c.acme {
		status, body, err := get(context.Background(), attacker, c.URL()+"/token", login, password)
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusTooManyRequests {
			t.Errorf("attacker with the right password, request %d: status %d, want 429: %s", i+1, status, body)
		}
	}
	status, body, err := get(context.Background(), other, c.URL()+"/token", login, "Wrong-Pass-0")
	if err != nil || status != http.StatusUnauthorized {
		t.Errorf("other client, a wrong password: status %d, want 401 (its own count): %s %v", status, body, err)
	}
}

// revocationLimit is how soon every instance must refuse a token revoked
// through one.
const revocationLimit = 100 * time.Millisecond

// testRevocation: a token revoked through one instance (DELETE /token),
// then every token of a login (DELETE /user/LOGIN/tokens), is refused by
// every instance within revocationLimit; a token made after it works on
// all.
func testRevocation(t *testing.T, c *cluster) {
	login, password := "revoked", "Re-Voked-3"
	var direct []*fsatest.Client
	for _, a := range c.acme {
		direct = append(direct, client(a.URL(), "127.0.0.60"))
	}
	direct[0].Check(t, fsatest.Case{Name: "add user", Method: "POST", Path: "/user", User: "acme",
		Form: url.Values{"login": {login}, "password": {password}, "email": {login + "@acme.org"}}, WantStatus: http.StatusCreated})
	balanced := client(c.URL(), "127.0.0.60")
	newToken := func(name string) fsatest.Auth {
		res := balanced.Check(t, fsatest.Case{Name: name, Path: "/token", Auth: fsatest.Basic(login, password), WantStatus: http.StatusOK})
		var answer struct{ Token string }
		if err := json.Unmarshal(res.Body, &answer); err != nil || answer.Token == "" {
			t.Fatalf("%s: %q: %v", name, res.Body, err)
		}
		return fsatest.Bearer(answer.Token)
	}
	works := func(name string, token fsatest.Auth) {
		for i, d := range direct {
			d.Check(t, fsatest.Case{Name: fmt.Sprintf("%s, instance %d", name, i+1), Path: "/hello-me", Auth: token,
				WantStatus: http.StatusOK, WantJSON: map[string]any{"user": login}})
		}
	}
	// refused waits until each instance refuses token, since done
	refused := func(name string, token fsatest.Auth, done time.Time) {
		var slowest time.Duration
		for i, d := range direct {
			for {
				res := d.Do(t, fsatest.Case{Path: "/hello-me", Auth: token})
				if res.StatusCode == http.StatusUnauthorized && strings.Contains(string(res.Body), "revoked auth token") {
					break
				}
				if time.Since(done) > revocationLimit {
					t.Fatalf("%s: instance %d still answers %d %s %v after", name, i+1, res.StatusCode, res.Body, time.Since(done))
				}
				time.Sleep(time.Millisecond)
			}
			slowest = max(slowest, time.Since(done))
		}
		t.Logf("%s: refused by all %d instances %v after", name, len(direct), slowest)
	}

	first := newToken("a token")
	works("a token", first)
	direct[0].Check(t, fsatest.Case{Name: "logout on instance 1", Method: "DELETE", Path: "/token", Auth: first,
		WantStatus: http.StatusNoContent})
	refused("the token logged out", first, time.Now())
	second := newToken("logged in again")
	works("logged in again", second)

	third := newToken("another token")
	direct[1].Check(t, fsatest.Case{Name: "revoke the login on instance 2", Method: "DELETE", Path: "/user/" + login + "/tokens",
		User: "acme", WantStatus: http.StatusNoContent})
	done := time.Now()
	refused("the login's tokens", second, done)
	refused("the login's tokens", third, done)
	works("a token made after", newToken("a token made after"))
}

// testDigest: the Digest test app on 3 instances behind nginx, on the
// cluster's redis: a login through the balancer works, its nonce counts
// going round the instances, and a count accepted by one instance and
// replayed directly to another is refused there.
func testDigest(t *testing.T, c *cluster) {
	env := slices.DeleteFunc(slices.Clone(c.env), func(v string) bool { return strings.HasPrefix(v, "FSA_PASSWORD_OPTS=") })
	apps := startInstances(t, command(t, "./tests/cluster/digestapp"), env, len(c.acme)) // plaintext passwords
	balanced := client(srvtestURL(srvtest.Nginx(t, addrs(apps)...)), "127.0.0.70")
	res := balanced.Check(t, fsatest.Case{Name: "challenge", Path: "/who", WantStatus: http.StatusUnauthorized})
	var challenge string
	for _, v := range res.Header.Values("WWW-Authenticate") {
		if strings.HasPrefix(v, "Digest ") && strings.Contains(v, "algorithm=SHA-256") {
			challenge = v
		}
	}
	field := func(name string) string {
		_, rest, ok := strings.Cut(challenge, name+`="`)
		value, _, ok2 := strings.Cut(rest, `"`)
		if !ok || !ok2 {
			t.Fatalf("no %s in %q", name, challenge)
		}
		return value
	}
	nonce, opaque := field("nonce"), field("opaque")
	header := func(nc int) http.Header {
		count := fmt.Sprintf("%08x", nc)
		response := digest.Response("SHA-256", digest.HA1("SHA-256", "calvin", "acme", "hobbes"), nonce, count, "c0ffee", "auth", "GET", "/who")
		return http.Header{"Authorization": {`Digest username="calvin", realm="acme", nonce="` + nonce + `", uri="/who", ` +
			`algorithm=SHA-256, response="` + response + `", opaque="` + opaque + `", qop=auth, nc=` + count + `, cnonce="c0ffee"`}}
	}
	calvin := fsatest.String("calvin")
	var cases []fsatest.Case
	for nc := 1; nc <= 2*len(apps); nc++ { // each instance twice
		cases = append(cases, fsatest.Case{Name: fmt.Sprintf("nc %d through the balancer", nc), Path: "/who", Header: header(nc),
			WantStatus: http.StatusOK, WantExact: calvin})
	}
	balanced.Run(t, cases)
	nc := 2*len(apps) + 1
	client(apps[0].URL(), "127.0.0.70").Check(t, fsatest.Case{Name: "on instance 1", Path: "/who", Header: header(nc),
		WantStatus: http.StatusOK, WantExact: calvin})
	for i, a := range apps[1:] {
		client(a.URL(), "127.0.0.70").Check(t, fsatest.Case{Name: fmt.Sprintf("replayed to instance %d", i+2), Path: "/who",
			Header: header(nc), WantStatus: http.StatusUnauthorized, WantExact: fsatest.String("replayed digest nonce count")})
	}
}

// srvtestURL is the base URL of a server.
func srvtestURL(s *srvtest.Server) string { return "http://" + s.Addr }

// testFaults: what clients see when a shared server goes, as
// docs/DEPLOYMENT.md says. Redis lost: the cache misses and the hooks
// answer; back, it is used again. PostgreSQL lost: the hooks fail (500),
// but a token still opens what reads no database, and a password whose
// hash is cached still logs in. It runs last: it drops the database.
func testFaults(t *testing.T, c *cluster) {
	balanced := client(c.URL(), "127.0.0.50")
	res := balanced.Check(t, fsatest.Case{Name: "token", Path: "/token", User: "acme", WantStatus: http.StatusOK})
	var answer struct{ Token string }
	if err := json.Unmarshal(res.Body, &answer); err != nil {
		t.Fatal(err)
	}
	token := fsatest.Bearer(answer.Token)
	newUser := func(login string) url.Values {
		return url.Values{"login": {login}, "password": {"Fault-Line-1"}, "email": {login + "@acme.org"}}
	}
	// a request per instance, round-robin
	each := func(cases ...fsatest.Case) []fsatest.Case {
		var out []fsatest.Case
		for i := range c.acme {
			for _, tc := range cases {
				tc.Name = fmt.Sprintf("%s, request %d", tc.Name, i+1)
				out = append(out, tc)
			}
		}
		return out
	}

	c.redis.Stop()
	t.Run("redis lost", func(t *testing.T) {
		// tokens cannot be checked against the revocations, nor made:
		// 503, never a token accepted that may be revoked
		unavailable := map[string]any{"error": "revocation store unavailable"}
		admin := fsatest.Basic("acme", acmePass)
		balanced.Run(t, each(
			fsatest.Case{Name: "token", Path: "/hello-me", Auth: token, WantStatus: http.StatusServiceUnavailable, WantJSON: unavailable},
			fsatest.Case{Name: "token, database", Path: "/stuff", Auth: token, WantStatus: http.StatusServiceUnavailable, WantJSON: unavailable},
			fsatest.Case{Name: "new token", Path: "/token", Auth: admin, WantStatus: http.StatusServiceUnavailable, WantJSON: unavailable},
			fsatest.Case{Name: "password", Path: "/hello-me", Auth: admin, WantStatus: http.StatusOK},
			fsatest.Case{Name: "password, database", Path: "/stuff", Auth: admin, WantStatus: http.StatusOK}))
		// the user is added, but its uncache fails: Acme answers 500
		res := balanced.Do(t, fsatest.Case{Method: "POST", Path: "/user", Auth: admin, Form: newUser("faultone")})
		t.Logf("POST /user without redis: %d %s", res.StatusCode, res.Body)
		balanced.Run(t, each(fsatest.Case{Name: "user added without redis", Path: "/hello-me",
			Auth: fsatest.Basic("faultone", "Fault-Line-1"), WantStatus: http.StatusOK}))
	})
	if err := c.redis.Start(); err != nil {
		t.Fatal(err)
	}
	t.Run("redis back", func(t *testing.T) {
		for i := 0; ; i++ { // tokens accepted again by themselves
			res := balanced.Do(t, fsatest.Case{Path: "/hello-me", Auth: token})
			if res.StatusCode == http.StatusOK {
				break
			}
			if i == 20 {
				t.Fatalf("a token, redis back for 2 s: %d %s", res.StatusCode, res.Body)
			}
			time.Sleep(100 * time.Millisecond)
		}
		// the clients reconnect by themselves
		for i := 0; ; i++ {
			res := balanced.Do(t, fsatest.Case{Method: "POST", Path: "/user", User: "acme", Form: newUser(fmt.Sprintf("faultback%d", i))})
			if res.StatusCode == http.StatusCreated {
				break
			}
			if i == 20 {
				t.Fatalf("POST /user, redis back for 2 s: %d %s", res.StatusCode, res.Body)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	pg, err := postgres.Cluster()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := pg.DropDatabase(context.Background(), strings.TrimPrefix(u.Path, "/")); err != nil {
		t.Fatal(err)
	}
	t.Run("postgresql lost", func(t *testing.T) {
		balanced.Run(t, each(
			fsatest.Case{Name: "token, no database read", Path: "/hello-me", Auth: token, WantStatus: http.StatusOK,
				WantJSON: map[string]any{"user": "acme"}},
			fsatest.Case{Name: "token, a database read", Path: "/stuff", Auth: token, WantStatus: http.StatusInternalServerError},
			fsatest.Case{Name: "password, hash cached", Path: "/token", User: "acme", WantStatus: http.StatusOK},
			fsatest.Case{Name: "password, hash not cached", Path: "/token", Auth: fsatest.Basic("nobodyyet", "Fault-Line-1"),
				WantStatus: http.StatusInternalServerError}))
	})
}
