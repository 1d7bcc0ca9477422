package fsa_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/blake2s"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// tkNow is the present of the token tests: a token of its day is valid.
var tkNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// tkApp returns an app named name whose /who route authenticates by token
// as tokenApp's does, at tkNow unless opts hold a Clock, logging nowhere
// unless opts hold a Logger. Directives come in name, value pairs.
func tkApp(tb testing.TB, name string, opts []fsa.Option, directives ...any) *fsa.App {
	tb.Helper()
	// the attack rows send many bad tokens from one address: no throttle
	directives = append([]any{"FSA_AUTH", []string{"token"}, "FSA_TOKEN_SECRET", vectorSecret, "FSA_THROTTLE", false}, directives...)
	all := append([]fsa.Option{fsa.Clock(func() time.Time { return tkNow })}, fsatest.Directives(directives...)...)
	app := fsatest.NewApp(tb, name, append(all, opts...)...)
	fsa.Get(app, "/who", fsa.Auth, who)
	return app
}

// tkMake returns app.CreateToken(user, opts...), failing the test on error.
func tkMake(tb testing.TB, app *fsa.App, user string, opts ...fsa.TokenOption) string {
	tb.Helper()
	token, err := app.CreateToken(user, opts...)
	if err != nil {
		tb.Fatalf("CreateToken(%q): %v", user, err)
	}
	return token
}

// tkLimit is an fsa token's expiry.
func tkLimit(t time.Time) string { return t.UTC().Format("20060102150405") }

// tkSign signs data (PREFIX:USER:LIMIT) as an fsa token with BLAKE2s and
// 16 bytes, the defaults: it returns PREFIX:USER:LIMIT:SIG.
func tkSign(data, secret string) string {
	sum := blake2s.Sum256([]byte(data + ":" + secret))
	return data + ":" + hex.EncodeToString(sum[:16])
}

// tkCase is a request with a bearer token and its expected response.
type tkCase struct {
	name   string
	token  string
	status int
	body   string
}

// tkRun sends each case's token to path as a bearer token, and checks the
// response's status, its exact body, and that the token is not echoed.
func tkRun(t *testing.T, c *fsatest.Client, path string, cases []tkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			res := c.Check(t, fsatest.Case{Path: path, Auth: fsatest.Bearer(tc.token), WantStatus: tc.status, WantExact: fsatest.String(tc.body)})
			tkNoEcho(t, res, tc.token)
		})
	}
}

// tkNoEcho checks that a response shows nothing of a token: not in its
// body, not in a header but Set-Cookie (which carries a new token).
func tkNoEcho(t *testing.T, res *fsatest.Response, token string) {
	t.Helper()
	token = strings.TrimSpace(token)
	if len(token) < 8 {
		return // too short to tell an echo from a coincidence
	}
	if bytes.Contains(res.Body, []byte(token)) {
		t.Errorf("the body echoes the token: %.200q", res.Body)
	}
	for name, values := range res.Header {
		for _, v := range values {
			if name != "Set-Cookie" && strings.Contains(v, token) {
				t.Errorf("header %s echoes the token", name)
			}
		}
	}
}

