package fsa

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Password schemes of FSA_PASSWORD_SCHEME.
const (
	schemeBcrypt    = "bcrypt"
	schemeArgon2    = "argon2"
	schemePlaintext = "plaintext"
)

// bcrypt parameters.
const (
	// bcryptDefaultCost is the default cost (FSA_PASSWORD_OPTS "rounds").
	// FlaskSimpleAuth uses 4, which is fast but weak; we use 10, the
	// default of golang.org/x/crypto/bcrypt. Hashes made by FSA with
	// cost 4 still verify: the cost is read from each hash.
	bcryptDefaultCost = bcrypt.DefaultCost
	// bcryptMaxPassword is the number of bytes of a password bcrypt uses:
	// longer passwords are refused rather than silently truncated.
	bcryptMaxPassword = 72
	// bcryptMaxVerifyCost bounds the cost of the stored hashes verified
	// (about 5 s at 16 on a server core; each step doubles it), so that a
	// hostile row in the user database cannot hold a request for days at
	// cost 31. A hash of a higher cost never matches, unless the app
	// hashes at that cost itself (FSA_PASSWORD_OPTS "rounds").
	bcryptMaxVerifyCost = 16
)

// argon2 parameters: FSA's defaults (argon2-cffi's names in comments) and
// the bounds of both the options and the hashes we accept to verify, so
// that a hostile stored hash cannot make us spend gigabytes or minutes.
const (
	argon2DefaultMemory  = 1000 // memory_cost, KiB
	argon2DefaultTime    = 1    // time_cost
	argon2DefaultThreads = 1    // parallelism
	argon2DefaultHashLen = 32   // hash_len, bytes
	argon2DefaultSaltLen = 16   // salt_len, bytes

	argon2MaxMemory  = 1 << 20 // KiB, that is 1 GiB
	argon2MaxTime    = 16
	argon2MaxThreads = 16
	argon2MinHashLen = 4 // the reference implementation's minimum
	argon2MaxHashLen = 1024
	argon2MinSaltLen = 8 // the reference implementation's minimum
	argon2MaxSaltLen = 1024
)

// argon2Prefix starts the PHC strings of the argon2id hashes we make and
// verify: only version 19 (0x13), the current one, is accepted.
const argon2Prefix = "$argon2id$v=19$"

// bcryptHash matches a well-formed bcrypt hash: version 2a, 2b or 2y, a
// cost of two digits from 4 to 31, then 22 characters of salt and 31 of
// hash in bcrypt's base64 alphabet. golang.org/x/crypto/bcrypt alone would
// accept other versions and ignore trailing garbage.
var bcryptHash = regexp.MustCompile(`^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$`)

// bcryptAlphabet is the base64 alphabet of bcrypt hashes.
const bcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// b64 encodes and decodes the salt and hash of PHC strings: standard
// base64 without padding, refusing non-zero trailing bits as libargon2 does.
var b64 = base64.RawStdEncoding.Strict()

// argon2Params are the parameters of an argon2id hash.
type argon2Params struct {
	memory  uint32 // KiB
	time    uint32 // passes
	threads uint8  // lanes
	hashLen uint32 // bytes
	saltLen uint32 // bytes
}

