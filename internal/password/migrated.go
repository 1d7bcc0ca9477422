// Schemes of the hashes users migrate from: passlib's (1.7.4) and
// werkzeug's (3.x). Each identifies its hashes by their prefix ($5$, $6$,
// $pbkdf2-sha256$, $pbkdf2-sha512$, $bcrypt-sha256$, $scrypt$; werkzeug:
// pbkdf2: and scrypt:, or pbkdf2$ and scrypt$), verifies them parsed
// strictly, and hashes new passwords in its main format with the
// configured options and a random salt. A stored hash over the bounds is
// refused before any hashing, so that a hostile row cannot hold a request
// for minutes or exhaust memory; a malformed one is refused too.
//
//   - sha256_crypt, sha512_crypt (glibc's and passlib's SHA-crypt):
//     $5$rounds=N$SALT$HASH and $6$rounds=N$SALT$HASH, where "rounds=N$"
//     is optional (5000 rounds); SALT is 0 to 16 characters of
//     ./0-9A-Za-z, HASH 43 (86) characters of that alphabet. Option
//     "rounds": 1000 to 10,000,000, default 535,000 (656,000), passlib's.
//     Bounds: rounds 1000 to 10,000,000; passwords of at most 4096 bytes
//     (passlib's limit: SHA-crypt's cost grows with the password's length).
//   - pbkdf2_sha256, pbkdf2_sha512 (passlib's):
//     $pbkdf2-sha256$ROUNDS$SALT$HASH, SALT and HASH in passlib's adapted
//     base64 (./ for +/, no padding), HASH of 32 (64) bytes, SALT of 0 to
//     1024 bytes (16 when hashing). Option "rounds": 1 to 10,000,000,
//     default 29,000 (25,000), passlib's. Bounds: rounds 1 to 10,000,000.
//   - bcrypt_sha256 (passlib's): $bcrypt-sha256$v=2,t=2b,r=COST$SALT$HASH,
//     bcrypt of the base64 of the HMAC-SHA256 of the password keyed by
//     SALT (22 and 31 characters of bcrypt's base64); passlib 1.6.2 to
//     1.7.2's $bcrypt-sha256$2a,COST$SALT$HASH (or 2b), of the plain
//     SHA256, verify too. No limit of 72 bytes. Option "rounds": the cost,
//     4 to 31, default 12, passlib's. Bounds: cost 4 to 16, or the
//     configured cost when higher, as bcrypt.
//   - passlib:scrypt (passlib's scrypt, or "scrypt" in a list):
//     $scrypt$ln=LOG2N,r=R,p=P$SALT$HASH, SALT (0 to 1024 bytes, 16 when
//     hashing) and HASH (32 bytes) in standard base64 without padding.
//     Options "ln" (default 16), "r" (default 8), "p" (default 1),
//     passlib's, within the bounds. Bounds: N = 2^ln from 2, R >= 1,
//     P 1 to 16, and 128*N*R*P at most 1 GiB (the memory 128*N*R, times
//     P: a verification of at most seconds).
//   - werkzeug (generate_password_hash): METHOD$SALT$HEX where METHOD is
//     scrypt:N:R:P (HEX of 64 bytes) or pbkdf2:DIGEST:ITERATIONS (HEX of
//     the digest's size; DIGEST sha1, sha224, sha256, sha384 or sha512),
//     or a short form that werkzeug 3.1 reads with its defaults: scrypt
//     (scrypt:32768:8:1), pbkdf2 (pbkdf2:sha256:1000000), pbkdf2:DIGEST
//     (1,000,000 iterations); SALT is 1 to 1024 characters of A-Za-z0-9
//     (werkzeug's alphabet), HEX lowercase. Options "method" (a string,
//     one of the forms above, written in full in the hashes, as werkzeug
//     does; default "scrypt:32768:8:1", werkzeug's) and "salt_length"
//     (characters, 1 to 1024, default 16). Bounds: pbkdf2's iterations 1
//     to 10,000,000; scrypt's as passlib:scrypt.
//
// SHA-crypt is github.com/go-crypt/x/crypt's; PBKDF2 is crypto/pbkdf2's;
// scrypt is golang.org/x/crypto/scrypt's; bcrypt_sha256 verifies with
// golang.org/x/crypto/bcrypt (bcrypt.go) and hashes with
// github.com/go-crypt/x/bcrypt, whose salt is chosen by the caller (the
// HMAC's key is the salt). The strings around them are parsed here.