// fsa tokens: each part of REALM[/ISSUER]:USER:LIMIT:SIG is checked, in
// FlaskSimpleAuth's order, and every refusal is a 401 that tells why
// without the token.
func TestFSATokenAttacks(t *testing.T) {
	app := tkApp(t, "test", nil)
	otherSecret := "another-secret-another-secret-another!"
	limit := tkLimit(tkNow.Add(time.Hour))
	valid := tkSign("test:calvin:"+limit, vectorSecret)
	sig := valid[strings.LastIndex(valid, ":")+1:]
	unsigned := strings.TrimSuffix(valid, ":"+sig)
	if strings.ToUpper(sig) == sig {
		t.Fatalf("signature %s has no hex letter: pick another limit", sig)
	}
	lastFlipped := sig[:len(sig)-1] + "0"
	if strings.HasSuffix(sig, "0") {
		lastFlipped = sig[:len(sig)-1] + "1"
	}
	sha := sha256.Sum256([]byte(unsigned + ":" + vectorSecret))
	full := blake2s.Sum256([]byte(unsigned + ":" + vectorSecret))
	longUser := strings.Repeat("u", 8000)

	// the same secret in another app makes tokens this one accepts;
	// another secret or realm does not
	sameSecret := tkApp(t, "test", []fsa.Option{fsa.Clock(func() time.Time { return tkNow.Add(-time.Minute) })})
	otherKey := tkApp(t, "test", nil, "FSA_TOKEN_SECRET", otherSecret)
	otherRealm := tkApp(t, "acme", nil)

	const (
		notToken  = "invalid fsa token"
		badLimit  = "unexpected fsa token limit"
		badRealm  = "unexpected fsa token realm"
		badSig    = "invalid fsa auth token signature"
		expired   = "expired auth token"
		tooLong   = "invalid token"
		noCredits = "missing authentication"
	)
	signed := func(limit string) string { return tkSign("test:calvin:"+limit, vectorSecret) }
	tkRun(t, client(t, app), "/who", []tkCase{
		{"valid, made by CreateToken", tkMake(t, app, "calvin"), 200, "calvin"},
		{"valid, signed by the test", valid, 200, "calvin"},
		{"valid until this very second", signed(tkLimit(tkNow)), 200, "calvin"},
		{"valid on a leap day", signed("20280229120000"), 200, "calvin"},
		{"valid, long user under the bound", tkSign("test:"+longUser+":"+limit, vectorSecret), 200, longUser},
		{"spaces around are no part of it", " " + valid + " ", 200, "calvin"},
		{"empty", "", 401, noCredits},

		{"no colon", "calvin-hobbes-and-susie", 401, notToken},
		{"two parts", "test:calvin", 401, notToken},
		{"three parts", unsigned, 401, notToken},
		{"five parts", valid + ":00", 401, notToken},
		{"user with a colon", tkSign("test:calvin:x:"+limit, vectorSecret), 401, notToken},
		{"empty user", tkSign("test::"+limit, vectorSecret), 401, notToken},
		{"only colons", ":::", 401, notToken},

		{"limit of 13 digits", signed("2026112513000"), 401, badLimit},
		{"limit of 15 digits", signed("202611251300000"), 401, badLimit},
		{"limit with a letter", signed("2026112513000x"), 401, badLimit},
		{"limit with a sign", signed("+0261125130000"), 401, badLimit},
		{"limit with a space", signed("2026112513 000"), 401, badLimit},
		{"limit of fullwidth digits", signed("２０２６１１２５１３００００"), 401, badLimit},
		{"month 13", signed("20261325130000"), 401, badLimit},
		{"month 00", signed("20260025130000"), 401, badLimit},
		{"day 00", signed("20261100130000"), 401, badLimit},
		{"February 30", signed("20270230120000"), 401, badLimit},
		{"February 29 of a common year", signed("20270229120000"), 401, badLimit},
		{"April 31", signed("20270431120000"), 401, badLimit},
		{"hour 24", signed("20261125240000"), 401, badLimit},
		{"minute 60", signed("20261125136000"), 401, badLimit},
		{"second 60", signed("20261125130060"), 401, badLimit},

		{"other realm", tkSign("acme:calvin:"+limit, vectorSecret), 401, badRealm},
		{"realm of another case", tkSign("Test:calvin:"+limit, vectorSecret), 401, badRealm},
		{"empty realm", tkSign(":calvin:"+limit, vectorSecret), 401, badRealm},
		{"issuer the app has not", tkSign("test/god:calvin:"+limit, vectorSecret), 401, badRealm},
		{"other realm, made by CreateToken", tkMake(t, app, "calvin", fsa.TokenRealm("acme")), 401, badRealm},
		{"other app's realm, same secret", tkMake(t, otherRealm, "calvin"), 401, badRealm},

		{"tampered signature", unsigned + ":" + lastFlipped, 401, badSig},
		{"uppercase signature", unsigned + ":" + strings.ToUpper(sig), 401, badSig},
		{"truncated signature", unsigned + ":" + sig[:30], 401, badSig},
		{"signature a byte longer", valid + "00", 401, badSig},
		{"full BLAKE2s signature", unsigned + ":" + hex.EncodeToString(full[:]), 401, badSig},
		{"empty signature", unsigned + ":", 401, badSig},
		{"SHA-256 signature", unsigned + ":" + hex.EncodeToString(sha[:16]), 401, badSig},
		{"signature of another secret", tkSign(unsigned, otherSecret), 401, badSig},
		{"signature without the secret", tkSign(unsigned, ""), 401, badSig},
		{"other user, same signature", "test:hobbes:" + limit + ":" + sig, 401, badSig},
		{"later limit, same signature", "test:calvin:" + tkLimit(tkNow.Add(24*time.Hour)) + ":" + sig, 401, badSig},
		{"re-signed by an app of another secret", tkMake(t, otherKey, "hobbes"), 401, badSig},

		{"re-signed by an app of the same secret", tkMake(t, sameSecret, "hobbes"), 200, "hobbes"},

		{"expired a second ago", signed(tkLimit(tkNow.Add(-time.Second))), 401, expired},
		{"expired long ago", signed("20000101000000"), 401, expired},
		{"expired, made by CreateToken", tkMake(t, tkApp(t, "test", []fsa.Option{fsa.Clock(func() time.Time { return tkNow.Add(-2 * time.Hour) })}), "calvin"), 401, expired},

		{"just over the bound", tkSign("test:"+strings.Repeat("u", 8192)+":"+limit, vectorSecret), 401, tooLong},
		{"9000 bytes", tkSign("test:"+strings.Repeat("u", 9000-53)+":"+limit, vectorSecret), 401, tooLong},
		{"9000 bytes of nothing", strings.Repeat("x", 9000), 401, tooLong},
	})
}

// An issuer is part of an fsa token's realm: REALM/ISSUER.
func TestFSATokenIssuer(t *testing.T) {
	app := tkApp(t, "test", nil, "FSA_TOKEN_ISSUER", "god")
	limit := tkLimit(tkNow.Add(time.Hour))
	const badRealm = "unexpected fsa token realm"
	tkRun(t, client(t, app), "/who", []tkCase{
		{"made by CreateToken", tkMake(t, app, "calvin"), 200, "calvin"},
		{"signed by the test", tkSign("test/god:calvin:"+limit, vectorSecret), 200, "calvin"},
		{"missing issuer", tkSign("test:calvin:"+limit, vectorSecret), 401, badRealm},
		{"other issuer", tkSign("test/devil:calvin:"+limit, vectorSecret), 401, badRealm},
		{"empty issuer", tkSign("test/:calvin:"+limit, vectorSecret), 401, badRealm},
		{"issuer first", tkSign("god/test:calvin:"+limit, vectorSecret), 401, badRealm},
		{"other issuer, made by CreateToken", tkMake(t, app, "calvin", fsa.TokenIssuer("devil")), 401, badRealm},
	})
}

