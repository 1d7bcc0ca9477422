package tests

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/blake2s"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// Attack rows: requests an attacker would send to the Acme app (and, where
// Acme has no suitable route, to a small app built here). Every row wants
// an exact 4xx with the framework's message, never a 2xx the request
// should not get and never a 5xx; the few 2xx rows are controls that show
// what the attack rows are refused against.
func TestAttack(t *testing.T) {
	for _, class := range []struct {
		name string
		run  func(*testing.T, backend)
	}{
		{"tokens", attackTokens},
		{"two carriers", attackTwoCarriers},
		{"two Authorization headers", attackTwoAuthorizations},
		{"basic headers", attackBasic},
		{"param credentials", attackParam},
		{"JSON and numbers", attackValues},
		{"path variables", attackPathVariables},
		{"method override", attackMethodOverride},
		{"sizes", attackSizes},
	} {
		t.Run(class.name, func(t *testing.T) { forEachBackend(t, class.run) })
	}
}

// attackQuiet is a logger that writes nowhere: attack rows make warnings.
var attackQuiet = fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))

// attackAcme returns the Acme app and a client of it: fast hashes, the
// directives of env (which override the embedded file), and opts.
func attackAcme(t *testing.T, b backend, env map[string]string, opts ...fsa.Option) (*fsa.App, *fsatest.Client) {
	t.Helper()
	lookup := func(name string) (string, bool) {
		if v, ok := env[name]; ok {
			return v, true
		}
		if name == "FSA_THROTTLE" { // the rows send many wrong passwords from one address
			return "False", true
		}
		return fastHashes(name)
	}
	app := openAcme(t, b.env(t), io.Discard, append([]fsa.Option{fsa.LookupEnv(lookup), attackQuiet}, opts...)...)
	c := fsatest.New(app)
	c.ParamUser, c.ParamPass = "username", "password"
	c.Passwords = map[string]string{"acme": acmePass}
	return app, c
}

// mint returns app.CreateToken(user, opts...), failing the test on error.
func attackMint(t *testing.T, app *fsa.App, user string, opts ...fsa.TokenOption) string {
	t.Helper()
	token, err := app.CreateToken(user, opts...)
	if err != nil {
		t.Fatalf("CreateToken(%q): %v", user, err)
	}
	return token
}

// attackFSASign signs PREFIX:USER:LIMIT as an fsa token with Acme's hash and
// length (BLAKE2s, 16 bytes): it returns PREFIX:USER:LIMIT:SIG.
func attackFSASign(data, secret string) string {
	sum := blake2s.Sum256([]byte(data + ":" + secret))
	return data + ":" + hex.EncodeToString(sum[:16])
}

// attackJWT signs claims with golang-jwt.
func attackJWT(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// attackRawJWT writes a JWT by hand: a header, claims and signature as given.
func attackRawJWT(header string, claims jwt.MapClaims, sig []byte) string {
	b, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc(b) + "." + enc(sig)
}

// attackClaims are the claims of a JWT of acme on Acme, valid for an hour,
// changed by name, value pairs.
func attackClaims(kv ...any) jwt.MapClaims {
	claims := jwt.MapClaims{"exp": time.Now().Add(time.Hour).Unix(), "sub": "acme", "aud": "acme"}
	for i := 0; i+1 < len(kv); i += 2 {
		claims[kv[i].(string)] = kv[i+1]
	}
	return claims
}

// attackRandom returns n random bytes.
func attackRandom(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// attackErr is Acme's error body: {"error": msg}.
func attackErr(msg string) map[string]any { return map[string]any{"error": msg} }

// attackUser is /hello-me's response to a user.
func attackUser(user string) map[string]any { return map[string]any{"msg": "hello", "user": user} }

// attackChallenge is the WWW-Authenticate of Acme's routes of every scheme.
var attackChallenge = map[string]string{"WWW-Authenticate": `Basic realm="acme", Bearer realm="acme"`}

// attackRSAKey is an RSA key pair of 2048 bits, as PEM texts, and the key.
type attackRSAKey struct {
	public, private string
	key             *rsa.PrivateKey
}

// attackRSAKeys are two RSA key pairs, made once.
var attackRSAKeys = sync.OnceValue(func() [2]attackRSAKey {
	var keys [2]attackRSAKey
	for i := range keys {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		pub, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
		priv, _ := x509.MarshalPKCS8PrivateKey(k)
		keys[i] = attackRSAKey{
			public:  string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
			private: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv})),
			key:     k,
		}
	}
	return keys
})

