package password

import (
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// bcrypt parameters.
const (
	// bcryptDefaultCost is the default cost (option "rounds").
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
	// hashes at that cost itself (option "rounds").
	bcryptMaxVerifyCost = 16
)

// bcryptHash matches a well-formed bcrypt hash: version 2a, 2b or 2y, a
// cost of two digits from 4 to 31, then 22 characters of salt and 31 of
// hash in bcrypt's base64 alphabet. golang.org/x/crypto/bcrypt alone would
// accept other versions and ignore trailing garbage.
var bcryptHash = regexp.MustCompile(`^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$`)

// bcryptAlphabet is the base64 alphabet of bcrypt hashes.
const bcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// errBcryptTooLong is the refusal of a password bcrypt would truncate.
var errBcryptTooLong = fmt.Errorf("%w: bcrypt only uses %d bytes", ErrTooLong, bcryptMaxPassword)

// bcryptScheme is bcrypt at a cost.
type bcryptScheme struct{ cost int }

// newBcrypt returns bcrypt with its options: "rounds", the cost.
func newBcrypt(opts map[string]any) (bcryptScheme, error) {
	b := bcryptScheme{cost: bcryptDefaultCost}
	for _, k := range sortedKeys(opts) {
		if k != "rounds" {
			return b, fmt.Errorf("unexpected option %q for bcrypt", k)
		}
		n, err := intOption(k, opts[k], int64(bcrypt.MinCost), int64(bcrypt.MaxCost))
		if err != nil {
			return b, err
		}
		b.cost = int(n)
	}
	return b, nil
}

func (b bcryptScheme) hash(password string) (string, error) { return hashBcrypt(password, b.cost) }

func (bcryptScheme) identify(hash string) bool {
	return strings.HasPrefix(hash, "$2a$") || strings.HasPrefix(hash, "$2b$") || strings.HasPrefix(hash, "$2y$")
}

func (b bcryptScheme) verify(password, hash string) bool {
	return verifyBcrypt(password, hash, max(b.cost, bcryptMaxVerifyCost))
}

func (b bcryptScheme) dummy() (string, error) { return dummyBcrypt(b.cost) }

// hashBcrypt returns the $2b$ bcrypt hash of password at cost. A password
// over 72 bytes wraps ErrTooLong.
func hashBcrypt(password string, cost int) (string, error) {
	if len(password) > bcryptMaxPassword {
		return "", errBcryptTooLong
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if errors.Is(err, bcrypt.ErrPasswordTooLong) { // not reached: checked above
		return "", errBcryptTooLong
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
}

// verifyBcrypt tells whether password matches the bcrypt hash, of a cost
// of at most maxCost. x/crypto/bcrypt refuses passwords over 72 bytes only
// when hashing (CompareHashAndPassword silently uses their first 72 bytes,
// and accepts trailing garbage after a hash): both are checked here.
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

// dummyBcrypt returns a bcrypt hash of cost made of random bytes.
func dummyBcrypt(cost int) (string, error) {
	b := make([]byte, 53)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = bcryptAlphabet[b[i]&63]
	}
	return fmt.Sprintf("$2b$%02d$%s", cost, b), nil
}