// FSA_TOKEN_GRACE (minutes) extends the life of every token.
func TestFSATokenGrace(t *testing.T) {
	app := tkApp(t, "test", nil, "FSA_TOKEN_GRACE", 5)
	signed := func(d time.Duration) string { return tkSign("test:calvin:"+tkLimit(tkNow.Add(d)), vectorSecret) }
	tkRun(t, client(t, app), "/who", []tkCase{
		{"expired 4 minutes ago", signed(-4 * time.Minute), 200, "calvin"},
		{"expired 5 minutes ago", signed(-5 * time.Minute), 200, "calvin"},
		{"expired 5 minutes and 1 second ago", signed(-5*time.Minute - time.Second), 401, "expired auth token"},
		{"expired an hour ago", signed(-time.Hour), 401, "expired auth token"},
	})
}

// Every hash of FSA_TOKEN_ALGO signs as hashlib does, with the length of
// FSA_TOKEN_LENGTH, and the app accepts what it makes.
func TestFSATokenHashes(t *testing.T) {
	tests := []struct {
		algo   string
		length int
		sum    func([]byte) []byte
	}{
		{"blake2s", 16, func(b []byte) []byte { s := blake2s.Sum256(b); return s[:] }},
		{"blake2s", 32, func(b []byte) []byte { s := blake2s.Sum256(b); return s[:] }},
		{"sha256", 8, func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }},
		{"sha256", 32, func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.algo, tt.length), func(t *testing.T) {
			app := tkApp(t, "test", nil, "FSA_TOKEN_ALGO", tt.algo, "FSA_TOKEN_LENGTH", tt.length)
			data := "test:calvin:" + tkLimit(tkNow.Add(time.Hour))
			want := data + ":" + hex.EncodeToString(tt.sum([]byte(data + ":" + vectorSecret))[:tt.length])
			if made := tkMake(t, app, "calvin"); made != want {
				t.Errorf("CreateToken = %q, want %q", made, want)
			}
			tkRun(t, client(t, app), "/who", []tkCase{{"accepted", want, 200, "calvin"}})
		})
	}
	for _, algo := range []string{"blake2b", "sha512", "sha3_256", "sha3_512"} {
		t.Run(algo, func(t *testing.T) {
			app := tkApp(t, "test", nil, "FSA_TOKEN_ALGO", algo)
			token := tkMake(t, app, "calvin")
			tkRun(t, client(t, app), "/who", []tkCase{
				{"made by CreateToken", token, 200, "calvin"},
				{"BLAKE2s signature", tkSign(token[:strings.LastIndex(token, ":")], vectorSecret), 401, "invalid fsa auth token signature"},
			})
		})
	}
}

// tkCountingCache counts the calls to a Cache and remembers its keys.
type tkCountingCache struct {
	fsa.Cache
	gets, hits, sets atomic.Int64
	mu               sync.Mutex
	keys             []string
}

func (c *tkCountingCache) Get(ctx context.Context, key string) ([]byte, bool) {
	c.gets.Add(1)
	v, ok := c.Cache.Get(ctx, key)
	if ok {
		c.hits.Add(1)
	}
	return v, ok
}

func (c *tkCountingCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) {
	c.sets.Add(1)
	c.mu.Lock()
	c.keys = append(c.keys, key)
	c.mu.Unlock()
	c.Cache.Set(ctx, key, value, ttl)
}

// A valid token is checked once, then taken from the cache, whose results
// are checked for expiry again: a cached token that expires is refused
// with the cached path's message. Another process (an app sharing the
// cache) takes the check from the cache, checked for expiry too. A
// Caching store may be shared: no process keeps a memo of its own, which
// an uncache on another could not reach (issue 26). The cache is the Caching one, and its keys show nothing of
// the tokens.
func TestTokenCache(t *testing.T) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			clock := fsatest.NewClock(tkNow)
			cache := &tkCountingCache{Cache: fsa.NewMemoryCache(1024)}
			app := tkApp(t, "test", []fsa.Option{fsa.Clock(clock.Now), fsa.Caching(cache)},
				"FSA_TOKEN_TYPE", typ, "FSA_TOKEN_GRACE", 5)
			token := tkMake(t, app, "calvin")                                     // expires at tkNow + 1 hour
			g0, h0, s0 := cache.gets.Load(), cache.hits.Load(), cache.sets.Load() // CreateToken's own entry
			c := client(t, app)
			steps := []struct {
				name   string
				at     time.Time
				status int
				body   string
			}{
				{"first check", tkNow, 200, "calvin"},
				{"from the cache", tkNow.Add(30 * time.Minute), 200, "calvin"},
				{"from the cache, within grace", tkNow.Add(64 * time.Minute), 200, "calvin"},
				{"expired, from the cache", tkNow.Add(66 * time.Minute), 401, "expired auth token"},
				{"still expired", tkNow.Add(2 * time.Hour), 401, "expired auth token"},
				{"valid again when the clock goes back", tkNow, 200, "calvin"},
				{"another process: from the cache", tkNow.Add(30 * time.Minute), 200, "calvin"},
				{"another process: from the cache again", tkNow.Add(30 * time.Minute), 200, "calvin"},
				{"another process: expired", tkNow.Add(66 * time.Minute), 401, "expired auth token"},
			}
			other := client(t, tkApp(t, "test", []fsa.Option{fsa.Clock(clock.Now), fsa.Caching(cache)},
				"FSA_TOKEN_TYPE", typ, "FSA_TOKEN_GRACE", 5))
			for i, s := range steps {
				clock.Set(s.at)
				if strings.HasPrefix(s.name, "another process") {
					c = other
				}
				res := c.Check(t, fsatest.Case{Name: s.name, Path: "/who", Auth: fsatest.Bearer(token), WantStatus: s.status, WantExact: fsatest.String(s.body)})
				tkNoEcho(t, res, token)
				if g, h, st := cache.gets.Load()-g0, cache.hits.Load()-h0, cache.sets.Load()-s0; g != int64(i+1) || h != int64(i) || st != 1 {
					t.Errorf("%s: %d gets, %d hits, %d sets; want %d, %d, 1", s.name, g, h, st, i+1, i)
				}
			}
			for _, key := range cache.keys {
				if strings.HasPrefix(key, "T.6:calvin") { // the token CreateToken made, given again
					continue
				}
				if !strings.HasPrefix(key, "t.") || strings.Contains(key, token) || strings.Contains(key, "calvin") {
					t.Errorf("cache key %q: want t. and a hash", key)
				}
			}
			// an app that never saw the token checks it in full
			fresh := tkApp(t, "test", []fsa.Option{fsa.Clock(func() time.Time { return tkNow.Add(2 * time.Hour) })}, "FSA_TOKEN_TYPE", typ)
			// one message whether the check was cached or not
			tkRun(t, client(t, fresh), "/who", []tkCase{{"expired, not cached", token, 401, "expired auth token"}})
		})
	}
}