package password

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"github.com/fsa-go/fsa-go/internal/literal"
	xbcrypt "github.com/go-crypt/x/bcrypt"
	xcrypt "github.com/go-crypt/x/crypt"
	"golang.org/x/crypto/scrypt"
)

// Parameters and bounds of the migrated schemes.
const (
	shaCryptMinRounds      = 1000 // the specification's minimum
	shaCryptMaxRounds      = 10_000_000
	shaCryptImplicitRounds = 5000 // without "rounds=N$"
	shaCryptSaltLen        = 16   // characters, the maximum and passlib's default
	shaCryptMaxPassword    = 4096 // bytes, passlib's limit
	sha256CryptRounds      = 535_000
	sha512CryptRounds      = 656_000

	pbkdf2MaxRounds    = 10_000_000
	pbkdf2SHA256Rounds = 29_000
	pbkdf2SHA512Rounds = 25_000
	pbkdf2SaltLen      = 16 // bytes, passlib's default
	passlibMaxSaltLen  = 1024

	bcryptSHA256Cost   = 12
	bcryptSHA256Prefix = "$bcrypt-sha256$"

	scryptMaxWork     = 1 << 30 // bytes: 128*r*N*p, the memory 128*r*N times p
	scryptMaxParallel = 16
	scryptLn          = 16 // passlib's defaults
	scryptR           = 8
	scryptP           = 1
	scryptSaltLen     = 16 // bytes
	scryptKeyLen      = 32 // bytes

	werkzeugMethod           = "scrypt:32768:8:1"
	werkzeugSaltLen          = 16
	werkzeugMaxSaltLen       = 1024
	werkzeugPBKDF2Iterations = 1_000_000 // werkzeug 3.1's default
	werkzeugScryptKeyLen     = 64        // hashlib.scrypt's default
	werkzeugSaltChars        = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// hash64Chars is the alphabet of SHA-crypt's salts and hashes.
const hash64Chars = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

var (
	// ab64 is passlib's adapted base64 of pbkdf2_*: ./ for +/, no
	// padding, refusing non-zero trailing bits.
	ab64 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./").
		WithPadding(base64.NoPadding).Strict()
	// bcrypt64 is bcrypt's base64, for the salts of bcrypt_sha256.
	bcrypt64 = base64.NewEncoding(bcryptAlphabet).WithPadding(base64.NoPadding).Strict()
)

// newMigrated returns the scheme of a canonical name of names.go other
// than FlaskSimpleAuth's, with its options.
func newMigrated(name string, opts map[string]any) (scheme, error) {
	switch name {
	case schemeSHA256Crypt:
		return newSHACrypt(name, "$5$", sha256.New, 43, sha256CryptRounds, opts)
	case schemeSHA512Crypt:
		return newSHACrypt(name, "$6$", sha512.New, 86, sha512CryptRounds, opts)
	case schemePBKDF2SHA256:
		return newPBKDF2(name, "$pbkdf2-sha256$", sha256.New, sha256.Size, pbkdf2SHA256Rounds, opts)
	case schemePBKDF2SHA512:
		return newPBKDF2(name, "$pbkdf2-sha512$", sha512.New, sha512.Size, pbkdf2SHA512Rounds, opts)
	case schemeBcryptSHA256:
		return newBcryptSHA256(opts)
	case schemePasslibCrypt:
		return newPasslibScrypt(opts)
	case schemeWerkzeug:
		return newWerkzeug(opts)
	}
	return nil, fmt.Errorf("unexpected password scheme %q", name)
}

// randomChars returns n random characters of alphabet, of at most 64
// characters, uniformly: random bytes' low 6 bits, those out of the
// alphabet skipped.
func randomChars(n int, alphabet string) (string, error) {
	out := make([]byte, 0, n)
	buf := make([]byte, n+16)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for _, c := range buf {
			if x := int(c & 63); x < len(alphabet) && len(out) < n {
				out = append(out, alphabet[x])
			}
		}
	}
	return string(out), nil
}

