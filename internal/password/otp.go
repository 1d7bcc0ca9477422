package password

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// FlaskSimpleAuth's one-time password scheme (fsa:otp): TOTP (RFC 6238)
// through github.com/pquerna/otp, as FlaskSimpleAuth does it with
// pyotp. The stored value is the user's base32 secret (hashing returns
// it unchanged), and the password is the current code. A code of the
// previous, current or next period is accepted (pyotp's valid_window=1),
// and each is accepted once: a code, or an older one, already accepted
// for a secret is refused (RFC 6238 §5.2), within this Hasher.
//
// Options, pyotp.TOTP's: "digits" (6 or 8, default 6), "interval" (the
// period in seconds, 1 to 300, default 30), "digest" ("sha1", the
// default, "sha256" or "sha512"); "name" and "issuer" (strings, for
// provisioning URIs) are accepted and unused.
const (
	otpDefaultInterval = 30
	otpMinSecret       = 16 // base32 characters: 80 bits
	otpMaxSecret       = 1024
)

// otpSecret matches a base32 secret, as pyotp takes it: any case, padding
// optional.
var otpSecret = regexp.MustCompile(`^[A-Za-z2-7]+=*$`)

// otpScheme is TOTP with its parameters and the codes it accepted.
type otpScheme struct {
	opts     hotp.ValidateOpts
	interval uint64 // seconds
	now      func() time.Time

	mu   sync.Mutex
	last map[[32]byte]uint64 // the counter of the last code accepted, by SHA-256 of the secret
}

// newOTP returns TOTP with its options, telling time with now.
func newOTP(opts map[string]any, now func() time.Time) (*otpScheme, error) {
	s := &otpScheme{opts: hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1},
		interval: otpDefaultInterval, now: now, last: map[[32]byte]uint64{}}
	for _, k := range sortedKeys(opts) {
		switch k {
		case "digits":
			n, err := intOption(k, opts[k], 6, 8)
			if err != nil || n == 7 {
				return nil, fmt.Errorf("option %q must be 6 or 8", k)
			}
			s.opts.Digits = otp.Digits(n)
		case "interval":
			n, err := intOption(k, opts[k], 1, 300)
			if err != nil {
				return nil, err
			}
			s.interval = uint64(n)
		case "digest":
			algorithms := map[string]otp.Algorithm{"sha1": otp.AlgorithmSHA1, "sha256": otp.AlgorithmSHA256, "sha512": otp.AlgorithmSHA512}
			name, _ := opts[k].(string)
			a, ok := algorithms[name]
			if !ok {
				return nil, fmt.Errorf("option %q must be \"sha1\", \"sha256\" or \"sha512\"", k)
			}
			s.opts.Algorithm = a
		case "name", "issuer":
			if _, ok := opts[k].(string); !ok {
				return nil, fmt.Errorf("option %q must be a string", k)
			}
		default:
			return nil, fmt.Errorf("unexpected option %q for otp", k)
		}
	}
	return s, nil
}

// hash returns the secret: it must be checked in clear.
func (*otpScheme) hash(secret string) (string, error) { return secret, nil }

func (*otpScheme) identify(hash string) bool {
	return len(hash) >= otpMinSecret && len(hash) <= otpMaxSecret && otpSecret.MatchString(hash)
}

func (s *otpScheme) verify(code, secret string) bool {
	if len(code) != s.opts.Digits.Length() || !s.identify(secret) {
		return false
	}
	now := uint64(max(s.now().Unix(), 0)) / s.interval
	var matched uint64
	found := false
	for counter := max(now, 1) - 1; counter <= now+1; counter++ {
		if ok, _ := hotp.ValidateCustom(code, counter, secret, s.opts); ok && !found {
			matched, found = counter, true
		}
	}
	if !found {
		return false
	}

	key := sha256.Sum256([]byte(strings.TrimRight(strings.ToUpper(secret), "=")))
	s.mu.Lock()
	defer s.mu.Unlock()
	if last, seen := s.last[key]; seen && matched <= last {
		return false // replayed, or older than a code already used
	}
	s.last[key] = matched
	if len(s.last) > 4*1024 { // forget the secrets whose codes have all expired
		for k, c := range s.last {
			if c+1 < now {
				delete(s.last, k)
			}
		}
	}
	return true
}

// dummy returns a random secret of 32 base32 characters, pyotp's size.
func (*otpScheme) dummy() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base32.StdEncoding.EncodeToString(b), nil
}
