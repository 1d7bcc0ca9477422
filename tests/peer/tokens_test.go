// FlaskSimpleAuth's token and password tests, each a subtest named after
// its function of test/test_flask.py: test_fsa_token, test_jwt_token and
// test_invalid_token (TestPeerTokens); test_password_lazy_init,
// test_password_check, test_no_password_manager, test_plaintext_password,
// the test_fsa_password_*_scheme and test_passlib_* functions,
// test_password_quality, test_bad_2, test_ldap and test_ldap3
// (TestPeerPasswords). FlaskSimpleAuth calls its token and password
// managers directly; here a library call is a request through a route (GET
// /who with the token scheme, GET /user with the password schemes, POST
// /hash calling app.HashPassword) or a direct call of the exported API
// (CreateToken, HashPassword, New). Each row says, with fsaRow, how many
// of the function's assertions it stands for and how.
package peer_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/tests/peer"
)

// tpRow is one expectation: a request and what its response must show, or a
// library call with its checks; before runs first (moves a clock...).
type tpRow struct {
	name    string
	n       int    // FlaskSimpleAuth's assertions the row stands for (0: 1)
	own     bool   // a check of ours, standing for no FlaskSimpleAuth assertion
	differs string // asserts our documented difference, this one
	na      string // no meaning in Go: skipped with this reason
	notYet  string // a feature still to build: skipped with this reason (naming its issue)
	before  func()
	req     *fsatest.Case
	run     func(t *testing.T)
}

// tpRun runs the rows in order, each as a subtest, its requests on c.
func tpRun(t *testing.T, c *fsatest.Client, rows []tpRow) {
	t.Helper()
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			how{n: row.n, own: row.own, differs: row.differs, na: row.na, notYet: row.notYet}.record(t, 1)
			if row.before != nil {
				row.before()
			}
			if row.req != nil {
				c.Check(t, *row.req)
			}
			if row.run != nil {
				row.run(t)
			}
		})
	}
}

// tpWho returns the authenticated login.
func tpWho(c *fsa.Context, _ struct{}) (any, error) { return c.User(), nil }

// tpHashIn is the input of POST /hash.
type tpHashIn struct {
	Password string `param:"password"`
}

// tpRoutes adds FlaskSimpleAuth's test routes that the library calls stand
// for: GET /who (token scheme, the token manager's check), GET /test2/who
// (the same in realm test2), GET /user (the password manager's check:
// the password schemes), GET /read (group "2", FlaskSimpleAuth's READ,
// with the password schemes), GET /any (Open) and POST /hash
// (app.HashPassword, Open).
func tpRoutes(app *fsa.App) {
	fsa.Get(app, "/who", fsa.Auth, tpWho, fsa.Authn("token"))
	fsa.Get(app, "/user", fsa.Auth, tpWho, fsa.Authn("password"))
	fsa.Get(app, "/any", fsa.Open, func(c *fsa.Context, _ struct{}) (any, error) { return "no-auth", nil })
	fsa.Get(app, "/test2/who", fsa.Auth, tpWho, fsa.Authn("token"), fsa.Realm("test2"))
	fsa.Get(app, "/read", fsa.Group("2"), func(c *fsa.Context, _ struct{}) (any, error) { return "read-only", nil },
		fsa.Authn("password"))
	fsa.Post(app, "/hash", fsa.Open, func(c *fsa.Context, in tpHashIn) (any, error) { return app.HashPassword(in.Password) })
}

// tpApp returns FlaskSimpleAuth's test app (peer.New) with the directives
// given and tpRoutes.
func tpApp(t *testing.T, directives ...any) *fsa.App {
	t.Helper()
	app, err := peer.New(directives...)
	if err != nil {
		t.Fatal(err)
	}
	tpRoutes(app)
	return app
}

// tpClockApp is tpApp (the same directives and users as peer.New) whose
// tokens read the time from *now: FlaskSimpleAuth's tests move a token's
// expiry with a negative delay or grace, which fsa-go refuses; moving the
// clock expires the token instead.
func tpClockApp(t *testing.T, now *time.Time, directives ...any) *fsa.App {
	t.Helper()
	opts := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		fsa.Clock(func() time.Time { return *now }),
		fsa.Set("FSA_AUTH", []any{"token", "fake", "basic", "param", "none"}), fsa.Set("FSA_REALM", "Test"),
		fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"), fsa.Set("FSA_TOKEN_SECRET", peer.Secret)}
	for i := 0; i+1 < len(directives); i += 2 {
		opts = append(opts, fsa.Set(directives[i].(string), directives[i+1]))
	}
	app, err := fsa.New("Test", opts...)
	if err != nil {
		t.Fatal(err)
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) { return peer.Passwords[login], nil })
	app.UserInGroup(func(_ context.Context, login, group string) (bool, error) {
		return slices.Contains(peer.Groups[group], login), nil
	})
	tpRoutes(app)
	return app
}