// randomBytes returns n random bytes.
func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := rand.Read(b)
	return b, err
}

// decimal parses s as a decimal number without sign or leading zero, from
// lo to hi.
func decimal(s string, lo, hi uint32) (int, bool) {
	n, ok := phcNumber(s, "", hi)
	return int(n), ok && n >= lo
}

// only tells whether s is made of characters of alphabet.
func only(s, alphabet string) bool {
	for _, c := range []byte(s) {
		if strings.IndexByte(alphabet, c) < 0 {
			return false
		}
	}
	return true
}

// decode64 decodes s in enc, refusing the new lines encoding/base64 skips.
func decode64(enc *base64.Encoding, s string) ([]byte, bool) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, false
	}
	b, err := enc.DecodeString(s)
	return b, err == nil
}

// checkOptions refuses the options of scheme name not in allowed.
func checkOptions(name string, opts map[string]any, allowed ...string) error {
	for _, k := range sortedKeys(opts) {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return fmt.Errorf("unexpected option %q for %s", k, name)
		}
	}
	return nil
}

// roundsOption returns the option "rounds" of opts, from lo to hi, or def.
func roundsOption(opts map[string]any, def, lo, hi int64) (int, error) {
	v, ok := opts["rounds"]
	if !ok {
		return int(def), nil
	}
	n, err := intOption("rounds", v, lo, hi)
	return int(n), err
}

// SHA-crypt.

// shaCrypt is sha256_crypt or sha512_crypt at a number of rounds.
type shaCrypt struct {
	name    string // canonical name
	prefix  string // "$5$" or "$6$"
	newHash func() hash.Hash
	hashLen int // characters
	rounds  int
}

func newSHACrypt(name, prefix string, h func() hash.Hash, hashLen int, rounds int64, opts map[string]any) (scheme, error) {
	if err := checkOptions(name, opts, "rounds"); err != nil {
		return nil, err
	}
	n, err := roundsOption(opts, rounds, shaCryptMinRounds, shaCryptMaxRounds)
	if err != nil {
		return nil, err
	}
	return shaCrypt{name: name, prefix: prefix, newHash: h, hashLen: hashLen, rounds: n}, nil
}

func (s shaCrypt) identify(hash string) bool { return strings.HasPrefix(hash, s.prefix) }

func (s shaCrypt) hash(password string) (string, error) {
	if len(password) > shaCryptMaxPassword {
		return "", fmt.Errorf("%w: %s accepts at most %d bytes", ErrTooLong, s.name, shaCryptMaxPassword)
	}
	salt, err := randomChars(shaCryptSaltLen, hash64Chars)
	if err != nil {
		return "", err
	}
	key := xcrypt.KeySHACrypt(s.newHash, []byte(password), []byte(salt), s.rounds)
	return s.format(s.rounds, salt, string(key)), nil
}

// format returns the hash of rounds, salt and key, passlib's way: rounds
// written unless 5000 (glibc's way too).
func (s shaCrypt) format(rounds int, salt, key string) string {
	if rounds == shaCryptImplicitRounds {
		return s.prefix + salt + "$" + key
	}
	return fmt.Sprintf("%srounds=%d$%s$%s", s.prefix, rounds, salt, key)
}

func (s shaCrypt) verify(password, hash string) bool {
	rounds, salt, key, ok := s.parse(hash)
	if !ok || len(password) > shaCryptMaxPassword {
		return false
	}
	got := xcrypt.KeySHACrypt(s.newHash, []byte(password), []byte(salt), rounds)
	return subtle.ConstantTimeCompare(got, []byte(key)) == 1
}

