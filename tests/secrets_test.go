package tests

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// The secrets of the sessions. The passwords pass Acme's rules (5
// characters, an upper case letter, a lower case letter, a digit) unless
// they are meant to fail them, and hold characters that base64 and URL
// encodings change (+ / = & % space) but none that a log quotes (" \).
const (
	secTokenSecret = "Secrets-Test-Token-Secret/0123456789+ABCDEFGHIJKLMNOP"
	secAdminPass   = "Adm1n+Secret/Pass=word&Zebra-4096"
	secCalvinPass  = "Hobbes Tiger%20 Stripes 1985"
	secHobbesPass  = "T1ger-Hobbes+Pounce"
	secBoomerPass  = "B00mer-Kaboom+Pass"
	secPanicPass   = "Pan1cky-Pass/Word"
	secOtherPass   = "Hobbes-Other-2025" // calvin's, refused: the login exists
	secSusiePass   = "Derkins-Susie-77"  // posted by a non admin
	secNoCredPass  = "NoCred-Pass-55"    // posted without credentials
	secURLPass     = "Url-Leak=Pass&77"  // sent in the URL, refused
	secShortPass   = "Qz#4"              // too short
	secNoDigitPass = "Cameleon-Sans-Chiffre"
)

// secLongPass is over bcrypt's 72 bytes.
var secLongPass = "Aa1-" + strings.Repeat("long", 18)

// secWrongPass are wrong passwords, one per attempt.
var secWrongPass = []string{"Wr0ng-Guess+One/1", "Wr0ng Guess Two 2", "Wr0ng&Guess=Three3", "Wr0ng-Guess-Four-4",
	"Wr0ng/Guess/Five/5", "Wr0ng+Guess+Six+6", "Wr0ng%Guess%Seven7"}

// secPanicLogin is the login whose cached password hash the trap cache
// cannot read: it panics. secBoom is in the cache keys whose deletion
// fails: an internal error.
const (
	secPanicLogin = "panicky"
	secBoom       = "boom"
)

// secTrapCache is a MemoryCache that records the password hashes the app
// caches, by login, panics on the entries of secPanicLogin and fails to
// delete the entries that name secBoom: Acme's ways to a handler panic and
// an internal error, with credentials in the request.
type secTrapCache struct {
	*fsa.MemoryCache
	mu     sync.Mutex
	hashes map[string]string
}

func (c *secTrapCache) Get(ctx context.Context, key string) ([]byte, bool) {
	if strings.Contains(key, secPanicLogin) {
		panic("trap cache: store lost")
	}
	return c.MemoryCache.Get(ctx, key)
}

func (c *secTrapCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) {
	if rest, ok := strings.CutPrefix(key, "u."); ok && len(value) > 0 { // u. LEN:LOGIN, the hash
		_, login, _ := strings.Cut(rest, ":")
		c.mu.Lock()
		c.hashes[login] = string(value)
		c.mu.Unlock()
	}
	c.MemoryCache.Set(ctx, key, value, ttl)
}

func (c *secTrapCache) Delete(ctx context.Context, key string) error {
	if strings.Contains(key, secBoom) {
		return errors.New("trap cache: delete failed")
	}
	return c.MemoryCache.Delete(ctx, key)
}

// secBuffer is a bytes.Buffer that several goroutines may write.
type secBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *secBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *secBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// secSecret is a value that must not leak, and what it is.
type secSecret struct{ what, value string }

// secPlace is text a client or an operator sees: a log, a body, a header.
// allowed is the token it is meant to carry (a token route's body, a
// cookie carrier's Set-Cookie), removed before searching.
type secPlace struct{ where, text, allowed string }

// secSession drives one Acme app and collects the secrets it sends and
// the responses it gets, to search them once the session is over.
type secSession struct {
	t        *testing.T
	c        *fsatest.Client
	cookie   bool // the token carrier is the cookie, else bearer
	secrets  []secSecret
	places   []secPlace
	requests int
}

// secret records a secret.
func (s *secSession) secret(what, value string) string {
	s.secrets = append(s.secrets, secSecret{what, value})
	return value
}

// password records a password.
func (s *secSession) password(pw string) string { return s.secret("password", pw) }

