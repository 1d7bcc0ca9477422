package digest

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The RFC 7616 §3.9.1 example.
const (
	dgUser   = "Mufasa"
	dgPass   = "Circle of Life"
	dgRealm  = "http-auth@example.org"
	dgURI    = "/dir/index.html"
	dgSecret = "digest-test-secret-digest-test-secret!"
)

// dgUsers are the test's users and passwords.
var dgUsers = map[string]string{
	dgUser:      dgPass,
	"Jäsøn Doe": `Secret, "or" not?`,
	"bob":       "",
}

// dgClock is a test clock, safe for concurrent use.
type dgClock struct {
	mu sync.Mutex
	t  time.Time
}

// now is the clock's time.
func (c *dgClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// add moves the clock.
func (c *dgClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// dgHook is an ha1 function over dgUsers; the logins hook-error,
// hook-busy and hook-bad fail in their ways.
func dgHook(t testing.TB) func(ctx context.Context, login, realm, algorithm string) (string, error) {
	return func(ctx context.Context, login, realm, algorithm string) (string, error) {
		if ctx == nil {
			t.Error("nil context")
		}
		switch login {
		case "hook-error":
			return "", errDgHook
		case "hook-busy":
			return "", errDgBusy
		case "hook-bad":
			return "not-a-hash", nil
		case "hook-upper":
			return strings.ToUpper(HA1(algorithm, dgUser, realm, dgPass)), nil
		}
		password, ok := dgUsers[login]
		if !ok {
			return "", nil
		}
		alg := dgAlg(t, algorithm)
		if alg.name != algorithm || alg.sess {
			t.Errorf("the hook got algorithm %q", algorithm)
		}
		return HA1(algorithm, login, realm, password), nil
	}
}

// errDgHook and errDgBusy are the errors of the hook-error and hook-busy
// logins.
var (
	errDgHook = errors.New("database down")
	errDgBusy = fmt.Errorf("try again later: %w", errDgHook)
)

// refusal returns the *Error in err's chain, or nil.
func refusal(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// dgAlg returns the algorithm of name.
func dgAlg(t testing.TB, name string) algorithm {
	alg, ok := lookupAlgorithm(name)
	if !ok {
		t.Fatalf("no algorithm %q", name)
	}
	return alg
}

// newDgAuth returns a checker on a test clock, nonces living 5 minutes.
func newDgAuth(t testing.TB) (*Checker, *dgClock) {
	clock := &dgClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	return New(Options{Secret: []byte(dgSecret), Lifetime: 5 * time.Minute, Now: clock.now, HA1: dgHook(t)}), clock
}

var dgChallenge = regexp.MustCompile(`^Digest realm="((?:[^"\\]|\\.)*)", qop="auth", algorithm=(SHA-256|MD5), nonce="([A-Za-z0-9_-]{75})", opaque="([A-Za-z0-9_-]{22})"(, stale=true)?$`)

// dgNonce returns a fresh nonce and the opaque of realm's challenges.
func dgNonce(t testing.TB, d *Checker, realm string) (nonce, opaque string) {
	m := dgChallenge.FindStringSubmatch(d.Challenges(realm, false)[0])
	if m == nil {
		t.Fatalf("unexpected challenge")
	}
	return m[3], m[4]
}

// refDigest is the RFC 7616 response computed independently of the code
// tested.
func refDigest(algorithm, user, pass, realm, method, uri, nonce, nc, cnonce, qop string) string {
	h := func(s string) string { x := md5.Sum([]byte(s)); return hex.EncodeToString(x[:]) }
	base, sess := strings.CutSuffix(strings.ToUpper(algorithm), "-SESS")
	if base == "SHA-256" {
		h = func(s string) string { x := sha256.Sum256([]byte(s)); return hex.EncodeToString(x[:]) }
	}
	ha1 := h(user + ":" + realm + ":" + pass)
	if sess {
		ha1 = h(ha1 + ":" + nonce + ":" + cnonce)
	}
	return h(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + h(method+":"+uri))
}

// dgReq is a client's Digest request.
type dgReq struct {
	method, uri           string // of the request
	user, pass, realm     string
	nonce, cnonce, nc     string
	qop, algorithm        string // algorithm "" is not sent
	opaque                string // "" is not sent
	hashMethod, hashURI   string // hashed instead of method and uri when set
	headerURI             string // sent instead of uri when set
	response              string // sent instead of the right one when set
	extended              bool   // username* instead of username
	extra                 string // appended to the header
	scheme                string // "Digest" unless set
	clearRequestURI       bool   // as a request made by http.NewRequest
	headerRealm, headerNC string // sent instead of realm and nc when set
}

// dgBase is a request of user Mufasa with a fresh nonce of d.
func dgBase(t testing.TB, d *Checker, algorithm string) dgReq {
	nonce, opaque := dgNonce(t, d, dgRealm)
	return dgReq{method: http.MethodGet, uri: dgURI, user: dgUser, pass: dgPass, realm: dgRealm,
		nonce: nonce, cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", nc: "00000001",
		qop: "auth", algorithm: algorithm, opaque: opaque}
}

// dgOr returns s, or def when s is empty.
func dgOr(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// quote writes s as a quoted-string.
func dgQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// rightResponse is the response of q's client.
func (q dgReq) rightResponse() string {
	return refDigest(dgOr(q.algorithm, "MD5"), q.user, q.pass, q.realm, dgOr(q.hashMethod, q.method),
		dgOr(q.hashURI, dgOr(q.headerURI, q.uri)), q.nonce, dgOr(q.headerNC, q.nc), q.cnonce, q.qop)
}

// header is q's Authorization header.
func (q dgReq) header() string {
	var parts []string
	if q.extended {
		var b strings.Builder
		for _, c := range []byte(q.user) {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		parts = append(parts, "username*=UTF-8''"+b.String())
	} else {
		parts = append(parts, "username="+dgQuote(q.user))
	}
	parts = append(parts, "realm="+dgQuote(dgOr(q.headerRealm, q.realm)), "nonce="+dgQuote(q.nonce),
		"uri="+dgQuote(dgOr(q.headerURI, q.uri)))
	if q.algorithm != "" {
		parts = append(parts, "algorithm="+q.algorithm)
	}
	parts = append(parts, "response="+dgQuote(dgOr(q.response, q.rightResponse())), "qop="+q.qop,
		"nc="+dgOr(q.headerNC, q.nc), "cnonce="+dgQuote(q.cnonce))
	if q.opaque != "" {
		parts = append(parts, "opaque="+dgQuote(q.opaque))
	}
	return dgOr(q.scheme, "Digest") + " " + strings.Join(parts, ", ") + q.extra
}

// request is q's request.
func (q dgReq) request() *http.Request {
	r := httptest.NewRequest(q.method, q.uri, nil)
	if q.clearRequestURI {
		r.RequestURI = ""
	}
	r.Header.Set("Authorization", q.header())
	return r
}

// dgCheck runs d.Check on the request of q.
func dgCheck(d *Checker, q dgReq) (string, error) {
	return d.Check(context.Background(), q.request(), dgRealm)
}

// dgMessages are every message of a refused Digest authorization.
var dgMessages = []string{
	"digest authorization too long", "invalid digest authorization", "repeated digest parameter",
	"unsupported digest algorithm", "unsupported digest qop", "unsupported digest userhash",
	"digest realm mismatch", "digest uri mismatch", "digest opaque mismatch", "invalid digest nonce",
	"invalid user or password", "stale digest nonce: retry with a new nonce", "replayed digest nonce count",
	"missing digest parameter: username", "missing digest parameter: realm", "missing digest parameter: nonce",
	"missing digest parameter: uri", "missing digest parameter: response", "missing digest parameter: cnonce",
	"missing digest parameter: nc", "missing digest parameter: qop",
}

// wantRefused checks that err is an *Error with message msg, one of the
// fixed messages, and that it wraps ErrStale exactly when stale.
func wantRefused(t *testing.T, err error, msg string, stale bool) {
	t.Helper()
	e := refusal(err)
	switch {
	case e == nil:
		t.Fatalf("got %v, want a refusal %q", err, msg)
	case e.Msg != msg || err.Error() != msg:
		t.Fatalf("got %q, want %q", err, msg)
	case !slices.Contains(dgMessages, e.Msg):
		t.Fatalf("message %q is not a fixed one", e.Msg)
	case errors.Is(err, ErrStale) != stale:
		t.Fatalf("stale: got %t, want %t", !stale, stale)
	}
}

// TestDigestRFCVectors checks the response computation on the RFCs' examples.
func TestDigestRFCVectors(t *testing.T) {
	const (
		nonce7616  = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
		cnonce7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
	)
	for _, v := range []struct {
		alg, user, pass, realm, uri, nonce, cnonce, want string
	}{
		{"MD5", dgUser, dgPass, dgRealm, dgURI, nonce7616, cnonce7616, "8ca523f5e9506fed4657c9700eebdbec"},
		{"SHA-256", dgUser, dgPass, dgRealm, dgURI, nonce7616, cnonce7616, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"},
		// RFC 2617 §3.5
		{"MD5", "Mufasa", "Circle Of Life", "testrealm@host.com", "/dir/index.html",
			"dcd98b7102dd2f0e8b11d0f600bfb0c093", "0a4f113b", "6629fae49393a05397450978507c4ef1"},
	} {
		got := Response(v.alg, HA1(v.alg, v.user, v.realm, v.pass), v.nonce, "00000001", v.cnonce, "auth", "GET", v.uri)
		if got != v.want {
			t.Errorf("%s: got %s, want %s", v.alg, got, v.want)
		}
		if ref := refDigest(v.alg, v.user, v.pass, v.realm, "GET", v.uri, v.nonce, "00000001", v.cnonce, "auth"); ref != v.want {
			t.Errorf("%s: the reference gives %s", v.alg, ref)
		}
	}
	// -sess: HA1 is H(H(user:realm:password):nonce:cnonce)
	for _, name := range []string{"MD5-sess", "SHA-256-sess"} {
		got := Response(name, HA1(name, dgUser, dgRealm, dgPass), nonce7616, "00000001", cnonce7616, "auth", "GET", dgURI)
		want := refDigest(name, dgUser, dgPass, dgRealm, "GET", dgURI, nonce7616, "00000001", cnonce7616, "auth")
		plain := refDigest(strings.TrimSuffix(name, "-sess"), dgUser, dgPass, dgRealm, "GET", dgURI, nonce7616, "00000001", cnonce7616, "auth")
		if got != want || got == plain {
			t.Errorf("%s: got %s, want %s", name, got, want)
		}
	}
}

// TestDigestAlgorithms checks the algorithm names accepted.
func TestDigestAlgorithms(t *testing.T) {
	for name, want := range map[string]algorithm{
		"MD5": {name: "MD5"}, "md5": {name: "MD5"}, "SHA-256": {name: "SHA-256"}, "sha-256": {name: "SHA-256"},
		"MD5-sess": {name: "MD5", sess: true}, "SHA-256-SESS": {name: "SHA-256", sess: true},
	} {
		got, ok := lookupAlgorithm(name)
		if !ok || got.name != want.name || got.sess != want.sess {
			t.Errorf("%s: got %+v %t", name, got, ok)
		}
	}
	for _, name := range []string{"", "-sess", "SHA-512-256", "SHA-512", "SHA1", "MD5-sess-sess", "MD5 ", "sha256"} {
		if _, ok := lookupAlgorithm(name); ok {
			t.Errorf("%q: accepted", name)
		}
		if HA1(name, dgUser, dgRealm, dgPass) != "" || Response(name, "00", "n", "00000001", "c", "auth", "GET", "/") != "" {
			t.Errorf("%q: HA1 or Response computed", name)
		}
	}
}

// TestDigestCheckAccepted checks round trips with our nonces.
func TestDigestCheckAccepted(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*dgReq)
	}{
		{"MD5", func(q *dgReq) { q.algorithm = "MD5" }},
		{"SHA-256", func(q *dgReq) { q.algorithm = "SHA-256" }},
		{"default MD5", func(q *dgReq) { q.algorithm = "" }},
		{"lowercase algorithm", func(q *dgReq) { q.algorithm = "sha-256" }},
		{"MD5-sess", func(q *dgReq) { q.algorithm = "MD5-sess" }},
		{"SHA-256-sess", func(q *dgReq) { q.algorithm = "SHA-256-sess" }},
		{"no opaque", func(q *dgReq) { q.opaque = "" }},
		{"lowercase scheme", func(q *dgReq) { q.scheme = "digest" }},
		{"uppercase scheme", func(q *dgReq) { q.scheme = "DIGEST" }},
		{"uppercase response", func(q *dgReq) { q.response = strings.ToUpper(q.rightResponse()) }},
		{"uppercase qop", func(q *dgReq) { q.qop = "AUTH" }},
		{"uppercase nc", func(q *dgReq) { q.nc = "0000000A" }},
		{"big nc", func(q *dgReq) { q.nc = "ffffffff" }},
		{"query", func(q *dgReq) { q.uri = "/dir/index.html?a=1&b=%20x" }},
		{"no RequestURI", func(q *dgReq) { q.uri = "/dir/index.html?a=1"; q.clearRequestURI = true }},
		{"POST", func(q *dgReq) { q.method = http.MethodPost }},
		{"unknown parameters", func(q *dgReq) { q.extra = `, foo=bar, baz="qux, \"quux\""` }},
		{"userhash false", func(q *dgReq) { q.extra = ", userhash=false" }},
		{"empty list elements", func(q *dgReq) { q.extra = ",,  ,\t" }},
		{"non-ASCII user", func(q *dgReq) { q.user = "Jäsøn Doe"; q.pass = dgUsers[q.user] }},
		{"username*", func(q *dgReq) { q.user = "Jäsøn Doe"; q.pass = dgUsers[q.user]; q.extended = true }},
		{"empty password", func(q *dgReq) { q.user = "bob"; q.pass = "" }},
		{"uppercase hook hash", func(q *dgReq) { q.user = "hook-upper"; q.pass = dgPass }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := newDgAuth(t)
			q := dgBase(t, d, "SHA-256")
			tc.edit(&q)
			if q.user == "hook-upper" { // the hook returns Mufasa's hash
				q.response = refDigest(dgOr(q.algorithm, "MD5"), dgUser, dgPass, dgRealm, q.method, q.uri, q.nonce, q.nc, q.cnonce, q.qop)
			}
			login, err := dgCheck(d, q)
			if err != nil || login != q.user {
				t.Fatalf("got %q, %v", login, err)
			}
		})
	}
}

// TestDigestNonceCounts checks that each nc must grow, nonce by nonce.
func TestDigestNonceCounts(t *testing.T) {
	d, clock := newDgAuth(t)
	q := dgBase(t, d, "SHA-256")
	for _, step := range []struct {
		nc string
		ok bool
	}{{"00000001", true}, {"00000001", false}, {"00000002", true}, {"00000005", true},
		{"00000003", false}, {"00000005", false}, {"00000006", true}, {"ffffffff", true}, {"fffffffe", false}} {
		clock.add(time.Second)
		q.nc = step.nc
		login, err := dgCheck(d, q)
		if step.ok && (err != nil || login != dgUser) {
			t.Fatalf("nc %s: got %q, %v", step.nc, login, err)
		}
		if !step.ok {
			wantRefused(t, err, "replayed digest nonce count", false)
		}
	}
	// nonces are counted apart
	other := dgBase(t, d, "MD5")
	if _, err := dgCheck(d, other); err != nil {
		t.Fatal(err)
	}
	// the same response, same nonce, same nc, once only, whatever the spelling
	q = dgBase(t, d, "MD5")
	if _, err := dgCheck(d, q); err != nil {
		t.Fatal(err)
	}
	q.response = strings.ToUpper(q.rightResponse())
	_, err := dgCheck(d, q)
	wantRefused(t, err, "replayed digest nonce count", false)
}

// TestDigestCheckRefused checks wrong credentials, nonces, realms, uris.
func TestDigestCheckRefused(t *testing.T) {
	other := New(Options{Secret: []byte("another-secret-another-secret-another"), Lifetime: 5 * time.Minute, HA1: dgHook(t)})
	for _, tc := range []struct {
		name  string
		edit  func(*Checker, *dgClock, *dgReq)
		msg   string
		stale bool
	}{
		{"wrong password", func(_ *Checker, _ *dgClock, q *dgReq) { q.pass = "Circle of life" }, "invalid user or password", false},
		{"empty password", func(_ *Checker, _ *dgClock, q *dgReq) { q.pass = "" }, "invalid user or password", false},
		{"unknown user", func(_ *Checker, _ *dgClock, q *dgReq) { q.user = "Scar" }, "invalid user or password", false},
		{"unknown user, dummy hash", func(d *Checker, _ *dgClock, q *dgReq) {
			q.user = "Scar"
			q.response = response(dgAlg(t, "SHA-256"), d.dummy["SHA-256"], q.nonce, q.nc, q.cnonce, q.qop, q.method, q.uri)
		}, "invalid user or password", false},
		{"another user's password", func(_ *Checker, _ *dgClock, q *dgReq) { q.user = "bob" }, "invalid user or password", false},
		{"user case", func(_ *Checker, _ *dgClock, q *dgReq) { q.user = "mufasa" }, "invalid user or password", false},
		{"wrong realm", func(_ *Checker, _ *dgClock, q *dgReq) { q.realm = "elsewhere" }, "digest realm mismatch", false},
		{"nonce of another realm", func(d *Checker, _ *dgClock, q *dgReq) {
			q.nonce, _ = dgNonce(t, d, "elsewhere")
		}, "invalid digest nonce", false},
		{"wrong uri", func(_ *Checker, _ *dgClock, q *dgReq) { q.headerURI = "/dir/other.html" }, "digest uri mismatch", false},
		{"uri without query", func(_ *Checker, _ *dgClock, q *dgReq) { q.uri += "?a=1"; q.headerURI = dgURI }, "digest uri mismatch", false},
		{"response of another uri", func(_ *Checker, _ *dgClock, q *dgReq) { q.hashURI = "/other" }, "invalid user or password", false},
		{"response of another method", func(_ *Checker, _ *dgClock, q *dgReq) { q.hashMethod = "POST" }, "invalid user or password", false},
		{"response of another nc", func(_ *Checker, _ *dgClock, q *dgReq) {
			q.response = refDigest("SHA-256", q.user, q.pass, q.realm, q.method, q.uri, q.nonce, "00000002", q.cnonce, q.qop)
		}, "invalid user or password", false},
		{"response of another algorithm", func(_ *Checker, _ *dgClock, q *dgReq) {
			q.algorithm = "SHA-256-sess"
			q.response = refDigest("SHA-256", q.user, q.pass, q.realm, q.method, q.uri, q.nonce, q.nc, q.cnonce, q.qop)
		}, "invalid user or password", false},
		{"opaque mismatch", func(_ *Checker, _ *dgClock, q *dgReq) { q.opaque = "AAAAAAAAAAAAAAAAAAAAAA" }, "digest opaque mismatch", false},
		{"forged nonce", func(_ *Checker, _ *dgClock, q *dgReq) {
			b, _ := base64.RawURLEncoding.DecodeString(q.nonce)
			b[len(b)-1] ^= 1
			q.nonce = base64.RawURLEncoding.EncodeToString(b)
		}, "invalid digest nonce", false},
		{"nonce with a later time", func(_ *Checker, _ *dgClock, q *dgReq) {
			b, _ := base64.RawURLEncoding.DecodeString(q.nonce)
			b[6]++
			q.nonce = base64.RawURLEncoding.EncodeToString(b)
		}, "invalid digest nonce", false},
		{"nonce of another secret", func(_ *Checker, _ *dgClock, q *dgReq) { q.nonce, _ = dgNonce(t, other, dgRealm) }, "invalid digest nonce", false},
		{"RFC nonce", func(_ *Checker, _ *dgClock, q *dgReq) { q.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v" }, "invalid digest nonce", false},
		{"nonce too long", func(_ *Checker, _ *dgClock, q *dgReq) { q.nonce += "A" }, "invalid digest nonce", false},
		{"nonce truncated", func(_ *Checker, _ *dgClock, q *dgReq) { q.nonce = q.nonce[:74] }, "invalid digest nonce", false},
		{"nonce in std base64", func(_ *Checker, _ *dgClock, q *dgReq) {
			q.nonce = strings.NewReplacer("-", "+", "_", "/").Replace(q.nonce)
			if !strings.ContainsAny(q.nonce, "+/") {
				q.nonce = "+" + q.nonce[1:]
			}
		}, "invalid digest nonce", false},
		{"nonce non-canonical", func(_ *Checker, _ *dgClock, q *dgReq) {
			// the last character carries 2 unused bits
			const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
			last := strings.IndexByte(b64, q.nonce[74])
			q.nonce = q.nonce[:74] + string(b64[last^1])
		}, "invalid digest nonce", false},
		{"expired nonce", func(_ *Checker, c *dgClock, _ *dgReq) { c.add(5*time.Minute + time.Nanosecond) }, "stale digest nonce: retry with a new nonce", true},
		{"expired nonce, wrong password", func(_ *Checker, c *dgClock, q *dgReq) {
			c.add(time.Hour)
			q.pass = "guess"
		}, "invalid user or password", false},
		{"expired nonce, unknown user", func(_ *Checker, c *dgClock, q *dgReq) {
			c.add(time.Hour)
			q.user = "Scar"
		}, "invalid user or password", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, clock := newDgAuth(t)
			q := dgBase(t, d, "SHA-256")
			tc.edit(d, clock, &q)
			login, err := dgCheck(d, q)
			if login != "" {
				t.Fatalf("login %q", login)
			}
			wantRefused(t, err, tc.msg, tc.stale)
			for _, secret := range []string{q.nonce, q.cnonce, q.rightResponse(), q.user, q.pass, dgSecret} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Fatalf("the error tells %q", secret)
				}
			}
		})
	}
	t.Run("just alive", func(t *testing.T) {
		d, clock := newDgAuth(t)
		q := dgBase(t, d, "MD5")
		clock.add(5 * time.Minute)
		if _, err := dgCheck(d, q); err != nil {
			t.Fatal(err)
		}
		clock.add(time.Nanosecond)
		q.nc = "00000002"
		_, err := dgCheck(d, q)
		wantRefused(t, err, "stale digest nonce: retry with a new nonce", true)
	})
	t.Run("unknown user and wrong password alike", func(t *testing.T) {
		d, _ := newDgAuth(t)
		q := dgBase(t, d, "SHA-256")
		q.pass = "x"
		_, e1 := dgCheck(d, q)
		q.user = "nobody"
		_, e2 := dgCheck(d, q)
		if e1 == nil || e2 == nil || e1.Error() != e2.Error() {
			t.Fatalf("%v / %v", e1, e2)
		}
	})
}

// TestDigestHookErrors checks the errors of the ha1 function: returned
// as they are, for the caller to tell them apart.
func TestDigestHookErrors(t *testing.T) {
	d, _ := newDgAuth(t)
	q := dgBase(t, d, "SHA-256")
	q.user = "hook-error"
	_, err := dgCheck(d, q)
	if err != errDgHook {
		t.Errorf("hook error: got %v", err)
	}
	q = dgBase(t, d, "SHA-256")
	q.user = "hook-busy"
	_, err = dgCheck(d, q)
	if err != errDgBusy {
		t.Errorf("hook wrapped error: got %v", err)
	}
	q = dgBase(t, d, "SHA-256")
	q.user = "hook-bad"
	_, err = dgCheck(d, q)
	if err == nil || refusal(err) != nil || strings.Contains(err.Error(), "not-a-hash") {
		t.Errorf("hook hash: got %v", err)
	}
}

// TestDigestNoCredentials checks that other schemes are left to others.
func TestDigestNoCredentials(t *testing.T) {
	d, _ := newDgAuth(t)
	for _, header := range []string{"", "Basic TXVmYXNhOkNpcmNsZSBvZiBMaWZl", "Bearer abc", "Digestive username=\"x\"",
		"Digest-Foo a=b", "Dig", "XDigest a=b", " Basic Digest"} {
		r := httptest.NewRequest(http.MethodGet, dgURI, nil)
		if header != "" {
			r.Header.Set("Authorization", header)
		}
		if login, err := d.Check(context.Background(), r, dgRealm); login != "" || !errors.Is(err, ErrNoCredentials) {
			t.Errorf("%q: got %q, %v", header, login, err)
		}
	}
}

// dgValid is a well-formed header but for its nonce.
const dgValid = `username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5, ` +
	`nonce="n", nc=00000001, cnonce="c", qop=auth, response="8ca523f5e9506fed4657c9700eebdbec"`

// TestDigestMalformed checks malformed Digest headers.
func TestDigestMalformed(t *testing.T) {
	d, _ := newDgAuth(t)
	bad := "invalid digest authorization"
	without := func(name string) string {
		var kept []string
		for _, p := range strings.Split(dgValid, ", ") {
			if !strings.HasPrefix(p, name+"=") {
				kept = append(kept, p)
			}
		}
		return "Digest " + strings.Join(kept, ", ")
	}
	with := func(name, value string) string {
		var kept []string
		for _, p := range strings.Split(dgValid, ", ") {
			if strings.HasPrefix(p, name+"=") {
				p = name + "=" + value
			}
			kept = append(kept, p)
		}
		return "Digest " + strings.Join(kept, ", ")
	}
	many := "Digest " + dgValid
	for i := range maxParams {
		many += fmt.Sprintf(", x%d=1", i)
	}
	for _, tc := range []struct{ header, msg string }{
		{"Digest", "missing digest parameter: realm"},
		{"Digest ", "missing digest parameter: realm"},
		{"Digest ,,, ", "missing digest parameter: realm"},
		{`Digest username="Mufasa`, bad},
		{`Digest username="Mufasa\"`, bad},
		{`Digest username="Mufasa\`, bad},
		{"Digest username", bad},
		{"Digest username ", bad},
		{"Digest username=", bad},
		{"Digest username= ,realm=x", bad},
		{"Digest =Mufasa", bad},
		{`Digest username="a" realm="b"`, bad},
		{`Digest username="a"realm="b"`, bad},
		{`Digest username="a"x, realm="b"`, bad},
		{`Digest username=a"b", realm="b"`, bad},
		{`Digest user@name="a"`, bad},
		{"Digest dXNlcjpwYXNz", bad},
		{"Digest dXNlcjpwYXNz==", bad},
		{"Digest username=\"a\x01b\", " + dgValid, bad},
		{"Digest username=\"a\x7fb\", " + dgValid, bad},
		{"Digest username=\"a\nb\", " + dgValid, bad},
		{"Digest username=\"a\\\x00b\", " + dgValid, bad},
		{"Digest " + dgValid + ", x=\"" + strings.Repeat("y", maxHeader) + "\"", "digest authorization too long"},
		{many, bad},
		{"Digest " + dgValid + ", username=\"Mufasa\"", "repeated digest parameter"},
		{"Digest " + dgValid + ", Username=\"other\"", "repeated digest parameter"},
		{"Digest " + dgValid + ", x=1, X=2", "repeated digest parameter"},
		{"Digest " + dgValid + ", username*=UTF-8''Mufasa", bad},
		{without("username"), "missing digest parameter: username"},
		{without("realm"), "missing digest parameter: realm"},
		{without("nonce"), "missing digest parameter: nonce"},
		{without("uri"), "missing digest parameter: uri"},
		{without("response"), "missing digest parameter: response"},
		{without("cnonce"), "missing digest parameter: cnonce"},
		{without("nc"), "missing digest parameter: nc"},
		{without("qop"), "missing digest parameter: qop"},
		{with("username", `""`), bad},
		{with("username", "\"\xff\""), bad},
		{with("username", "\"a\tb\""), bad},
		{with("nonce", `""`), bad},
		{with("uri", `""`), bad},
		{with("cnonce", `""`), bad},
		{with("nc", "0000000g"), bad},
		{with("nc", "0000001"), bad},
		{with("nc", "000000001"), bad},
		{with("nc", "00000000"), bad},
		{with("nc", "+0000001"), bad},
		{with("nc", "-0000001"), bad},
		{with("nc", "0x000001"), bad},
		{with("nc", "0000_001"), bad},
		{with("nc", `" 0000001"`), bad},
		{with("response", `"8ca523f5e9506fed4657c9700eebdbe"`), bad},
		{with("response", `"8ca523f5e9506fed4657c9700eebdbecc"`), bad},
		{with("response", `"8ca523f5e9506fed4657c9700eebdbeg"`), bad},
		{with("response", `"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"`), bad},
		{with("response", `""`), bad},
		{with("algorithm", "SHA-512-256"), "unsupported digest algorithm"},
		{with("algorithm", "SHA-512"), "unsupported digest algorithm"},
		{with("algorithm", "SHA1"), "unsupported digest algorithm"},
		{with("algorithm", `""`), "unsupported digest algorithm"},
		{with("algorithm", "MD5-sess-sess"), "unsupported digest algorithm"},
		{with("qop", "auth-int"), "unsupported digest qop"},
		{with("qop", `"auth,auth-int"`), "unsupported digest qop"},
		{with("qop", `""`), "unsupported digest qop"},
		{"Digest " + dgValid + ", userhash=true", "unsupported digest userhash"},
		{"Digest " + dgValid + ", userhash=TRUE", "unsupported digest userhash"},
		{"Digest " + dgValid + ", userhash=maybe", bad},
		{with("username", "x, username*=UTF-8''Mufasa"), bad},
		{without("username") + ", username*=ISO-8859-1''Mufasa", bad},
		{without("username") + ", username*=UTF-8'Mufasa", bad},
		{without("username") + ", username*=Mufasa", bad},
		{without("username") + ", username*=UTF-8''%G1", bad},
		{without("username") + ", username*=UTF-8''%4", bad},
		{without("username") + ", username*=UTF-8''%", bad},
		{without("username") + ", username*=UTF-8''a%0Db", bad},
		{without("username") + ", username*=UTF-8''a%FFb", bad},
		{without("username") + ", username*=UTF-8''a*b", bad},
		{without("username") + ", username*=UTF-8''", bad},
	} {
		r := httptest.NewRequest(http.MethodGet, dgURI, nil)
		r.Header.Set("Authorization", tc.header)
		login, err := d.Check(context.Background(), r, dgRealm)
		if login != "" {
			t.Fatalf("%q: login %q", tc.header, login)
		}
		t.Run("", func(t *testing.T) { wantRefused(t, err, tc.msg, false) })
		if t.Failed() {
			t.Logf("header %q", tc.header)
			return
		}
	}
}

// TestDigestParseParams checks the auth-param parser.
func TestDigestParseParams(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]string
	}{
		{"", map[string]string{}},
		{` a=b`, map[string]string{"a": "b"}},
		{` A = "b" `, map[string]string{"a": "b"}},
		{"\ta\t=\tb\t,\tc=d", map[string]string{"a": "b", "c": "d"}},
		{`,a=1,,b=2,`, map[string]string{"a": "1", "b": "2"}},
		{` a="x\"y\\z\q"`, map[string]string{"a": `x"y\zq`}},
		{` a="", b="a, b=c"`, map[string]string{"a": "", "b": "a, b=c"}},
		{" a=!#$%&'*+-.^_`|~09AZaz", map[string]string{"a": "!#$%&'*+-.^_`|~09AZaz"}},
		{" a=\"\xc3\xa9\t\\\xff\"", map[string]string{"a": "\xc3\xa9\t\xff"}},
		{` Username*=UTF-8''a%20b`, map[string]string{"username*": "UTF-8''a%20b"}},
	} {
		got, err := parseParams(tc.in)
		if err != nil || !maps.Equal(got, tc.want) {
			t.Errorf("%q: got %q, %v", tc.in, got, err)
		}
	}
	for _, in := range []string{"a", "a=", "=b", "a=b c=d", `a="b`, `a="b\`, "a=\"\x00\"", `a=b;c=d`, "a=b\r\nc=d", `a=b=c`, `a="b"c`, ` a="b" "c"`} {
		if got, err := parseParams(in); err == nil {
			t.Errorf("%q: got %q", in, got)
		}
	}
}

// TestDigestChallenges checks the WWW-Authenticate challenges.
func TestDigestChallenges(t *testing.T) {
	d, _ := newDgAuth(t)
	seen := map[string]bool{}
	for _, stale := range []bool{false, true, false} {
		cs := d.Challenges(dgRealm, stale)
		if len(cs) != 2 {
			t.Fatalf("got %q", cs)
		}
		var nonces []string
		for i, c := range cs {
			m := dgChallenge.FindStringSubmatch(c)
			if m == nil || m[1] != dgRealm || m[2] != []string{"SHA-256", "MD5"}[i] || (m[5] != "") != stale || m[4] != d.opaque(dgRealm) {
				t.Fatalf("unexpected challenge %q", c)
			}
			nonces = append(nonces, m[3])
			// a client responding to the challenge is in
			q := dgBase(t, d, m[2])
			q.nonce, q.opaque = m[3], m[4]
			q.nc = fmt.Sprintf("%08x", i+1)
			if login, err := dgCheck(d, q); err != nil || login != dgUser {
				t.Fatalf("responding to %q: %q, %v", c, login, err)
			}
		}
		if nonces[0] != nonces[1] || seen[nonces[0]] {
			t.Fatalf("nonces %q, seen %v", nonces, seen)
		}
		seen[nonces[0]] = true
	}
	// realms are quoted
	cs := d.Challenges(`a "quoted" \realm`+"\r\n", false)
	if m := dgChallenge.FindStringSubmatch(cs[0]); m == nil || m[1] != `a \"quoted\" \\realm??` {
		t.Fatalf("got %q", cs[0])
	}
	// opaque depends on the realm and the secret
	other := New(Options{Secret: []byte("another-secret-another-secret-another"), HA1: dgHook(t)})
	if d.opaque("a") == d.opaque("b") || d.opaque("a") == other.opaque("a") {
		t.Error("opaque does not change")
	}
}

// TestDigestDefaults checks New's defaults.
func TestDigestDefaults(t *testing.T) {
	d := New(Options{HA1: dgHook(t)})
	if len(d.secret) != 32 || d.lifetime != 5*time.Minute || d.now == nil {
		t.Fatalf("defaults: %d-byte secret, %v", len(d.secret), d.lifetime)
	}
	if New(Options{HA1: dgHook(t)}).opaque(dgRealm) == d.opaque(dgRealm) {
		t.Error("random secrets alike")
	}
	q := dgBase(t, d, "SHA-256")
	if login, err := dgCheck(d, q); err != nil || login != dgUser {
		t.Fatalf("got %q, %v", login, err)
	}
	secret := []byte(dgSecret)
	d = New(Options{Secret: secret, HA1: dgHook(t)})
	secret[0] ^= 1
	if string(d.secret) != dgSecret {
		t.Error("the secret is not copied")
	}
	defer func() {
		if recover() == nil {
			t.Error("nil ha1 accepted")
		}
	}()
	New(Options{Secret: secret})
}

// TestDigestConcurrentNonceCounts checks that under concurrency each nc
// of a nonce is accepted once at most.
func TestDigestConcurrentNonceCounts(t *testing.T) {
	t.Run("distinct nc", func(t *testing.T) {
		d, _ := newDgAuth(t)
		base := dgBase(t, d, "SHA-256")
		const n = 100
		reqs := make([]*http.Request, n)
		for i := range reqs {
			q := base
			q.nc = fmt.Sprintf("%08x", i+1)
			reqs[i] = q.request()
		}
		var accepted [n]atomic.Int32
		run := func() {
			var start, wg sync.WaitGroup
			start.Add(1)
			for i, r := range reqs {
				wg.Go(func() {
					start.Wait()
					login, err := d.Check(context.Background(), r, dgRealm)
					switch {
					case err == nil && login == dgUser:
						accepted[i].Add(1)
					case err == nil:
						t.Errorf("login %q", login)
					default:
						if e := refusal(err); e == nil || e.Msg != "replayed digest nonce count" {
							t.Errorf("got %v", err)
						}
					}
				})
			}
			start.Done()
			wg.Wait()
		}
		run()
		run() // all replays
		total := 0
		for i := range accepted {
			if a := accepted[i].Load(); a > 1 {
				t.Errorf("nc %d accepted %d times", i+1, a)
			}
			total += int(accepted[i].Load())
		}
		if accepted[n-1].Load() != 1 || total < 1 {
			t.Errorf("highest nc accepted %d times, %d in all", accepted[n-1].Load(), total)
		}
	})
	t.Run("same nc", func(t *testing.T) {
		d, _ := newDgAuth(t)
		base := dgBase(t, d, "MD5")
		const goroutines, counts = 16, 50
		var accepted [counts]atomic.Int32
		var wg sync.WaitGroup
		for g := range goroutines {
			order := rand.Perm(counts)
			if g == 0 {
				slices.Sort(order)
			}
			wg.Go(func() {
				for _, i := range order {
					q := base
					q.nc = fmt.Sprintf("%08x", i+1)
					if login, err := dgCheck(d, q); err == nil && login == dgUser {
						accepted[i].Add(1)
					} else if e := refusal(err); e == nil || e.Msg != "replayed digest nonce count" {
						t.Errorf("got %q, %v", login, err)
					}
				}
			})
		}
		wg.Wait()
		for i := range accepted {
			if a := accepted[i].Load(); a > 1 {
				t.Errorf("nc %d accepted %d times", i+1, a)
			}
		}
		if accepted[counts-1].Load() != 1 {
			t.Error("the highest nc is not accepted")
		}
	})
	t.Run("many nonces, moving clock", func(t *testing.T) {
		d, clock := newDgAuth(t)
		d.maxNonces = 64
		var accepted sync.Map // nonce+nc → true
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				for range 40 {
					q := dgBase(t, d, "SHA-256")
					for nc := range 3 {
						q.nc = fmt.Sprintf("%08x", nc+1)
						clock.add(7 * time.Second)
						for range 2 {
							login, err := dgCheck(d, q)
							if err == nil {
								if _, dup := accepted.LoadOrStore(q.nonce+q.nc, true); dup || login != dgUser {
									t.Errorf("accepted twice, or %q", login)
								}
							} else if refusal(err) == nil {
								t.Error(err)
							}
						}
					}
				}
			})
		}
		wg.Wait()
		d.mu.Lock()
		defer d.mu.Unlock()
		if len(d.seen) > d.maxNonces {
			t.Errorf("%d nonces remembered", len(d.seen))
		}
	})
}