// parse parses a SHA-crypt hash strictly: PREFIX[rounds=N$]SALT$HASH.
func (s shaCrypt) parse(hash string) (rounds int, salt, key string, ok bool) {
	rest, found := strings.CutPrefix(hash, s.prefix)
	if !found {
		return 0, "", "", false
	}
	rounds = shaCryptImplicitRounds
	if r, found := strings.CutPrefix(rest, "rounds="); found {
		digits, tail, found := strings.Cut(r, "$")
		if rounds, ok = decimal(digits, shaCryptMinRounds, shaCryptMaxRounds); !found || !ok {
			return 0, "", "", false
		}
		rest = tail
	}
	salt, key, found = strings.Cut(rest, "$")
	if !found || len(salt) > shaCryptSaltLen || len(key) != s.hashLen || !only(salt, hash64Chars) || !only(key, hash64Chars) {
		return 0, "", "", false
	}
	return rounds, salt, key, true
}

func (s shaCrypt) dummy() (string, error) {
	b, err := randomChars(shaCryptSaltLen+s.hashLen, hash64Chars)
	if err != nil {
		return "", err
	}
	return s.format(s.rounds, b[:shaCryptSaltLen], b[shaCryptSaltLen:]), nil
}

// passlib's PBKDF2.

// passlibPBKDF2 is pbkdf2_sha256 or pbkdf2_sha512 at a number of rounds.
type passlibPBKDF2 struct {
	prefix  string // "$pbkdf2-sha256$" or "$pbkdf2-sha512$"
	newHash func() hash.Hash
	keyLen  int // bytes
	rounds  int
}

func newPBKDF2(name, prefix string, h func() hash.Hash, keyLen int, rounds int64, opts map[string]any) (scheme, error) {
	if err := checkOptions(name, opts, "rounds"); err != nil {
		return nil, err
	}
	n, err := roundsOption(opts, rounds, 1, pbkdf2MaxRounds)
	if err != nil {
		return nil, err
	}
	return passlibPBKDF2{prefix: prefix, newHash: h, keyLen: keyLen, rounds: n}, nil
}

func (s passlibPBKDF2) identify(hash string) bool { return strings.HasPrefix(hash, s.prefix) }

func (s passlibPBKDF2) hash(password string) (string, error) {
	salt, err := randomBytes(pbkdf2SaltLen)
	if err != nil {
		return "", err
	}
	key, err := pbkdf2.Key(s.newHash, password, salt, s.rounds, s.keyLen)
	if err != nil {
		return "", fmt.Errorf("pbkdf2: %w", err)
	}
	return s.format(s.rounds, salt, key), nil
}

func (s passlibPBKDF2) format(rounds int, salt, key []byte) string {
	return fmt.Sprintf("%s%d$%s$%s", s.prefix, rounds, ab64.EncodeToString(salt), ab64.EncodeToString(key))
}

func (s passlibPBKDF2) verify(password, hash string) bool {
	rounds, salt, key, ok := s.parse(hash)
	if !ok {
		return false
	}
	got, err := pbkdf2.Key(s.newHash, password, salt, rounds, s.keyLen)
	return err == nil && subtle.ConstantTimeCompare(got, key) == 1
}

// parse parses a passlib PBKDF2 hash strictly: PREFIX ROUNDS$SALT$HASH.
func (s passlibPBKDF2) parse(hash string) (rounds int, salt, key []byte, ok bool) {
	rest, found := strings.CutPrefix(hash, s.prefix)
	parts := strings.Split(rest, "$")
	if !found || len(rest) > 4096 || len(parts) != 3 {
		return 0, nil, nil, false
	}
	rounds, okR := decimal(parts[0], 1, pbkdf2MaxRounds)
	salt, okS := decode64(ab64, parts[1])
	key, okK := decode64(ab64, parts[2])
	if !okR || !okS || !okK || len(salt) > passlibMaxSaltLen || len(key) != s.keyLen {
		return 0, nil, nil, false
	}
	return rounds, salt, key, true
}