// send serves a request built by hand (for what fsatest cannot send: a
// body of unknown length, a Content-Length that lies), from loopback.
func attackSend(t *testing.T, h http.Handler, r *http.Request) (*http.Response, string) {
	t.Helper()
	r.RemoteAddr = fsatest.DefaultRemoteAddr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// 1. Tokens, fsa and JWT, on Acme's GET /hello-me: forged, truncated,
// re-signed, expired, unsigned, of another realm; then algorithm
// confusion on an RS256 Acme. fsa/token_attack_test.go has the unit rows;
// these go through Acme's configuration and every scheme of its routes.
func attackTokens(t *testing.T, b backend) {
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ, func(t *testing.T) {
			env := map[string]string{"FSA_TOKEN_TYPE": typ}
			app, c := attackAcme(t, b, env)
			secret := app.Config().TokenSecret
			valid := attackMint(t, app, "acme")
			otherSecret := "another-secret-for-acme-0123456789-abcdefghij"
			_, other := attackAcme(t, b, map[string]string{"FSA_TOKEN_TYPE": typ, "FSA_TOKEN_SECRET": otherSecret})
			past, _ := attackAcme(t, b, env, fsa.Clock(func() time.Time { return time.Now().Add(-time.Hour) }))
			// the same secret, another app name: its tokens are of realm "other"
			otherApp := fsatest.NewApp(t, "other", fsatest.Directives("FSA_AUTH", "token",
				"FSA_TOKEN_TYPE", typ, "FSA_TOKEN_SECRET", secret)...)
			bearer := func(name, token string, status int, msg string) fsatest.Case {
				tc := fsatest.Case{Name: name, Path: "/hello-me", Auth: fsatest.Bearer(token), WantStatus: status, WantJSON: attackErr(msg)}
				if status == http.StatusUnauthorized {
					tc.WantHeader = attackChallenge
				}
				return tc
			}
			var rows []fsatest.Case
			rows = append(rows, fsatest.Case{Name: "control: valid token", Path: "/hello-me", Auth: fsatest.Bearer(valid),
				WantStatus: 200, WantJSON: attackUser("acme"), WantHeader: map[string]string{"FSA-User": "acme (token)"}})
			if typ == "fsa" {
				const (
					notToken = "invalid fsa token"
					badRealm = "unexpected fsa token realm"
					badSig   = "invalid fsa auth token signature"
					expired  = "expired auth token"
				)
				parts := strings.Split(valid, ":") // acme:acme:LIMIT:SIG
				limit, sig := parts[2], parts[3]
				signed := func(data string) string { return attackFSASign(data, secret) }
				upper := strings.ToUpper(sig)
				if upper == sig { // no hex letter: make one
					upper = "A" + sig[1:]
				}
				later := time.Now().Add(time.Hour).UTC().Format("20060102150405")
				rows = append(rows,
					bearer("forged: random signature", "acme:acme:"+limit+":"+hex.EncodeToString(attackRandom(16)), 401, badSig),
					bearer("forged: signature of zeros", "acme:acme:"+limit+":"+strings.Repeat("0", 32), 401, badSig),
					bearer("forged: the valid signature on another user", "acme:admin:"+limit+":"+sig, 401, badSig),
					bearer("forged: the valid signature on a later limit", "acme:acme:"+later+":"+sig, 401, badSig),
					bearer("forged: the valid signature in upper case", "acme:acme:"+limit+":"+upper, 401, badSig),
					bearer("forged: a longer signature", valid+"00", 401, badSig),

					bearer("truncated: last character", valid[:len(valid)-1], 401, badSig),
					bearer("truncated: half the signature", valid[:len(valid)-16], 401, badSig),
					bearer("truncated: the signature, colon kept", valid[:len(valid)-32], 401, badSig),
					bearer("truncated: the signature and its colon", valid[:len(valid)-33], 401, notToken),
					bearer("truncated: inside the limit", "acme:acme:"+limit[:6], 401, notToken),
					bearer("truncated: after the user", "acme:acme:", 401, notToken),
					bearer("truncated: after the realm", "acme:", 401, notToken),
					bearer("truncated: one character", valid[:1], 401, notToken),

					bearer("re-signed with another secret", attackFSASign("acme:acme:"+limit, otherSecret), 401, badSig),
					bearer("re-signed without the secret", attackFSASign("acme:acme:"+limit, ""), 401, badSig),
					bearer("re-signed by an Acme of another secret", tokenOf(t, other.Do(t, fsatest.Case{Path: "/token", User: "acme"})), 401, badSig),

					bearer("expired: a second ago", signed("acme:acme:"+time.Now().Add(-time.Second).UTC().Format("20060102150405")), 401, expired),
					bearer("expired: made by an Acme an hour ago", attackMint(t, past, "acme"), 401, expired),
					bearer("expired: in year 2000", signed("acme:acme:20000101000000"), 401, expired),

					// fsa tokens have no algorithm: the nearest to alg none is
					// a token without signature or of a limit that is no date
					bearer("unsigned: empty signature", "acme:acme:"+limit+":", 401, badSig),
					bearer("unsigned: limit not a date", signed("acme:acme:none"), 401, "unexpected fsa token limit"),

					bearer("other realm: made with TokenRealm", attackMint(t, app, "acme", fsa.TokenRealm("acme-mfa")), 401, badRealm),
					bearer("other realm: made by an app of the same secret", attackMint(t, otherApp, "acme"), 401, badRealm),
					bearer("other realm: realm in another case", signed("Acme:acme:"+limit), 401, badRealm),
					bearer("other realm: with an issuer Acme has not", signed("acme/god:acme:"+limit), 401, badRealm),
				)
			} else {
				const (
					invalid = "invalid jwt token"
					expired = "expired auth token"
				)
				key := []byte(secret)
				hs256 := func(claims jwt.MapClaims) string { return attackJWT(t, jwt.SigningMethodHS256, key, claims) }
				parts := strings.Split(valid, ".")
				admin := strings.Split(hs256(attackClaims("sub", "admin")), ".")[1]
				rows = append(rows,
					bearer("forged: random signature", parts[0]+"."+parts[1]+"."+base64.RawURLEncoding.EncodeToString(attackRandom(32)), 401, invalid),
					bearer("forged: claims of another user, valid signature", parts[0]+"."+admin+"."+parts[2], 401, invalid),
					bearer("forged: four segments", valid+".e30", 401, invalid),

					bearer("truncated: last character", valid[:len(valid)-1], 401, invalid),
					bearer("truncated: half the signature", valid[:len(valid)-len(parts[2])/2], 401, invalid),
					bearer("truncated: the signature, dot kept", parts[0]+"."+parts[1]+".", 401, invalid),
					bearer("truncated: the signature and its dot", parts[0]+"."+parts[1], 401, invalid),
					bearer("truncated: inside the claims", parts[0]+"."+parts[1][:len(parts[1])/2], 401, invalid),
					bearer("truncated: the header only", parts[0], 401, invalid),
					bearer("truncated: one character", valid[:1], 401, invalid),

					bearer("re-signed with another secret", attackJWT(t, jwt.SigningMethodHS256, []byte(otherSecret), attackClaims()), 401, invalid),
					bearer("re-signed by an Acme of another secret", tokenOf(t, other.Do(t, fsatest.Case{Path: "/token", User: "acme"})), 401, invalid),
					bearer("re-signed with HS384 and Acme's secret", attackJWT(t, jwt.SigningMethodHS384, key, attackClaims()), 401, invalid),
					bearer("re-signed with HS512 and Acme's secret", attackJWT(t, jwt.SigningMethodHS512, key, attackClaims()), 401, invalid),

					bearer("expired: a second ago", hs256(attackClaims("exp", time.Now().Add(-time.Second).Unix())), 401, expired),
					bearer("expired: made by an Acme an hour ago", attackMint(t, past, "acme"), 401, expired),
					bearer("expired: exp 0", hs256(attackClaims("exp", 0)), 401, expired),
					bearer("expired: no exp at all", hs256(jwt.MapClaims{"sub": "acme", "aud": "acme"}), 401, invalid),
					bearer("not yet valid: nbf in an hour", hs256(attackClaims("nbf", time.Now().Add(time.Hour).Unix())), 401, invalid),

					bearer("alg none", attackRawJWT(`{"alg":"none","typ":"JWT"}`, attackClaims(), nil), 401, invalid),
					bearer("alg None", attackRawJWT(`{"alg":"None","typ":"JWT"}`, attackClaims(), nil), 401, invalid),
					bearer("alg NONE", attackRawJWT(`{"alg":"NONE","typ":"JWT"}`, attackClaims(), nil), 401, invalid),
					bearer("alg none, valid signature kept", attackRawJWT(`{"alg":"none","typ":"JWT"}`, attackClaims(), []byte(parts[2])), 401, invalid),
					bearer("no alg", attackRawJWT(`{"typ":"JWT"}`, attackClaims(), nil), 401, invalid),
					bearer("alg HS256, no signature", attackRawJWT(`{"alg":"HS256","typ":"JWT"}`, attackClaims(), nil), 401, invalid),

					bearer("other realm: made with TokenRealm", attackMint(t, app, "acme", fsa.TokenRealm("acme-mfa")), 401, invalid),
					bearer("other realm: made by an app of the same secret", attackMint(t, otherApp, "acme"), 401, invalid),
					bearer("other realm: audience in another case", hs256(attackClaims("aud", "Acme")), 401, invalid),
					bearer("other realm: audience list without acme", hs256(attackClaims("aud", []string{"other", "acme-mfa"})), 401, invalid),
					bearer("other realm: no audience", hs256(jwt.MapClaims{"exp": time.Now().Add(time.Hour).Unix(), "sub": "acme"}), 401, invalid),
				)
			}
			c.Run(t, rows)
		})
	}

	// a token valid when first checked (and then cached) is refused once
	// it expires: the cache does not extend its life
	for _, typ := range []string{"fsa", "jwt"} {
		t.Run(typ+" expired after caching", func(t *testing.T) {
			clock := fsatest.NewClock(time.Now())
			app, c := attackAcme(t, b, map[string]string{"FSA_TOKEN_TYPE": typ}, fsa.Clock(clock.Now))
			token := attackMint(t, app, "acme")
			c.Check(t, fsatest.Case{Name: "valid, now cached", Path: "/hello-me", Auth: fsatest.Bearer(token), WantStatus: 200, WantJSON: attackUser("acme")})
			clock.Add(11 * time.Minute) // FSA_TOKEN_DELAY is 10 minutes
			c.Check(t, fsatest.Case{Name: "11 minutes later", Path: "/hello-me", Auth: fsatest.Bearer(token), WantStatus: 401,
				WantJSON: attackErr("expired auth token"), WantHeader: attackChallenge})
		})
	}

	// algorithm confusion: on an RS256 Acme, the public key, which anybody
	// may know, must not work as an HMAC secret
	t.Run("jwt algorithm confusion", func(t *testing.T) {
		keys := attackRSAKeys()
		_, c := attackAcme(t, b, map[string]string{"FSA_TOKEN_TYPE": "jwt", "FSA_TOKEN_ALGO": "RS256",
			"FSA_TOKEN_SECRET": keys[0].public, "FSA_TOKEN_SIGN": keys[0].private})
		der, _ := x509.MarshalPKIXPublicKey(&keys[0].key.PublicKey)
		const invalid = "invalid jwt token"
		bearer := func(name, token string) fsatest.Case {
			return fsatest.Case{Name: name, Path: "/hello-me", Auth: fsatest.Bearer(token), WantStatus: 401,
				WantJSON: attackErr(invalid), WantHeader: attackChallenge}
		}
		c.Run(t, []fsatest.Case{
			{Name: "control: RS256 token of GET /token", Path: "/hello-me", Auth: fsatest.Bearer(tokenOf(t, c.Do(t, fsatest.Case{Path: "/token", User: "acme"}))),
				WantStatus: 200, WantJSON: attackUser("acme")},
			{Name: "control: RS256 signed by the test", Path: "/hello-me", Auth: fsatest.Bearer(attackJWT(t, jwt.SigningMethodRS256, keys[0].key, attackClaims())),
				WantStatus: 200, WantJSON: attackUser("acme")},
			bearer("HS256 keyed by the public key PEM", attackJWT(t, jwt.SigningMethodHS256, []byte(keys[0].public), attackClaims())),
			bearer("HS256 keyed by the public key PEM, no final new line", attackJWT(t, jwt.SigningMethodHS256, []byte(strings.TrimSpace(keys[0].public)), attackClaims())),
			bearer("HS256 keyed by the public key DER", attackJWT(t, jwt.SigningMethodHS256, der, attackClaims())),
			bearer("HS256 keyed by acme.conf's HMAC secret", attackJWT(t, jwt.SigningMethodHS256, []byte("acme-reference-secret-0123456789-abcdefghijklmnopqrstuvwxyz"), attackClaims())),
			bearer("PS256 with Acme's key", attackJWT(t, jwt.SigningMethodPS256, keys[0].key, attackClaims())),
			bearer("RS512 with Acme's key", attackJWT(t, jwt.SigningMethodRS512, keys[0].key, attackClaims())),
			bearer("RS256 with another key", attackJWT(t, jwt.SigningMethodRS256, keys[1].key, attackClaims())),
			bearer("alg none", attackRawJWT(`{"alg":"none","typ":"JWT"}`, attackClaims(), nil)),
		})
	})
}

