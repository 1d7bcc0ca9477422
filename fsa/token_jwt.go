package fsa

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// initJWT checks the JWT method, reads the keys of a public-key method
// and makes the parser; an HMAC method's secret is set by newTokens.
func (t *tokens) initJWT(cfg *Config) error {
	if t.algo == "" {
		t.algo = "HS256"
	}
	if t.algo == "none" {
		return tokenConfigError("FSA_TOKEN_ALGO", "none signs nothing: choose HS256 or a public-key method")
	}
	t.method = jwt.GetSigningMethod(t.algo)
	if t.method == nil || t.algo == "none" {
		return tokenConfigError("FSA_TOKEN_ALGO", "unexpected jwt method %q: want HS256, HS384, HS512, RS*, PS*, ES* or EdDSA", t.algo)
	}

	if !strings.HasPrefix(t.algo, "HS") {
		var err error
		if t.checkKey, t.signKey, err = publicKeys(t.algo, cfg.TokenSecret, cfg.TokenSign); err != nil {
			if errors.As(err, new(*ConfigError)) { // FSA_TOKEN_SIGN's
				return err
			}
			return &ConfigError{Source: "configuration", Name: "FSA_TOKEN_SECRET", Err: err}
		}
	}

	opts := []jwt.ParserOption{jwt.WithValidMethods([]string{t.algo}), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithLeeway(t.grace), jwt.WithTimeFunc(t.now)}
	if t.issuer != "" {
		opts = append(opts, jwt.WithIssuer(t.issuer))
	}
	t.parser = jwt.NewParser(opts...)
	return nil
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
			return nil, nil, &ConfigError{Source: "configuration", Name: "FSA_TOKEN_SIGN", Msg: "not a PEM private key for " + algo, Err: err}
		}
	}

	if key, ok := check.(*rsa.PublicKey); ok && key.N.BitLen() < 2048 {
		return nil, nil, fmt.Errorf("an RSA key of %d bits is too weak: want 2048 bits or more", key.N.BitLen())
	}
	return check, sign, nil
}

// jwtOut is the claims of a JWT this app makes, in PyJWT's order.
// iat and jti come last: they are ours (for revocations), not FSA's.
type jwtOut struct {
	Exp   int64  `json:"exp"`
	Sub   string `json:"sub"`
	Aud   string `json:"aud"`
	Iss   string `json:"iss,omitempty"`
	Scope string `json:"scope,omitempty"`
	Iat   int64  `json:"iat"`
	Jti   string `json:"jti"`
}

func (o jwtOut) GetExpirationTime() (*jwt.NumericDate, error) {
	return jwt.NewNumericDate(time.Unix(o.Exp, 0)), nil
}
func (o jwtOut) GetIssuedAt() (*jwt.NumericDate, error) {
	return jwt.NewNumericDate(time.Unix(o.Iat, 0)), nil
}
func (o jwtOut) GetNotBefore() (*jwt.NumericDate, error) { return nil, nil }
func (o jwtOut) GetIssuer() (string, error)              { return o.Iss, nil }
func (o jwtOut) GetSubject() (string, error)             { return o.Sub, nil }
func (o jwtOut) GetAudience() (jwt.ClaimStrings, error)  { return jwt.ClaimStrings{o.Aud}, nil }

func (t *tokens) makeJWT(user string, spec tokenSpec, expires time.Time) (string, tokenInfo, error) {
	if t.signKey == nil {
		return "", tokenInfo{}, errors.New("fsa: CreateToken: FSA_TOKEN_SIGN is not set: this app checks tokens but cannot make them")
	}
	var id [16]byte
	rand.Read(id[:])
	claims := jwtOut{Exp: expires.Unix(), Sub: user, Aud: spec.realm, Iss: spec.issuer, Scope: strings.Join(spec.scopes, " "),
		Iat: t.now().Unix(), Jti: base64.RawURLEncoding.EncodeToString(id[:])}
	s, err := jwt.NewWithClaims(t.method, claims).SignedString(t.signKey)
	if err != nil {
		return "", tokenInfo{}, fmt.Errorf("fsa: CreateToken: %w", err)
	}
	return s, tokenInfo{user: user, expires: time.Unix(claims.Exp, 0), issued: time.Unix(claims.Iat, 0), scopes: spec.scopes,
		revokeKey: t.revokeID('j', claims.Jti)}, nil
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

// checkJWT checks a JWT: the configured method only, an expiry, the
// realm as audience if inRealm, the issuer if one is configured, a
// subject. An expired token is returned with errExpired.
func (t *tokens) checkJWT(token, realm string, inRealm bool) (tokenInfo, error) {
	var claims jwtIn
	_, err := t.parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.checkKey, nil })
	expired := errors.Is(err, jwt.ErrTokenExpired)
	switch {
	case err != nil && !expired, inRealm && !slices.Contains(claims.Audience, realm), claims.Subject == "":
		return tokenInfo{}, errToken("invalid jwt token")
	}
	info := tokenInfo{user: claims.Subject, expires: claims.ExpiresAt.Time, scopes: strings.Fields(claims.Scope)}
	if claims.IssuedAt != nil {
		info.issued = claims.IssuedAt.Time
	}
	// a jti names the token however it is encoded; without one, its
	// claims do (its signature would not: ECDSA's can be altered)
	if claims.ID != "" {
		info.revokeKey = t.revokeID('j', claims.ID)
	} else {
		info.revokeKey = t.revokeID('c', fmt.Sprintf("%s\x00%d\x00%d\x00%q\x00%s\x00%s", claims.Subject, info.expires.Unix(),
			info.issued.Unix(), []string(claims.Audience), claims.Issuer, claims.Scope))
	}
	if expired {
		return info, errExpired()
	}
	return info, nil
}