func (s passlibPBKDF2) dummy() (string, error) {
	b, err := randomBytes(pbkdf2SaltLen + s.keyLen)
	if err != nil {
		return "", err
	}
	return s.format(s.rounds, b[:pbkdf2SaltLen], b[pbkdf2SaltLen:]), nil
}

// passlib's bcrypt_sha256.

// bcryptSHA256 is passlib's bcrypt_sha256 at a cost.
type bcryptSHA256 struct{ cost int }

func newBcryptSHA256(opts map[string]any) (scheme, error) {
	if err := checkOptions(schemeBcryptSHA256, opts, "rounds"); err != nil {
		return nil, err
	}
	n, err := roundsOption(opts, bcryptSHA256Cost, 4, 31)
	return bcryptSHA256{cost: n}, err
}

func (bcryptSHA256) identify(hash string) bool { return strings.HasPrefix(hash, bcryptSHA256Prefix) }

// key returns what bcrypt hashes of password: the base64 of its
// HMAC-SHA256 keyed by the salt's 22 characters (version 2), or of its
// SHA256 (version 1).
func (bcryptSHA256) key(password, salt string, version int) []byte {
	var sum []byte
	if version == 1 {
		s := sha256.Sum256([]byte(password))
		sum = s[:]
	} else {
		m := hmac.New(sha256.New, []byte(salt))
		m.Write([]byte(password))
		sum = m.Sum(nil)
	}
	return base64.StdEncoding.AppendEncode(nil, sum)
}

func (b bcryptSHA256) hash(password string) (string, error) {
	raw, err := randomBytes(16)
	if err != nil {
		return "", err
	}
	salt := bcrypt64.EncodeToString(raw)
	h, err := xbcrypt.GenerateFromPasswordSalt(b.key(password, salt, 2), raw, b.cost)
	if err != nil {
		return "", fmt.Errorf("bcrypt_sha256: %w", err)
	}
	// h is $2a$CC$ then the salt's 22 characters and the hash's 31.
	if len(h) != 60 || string(h[7:29]) != salt {
		return "", fmt.Errorf("bcrypt_sha256: unexpected bcrypt hash %.7q", h)
	}
	return fmt.Sprintf("%sv=2,t=2b,r=%d$%s$%s", bcryptSHA256Prefix, b.cost, salt, h[29:]), nil
}

func (b bcryptSHA256) verify(password, hash string) bool {
	version, ident, cost, salt, digest, ok := parseBcryptSHA256(hash)
	if !ok {
		return false
	}
	h := fmt.Sprintf("$%s$%02d$%s%s", ident, cost, salt, digest)
	return verifyBcrypt(string(b.key(password, salt, version)), h, max(b.cost, bcryptMaxVerifyCost))
}

// parseBcryptSHA256 parses a bcrypt_sha256 hash strictly, as passlib
// does: $bcrypt-sha256$v=2,t=2b,r=COST$SALT$HASH, or version 1's
// $bcrypt-sha256$2a,COST$SALT$HASH (or 2b). The cost is a number of one
// or two digits without leading zero, from 4 to 31: bcrypt's bounds,
// checked by verifyBcrypt along with the alphabet.
func parseBcryptSHA256(hash string) (version int, ident string, cost int, salt, digest string, ok bool) {
	rest, found := strings.CutPrefix(hash, bcryptSHA256Prefix)
	parts := strings.Split(rest, "$")
	if !found || len(parts) != 3 || len(parts[1]) != 22 || len(parts[2]) != 31 {
		return 0, "", 0, "", "", false
	}
	var rounds string
	if params, v2 := strings.CutPrefix(parts[0], "v=2,t=2b,r="); v2 {
		version, ident, rounds = 2, "2b", params
	} else if id, r, found := strings.Cut(parts[0], ","); found && (id == "2a" || id == "2b") {
		version, ident, rounds = 1, id, r
	} else {
		return 0, "", 0, "", "", false
	}
	// the salt's last character has 4 unused bits, which must be zero
	// (passlib's own check for version 2).
	salt, digest = parts[1], parts[2]
	if cost, ok = decimal(rounds, 4, 31); !ok || len(rounds) > 2 || !strings.ContainsRune(".Oeu", rune(salt[21])) {
		return 0, "", 0, "", "", false
	}
	return version, ident, cost, salt, digest, true
}