// 2. A token in two carriers at once. A route reads the token of
// FSA_TOKEN_CARRIER only, and of a parameter the first value (a JSON
// member, else the query, then the form): the user is always the one of
// the token read, and a bad first token is not saved by a good second one.
func attackTwoCarriers(t *testing.T, b backend) {
	t.Run("bearer carrier", func(t *testing.T) {
		app, c := attackAcme(t, b, nil)
		acme, calvin := attackMint(t, app, "acme"), attackMint(t, app, "calvin")
		pass := url.Values{"username": {"acme"}, "password": {acmePass}}
		c.Run(t, []fsatest.Case{
			// AUTH is no carrier of Acme's: an unexpected parameter
			{Name: "bearer and a token parameter", Path: "/hello-me", Auth: fsatest.Bearer(acme), Query: url.Values{"AUTH": {calvin}},
				WantStatus: 400, WantJSON: attackErr(`unexpected http parameter "AUTH"`)},
			{Name: "forged bearer and a valid token parameter", Path: "/hello-me", Auth: fsatest.Bearer(acme + "00"), Query: url.Values{"AUTH": {acme}},
				WantStatus: 401, WantJSON: attackErr("invalid fsa auth token signature")},
			{Name: "bearer in a cookie", Path: "/hello-me", Header: http.Header{"Cookie": {"auth=" + acme}},
				WantStatus: 401, WantJSON: attackErr("missing authentication")},
			// schemes run in order: the token (first) names the user, and
			// the password of another user is not looked at
			{Name: "token of calvin and password of acme", Path: "/hello-me", Auth: fsatest.Bearer(calvin), Form: pass,
				WantStatus: 200, WantJSON: attackUser("calvin"), WantHeader: map[string]string{"FSA-User": "calvin (token)"}},
			// a refused token does not stop the next scheme: FlaskSimpleAuth
			// tries every scheme, and the user is the password's
			{Name: "forged token of calvin and password of acme", Path: "/hello-me", Auth: fsatest.Bearer(calvin + "00"), Form: pass,
				WantStatus: 200, WantJSON: attackUser("acme"), WantHeader: map[string]string{"FSA-User": "acme (param)"}},
		})
	})
	t.Run("param carrier", func(t *testing.T) {
		app, c := attackAcme(t, b, map[string]string{"FSA_TOKEN_CARRIER": "param"})
		acme, calvin := attackMint(t, app, "acme"), attackMint(t, app, "calvin")
		forged := acme[:len(acme)-2] + "00"
		if forged == acme {
			forged = acme[:len(acme)-2] + "11"
		}
		as := func(user string) map[string]string { return map[string]string{"FSA-User": user + " (token)"} }
		c.Run(t, []fsatest.Case{
			{Name: "control: token in the query", Path: "/hello-me", Query: url.Values{"AUTH": {acme}}, WantStatus: 200, WantJSON: attackUser("acme")},
			{Name: "query calvin, form acme: the query's", Path: "/hello-me", Query: url.Values{"AUTH": {calvin}}, Form: url.Values{"AUTH": {acme}},
				WantStatus: 200, WantJSON: attackUser("calvin"), WantHeader: as("calvin")},
			{Name: "query calvin, JSON acme: the JSON's", Path: "/hello-me", Query: url.Values{"AUTH": {calvin}}, JSON: map[string]any{"AUTH": acme},
				WantStatus: 200, WantJSON: attackUser("acme"), WantHeader: as("acme")},
			{Name: "query twice, calvin first", Path: "/hello-me", Query: url.Values{"AUTH": {calvin, acme}},
				WantStatus: 200, WantJSON: attackUser("calvin"), WantHeader: as("calvin")},
			{Name: "query forged, form valid", Path: "/hello-me", Query: url.Values{"AUTH": {forged}}, Form: url.Values{"AUTH": {acme}},
				WantStatus: 401, WantJSON: attackErr("invalid fsa auth token signature")},
			{Name: "query twice, forged first", Path: "/hello-me", Query: url.Values{"AUTH": {forged, acme}},
				WantStatus: 401, WantJSON: attackErr("invalid fsa auth token signature")},
			{Name: "JSON forged, query valid", Path: "/hello-me", Query: url.Values{"AUTH": {acme}}, JSON: map[string]any{"AUTH": forged},
				WantStatus: 401, WantJSON: attackErr("invalid fsa auth token signature")},
			{Name: "JSON number, query valid", Path: "/hello-me", Query: url.Values{"AUTH": {acme}}, JSON: map[string]any{"AUTH": 42},
				WantStatus: 401, WantJSON: attackErr("missing authentication")},
			// the bearer header is no carrier of this app: ignored
			{Name: "bearer acme, parameter calvin", Path: "/hello-me", Auth: fsatest.Bearer(acme), Query: url.Values{"AUTH": {calvin}},
				WantStatus: 200, WantJSON: attackUser("calvin"), WantHeader: as("calvin")},
			{Name: "bearer alone", Path: "/hello-me", Auth: fsatest.Bearer(acme), WantStatus: 401, WantJSON: attackErr("missing authentication")},
			// POST /token takes passwords only: a token there is unexpected
			{Name: "token on a password-only route", Method: "POST", Path: "/token", Form: url.Values{"AUTH": {acme}},
				WantStatus: 401, WantJSON: attackErr("missing authentication")},
		})
	})
}