// basic records basic credentials and returns them.
func (s *secSession) basic(login, pw string) fsatest.Auth {
	s.password(pw)
	s.secret("basic credentials of "+login, base64.StdEncoding.EncodeToString([]byte(login+":"+pw)))
	return fsatest.Basic(login, pw)
}

// param records param credentials and returns them.
func (s *secSession) param(login, pw string) fsatest.Auth {
	s.password(pw)
	return fsatest.Param(login, pw)
}

// token records a token, and its signature, the part that proves it.
func (s *secSession) token(what, token string) string {
	s.secret(what, token)
	if i := strings.LastIndexAny(token, ":."); i >= 0 && len(token)-i > 16 {
		s.secret(what+" signature", token[i+1:])
	}
	return token
}

// withToken returns tc with a token, in its carrier.
func (s *secSession) withToken(what, token string, tc fsatest.Case) fsatest.Case {
	s.token(what, token)
	if s.cookie {
		tc.Header = http.Header{"Cookie": {"auth=" + token}}
	} else {
		tc.Auth = fsatest.Bearer(token)
	}
	return tc
}

// do sends a case, checks its expectations, and keeps its response, and the
// tokens it gives, for the search.
func (s *secSession) do(tc fsatest.Case) *fsatest.Response {
	s.t.Helper()
	s.requests++
	res := s.c.Check(s.t, tc)
	where := fmt.Sprintf("answer to %q (%s %s)", tc.Name, cmpOr(tc.Method, "GET"), tc.Path)
	var given string // the token of a token route's body
	if strings.HasPrefix(tc.Path, "/token") && res.StatusCode/100 == 2 {
		var answer struct{ Token string }
		if json.Unmarshal(res.Body, &answer) == nil && answer.Token != "" {
			given = s.token("token given", answer.Token)
		}
	}
	s.places = append(s.places, secPlace{where + " body", string(res.Body), given})
	for name, values := range res.Header {
		for _, v := range values {
			allowed := ""
			if name == "Set-Cookie" && s.cookie {
				if cookie, err := http.ParseSetCookie(v); err == nil && cookie.Name == "auth" {
					allowed = s.token("token cookie", cookie.Value)
				}
			}
			s.places = append(s.places, secPlace{where + " header", name + ": " + v, allowed})
		}
	}
	return res
}

// run sends cases in order.
func (s *secSession) run(cases []fsatest.Case) {
	s.t.Helper()
	for _, tc := range cases {
		s.do(tc)
	}
}

