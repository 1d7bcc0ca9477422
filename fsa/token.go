package fsa

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/blake2s"
)

// maxTokenBytes bounds the tokens checked: a longer one is refused unread.
const maxTokenBytes = 8 << 10

// minSecretBytes is the least secret an HMAC or fsa token may have in
// prod mode: 256 bits, what HS256 and BLAKE2s-256 provide.
const minSecretBytes = 32

// tokenInfo is what a valid token says.
type tokenInfo struct {
	user    string
	expires time.Time
	scopes  []string
}

// tokens makes and checks the app's tokens.
type tokens struct {
	jwt       bool
	algo      string
	carrier   string
	name      string // the carrier's name
	issuer    string
	delay     time.Duration
	grace     time.Duration
	length    int // fsa signature bytes
	renewal   float64
	secret    []byte
	sum       func([]byte) []byte // fsa tokens' hash
	method    jwt.SigningMethod
	signKey   any // nil: this app cannot make JWTs
	checkKey  any
	parser    *jwt.Parser
	now       func() time.Time
	cache     Cache
	ttl       time.Duration // of cached checks
	keyPrefix string        // FSA_CACHE_PREFIX
	keyID     []byte        // tells this configuration's cache entries apart
	memo      *tokenMemo    // nil with FSA_CACHE none
}

// fsaHashes are the hashes fsa tokens may be signed with, by
// FlaskSimpleAuth's (hashlib's) names.
var fsaHashes = map[string]func([]byte) []byte{
	"blake2s":  func(b []byte) []byte { s := blake2s.Sum256(b); return s[:] },
	"blake2b":  func(b []byte) []byte { s := blake2b.Sum512(b); return s[:] },
	"sha256":   func(b []byte) []byte { s := sha256.Sum256(b); return s[:] },
	"sha512":   func(b []byte) []byte { s := sha512.Sum512(b); return s[:] },
	"sha3_256": func(b []byte) []byte { s := sha3.Sum256(b); return s[:] },
	"sha3_512": func(b []byte) []byte { s := sha3.Sum512(b); return s[:] },
}

// newTokens checks the token directives and prepares the keys. It returns
// nil when FSA_TOKEN_TYPE is None.
func newTokens(cfg *Config, now func() time.Time, cache Cache, log *slog.Logger) (*tokens, error) {
	used := slices.Contains(cfg.Auth, "token") || slices.Contains(cfg.Auth, "oauth")
	if cfg.TokenType == "" {
		return nil, nil
	}
	t := &tokens{jwt: cfg.TokenType == "jwt", algo: cfg.TokenAlgo, carrier: cfg.TokenCarrier, name: cfg.TokenName,
		issuer: cfg.TokenIssuer, delay: cfg.TokenDelay, grace: cfg.TokenGrace, length: cfg.TokenLength,
		renewal: cfg.TokenRenewal, now: now, cache: cache, ttl: cfg.CacheTTL, keyPrefix: cfg.CachePrefix}
	if cfg.Cache != "none" {
		t.memo = &tokenMemo{}
	}
	bad := func(name, format string, args ...any) error {
		return &ConfigError{Source: "configuration", Name: name, Msg: fmt.Sprintf(format, args...)}
	}
	if t.name == "" {
		t.name = map[string]string{"bearer": "Bearer", "param": "AUTH", "cookie": "auth", "header": "Auth"}[t.carrier]
	}
	hmac := true
	if t.jwt {
		if t.algo == "" {
			t.algo = "HS256"
		}
		if t.algo == "none" {
			return nil, bad("FSA_TOKEN_ALGO", "none signs nothing: choose HS256 or a public-key method")
		}
		t.method = jwt.GetSigningMethod(t.algo)
		if t.method == nil || t.algo == "none" {
			return nil, bad("FSA_TOKEN_ALGO", "unexpected jwt method %q: want HS256, HS384, HS512, RS*, PS*, ES* or EdDSA", t.algo)
		}
		hmac = strings.HasPrefix(t.algo, "HS")
		if !hmac {
			var err error
			if t.checkKey, t.signKey, err = publicKeys(t.algo, cfg.TokenSecret, cfg.TokenSign); err != nil {
				return nil, &ConfigError{Source: "configuration", Name: "FSA_TOKEN_SECRET", Err: err}
			}
		}
		opts := []jwt.ParserOption{jwt.WithValidMethods([]string{t.algo}), jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(), jwt.WithLeeway(t.grace), jwt.WithTimeFunc(now)}
		if t.issuer != "" {
			opts = append(opts, jwt.WithIssuer(t.issuer))
		}
		t.parser = jwt.NewParser(opts...)
	} else {
		if t.algo == "" {
			t.algo = "blake2s"
		}
		if t.sum = fsaHashes[t.algo]; t.sum == nil {
			return nil, bad("FSA_TOKEN_ALGO", "unexpected fsa token hash %q: want blake2s, blake2b, sha256, sha512, sha3_256 or sha3_512", t.algo)
		}
		if size := len(t.sum(nil)); t.length > size {
			return nil, bad("FSA_TOKEN_LENGTH", "%d bytes is more than %s gives (%d)", t.length, t.algo, size)
		}
	}
	if hmac {
		switch {
		case cfg.TokenSecret == "" && !used:
			t.secret = []byte(randomSecret())
		case cfg.TokenSecret == "":
			t.secret = []byte(randomSecret())
			log.Warn("fsa: FSA_TOKEN_SECRET is not set: tokens use a random secret, and only this process accepts them")
		case len(cfg.TokenSecret) < minSecretBytes && cfg.mode == modeProd:
			return nil, bad("FSA_TOKEN_SECRET", "too short: want %d bytes or more", minSecretBytes)
		case len(cfg.TokenSecret) < minSecretBytes:
			log.Warn("fsa: FSA_TOKEN_SECRET is short: prod mode refuses less than 32 bytes")
			fallthrough
		default:
			t.secret = []byte(cfg.TokenSecret)
		}
		t.checkKey, t.signKey = t.secret, t.secret
	}
	if t.carrier == "cookie" && t.signKey == nil {
		log.Warn("fsa: FSA_TOKEN_SIGN is not set: the cookie carrier cannot renew token cookies")
	}
	t.keyID = t.configID(cfg.TokenSecret)
	return t, nil
}