// 3. Two Authorization headers. A credential header is a single value
// (RFC 9110, 5.5: a list only when its definition allows one), and a proxy
// in front may check one while the app reads the other. FlaskSimpleAuth
// never sees two: a WSGI server joins them with a comma, and
// "Bearer X,Bearer Y" or "Basic X,Bearer Y" is refused with a 401. A
// request with two must not authenticate anybody.
func attackTwoAuthorizations(t *testing.T, b backend) {
	app, c := attackAcme(t, b, nil)
	acme, calvin := attackMint(t, app, "acme"), attackMint(t, app, "calvin")
	basicOf := func(login, password string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(login+":"+password))
	}
	two := func(a, b string) http.Header { return http.Header{"Authorization": {a, b}} }
	const twoHeaders = "more than one Authorization header"
	c.Run(t, []fsatest.Case{
		// two headers: which one the client meant is unknown, so neither
		// is used (FSA sees one header, joined by the WSGI server)
		{Name: "forged bearer, then valid bearer", Path: "/hello-me", Header: two("Bearer "+acme+"00", "Bearer "+acme),
			WantStatus: 401, WantJSON: attackErr(twoHeaders), WantHeader: attackChallenge},
		{Name: "wrong basic, then right basic", Path: "/hello-me", Header: two(basicOf("acme", "wrong"), basicOf("acme", acmePass)),
			WantStatus: 401, WantJSON: attackErr(twoHeaders), WantHeader: attackChallenge},
		{Name: "valid bearer, then forged bearer", Path: "/hello-me", Header: two("Bearer "+acme, "Bearer "+acme+"00"),
			WantStatus: 401, WantJSON: attackErr(twoHeaders), WantHeader: attackChallenge},
		{Name: "bearer of calvin, then bearer of acme", Path: "/hello-me", Header: two("Bearer "+calvin, "Bearer "+acme),
			WantStatus: 401, WantJSON: attackErr(twoHeaders), WantHeader: attackChallenge},
		{Name: "right basic of acme, then bearer of calvin", Path: "/hello-me", Header: two(basicOf("acme", acmePass), "Bearer "+calvin),
			WantStatus: 401, WantJSON: attackErr(twoHeaders), WantHeader: attackChallenge},
		{Name: "one header, two bearers joined as WSGI does", Path: "/hello-me", Header: http.Header{"Authorization": {"Bearer " + calvin + ",Bearer " + acme}},
			WantStatus: 401, WantJSON: attackErr("invalid fsa token")},
		{Name: "one header, basic and bearer joined as WSGI does", Path: "/hello-me", Header: http.Header{"Authorization": {basicOf("acme", acmePass) + ",Bearer " + calvin}},
			WantStatus: 401, WantJSON: attackErr("decoding error on authorization header")},
	})
}

// 4. Malformed Basic headers: each a 401, never a 5xx, never a user.
func attackBasic(t *testing.T, b backend) {
	_, c := attackAcme(t, b, nil)
	basic := func(name, value string, msg string) fsatest.Case {
		return fsatest.Case{Name: name, Path: "/hello-me", Header: http.Header{"Authorization": {value}},
			WantStatus: 401, WantJSON: attackErr(msg), WantHeader: attackChallenge}
	}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	const (
		decoding = "decoding error on authorization header"
		invalid  = "invalid user or password"
		missing  = "missing authentication"
	)
	huge := strings.Repeat("x", 100<<10)
	c.Run(t, []fsatest.Case{
		{Name: "control: right password", Path: "/hello-me", Header: http.Header{"Authorization": {"Basic " + b64("acme:"+acmePass)}},
			WantStatus: 200, WantJSON: attackUser("acme")},
		basic("bad base64", "Basic !!!", decoding),
		basic("base64 cut in a quantum", "Basic "+b64("acme:" + acmePass)[:5], decoding),
		basic("base64url alphabet", "Basic "+strings.NewReplacer("+", "-", "/", "_").Replace(b64("acme:??>>??>>")), decoding),
		basic("base64 and trailing text", "Basic "+b64("acme:"+acmePass)+" x", decoding),
		basic("no colon", "Basic "+b64("acme"+acmePass), decoding),
		basic("empty after Basic", "Basic ", decoding),
		basic("only spaces after Basic", "Basic    ", decoding),
		// "Basic" alone does not start with "Basic ": no basic credentials
		basic("Basic with no value", "Basic", missing),
		// the scheme is matched exactly, as FlaskSimpleAuth does (RFC 7235
		// would take any case): another case is no basic credentials
		basic("lower-case scheme", "basic "+b64("acme:"+acmePass), missing),
		basic("upper-case scheme", "BASIC "+b64("acme:"+acmePass), missing),
		basic("tab after the scheme", "Basic\t"+b64("acme:"+acmePass), missing),
		basic("empty user", "Basic "+b64(":"+acmePass), invalid),
		basic("empty user and password", "Basic "+b64(":"), invalid),
		basic("empty password", "Basic "+b64("acme:"), invalid),
		basic("user with a space", "Basic "+b64("acme :"+acmePass), invalid),
		basic("user in another case", "Basic "+b64("ACME:"+acmePass), invalid),
		basic("user with a NUL", "Basic "+b64("acme\x00:"+acmePass), invalid),
		basic("password with a NUL after the right one", "Basic "+b64("acme:"+acmePass+"\x00"), invalid),
		basic("password with a colon after the right one", "Basic "+b64("acme:"+acmePass+":"), invalid),
		// bcrypt reads 72 bytes: a longer password never matches
		basic("right password padded past bcrypt's 72 bytes", "Basic "+b64("acme:"+acmePass+strings.Repeat("x", 72-len(acmePass))), invalid),
		basic("non-UTF-8 user", "Basic "+b64("\xff\xfeacme:"+acmePass), decoding),
		basic("non-UTF-8 password", "Basic "+b64("acme:\xff\xfe"), invalid),
		basic("100 kB user", "Basic "+b64(huge+":"+acmePass), invalid),
		basic("100 kB password", "Basic "+b64("acme:"+huge), invalid),
		basic("100 kB of bad base64", "Basic "+strings.Repeat("!", 100<<10), decoding),
		basic("100 kB without a colon", "Basic "+b64(huge), decoding),
	})
}