func (b bcryptSHA256) dummy() (string, error) {
	raw, err := randomBytes(16)
	if err != nil {
		return "", err
	}
	h, err := dummyBcrypt(b.cost) // $2b$CC$ then 53 random characters
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%sv=2,t=2b,r=%d$%s$%s", bcryptSHA256Prefix, b.cost, bcrypt64.EncodeToString(raw), h[29:]), nil
}

// scrypt.

// scryptParams are the parameters of scrypt.
type scryptParams struct{ n, r, p int }

// ok tells whether the parameters are valid and within the bounds: N a
// power of two from 2, r and p from 1, p at most 16, and 128*r*N*p at
// most 1 GiB: the memory of x/crypto/scrypt (128*r*N, and 128*r*p) and
// the bytes its p rounds of ROMix go through, so that a verification
// takes seconds at most (about 8 s for 1 GiB on a slow server core).
func (s scryptParams) ok() bool {
	return s.n >= 2 && s.n&(s.n-1) == 0 && s.r >= 1 && s.p >= 1 && s.p <= scryptMaxParallel &&
		uint64(s.r)*uint64(s.n)*uint64(s.p) <= scryptMaxWork/128
}

// passlibScrypt is passlib's $scrypt$.
type passlibScrypt struct {
	ln int // log2 of N
	scryptParams
}

func newPasslibScrypt(opts map[string]any) (scheme, error) {
	if err := checkOptions(schemePasslibCrypt, opts, "ln", "p", "r"); err != nil {
		return nil, err
	}
	s := passlibScrypt{ln: scryptLn, scryptParams: scryptParams{r: scryptR, p: scryptP}}
	for _, k := range sortedKeys(opts) {
		var hi int64 = 30
		if k == "p" {
			hi = scryptMaxParallel
		} else if k == "r" {
			hi = scryptMaxWork / 256
		}
		n, err := intOption(k, opts[k], 1, hi)
		if err != nil {
			return nil, err
		}
		switch k {
		case "ln":
			s.ln = int(n)
		case "r":
			s.r = int(n)
		case "p":
			s.p = int(n)
		}
	}
	s.n = 1 << s.ln
	if !s.ok() {
		return nil, fmt.Errorf("options \"ln\" %d, \"r\" %d and \"p\" %d of passlib:scrypt are too costly: 128*r*2^ln*p must be at most 1073741824 (1 GiB)", s.ln, s.r, s.p)
	}
	return s, nil
}

func (passlibScrypt) identify(hash string) bool { return strings.HasPrefix(hash, "$scrypt$") }

func (s passlibScrypt) hash(password string) (string, error) {
	salt, err := randomBytes(scryptSaltLen)
	if err != nil {
		return "", err
	}
	key, err := scrypt.Key([]byte(password), salt, s.n, s.r, s.p, scryptKeyLen)
	if err != nil {
		return "", fmt.Errorf("scrypt: %w", err)
	}
	return s.format(salt, key), nil
}

func (s passlibScrypt) format(salt, key []byte) string {
	return fmt.Sprintf("$scrypt$ln=%d,r=%d,p=%d$%s$%s", s.ln, s.r, s.p, b64.EncodeToString(salt), b64.EncodeToString(key))
}

func (passlibScrypt) verify(password, hash string) bool {
	s, salt, key, ok := parsePasslibScrypt(hash)
	if !ok {
		return false
	}
	got, err := scrypt.Key([]byte(password), salt, s.n, s.r, s.p, scryptKeyLen)
	return err == nil && subtle.ConstantTimeCompare(got, key) == 1
}

