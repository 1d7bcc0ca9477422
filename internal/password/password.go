// Package password hashes and verifies passwords, and checks new ones
// against rules of length and patterns.
//
// A Hasher hashes in one scheme, bcrypt (the default), argon2 (argon2id)
// or plaintext, and verifies a stored hash in the scheme the hash names:
// bcrypt and argon2id hashes whatever the configured scheme, a plain
// password only in plaintext. Stored hashes are parsed strictly and their
// cost is bounded, so that a hostile row cannot make a verification panic,
// match by accident or last for minutes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fsa-go/fsa-go/internal/literal"
)

// Schemes of Options.Scheme.
const (
	schemeBcrypt    = "bcrypt"
	schemeArgon2    = "argon2"
	schemePlaintext = "plaintext"
	schemeNone      = "none"
)

// Errors of Check and Hash: a new password is refused. Their messages say
// why, without the password, and can be shown to the client.
var (
	// ErrTooShort is a password of fewer code points than
	// Options.MinLength.
	ErrTooShort = errors.New("password is too short")
	// ErrMismatch is a password that one of Options.Patterns does not
	// match.
	ErrMismatch = errors.New("password must match")
	// ErrTooLong is a password longer than the scheme can hash: bcrypt
	// uses 72 bytes and refuses more rather than ignore them.
	ErrTooLong = errors.New("password is too long")
)

// Options configures a Hasher.
type Options struct {
	// Scheme is the scheme of new hashes: "bcrypt", "argon2" or
	// "plaintext"; "none" makes a Hasher without a scheme, whose other
	// options are ignored and whose Hash fails.
	// Optional. Default value "bcrypt".
	Scheme string
	// Opts are the scheme's options, by name, each an int, int32 or
	// int64. bcrypt: "rounds" (the cost, 4 to 31, default 10). argon2,
	// with argon2-cffi's names: "memory_cost" (KiB, 8 to 1048576, default
	// 1000, at least 8 times "parallelism"), "time_cost" (1 to 16,
	// default 1), "parallelism" (1 to 16, default 1), "hash_len" (bytes,
	// 4 to 1024, default 32), "salt_len" (bytes, 8 to 1024, default 16).
	// plaintext: none. Optional.
	Opts map[string]any
	// MinLength is the minimum number of code points of a new password.
	// Optional. Default value 0: no minimum.
	MinLength int
	// Patterns are regular expressions (package regexp) that a new
	// password must each match somewhere, checked in order. Optional.
	Patterns []string
}

// An OptionError is an invalid field of Options.
type OptionError struct {
	// Option names the field: "Scheme", "Opts" or "Patterns".
	Option string
	// Err says what is wrong with it.
	Err error
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Err.Error() }

func (e *OptionError) Unwrap() error { return e.Err }

// A Hasher hashes and verifies passwords by its Options. It is safe for
// concurrent use.
type Hasher struct {
	scheme    string
	cost      int              // bcrypt cost
	argon2    argon2Params     // argon2 parameters
	length    int              // Options.MinLength, in code points
	patterns  []*regexp.Regexp // Options.Patterns, in order
	dummyHash string           // a hash of the scheme and cost that no password is known to match
}

// New returns a Hasher of the options. An invalid option is an
// *OptionError naming it.
//
// The hash Dummy verifies against is made of random salt and hash with
// the configured parameters, so that building it costs no hashing while
// verifying against it costs as much as against a real hash.
func New(o Options) (*Hasher, error) {
	h := &Hasher{scheme: o.Scheme, length: o.MinLength}
	if h.scheme == "" {
		h.scheme = schemeBcrypt
	}

	var err error
	switch h.scheme {
	case schemeNone:
		return &Hasher{scheme: schemeNone}, nil
	case schemeBcrypt:
		h.cost, err = bcryptOptions(o.Opts)
	case schemeArgon2:
		h.argon2, err = argon2Options(o.Opts)
	case schemePlaintext:
		if len(o.Opts) > 0 {
			err = fmt.Errorf("unexpected option %q for plaintext", sortedKeys(o.Opts)[0])
		}
	default:
		return nil, &OptionError{Option: "Scheme", Err: fmt.Errorf("unexpected password scheme %q: want bcrypt, argon2 or plaintext", h.scheme)}
	}
	if err != nil {
		return nil, &OptionError{Option: "Opts", Err: err}
	}

	for _, s := range o.Patterns {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, &OptionError{Option: "Patterns", Err: err}
		}
		h.patterns = append(h.patterns, re)
	}

	if h.dummyHash, err = h.makeDummy(); err != nil {
		return nil, err
	}
	return h, nil
}

