package fsa

import (
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/blake2s"
)

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

// initFSA checks the hash and the signature length of fsa tokens; their
// secret is set by newTokens.
func (t *tokens) initFSA() error {
	if t.algo == "" {
		t.algo = "blake2s"
	}
	if t.sum = fsaHashes[t.algo]; t.sum == nil {
		return tokenConfigError("FSA_TOKEN_ALGO", "unexpected fsa token hash %q: want blake2s, blake2b, sha256, sha512, sha3_256 or sha3_512", t.algo)
	}
	if size := len(t.sum(nil)); t.length > size {
		return tokenConfigError("FSA_TOKEN_LENGTH", "%d bytes is more than %s gives (%d)", t.length, t.algo, size)
	}
	return nil
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
// first FSA_TOKEN_LENGTH bytes of the hash of PREFIX:USER:LIMIT:SECRET. It
// returns the token and SIG.
func (t *tokens) makeFSA(prefix, user, limit string) (string, string) {
	data := prefix + ":" + user + ":" + limit
	sig := t.signature(data)
	return data + ":" + sig, sig
}

// signature is the SIG of an fsa token whose other fields are data.
func (t *tokens) signature(data string) string {
	msg := make([]byte, 0, len(data)+1+len(t.secret))
	msg = append(append(append(msg, data...), ':'), t.secret...)
	return hex.EncodeToString(t.sum(msg)[:t.length])
}

// checkFSA checks an fsa token: PREFIX:USER:LIMIT:SIG, in realm if
// inRealm. An expired token is returned with errExpired.
func (t *tokens) checkFSA(token, realm string, inRealm bool) (tokenInfo, error) {
	parts := strings.Split(token, ":")
	if len(parts) != 4 || parts[1] == "" {
		return tokenInfo{}, errToken("invalid fsa token")
	}
	prefix, user, limit, sig := parts[0], parts[1], parts[2], parts[3]
	expires, ok := parseLimit(limit)
	if !ok {
		return tokenInfo{}, errToken("unexpected fsa token limit")
	}
	if inRealm && prefix != t.prefix(simpleRealm(realm), t.issuer) {
		return tokenInfo{}, errToken("unexpected fsa token realm")
	}

	want := t.signature(prefix + ":" + user + ":" + limit)
	if subtle.ConstantTimeCompare([]byte(sig), []byte(want)) != 1 {
		return tokenInfo{}, errToken("invalid fsa auth token signature")
	}
	info := tokenInfo{user: user, expires: expires, revokeKey: t.revokeID('s', sig)}
	if t.expired(expires) {
		return info, errExpired()
	}
	return info, nil
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