// parsePasslibScrypt parses a $scrypt$ hash strictly,
// $scrypt$ln=LN,r=R,p=P$SALT$HASH, within the bounds.
func parsePasslibScrypt(hash string) (s passlibScrypt, salt, key []byte, ok bool) {
	rest, found := strings.CutPrefix(hash, "$scrypt$")
	parts := strings.Split(rest, "$")
	if !found || len(rest) > 4096 || len(parts) != 3 {
		return s, nil, nil, false
	}
	params := strings.Split(parts[0], ",")
	if len(params) != 3 {
		return s, nil, nil, false
	}
	ln, okN := phcNumber(params[0], "ln=", 30)
	r, okR := phcNumber(params[1], "r=", scryptMaxWork/256)
	p, okP := phcNumber(params[2], "p=", scryptMaxParallel)
	s = passlibScrypt{ln: int(ln), scryptParams: scryptParams{n: 1 << ln, r: int(r), p: int(p)}}
	if !okN || !okR || !okP || !s.ok() {
		return s, nil, nil, false
	}
	salt, okS := decode64(b64, parts[1])
	key, okK := decode64(b64, parts[2])
	if !okS || !okK || len(salt) > passlibMaxSaltLen || len(key) != scryptKeyLen {
		return s, nil, nil, false
	}
	return s, salt, key, true
}

func (s passlibScrypt) dummy() (string, error) {
	b, err := randomBytes(scryptSaltLen + scryptKeyLen)
	if err != nil {
		return "", err
	}
	return s.format(b[:scryptSaltLen], b[scryptSaltLen:]), nil
}

// werkzeug.