// Scheme returns the scheme of new hashes: "bcrypt", "argon2",
// "plaintext" or "none".
func (h *Hasher) Scheme() string { return h.scheme }

// Check applies Options.MinLength, then each of Options.Patterns (a
// search, in order), to a new password. A refusal wraps ErrTooShort
// ("password is too short, must be at least N", the length counted in
// code points) or ErrMismatch ("password must match PATTERN"); its
// message never includes the password.
func (h *Hasher) Check(password string) error {
	if h.length > 0 && utf8.RuneCountInString(password) < h.length {
		return fmt.Errorf("%w, must be at least %d", ErrTooShort, h.length)
	}
	for _, re := range h.patterns {
		if !re.MatchString(password) {
			return fmt.Errorf("%w %s", ErrMismatch, re)
		}
	}
	return nil
}

// Hash returns the hash of password in the configured scheme. It does
// not call Check. Invalid UTF-8 is fine to hash.
//
// bcrypt hashes are written with the $2b$ prefix, as FlaskSimpleAuth's;
// a password over 72 bytes wraps ErrTooLong ("password is too long:
// bcrypt only uses 72 bytes"), never a silent truncation. argon2 hashes
// are argon2id PHC strings with standard base64 without padding.
// plaintext returns the password itself. The scheme "none" is an error.
func (h *Hasher) Hash(password string) (string, error) {
	switch h.scheme {
	case schemeBcrypt:
		return hashBcrypt(password, h.cost)
	case schemeArgon2:
		return h.argon2.hash(password)
	case schemePlaintext:
		return password, nil
	}
	return "", fmt.Errorf("unexpected password scheme %q", h.scheme)
}

// Verify tells whether password matches hash. The scheme is taken from
// the hash: $2a$/$2b$/$2y$ bcrypt, $argon2id$ argon2 (PHC string), and,
// only when the configured scheme is plaintext, a comparison in constant
// time. An empty or malformed hash is false, never a panic. A bcrypt hash
// never matches a password over 72 bytes, and a bcrypt hash of a cost over
// 16 (or over the configured cost when higher) never matches.
func (h *Hasher) Verify(password, hash string) bool {
	switch {
	case hash == "": // no hash, even in plaintext
		return false
	case strings.HasPrefix(hash, "$2a$"), strings.HasPrefix(hash, "$2b$"), strings.HasPrefix(hash, "$2y$"):
		return verifyBcrypt(password, hash, max(h.cost, bcryptMaxVerifyCost))
	case strings.HasPrefix(hash, "$argon2id$"):
		return verifyArgon2(password, hash)
	case h.scheme == schemePlaintext:
		return subtle.ConstantTimeCompare([]byte(password), []byte(hash)) == 1
	}
	return false
}

// Dummy runs a verification of password against a hash of the configured
// scheme and cost that New made of random bytes, so that an unknown user
// costs the same time as a wrong password. In the scheme "none" it does
// nothing.
func (h *Hasher) Dummy(password string) {
	_ = h.Verify(password, h.dummyHash)
}

// makeDummy returns a hash of the configured scheme and parameters made of
// random bytes: verifying any password against it fails (but for a chance
// of 2^-184 or less) after the full cost of a verification.
func (h *Hasher) makeDummy() (string, error) {
	switch h.scheme {
	case schemeBcrypt:
		return dummyBcrypt(h.cost)
	case schemeArgon2:
		return h.argon2.dummy()
	}
	return rand.Text(), nil
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
		return 0, fmt.Errorf("option %q must be an integer, not %s", name, literal.TypeName(v))
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
