package fsa

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/blake2s"
)

// fzNow is the fixed present of the token fuzz targets' apps.
var fzNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// fzSecret and fzOtherSecret are the token fuzz targets' secrets: the
// app's, and another.
const (
	fzSecret      = "fuzz-secret-fuzz-secret-fuzz-secret!"
	fzOtherSecret = "another-secret-another-secret-another!"
)

// fzTokenApp returns an app named test of FSA_TOKEN_TYPE typ, signing
// with secret, at now, whose GET /who authenticates by bearer token and
// returns the login.
func fzTokenApp(tb testing.TB, typ, secret string, now time.Time) *App {
	tb.Helper()
	app := fzApp(tb, []Option{Clock(func() time.Time { return now })},
		"FSA_AUTH", []string{"token"}, "FSA_TOKEN_TYPE", typ, "FSA_TOKEN_SECRET", secret)
	Get(app, "/who", Auth, func(c *Context, _ struct{}) (any, error) { return c.User(), nil })
	fzCheck(tb, app)
	return app
}

// fzToken returns app.CreateToken(user, opts...), failing on error.
func fzToken(tb testing.TB, app *App, user string, opts ...TokenOption) string {
	tb.Helper()
	token, err := app.CreateToken(user, opts...)
	if err != nil {
		tb.Fatalf("CreateToken(%q): %v", user, err)
	}
	return token
}

// fzSendToken sends token as a bearer token to GET /who.
func fzSendToken(app *App, token string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/who", nil)
	r.Header["Authorization"] = []string{"Bearer " + token}
	return fzServe(app, r)
}

// fzTokenAnswer checks what every response to a token must be: no 5xx, a 200
// or a 401 with one of messages and the Bearer challenge, and nothing of
// the token in the body or a header.
func fzTokenAnswer(t *testing.T, token string, res *httptest.ResponseRecorder, messages []string) {
	t.Helper()
	body := res.Body.String()
	switch {
	case res.Code != http.StatusOK && res.Code != http.StatusUnauthorized:
		t.Fatalf("token %q: %d %q, want a 200 or a 401", token, res.Code, body)
	case res.Code == http.StatusUnauthorized && !slices.Contains(messages, body):
		t.Fatalf("token %q: 401 %q, not a token message", token, body)
	case res.Code == http.StatusUnauthorized && res.Header().Get("WWW-Authenticate") != `Bearer realm="test"`:
		t.Fatalf("token %q: 401 with challenge %q", token, res.Header().Get("WWW-Authenticate"))
	}
	if token = strings.TrimSpace(token); len(token) >= 8 {
		if strings.Contains(body, token) {
			t.Fatalf("token %q: the answer %q shows it", token, body)
		}
		for name, values := range res.Header() {
			if slices.ContainsFunc(values, func(v string) bool { return strings.Contains(v, token) }) {
				t.Fatalf("token %q: header %s shows it", token, name)
			}
		}
	}
}

// fzFSASign is an fsa token's signature of data (PREFIX:USER:LIMIT) as
// FlaskSimpleAuth makes it by default: the hex of the first 16 bytes of
// the BLAKE2s-256 of data:secret.
func fzFSASign(data, secret string) string {
	sum := blake2s.Sum256([]byte(data + ":" + secret))
	return hex.EncodeToString(sum[:16])
}

// fzFSAModel tells whether the app of fzTokenApp(fsa, fzSecret, fzNow)
// must accept token, and for whom, by the documented rules: around
// spaces, at most 8 KiB of test:USER:LIMIT:SIG, USER not empty, LIMIT a
// UTC date YYYYMMDDHHmmSS that exists and is not past (the last second
// included), SIG fzFSASign's.
func fzFSAModel(token string) (user string, ok bool) {
	token = strings.TrimSpace(token)
	parts := strings.Split(token, ":")
	if len(token) > maxTokenBytes || len(parts) != 4 || parts[0] != "test" || parts[1] == "" {
		return "", false
	}
	limit := parts[2]
	if len(limit) != 14 || strings.ContainsFunc(limit, func(r rune) bool { return r < '0' || r > '9' }) {
		return "", false
	}
	expires, err := time.Parse("20060102150405", limit)
	if err != nil || fzNow.After(expires) {
		return "", false
	}
	return parts[1], parts[3] == fzFSASign(strings.Join(parts[:3], ":"), fzSecret)
}