// werkzeugDigests are the digests of werkzeug's pbkdf2 that we verify.
var werkzeugDigests = map[string]func() hash.Hash{
	"sha1":   sha1.New,
	"sha224": sha256.New224,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// werkzeugMethodOf is a method of werkzeug's generate_password_hash.
type werkzeugMethodOf struct {
	digest     string // pbkdf2's, "" for scrypt
	iterations int    // pbkdf2's
	scryptParams
}

// parseWerkzeugMethod parses a method as werkzeug 3.1 does, strictly:
// scrypt[:N:R:P] or pbkdf2[:DIGEST[:ITERATIONS]], within the bounds.
func parseWerkzeugMethod(method string) (m werkzeugMethodOf, ok bool) {
	kind, args, colon := strings.Cut(method, ":")
	if colon && args == "" { // "pbkdf2:" or "scrypt:": werkzeug fails on them
		return m, false
	}
	switch kind {
	case "scrypt":
		m.scryptParams = scryptParams{n: 1 << 15, r: 8, p: 1}
		if args != "" {
			a := strings.Split(args, ":")
			if len(a) != 3 {
				return m, false
			}
			n, okN := decimal(a[0], 2, 1<<30)
			r, okR := decimal(a[1], 1, scryptMaxWork/256)
			p, okP := decimal(a[2], 1, scryptMaxParallel)
			if !okN || !okR || !okP {
				return m, false
			}
			m.scryptParams = scryptParams{n: n, r: r, p: p}
		}
		return m, m.ok()
	case "pbkdf2":
		m.digest, m.iterations = "sha256", werkzeugPBKDF2Iterations
		if args == "" {
			return m, true
		}
		digest, iterations, found := strings.Cut(args, ":")
		if _, known := werkzeugDigests[digest]; !known {
			return m, false
		}
		m.digest = digest
		if found {
			if m.iterations, ok = decimal(iterations, 1, pbkdf2MaxRounds); !ok {
				return m, false
			}
		}
		return m, true
	}
	return m, false
}

// String returns the method as werkzeug writes it, with its parameters.
func (m werkzeugMethodOf) String() string {
	if m.digest == "" {
		return fmt.Sprintf("scrypt:%d:%d:%d", m.n, m.r, m.p)
	}
	return fmt.Sprintf("pbkdf2:%s:%d", m.digest, m.iterations)
}

// keyLen returns the length of the method's hash in bytes.
func (m werkzeugMethodOf) keyLen() int {
	if m.digest == "" {
		return werkzeugScryptKeyLen
	}
	return werkzeugDigests[m.digest]().Size()
}

// key returns the method's hash of password, with the salt's characters.
func (m werkzeugMethodOf) key(password, salt string) ([]byte, error) {
	if m.digest == "" {
		return scrypt.Key([]byte(password), []byte(salt), m.n, m.r, m.p, werkzeugScryptKeyLen)
	}
	return pbkdf2.Key(werkzeugDigests[m.digest], password, []byte(salt), m.iterations, m.keyLen())
}

// werkzeugScheme is werkzeug's generate_password_hash with a method and a
// salt length.
type werkzeugScheme struct {
	method  werkzeugMethodOf
	saltLen int
}

func newWerkzeug(opts map[string]any) (scheme, error) {
	if err := checkOptions(schemeWerkzeug, opts, "method", "salt_length"); err != nil {
		return nil, err
	}
	w := werkzeugScheme{saltLen: werkzeugSaltLen}
	w.method, _ = parseWerkzeugMethod(werkzeugMethod)
	if v, ok := opts["method"]; ok {
		s, isString := v.(string)
		if !isString {
			return nil, fmt.Errorf(`option "method" must be a string, not %s`, literal.TypeName(v))
		}
		if w.method, ok = parseWerkzeugMethod(s); !ok {
			return nil, fmt.Errorf(`option "method" must be scrypt:N:R:P (N a power of 2, P at most 16, 128*N*R*P at most 1 GiB) or pbkdf2:DIGEST:ITERATIONS (DIGEST sha1, sha224, sha256, sha384 or sha512, at most 10000000 iterations), not %q`, s)
		}
	}
	if v, ok := opts["salt_length"]; ok {
		n, err := intOption("salt_length", v, 1, werkzeugMaxSaltLen)
		if err != nil {
			return nil, err
		}
		w.saltLen = int(n)
	}
	return w, nil
}

func (werkzeugScheme) identify(hash string) bool {
	for _, prefix := range []string{"pbkdf2:", "scrypt:", "pbkdf2$", "scrypt$"} {
		if strings.HasPrefix(hash, prefix) {
			return true
		}
	}
	return false
}

func (w werkzeugScheme) hash(password string) (string, error) {
	salt, err := randomChars(w.saltLen, werkzeugSaltChars)
	if err != nil {
		return "", err
	}
	key, err := w.method.key(password, salt)
	if err != nil {
		return "", fmt.Errorf("werkzeug: %w", err)
	}
	return w.method.String() + "$" + salt + "$" + hex.EncodeToString(key), nil
}

func (werkzeugScheme) verify(password, hash string) bool {
	method, salt, key, ok := parseWerkzeug(hash)
	if !ok {
		return false
	}
	got, err := method.key(password, salt)
	return err == nil && subtle.ConstantTimeCompare(got, key) == 1
}

// parseWerkzeug parses a werkzeug hash strictly: METHOD$SALT$HEX, the
// salt of werkzeug's characters, the hex lowercase and of the method's
// length.
func parseWerkzeug(hash string) (m werkzeugMethodOf, salt string, key []byte, ok bool) {
	parts := strings.Split(hash, "$")
	if len(parts) != 3 {
		return m, "", nil, false
	}
	if m, ok = parseWerkzeugMethod(parts[0]); !ok {
		return m, "", nil, false
	}
	salt, digest := parts[1], parts[2]
	if salt == "" || len(salt) > werkzeugMaxSaltLen || !only(salt, werkzeugSaltChars) ||
		len(digest) != 2*m.keyLen() || !only(digest, "0123456789abcdef") {
		return m, "", nil, false
	}
	key, err := hex.DecodeString(digest)
	return m, salt, key, err == nil
}

func (w werkzeugScheme) dummy() (string, error) {
	salt, err := randomChars(w.saltLen, werkzeugSaltChars)
	if err != nil {
		return "", err
	}
	key, err := randomBytes(w.method.keyLen())
	if err != nil {
		return "", err
	}
	return w.method.String() + "$" + salt + "$" + hex.EncodeToString(key), nil
}