// phc returns the PHC string of an argon2id hash with these parameters.
func (a argon2Params) phc(salt, key []byte) string {
	return fmt.Sprintf("%sm=%d,t=%d,p=%d$%s$%s", argon2Prefix, a.memory, a.time, a.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// passwords hashes and verifies passwords by the configured scheme and rules.
type passwords struct {
	scheme    string           // schemeBcrypt, schemeArgon2 or schemePlaintext
	cost      int              // bcrypt cost
	argon2    argon2Params     // argon2 parameters
	length    int              // FSA_PASSWORD_LENGTH, in code points
	patterns  []*regexp.Regexp // FSA_PASSWORD_RE, in order
	dummyHash string           // a hash of the scheme and cost that no password is known to match
}

// newPasswords builds it from the configuration; errors name the directive (e.g. "FSA_PASSWORD_OPTS: unexpected option \"x\" for bcrypt").
//
// The hash dummy verifies against is made of random salt and hash with
// the configured parameters, so that building it costs no hashing while
// verifying against it costs as much as against a real hash.
func newPasswords(c *Config) (*passwords, error) {
	p := &passwords{scheme: c.PasswordScheme, length: c.PasswordLength}
	if p.scheme == "" {
		p.scheme = schemeBcrypt
	}
	var err error
	switch p.scheme {
	case "none":
		return p, nil
	case schemeBcrypt:
		err = p.bcryptOptions(c.PasswordOpts)
	case schemeArgon2:
		err = p.argon2Options(c.PasswordOpts)
	case schemePlaintext:
		if len(c.PasswordOpts) > 0 {
			err = fmt.Errorf("unexpected option %q for plaintext", sortedKeys(c.PasswordOpts)[0])
		}
	default:
		return nil, fmt.Errorf("FSA_PASSWORD_SCHEME: unexpected password scheme %q: want bcrypt, argon2 or plaintext", p.scheme)
	}
	if err != nil {
		return nil, fmt.Errorf("FSA_PASSWORD_OPTS: %w", err)
	}
	for _, s := range c.PasswordRE {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("FSA_PASSWORD_RE: %w", err)
		}
		p.patterns = append(p.patterns, re)
	}
	if p.dummyHash, err = p.makeDummy(); err != nil {
		return nil, err
	}
	return p, nil
}

// bcryptOptions reads FSA_PASSWORD_OPTS for bcrypt: "rounds", the cost.
func (p *passwords) bcryptOptions(opts map[string]any) error {
	p.cost = bcryptDefaultCost
	for _, k := range sortedKeys(opts) {
		if k != "rounds" {
			return fmt.Errorf("unexpected option %q for bcrypt", k)
		}
		n, err := intOption(k, opts[k], int64(bcrypt.MinCost), int64(bcrypt.MaxCost))
		if err != nil {
			return err
		}
		p.cost = int(n)
	}
	return nil
}

// argon2Options reads FSA_PASSWORD_OPTS for argon2, with argon2-cffi's
// names: "memory_cost" (KiB), "time_cost", "parallelism", "hash_len" and
// "salt_len" (bytes).
func (p *passwords) argon2Options(opts map[string]any) error {
	a := argon2Params{
		memory:  argon2DefaultMemory,
		time:    argon2DefaultTime,
		threads: argon2DefaultThreads,
		hashLen: argon2DefaultHashLen,
		saltLen: argon2DefaultSaltLen,
	}
	for _, k := range sortedKeys(opts) {
		var lo, hi int64
		switch k {
		case "memory_cost":
			lo, hi = 8, argon2MaxMemory
		case "time_cost":
			lo, hi = 1, argon2MaxTime
		case "parallelism":
			lo, hi = 1, argon2MaxThreads
		case "hash_len":
			lo, hi = argon2MinHashLen, argon2MaxHashLen
		case "salt_len":
			lo, hi = argon2MinSaltLen, argon2MaxSaltLen
		default:
			return fmt.Errorf("unexpected option %q for argon2", k)
		}
		n, err := intOption(k, opts[k], lo, hi)
		if err != nil {
			return err
		}
		switch k {
		case "memory_cost":
			a.memory = uint32(n)
		case "time_cost":
			a.time = uint32(n)
		case "parallelism":
			a.threads = uint8(n)
		case "hash_len":
			a.hashLen = uint32(n)
		case "salt_len":
			a.saltLen = uint32(n)
		}
	}
	if a.memory < 8*uint32(a.threads) { // argon2 needs 8 KiB per lane
		return fmt.Errorf("option \"memory_cost\" must be at least 8 times \"parallelism\" (%d), not %d", 8*uint32(a.threads), a.memory)
	}
	p.argon2 = a
	return nil
}

// intOption returns the integer value v of option name, checked to be
// from lo to hi.
func intOption(name string, v any, lo, hi int64) (int64, error) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case int32:
		n = int64(x)
	default:
		return 0, fmt.Errorf("option %q must be an integer, not %s", name, typeName(v))
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("option %q must be from %d to %d, not %d", name, lo, hi, n)
	}
	return n, nil
}