// tpServe checks the app and returns a client of it.
func tpServe(t *testing.T, app *fsa.App) *fsatest.Client {
	t.Helper()
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return fsatest.New(h)
}

// tpToken makes a token, failing the test on an error.
func tpToken(t *testing.T, app *fsa.App, user string, opts ...fsa.TokenOption) string {
	t.Helper()
	token, err := app.CreateToken(user, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// tpPrefix checks that a token starts with prefix.
func tpPrefix(token, prefix string) func(t *testing.T) {
	return func(t *testing.T) {
		if !strings.HasPrefix(token, prefix) {
			t.Errorf("token %q does not start with %q", token, prefix)
		}
	}
}

// tpParts checks that a token is a JWT: three dot-separated parts.
func tpParts(token string) func(t *testing.T) {
	return func(t *testing.T) {
		if n := len(strings.Split(token, ".")); n != 3 {
			t.Errorf("token %q has %d parts, want 3", token, n)
		}
	}
}

// tpWhoIs is GET /who with a bearer token, responding 200 with the login.
func tpWhoIs(token, login string) *fsatest.Case {
	return &fsatest.Case{Path: "/who", Auth: fsatest.Bearer(token), WantStatus: http.StatusOK, WantExact: fsatest.String(login)}
}

// tpWhoFails is GET /who with a bearer token, refused with status and a
// message containing msg.
func tpWhoFails(token string, status int, msg string) *fsatest.Case {
	return &fsatest.Case{Path: "/who", Auth: fsatest.Bearer(token), WantStatus: status, WantBody: msg}
}

// tpTamper changes the last character of a token.
func tpTamper(token string) string {
	last := byte('z')
	if strings.HasSuffix(token, "z") {
		last = 'y'
	}
	return token[:len(token)-1] + string(last)
}

// tpNewFails checks that an app with these directives is refused, with an
// error naming want.
func tpNewFails(want string, directives ...any) func(t *testing.T) {
	return func(t *testing.T) {
		_, err := peer.New(directives...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("peer.New(%v) = %v, want an error containing %q", directives, err, want)
		}
	}
}

// tpHash is POST /hash: hashing password gives status, with a body
// containing msg (for 400s).
func tpHash(password string, status int, msg string) *fsatest.Case {
	return &fsatest.Case{Method: http.MethodPost, Path: "/hash", Form: url.Values{"password": {password}},
		WantStatus: status, WantBody: msg}
}

// tpRSAKeys returns a PEM public and private RSA key pair. FlaskSimpleAuth's
// test uses a 512-bit key (tpRSA512Public), which fsa-go refuses (under 2048
// bits): the round trip is the same with a key of today's size.
func tpRSAKeys(t *testing.T) (public, private string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
		string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// tpRSA512 is FlaskSimpleAuth's RSA test key pair (512 bits), which
// fsa-go refuses.
const (
	tpRSA512Public = `-----BEGIN PUBLIC KEY-----
MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAN2AI/mvUWfUSh7KIAsLgwyqtuCTlw5D
6Be7GAeKFhmp7+Xf3LCGOPrfqzjILxXrUUn4tnpCudL0+6jQiLFZZ5ECAwEAAQ==
-----END PUBLIC KEY-----
`
	tpRSA512Private = `-----BEGIN RSA PRIVATE KEY-----
MIIBOwIBAAJBAN2AI/mvUWfUSh7KIAsLgwyqtuCTlw5D6Be7GAeKFhmp7+Xf3LCG
OPrfqzjILxXrUUn4tnpCudL0+6jQiLFZZ5ECAwEAAQJAGJkYZawQkEVFDfJIaLGY
lhmHQZ1iUxU7exct7fhpx+OgdojEDiIjN1S6cGBfbw0EFoN/dSPFGsnLjw37Tkch
gQIhAPQ9L+9Cpgnk3uUbXXIU52OF7WiQ51gdT8SnNLuNs+sZAiEA6CqmINKb09yr
qOGXfKeoA08jgWJ0atXVZEf5SE+rZzkCIQC35U4vRy5/ap1NQfJ1EDo83D0qK1iV
JtTFy+PPh909GQIhAMokyDzv42nWS0hiE6ofuDQZZcqz1LVotcH4wN3rMExRAiAd
4Id4VP45+rGweeuzFycgt0MjB/m82leJla77vNdV7Q==
-----END RSA PRIVATE KEY-----
`
)

func TestPeerTokens(t *testing.T) {
	// test_fsa_token: prefixes `Test/self:foo:` (issuer self),
	// `Test:calvin:`, `test2:susie:`, `Test:hobbes:`, each token checking
	// back; `not an FSA token` → `invalid fsa token`; `R:U:demain:signature`
	// → `unexpected timestamp format`; `Test:calvin:20201500000000:signature`
	// → `unexpected fsa token limit`; forced expiry → `expired auth token`
	// (cached), uncache, `expired fsa auth token` (uncached); a negative
	// grace → 401. FlaskSimpleAuth expires tokens with a negative grace,
	// which fsa-go refuses: moving the app's clock expires them here.
	t.Run("test_fsa_token", func(t *testing.T) {
		self := tpApp(t, "FSA_TOKEN_ISSUER", "self")
		app := tpApp(t)
		fooToken := tpToken(t, self, "foo")
		calvinToken := tpToken(t, app, "calvin")
		susieToken := tpToken(t, app, "susie", fsa.TokenRealm("test2"))
		hobbesToken := tpToken(t, app, "hobbes")
		now := time.Now().UTC().Truncate(time.Second)
		clocked := tpClockApp(t, &now)
		expiring := tpToken(t, clocked, "calvin")
		graceToken := tpToken(t, clocked, "hobbes")
		selfClient, c, clockedClient := tpServe(t, self), tpServe(t, app), tpServe(t, clocked)
		tpRun(t, selfClient, []tpRow{
			{name: "issuer self prefix", run: tpPrefix(fooToken, "Test/self:foo:")},
			{name: "issuer self checks", req: tpWhoIs(fooToken, "foo")},
		})
		tpRun(t, c, []tpRow{
			{name: "Test:calvin: prefix", run: tpPrefix(calvinToken, "Test:calvin:")},
			{name: "Test:calvin: checks", req: tpWhoIs(calvinToken, "calvin")},
			{name: "test2:susie: prefix", run: tpPrefix(susieToken, "test2:susie:")},
			{name: "test2:susie: checks in test2", own: true, req: &fsatest.Case{Path: "/test2/who",
				Auth: fsatest.Bearer(susieToken), WantStatus: http.StatusOK, WantExact: fsatest.String("susie")}},
			{name: "Test:hobbes: prefix", run: tpPrefix(hobbesToken, "Test:hobbes:")},
			{name: "malformed", req: tpWhoFails("not an FSA token", http.StatusUnauthorized, "invalid fsa token")},
			{name: "bad timestamp format",
				differs: "every token failure is a 401 that does not echo the token (FSA: `unexpected timestamp format: demain`)",
				req: &fsatest.Case{Path: "/who", Auth: fsatest.Bearer("R:U:demain:signature"),
					WantStatus: http.StatusUnauthorized, WantExact: fsatest.String("unexpected fsa token limit")}},
			{name: "bad timestamp date", req: tpWhoFails("Test:calvin:20201500000000:signature", http.StatusUnauthorized,
				"unexpected fsa token limit")},
		})
		tpRun(t, clockedClient, []tpRow{
			{name: "valid before expiry, cached", own: true, req: tpWhoIs(expiring, "calvin")},
			{name: "forced expiry, cached", before: func() { now = now.Add(2 * time.Hour) },
				req: tpWhoFails(expiring, http.StatusUnauthorized, "expired auth token")},
			{name: "uncache", run: func(t *testing.T) {
				if err := clocked.UncacheToken(context.Background(), expiring, "Test"); err != nil {
					t.Error(err)
				}
			}},
			{name: "forced expiry, uncached", differs: "one message for an expired token, cached or not (FSA: `expired fsa auth token` once uncached)",
				req: &fsatest.Case{Path: "/who", Auth: fsatest.Bearer(expiring), WantStatus: http.StatusUnauthorized,
					WantExact: fsatest.String("expired auth token")}},
			// FlaskSimpleAuth checks hobbes's token with a grace of -100 minutes: here, once the clock passed its expiry
			{name: "negative grace", req: &fsatest.Case{Path: "/who", Auth: fsatest.Bearer(graceToken),
				WantStatus: http.StatusUnauthorized}},
		})
	})

	// test_jwt_token: HS256 tokens have 3 parts and check back, twice
	// (cached); an expired one → `expired jwt auth token`; RS256 round
	// trip; swapped parts → `invalid jwt token`.
	t.Run("test_jwt_token", func(t *testing.T) {
		hs := tpApp(t, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "HS256", "FSA_TOKEN_ISSUER", "self")
		moeToken := tpToken(t, hs, "moe")
		now := time.Now().UTC().Truncate(time.Second)
		clocked := tpClockApp(t, &now, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "HS256")
		susieToken := tpToken(t, clocked, "susie")
		public, private := tpRSAKeys(t)
		rs := tpApp(t, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", public, "FSA_TOKEN_SIGN", private)
		mumToken := tpToken(t, rs, "mum")
		pieces := strings.Split(mumToken, ".")
		tpRun(t, tpServe(t, hs), []tpRow{
			{name: "HS256 three parts", run: tpParts(moeToken)},
			{name: "HS256 checks", req: tpWhoIs(moeToken, "moe")},
			{name: "HS256 checks again (cached)", req: tpWhoIs(moeToken, "moe")},
		})
		tpRun(t, tpServe(t, clocked), []tpRow{
			{name: "expired three parts", run: tpParts(susieToken)},
			// FlaskSimpleAuth makes it with a delay of -1 minute: an hour later
			{name: "expired", before: func() { now = now.Add(61 * time.Minute) },
				differs: "one message for an expired token, fsa or jwt (FSA: `expired jwt auth token`)",
				req: &fsatest.Case{Path: "/who", Auth: fsatest.Bearer(susieToken), WantStatus: http.StatusUnauthorized,
					WantExact: fsatest.String("expired auth token")}},
		})
		tpRun(t, tpServe(t, rs), []tpRow{
			// FlaskSimpleAuth's key is 512 bits: a key of today's size here, the round trip is the same
			{name: "FSA's 512-bit key refused", own: true, differs: "RSA keys under 2048 bits are refused at startup",
				run: tpNewFails("2048", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256",
					"FSA_TOKEN_SECRET", tpRSA512Public, "FSA_TOKEN_SIGN", tpRSA512Private)},
			{name: "RS256 three parts", run: tpParts(mumToken)},
			{name: "RS256 checks", req: tpWhoIs(mumToken, "mum")},
			{name: "RS256 swapped parts", req: tpWhoFails(pieces[0]+"."+pieces[len(pieces)-1]+"."+pieces[min(1, len(pieces)-1)],
				http.StatusUnauthorized, "invalid jwt token")},
		})
	})

	// test_invalid_token: a tampered token and a token of another realm
	// are refused, 401.
	t.Run("test_invalid_token", func(t *testing.T) {
		app := tpApp(t)
		susieToken := tpToken(t, app, "susie")
		moeToken := tpToken(t, app, "moe", fsa.TokenRealm("elsewhere"))
		tpRun(t, tpServe(t, app), []tpRow{
			{name: "tampered", req: tpWhoFails(tpTamper(susieToken), http.StatusUnauthorized, "invalid fsa auth token signature")},
			{name: "other realm", req: tpWhoFails(moeToken, http.StatusUnauthorized, "unexpected fsa token realm")},
		})
	})
}

// tpPassApp returns FlaskSimpleAuth's test app with the directives given,
// whose GetUserPass returns the stored hashes.
func tpPassApp(t *testing.T, stored map[string]string, directives ...any) *fsatest.Client {
	t.Helper()
	app := tpApp(t, directives...)
	app.GetUserPass(func(_ context.Context, login string) (string, error) { return stored[login], nil })
	return tpServe(t, app)
}

// tpHashFor hashes a password with an app of these directives, failing the
// test on an error.
func tpHashFor(t *testing.T, directives []any, password string) string {
	t.Helper()
	hash, err := tpApp(t, directives...).HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	return hash
}

// tpCheckPass is FlaskSimpleAuth's test alternate password check
// (test_check_pass).
func tpCheckPass(_ context.Context, user, pwd string) (bool, error) {
	switch {
	case user == "calvin" && pwd == "hobbes":
		return true, nil
	case pwd == "magic":
		return true, nil
	case pwd == "none":
		return false, nil
	case pwd == "Error":
		return false, fsa.Err(http.StatusBadRequest, "test_check_pass error")
	}
	return false, errors.New("oops!")
}

// tpUser is GET /user (password schemes) with Basic credentials: status,
// and the login for a 200, a part of the message otherwise.
func tpUser(login, password string, status int, msg string) *fsatest.Case {
	tc := &fsatest.Case{Path: "/user", Auth: fsatest.Basic(login, password), WantStatus: status, WantBody: msg}
	if status == http.StatusOK {
		tc.WantBody, tc.WantExact = "", fsatest.String(login)
	}
	return tc
}

// tpQuality is the body of FlaskSimpleAuth's test password quality hook
// (password_quality_checker): "G0od!" passes, "B@d" is refused (False in
// Python, an error in Go), any other password makes it fail.
func tpQuality(pwd string) error {
	switch pwd {
	case "G0od!":
		return nil
	case "B@d":
		return errors.New("B@d is too simple")
	}
	return errors.New("password quality checker is not happy about " + pwd)
}

// tpVariousPasswords are the passwords of FlaskSimpleAuth's
// check_various_passwords.
var tpVariousPasswords = []string{"hello", "W0r1d!", "&éçàùµ§…"}

// tpVarious is FlaskSimpleAuth's check_various_passwords on an app of
// FSA_PASSWORD_SCHEME scheme and more directives: each password checks
// against its hash, and "another one" does not.
func tpVarious(scheme any, more ...any) func(t *testing.T) {
	return func(t *testing.T) {
		directives := append([]any{"FSA_PASSWORD_SCHEME", scheme}, more...)
		users := []string{"calvin", "hobbes", "dad"}
		stored := map[string]string{}
		for i, password := range tpVariousPasswords {
			stored[users[i]] = tpHashFor(t, directives, password)
		}
		c := tpPassApp(t, stored, directives...)
		for i, password := range tpVariousPasswords {
			c.Check(t, *tpUser(users[i], password, http.StatusOK, ""))
			c.Check(t, *tpUser(users[i], "another one", http.StatusUnauthorized, ""))
		}
	}
}

// tpDefaultApp is a fresh app of FlaskSimpleAuth's defaults, with Basic
// authentication and GET /user, whose GetUserPass returns stored.
func tpDefaultApp(t *testing.T, name string, stored map[string]string) *fsa.App {
	t.Helper()
	app := fsatest.NewApp(t, name, fsatest.Directives("FSA_AUTH", "basic")...)
	app.GetUserPass(func(_ context.Context, login string) (string, error) { return stored[login], nil })
	fsa.Get(app, "/user", fsa.Auth, tpWho)
	return app
}

func TestPeerPasswords(t *testing.T) {
	// test_password_lazy_init: an app of the defaults hashes
	// "hello world!" in 40 characters or more; another app of the
	// defaults checks the password against it.
	t.Run("test_password_lazy_init", func(t *testing.T) {
		ref, err := fsatest.NewApp(t, "pass-one", fsatest.Directives("FSA_AUTH", "basic")...).HashPassword("hello world!")
		if err != nil {
			t.Fatal(err)
		}
		tpRun(t, fsatest.NewClient(t, tpDefaultApp(t, "pass-two", map[string]string{"calvin": ref})), []tpRow{
			{name: "default hash", run: func(t *testing.T) {
				if len(ref) < 40 {
					t.Errorf("hash %q is shorter than 40", ref)
				}
			}},
			{name: "default hash checks in another app", req: tpUser("calvin", "hello world!", http.StatusOK, "")},
		})
	})

	// test_password_check: App's scheme (the default) checks a hash of
	// "hello", not "bad-pass", and "bad-ref" is no hash; no alternate
	// check by default; the alternate check (test_check_pass): calvin
	// hobbes, magic for anyone, an exception is false, "none" refused,
	// its ErrorResponse kept, an unknown user, no get_user_pass; through
	// requests: a wrong PASS, no PASS, `Basic !!!`.
	t.Run("test_password_check", func(t *testing.T) {
		ref, err := fsatest.NewApp(t, "ref").HashPassword("hello")
		if err != nil {
			t.Fatal(err)
		}
		def := fsatest.NewClient(t, tpDefaultApp(t, "Test", map[string]string{"calvin": ref, "hobbes": "bad-ref"}))
		tpRun(t, def, []tpRow{
			{name: "hello", req: tpUser("calvin", "hello", http.StatusOK, "")},
			{name: "bad-pass", req: tpUser("calvin", "bad-pass", http.StatusUnauthorized, "")},
			{name: "bad-ref", req: tpUser("hobbes", "hello", http.StatusUnauthorized, "")},
		})
		// no alternate check: magic is no password
		tpRun(t, tpServe(t, tpApp(t)), []tpRow{
			{name: "no alternate check", req: tpUser("susie", "magic", http.StatusUnauthorized, "")},
		})
		app := tpApp(t)
		app.PasswordCheck(tpCheckPass)
		noUsers := tpApp(t)
		noUsers.GetUserPass(nil)
		noUsers.PasswordCheck(tpCheckPass)
		noUsersClient := tpServe(t, noUsers)
		// a hook's error is a 500 naming only the stage (FSA: the alternate check's exception is false, 401)
		const hookError = "an error of the PasswordCheck hook is a 500 naming only the stage"
		tpRun(t, tpServe(t, app), []tpRow{
			{name: "calvin hobbes", req: tpUser("calvin", "hobbes", http.StatusOK, "")},
			{name: "susie magic", req: tpUser("susie", "magic", http.StatusOK, "")},
			{name: "moe magic", req: tpUser("moe", "magic", http.StatusOK, "")},
			{name: "moe bad-password", differs: hookError + " (FSA: false)",
				req: tpUser("moe", "bad-password", http.StatusInternalServerError, "")},
			{name: "boo none", req: tpUser("boo", "none", http.StatusUnauthorized, "")},
			{name: "dad Error", req: tpUser("dad", "Error", http.StatusBadRequest, "test_check_pass error")},
			{name: "baa whatever", differs: hookError + " (FSA: 401 `no such user: baa`)",
				req: tpUser("baa", "whatever", http.StatusInternalServerError, "")},
		})
		tpRun(t, noUsersClient, []tpRow{
			{name: "no get_user_pass", differs: hookError + " (FSA: 401 `invalid user/password for calvin`)",
				req: tpUser("calvin", "Oops!", http.StatusInternalServerError, "")},
		})
		// /read with basic and param (FSA pushes ["basic", "param"]), then basic
		tpRun(t, tpServe(t, tpApp(t)), []tpRow{
			{name: "bad PASS", req: &fsatest.Case{Path: "/read", Form: url.Values{"USER": {"dad"}, "PASS": {"bad-dad-password"}},
				WantStatus: http.StatusUnauthorized}},
			{name: "bad PASS message",
				differs: "one message for an unknown user and a wrong password, which does not echo the login (FSA: `invalid password for dad`)",
				req: &fsatest.Case{Path: "/read", Form: url.Values{"USER": {"dad"}, "PASS": {"bad-dad-password"}},
					WantStatus: http.StatusUnauthorized, WantExact: fsatest.String("invalid user or password")}},
			{name: "no PASS", n: 2, req: &fsatest.Case{Path: "/read", Form: url.Values{"USER": {"dad"}},
				WantStatus: http.StatusUnauthorized, WantBody: "missing param password parameter"}},
			{name: "Basic !!!", n: 2, req: &fsatest.Case{Path: "/read", Header: http.Header{"Authorization": {"Basic !!!"}},
				WantStatus: http.StatusUnauthorized, WantBody: "decoding error on authorization"}},
		})
	})

	// test_no_password_manager: FSA_PASSWORD_SCHEME None: hashing a
	// password fails, "disabled".
	t.Run("test_no_password_manager", func(t *testing.T) {
		app := fsatest.NewApp(t, "nopm", fsatest.Directives("FSA_AUTH", "none", "FSA_PASSWORD_SCHEME", nil)...)
		tpRun(t, tpServe(t, tpApp(t, "FSA_PASSWORD_SCHEME", nil)), []tpRow{
			{name: "hash fails", run: func(t *testing.T) {
				if hash, err := app.HashPassword("hello"); err == nil || !strings.Contains(err.Error(), "disabled") {
					t.Errorf("HashPassword = %q, %v, want an error saying disabled", hash, err)
				}
			}},
			{name: "check fails", own: true, req: tpUser("calvin", "hobbes", http.StatusInternalServerError, "password manager is disabled")},
		})
	})

	// test_plaintext_password: the plaintext hash of hello is hello, and
	// hello checks against it.
	t.Run("test_plaintext_password", func(t *testing.T) {
		directives := []any{"FSA_AUTH", "password", "FSA_PASSWORD_SCHEME", "plaintext"}
		tpRun(t, tpPassApp(t, map[string]string{"calvin": "hello"}, directives...), []tpRow{
			{name: "hash is the password", run: func(t *testing.T) {
				if hash := tpHashFor(t, directives, "hello"); hash != "hello" {
					t.Errorf("plaintext hash of hello = %q", hash)
				}
			}},
			{name: "hello checks", req: tpUser("calvin", "hello", http.StatusOK, "")},
		})
	})

	// test_fsa_password_simple_schemes: check_various_passwords (its 2
	// assertions: a password checks against its hash, another does not)
	// on plaintext, fsa:plaintext, fsa:b64 and fsa:a85.
	t.Run("test_fsa_password_simple_schemes", func(t *testing.T) {
		encoding := "an encoding, not a hash: refused at startup, with the reason"
		tpRun(t, nil, []tpRow{
			{name: "plaintext", n: 2, run: tpVarious("plaintext")},
			{name: "fsa:plaintext", n: 2, run: tpVarious("fsa:plaintext")},
			{name: "fsa:b64", n: 2, differs: "b64 is " + encoding, run: tpNewFails("reversible encoding", "FSA_PASSWORD_SCHEME", "fsa:b64")},
			{name: "fsa:a85", n: 2, differs: "a85 is " + encoding, run: tpNewFails("reversible encoding", "FSA_PASSWORD_SCHEME", "fsa:a85")},
			{name: "b64", own: true, differs: "b64 is " + encoding, run: tpNewFails("reversible encoding", "FSA_PASSWORD_SCHEME", "b64")},
			{name: "a85", own: true, differs: "a85 is " + encoding, run: tpNewFails("reversible encoding", "FSA_PASSWORD_SCHEME", "a85")},
		})
	})

	// test_fsa_password_bcrypt_scheme, _argon2_, _scrypt_,
	// test_passlib_password_scheme: check_various_passwords on each
	// scheme they loop over. scrypt runs at a lower cost than its
	// default (as FlaskSimpleAuth's maxtime sets its cost).
	for _, tt := range []struct {
		name    string
		schemes []string
		more    []any
	}{
		{"test_fsa_password_bcrypt_scheme", []string{"bcrypt", "fsa:bcrypt"}, []any{"FSA_PASSWORD_OPTS", map[string]any{"rounds": 4}}},
		{"test_fsa_password_argon2_scheme", []string{"argon2", "fsa:argon2"}, nil},
		{"test_fsa_password_scrypt_scheme", []string{"scrypt", "fsa:scrypt"}, []any{"FSA_PASSWORD_OPTS", map[string]any{"ln": 12}}},
		{"test_passlib_password_scheme", []string{"passlib:plaintext", "passlib:argon2"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var rows []tpRow
			for _, scheme := range tt.schemes {
				rows = append(rows, tpRow{name: scheme, n: 2, run: tpVarious(scheme, tt.more...)})
			}
			tpRun(t, nil, rows)
		})
	}

	// test_passlib_password_scheme_list: FSA_PASSWORD_SCHEME [argon2,
	// plaintext]: a new password is hashed with argon2 (over 10
	// characters), which checks "hello", not "world"; a plaintext
	// "world" checks "world", not "hello".
	t.Run("test_passlib_password_scheme_list", func(t *testing.T) {
		list := []any{"argon2", "plaintext"}
		var ref string
		var c *fsatest.Client
		before := func() {
			ref = tpHashFor(t, []any{"FSA_PASSWORD_SCHEME", list}, "hello")
			c = tpPassApp(t, map[string]string{"calvin": ref, "hobbes": "world"}, "FSA_PASSWORD_SCHEME", list)
		}
		check := func(login, password string, status int) func(t *testing.T) {
			return func(t *testing.T) { c.Check(t, *tpUser(login, password, status, "")) }
		}
		tpRun(t, nil, []tpRow{
			{name: "argon2 hash", before: before, run: func(t *testing.T) {
				if len(ref) <= 10 {
					t.Errorf("hash %q", ref)
				}
			}},
			{name: "argon2 hello", run: check("calvin", "hello", http.StatusOK)},
			{name: "argon2 world", run: check("calvin", "world", http.StatusUnauthorized)},
			{name: "plaintext world", run: check("hobbes", "world", http.StatusOK)},
			{name: "plaintext hello", run: check("hobbes", "hello", http.StatusUnauthorized)},
		})
	})

	// test_password_quality: FSA_PASSWORD_LENGTH is 0 by default (any
	// password hashes), then 1 (`too short`), then 2; FSA_PASSWORD_RE is
	// empty by default, then [a-z], [A-Z] (the refusal names the missing
	// pattern); no quality hook by default, then the test's hook, whose
	// refusal is a 400 and whose exception's text is kept (`not happy`).
	t.Run("test_password_quality", func(t *testing.T) {
		re := []any{"[a-z]", "[A-Z]"}
		def := tpApp(t)
		quality := tpApp(t, "FSA_PASSWORD_LENGTH", 2, "FSA_PASSWORD_RE", re)
		quality.PasswordQuality(tpQuality)
		tpRun(t, tpServe(t, def), []tpRow{
			{name: "length 0 by default", run: func(t *testing.T) {
				if n := def.Config().PasswordLength; n != 0 {
					t.Errorf("FSA_PASSWORD_LENGTH is %d", n)
				}
			}},
			{name: "length 0 empty", req: tpHash("", http.StatusOK, "")},
			{name: "length 0 c", req: tpHash("c", http.StatusOK, "")},
			{name: "length 0 cy", req: tpHash("cy", http.StatusOK, "")},
		})
		tpRun(t, tpServe(t, tpApp(t, "FSA_PASSWORD_LENGTH", 1)), []tpRow{
			{name: "length 1 empty", req: tpHash("", http.StatusBadRequest, "too short")},
			{name: "length 1 c", req: tpHash("c", http.StatusOK, "")},
			{name: "length 1 cy", req: tpHash("cy", http.StatusOK, "")},
		})
		tpRun(t, tpServe(t, tpApp(t, "FSA_PASSWORD_LENGTH", 2)), []tpRow{
			{name: "length 2 cy", req: tpHash("cy", http.StatusOK, "")},
		})
		tpRun(t, tpServe(t, def), []tpRow{
			{name: "no re by default", run: func(t *testing.T) {
				if res := def.Config().PasswordRE; len(res) != 0 {
					t.Errorf("FSA_PASSWORD_RE is %q", res)
				}
			}},
		})
		tpRun(t, tpServe(t, tpApp(t, "FSA_PASSWORD_LENGTH", 2, "FSA_PASSWORD_RE", re)), []tpRow{
			{name: "re Cy", req: tpHash("Cy", http.StatusOK, "")},
			{name: "re CY", req: tpHash("CY", http.StatusBadRequest, "a-z")},
			{name: "re cy", req: tpHash("cy", http.StatusBadRequest, "A-Z")},
		})
		// without a hook, what the test's hook refuses is hashed
		tpRun(t, tpServe(t, def), []tpRow{
			{name: "no hook by default", req: tpHash("B@d", http.StatusOK, "")},
		})
		tpRun(t, tpServe(t, quality), []tpRow{
			{name: "hook G0od!", req: tpHash("G0od!", http.StatusOK, "")},
			{name: "hook B@d", req: &fsatest.Case{Method: http.MethodPost, Path: "/hash", Form: url.Values{"password": {"B@d"}},
				WantStatus: http.StatusBadRequest, WantExact: fsatest.String("password quality too low: B@d is too simple")}},
			{name: "hook exception", req: tpHash("@ny-Password!", http.StatusBadRequest,
				"password quality too low: password quality checker is not happy about @ny-Password!")},
		})
	})

	// test_bad_2: AppBad's create_badapp_2, whose get_user_pass fails:
	// GET /any (OPEN) 200; GET /all (AUTH) 401 without credentials, 500
	// `internal error in get_user_pass` with USER and PASS.
	t.Run("test_bad_2", func(t *testing.T) {
		app := fsatest.NewApp(t, "bad 2", fsatest.Directives("FSA_AUTH", "param")...)
		app.GetUserPass(func(_ context.Context, login string) (string, error) {
			return "", errors.New("get_user_pass failed for " + login)
		})
		fsa.Get(app, "/any", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return "any ok", nil })
		fsa.Get(app, "/all", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
			c.Status(http.StatusTeapot)
			return "should not get there!", nil
		})
		calvin := url.Values{"USER": {"calvin"}, "PASS": {"hobbes"}}
		tpRun(t, fsatest.NewClient(t, app), []tpRow{
			{name: "any", req: &fsatest.Case{Path: "/any", WantStatus: http.StatusOK, WantExact: fsatest.String("any ok")}},
			{name: "all without credentials", req: &fsatest.Case{Path: "/all", WantStatus: http.StatusUnauthorized}},
			{name: "all with USER and PASS", req: &fsatest.Case{Path: "/all", Form: calvin, WantStatus: http.StatusInternalServerError}},
			{name: "all with USER and PASS message",
				differs: "a hook's error is a 500 naming only the stage and route (FSA: `internal error in get_user_pass`)",
				req: &fsatest.Case{Path: "/all", Form: calvin, WantStatus: http.StatusInternalServerError,
					WantExact: fsatest.String("internal error caught at authentication on /all")}},
		})
	})

	// test_ldap, test_ldap3: FSA_PASSWORD_SCHEME ldap or ldap3 with
	// FSA_PASSWORD_OPTS {"url": ...}: the app's LDAP URL is the one given
	// (skipped by FlaskSimpleAuth without its optional packages).
	for _, scheme := range []string{"ldap", "ldap3"} {
		t.Run("test_"+scheme, func(t *testing.T) {
			tpRun(t, nil, []tpRow{
				{name: scheme + " refused", differs: "fsa-go has no LDAP password check: the scheme is a startup error naming it",
					run: func(t *testing.T) {
						_, err := fsa.New("ldap client", fsa.LookupEnv(nil), fsa.Set("FSA_AUTH", "password"),
							fsa.Set("FSA_PASSWORD_SCHEME", scheme),
							fsa.Set("FSA_PASSWORD_OPTS", map[string]any{"url": "ldaps://foo:bla@ldap.server:389/search?login?sub?(objectClass=*)"}))
						if err == nil || !strings.Contains(err.Error(), "FSA_PASSWORD_SCHEME") || !strings.Contains(err.Error(), scheme) {
							t.Errorf("New with %s: %v, want an error naming FSA_PASSWORD_SCHEME and %s", scheme, err, scheme)
						}
					}},
			})
		})
	}
}