// given sends a case that must return a token, and returns it.
func (s *secSession) given(tc fsatest.Case) string {
	s.t.Helper()
	res := s.do(tc)
	var answer struct{ Token string }
	if json.Unmarshal(res.Body, &answer) != nil || answer.Token == "" {
		s.t.Fatalf("%s: no token in %q", tc.Name, res.Body)
	}
	return answer.Token
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// secForms returns the ways a secret may be written: as is, base64 (the
// unpadded forms, which the padded ones contain), URL-encoded, hex, and
// quoted as JSON and Go (slog's text) quote it.
func secForms(v string) map[string]string {
	jsonQuoted, _ := json.Marshal(v)
	forms := map[string]string{
		"base64":           base64.RawStdEncoding.EncodeToString([]byte(v)),
		"base64url":        base64.RawURLEncoding.EncodeToString([]byte(v)),
		"URL query escape": url.QueryEscape(v),
		"URL path escape":  url.PathEscape(v),
		"hex":              hex.EncodeToString([]byte(v)),
		"JSON string":      strings.Trim(string(jsonQuoted), `"`),
		"Go string":        strings.Trim(strconv.Quote(v), `"`),
	}
	for name, form := range forms {
		if form == v {
			delete(forms, name)
		}
	}
	forms["raw"] = v
	return forms
}

// secLeaks lists every secret found, in any of its forms, in a place:
// one line per place and secret.
func secLeaks(secrets []secSecret, places []secPlace) []string {
	type needle struct{ what, value, form, text string }
	var needles []needle
	done := map[string]bool{}
	for _, s := range secrets {
		if done[s.value] {
			continue
		}
		done[s.value] = true
		for form, v := range secForms(s.value) {
			needles = append(needles, needle{s.what, s.value, form, v})
		}
	}
	var leaks []string
	for _, p := range places {
		text := p.text
		if p.allowed != "" {
			text = strings.ReplaceAll(text, p.allowed, "")
		}
		seen := map[string]bool{}
		for _, n := range needles {
			if i := strings.Index(text, n.text); i >= 0 && !seen[n.value] {
				seen[n.value] = true
				leaks = append(leaks, fmt.Sprintf("LEAK: %s holds the %s %q as %s: ...%s...", p.where, n.what, n.value, n.form,
					text[max(0, i-60):min(len(text), i+len(n.text)+60)]))
			}
		}
	}
	return leaks
}

// secCapture redirects os.Stderr and the log package (and so slog's
// default logger) to files and buffers until the test ends.
type secCapture struct {
	stderr *os.File
	log    secBuffer
}

func newSecCapture(t *testing.T) *secCapture {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	c := &secCapture{stderr: f}
	savedStderr, savedLog, savedFlags := os.Stderr, log.Writer(), log.Flags()
	os.Stderr = f
	log.SetOutput(&c.log)
	t.Cleanup(func() {
		os.Stderr = savedStderr
		log.SetOutput(savedLog)
		log.SetFlags(savedFlags)
		f.Close()
	})
	return c
}

func (c *secCapture) stderrText(t *testing.T) string {
	b, err := os.ReadFile(c.stderr.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// secTokenVariants are the token configurations of the sessions.
var secTokenVariants = []struct{ name, typ, carrier string }{
	{"fsa bearer", "fsa", "bearer"},
	{"jwt bearer", "jwt", "bearer"},
	{"fsa cookie", "fsa", "cookie"},
}

// secModes are every FSA_MODE (fsa/config.go's setMode).
var secModes = []string{"prod", "dev", "debug", "debug1", "debug2", "debug3", "debug4"}

// A full Acme session, in every FSA_MODE with FSA_LOGGING_LEVEL debug,
// with fsa and JWT tokens in a bearer and a cookie carrier, and with the
// App's logger given as an option or left as the default (on standard
// error, alternately), shows no secret in any log nor in any response: no password (right
// or wrong, accepted or refused), no token (valid, tampered, forged with
// another secret, expired, garbage) but where a token is given, no
// FSA_TOKEN_SECRET, no bcrypt hash (nor its salt or checksum), no basic
// credentials, in any of their usual encodings. Everything an app can
// write to is captured: the slog logger, standard error (where the
// default logger writes), the log package (where slog's default writes),
// the writer given to acmeapp.New and echo's logger. The capture is
// proved: the debug lines, the internal errors and, in the debug modes,
// one request line per request must be there.
func TestSecretsNeverLeak(t *testing.T) {
	for mi, mode := range secModes {
		for vi, v := range secTokenVariants {
			// the loggers alternate: each mode and each token variant
			// meets both
			option := (mi+vi)%2 == 0
			logger := map[bool]string{true: "option", false: "default"}[option]
			t.Run(mode+"/"+v.name+"/"+logger+" logger", func(t *testing.T) {
				forEachBackend(t, func(t *testing.T, b backend) { secSession1(t, b, mode, v.typ, v.carrier, option) })
			})
		}
	}
}

// secSession1 runs one session and searches its secrets.
func secSession1(t *testing.T, b backend, mode, typ, carrier string, loggerOption bool) {
	capture := newSecCapture(t) // before New: the default logger binds os.Stderr
	var slogBuf, outBuf, echoBuf secBuffer
	env := map[string]string{
		"FSA_MODE":          mode,
		"FSA_LOGGING_LEVEL": "debug",
		"FSA_TOKEN_TYPE":    typ,
		"FSA_TOKEN_CARRIER": carrier,
		"FSA_TOKEN_SECRET":  strconv.Quote(secTokenSecret),
	}
	lookup := func(name string) (string, bool) {
		if v, ok := env[name]; ok {
			return v, true
		}
		return fastHashes(name)
	}
	trap := &secTrapCache{MemoryCache: fsa.NewMemoryCache(1 << 10), hashes: map[string]string{}}
	opts := []fsa.Option{fsa.LookupEnv(lookup), fsa.Caching(trap), fsa.RequestLimits(fsa.Limits{BodyBytes: 4 << 10, Params: 50})}
	if loggerOption {
		opts = append(opts, fsa.Logger(slog.New(slog.NewTextHandler(&slogBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	app := openAcme(t, b.env(t, "ACME_PASS", secAdminPass), &outBuf, opts...)
	app.Echo().Logger.SetOutput(&echoBuf)
	s := &secSession{t: t, c: fsatest.New(app), cookie: carrier == "cookie"}
	s.c.ParamUser, s.c.ParamPass = "username", "password"
	s.secret("FSA_TOKEN_SECRET", secTokenSecret)

	// tokens the app must refuse: signed with another secret, expired
	otherApp := func(secret string, now func() time.Time) *fsa.App {
		return fsatest.NewApp(t, "acme", append(fsatest.Directives("FSA_TOKEN_TYPE", typ, "FSA_TOKEN_SECRET", secret),
			fsa.Clock(now))...)
	}
	forged, err := otherApp("Another-Secret-Of-Another-App-0123456789", time.Now).CreateToken("acme")
	if err != nil {
		t.Fatal(err)
	}
	expired, err := otherApp(secTokenSecret, func() time.Time { return time.Now().Add(-3 * time.Hour) }).CreateToken("acme")
	if err != nil {
		t.Fatal(err)
	}
	garbage := "garbage-" + hex.EncodeToString([]byte("not a token at all, 42"))

	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	user := func(login string) map[string]any { return map[string]any{"msg": "hello", "user": login} }
	errMsg := func(msg string) map[string]any { return map[string]any{"error": msg} }
	jsonType := http.Header{"Content-Type": {"application/json"}}
	admin := s.basic("acme", secAdminPass)
	tooMany := form("username", "acme", "password", secAdminPass)
	for i := range 60 {
		tooMany.Set(fmt.Sprintf("p%d", i), "x")
	}

	// passwords, right and wrong, in every scheme and place
	s.run([]fsatest.Case{
		{Name: "open", Path: "/hello", WantStatus: 200},
		{Name: "basic", Path: "/hello-me", Auth: admin, WantStatus: 200, WantJSON: user("acme")},
		{Name: "basic, wrong password", Path: "/hello-me", Auth: s.basic("acme", secWrongPass[0]), WantStatus: 401,
			WantJSON: errMsg("invalid user or password")},
		{Name: "basic, unknown user", Path: "/hello-me", Auth: s.basic("meca", secWrongPass[1]), WantStatus: 401},
		{Name: "basic, undecodable", Path: "/hello-me", WantStatus: 401, WantJSON: errMsg("decoding error on authorization header"),
			Header: http.Header{"Authorization": {"Basic " + s.secret("basic credentials",
				base64.StdEncoding.EncodeToString([]byte("acme:"+secAdminPass))) + "!!"}}},
		{Name: "param form", Path: "/hello-me", Auth: s.param("acme", secAdminPass), WantStatus: 200, WantJSON: user("acme")},
		{Name: "param JSON", Path: "/hello-me", Auth: s.param("acme", secAdminPass), JSON: map[string]any{}, WantStatus: 200},
		{Name: "param form, wrong password", Path: "/hello-me", Auth: s.param("acme", secWrongPass[2]), WantStatus: 401},
		{Name: "param JSON, wrong password", Path: "/hello-me", Auth: s.param("acme", secWrongPass[3]), JSON: map[string]any{}, WantStatus: 401},
		{Name: "param in the URL", Path: "/hello-me?username=acme&password=" + url.QueryEscape(s.password(secURLPass)), WantStatus: 401,
			WantJSON: errMsg("param credentials must be sent in the body, not the URL")},
		{Name: "param, malformed JSON", Path: "/hello-me", Header: jsonType,
			Body: `{"username": "acme", "password": "` + secAdminPass + `"`, WantStatus: 400},
		{Name: "param, body too large (413)", Path: "/hello-me", WantStatus: 413,
			Form: form("username", "acme", "password", secAdminPass, "pad", strings.Repeat("x", 5<<10))},
		{Name: "param, too many parameters (413)", Path: "/hello-me", Form: tooMany, WantStatus: 413},
		{Name: "GET /token, wrong password", Path: "/token", Auth: s.basic("acme", secWrongPass[4]), WantStatus: 401},
		{Name: "POST /token, wrong password", Method: "POST", Path: "/token", Auth: s.param("acme", secWrongPass[5]), WantStatus: 401},
		{Name: "basic, hook panics (500)", Path: "/hello-me", Auth: s.basic(secPanicLogin, secPanicPass), WantStatus: 500},
		{Name: "param, hook panics (500)", Path: "/hello-me", Auth: s.param(secPanicLogin, secWrongPass[6]), WantStatus: 500},
	})

	// tokens, given and sent, valid and not
	expiredMsg, forgedMsg := "expired auth token", "invalid fsa auth token signature"
	if typ == "jwt" {
		expiredMsg, forgedMsg = "expired auth token", "invalid jwt token"
	}
	token := s.given(fsatest.Case{Name: "GET /token basic", Path: "/token", Auth: admin, WantStatus: 200})
	s.given(fsatest.Case{Name: "GET /token param", Path: "/token", Auth: s.param("acme", secAdminPass), WantStatus: 200})
	s.given(fsatest.Case{Name: "POST /token param form", Method: "POST", Path: "/token", Auth: s.param("acme", secAdminPass), WantStatus: 201})
	s.given(fsatest.Case{Name: "POST /token param JSON", Method: "POST", Path: "/token", Auth: s.param("acme", secAdminPass),
		JSON: map[string]any{}, WantStatus: 201})
	// a character of the signature changed, far from the end: the last
	// character of a JWT's signature has bits that decoding ignores
	i := len(token) - 10
	tampered := token[:i] + map[bool]string{true: "A", false: "B"}[token[i] != 'A'] + token[i+1:]
	s.run([]fsatest.Case{
		s.withToken("token", token, fsatest.Case{Name: "token", Path: "/hello-me", WantStatus: 200, WantJSON: user("acme")}),
		s.withToken("tampered token", tampered, fsatest.Case{Name: "tampered token", Path: "/hello-me", WantStatus: 401}),
		s.withToken("forged token", forged, fsatest.Case{Name: "token of another secret", Path: "/hello-me", WantStatus: 401, WantJSON: errMsg(forgedMsg)}),
		s.withToken("expired token", expired, fsatest.Case{Name: "expired token", Path: "/hello-me", WantStatus: 401, WantJSON: errMsg(expiredMsg)}),
		s.withToken("garbage token", garbage, fsatest.Case{Name: "garbage token", Path: "/hello-me", WantStatus: 401}),
		s.withToken("token", token, fsatest.Case{Name: "token on a password route", Path: "/token", WantStatus: 401}),
		{Name: "token in the query", Path: "/hello-me?AUTH=" + url.QueryEscape(token), WantStatus: 401},
	})

	// users, group authorization, stuff and object permissions, internal errors
	calvin := s.basic("calvin", secCalvinPass)
	newUser := func(login, pw string) url.Values {
		return form("login", login, "password", s.password(pw), "email", login+"@acme.org")
	}
	s.run([]fsatest.Case{
		{Name: "add calvin", Method: "POST", Path: "/user", Auth: admin, Form: newUser("calvin", secCalvinPass), WantStatus: 201},
		{Name: "calvin basic", Path: "/hello-me", Auth: calvin, WantStatus: 200, WantJSON: user("calvin")},
		{Name: "calvin param", Path: "/hello-me", Auth: s.param("calvin", secCalvinPass), WantStatus: 200, WantJSON: user("calvin")},
		{Name: "add: too short", Method: "POST", Path: "/user", Auth: admin, Form: newUser("shorty", secShortPass), WantStatus: 400},
		{Name: "add: no digit", Method: "POST", Path: "/user", Auth: admin, Form: newUser("nodigit", secNoDigitPass), WantStatus: 400},
		{Name: "add: too long", Method: "POST", Path: "/user", Auth: admin, Form: newUser("longer", secLongPass), WantStatus: 400},
		{Name: "add: missing email", Method: "POST", Path: "/user", Auth: admin,
			Form: form("login", "nomail", "password", s.password(secWrongPass[0])), WantStatus: 400},
		{Name: "add calvin again", Method: "POST", Path: "/user", Auth: admin, Form: newUser("calvin", secOtherPass), WantStatus: 409},
		{Name: "calvin keeps his password", Path: "/hello-me", Auth: s.basic("calvin", secOtherPass), WantStatus: 401},
		{Name: "add: not admin (403)", Method: "POST", Path: "/user", Auth: calvin, Form: newUser("susie", secSusiePass), WantStatus: 403},
		{Name: "add: no credentials", Method: "POST", Path: "/user", Form: newUser("nocred", secNoCredPass), WantStatus: 401},
		s.withToken("token", token, fsatest.Case{Name: "add hobbes by token", Method: "POST", Path: "/user",
			Form: newUser("hobbes", secHobbesPass), WantStatus: 201}),
		{Name: "hobbes basic", Path: "/hello-me", Auth: s.basic("hobbes", secHobbesPass), WantStatus: 200, WantJSON: user("hobbes")},
	})
	calvinToken := s.given(fsatest.Case{Name: "calvin's token", Path: "/token", Auth: calvin, WantStatus: 200})
	price := func(p string) url.Values { return form("price", p) }
	s.run([]fsatest.Case{
		s.withToken("token", calvinToken, fsatest.Case{Name: "POST /stuff", Method: "POST", Path: "/stuff",
			Form: form("stuff", "verre", "price", "2.5"), WantStatus: 201}),
		s.withToken("token", calvinToken, fsatest.Case{Name: "PATCH /stuff/:sid", Method: "PATCH", Path: "/stuff/verre",
			Form: price("3.5"), WantStatus: 200}),
		{Name: "PATCH by another (403)", Method: "PATCH", Path: "/stuff/verre", Auth: admin, Form: price("1"), WantStatus: 403},
		{Name: "PATCH unknown (404)", Method: "PATCH", Path: "/stuff/bol", Auth: calvin, Form: price("1"), WantStatus: 404},
		{Name: "PATCH negative price", Method: "PATCH", Path: "/stuff/verre", Auth: calvin, Form: price("-1"), WantStatus: 400},
		{Name: "GET /stuff", Path: "/stuff", Auth: s.param("calvin", secCalvinPass), WantStatus: 200,
			WantExact: fsatest.String(`[["verre",3.5]]` + "\n")},
		s.withToken("token", calvinToken, fsatest.Case{Name: "POST /stuff, uncache fails (500)", Method: "POST", Path: "/stuff",
			Form: form("stuff", secBoom+"-stuff", "price", "1"), WantStatus: 500}),
		{Name: "add boomer, uncache fails (500)", Method: "POST", Path: "/user", Auth: admin,
			Form: newUser(secBoom+"er", secBoomerPass), WantStatus: 500},
		{Name: "boomer was added", Path: "/hello-me", Auth: s.basic(secBoom+"er", secBoomerPass), WantStatus: 200},
	})

	// the parameter routes, and the errors echo sends
	s.run([]fsatest.Case{
		{Name: "days", Path: "/days", JSON: map[string]any{"who": map[string]any{"name": "Susie", "born": "1970-10-14"}}, WantStatus: 200},
		{Name: "days, bad date", Path: "/days", JSON: map[string]any{"who": map[string]any{"name": "Susie", "born": "later"}}, WantStatus: 400},
		{Name: "primes", Path: "/primes?li=7&li=8", WantStatus: 200, WantExact: fsatest.String("[7]\n")},
		{Name: "len", Path: "/len", JSON: map[string]any{"p": []int{1, 2, 3}}, WantStatus: 200, WantJSON: map[string]any{"len": 3}},
		{Name: "unexpected parameter", Path: "/hello?name=calvin", WantStatus: 400},
		{Name: "unknown path", Path: "/nowhere", WantStatus: 404},
		{Name: "wrong method", Method: "POST", Path: "/hello", WantStatus: 405},
	})

	// the hashes the app used, as the cache saw them
	for _, login := range []string{"acme", "calvin", "hobbes", secBoom + "er"} {
		hash := trap.hashes[login]
		if !strings.HasPrefix(hash, "$2") || len(hash) != 60 {
			t.Fatalf("no bcrypt hash of %s seen in the cache: %q", login, hash)
		}
		s.secret("bcrypt hash of "+login, hash)
		s.secret("bcrypt salt of "+login, hash[7:29])
		s.secret("bcrypt checksum of "+login, hash[29:])
	}

	// the capture works: fsa's logs are where they should be
	fsaLog := capture.stderrText(t)
	if loggerOption {
		if fsaLog != "" {
			t.Errorf("the app was given a logger, yet wrote to standard error:\n%s", fsaLog)
		}
		fsaLog = slogBuf.String()
	}
	requestLines := strings.Count(fsaLog, "fsa: request")
	switch {
	case !strings.Contains(fsaLog, "level=DEBUG") || !strings.Contains(fsaLog, "fsa: app checked"):
		t.Errorf("no debug line in the log: FSA_LOGGING_LEVEL debug or the capture fails:\n%s", fsaLog)
	case strings.Count(fsaLog, "fsa: internal error") != 4:
		t.Errorf("%d internal errors in the log, want 4 (2 panics, 2 failed uncaches):\n%s", strings.Count(fsaLog, "fsa: internal error"), fsaLog)
	case !strings.Contains(fsaLog, "trap cache: store lost") || !strings.Contains(fsaLog, "trap cache: delete failed"):
		t.Errorf("the internal errors' causes are not logged:\n%s", fsaLog)
	case mode != "prod" && mode != "dev" && requestLines != s.requests:
		t.Errorf("%d request lines in the log, want one per request (%d)", requestLines, s.requests)
	case mode != "prod" && mode != "dev" && !strings.Contains(fsaLog, "path=/hello-me status=401"):
		t.Errorf("no request line for a 401 on /hello-me:\n%s", fsaLog)
	case (mode == "prod" || mode == "dev") && requestLines != 0:
		t.Errorf("%d request lines in mode %s, want none", requestLines, mode)
	}

	places := []secPlace{
		{where: "the fsa log", text: fsaLog},
		{where: "the standard error", text: capture.stderrText(t)},
		{where: "the log package's output", text: capture.log.String()},
		{where: "the writer given to acmeapp.New", text: outBuf.String()},
		{where: "echo's logger", text: echoBuf.String()},
	}
	places = append(places, s.places...)
	for _, leak := range secLeaks(s.secrets, places) {
		t.Error(leak)
	}
	t.Logf("%d requests, %d secrets searched in %d places", s.requests, len(s.secrets), len(places))
}

// secLeaks finds a secret in each of its forms, and ignores only the
// token a place is meant to carry: the search of TestSecretsNeverLeak can
// fail.
func TestSecretsSearchFindsLeaks(t *testing.T) {
	const secret, token = "Pa ss+w/o=rd&%", "acme:acme:20991231235959:0123456789abcdef0123456789abcdef"
	secrets := []secSecret{{"password", secret}, {"token", token}}
	forms := secForms(secret)
	for _, form := range []string{"raw", "base64", "URL query escape", "URL path escape", "hex", "JSON string"} {
		if forms[form] == "" {
			t.Errorf("no %s form of %q: %q", form, secret, forms)
		}
	}
	for form, v := range forms {
		if leaks := secLeaks(secrets, []secPlace{{where: form, text: "<<" + v + ">>"}}); len(leaks) != 1 {
			t.Errorf("the %s form %q of a password found %d times, want once: %q", form, v, len(leaks), leaks)
		}
	}
	carried := []secPlace{{where: "token body", text: `{"token":"` + token + `"}`, allowed: token}}
	if leaks := secLeaks(secrets, carried); len(leaks) != 0 {
		t.Errorf("the token of a token route's body is reported: %q", leaks)
	}
	carried[0].text += " " + secret
	if leaks := secLeaks(secrets, carried); len(leaks) != 1 {
		t.Errorf("a password next to an allowed token found %d times, want once: %q", len(leaks), leaks)
	}
}