// 5. Param credentials (Acme's username and password) of another JSON
// type than a string, or in the URL, or repeated.
func attackParam(t *testing.T, b backend) {
	_, c := attackAcme(t, b, nil)
	const (
		noLogin = "missing param login parameter: username"
		noPass  = "missing param password parameter: password"
		invalid = "invalid user or password"
		inURL   = "param credentials must be sent in the body, not the URL"
	)
	post := func(name string, body map[string]any, msg string) fsatest.Case {
		return fsatest.Case{Name: name, Method: "POST", Path: "/token", JSON: body, WantStatus: 401, WantJSON: attackErr(msg)}
	}
	creds := func(user, pass any) map[string]any { return map[string]any{"username": user, "password": pass} }
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	c.Run(t, []fsatest.Case{
		{Name: "control: JSON strings", Method: "POST", Path: "/token", JSON: creds("acme", acmePass), WantStatus: 201, WantBody: `"token":`},
		post("user array", creds([]string{"acme"}, acmePass), noLogin),
		post("user object", creds(map[string]any{"username": "acme"}, acmePass), noLogin),
		post("user number", creds(0, acmePass), noLogin),
		post("user true", creds(true, acmePass), noLogin),
		post("user null", creds(nil, acmePass), noLogin),
		post("password array", creds("acme", []string{acmePass}), noPass),
		post("password object", creds("acme", map[string]any{"password": acmePass}), noPass),
		post("password number", creds("acme", 12345), noPass),
		post("password null", creds("acme", nil), noPass),
		post("both arrays", creds([]string{"acme"}, []string{acmePass}), noLogin),
		post("empty array and object", creds([]any{}, map[string]any{}), noLogin),
		post("user only", map[string]any{"username": "acme"}, noPass),

		// credentials in the URL are refused, even with right ones in the
		// body (FlaskSimpleAuth reads them there too: URLs end up in logs)
		{Name: "query user twice", Method: "POST", Path: "/token?username=acme&username=calvin", Form: form("password", acmePass),
			WantStatus: 401, WantJSON: attackErr(inURL)},
		{Name: "query password twice", Method: "POST", Path: "/token?password=x&password=" + url.QueryEscape(acmePass), Form: form("username", "acme"),
			WantStatus: 401, WantJSON: attackErr(inURL)},
		{Name: "right body, password in the query too", Method: "POST", Path: "/token?password=x", JSON: creds("acme", acmePass),
			WantStatus: 401, WantJSON: attackErr(inURL)},
		{Name: "GET, all in the query", Path: "/token?username=acme&password=" + url.QueryEscape(acmePass),
			WantStatus: 401, WantJSON: attackErr(inURL)},
		// the first value of a repeated form parameter is the one checked
		{Name: "form user twice, wrong first", Method: "POST", Path: "/token", Form: form("username", "calvin", "username", "acme", "password", acmePass),
			WantStatus: 401, WantJSON: attackErr(invalid)},
		{Name: "form password twice, wrong first", Method: "POST", Path: "/token", Form: form("username", "acme", "password", "wrong", "password", acmePass),
			WantStatus: 401, WantJSON: attackErr(invalid)},
		{Name: "form user empty, then right", Method: "POST", Path: "/token", Form: form("username", "", "username", "acme", "password", acmePass),
			WantStatus: 401, WantJSON: attackErr(noLogin)},
		{Name: "JSON user given twice", Method: "POST", Path: "/token", Header: http.Header{"Content-Type": {"application/json"}},
			Body: `{"username":"calvin","username":"acme","password":"` + acmePass + `"}`, WantStatus: 400, WantJSON: attackErr(`JSON member "username" given twice`)},
		{Name: "JSON user given twice, once escaped", Method: "POST", Path: "/token", Header: http.Header{"Content-Type": {"application/json"}},
			Body: `{"username":"calvin","user\u006eame":"acme","password":"` + acmePass + `"}`, WantStatus: 400, WantJSON: attackErr(`JSON member "username" given twice`)},
		// the param scheme reads the body, and a body it cannot read is a
		// 400 (FlaskSimpleAuth finds no parameters: 401)
		{Name: "JSON credentials sent as text/plain", Method: "POST", Path: "/token", Header: http.Header{"Content-Type": {"text/plain"}},
			Body: `{"username":"acme","password":"` + acmePass + `"}`, WantStatus: 400, WantBody: "unsupported content type"},
		{Name: "JSON credentials sent as a form", Method: "POST", Path: "/token", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body: `{"username":"acme","password":"` + acmePass + `"}`, WantStatus: 401, WantJSON: attackErr("missing authentication")},
		{Name: "user name in another case", Method: "POST", Path: "/token", JSON: map[string]any{"Username": "acme", "password": acmePass},
			WantStatus: 401, WantJSON: attackErr(noLogin)},
	})
}

