// Package digest implements HTTP Digest authentication, RFC 7616, with
// qop=auth only: the MD5 and SHA-256 algorithms and their -sess variants.
//
// The server's nonces are self-validating: NONCE is the unpadded base64url
// of ISSUED (8 bytes, big-endian Unix nanoseconds), 16 random bytes, and
// the HMAC-SHA256, keyed by the secret, of a domain label, the realm and
// those 24 bytes. A nonce is accepted for lifetime after ISSUED, in the
// realm it was made for. The highest nonce count (nc) accepted for each
// nonce is remembered until the nonce expires, so that a request cannot be
// replayed: each nc must be greater than the last one accepted.
package digest

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	// maxHeader bounds the Authorization: Digest header read: a longer
	// one is refused unread.
	maxHeader = 4 << 10
	// maxParams bounds the auth-params of a Digest header.
	maxParams = 32
	// maxNonces bounds the nonces whose nonce count is remembered; past
	// it, those expiring first are forgotten and become stale.
	maxNonces = 1 << 16
	// nonceRaw is the size of a nonce before base64: issued time, random
	// bytes, HMAC-SHA256.
	nonceRaw = 8 + 16 + sha256.Size
	// nonceKey is the part of a nonce that identifies it: issued time and
	// random bytes.
	nonceKey = 8 + 16
	// defaultLifetime is the nonce lifetime when none is given.
	defaultLifetime = 5 * time.Minute
)

// ErrNoCredentials is what Check returns when the request has no
// Authorization header of the Digest scheme: another scheme may take it.
var ErrNoCredentials = errors.New("no digest credentials")

// ErrStale is the cause (see Error.Err, errors.Is) of the refusal of a
// request whose nonce is authentic, for the realm, and whose response is
// right, but which has expired or has been forgotten. The client knows the
// password: respond with Challenges(realm, true) so that it retries with a
// new nonce without asking its user again.
var ErrStale = errors.New("stale digest nonce")