// A cache shared by apps of the same realm does not carry a token that one
// accepts to another that would refuse it.
func TestTokenSharedCache(t *testing.T) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			shared := fsa.NewMemoryCache(1024)
			opts := []fsa.Option{fsa.Caching(shared)}
			one := tkApp(t, "test", opts, "FSA_TOKEN_TYPE", typ)
			twin := tkApp(t, "test", opts, "FSA_TOKEN_TYPE", typ)
			other := tkApp(t, "test", opts, "FSA_TOKEN_TYPE", typ, "FSA_TOKEN_SECRET", "another-secret-another-secret-another!")
			issuer := tkApp(t, "test", opts, "FSA_TOKEN_TYPE", typ, "FSA_TOKEN_ISSUER", "god")
			token := tkMake(t, one, "calvin")
			tkRun(t, client(t, one), "/who", []tkCase{{"cached by its app", token, 200, "calvin"}})
			tkRun(t, client(t, twin), "/who", []tkCase{{"accepted by an app of the same keys", token, 200, "calvin"}})
			refused := map[string]string{"fsa": "invalid fsa auth token signature", "jwt": "invalid jwt token"}[typ]
			tkRun(t, client(t, other), "/who", []tkCase{{"refused by an app of another secret", token, 401, refused}})
			refused = map[string]string{"fsa": "unexpected fsa token realm", "jwt": "invalid jwt token"}[typ]
			tkRun(t, client(t, issuer), "/who", []tkCase{{"refused by an app with an issuer", token, 401, refused}})
		})
	}
}

// tkKeys are the test's key pairs, made once: PEM public and private keys
// and the private key itself, by name.
type tkKey struct {
	public, private string
	signer          crypto.Signer
}

var tkKeys = sync.OnceValue(func() map[string]tkKey {
	keys := map[string]tkKey{}
	add := func(name string, signer crypto.Signer, err error) {
		if err != nil {
			panic(err)
		}
		pub, err := x509.MarshalPKIXPublicKey(signer.Public())
		if err != nil {
			panic(err)
		}
		priv, err := x509.MarshalPKCS8PrivateKey(signer)
		if err != nil {
			panic(err)
		}
		keys[name] = tkKey{
			public:  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
			private: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv})),
			signer:  signer,
		}
	}
	for _, name := range []string{"rsa", "rsa2"} {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		add(name, k, err)
	}
	for name, curve := range map[string]elliptic.Curve{"p256": elliptic.P256(), "p256b": elliptic.P256(), "p384": elliptic.P384(), "p521": elliptic.P521()} {
		k, err := ecdsa.GenerateKey(curve, rand.Reader)
		add(name, k, err)
	}
	for _, name := range []string{"ed", "ed2"} {
		_, k, err := ed25519.GenerateKey(rand.Reader)
		add(name, k, err)
	}
	return keys
})

// tkClaims are a JWT's claims: sub calvin, aud test, exp in an hour at
// tkNow, changed by name, value pairs (a nil value removes the claim).
func tkClaims(kv ...any) jwt.MapClaims {
	claims := jwt.MapClaims{"sub": "calvin", "aud": "test", "exp": tkNow.Add(time.Hour).Unix()}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(claims, kv[i].(string))
		} else {
			claims[kv[i].(string)] = kv[i+1]
		}
	}
	return claims
}