// 6. Duplicate JSON members, numbers that overflow, NaN and infinities,
// on the routes with parameters: GET /days, /primes, /len, POST /stuff.
func attackValues(t *testing.T, b backend) {
	_, c := attackAcme(t, b, nil)
	c.Login = fsatest.TokenLogin("/token")
	raw := func(name, method, path, body string, status int, msg string) fsatest.Case {
		return fsatest.Case{Name: name, Method: method, Path: path, User: "acme", Header: http.Header{"Content-Type": {"application/json"}},
			Body: body, WantStatus: status, WantJSON: attackErr(msg)}
	}
	price := func(name, value, msg string) fsatest.Case {
		return fsatest.Case{Name: name, Method: "POST", Path: "/stuff", User: "acme", Form: url.Values{"stuff": {"x"}, "price": {value}},
			WantStatus: 400, WantJSON: attackErr(msg)}
	}
	const (
		finite   = `parameter "price" must be a finite number`
		priceOut = `parameter "price" is out of range for float64`
		liOut    = `parameter "li[0]" is out of range for int64`
		liInt    = `parameter "li[0]" must be an integer`
		badJSON  = "invalid JSON body"
	)
	c.Run(t, []fsatest.Case{
		// duplicate members: refused, where encoding/json and Python's json
		// (so FlaskSimpleAuth) keep the last, and a proxy may read the first
		raw("primes: li twice", "GET", "/primes", `{"li":[2],"li":[3]}`, 400, `JSON member "li" given twice`),
		raw("primes: li twice, once escaped", "GET", "/primes", `{"li":[2],"\u006ci":[3]}`, 400, `JSON member "li" given twice`),
		raw("stuff: price twice", "POST", "/stuff", `{"stuff":"x","price":1,"price":-1}`, 400, `JSON member "price" given twice`),
		raw("stuff: stuff twice", "POST", "/stuff", `{"stuff":"x","stuff":"y","price":1}`, 400, `JSON member "stuff" given twice`),
		raw("days: name twice inside who", "GET", "/days", `{"who":{"name":"a","name":"b","born":"2020-01-01"}}`, 400, `parameter "who" has member "name" twice`),
		// an any field too, at any depth
		raw("len: member twice inside p", "GET", "/len", `{"p":{"a":1,"a":2}}`, 400, `parameter "p" has member "a" twice`),
		raw("len: member twice deep inside p", "GET", "/len", `{"p":[1,{"b":{"a":1,"c":[{"a":2}],"a":2}}]}`, 400, `parameter "p" has member "a" twice`),
		{Name: "len: same member in two objects", Path: "/len", Header: http.Header{"Content-Type": {"application/json"}},
			Body: `{"p":[{"a":1},{"a":2}]}`, WantStatus: 200, WantJSON: map[string]any{"len": 2}},
		raw("primes: li in another case", "GET", "/primes", `{"li":[2],"LI":[3]}`, 400, `unexpected json parameter "LI"`),

		// overflows: refused (Python's int has no bound, so FlaskSimpleAuth
		// takes 2^63; a Go int64 cannot)
		{Name: "primes: 2^63 in the query", Path: "/primes?li=9223372036854775808", WantStatus: 400, WantJSON: attackErr(liOut)},
		{Name: "primes: -2^63-1 in the query", Path: "/primes?li=-9223372036854775809", WantStatus: 400, WantJSON: attackErr(liOut)},
		{Name: "primes: 2^63 in hexadecimal", Path: "/primes?li=0x8000000000000000", WantStatus: 400, WantJSON: attackErr(liOut)},
		{Name: "primes: 400 digits", Path: "/primes?li=" + strings.Repeat("9", 400), WantStatus: 400, WantJSON: attackErr(liOut)},
		raw("primes: 2^63 in JSON", "GET", "/primes", `{"li":[9223372036854775808]}`, 400, liOut),
		raw("primes: 1e400 in JSON", "GET", "/primes", `{"li":[1e400]}`, 400, liInt),
		raw("primes: 1.5 in JSON", "GET", "/primes", `{"li":[1.5]}`, 400, liInt),
		raw("primes: 400 digits in JSON", "GET", "/primes", `{"li":[`+strings.Repeat("9", 400)+`]}`, 400, liOut),
		price("stuff: price 1e999", "1e999", priceOut),
		price("stuff: price -1e999", "-1e999", priceOut),
		raw("stuff: JSON price 1e999", "POST", "/stuff", `{"stuff":"x","price":1e999}`, 400, priceOut),
		raw("stuff: JSON price 400 digits", "POST", "/stuff", `{"stuff":"x","price":`+strings.Repeat("9", 400)+`}`, 400, priceOut),
		// an any field decodes numbers as float64: one that overflows it
		// is refused as "not JSON", though it is valid JSON
		raw("len: JSON 1e999", "GET", "/len", `{"p":1e999}`, 400, `parameter "p" must be JSON`),
		{Name: "len: 1e999 in the query", Path: "/len?p=1e999", WantStatus: 400, WantJSON: attackErr(`parameter "p" must be JSON`)},

		// NaN and infinities: no float field takes them unless it opts in,
		// since JSON cannot send them back (FlaskSimpleAuth's float() takes
		// them); JSON itself has none
		price("stuff: price NaN", "NaN", finite),
		price("stuff: price nan", "nan", finite),
		price("stuff: price Infinity", "Infinity", finite),
		price("stuff: price inf", "inf", finite),
		price("stuff: price -Inf", "-Inf", finite),
		price("stuff: price +Infinity", "+Infinity", finite),
		price("stuff: price 0x1p-2", "0x1p-2", `parameter "price" must be a number`),
		raw("stuff: JSON NaN", "POST", "/stuff", `{"stuff":"x","price":NaN}`, 400, badJSON),
		raw("stuff: JSON Infinity", "POST", "/stuff", `{"stuff":"x","price":Infinity}`, 400, badJSON),
		raw("stuff: JSON -Infinity", "POST", "/stuff", `{"stuff":"x","price":-Infinity}`, 400, badJSON),
		raw("stuff: JSON string NaN", "POST", "/stuff", `{"stuff":"x","price":"NaN"}`, 400, finite),
		raw("stuff: JSON string Infinity", "POST", "/stuff", `{"stuff":"x","price":"Infinity"}`, 400, finite),
		{Name: "primes: NaN in the query", Path: "/primes?li=NaN", WantStatus: 400, WantJSON: attackErr(liInt)},
		{Name: "primes: inf in the query", Path: "/primes?li=inf", WantStatus: 400, WantJSON: attackErr(liInt)},
		raw("primes: JSON NaN", "GET", "/primes", `{"li":[NaN]}`, 400, badJSON),
		{Name: "len: NaN in the query", Path: "/len?p=NaN", WantStatus: 400, WantJSON: attackErr(`parameter "p" must be JSON`)},
		{Name: "len: Infinity in the query", Path: "/len?p=Infinity", WantStatus: 400, WantJSON: attackErr(`parameter "p" must be JSON`)},
		raw("len: JSON NaN", "GET", "/len", `{"p":NaN}`, 400, badJSON),
		{Name: "days: born NaN", Path: "/days", Query: url.Values{"who": {`{"name":"x","born":NaN}`}}, WantStatus: 400,
			WantJSON: attackErr(`parameter "who" must be a JSON object`)},
		raw("days: born a number", "GET", "/days", `{"who":{"name":"x","born":1e999}}`, 400, `parameter "who.born" must be a date or time`),
	})
}

// 7. Path variables: PATCH /stuff/:sid, whose object permission asks who
// owns the stuff, with encoded slashes, dots, NUL and long values; and a
// GET route with an <int:...> variable. A variable is decoded once, an
// encoded slash stays in it, and a value no object has is a 404.
func attackPathVariables(t *testing.T, b backend) {
	t.Run("PATCH /stuff/:sid", func(t *testing.T) {
		_, c := attackAcme(t, b, nil)
		c.Login = fsatest.TokenLogin("/token")
		c.Passwords["calvin"] = "Hobbes-2024"
		setup := []fsatest.Case{
			{Name: "add calvin", Method: "POST", Path: "/user", User: "acme",
				Form: url.Values{"login": {"calvin"}, "password": {"Hobbes-2024"}, "email": {"calvin@acme.org"}}, WantStatus: 201},
			{Name: "acme adds a/b", Method: "POST", Path: "/stuff", User: "acme", Form: url.Values{"stuff": {"a/b"}, "price": {"1"}}, WantStatus: 201},
			{Name: "calvin adds secret", Method: "POST", Path: "/stuff", User: "calvin", Form: url.Values{"stuff": {"secret"}, "price": {"1"}}, WantStatus: 201},
		}
		for _, tc := range setup {
			c.Check(t, tc)
		}
		price := url.Values{"price": {"0"}}
		patch := func(name, path string, status int, msg string) fsatest.Case {
			return fsatest.Case{Name: name, Method: "PATCH", Path: path, User: "acme", Form: price, WantStatus: status, WantJSON: attackErr(msg)}
		}
		const (
			notFound  = "object not found"
			noRoute   = "not found"
			forbidden = "permission denied on stuff (owner)"
		)
		c.Run(t, []fsatest.Case{
			{Name: "control: encoded slash, a/b of acme", Method: "PATCH", Path: "/stuff/a%2Fb", User: "acme", Form: price,
				WantStatus: 200, WantBody: "stuff updated: a/b"},
			patch("control: calvin's stuff", "/stuff/secret", 403, forbidden),
			{Name: "no credentials come first", Method: "PATCH", Path: "/stuff/a%2Fb", Form: price, WantStatus: 401, WantJSON: attackErr("missing authentication")},
			patch("slash not encoded", "/stuff/a/b", 404, noRoute),
			{Name: "control: encoded slash in lower case", Method: "PATCH", Path: "/stuff/a%2fb", User: "acme", Form: price,
				WantStatus: 200, WantBody: "stuff updated: a/b"},
			patch("double-encoded slash is not a/b", "/stuff/a%252Fb", 404, notFound),
			patch("encoded slash and dots to calvin's", "/stuff/a%2F..%2Fsecret", 404, notFound),
			patch("dots", "/stuff/..", 404, notFound),
			patch("encoded dots", "/stuff/%2e%2e", 404, notFound),
			patch("encoded dots and slash", "/stuff/%2e%2e%2Fsecret", 404, notFound),
			patch("dot segments to calvin's", "/stuff/x/../secret", 404, noRoute),
			patch("encoded backslash and dots", "/stuff/..%5Csecret", 404, notFound),
			patch("NUL after calvin's name", "/stuff/secret%00", 404, notFound),
			patch("NUL alone", "/stuff/%00", 404, notFound),
			patch("encoded name of calvin's", "/stuff/%73ecret", 403, forbidden),
			patch("space before calvin's name", "/stuff/%20secret", 404, notFound),
			patch("trailing slash", "/stuff/secret/", 404, noRoute),
			patch("empty variable", "/stuff/", 404, noRoute),
			patch("invalid UTF-8", "/stuff/%ff%fe", 404, notFound),
			// a long value, under any path length limit
			patch("1 kB variable", "/stuff/"+strings.Repeat("s", 1<<10), 404, notFound),
			patch("1 kB of encoded slashes", "/stuff/"+strings.Repeat("%2F", 1<<10/3), 404, notFound),
		})
	})
	t.Run("GET /item/<int:i>", func(t *testing.T) {
		app := fsatest.NewApp(t, "attack")
		fsa.Get(app, "/item/<int:i>", fsa.Open, func(_ *fsa.Context, in struct{ I int64 }) (any, error) {
			return "item " + strconv.FormatInt(in.I, 10), nil
		})
		item := func(name, path string) fsatest.Case {
			return fsatest.Case{Name: name, Path: path, WantStatus: 404, WantExact: fsatest.String("not found")}
		}
		fsatest.New(app).Run(t, []fsatest.Case{
			{Name: "control: 7", Path: "/item/7", WantStatus: 200, WantExact: fsatest.String("item 7")},
			{Name: "control: encoded 7", Path: "/item/%37", WantStatus: 200, WantExact: fsatest.String("item 7")},
			item("2^63", "/item/9223372036854775808"),
			item("400 digits", "/item/"+strings.Repeat("9", 400)),
			item("negative", "/item/-1"),
			item("encoded minus", "/item/%2D1"),
			item("hexadecimal", "/item/0x10"),
			item("encoded slash", "/item/1%2F2"),
			item("dots", "/item/.."),
			item("NUL", "/item/7%00"),
			item("space", "/item/%207"),
			item("fullwidth digit", "/item/%EF%BC%97"),
			item("underscore", "/item/1_000"),
			item("NaN", "/item/NaN"),
		})
	})
}