// Error is a refused Digest authorization. Msg is a fixed message that
// never echoes what the client sent, meant for the client's 401 response.
type Error struct {
	Msg   string // "invalid user or password", "digest uri mismatch", ...
	Err   error  // ErrStale when only the nonce's age refuses it, else nil
	Login string // the username of a wrong response (for a throttle), else ""
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the cause: ErrStale or nil.
func (e *Error) Unwrap() error { return e.Err }

// refuse is a refused Digest authorization with a fixed message.
func refuse(msg string) error { return &Error{Msg: msg} }

// errStale is the refusal of a right response with a nonce too old.
func errStale() error {
	return &Error{Msg: "stale digest nonce: retry with a new nonce", Err: ErrStale}
}

// Options configures a Checker.
type Options struct {
	// Secret keys the HMAC of the nonces and opaques. Optional: when
	// empty, a random secret is used, and nonces are valid in this process
	// only. Processes that share a secret accept each other's nonces.
	Secret []byte

	// Lifetime is how long a nonce is accepted. Optional. Default value
	// 5 minutes (when not positive).
	Lifetime time.Duration

	// Now is the clock. Optional. Default value time.Now.
	Now func() time.Time

	// HA1 returns the hex H(login:realm:password), in either case, of a
	// login in the realm, for the algorithm alg, "MD5" or "SHA-256" (the
	// -sess variants ask for the same), or "" when there is no such user:
	// see the function HA1. Check returns its error as is. Required.
	HA1 func(ctx context.Context, login, realm, alg string) (string, error)

	// Counts keeps the nonce counts instead of the Checker's memory:
	// processes that share a secret and their Counts refuse a count
	// replayed to any of them. Optional.
	Counts Counts
}

// Counts keeps the highest nonce count accepted per nonce, for processes
// that accept each other's nonces.
type Counts interface {
	// Advance sets the count of key (a nonce's, in hex) to nc for ttl when
	// nc is greater than its count (0 when it has none), atomically, and
	// tells whether it did. Check returns its error wrapped in
	// ErrCountsUnavailable.
	Advance(ctx context.Context, key string, nc int64, ttl time.Duration) (bool, error)
}

// ErrCountsUnavailable wraps an error of Options.Counts: the credentials
// may be right, but cannot be told from a replay.
var ErrCountsUnavailable = errors.New("digest: nonce counts unavailable")

// Checker checks HTTP Digest credentials (RFC 7616: MD5 and SHA-256,
// and their -sess variants, qop=auth) with server nonces that expire and
// cannot be replayed. It is safe for concurrent use.
type Checker struct {
	secret   []byte                                                              // keys the nonces' and opaques' HMAC
	lifetime time.Duration                                                       // of a nonce
	now      func() time.Time                                                    // the clock
	ha1      func(ctx context.Context, login, realm, alg string) (string, error) // H(login:realm:password), "" for no such user
	counts   Counts                                                              // nil: seen
	dummy    map[string]string                                                   // random HA1 per algorithm, for unknown users

	mu        sync.Mutex                   // guards what follows
	seen      map[[nonceKey]byte]seenNonce // highest nc accepted per live nonce
	horizon   time.Time                    // nonces expiring before it may be forgotten: stale
	lastSweep time.Time                    // when seen was last swept
	maxNonces int                          // maxNonces, lower in tests
}

// seenNonce is what is remembered of a nonce used: the highest nonce
// count accepted, and when the nonce expires.
type seenNonce struct {
	nc      uint32
	expires time.Time
}

// New returns a Checker with the options o. It panics when o.HA1 is nil.
// The secret is copied.
func New(o Options) *Checker {
	if o.HA1 == nil {
		panic("digest: New: nil HA1 function")
	}

	secret := slices.Clone(o.Secret)
	if len(secret) == 0 {
		secret = make([]byte, 32)
		rand.Read(secret)
	}
	lifetime := o.Lifetime
	if lifetime <= 0 {
		lifetime = defaultLifetime
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}

	d := &Checker{secret: secret, lifetime: lifetime, now: now, ha1: o.HA1, counts: o.Counts,
		dummy: map[string]string{}, seen: map[[nonceKey]byte]seenNonce{}, maxNonces: maxNonces}
	for name, alg := range hashes {
		b := make([]byte, alg.size)
		rand.Read(b)
		d.dummy[name] = hex.EncodeToString(b)
	}
	return d
}

// hashFunc is a hash Digest authentication may use.
type hashFunc struct {
	new  func() hash.Hash
	size int // bytes
}

// hashes are the hashes of the algorithms offered, by their names.
var hashes = map[string]hashFunc{
	"MD5":     {md5.New, md5.Size},
	"SHA-256": {sha256.New, sha256.Size},
}

// algorithm is an algorithm of RFC 7616 §3.4: a hash, in session mode or
// not.
type algorithm struct {
	name string // "MD5" or "SHA-256": the hash, as the ha1 function gets it
	sess bool   // -sess variant
	hashFunc
}

// lookupAlgorithm returns the algorithm of a Digest algorithm parameter,
// compared without case: MD5, SHA-256, MD5-sess, SHA-256-sess.
func lookupAlgorithm(param string) (algorithm, bool) {
	name := strings.ToUpper(param)
	name, sess := strings.CutSuffix(name, "-SESS")
	h, ok := hashes[name]
	return algorithm{name: name, sess: sess, hashFunc: h}, ok
}

// sum returns the lowercase hex of the hash of the parts joined with ':'.
func (a algorithm) sum(parts ...string) string {
	h := a.new()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{':'})
		}
		h.Write([]byte(p))
	}
	var buf [sha256.Size]byte
	return hex.EncodeToString(h.Sum(buf[:0]))
}

// HA1 returns the hex H(login:realm:password) of the algorithm alg, what
// Options.HA1 returns for a known user: it lets a hook that knows the
// password compute it. alg is compared without case; the -sess variants
// have the HA1 of their hash. HA1 returns "" for an algorithm other than
// MD5, SHA-256 and their -sess variants.
func HA1(alg, login, realm, password string) string {
	a, ok := lookupAlgorithm(alg)
	if !ok {
		return ""
	}
	return a.sum(login, realm, password)
}

// Response returns the response parameter a client sends with qop=auth
// (RFC 7616 §3.4.1), the hex H(HA1:nonce:nc:cnonce:qop:H(method:uri)),
// where HA1 is ha1 (see HA1), or H(ha1:nonce:cnonce) for a -sess
// algorithm (§3.4.2). Every value is as sent, unquoted. alg is compared
// without case; Response returns "" for an algorithm it does not know.
func Response(alg, ha1, nonce, nc, cnonce, qop, method, uri string) string {
	a, ok := lookupAlgorithm(alg)
	if !ok {
		return ""
	}
	return response(a, ha1, nonce, nc, cnonce, qop, method, uri)
}