// tkJWT signs claims with golang-jwt, with extra header fields.
func tkJWT(tb testing.TB, method jwt.SigningMethod, key any, claims jwt.MapClaims, header ...string) string {
	tb.Helper()
	token := jwt.NewWithClaims(method, claims)
	for i := 0; i+1 < len(header); i += 2 {
		token.Header[header[i]] = header[i+1]
	}
	s, err := token.SignedString(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// tkRawJWT writes a JWT by hand: header and claims as given, and a
// signature as given (base64url-encoded here).
func tkRawJWT(header string, claims jwt.MapClaims, sig []byte) string {
	b, err := json.Marshal(claims)
	if err != nil {
		panic(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc(b) + "." + enc(sig)
}

// JWTs: the configured method only, with its key whatever the header
// says, an expiry, the realm as audience, a subject; every refusal is a 401
// without the token.
func TestJWTAttacks(t *testing.T) {
	app := tkApp(t, "test", nil, "FSA_TOKEN_TYPE", "jwt")
	secret := []byte(vectorSecret)
	otherSecret := []byte("another-secret-another-secret-another!")
	hs256 := func(claims jwt.MapClaims, header ...string) string {
		return tkJWT(t, jwt.SigningMethodHS256, secret, claims, header...)
	}
	valid := hs256(tkClaims())
	signRaw := func(payload string) string { // claims as written
		enc := base64.RawURLEncoding.EncodeToString
		data := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(payload))
		sig, err := jwt.SigningMethodHS256.Sign(data, secret)
		if err != nil {
			t.Fatal(err)
		}
		return data + "." + enc(sig)
	}
	parts := strings.Split(valid, ".")
	forgedPayload := strings.Split(hs256(tkClaims("sub", "hobbes")), ".")[1]
	hs384Header := strings.Split(tkJWT(t, jwt.SigningMethodHS384, secret, tkClaims()), ".")[0]
	sameSecret := tkApp(t, "test", []fsa.Option{fsa.Clock(func() time.Time { return tkNow.Add(-time.Minute) })}, "FSA_TOKEN_TYPE", "jwt")
	const (
		invalid = "invalid jwt token"
		expired = "expired auth token"
	)
	tkRun(t, client(t, app), "/who", []tkCase{
		{"made by CreateToken", tkMake(t, app, "calvin"), 200, "calvin"},
		{"HS256 signed by the test", valid, 200, "calvin"},
		{"audience list with the realm", hs256(tkClaims("aud", []string{"acme", "test"})), 200, "calvin"},
		{"not before a minute ago", hs256(tkClaims("nbf", tkNow.Add(-time.Minute).Unix())), 200, "calvin"},
		{"issued a minute ago", hs256(tkClaims("iat", tkNow.Add(-time.Minute).Unix())), 200, "calvin"},
		{"an issuer the app does not check", hs256(tkClaims("iss", "anyone")), 200, "calvin"},
		{"kid header, the app's key", hs256(tkClaims(), "kid", "someone-else"), 200, "calvin"},
		{"re-signed by an app of the same secret", tkMake(t, sameSecret, "hobbes"), 200, "hobbes"},

		{"kid header, another key", tkJWT(t, jwt.SigningMethodHS256, otherSecret, tkClaims(), "kid", "other"), 401, invalid},
		{"jwk header, another key", tkJWT(t, jwt.SigningMethodHS256, otherSecret, tkClaims(), "jku", "https://evil.example/keys"), 401, invalid},
		{"alg none", tkRawJWT(`{"alg":"none","typ":"JWT"}`, tkClaims(), nil), 401, invalid},
		{"alg none, signature kept", tkRawJWT(`{"alg":"none","typ":"JWT"}`, tkClaims(), []byte(parts[2])), 401, invalid},
		{"alg None", tkRawJWT(`{"alg":"None","typ":"JWT"}`, tkClaims(), nil), 401, invalid},
		{"no alg", tkRawJWT(`{"typ":"JWT"}`, tkClaims(), nil), 401, invalid},
		{"HS384 with the app's secret", tkJWT(t, jwt.SigningMethodHS384, secret, tkClaims()), 401, invalid},
		{"HS512 with the app's secret", tkJWT(t, jwt.SigningMethodHS512, secret, tkClaims()), 401, invalid},
		{"RS256", tkJWT(t, jwt.SigningMethodRS256, tkKeys()["rsa"].signer, tkClaims()), 401, invalid},
		{"another secret", tkJWT(t, jwt.SigningMethodHS256, otherSecret, tkClaims()), 401, invalid},
		{"tampered claims", parts[0] + "." + forgedPayload + "." + parts[2], 401, invalid},
		{"tampered header", hs384Header + "." + parts[1] + "." + parts[2], 401, invalid},
		{"signature stripped", parts[0] + "." + parts[1] + ".", 401, invalid},
		{"two segments", parts[0] + "." + parts[1], 401, invalid},
		{"four segments", valid + ".e30", 401, invalid},
		{"not base64", "not.a.token!", 401, invalid},
		{"not a JWT at all", "calvin-hobbes-and-susie", 401, invalid},

		{"wrong audience", hs256(tkClaims("aud", "acme")), 401, invalid},
		{"audience of another case", hs256(tkClaims("aud", "Test")), 401, invalid},
		{"missing audience", hs256(tkClaims("aud", nil)), 401, invalid},
		{"other realm, made by CreateToken", tkMake(t, app, "calvin", fsa.TokenRealm("acme")), 401, invalid},
		{"missing exp", hs256(tkClaims("exp", nil)), 401, invalid},
		// claim names are case-sensitive
		{"Sub instead of sub", hs256(tkClaims("sub", nil, "Sub", "calvin")), 401, invalid},
		{"EXP instead of exp", hs256(tkClaims("exp", nil, "EXP", tkNow.Add(time.Hour).Unix())), 401, invalid},
		{"Aud instead of aud", hs256(tkClaims("aud", nil, "Aud", "test")), 401, invalid},
		{"sub, then Sub", signRaw(fmt.Sprintf(`{"aud":"test","exp":%d,"sub":"calvin","Sub":"hobbes"}`, tkNow.Add(time.Hour).Unix())), 200, "calvin"},
		{"exp not a number", hs256(tkClaims("exp", "tomorrow")), 401, invalid},
		{"not before in a minute", hs256(tkClaims("nbf", tkNow.Add(time.Minute).Unix())), 401, invalid},
		{"issued in a minute", hs256(tkClaims("iat", tkNow.Add(time.Minute).Unix())), 401, invalid},
		{"missing sub", hs256(tkClaims("sub", nil)), 401, invalid},
		{"empty sub", hs256(tkClaims("sub", "")), 401, invalid},
		{"sub not a string", hs256(tkClaims("sub", 42)), 401, invalid},
		{"scope not a string", hs256(tkClaims("scope", []string{"admin"})), 401, invalid},

		{"expired a second ago", hs256(tkClaims("exp", tkNow.Add(-time.Second).Unix())), 401, expired},
		{"expiring this very second", hs256(tkClaims("exp", tkNow.Unix())), 401, expired},
		{"expired long ago", hs256(tkClaims("exp", 0)), 401, expired},

		{"over 8 KiB", hs256(tkClaims("pad", strings.Repeat("x", 6700))), 401, "invalid token"},
	})
}

// FSA_TOKEN_GRACE and FSA_TOKEN_ISSUER with JWTs.
func TestJWTGraceAndIssuer(t *testing.T) {
	secret := []byte(vectorSecret)
	hs256 := func(claims jwt.MapClaims) string { return tkJWT(t, jwt.SigningMethodHS256, secret, claims) }
	grace := tkApp(t, "test", nil, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_GRACE", 5)
	t.Run("grace", func(t *testing.T) {
		tkRun(t, client(t, grace), "/who", []tkCase{
			{"expired 4 minutes ago", hs256(tkClaims("exp", tkNow.Add(-4*time.Minute).Unix())), 200, "calvin"},
			{"not before in 4 minutes", hs256(tkClaims("nbf", tkNow.Add(4*time.Minute).Unix())), 200, "calvin"},
			{"expired 6 minutes ago", hs256(tkClaims("exp", tkNow.Add(-6*time.Minute).Unix())), 401, "expired auth token"},
		})
	})
	issuer := tkApp(t, "test", nil, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god")
	t.Run("issuer", func(t *testing.T) {
		tkRun(t, client(t, issuer), "/who", []tkCase{
			{"made by CreateToken", tkMake(t, issuer, "calvin"), 200, "calvin"},
			{"signed by the test", hs256(tkClaims("iss", "god")), 200, "calvin"},
			{"missing issuer", hs256(tkClaims()), 401, "invalid jwt token"},
			{"other issuer", hs256(tkClaims("iss", "devil")), 401, "invalid jwt token"},
			{"issuer of another case", hs256(tkClaims("iss", "God")), 401, "invalid jwt token"},
			{"other issuer, made by CreateToken", tkMake(t, issuer, "calvin", fsa.TokenIssuer("devil")), 401, "invalid jwt token"},
		})
	})
}

// Every JWT method makes tokens that its app accepts, and refuses those of
// another key, of another method, and unsigned ones.
func TestJWTMethods(t *testing.T) {
	keys := tkKeys()
	tests := []struct {
		algo       string
		key, other string // names in tkKeys, "" for HMAC
		otherAlgo  jwt.SigningMethod
	}{
		{"HS256", "", "", jwt.SigningMethodHS512},
		{"HS384", "", "", jwt.SigningMethodHS256},
		{"HS512", "", "", jwt.SigningMethodHS384},
		{"RS256", "rsa", "rsa2", jwt.SigningMethodPS256},
		{"RS384", "rsa", "rsa2", jwt.SigningMethodRS256},
		{"RS512", "rsa", "rsa2", jwt.SigningMethodRS256},
		{"PS256", "rsa", "rsa2", jwt.SigningMethodRS256},
		{"PS512", "rsa", "rsa2", jwt.SigningMethodPS256},
		{"ES256", "p256", "p256b", nil},
		{"ES384", "p384", "", nil},
		{"ES512", "p521", "", nil},
		{"EdDSA", "ed", "ed2", nil},
	}
	for _, tt := range tests {
		t.Run(tt.algo, func(t *testing.T) {
			directives := []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", tt.algo}
			var signKey, otherKey any = []byte(vectorSecret), []byte("another-secret-another-secret-another!")
			if tt.key != "" {
				directives = append(directives, "FSA_TOKEN_SECRET", keys[tt.key].public, "FSA_TOKEN_SIGN", keys[tt.key].private)
				signKey = keys[tt.key].signer
				if tt.other != "" {
					otherKey = keys[tt.other].signer
				}
			}
			app := tkApp(t, "test", nil, directives...)
			made := tkMake(t, app, "calvin")
			header, _ := base64.RawURLEncoding.DecodeString(strings.Split(made, ".")[0])
			if want := `{"alg":"` + tt.algo + `","typ":"JWT"}`; string(header) != want {
				t.Errorf("header %s, want %s", header, want)
			}
			method := jwt.GetSigningMethod(tt.algo)
			cases := []tkCase{
				{"made by CreateToken", made, 200, "calvin"},
				{"signed by the test", tkJWT(t, method, signKey, tkClaims("sub", "hobbes")), 200, "hobbes"},
				{"alg none", tkRawJWT(`{"alg":"none","typ":"JWT"}`, tkClaims(), nil), 401, "invalid jwt token"},
			}
			if tt.key == "" || tt.other != "" {
				cases = append(cases, tkCase{"another key", tkJWT(t, method, otherKey, tkClaims()), 401, "invalid jwt token"})
			}
			if tt.otherAlgo != nil {
				cases = append(cases, tkCase{"valid signature, other method " + tt.otherAlgo.Alg(),
					tkJWT(t, tt.otherAlgo, signKey, tkClaims()), 401, "invalid jwt token"})
			}
			tkRun(t, client(t, app), "/who", cases)
		})
	}
}

// Algorithm confusion: on an RS256 app, an HS256 token whose HMAC secret
// is the public key (which everybody knows) is refused.
func TestJWTAlgorithmConfusion(t *testing.T) {
	key := tkKeys()["rsa"]
	app := tkApp(t, "test", nil, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256",
		"FSA_TOKEN_SECRET", key.public, "FSA_TOKEN_SIGN", key.private)
	der, _ := x509.MarshalPKIXPublicKey(key.signer.Public())
	// an app that checks only: without FSA_TOKEN_SIGN, it cannot make tokens
	checker := tkApp(t, "test", nil, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", key.public)
	if _, err := checker.CreateToken("calvin"); err == nil || !strings.Contains(err.Error(), "FSA_TOKEN_SIGN is not set") {
		t.Errorf("CreateToken without FSA_TOKEN_SIGN: %v", err)
	}
	cases := []tkCase{
		{"RS256 made by the app", tkMake(t, app, "calvin"), 200, "calvin"},
		{"RS256 signed by the test", tkJWT(t, jwt.SigningMethodRS256, key.signer, tkClaims("sub", "hobbes")), 200, "hobbes"},
		{"HS256 keyed by the public key PEM", tkJWT(t, jwt.SigningMethodHS256, []byte(key.public), tkClaims()), 401, "invalid jwt token"},
		{"HS256 keyed by the public key DER", tkJWT(t, jwt.SigningMethodHS256, der, tkClaims()), 401, "invalid jwt token"},
		{"HS256 keyed by FSA_TOKEN_SECRET's default", tkJWT(t, jwt.SigningMethodHS256, []byte(vectorSecret), tkClaims()), 401, "invalid jwt token"},
		{"PS256 with the same key", tkJWT(t, jwt.SigningMethodPS256, key.signer, tkClaims()), 401, "invalid jwt token"},
		{"RS512 with the same key", tkJWT(t, jwt.SigningMethodRS512, key.signer, tkClaims()), 401, "invalid jwt token"},
		{"RS256 of another key", tkJWT(t, jwt.SigningMethodRS256, tkKeys()["rsa2"].signer, tkClaims()), 401, "invalid jwt token"},
		{"alg none", tkRawJWT(`{"alg":"none","typ":"JWT"}`, tkClaims(), nil), 401, "invalid jwt token"},
	}
	tkRun(t, client(t, app), "/who", cases)
	tkRun(t, client(t, checker), "/who", cases[1:])
}

// Token directives that cannot work stop New, in prod mode; a short
// secret is only a warning in dev mode. FSA_AUTH is token, and
// FSA_TOKEN_SECRET unset unless a row sets it.
func TestTokenConfigErrors(t *testing.T) {
	rsaKey, ecKey := tkKeys()["rsa"], tkKeys()["p256"]
	short := "short-secret"
	tests := []struct {
		name       string
		directives []any
		err        string // in New's error; "" for none
		log        string // in the log, when New succeeds
	}{
		{"jwt alg none", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "none"}, "FSA_TOKEN_ALGO: none signs nothing", ""},
		{"unknown jwt method", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "XS256"}, `unexpected jwt method "XS256"`, ""},
		{"jwt method in lower case", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "hs256"}, `unexpected jwt method "hs256"`, ""},
		{"fsa token with a jwt method", []any{"FSA_TOKEN_ALGO", "HS256"}, `unexpected fsa token hash "HS256"`, ""},
		{"unknown fsa hash", []any{"FSA_TOKEN_ALGO", "md5"}, `unexpected fsa token hash "md5"`, ""},
		{"length above blake2s", []any{"FSA_TOKEN_LENGTH", 40}, "FSA_TOKEN_LENGTH: 40 bytes is more than blake2s gives (32)", ""},
		{"length above sha256", []any{"FSA_TOKEN_ALGO", "sha256", "FSA_TOKEN_LENGTH", 33}, "33 bytes is more than sha256 gives (32)", ""},
		{"length of sha512", []any{"FSA_TOKEN_SECRET", vectorSecret, "FSA_TOKEN_ALGO", "sha512", "FSA_TOKEN_LENGTH", 64}, "", ""},
		{"length out of range", []any{"FSA_TOKEN_LENGTH", 65}, "FSA_TOKEN_LENGTH", ""},
		{"default", []any{"FSA_TOKEN_SECRET", vectorSecret}, "", ""},
		{"short secret in prod", []any{"FSA_TOKEN_SECRET", short}, "FSA_TOKEN_SECRET: too short: want 32 bytes or more", ""},
		{"short jwt secret in prod", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_SECRET", short}, "FSA_TOKEN_SECRET: too short", ""},
		{"31 bytes in prod", []any{"FSA_TOKEN_SECRET", strings.Repeat("s", 31)}, "too short", ""},
		{"32 bytes in prod", []any{"FSA_TOKEN_SECRET", strings.Repeat("s", 32)}, "", ""},
		{"short secret in dev", []any{"FSA_MODE", "dev", "FSA_TOKEN_SECRET", short}, "", "FSA_TOKEN_SECRET is short"},
		{"short jwt secret in dev", []any{"FSA_MODE", "dev", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_SECRET", short}, "", "FSA_TOKEN_SECRET is short"},
		{"no secret", []any{}, "", "FSA_TOKEN_SECRET is not set"},
		{"no secret, no token scheme", []any{"FSA_AUTH", []string{"none"}}, "", ""},
		{"RS256 without a public key", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256"},
			"RS256 needs the PEM public key", ""},
		{"RS256 with a bad PEM", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"},
			"not a PEM public key for RS256", ""},
		{"RS256 with a secret", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", vectorSecret},
			"not a PEM public key for RS256", ""},
		{"RS256 with an EC key", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", ecKey.public},
			"not a PEM public key for RS256", ""},
		{"ES256 with an RSA key", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "ES256", "FSA_TOKEN_SECRET", rsaKey.public},
			"not a PEM public key for ES256", ""},
		{"EdDSA with an RSA key", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "EdDSA", "FSA_TOKEN_SECRET", rsaKey.public},
			"not a PEM public key for EdDSA", ""},
		{"RS256 with a bad private key", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", rsaKey.public, "FSA_TOKEN_SIGN", "nope"},
			"FSA_TOKEN_SIGN: not a PEM private key for RS256", ""},
		{"RS256 signed by the public key", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", rsaKey.public, "FSA_TOKEN_SIGN", rsaKey.public},
			"FSA_TOKEN_SIGN: not a PEM private key", ""},
		{"RS256 that only checks", []any{"FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RS256", "FSA_TOKEN_SECRET", rsaKey.public}, "", ""},
		{"bad carrier", []any{"FSA_TOKEN_CARRIER", "query"}, `unexpected FSA_TOKEN_CARRIER query`, ""},
		{"bad type", []any{"FSA_TOKEN_TYPE", "paseto"}, "unexpected token type paseto", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			opts := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(&logs, nil))),
				fsa.Set("FSA_AUTH", []string{"token"})}
			for i := 0; i+1 < len(tt.directives); i += 2 {
				opts = append(opts, fsa.Set(tt.directives[i].(string), tt.directives[i+1]))
			}
			_, err := fsa.New("test", opts...)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("New: %v\nwant an error with %q", err, tt.err)
			case tt.err != "" && strings.Contains(err.Error(), short):
				t.Errorf("New: %v shows the secret", err)
			case tt.err == "" && !strings.Contains(logs.String(), tt.log):
				t.Errorf("log %q, want %q", logs.String(), tt.log)
			case tt.log == "" && strings.Contains(logs.String(), "WARN"):
				t.Errorf("unexpected warning: %s", logs.String())
			}
		})
	}
}