// configID is a hash of what makes a token valid besides its realm: type,
// method, length, issuer and key. A cache that several apps share (see
// Caching) then never answers for one app with another's check.
func (t *tokens) configID(public string) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%t\x00%s\x00%d\x00%s\x00%d\x00", t.jwt, t.algo, t.length, t.issuer, len(t.secret))
	h.Write(t.secret)
	if t.secret == nil {
		h.Write([]byte(public))
	}
	return h.Sum(nil)
}

// publicKeys reads the PEM keys of a public-key JWT method: FSA_TOKEN_SECRET
// verifies, FSA_TOKEN_SIGN (optional) signs.
func publicKeys(algo, public, private string) (check, sign any, err error) {
	parse := map[byte][2]func([]byte) (any, error){
		'R': {func(b []byte) (any, error) { return jwt.ParseRSAPublicKeyFromPEM(b) }, func(b []byte) (any, error) { return jwt.ParseRSAPrivateKeyFromPEM(b) }},
		'P': {func(b []byte) (any, error) { return jwt.ParseRSAPublicKeyFromPEM(b) }, func(b []byte) (any, error) { return jwt.ParseRSAPrivateKeyFromPEM(b) }},
		'E': {func(b []byte) (any, error) { return jwt.ParseECPublicKeyFromPEM(b) }, func(b []byte) (any, error) { return jwt.ParseECPrivateKeyFromPEM(b) }},
	}[algo[0]]
	if algo == "EdDSA" {
		parse = [2]func([]byte) (any, error){
			func(b []byte) (any, error) { return jwt.ParseEdPublicKeyFromPEM(b) },
			func(b []byte) (any, error) { return jwt.ParseEdPrivateKeyFromPEM(b) }}
	}
	if public == "" {
		return nil, nil, fmt.Errorf("%s needs the PEM public key that verifies tokens", algo)
	}
	if check, err = parse[0]([]byte(public)); err != nil {
		return nil, nil, fmt.Errorf("not a PEM public key for %s: %w", algo, err)
	}
	if private != "" {
		if sign, err = parse[1]([]byte(private)); err != nil {
			return nil, nil, fmt.Errorf("FSA_TOKEN_SIGN: not a PEM private key for %s: %w", algo, err)
		}
	}
	if key, ok := check.(*rsa.PublicKey); ok && key.N.BitLen() < 2048 {
		return nil, nil, fmt.Errorf("an RSA key of %d bits is too weak: want 2048 bits or more", key.N.BitLen())
	}
	return check, sign, nil
}