// sortedKeys returns the keys of m in order, for errors that do not
// depend on the order of a map.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// makeDummy returns a hash of the configured scheme and parameters made of
// random bytes: verifying any password against it fails (but for a chance
// of 2^-184 or less) after the full cost of a verification.
func (p *passwords) makeDummy() (string, error) {
	switch p.scheme {
	case schemeBcrypt:
		b := make([]byte, 53)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		for i := range b {
			b[i] = bcryptAlphabet[b[i]&63]
		}
		return fmt.Sprintf("$2b$%02d$%s", p.cost, b), nil
	case schemeArgon2:
		b := make([]byte, p.argon2.saltLen+p.argon2.hashLen)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		return p.argon2.phc(b[:p.argon2.saltLen], b[p.argon2.saltLen:]), nil
	}
	return rand.Text(), nil
}

// check applies FSA_PASSWORD_LENGTH then each FSA_PASSWORD_RE (regexp search, in order) to a new password.
// Failures are *Error with status 400 and FSA's messages: "password is too short, must be at least N" (length in code points, utf8.RuneCountInString), "password must match PATTERN". Never include the password.
func (p *passwords) check(password string) error {
	if p.length > 0 && utf8.RuneCountInString(password) < p.length {
		return Err("password is too short, must be at least "+strconv.Itoa(p.length), http.StatusBadRequest)
	}
	for _, re := range p.patterns {
		if !re.MatchString(password) {
			return Err("password must match "+re.String(), http.StatusBadRequest)
		}
	}
	return nil
}

// hash returns the hash of password in the configured scheme. It does not call check.
// bcrypt: a password over 72 bytes is a 400 *Error saying bcrypt only uses 72 bytes (never a silent truncation, never a 500); invalid UTF-8 is fine to hash.
//
// bcrypt hashes are written with the $2b$ prefix, as FlaskSimpleAuth's;
// argon2 hashes are argon2id PHC strings with standard base64 without
// padding; plaintext returns the password itself.
func (p *passwords) hash(password string) (string, error) {
	switch p.scheme {
	case schemeBcrypt:
		if len(password) > bcryptMaxPassword {
			return "", Err("password is too long: bcrypt only uses 72 bytes", http.StatusBadRequest)
		}
		h, err := bcrypt.GenerateFromPassword([]byte(password), p.cost)
		if errors.Is(err, bcrypt.ErrPasswordTooLong) { // not reached: checked above
			return "", Err("password is too long: bcrypt only uses 72 bytes", http.StatusBadRequest)
		}
		if err != nil {
			return "", fmt.Errorf("bcrypt: %w", err)
		}
		// x/crypto writes $2a$; $2b$ is the same algorithm (it differs
		// from $2a$ only in OpenBSD's old bug with passwords over 255 bytes).
		s, ok := strings.CutPrefix(string(h), "$2a$")
		if !ok {
			return "", fmt.Errorf("bcrypt: unexpected hash prefix %.4q", h)
		}
		return "$2b$" + s, nil
	case schemeArgon2:
		a := p.argon2
		salt := make([]byte, a.saltLen)
		if _, err := rand.Read(salt); err != nil {
			return "", err
		}
		key := argon2.IDKey([]byte(password), salt, a.time, a.memory, a.threads, a.hashLen)
		return a.phc(salt, key), nil
	case schemePlaintext:
		return password, nil
	}
	return "", fmt.Errorf("unexpected password scheme %q", p.scheme)
}