// response is the request-digest of RFC 7616 §3.4.1 with qop auth:
// H(HA1:nonce:nc:cnonce:qop:H(method:uri)),
// where HA1 is ha1, H(login:realm:password), or for a -sess algorithm
// H(ha1:nonce:cnonce) (§3.4.2). Every value is the one the client sent,
// unquoted.
func response(alg algorithm, ha1, nonce, nc, cnonce, qop, method, uri string) string {
	if alg.sess {
		ha1 = alg.sum(ha1, nonce, cnonce)
	}
	return alg.sum(ha1, nonce, nc, cnonce, qop, alg.sum(method, uri))
}

// Check reads the Authorization: Digest header of r, for realm. It
// returns the login when the credentials are right, in realm, for r's
// method and request URI (r.RequestURI, else r.URL's), with a live nonce
// of this Checker and a nonce count greater than any accepted with it.
// Otherwise it returns ErrNoCredentials when r has no Digest header (the
// scheme is matched without case); an *Error, whose message never echoes
// the header, and which wraps ErrStale when only the nonce's age refuses
// it; the error of Options.HA1 as is; or an internal error when HA1
// returns no hex hash of the algorithm.
func (d *Checker) Check(ctx context.Context, r *http.Request, realm string) (string, error) {
	header := r.Header.Get("Authorization")
	params, ok := cutScheme(header)
	if !ok {
		return "", ErrNoCredentials
	}
	if len(header) > maxHeader {
		return "", refuse("digest authorization too long")
	}

	p, err := parseParams(params)
	if err != nil {
		return "", err
	}
	cred, err := credentialsOf(p)
	if err != nil {
		return "", err
	}

	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	switch {
	case cred.realm != realm:
		return "", refuse("digest realm mismatch")
	case cred.uri != uri:
		return "", refuse("digest uri mismatch")
	case cred.hasOpaque && subtle.ConstantTimeCompare([]byte(cred.opaque), []byte(d.opaque(realm))) != 1:
		return "", refuse("digest opaque mismatch")
	}
	key, issued, ok := d.openNonce(cred.nonce, realm)
	if !ok {
		return "", refuse("invalid digest nonce")
	}

	ha1, err := d.ha1(ctx, cred.username, realm, cred.alg.name)
	if err != nil {
		return "", err
	}
	known := ha1 != ""
	if !known {
		ha1 = d.dummy[cred.alg.name] // the same work as for a known user
	} else if ha1 = strings.ToLower(ha1); !isHex(ha1, 2*cred.alg.size) {
		return "", fmt.Errorf("digest HA1 hook: not a hex %s hash", cred.alg.name)
	}

	want := response(cred.alg, ha1, cred.nonce, cred.nc, cred.cnonce, cred.qop, r.Method, cred.uri)
	if subtle.ConstantTimeCompare([]byte(want), []byte(cred.response)) != 1 || !known {
		return "", &Error{Msg: "invalid user or password", Login: cred.username}
	}

	now := d.now()
	expires := issued.Add(d.lifetime)
	if now.After(expires) {
		return "", errStale()
	}
	if d.counts != nil {
		ok, err := d.counts.Advance(ctx, hex.EncodeToString(key[:]), int64(cred.count), expires.Sub(now))
		switch {
		case err != nil:
			return "", fmt.Errorf("%w: %w", ErrCountsUnavailable, err)
		case !ok:
			return "", refuse("replayed digest nonce count")
		}
	} else if err := d.record(key, cred.count, expires, now); err != nil {
		return "", err
	}
	return cred.username, nil
}

// Challenges returns the WWW-Authenticate challenges of a 401 response in
// realm, with a fresh nonce each call, SHA-256 first, then MD5 for older
// clients: each is a header value of its own. stale adds stale=true,
// telling the client that its password was right and that it may retry
// with the new nonce (see ErrStale). A realm's control characters, which a
// quoted-string cannot hold, become '?': such a realm cannot be
// authenticated.
func (d *Checker) Challenges(realm string, stale bool) []string {
	head := `Digest realm="` + quote(realm) + `", qop="auth", algorithm=`
	tail := `, nonce="` + d.newNonce(realm) + `", opaque="` + d.opaque(realm) + `"`
	if stale {
		tail += ", stale=true"
	}
	return []string{head + "SHA-256" + tail, head + "MD5" + tail}
}