// randomSecret returns 40 random printable characters.
func randomSecret() string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, 40)
	rand.Read(b)
	for i := range b {
		b[i] = chars[b[i]%64]
	}
	return string(b)
}

// simpleRealm is FlaskSimpleAuth's token realm: every character but
// letters, digits and dashes becomes a dash, dashes are not repeated and
// do not start or end it ("Acme Corp. (EU)" gives "Acme-Corp-EU").
func simpleRealm(realm string) string {
	var b strings.Builder
	for _, r := range realm {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		if !ok {
			r = '-'
		}
		if r == '-' && (b.Len() == 0 || strings.HasSuffix(b.String(), "-")) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSuffix(b.String(), "-")
}

// tokenSpec is what CreateToken makes.
type tokenSpec struct {
	realm, issuer string
	delay         time.Duration
	scopes        []string
}

// TokenOption changes a token that CreateToken makes.
type TokenOption func(*tokenSpec)

// TokenRealm makes a token for another realm than the route's or the
// app's: routes of that realm (see Realm) accept it, others refuse it.
func TokenRealm(realm string) TokenOption { return func(s *tokenSpec) { s.realm = realm } }

// TokenIssuer sets the token's issuer instead of FSA_TOKEN_ISSUER.
func TokenIssuer(issuer string) TokenOption { return func(s *tokenSpec) { s.issuer = issuer } }

// TokenDelay sets the token's lifetime instead of FSA_TOKEN_DELAY.
func TokenDelay(d time.Duration) TokenOption { return func(s *tokenSpec) { s.delay = d } }

// TokenScopes sets the OAuth scopes of a JWT (fsa tokens carry none).
func TokenScopes(scopes ...string) TokenOption { return func(s *tokenSpec) { s.scopes = scopes } }

// CreateToken returns a new token for user, in the app's realm, signed
// as FSA_TOKEN_TYPE and FSA_TOKEN_ALGO say, valid for FSA_TOKEN_DELAY.
func (a *App) CreateToken(user string, opts ...TokenOption) (string, error) {
	return a.createToken(user, a.config.Realm, opts)
}

// CreateToken returns a new token for the authenticated user, in the
// route's realm.
func (c *Context) CreateToken(opts ...TokenOption) (string, error) {
	if c.user == "" {
		return "", errors.New("fsa: CreateToken: no authenticated user")
	}
	return c.app.createToken(c.user, c.route.realm, opts)
}

func (a *App) createToken(user, realm string, opts []TokenOption) (string, error) {
	t := a.tokens
	if t == nil {
		return "", errors.New("fsa: CreateToken: FSA_TOKEN_TYPE is None")
	}
	spec := tokenSpec{realm: realm, issuer: t.issuer, delay: t.delay}
	for _, opt := range opts {
		opt(&spec)
	}
	switch {
	case user == "":
		return "", errors.New("fsa: CreateToken: empty user")
	case spec.delay <= 0:
		return "", errors.New("fsa: CreateToken: the delay must be positive")
	case len(spec.scopes) > 0 && !t.jwt:
		return "", errors.New("fsa: CreateToken: fsa tokens carry no scopes: use FSA_TOKEN_TYPE jwt")
	}
	if len(opts) > 0 {
		return a.makeToken(user, spec)
	}
	// the usual token is cached, and given again while more than half of
	// its life is left, as FlaskSimpleAuth does: the checks of a token
	// many logins share are cached once
	ctx, key := context.Background(), a.cacheKey("T.", user, realm)
	if value, ok := a.cache.Get(ctx, key); ok && len(value) > 8 {
		expires := time.Unix(int64(binary.BigEndian.Uint64(value)), 0)
		if expires.Sub(t.now()) > spec.delay/2 {
			return string(value[8:]), nil
		}
	}
	token, err := a.makeToken(user, spec)
	if err == nil {
		value := binary.BigEndian.AppendUint64(nil, uint64(t.now().Add(spec.delay).Unix()))
		a.cache.Set(ctx, key, append(value, token...), min(a.config.CacheTTL, spec.delay/2))
	}
	return token, err
}

// makeToken makes a new token.
func (a *App) makeToken(user string, spec tokenSpec) (string, error) {
	t := a.tokens
	expires := t.now().Add(spec.delay)
	if expires.Year() > 9999 {
		return "", errors.New("fsa: CreateToken: the token would expire after year 9999")
	}
	if t.jwt {
		return t.makeJWT(user, spec, expires)
	}
	if strings.Contains(user, ":") || strings.Contains(spec.issuer, ":") {
		return "", errors.New("fsa: CreateToken: fsa tokens cannot hold a login or issuer with ':'")
	}
	return t.makeFSA(t.prefix(simpleRealm(spec.realm), spec.issuer), user, expires.UTC().Format(limitLayout)), nil
}

// limitLayout is an fsa token's expiry, in UTC.
const limitLayout = "20060102150405"

// prefix is an fsa token's realm part: REALM or REALM/ISSUER.
func (t *tokens) prefix(realm, issuer string) string {
	if issuer != "" {
		return realm + "/" + issuer
	}
	return realm
}

// makeFSA signs an fsa token: PREFIX:USER:LIMIT:SIG, SIG the hex of the
// first FSA_TOKEN_LENGTH bytes of the hash of PREFIX:USER:LIMIT:SECRET.
func (t *tokens) makeFSA(prefix, user, limit string) string {
	data := prefix + ":" + user + ":" + limit
	return data + ":" + t.signature(data)
}

func (t *tokens) signature(data string) string {
	msg := make([]byte, 0, len(data)+1+len(t.secret))
	msg = append(append(append(msg, data...), ':'), t.secret...)
	return hex.EncodeToString(t.sum(msg)[:t.length])
}

// jwtOut is the claims of a JWT this app makes, in PyJWT's order.
type jwtOut struct {
	Exp   int64  `json:"exp"`
	Sub   string `json:"sub"`
	Aud   string `json:"aud"`
	Iss   string `json:"iss,omitempty"`
	Scope string `json:"scope,omitempty"`
}

func (o jwtOut) GetExpirationTime() (*jwt.NumericDate, error) {
	return jwt.NewNumericDate(time.Unix(o.Exp, 0)), nil
}
func (o jwtOut) GetIssuedAt() (*jwt.NumericDate, error)  { return nil, nil }
func (o jwtOut) GetNotBefore() (*jwt.NumericDate, error) { return nil, nil }
func (o jwtOut) GetIssuer() (string, error)              { return o.Iss, nil }
func (o jwtOut) GetSubject() (string, error)             { return o.Sub, nil }
func (o jwtOut) GetAudience() (jwt.ClaimStrings, error)  { return jwt.ClaimStrings{o.Aud}, nil }

func (t *tokens) makeJWT(user string, spec tokenSpec, expires time.Time) (string, error) {
	if t.signKey == nil {
		return "", errors.New("fsa: CreateToken: FSA_TOKEN_SIGN is not set: this app checks tokens but cannot make them")
	}
	claims := jwtOut{Exp: expires.Unix(), Sub: user, Aud: spec.realm, Iss: spec.issuer, Scope: strings.Join(spec.scopes, " ")}
	s, err := jwt.NewWithClaims(t.method, claims).SignedString(t.signKey)
	if err != nil {
		return "", fmt.Errorf("fsa: CreateToken: %w", err)
	}
	return s, nil
}

// jwtIn is the claims of a JWT checked.
type jwtIn struct {
	jwt.RegisteredClaims
	Scope string `json:"scope"`
}

// UnmarshalJSON reads the claims by their exact names: claim names are
// case-sensitive (RFC 7519, section 4), and encoding/json's matching of
// struct fields is not, which would read "Sub" or "EXP" as registered
// claims, and {"sub":"a","Sub":"b"} as b where other libraries read a.
func (c *jwtIn) UnmarshalJSON(b []byte) error {
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(b, &claims); err != nil {
		return err
	}
	for name, raw := range claims {
		var dst any
		switch name {
		case "iss":
			dst = &c.Issuer
		case "sub":
			dst = &c.Subject
		case "aud":
			dst = &c.Audience
		case "exp":
			dst = &c.ExpiresAt
		case "nbf":
			dst = &c.NotBefore
		case "iat":
			dst = &c.IssuedAt
		case "jti":
			dst = &c.ID
		case "scope":
			dst = &c.Scope
		default:
			continue
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return err
		}
	}
	return nil
}

// carried returns the token a request carries, if any.
func (t *tokens) carried(c *Context) (string, error) {
	r := c.ec.Request()
	var token string
	switch t.carrier {
	case "bearer":
		var ok bool
		if token, ok = strings.CutPrefix(r.Header.Get("Authorization"), t.name+" "); !ok {
			return "", errNoCredentials
		}
	case "header":
		values := r.Header.Values(t.name)
		if len(values) > 1 {
			return "", errToken("more than one " + t.name + " header")
		}
		if len(values) == 1 {
			token = values[0]
		}
	case "cookie":
		cookies := r.CookiesNamed(t.name)
		if len(cookies) > 1 {
			return "", errToken("more than one " + t.name + " cookie")
		}
		if len(cookies) == 1 {
			token = cookies[0].Value
		}
	case "param":
		d, err := c.requestData()
		if err != nil {
			return "", err
		}
		token, _ = paramString(d, t.name)
	}
	if token = strings.TrimSpace(token); token == "" {
		return "", errNoCredentials
	}
	return token, nil
}

// errToken is a refused token: always a 401, never echoing the token.
func errToken(msg string) error { return Err(msg, http.StatusUnauthorized) }

// check returns what a token says, if it is valid in realm. Valid tokens
// are cached, keyed by a hash of realm and token; the expiry is checked
// again on every hit.
func (t *tokens) check(c *Context, token, realm string) (tokenInfo, error) {
	if len(token) > maxTokenBytes {
		return tokenInfo{}, errToken("invalid token")
	}
	if info, ok := t.memo.get(token, realm); ok {
		if t.expired(info.expires) {
			return tokenInfo{}, errToken("expired auth token")
		}
		return info, nil
	}
	key := t.cacheKey(token, realm)
	if value, ok := t.cache.Get(c, key); ok {
		if info, ok := decodeTokenInfo(value); ok {
			if t.expired(info.expires) {
				return tokenInfo{}, errToken("expired auth token")
			}
			t.memo.put(token, realm, info)
			return info, nil
		}
	}
	var info tokenInfo
	var err error
	if t.jwt {
		info, err = t.checkJWT(token, realm)
	} else {
		info, err = t.checkFSA(token, realm)
	}
	if err == nil {
		t.cache.Set(c, key, encodeTokenInfo(info), min(t.ttl, info.expires.Sub(t.now())+t.grace+time.Second))
		t.memo.put(token, realm, info)
	}
	return info, err
}

// tokenMemo remembers the valid tokens this process has checked, keyed by
// the token itself, in front of the cache: a check is a function of the
// token, the realm and the configuration, so a memo of it never goes stale
// but for the expiry, which is checked on every use. It holds at most
// maxTokenMemo tokens, and forgets them all when full.
type tokenMemo struct {
	m    sync.Map // token -> *memoEntry
	size atomic.Int64
}

type memoEntry struct {
	realm string
	info  tokenInfo
}

const maxTokenMemo = 1 << 14

func (m *tokenMemo) get(token, realm string) (tokenInfo, bool) {
	if m == nil {
		return tokenInfo{}, false
	}
	if v, ok := m.m.Load(token); ok {
		if e := v.(*memoEntry); e.realm == realm {
			return e.info, true
		}
	}
	return tokenInfo{}, false
}

func (m *tokenMemo) put(token, realm string, info tokenInfo) {
	if m == nil {
		return
	}
	if m.size.Add(1) > maxTokenMemo {
		m.m.Clear()
		m.size.Store(1)
	}
	m.m.Store(strings.Clone(token), &memoEntry{realm: realm, info: info})
}

// forget removes a token, or every token when token is "".
func (m *tokenMemo) forget(token string) {
	if m == nil {
		return
	}
	if token == "" {
		m.m.Clear()
		m.size.Store(0)
	} else if _, ok := m.m.LoadAndDelete(token); ok {
		m.size.Add(-1)
	}
}

// expired tells whether a token that expires then is refused now, as the
// full check does: an fsa token during its last second is still valid
// (FlaskSimpleAuth's rule), a JWT is not (exp is the first invalid time).
func (t *tokens) expired(expires time.Time) bool {
	late := t.now().Add(-t.grace)
	if t.jwt {
		return !late.Before(expires)
	}
	return late.After(expires)
}

// cacheKey is "t." and the SHA-256 of the configuration, realm and token.
func (t *tokens) cacheKey(token, realm string) string {
	var buf [256]byte // the usual token fits: no allocation for the input
	in := append(append(append(append(buf[:0], t.keyID...), realm...), 0), token...)
	sum := sha256.Sum256(in)
	var key strings.Builder
	key.Grow(len(t.keyPrefix) + 2 + 2*sha256.Size)
	key.WriteString(t.keyPrefix)
	key.WriteString("t.")
	var hexSum [2 * sha256.Size]byte
	hex.Encode(hexSum[:], sum[:])
	key.Write(hexSum[:])
	return key.String()
}

// checkFSA checks an fsa token: PREFIX:USER:LIMIT:SIG.
func (t *tokens) checkFSA(token, realm string) (tokenInfo, error) {
	parts := strings.Split(token, ":")
	if len(parts) != 4 || parts[1] == "" {
		return tokenInfo{}, errToken("invalid fsa token")
	}
	prefix, user, limit, sig := parts[0], parts[1], parts[2], parts[3]
	expires, ok := parseLimit(limit)
	if !ok {
		return tokenInfo{}, errToken("unexpected fsa token limit")
	}
	if prefix != t.prefix(simpleRealm(realm), t.issuer) {
		return tokenInfo{}, errToken("unexpected fsa token realm")
	}
	want := t.signature(prefix + ":" + user + ":" + limit)
	if subtle.ConstantTimeCompare([]byte(sig), []byte(want)) != 1 {
		return tokenInfo{}, errToken("invalid fsa auth token signature")
	}
	if t.expired(expires) {
		return tokenInfo{}, errToken("expired fsa auth token")
	}
	return tokenInfo{user: user, expires: expires}, nil
}

// parseLimit reads an fsa token's expiry, YYYYMMDDHHmmSS in UTC, refusing
// a date that does not exist (time.Date would roll month 13 over).
func parseLimit(limit string) (time.Time, bool) {
	if len(limit) != len(limitLayout) || strings.Trim(limit, "0123456789") != "" {
		return time.Time{}, false
	}
	expires, err := time.Parse(limitLayout, limit)
	return expires, err == nil
}

// checkJWT checks a JWT: the configured method only, an expiry, the
// realm as audience, the issuer if one is configured, a subject.
func (t *tokens) checkJWT(token, realm string) (tokenInfo, error) {
	var claims jwtIn
	_, err := t.parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.checkKey, nil })
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return tokenInfo{}, errToken("expired jwt auth token")
	case err != nil, !slices.Contains(claims.Audience, realm), claims.Subject == "":
		return tokenInfo{}, errToken("invalid jwt token")
	}
	return tokenInfo{user: claims.Subject, expires: claims.ExpiresAt.Time, scopes: strings.Fields(claims.Scope)}, nil
}

