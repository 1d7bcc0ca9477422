package fsa

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// maxTokenBytes bounds the tokens checked: a longer one is refused unread.
const maxTokenBytes = 8 << 10

// minSecretBytes is the least secret an HMAC or fsa token may have in
// prod mode: 256 bits, what HS256 and BLAKE2s-256 provide.
const minSecretBytes = 32

// tokenInfo is what a valid token says.
type tokenInfo struct {
	user      string
	expires   time.Time
	issued    time.Time // a JWT's iat; zero when the token has none (see tokens.issued)
	scopes    []string
	revokeKey string // the key of the token's own revocation record
}

// tokens makes and checks the app's tokens.
type tokens struct {
	jwt         bool
	algo        string
	carrier     string
	name        string // the carrier's name
	issuer      string
	delay       time.Duration
	grace       time.Duration
	length      int // fsa signature bytes
	renewal     float64
	secret      []byte
	sum         func([]byte) []byte // fsa tokens' hash
	method      jwt.SigningMethod
	signKey     any // nil: this app cannot make JWTs
	checkKey    any
	parser      *jwt.Parser
	now         func() time.Time
	cache       Cache
	ttl         time.Duration // of cached checks
	keyPrefix   string        // FSA_CACHE_PREFIX
	keyID       []byte        // tells this configuration's cache entries apart
	memo        *tokenMemo    // nil with FSA_CACHE none; keys only but with an in-process MemoryCache
	state       revocationStore
	statePrefix string      // of the revocation keys: FSA_CACHE_PREFIX and this configuration
	stateWarn   *sharedWarn // of a store lost
}