// 8. Method override headers and parameters are not read: a request is
// served by the route of its own method, or is a 405.
func attackMethodOverride(t *testing.T, b backend) {
	t.Run("acme", func(t *testing.T) {
		_, c := attackAcme(t, b, nil)
		c.Login = fsatest.TokenLogin("/token")
		override := func(name, value string) http.Header { return http.Header{name: {value}} }
		getOnly := map[string]string{"Allow": "OPTIONS, GET, HEAD"}
		c.Run(t, []fsatest.Case{
			{Name: "POST /hello as GET by X-HTTP-Method-Override", Method: "POST", Path: "/hello", Header: override("X-HTTP-Method-Override", "GET"),
				WantStatus: 405, WantJSON: attackErr("method not allowed"), WantHeader: getOnly},
			{Name: "POST /hello as GET by X-Method-Override", Method: "POST", Path: "/hello", Header: override("X-Method-Override", "GET"),
				WantStatus: 405, WantJSON: attackErr("method not allowed"), WantHeader: getOnly},
			{Name: "POST /hello as GET by X-HTTP-Method", Method: "POST", Path: "/hello", Header: override("X-HTTP-Method", "GET"),
				WantStatus: 405, WantJSON: attackErr("method not allowed"), WantHeader: getOnly},
			{Name: "POST /hello as GET by _method in the query", Method: "POST", Path: "/hello?_method=GET",
				WantStatus: 405, WantJSON: attackErr("method not allowed"), WantHeader: getOnly},
			{Name: "POST /hello as GET by _method in the form", Method: "POST", Path: "/hello", Form: url.Values{"_method": {"GET"}},
				WantStatus: 405, WantJSON: attackErr("method not allowed"), WantHeader: getOnly},
			{Name: "DELETE /stuff as GET", Method: "DELETE", Path: "/stuff", User: "acme", Header: override("X-HTTP-Method-Override", "GET"),
				WantStatus: 405, WantJSON: attackErr("method not allowed"), WantHeader: map[string]string{"Allow": "OPTIONS, GET, HEAD, POST"}},
			{Name: "POST /stuff/x as PATCH", Method: "POST", Path: "/stuff/x", User: "acme", Header: override("X-HTTP-Method-Override", "PATCH"),
				Form: url.Values{"price": {"1"}}, WantStatus: 405, WantJSON: attackErr("method not allowed"), WantHeader: map[string]string{"Allow": "OPTIONS, PATCH"}},
			// GET /token takes Basic, POST /token only param credentials
			{Name: "POST /token as GET, with Basic", Method: "POST", Path: "/token", Auth: fsatest.Basic("acme", acmePass),
				Header: override("X-HTTP-Method-Override", "GET"), WantStatus: 401, WantJSON: attackErr("missing authentication")},
			// GET /stuff takes no parameter, POST /stuff does
			{Name: "GET /stuff as POST", Path: "/stuff", User: "acme", Header: override("X-HTTP-Method-Override", "POST"),
				Form: url.Values{"stuff": {"x"}, "price": {"1"}}, WantStatus: 400,
				WantJSON: attackErr("unexpected http parameter \"price\"\nunexpected http parameter \"stuff\"")},
			{Name: "POST /stuff with _method DELETE", Method: "POST", Path: "/stuff", User: "acme",
				Form: url.Values{"stuff": {"x"}, "price": {"1"}, "_method": {"DELETE"}}, WantStatus: 400, WantJSON: attackErr(`unexpected http parameter "_method"`)},
		})
	})
	// POST and DELETE on one path: the POST handler needs a parameter,
	// so its 400 shows that a POST that asks for DELETE ran as a POST
	t.Run("POST and DELETE", func(t *testing.T) {
		app := fsatest.NewApp(t, "attack")
		fsa.Post(app, "/thing", fsa.Open, func(_ *fsa.Context, in struct{ Name string }) (any, error) { return "posted " + in.Name, nil })
		fsa.Delete(app, "/thing", fsa.Open, func(_ *fsa.Context, _ struct{}) (any, error) { return "deleted", nil })
		missing := fsatest.String(`parameter "name" is missing`)
		fsatest.New(app).Run(t, []fsatest.Case{
			{Name: "control: DELETE", Method: "DELETE", Path: "/thing", WantStatus: 200, WantExact: fsatest.String("deleted")},
			{Name: "X-HTTP-Method-Override: DELETE", Method: "POST", Path: "/thing", Header: http.Header{"X-HTTP-Method-Override": {"DELETE"}}, WantStatus: 400, WantExact: missing},
			{Name: "X-Method-Override: DELETE", Method: "POST", Path: "/thing", Header: http.Header{"X-Method-Override": {"DELETE"}}, WantStatus: 400, WantExact: missing},
			{Name: "X-HTTP-Method: DELETE", Method: "POST", Path: "/thing", Header: http.Header{"X-HTTP-Method": {"DELETE"}}, WantStatus: 400, WantExact: missing},
			{Name: "_method=DELETE in the query", Method: "POST", Path: "/thing?_method=DELETE", WantStatus: 400,
				WantExact: fsatest.String("parameter \"name\" is missing\nunexpected http parameter \"_method\"")},
			{Name: "_method=DELETE in the form", Method: "POST", Path: "/thing", Form: url.Values{"_method": {"DELETE"}}, WantStatus: 400,
				WantExact: fsatest.String("parameter \"name\" is missing\nunexpected http parameter \"_method\"")},
			{Name: "GET with X-HTTP-Method-Override: DELETE", Path: "/thing", Header: http.Header{"X-HTTP-Method-Override": {"DELETE"}}, WantStatus: 405,
				WantHeader: map[string]string{"Allow": "OPTIONS, DELETE, POST"}},
		})
	})
}

