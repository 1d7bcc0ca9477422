package fsa

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
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// HTTP Digest authentication, RFC 7616, with qop=auth only.
//
// The server's nonces are self-validating: NONCE is the unpadded base64url
// of ISSUED (8 bytes, big-endian Unix nanoseconds), 16 random bytes, and
// the HMAC-SHA256, keyed by the secret, of a domain label, the realm and
// those 24 bytes. A nonce is accepted for lifetime after ISSUED, in the
// realm it was made for. The highest nonce count (nc) accepted for each
// nonce is remembered until the nonce expires, so that a request cannot be
// replayed: each nc must be greater than the last one accepted.

const (
	// maxDigestHeader bounds the Authorization: Digest header read: a
	// longer one is refused unread.
	maxDigestHeader = 4 << 10
	// maxDigestParams bounds the auth-params of a Digest header.
	maxDigestParams = 32
	// maxDigestNonces bounds the nonces whose nonce count is remembered;
	// past it, those expiring first are forgotten and become stale.
	maxDigestNonces = 1 << 16
	// digestNonceRaw is the size of a nonce before base64: issued time,
	// random bytes, HMAC-SHA256.
	digestNonceRaw = 8 + 16 + sha256.Size
	// digestNonceKey is the part of a nonce that identifies it: issued
	// time and random bytes.
	digestNonceKey = 8 + 16
	// defaultDigestLifetime is the nonce lifetime when none is given.
	defaultDigestLifetime = 5 * time.Minute
)

// errStaleNonce is the cause (see Error.Err, errors.Is) of the 401 that
// check answers to a request whose nonce is authentic, for the route's
// realm, and whose response is right, but which has expired or has been
// forgotten. The client knows the password: answer with
// challenges(realm, true) so that it retries with a new nonce without
// asking its user again.
var errStaleNonce = errors.New("stale digest nonce")

// errDigest is a refused Digest authorization: always a 401 with a fixed
// message that never echoes what the client sent.
func errDigest(msg string) error { return Err(msg, http.StatusUnauthorized) }

// digestAuth checks HTTP Digest credentials (RFC 7616: MD5 and SHA-256,
// and their -sess variants, qop=auth) with server nonces that expire and
// cannot be replayed. It is safe for concurrent use.
type digestAuth struct {
	secret   []byte                                                                    // keys the nonces' and opaques' HMAC
	lifetime time.Duration                                                             // of a nonce
	now      func() time.Time                                                          // the clock
	ha1      func(ctx context.Context, login, realm, algorithm string) (string, error) // H(login:realm:password), "" for no such user
	dummy    map[string]string                                                         // random HA1 per algorithm, for unknown users

	mu        sync.Mutex                          // guards what follows
	seen      map[[digestNonceKey]byte]digestSeen // highest nc accepted per live nonce
	horizon   time.Time                           // nonces expiring before it may be forgotten: stale
	lastSweep time.Time                           // when seen was last swept
	maxNonces int                                 // maxDigestNonces, lower in tests
}

// digestSeen is what is remembered of a nonce used: the highest nonce
// count accepted, and when the nonce expires.
type digestSeen struct {
	nc      uint32
	expires time.Time
}

// newDigest returns a Digest checker. secret keys the nonces' HMAC (an
// empty secret is replaced by a random one: nonces are then valid in this
// process only); lifetime is how long a nonce is accepted (5 minutes when
// not positive); now is the clock (time.Now when nil); ha1 returns the hex
// H(username:realm:password) of a login, in the realm, for an algorithm,
// "MD5" or "SHA-256" (the -sess variants ask for the same), or "" when
// there is no such user; an error is an internal error, or the answer when
// it is an *Error. ha1 must not be nil.
func newDigest(secret []byte, lifetime time.Duration, now func() time.Time, ha1 func(ctx context.Context, login, realm, algorithm string) (string, error)) *digestAuth {
	if ha1 == nil {
		panic("fsa: newDigest: nil ha1 function")
	}
	if len(secret) == 0 {
		secret = make([]byte, 32)
		rand.Read(secret)
	}
	if lifetime <= 0 {
		lifetime = defaultDigestLifetime
	}
	if now == nil {
		now = time.Now
	}
	d := &digestAuth{secret: slices.Clone(secret), lifetime: lifetime, now: now, ha1: ha1,
		dummy: map[string]string{}, seen: map[[digestNonceKey]byte]digestSeen{}, maxNonces: maxDigestNonces}
	for name, alg := range digestHashes {
		b := make([]byte, alg.size)
		rand.Read(b)
		d.dummy[name] = hex.EncodeToString(b)
	}
	return d
}