// fzFSAMessages are the responses of an fsa token's 401s.
var fzFSAMessages = []string{"missing authentication", "invalid token", "invalid fsa token",
	"unexpected fsa token limit", "unexpected fsa token realm", "invalid fsa auth token signature",
	"expired auth token"}

// FuzzFSAToken sends a bearer token to a route of an fsa token app; when
// sign is set, the token is what is sent and its right signature, so that
// the realm, user and limit checks are reached. Properties: no panic; a
// 200 exactly when fzFSAModel accepts the token, for the user it names,
// and then the token is byte for byte the one the app signs for that user
// and limit; otherwise a 401 with a token message and the Bearer
// challenge; no response shows the token.
func FuzzFSAToken(f *testing.F) {
	app := fzTokenApp(f, "fsa", fzSecret, fzNow)
	valid := fzToken(f, app, "calvin")
	unsigned := valid[:strings.LastIndex(valid, ":")]
	for _, seed := range []string{
		valid,
		" " + valid + "\t",
		valid[:len(valid)-1],
		valid + "0",
		strings.ToUpper(valid),
		unsigned + ":" + fzFSASign(unsigned, fzOtherSecret),
		fzToken(f, fzTokenApp(f, "fsa", fzOtherSecret, fzNow), "calvin"),
		fzToken(f, fzTokenApp(f, "fsa", fzSecret, fzNow.Add(-2*time.Hour)), "calvin"),
		fzToken(f, app, "calvin", TokenRealm("acme")),
		fzToken(f, app, "calvin", TokenIssuer("god")),
		fzToken(f, app, "hobbes", TokenDelay(time.Second)),
		fzToken(f, app, strings.Repeat("u", 8000)),
		fzToken(f, app, strings.Repeat("u", 8200)),
		"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJjYWx2aW4iLCJhdWQiOiJ0ZXN0In0.",
		"calvin-hobbes-and-susie", ":::", "", " ",
		strings.Repeat("x", 9000),
	} {
		f.Add(seed, false)
	}
	for _, data := range []string{
		"test:calvin:20361122082316",
		"test:calvin:20261125120000", // expires this very second: still valid
		"test:calvin:20261125115959",
		"test:rosalyn.o'neil@example.com:20361122082316",
		"test:jösé:20361122082316",
		"test:\xff:20361122082316",
		"test::20361122082316",
		"test:cal:vin:20361122082316",
		"test/god:calvin:20361122082316",
		"acme:calvin:20361122082316",
		"Test:calvin:20361122082316",
		"test:calvin:20271325120000",
		"test:calvin:20270229120000",
		"test:calvin:20280229120000",
		"test:calvin:+0361122082316",
		"test:calvin:２０３６１１２２０８２３１６",
		"test:calvin:99991231235959",
		"test:calvin:00000101000000",
	} {
		f.Add(data, true)
	}
	f.Fuzz(func(t *testing.T, token string, sign bool) {
		if sign {
			token += ":" + fzFSASign(token, fzSecret)
		}
		res := fzSendToken(app, token)
		fzTokenAnswer(t, token, res, fzFSAMessages)
		user, ok := fzFSAModel(token)
		switch {
		case ok && (res.Code != http.StatusOK || res.Body.String() != user):
			t.Fatalf("token %q: %d %q, want 200 %q", token, res.Code, res.Body, user)
		case !ok && res.Code != http.StatusUnauthorized:
			t.Fatalf("token %q: %d %q, want a 401", token, res.Code, res.Body)
		case ok:
			parts := strings.Split(strings.TrimSpace(token), ":")
			if made, _ := app.tokens.makeFSA(parts[0], parts[1], parts[2]); made != strings.TrimSpace(token) {
				t.Fatalf("token %q accepted, but the app signs %q", token, made)
			}
		}
	})
}