// quote escapes s for a quoted-string: backslash and double quote
// are escaped, control characters but tab become '?'.
func quote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < ' ' && c != '\t' || c == 0x7f:
			b.WriteByte('?')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// newNonce returns a new nonce for realm.
func (d *Checker) newNonce(realm string) string {
	var b [nonceRaw]byte
	binary.BigEndian.PutUint64(b[:8], uint64(d.now().UnixNano()))
	rand.Read(b[8:nonceKey])
	copy(b[nonceKey:], d.nonceMAC(realm, b[:nonceKey]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// nonceMAC is the HMAC of a nonce's key in realm.
func (d *Checker) nonceMAC(realm string, key []byte) []byte {
	m := hmac.New(sha256.New, d.secret)
	m.Write([]byte("fsa digest nonce\x00"))
	m.Write([]byte(realm))
	m.Write([]byte{0})
	m.Write(key)
	return m.Sum(nil)
}

// openNonce checks that nonce is one of this checker's for realm, and
// returns its key and when it was made. Its age is not checked.
func (d *Checker) openNonce(nonce, realm string) (key [nonceKey]byte, issued time.Time, ok bool) {
	if len(nonce) != base64.RawURLEncoding.EncodedLen(nonceRaw) {
		return key, issued, false
	}

	// strict: one nonce has one spelling, so that the replay check keyed
	// by its bytes and the response over its text agree
	b, err := base64.RawURLEncoding.Strict().DecodeString(nonce)
	if err != nil || len(b) != nonceRaw || !hmac.Equal(b[nonceKey:], d.nonceMAC(realm, b[:nonceKey])) {
		return key, issued, false
	}
	copy(key[:], b)
	return key, time.Unix(0, int64(binary.BigEndian.Uint64(b[:8]))), true
}

// opaque is the opaque parameter of realm's challenges: 16 bytes of an
// HMAC, base64url. Clients send it back unchanged.
func (d *Checker) opaque(realm string) string {
	m := hmac.New(sha256.New, d.secret)
	m.Write([]byte("fsa digest opaque\x00"))
	m.Write([]byte(realm))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// record accepts nonce count nc for the nonce of key, expiring then, at
// time now: it must be greater than any accepted before with that nonce.
// A nonce that may have been forgotten is stale.
func (d *Checker) record(key [nonceKey]byte, nc uint32, expires, now time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Sub(d.lastSweep) >= d.lifetime || now.Before(d.lastSweep) {
		d.sweep(now)
	}

	seen, found := d.seen[key]
	if !found && len(d.seen) >= d.maxNonces {
		d.sweep(now)
		if len(d.seen) >= d.maxNonces {
			d.evict()
		}
	}

	switch {
	case expires.Before(d.horizon):
		return errStale()
	case found && nc <= seen.nc:
		return refuse("replayed digest nonce count")
	}
	d.seen[key] = seenNonce{nc: nc, expires: expires}
	return nil
}

// sweep forgets the nonces expired at time now. d.mu is held.
func (d *Checker) sweep(now time.Time) {
	d.lastSweep = now
	if now.After(d.horizon) {
		d.horizon = now
	}
	d.forget()
}

// forget forgets the nonces expiring before the horizon. d.mu is held.
func (d *Checker) forget() {
	for key, seen := range d.seen {
		if seen.expires.Before(d.horizon) {
			delete(d.seen, key)
		}
	}
}

// evict forgets the quarter of the nonces that expire first, or more:
// they become stale. d.mu is held.
func (d *Checker) evict() {
	expiries := make([]time.Time, 0, len(d.seen))
	for _, seen := range d.seen {
		expiries = append(expiries, seen.expires)
	}
	slices.SortFunc(expiries, time.Time.Compare)
	if cut := expiries[len(expiries)/4].Add(time.Nanosecond); cut.After(d.horizon) {
		d.horizon = cut
	}
	d.forget()
}