// TestDigestMemory checks that nonces are forgotten, never to be replayed.
func TestDigestMemory(t *testing.T) {
	t.Run("sweep", func(t *testing.T) {
		d, clock := newDgAuth(t)
		var old []dgReq
		for range 10 {
			q := dgBase(t, d, "SHA-256")
			if _, err := dgCheck(d, q); err != nil {
				t.Fatal(err)
			}
			old = append(old, q)
		}
		clock.add(6 * time.Minute)
		if _, err := dgCheck(d, dgBase(t, d, "SHA-256")); err != nil {
			t.Fatal(err)
		}
		if len(d.seen) != 1 {
			t.Fatalf("%d nonces remembered", len(d.seen))
		}
		// the clock goes back: forgotten nonces are stale, not replayable
		clock.add(-6 * time.Minute)
		for _, q := range old {
			_, err := dgCheck(d, q)
			wantRefused(t, err, "stale digest nonce: retry with a new nonce", true)
		}
	})
	t.Run("bound", func(t *testing.T) {
		d, clock := newDgAuth(t)
		d.maxNonces = 8
		var used []dgReq
		for i := range 40 {
			clock.add(time.Second)
			q := dgBase(t, d, "MD5")
			if _, err := dgCheck(d, q); err != nil {
				t.Fatalf("nonce %d: %v", i, err)
			}
			if len(d.seen) > d.maxNonces {
				t.Fatalf("%d nonces remembered", len(d.seen))
			}
			used = append(used, q)
		}
		// every replay is refused: a forgotten nonce is stale
		forgotten := 0
		for _, q := range used {
			_, err := dgCheck(d, q)
			if errors.Is(err, ErrStale) {
				forgotten++
				continue
			}
			wantRefused(t, err, "replayed digest nonce count", false)
		}
		if forgotten < 40-8 {
			t.Errorf("%d forgotten", forgotten)
		}
		// the last ones go on
		q := used[len(used)-1]
		q.nc = "00000002"
		if _, err := dgCheck(d, q); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzDigestHeader checks the Digest header parser and check: no panic;
// a header parses to parameters that parse again the same once written
// back; a check succeeds only with the right response for what the
// header says. "{nonce}" in the header is replaced by a fresh nonce, and
// "{response}" by the right response for what the header says then.
func FuzzDigestHeader(f *testing.F) {
	f.Add(`Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="{nonce}", nc=00000001, cnonce="c", qop=auth, response="{response}"`)
	f.Add(`Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5-sess, nonce="{nonce}", nc=00000001, cnonce="c", qop=auth, response="{response}"`)
	f.Add(`digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm="http-auth@example.org", uri="/dir/index.html", nonce="{nonce}", nc=0000000a, cnonce="c\"", qop=auth, response="{response}"`)
	f.Add(`Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5, nonce="{nonce}", nc=00000001, cnonce="c", qop=auth, response="8ca523f5e9506fed4657c9700eebdbec"`)
	f.Add(`Digest ` + dgValid)
	f.Add(`Digest username="Mufasa`)
	f.Add(`Digest a=b,,c="d\"e", A=f`)
	f.Add("Digest dXNlcjpwYXNz")
	f.Add(`Basic TXVmYXNhOkNpcmNsZSBvZiBMaWZl`)
	users := func(ctx context.Context, login, realm, algorithm string) (string, error) {
		password, ok := dgUsers[login]
		_, known := lookupAlgorithm(algorithm)
		if !ok || !known {
			return "", nil
		}
		return HA1(algorithm, login, realm, password), nil
	}
	f.Fuzz(func(t *testing.T, header string) {
		clock := &dgClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		d := New(Options{Secret: []byte(dgSecret), Lifetime: time.Minute, Now: clock.now, HA1: users})
		nonce, _ := dgNonce(t, d, dgRealm)
		header = strings.ReplaceAll(header, "{nonce}", nonce)
		parsed := func(h string) (map[string]string, bool) {
			rest, ok := cutScheme(h)
			if !ok {
				return nil, false
			}
			p, err := parseParams(rest)
			if err != nil {
				if refusal(err) == nil {
					t.Fatalf("parse error %v", err)
				}
				return nil, false
			}
			return p, true
		}
		username := func(p map[string]string) string {
			if v, ok := p["username*"]; ok {
				u, _ := extValue(v)
				return u
			}
			return p["username"]
		}
		p, ok := parsed(header)
		if ok {
			// written back, the parameters parse the same
			var parts []string
			for name, value := range p {
				parts = append(parts, name+"="+dgQuote(value))
			}
			again, err := parseParams(" " + strings.Join(parts, ", "))
			if err != nil || !maps.Equal(p, again) {
				t.Fatalf("%q parses as %q, written back as %q: %v", header, p, again, err)
			}
			if strings.Contains(header, "{response}") {
				right := refDigest(dgOr(p["algorithm"], "MD5"), username(p), dgUsers[username(p)], p["realm"],
					http.MethodGet, p["uri"], p["nonce"], p["nc"], p["cnonce"], p["qop"])
				header = strings.ReplaceAll(header, "{response}", right)
			}
		}
		r := httptest.NewRequest(http.MethodGet, dgURI, nil)
		r.Header["Authorization"] = []string{header}
		login, err := d.Check(context.Background(), r, dgRealm)
		if err != nil {
			if login != "" {
				t.Fatalf("login %q with %v", login, err)
			}
			if !errors.Is(err, ErrNoCredentials) {
				e := refusal(err)
				if e == nil || !slices.Contains(dgMessages, e.Msg) {
					t.Fatalf("unexpected error %v", err)
				}
			}
			return
		}
		p, ok = parsed(header)
		if !ok {
			t.Fatalf("%q: accepted, but does not parse", header)
		}
		password, known := dgUsers[login]
		want := refDigest(dgOr(p["algorithm"], "MD5"), login, password, dgRealm, http.MethodGet, dgURI, nonce, p["nc"], p["cnonce"], p["qop"])
		if !known || login != username(p) || p["realm"] != dgRealm || p["uri"] != dgURI || p["nonce"] != nonce ||
			!strings.EqualFold(p["response"], want) {
			t.Fatalf("%q: accepted as %q", header, login)
		}
		// and once only
		if _, err := d.Check(context.Background(), r, dgRealm); err == nil {
			t.Fatalf("%q: accepted twice", header)
		}
	})
}