// fzJWTSign returns a JWT of the header and claims given, signed HS256
// with secret, whatever its header says.
func fzJWTSign(header, claims, secret string) string {
	enc := base64.RawURLEncoding.EncodeToString
	data := enc([]byte(header)) + "." + enc([]byte(claims))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(data))
	return data + "." + enc(mac.Sum(nil))
}

// fzJWTLibrary checks a JWT independently with golang-jwt, as the
// documentation says the app of fzTokenApp(jwt, fzSecret, fzNow) must:
// HS256 only, with its secret, an expiry, the realm test as audience, no
// future iat or nbf, a subject that is a string and not empty.
func fzJWTLibrary(token string) (sub string, ok bool) {
	p := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithAudience("test"), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithTimeFunc(func() time.Time { return fzNow }))
	claims := jwt.MapClaims{}
	if _, err := p.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return []byte(fzSecret), nil }); err != nil {
		return "", false
	}
	sub, _ = claims["sub"].(string)
	return sub, sub != ""
}

// fzJWTByHand checks a JWT without golang-jwt, leniently with times (a
// library may round them to the second): three base64url segments, a
// header whose alg is HS256, the HMAC-SHA256 signature of the first two
// with the app's secret, claims with an exp after now, no iat or nbf a
// second after now, test in aud, a non-empty string sub. It also returns
// the claims.
func fzJWTByHand(token string) (sub string, payload []byte, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", nil, false
	}
	dec := base64.RawURLEncoding.DecodeString
	header, err1 := dec(parts[0])
	payload, err2 := dec(parts[1])
	sig, err3 := dec(parts[2])
	mac := hmac.New(sha256.New, []byte(fzSecret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	var h map[string]any
	if err1 != nil || err2 != nil || err3 != nil || !hmac.Equal(sig, mac.Sum(nil)) ||
		json.Unmarshal(header, &h) != nil || h["alg"] != "HS256" {
		return "", nil, false
	}
	var claims map[string]any
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	if d.Decode(&claims) != nil {
		return "", nil, false
	}
	now := float64(fzNow.Unix())
	number := func(name string) (float64, bool) {
		n, ok := claims[name].(json.Number)
		f, err := n.Float64()
		return f, ok && err == nil
	}
	if exp, ok := number("exp"); !ok || exp <= now {
		return "", nil, false
	}
	for _, name := range []string{"iat", "nbf"} {
		if v, ok := number(name); claims[name] != nil && (!ok || v >= now+1) {
			return "", nil, false
		}
	}
	switch aud := claims["aud"].(type) {
	case string:
		ok = aud == "test"
	case []any:
		ok = slices.Contains(aud, any("test"))
	}
	sub, _ = claims["sub"].(string)
	return sub, payload, ok && sub != ""
}

// fzJWTMessages are the responses of a JWT's 401s.
var fzJWTMessages = []string{"missing authentication", "invalid token", "invalid jwt token",
	"expired auth token"}

// FuzzJWT sends a bearer token to a route of a JWT app (HS256): token as
// is, or, when header or claims are set, the JWT of that header (by
// default HS256's) and those claims, signed with the app's secret, so that
// the claims checks are reached. Properties: no panic; a 200 only for a
// token that golang-jwt, configured independently (fzJWTLibrary), and a
// check by hand (fzJWTByHand) both accept, for the user they find; and
// a 200 for every token under 8 KiB they accept whose claims have the
// registered claims' types; otherwise a 401 with a token message and the
// Bearer challenge; no response shows the token.
func FuzzJWT(f *testing.F) {
	app := fzTokenApp(f, "jwt", fzSecret, fzNow)
	valid := fzToken(f, app, "calvin")
	parts := strings.Split(valid, ".")
	hs256 := `{"alg":"HS256","typ":"JWT"}`
	for _, seed := range []string{
		valid,
		" " + valid + " ",
		valid[:len(valid)-1],
		parts[0] + "." + parts[1] + ".",
		parts[0] + "." + parts[1],
		valid + ".e30",
		fzToken(f, fzTokenApp(f, "jwt", fzOtherSecret, fzNow), "calvin"),
		fzToken(f, fzTokenApp(f, "jwt", fzSecret, fzNow.Add(-2*time.Hour)), "calvin"),
		fzToken(f, app, "calvin", TokenRealm("acme")),
		fzToken(f, app, "calvin", TokenScopes("read", "write")),
		fzToken(f, app, strings.Repeat("u", 6000)),
		fzToken(f, app, strings.Repeat("u", 6200)),
		"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJjYWx2aW4iLCJhdWQiOiJ0ZXN0In0.",
		"not.a.token!", "calvin-hobbes-and-susie", "..", "", strings.Repeat("x", 9000),
	} {
		f.Add(seed, "", "")
	}
	exp := func(d time.Duration) string { return fzInt(fzNow.Add(d).Unix()) }
	for _, seed := range [][2]string{
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test"}`},
		{`{"alg":"HS256"}`, `{"exp":` + exp(time.Hour) + `,"sub":"hobbes","aud":["acme","test"],"scope":"read"}`},
		{`{"alg":"none","typ":"JWT"}`, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test"}`},
		{`{"alg":"HS512","typ":"JWT"}`, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test"}`},
		{`{"typ":"JWT"}`, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test"}`},
		{hs256, `{"exp":` + exp(0) + `,"sub":"calvin","aud":"test"}`},
		{hs256, `{"exp":` + exp(-time.Second) + `,"sub":"calvin","aud":"test"}`},
		{hs256, `{"exp":` + exp(time.Second) + `.5,"sub":"calvin","aud":"test"}`},
		{hs256, `{"exp":"tomorrow","sub":"calvin","aud":"test"}`},
		{hs256, `{"exp":1e300,"sub":"calvin","aud":"test"}`},
		{hs256, `{"sub":"calvin","aud":"test"}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"","aud":"test"}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":42,"aud":"test"}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"Test"}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":[]}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin"}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test","nbf":` + exp(time.Minute) + `}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test","iat":` + exp(time.Minute) + `}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test","iat":` + exp(-time.Minute) + `,"nbf":0}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","aud":"test","scope":["admin"]}`},
		{hs256, `{"exp":` + exp(time.Hour) + `,"sub":"calvin","sub":"hobbes","aud":"test"}`},
		{hs256, `[]`},
		{hs256, `null`},
	} {
		f.Add("", seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, token, header, claims string) {
		if header != "" || claims != "" {
			if header == "" {
				header = hs256
			}
			token = fzJWTSign(header, claims, fzSecret)
		}
		res := fzSendToken(app, token)
		fzTokenAnswer(t, token, res, fzJWTMessages)
		trimmed := strings.TrimSpace(token)
		libSub, libOK := fzJWTLibrary(trimmed)
		handSub, payload, handOK := fzJWTByHand(trimmed)
		if res.Code == http.StatusOK && (!libOK || !handOK || libSub != res.Body.String() || handSub != libSub) {
			t.Fatalf("token %q: 200 %q, but golang-jwt says %v %q, and the check by hand %v %q", token, res.Body, libOK, libSub, handOK, handSub)
		}
		var typed jwtIn
		if libOK && len(trimmed) <= maxTokenBytes && json.Unmarshal(payload, &typed) == nil && res.Code != http.StatusOK {
			t.Fatalf("token %q: %d %q, but golang-jwt accepts it, for %q", token, res.Code, res.Body, libSub)
		}
	})
}

// fzInt writes an integer as JSON.
func fzInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