// verify tells whether password matches hash. The scheme is taken from
// the hash: $2a$/$2b$/$2y$ bcrypt, $argon2id$ argon2 (PHC string), and,
// only when the configured scheme is plaintext, a comparison in constant
// time. A malformed hash is false, never a panic. A bcrypt hash never
// matches a password over 72 bytes: x/crypto/bcrypt refuses those only
// when hashing (CompareHashAndPassword silently uses their first 72
// bytes, and accepts trailing garbage after a hash), so both are checked.
func (p *passwords) verify(password, hash string) bool {
	switch {
	case hash == "": // no hash, even in plaintext
		return false
	case strings.HasPrefix(hash, "$2a$"), strings.HasPrefix(hash, "$2b$"), strings.HasPrefix(hash, "$2y$"):
		return verifyBcrypt(password, hash, max(p.cost, bcryptMaxVerifyCost))
	case strings.HasPrefix(hash, "$argon2id$"):
		return verifyArgon2(password, hash)
	case p.scheme == schemePlaintext:
		return subtle.ConstantTimeCompare([]byte(password), []byte(hash)) == 1
	}
	return false
}

// verifyBcrypt tells whether password matches the bcrypt hash, of a cost
// of at most maxCost.
func verifyBcrypt(password, hash string, maxCost int) bool {
	if len(password) > bcryptMaxPassword || !bcryptHash.MatchString(hash) {
		return false
	}
	if cost, _ := strconv.Atoi(hash[4:6]); cost > maxCost {
		return false
	}
	// $2a$, $2b$ and $2y$ are the same algorithm for passwords of up to 72
	// bytes: compare as $2a$, the version x/crypto makes.
	h := []byte("$2a$" + hash[4:])
	return bcrypt.CompareHashAndPassword(h, []byte(password)) == nil
}

// verifyArgon2 tells whether password matches the argon2id PHC string.
func verifyArgon2(password, hash string) bool {
	a, salt, key, ok := parseArgon2(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, a.time, a.memory, a.threads, a.hashLen)
	return subtle.ConstantTimeCompare(got, key) == 1
}

// parseArgon2 parses an argon2id PHC string strictly,
// $argon2id$v=19$m=M,t=T,p=P$SALT$HASH, within the bounds above.
func parseArgon2(hash string) (a argon2Params, salt, key []byte, ok bool) {
	rest, found := strings.CutPrefix(hash, argon2Prefix)
	// encoding/base64 skips new lines: refuse them first.
	if !found || len(rest) > 4096 || strings.ContainsAny(rest, "\r\n") {
		return a, nil, nil, false
	}
	parts := strings.Split(rest, "$")
	if len(parts) != 3 {
		return a, nil, nil, false
	}
	params := strings.Split(parts[0], ",")
	if len(params) != 3 {
		return a, nil, nil, false
	}
	m, okM := phcNumber(params[0], "m=", argon2MaxMemory)
	t, okT := phcNumber(params[1], "t=", argon2MaxTime)
	p, okP := phcNumber(params[2], "p=", argon2MaxThreads)
	if !okM || !okT || !okP || t < 1 || p < 1 || m < 8*p {
		return a, nil, nil, false
	}
	salt, err := b64.DecodeString(parts[1])
	if err != nil || len(salt) < argon2MinSaltLen || len(salt) > argon2MaxSaltLen {
		return a, nil, nil, false
	}
	key, err = b64.DecodeString(parts[2])
	if err != nil || len(key) < argon2MinHashLen || len(key) > argon2MaxHashLen {
		return a, nil, nil, false
	}
	a = argon2Params{memory: m, time: t, threads: uint8(p), hashLen: uint32(len(key)), saltLen: uint32(len(salt))}
	return a, salt, key, true
}

// phcNumber parses s as the name prefix then a decimal number without sign
// or leading zero, of at most max.
func phcNumber(s, prefix string, max uint32) (uint32, bool) {
	digits, ok := strings.CutPrefix(s, prefix)
	if !ok || digits == "" || len(digits) > 10 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || n > uint64(max) {
		return 0, false
	}
	return uint32(n), true
}

// dummy runs a verification against a hash of the configured scheme and cost made once in newPasswords,
// so that an unknown user costs the same time as a wrong password.
func (p *passwords) dummy(password string) {
	_ = p.verify(password, p.dummyHash)
}