// newTokens checks the token directives and prepares the keys. It returns
// nil when FSA_TOKEN_TYPE is None.
func newTokens(cfg *Config, now func() time.Time, cache Cache, state revocationStore, local bool, log *slog.Logger) (*tokens, error) {
	used := slices.Contains(cfg.Auth, "token") || slices.Contains(cfg.Auth, "oauth")
	if cfg.TokenType == "" {
		return nil, nil
	}

	t := &tokens{jwt: cfg.TokenType == "jwt", algo: cfg.TokenAlgo, carrier: cfg.TokenCarrier, name: cfg.TokenName,
		issuer: cfg.TokenIssuer, delay: cfg.TokenDelay, grace: cfg.TokenGrace, length: cfg.TokenLength,
		renewal: cfg.TokenRenewal, now: now, cache: cache, ttl: cfg.CacheTTL, keyPrefix: cfg.CachePrefix, state: state}
	if cfg.Cache != "none" {
		t.memo = &tokenMemo{keysOnly: !local}
	}
	if t.name == "" {
		t.name = map[string]string{"bearer": "Bearer", "param": "AUTH", "cookie": "auth", "header": "Auth"}[t.carrier]
	}

	var err error
	if t.jwt {
		err = t.initJWT(cfg)
	} else {
		err = t.initFSA()
	}
	if err != nil {
		return nil, err
	}

	if !t.jwt || strings.HasPrefix(t.algo, "HS") { // one secret signs and checks
		switch {
		case cfg.TokenSecret == "" && !used:
			t.secret = []byte(randomSecret())
		case cfg.TokenSecret == "":
			t.secret = []byte(randomSecret())
			log.Warn("fsa: FSA_TOKEN_SECRET is not set: tokens use a random secret, and only this process accepts them")
		case len(cfg.TokenSecret) < minSecretBytes && cfg.mode == modeProd:
			return nil, tokenConfigError("FSA_TOKEN_SECRET", "too short: want %d bytes or more", minSecretBytes)
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
	t.statePrefix = cfg.CachePrefix + "r." + hex.EncodeToString(t.keyID[:6]) + "."
	t.stateWarn = &sharedWarn{log: log, what: "revocation store", effect: "tokens are refused with 503", now: time.Now}
	return t, nil
}

// tokenConfigError is a token directive refused.
func tokenConfigError(name, format string, args ...any) error {
	return &ConfigError{Source: "configuration", Name: name, Msg: fmt.Sprintf(format, args...)}
}

// configID is a hash of what makes a token valid besides its realm: type,
// method, length, issuer and key. A cache that several apps share (see
// Caching) then never gives one app another's check.
func (t *tokens) configID(public string) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "v2\x00%t\x00%s\x00%d\x00%s\x00%d\x00", t.jwt, t.algo, t.length, t.issuer, len(t.secret))
	h.Write(t.secret)
	if t.secret == nil {
		h.Write([]byte(public))
	}
	return h.Sum(nil)
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

// TokenDelay sets the token's lifetime instead of FSA_TOKEN_DELAY, which
// it may not exceed: a revocation of the token's login (RevokeUser) is
// kept for FSA_TOKEN_DELAY, and must outlive every token it refuses.
func TokenDelay(d time.Duration) TokenOption { return func(s *tokenSpec) { s.delay = d } }

// TokenScopes sets the OAuth scopes of a JWT (fsa tokens carry none).
func TokenScopes(scopes ...string) TokenOption { return func(s *tokenSpec) { s.scopes = scopes } }

// CreateToken returns a new token for user, in the app's realm, signed
// as FSA_TOKEN_TYPE and FSA_TOKEN_ALGO say, valid for FSA_TOKEN_DELAY.
// It reads the revocations of user first (see RevokeUser): when their
// store does not answer, the error is an *Error 503 "revocation store
// unavailable", which a handler may return as is.
func (a *App) CreateToken(user string, opts ...TokenOption) (string, error) {
	return a.createToken(context.Background(), user, a.config.Realm, opts)
}

// CreateToken returns a new token for the authenticated user, in the
// route's realm.
func (c *Context) CreateToken(opts ...TokenOption) (string, error) {
	if c.user == "" {
		return "", errors.New("fsa: CreateToken: no authenticated user")
	}
	return c.app.createToken(c, c.user, c.route.realm, opts)
}

func (a *App) createToken(ctx context.Context, user, realm string, opts []TokenOption) (string, error) {
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
	case spec.delay > t.delay:
		return "", fmt.Errorf("fsa: CreateToken: the delay %s is longer than FSA_TOKEN_DELAY (%s), for which RevokeUser holds", spec.delay, t.delay)
	}
	mint := func() (string, tokenInfo, error) { return t.makeToken(user, spec) }
	if len(opts) > 0 {
		token, _, err := t.fresh(ctx, user, spec.delay, mint)
		return token, err
	}

	// the usual token is cached, and given again while more than half of
	// its life is left and it is not revoked, as FlaskSimpleAuth does: the
	// checks of a token many logins share are cached once
	key := a.cacheKey("T.", user, realm)
	if value, ok := a.cache.Get(ctx, key); ok {
		if token, info, ok := decodeLastToken(value); ok && info.expires.Sub(t.now()) > spec.delay/2 {
			err := t.revoked(ctx, info)
			switch {
			case err == nil:
				return token, nil
			case !errors.Is(err, errRevokedToken):
				return "", err
			}
		}
	}

	token, info, err := t.fresh(ctx, user, spec.delay, mint)
	if err == nil {
		a.cache.Set(ctx, key, encodeLastToken(token, info), min(a.config.CacheTTL, spec.delay/2))
	}
	return token, err
}

// makeToken makes a new token, and returns what it says.
func (t *tokens) makeToken(user string, spec tokenSpec) (string, tokenInfo, error) {
	expires := t.now().Add(spec.delay)
	if expires.Year() > 9999 {
		return "", tokenInfo{}, errors.New("fsa: CreateToken: the token would expire after year 9999")
	}

	if t.jwt {
		return t.makeJWT(user, spec, expires)
	}
	if strings.Contains(user, ":") || strings.Contains(spec.issuer, ":") {
		return "", tokenInfo{}, errors.New("fsa: CreateToken: fsa tokens cannot hold a login or issuer with ':'")
	}
	token, sig := t.makeFSA(t.prefix(simpleRealm(spec.realm), spec.issuer), user, expires.UTC().Format(limitLayout))
	return token, tokenInfo{user: user, expires: expires.Truncate(time.Second), revokeKey: t.revokeID('s', sig)}, nil
}