// digestHash is a hash Digest authentication may use.
type digestHash struct {
	new  func() hash.Hash
	size int // bytes
}

// digestHashes are the hashes of the algorithms offered, by their names.
var digestHashes = map[string]digestHash{
	"MD5":     {md5.New, md5.Size},
	"SHA-256": {sha256.New, sha256.Size},
}

// digestAlgorithm is an algorithm of RFC 7616 §3.4: a hash, in session
// mode or not.
type digestAlgorithm struct {
	name string // "MD5" or "SHA-256": the hash, as the ha1 function gets it
	sess bool   // -sess variant
	digestHash
}

// lookupDigestAlgorithm returns the algorithm of a Digest algorithm
// parameter, compared without case: MD5, SHA-256, MD5-sess, SHA-256-sess.
func lookupDigestAlgorithm(param string) (digestAlgorithm, bool) {
	name := strings.ToUpper(param)
	name, sess := strings.CutSuffix(name, "-SESS")
	h, ok := digestHashes[name]
	return digestAlgorithm{name: name, sess: sess, digestHash: h}, ok
}

// sum returns the lowercase hex of the hash of the parts joined with ':'.
func (a digestAlgorithm) sum(parts ...string) string {
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

// digestHA1 returns the hex H(login:realm:password) of an algorithm, what
// the ha1 function of newDigest returns for a known user: it lets a hook
// that knows the password compute it. The -sess variants have the same.
func digestHA1(alg digestAlgorithm, login, realm, password string) string {
	return alg.sum(login, realm, password)
}

// digestResponse is the request-digest of RFC 7616 §3.4.1 with qop auth:
// H(HA1:nonce:nc:cnonce:qop:H(method:uri)),
// where HA1 is ha1, H(login:realm:password), or for a -sess algorithm
// H(ha1:nonce:cnonce) (§3.4.2). Every value is the one the client sent,
// unquoted.
func digestResponse(alg digestAlgorithm, ha1, nonce, nc, cnonce, qop, method, uri string) string {
	if alg.sess {
		ha1 = alg.sum(ha1, nonce, cnonce)
	}
	return alg.sum(ha1, nonce, nc, cnonce, qop, alg.sum(method, uri))
}

// digestCredentials is what a Digest authorization says, checked for
// form.
type digestCredentials struct {
	username  string
	realm     string
	nonce     string
	uri       string
	response  string // lowercase hex, the size of the algorithm's hash
	alg       digestAlgorithm
	cnonce    string
	opaque    string
	hasOpaque bool
	qop       string // as sent: "auth" in any case
	nc        string // as sent: 8 hex digits
	count     uint32 // nc's value, at least 1
}

// check reads the Authorization: Digest header of r. It returns
// errNoCredentials when there is no Digest header; the login when the
// credentials are right, in realm (the route's), for r's method and
// request URI, with a live nonce of this checker and a nonce count greater
// than any accepted with it; else an *Error 401 whose message never
// echoes the header, and which wraps errStaleNonce when only the nonce's
// age refuses it; or another error from the ha1 function.
func (d *digestAuth) check(ctx context.Context, r *http.Request, realm string) (string, error) {
	header := r.Header.Get("Authorization")
	params, ok := digestParams(header)
	if !ok {
		return "", errNoCredentials
	}
	if len(header) > maxDigestHeader {
		return "", errDigest("digest authorization too long")
	}
	p, err := parseDigestParams(params)
	if err != nil {
		return "", err
	}
	cred, err := digestCredentialsOf(p)
	if err != nil {
		return "", err
	}
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	switch {
	case cred.realm != realm:
		return "", errDigest("digest realm mismatch")
	case cred.uri != uri:
		return "", errDigest("digest uri mismatch")
	case cred.hasOpaque && subtle.ConstantTimeCompare([]byte(cred.opaque), []byte(d.opaque(realm))) != 1:
		return "", errDigest("digest opaque mismatch")
	}
	key, issued, ok := d.openNonce(cred.nonce, realm)
	if !ok {
		return "", errDigest("invalid digest nonce")
	}
	ha1, err := d.ha1(ctx, cred.username, realm, cred.alg.name)
	if err != nil {
		if asError(err) != nil {
			return "", err
		}
		return "", fmt.Errorf("digest HA1 hook: %w", err)
	}
	known := ha1 != ""
	if !known {
		ha1 = d.dummy[cred.alg.name] // the same work as for a known user
	} else if ha1 = strings.ToLower(ha1); !digestIsHex(ha1, 2*cred.alg.size) {
		return "", fmt.Errorf("digest HA1 hook: not a hex %s hash", cred.alg.name)
	}
	want := digestResponse(cred.alg, ha1, cred.nonce, cred.nc, cred.cnonce, cred.qop, r.Method, cred.uri)
	if subtle.ConstantTimeCompare([]byte(want), []byte(cred.response)) != 1 || !known {
		return "", errDigest("invalid user or password")
	}
	now := d.now()
	expires := issued.Add(d.lifetime)
	if now.After(expires) {
		return "", errDigestStale()
	}
	if err := d.record(key, cred.count, expires, now); err != nil {
		return "", err
	}
	return cred.username, nil
}

// errDigestStale is the answer to a right response with a nonce too old.
func errDigestStale() error {
	return &Error{Status: http.StatusUnauthorized, Message: "stale digest nonce: retry with a new nonce", Err: errStaleNonce}
}

// challenges returns the WWW-Authenticate challenges of a 401 in realm,
// with a fresh nonce each call, SHA-256 first, then MD5 for older clients:
// each is a header value of its own. stale adds stale=true, telling the
// client that its password was right and that it may retry with the new
// nonce. A realm's control characters, which a quoted-string cannot hold,
// become '?': such a realm cannot be authenticated.
func (d *digestAuth) challenges(realm string, stale bool) []string {
	head := `Digest realm="` + digestQuote(realm) + `", qop="auth", algorithm=`
	tail := `, nonce="` + d.newNonce(realm) + `", opaque="` + d.opaque(realm) + `"`
	if stale {
		tail += ", stale=true"
	}
	return []string{head + "SHA-256" + tail, head + "MD5" + tail}
}

// digestQuote escapes s for a quoted-string: backslash and double quote
// are escaped, control characters but tab become '?'.
func digestQuote(s string) string {
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
func (d *digestAuth) newNonce(realm string) string {
	var b [digestNonceRaw]byte
	binary.BigEndian.PutUint64(b[:8], uint64(d.now().UnixNano()))
	rand.Read(b[8:digestNonceKey])
	copy(b[digestNonceKey:], d.nonceMAC(realm, b[:digestNonceKey]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// nonceMAC is the HMAC of a nonce's key in realm.
func (d *digestAuth) nonceMAC(realm string, key []byte) []byte {
	m := hmac.New(sha256.New, d.secret)
	m.Write([]byte("fsa digest nonce\x00"))
	m.Write([]byte(realm))
	m.Write([]byte{0})
	m.Write(key)
	return m.Sum(nil)
}

// openNonce checks that nonce is one of this checker's for realm, and
// returns its key and when it was made. Its age is not checked.
func (d *digestAuth) openNonce(nonce, realm string) (key [digestNonceKey]byte, issued time.Time, ok bool) {
	if len(nonce) != base64.RawURLEncoding.EncodedLen(digestNonceRaw) {
		return key, issued, false
	}
	// strict: one nonce has one spelling, so that the replay check keyed
	// by its bytes and the response over its text agree
	b, err := base64.RawURLEncoding.Strict().DecodeString(nonce)
	if err != nil || len(b) != digestNonceRaw || !hmac.Equal(b[digestNonceKey:], d.nonceMAC(realm, b[:digestNonceKey])) {
		return key, issued, false
	}
	copy(key[:], b)
	return key, time.Unix(0, int64(binary.BigEndian.Uint64(b[:8]))), true
}

// opaque is the opaque parameter of realm's challenges: 16 bytes of an
// HMAC, base64url. Clients send it back unchanged.
func (d *digestAuth) opaque(realm string) string {
	m := hmac.New(sha256.New, d.secret)
	m.Write([]byte("fsa digest opaque\x00"))
	m.Write([]byte(realm))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// record accepts nonce count nc for the nonce of key, expiring then, at
// time now: it must be greater than any accepted before with that nonce.
// A nonce that may have been forgotten is stale.
func (d *digestAuth) record(key [digestNonceKey]byte, nc uint32, expires, now time.Time) error {
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
		return errDigestStale()
	case found && nc <= seen.nc:
		return errDigest("replayed digest nonce count")
	}
	d.seen[key] = digestSeen{nc: nc, expires: expires}
	return nil
}

// sweep forgets the nonces expired at time now. d.mu is held.
func (d *digestAuth) sweep(now time.Time) {
	d.lastSweep = now
	if now.After(d.horizon) {
		d.horizon = now
	}
	d.forget()
}

// forget forgets the nonces expiring before the horizon. d.mu is held.
func (d *digestAuth) forget() {
	for key, seen := range d.seen {
		if seen.expires.Before(d.horizon) {
			delete(d.seen, key)
		}
	}
}

// evict forgets the quarter of the nonces that expire first, or more:
// they become stale. d.mu is held.
func (d *digestAuth) evict() {
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

// digestParams returns what follows the Digest scheme of an Authorization
// header, and whether its scheme is Digest (without case).
func digestParams(header string) (string, bool) {
	const scheme = "Digest"
	if len(header) < len(scheme) || !strings.EqualFold(header[:len(scheme)], scheme) {
		return "", false
	}
	rest := header[len(scheme):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false // another scheme, as Digestive
	}
	return rest, true
}

// parseDigestParams reads the auth-params of RFC 7235 §2.1: a list of
// name=value, commas between them, empty elements allowed, optional
// whitespace around commas and equal signs, values tokens or
// quoted-strings with backslash escapes. Names are lowercased; a repeated
// name is refused, as are more than maxDigestParams of them.
func parseDigestParams(s string) (map[string]string, error) {
	bad := errDigest("invalid digest authorization")
	params := map[string]string{}
	sep := true // a comma was seen since the last parameter, or none yet
	for i := 0; ; {
		i = digestSkipOWS(s, i)
		if i == len(s) {
			return params, nil
		}
		if s[i] == ',' {
			i++
			sep = true
			continue
		}
		if !sep {
			return nil, bad
		}
		j := digestTokenEnd(s, i)
		if j == i {
			return nil, bad
		}
		name := strings.ToLower(s[i:j])
		i = digestSkipOWS(s, j)
		if i == len(s) || s[i] != '=' {
			return nil, bad
		}
		i = digestSkipOWS(s, i+1)
		var value string
		if i < len(s) && s[i] == '"' {
			var ok bool
			if value, i, ok = digestUnquote(s, i); !ok {
				return nil, bad
			}
		} else {
			j = digestTokenEnd(s, i)
			if j == i {
				return nil, bad
			}
			value, i = s[i:j], j
		}
		if _, dup := params[name]; dup {
			return nil, errDigest("repeated digest parameter")
		}
		if len(params) == maxDigestParams {
			return nil, bad
		}
		params[name] = value
		sep = false
	}
}

// digestSkipOWS returns the index of the first byte at or after i that is not
// a space or a tab.
func digestSkipOWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// digestTokenEnd returns the end of the token starting at i (i when none).
func digestTokenEnd(s string, i int) int {
	for i < len(s) && digestTchar(s[i]) {
		i++
	}
	return i
}

// digestTchar tells whether c is a tchar of RFC 9110 §5.6.2.
func digestTchar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// digestUnquote reads the quoted-string starting at s[i] == '"' (RFC 9110
// §5.6.4): it returns its value, the index after its closing quote, and
// whether it is well-formed.
func digestUnquote(s string, i int) (string, int, bool) {
	var b strings.Builder
	for i++; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), i + 1, true
		case c == '\\':
			if i++; i == len(s) || !digestQuotable(s[i]) {
				return "", i, false
			}
			b.WriteByte(s[i])
		case digestQuotable(c):
			b.WriteByte(c)
		default:
			return "", i, false
		}
	}
	return "", i, false
}

// digestQuotable tells whether c may be in a quoted-string, escaped or not
// (but for '"' and '\\', which must be): tab, space, visible ASCII,
// obs-text.
func digestQuotable(c byte) bool { return c == '\t' || ' ' <= c && c != 0x7f }

// digestIsHex tells whether s is n lowercase hex digits.
func digestIsHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// digestCredentialsOf checks the parameters of a Digest authorization:
// the required ones present, each of the right form. Unknown parameters
// are ignored, as RFC 7616 says.
func digestCredentialsOf(p map[string]string) (digestCredentials, error) {
	var c digestCredentials
	bad := errDigest("invalid digest authorization")
	for _, name := range []string{"realm", "nonce", "uri", "response", "cnonce", "nc", "qop"} {
		if _, ok := p[name]; !ok {
			return c, errDigest("missing digest parameter: " + name)
		}
	}
	algorithm, ok := p["algorithm"]
	if !ok {
		algorithm = "MD5"
	}
	if c.alg, ok = lookupDigestAlgorithm(algorithm); !ok {
		return c, errDigest("unsupported digest algorithm")
	}
	if !strings.EqualFold(p["qop"], "auth") {
		return c, errDigest("unsupported digest qop")
	}
	switch userhash, ok := p["userhash"]; {
	case !ok || strings.EqualFold(userhash, "false"):
	case strings.EqualFold(userhash, "true"):
		return c, errDigest("unsupported digest userhash")
	default:
		return c, bad
	}
	plain, hasPlain := p["username"]
	extended, hasExtended := p["username*"]
	switch {
	case hasPlain && hasExtended:
		return c, bad
	case hasExtended:
		if plain, ok = digestExtValue(extended); !ok {
			return c, bad
		}
	case !hasPlain:
		return c, errDigest("missing digest parameter: username")
	}
	if !digestValidLogin(plain) {
		return c, bad
	}
	c.username, c.realm, c.nonce, c.uri = plain, p["realm"], p["nonce"], p["uri"]
	c.cnonce, c.qop, c.nc = p["cnonce"], p["qop"], p["nc"]
	c.opaque, c.hasOpaque = p["opaque"]
	c.response = strings.ToLower(p["response"])
	count, err := strconv.ParseUint(c.nc, 16, 32)
	switch {
	case c.nonce == "", c.uri == "", c.cnonce == "":
		return c, bad
	case !digestIsHex(c.response, 2*c.alg.size):
		return c, bad
	case len(c.nc) != 8 || err != nil || count == 0 || c.nc[0] == '+' || c.nc[0] == '-':
		return c, bad
	}
	c.count = uint32(count)
	return c, nil
}

// digestValidLogin tells whether a login is non-empty UTF-8 without control
// characters.
func digestValidLogin(login string) bool {
	if login == "" || !utf8.ValidString(login) {
		return false
	}
	for _, r := range login {
		if r < ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

// digestExtValue decodes the ext-value of RFC 8187 §3.2 that username*
// carries: UTF-8, an optional language, then attr-chars and
// percent-encoded bytes. Other charsets are refused.
func digestExtValue(v string) (string, bool) {
	charset, rest, ok := strings.Cut(v, "'")
	if !ok || !strings.EqualFold(charset, "UTF-8") {
		return "", false
	}
	_, encoded, ok := strings.Cut(rest, "'")
	if !ok {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(encoded); i++ {
		switch c := encoded[i]; {
		case c == '%':
			if i+2 >= len(encoded) {
				return "", false
			}
			x, err := hex.DecodeString(encoded[i+1 : i+3])
			if err != nil {
				return "", false
			}
			b.WriteByte(x[0])
			i += 2
		case digestTchar(c) && c != '%' && c != '\'' && c != '*':
			b.WriteByte(c)
		default:
			return "", false
		}
	}
	return b.String(), utf8.ValidString(b.String())
}