// encodeTokenInfo and decodeTokenInfo write a tokenInfo for the cache:
// expiry, user length and user, then the scopes separated by spaces.
func encodeTokenInfo(info tokenInfo) []byte {
	b := binary.AppendVarint(nil, info.expires.Unix())
	b = binary.AppendUvarint(b, uint64(len(info.user)))
	b = append(b, info.user...)
	return append(b, strings.Join(info.scopes, " ")...)
}

func decodeTokenInfo(b []byte) (tokenInfo, bool) {
	exp, n := binary.Varint(b)
	if n <= 0 {
		return tokenInfo{}, false
	}
	b = b[n:]
	size, n := binary.Uvarint(b)
	if n <= 0 || uint64(len(b)-n) < size {
		return tokenInfo{}, false
	}
	b = b[n:]
	return tokenInfo{user: string(b[:size]), expires: time.Unix(exp, 0), scopes: strings.Fields(string(b[size:]))}, true
}

// setTokenCookie gives an authenticated user a token cookie, with the
// cookie carrier: a new one on every answer or, with FSA_TOKEN_RENEWAL,
// only when the cookie sent expires within that fraction of the delay.
// The cookie is HttpOnly, SameSite=Lax, and Secure over TLS. A token
// (token or oauth scheme) is renewed with its scopes.
func (a *App) setTokenCookie(c *Context) {
	t := a.tokens
	if t == nil || t.carrier != "cookie" || t.signKey == nil || c.user == "" {
		return
	}
	now := t.now()
	byToken := c.scheme == "token" || c.scheme == "oauth"
	if byToken && t.renewal > 0 && c.tokenExpires.After(now.Add(time.Duration(t.renewal*float64(t.delay)))) {
		return
	}
	var opts []TokenOption
	if len(c.scopes) > 0 {
		opts = append(opts, TokenScopes(c.scopes...))
	}
	token, err := c.CreateToken(opts...)
	if err != nil {
		a.log.Warn("fsa: no token cookie", "route", c.route.String(), "error", err)
		return
	}
	http.SetCookie(c.ec.Response(), &http.Cookie{Name: t.name, Value: token, Path: "/",
		MaxAge: int(t.delay.Seconds()), Expires: now.Add(t.delay), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.ec.Request().TLS != nil})
}