// errToken is a refused token: always a 401, never echoing the token.
func errToken(msg string) error { return Err(http.StatusUnauthorized, msg) }

// Causes of refused tokens that the app tells apart.
var (
	errExpiredToken = errors.New("expired auth token")
	errRevokedToken = errors.New("revoked auth token")
)

// errExpired is an expired token.
func errExpired() error {
	return &Error{Status: http.StatusUnauthorized, Message: errExpiredToken.Error(), Err: errExpiredToken}
}

// check returns what a token says, if it is valid in realm and not
// revoked.
func (t *tokens) check(c *Context, token, realm string) (tokenInfo, error) {
	info, err := t.verify(c, token, realm)
	if err == nil {
		err = t.revoked(c, info)
	}
	return info, err
}

// verify returns what a token says, if it is valid in realm. Valid tokens
// are cached, keyed by a hash of realm and token; the expiry is checked
// again on every hit.
func (t *tokens) verify(c *Context, token, realm string) (tokenInfo, error) {
	if len(token) > maxTokenBytes {
		return tokenInfo{}, errToken("invalid token")
	}
	var key string
	e, memo := t.memo.get(token, realm)
	if memo {
		if !t.memo.keysOnly {
			if t.expired(e.info.expires) {
				return tokenInfo{}, errExpired()
			}
			return e.info, nil
		}
		key = e.key
	}

	if key == "" {
		key = t.cacheKey(token, realm)
	}
	if value, ok := t.cache.Get(c, key); ok {
		if memo && e.raw == string(value) { // the store's value, as decoded before
			if t.expired(e.info.expires) {
				return tokenInfo{}, errExpired()
			}
			return e.info, nil
		}
		if info, ok := decodeTokenInfo(value); ok {
			if t.expired(info.expires) {
				return tokenInfo{}, errExpired()
			}
			t.remember(token, realm, key, value, info)
			return info, nil
		}
	}

	info, err := t.checkSigned(token, realm, true)
	if err == nil {
		value := encodeTokenInfo(info)
		t.cache.Set(c, key, value, min(t.ttl, info.expires.Sub(t.now())+t.grace+time.Second))
		t.remember(token, realm, key, value, info)
	}
	return info, err
}

// checkSigned checks a token's signature, expiry and, with inRealm, its
// realm, and reads what it says.
func (t *tokens) checkSigned(token, realm string, inRealm bool) (tokenInfo, error) {
	if t.jwt {
		return t.checkJWT(token, realm, inRealm)
	}
	return t.checkFSA(token, realm, inRealm)
}

// inspect reads a token of this app, of any realm, as RevokeToken needs
// it: an expired one is returned with its expiry.
func (t *tokens) inspect(token string) (tokenInfo, error) {
	if len(token) > maxTokenBytes {
		return tokenInfo{}, errToken("invalid token")
	}
	info, err := t.checkSigned(token, "", false)
	if errors.Is(err, errExpiredToken) { // its expiry says so
		return info, nil
	}
	return info, err
}

// remember puts a valid token in the memo: its check, or with a shared
// store its key, and the store's value with what it decodes to, which is
// used only while the store gives that value.
func (t *tokens) remember(token, realm, key string, value []byte, info tokenInfo) {
	switch {
	case t.memo == nil:
	case t.memo.keysOnly:
		t.memo.put(token, &memoEntry{realm: realm, key: key, raw: string(value), info: info})
	default:
		t.memo.put(token, &memoEntry{realm: realm, info: info})
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