// Schemes that the token configuration cannot run are declaration errors,
// which Check reports.
func TestTokenSchemeErrors(t *testing.T) {
	tests := []struct {
		name       string
		directives []any
		err        string
	}{
		{"oauth with fsa tokens", []any{"FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_ISSUER", "god"},
			"FSA_AUTH: oauth token authorizations require JWT (FSA_TOKEN_TYPE jwt) and FSA_TOKEN_ISSUER"},
		{"oauth without issuer", []any{"FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_TYPE", "jwt"},
			"FSA_AUTH: oauth token authorizations require JWT"},
		{"token without tokens", []any{"FSA_TOKEN_TYPE", nil}, "FSA_AUTH: token authentication needs FSA_TOKEN_TYPE fsa or jwt"},
		{"oauth", []any{"FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := tkApp(t, "test", nil, tt.directives...)
			err := app.Check()
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("Check: %v\nwant %q", err, tt.err)
			}
		})
	}
}

// CreateToken refuses what it cannot make.
func TestCreateTokenErrors(t *testing.T) {
	fsaApp := tkApp(t, "test", nil)
	jwtApp := tkApp(t, "test", nil, "FSA_TOKEN_TYPE", "jwt")
	noTokens := tkApp(t, "test", nil, "FSA_AUTH", []string{"none"}, "FSA_TOKEN_TYPE", nil)
	openApp := tkApp(t, "test", nil, "FSA_AUTH", []string{"token", "none"})
	var inHandler error
	fsa.Get(openApp, "/open", fsa.Open, func(c *fsa.Context, _ none) (any, error) {
		_, inHandler = c.CreateToken()
		return "", nil
	})
	tests := []struct {
		name string
		app  *fsa.App
		user string
		opts []fsa.TokenOption
		err  string
	}{
		{"fsa token with scopes", fsaApp, "calvin", []fsa.TokenOption{fsa.TokenScopes("read")}, "fsa tokens carry no scopes"},
		{"fsa token of a login with a colon", fsaApp, "cal:vin", nil, "cannot hold a login or issuer with ':'"},
		{"fsa token of an issuer with a colon", fsaApp, "calvin", []fsa.TokenOption{fsa.TokenIssuer("g:d")}, "cannot hold a login or issuer with ':'"},
		{"empty user", fsaApp, "", nil, "empty user"},
		{"no delay", fsaApp, "calvin", []fsa.TokenOption{fsa.TokenDelay(0)}, "the delay must be positive"},
		{"negative delay", jwtApp, "calvin", []fsa.TokenOption{fsa.TokenDelay(-time.Minute)}, "the delay must be positive"},
		{"no tokens", noTokens, "calvin", nil, "FSA_TOKEN_TYPE is None"},
		{"jwt with scopes", jwtApp, "calvin", []fsa.TokenOption{fsa.TokenScopes("read", "write")}, ""},
		{"jwt of a login with a colon", jwtApp, "cal:vin", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := tt.app.CreateToken(tt.user, tt.opts...)
			switch {
			case tt.err == "" && (err != nil || token == ""):
				t.Errorf("CreateToken = %q, %v", token, err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || token != ""):
				t.Errorf("CreateToken = %q, %v; want error %q", token, err, tt.err)
			}
		})
	}
	client(t, openApp).Check(t, fsatest.Case{Path: "/open", WantStatus: 200})
	if inHandler == nil || !strings.Contains(inHandler.Error(), "no authenticated user") {
		t.Errorf("Context.CreateToken on an open route: %v", inHandler)
	}
}