// 9. Sizes: a body over 1 MiB is a 413, whatever its type and however its
// length is told; over 1000 parameters is a 413; a long JSON array under
// the body limit is bounded by its field's validation.
func attackSizes(t *testing.T, b backend) {
	app, c := attackAcme(t, b, nil)
	token := attackMint(t, app, "acme")
	const (
		tooLarge = "request body too large"
		tooMany  = "too many parameters"
	)
	big := strings.Repeat("x", 1<<20)
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	pairs := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString("p" + strconv.Itoa(i) + "=1")
		}
		return b.String()
	}
	members := func(n int) string {
		var b strings.Builder
		b.WriteByte('{')
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"p` + strconv.Itoa(i) + `":1`)
		}
		b.WriteByte('}')
		return b.String()
	}
	nested := func(n int) string { // n arrays, one in the other, around a 1
		return strings.Repeat("[", n) + "1" + strings.Repeat("]", n)
	}
	array := func(n int) string {
		return `{"li":[` + strings.TrimSuffix(strings.Repeat("7,", n), ",") + `]}`
	}
	var multi bytes.Buffer
	mw := multipart.NewWriter(&multi)
	for i := range 1001 {
		mw.WriteField("p"+strconv.Itoa(i), "1")
	}
	mw.Close()
	c.Run(t, []fsatest.Case{
		{Name: "JSON body over 1 MiB", Method: "POST", Path: "/stuff", Auth: fsatest.Bearer(token), JSON: map[string]any{"stuff": big, "price": 1},
			WantStatus: 413, WantJSON: attackErr(tooLarge)},
		{Name: "form body over 1 MiB", Method: "POST", Path: "/stuff", Auth: fsatest.Bearer(token), Form: url.Values{"stuff": {big}, "price": {"1"}},
			WantStatus: 413, WantJSON: attackErr(tooLarge)},
		{Name: "body of another type over 1 MiB", Method: "POST", Path: "/stuff", Auth: fsatest.Bearer(token),
			Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: big + "x", WantStatus: 413, WantJSON: attackErr(tooLarge)},
		// the param scheme reads the body before any user is known
		{Name: "body over 1 MiB, no credentials", Method: "POST", Path: "/stuff", JSON: map[string]any{"stuff": big},
			WantStatus: 413, WantJSON: attackErr(tooLarge)},
		{Name: "body over 1 MiB on a route without parameters", Path: "/hello", JSON: map[string]any{"p": big},
			WantStatus: 413, WantJSON: attackErr(tooLarge)},
		{Name: "JSON array over 1 MiB", Path: "/len", JSON: map[string]any{"p": make([]int, 600_000)},
			WantStatus: 413, WantJSON: attackErr(tooLarge)},

		{Name: "1001 query parameters", Path: "/primes?" + pairs(1001), WantStatus: 413, WantJSON: attackErr(tooMany)},
		{Name: "1001 repeated query parameters", Path: "/primes?" + strings.TrimSuffix(strings.Repeat("li=7&", 1001), "&"), WantStatus: 413, WantJSON: attackErr(tooMany)},
		{Name: "1001 form parameters", Path: "/primes", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body: pairs(1001), WantStatus: 413, WantJSON: attackErr(tooMany)},
		{Name: "1001 empty form pairs", Path: "/primes", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body: strings.Repeat("&", 1000), WantStatus: 413, WantJSON: attackErr(tooMany)},
		{Name: "1001 JSON members", Path: "/primes", Header: jsonHeader, Body: members(1001), WantStatus: 413, WantJSON: attackErr(tooMany)},
		// mime/multipart's own bound of 1000 parts, refused alike
		{Name: "1001 multipart parts", Path: "/primes", Header: http.Header{"Content-Type": {mw.FormDataContentType()}},
			Body: multi.String(), WantStatus: 413, WantJSON: attackErr(tooMany)},
		// parameters are counted when first read, by the param scheme,
		// before a user is known: 413 before 401
		{Name: "1001 query parameters before credentials", Method: "POST", Path: "/user?" + pairs(1001), WantStatus: 413, WantJSON: attackErr(tooMany)},

		// under the limits: the field's validation bounds the work
		{Name: "JSON array of 100000 items", Path: "/primes", Header: jsonHeader, Body: array(100_000),
			WantStatus: 400, WantJSON: attackErr(`parameter "li" must have at most 1000 items`)},
		{Name: "1000 repeated query parameters", Path: "/primes?" + strings.TrimSuffix(strings.Repeat("li=7&", 1000), "&"),
			WantStatus: 200, WantExact: fsatest.String("[" + strings.TrimSuffix(strings.Repeat("7,", 1000), ",") + "]\n")},
		// deep JSON: the body's nesting is bounded (64, the body's object
		// counting as one), and encoding/json's 10000 bounds everything
		{Name: "JSON body 64 deep", Path: "/len", Header: jsonHeader, Body: `{"p":` + nested(63) + `}`,
			WantStatus: 200, WantJSON: map[string]any{"len": 1}},
		{Name: "JSON body 65 deep", Path: "/len", Header: jsonHeader, Body: `{"p":` + nested(64) + `}`,
			WantStatus: 400, WantJSON: attackErr("JSON body nested deeper than 64")},
		{Name: "JSON body 100000 deep", Path: "/len", Header: jsonHeader, Body: `{"p":` + nested(99_999) + `}`,
			WantStatus: 400, WantJSON: attackErr("invalid JSON body")}, // encoding/json's own bound comes first
		{Name: "JSON parameter 20000 deep, in a form", Path: "/len", Form: url.Values{"p": {nested(20_000)}},
			WantStatus: 400, WantJSON: attackErr(`parameter "p" must be JSON`)},
		{Name: "JSON parameter 5000 deep, in a form", Path: "/len", Form: url.Values{"p": {nested(5_000)}},
			WantStatus: 200, WantJSON: map[string]any{"len": 1}},
	})

	// what fsatest cannot send: a body of unknown length (chunked), and a
	// Content-Length that is not the body's
	t.Run("lengths", func(t *testing.T) {
		form := "stuff=x&price=" + strings.Repeat("1", 1<<20)
		tests := []struct {
			name   string
			length int64 // the Content-Length told
			body   string
			status int
			msg    string
		}{
			{"unknown length over 1 MiB", -1, form, 413, tooLarge},
			{"unknown length under 1 MiB", -1, "stuff=chunked&price=1", 201, ""},
			{"Content-Length over the body", 100, "stuff=x&price=1", 400, "cannot read request body"},
			{"Content-Length of 10 GiB", 10 << 30, "stuff=x&price=1", 413, tooLarge},
			{"Content-Length under the body", 7, "stuff=x&price=1", 400, `parameter "price" is missing`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := httptest.NewRequest("POST", "/stuff", io.NopCloser(strings.NewReader(tt.body)))
				r.ContentLength = tt.length
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.Header.Set("Authorization", "Bearer "+token)
				res, body := attackSend(t, app, r)
				if res.StatusCode != tt.status {
					t.Errorf("status %d, want %d (body %.200q)", res.StatusCode, tt.status, body)
				}
				if tt.msg != "" && body != `{"error":`+strconv.Quote(tt.msg)+"}\n" {
					t.Errorf("body %.200q, want the error %q", body, tt.msg)
				}
			})
		}
	})
}
