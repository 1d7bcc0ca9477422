// Package password hashes and verifies passwords, and checks new ones
// against rules of length and patterns.
//
// A Hasher hashes in the first of its schemes (bcrypt by default) and
// verifies a stored hash in the configured scheme that recognizes it:
// FlaskSimpleAuth's (bcrypt, argon2, scrypt, plaintext, otp), passlib's
// and werkzeug's (names.go). Stored hashes are parsed strictly and their
// cost is bounded, so that a hostile row cannot make a verification
// panic, match by accident or last for minutes.
package password

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fsa-go/fsa-go/internal/literal"
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
	// Schemes are the schemes, by FlaskSimpleAuth's names (see Names):
	// the first hashes new passwords, and each verifies the hashes of its
	// formats. bcrypt and argon2id hashes verify whatever the schemes,
	// but "otp".
	// "none" alone makes a Hasher without a scheme, whose other options
	// are ignored and whose Hash fails.
	// Optional. Default value ["bcrypt"].
	Schemes []string
	// List tells that Schemes was given as a list, which FlaskSimpleAuth
	// hands to passlib: a bare "scrypt" is then passlib's $scrypt$ format
	// rather than FlaskSimpleAuth's own, and "otp" is refused.
	List bool
	// Opts are the schemes' options, by name. A name "SCHEME__OPTION"
	// (passlib's CryptContext form) sets an option of that scheme of
	// Schemes; a plain name one of the first scheme. Values are int, int32
	// or int64 unless said. bcrypt: "rounds" (the cost, 4 to 31, default
	// 10). argon2, with argon2-cffi's names: "memory_cost" (KiB, 8 to
	// 1048576, default 1000, at least 8 times "parallelism"), "time_cost"
	// (1 to 16, default 1), "parallelism" (1 to 16, default 1),
	// "hash_len" (bytes, 4 to 1024, default 32), "salt_len" (bytes, 8 to
	// 1024, default 16). Other schemes: see their files. passlib's
	// "default_rounds" is "rounds". Optional.
	Opts map[string]any
	// MinLength is the minimum number of code points of a new password.
	// Optional. Default value 0: no minimum.
	MinLength int
	// Patterns are regular expressions (package regexp) that a new
	// password must each match somewhere, checked in order. Optional.
	Patterns []string
	// Now tells the time of one-time passwords. Optional. Default value
	// time.Now.
	Now func() time.Time
}

// An OptionError is an invalid field of Options.
type OptionError struct {
	// Option names the field: "Schemes", "Opts" or "Patterns".
	Option string
	// Err says what is wrong with it.
	Err error
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Err.Error() }

func (e *OptionError) Unwrap() error { return e.Err }

// A scheme hashes passwords in one format and verifies the hashes of its
// formats.
type scheme interface {
	// hash returns the hash of password, with a new random salt.
	hash(password string) (string, error)
	// identify tells whether hash looks like one of the scheme's formats,
	// from its prefix: a cheap test, before verify parses it.
	identify(hash string) bool
	// verify tells whether password matches hash, an identified one. A
	// malformed hash, or one whose cost is out of the scheme's bounds, is
	// false, never a panic.
	verify(password, hash string) bool
	// dummy returns a hash of the configured parameters that no password
	// is known to match, made of random bytes.
	dummy() (string, error)
}

// A Hasher hashes and verifies passwords by its Options. It is safe for
// concurrent use.
type Hasher struct {
	names     []string         // the canonical names of the schemes
	schemes   []scheme         // the schemes, the first hashing
	verifiers []scheme         // the schemes that verify, plaintext last
	length    int              // Options.MinLength, in code points
	patterns  []*regexp.Regexp // Options.Patterns, in order
	dummyHash string           // a hash of the first scheme that no password is known to match
}

// New returns a Hasher of the options. An invalid option is an
// *OptionError naming it.
//
// The hash Dummy verifies against is made of random salt and hash with
// the first scheme's parameters, so that building it costs no hashing
// while verifying against it costs as much as against a real hash.
func New(o Options) (*Hasher, error) {
	names := o.Schemes
	if len(names) == 0 {
		names = []string{schemeBcrypt}
	}
	if len(names) == 1 && names[0] == schemeNone {
		return &Hasher{names: []string{schemeNone}}, nil
	}
	h := &Hasher{length: o.MinLength}
	for _, name := range names {
		canonical, err := Canonical(name, o.List)
		if err != nil {
			return nil, &OptionError{Option: "Schemes", Err: err}
		}
		if slices.Contains(h.names, canonical) {
			return nil, &OptionError{Option: "Schemes", Err: fmt.Errorf("scheme %q is listed twice", name)}
		}
		h.names = append(h.names, canonical)
	}
	if len(h.names) > 1 && slices.Contains(h.names, schemeOTP) {
		return nil, &OptionError{Option: "Schemes", Err: errors.New("otp cannot be in a list of schemes")}
	}

	opts, err := schemeOpts(o.Opts, names)
	if err != nil {
		return nil, &OptionError{Option: "Opts", Err: err}
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	for i, name := range h.names {
		s, err := newScheme(name, opts[i], now)
		if err != nil {
			return nil, &OptionError{Option: "Opts", Err: err}
		}
		h.schemes = append(h.schemes, s)
	}
	// bcrypt and argon2id hashes verify whatever the schemes (but otp,
	// which checks codes): both are strong and bounded; plaintext is tried
	// last, as it takes any value.
	for _, name := range []string{schemeBcrypt, schemeArgon2} {
		if !slices.Contains(h.names, name) && h.names[0] != schemeOTP {
			s, _ := newScheme(name, nil, now)
			h.schemes = append(h.schemes, s)
		}
	}
	h.verifiers = slices.Clone(h.schemes)
	if i := slices.Index(h.names, schemePlaintext); i >= 0 {
		h.verifiers = append(slices.Delete(h.verifiers, i, i+1), h.schemes[i])
	}

	for _, s := range o.Patterns {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, &OptionError{Option: "Patterns", Err: err}
		}
		h.patterns = append(h.patterns, re)
	}

	if h.dummyHash, err = h.schemes[0].dummy(); err != nil {
		return nil, err
	}
	return h, nil
}

// schemeOpts splits opts by scheme: "SCHEME__OPTION" names go to that
// scheme of names (as written), plain names to the first.
func schemeOpts(opts map[string]any, names []string) ([]map[string]any, error) {
	out := make([]map[string]any, len(names))
	for _, k := range sortedKeys(opts) {
		i, option := 0, k
		if name, o, ok := strings.Cut(k, "__"); ok {
			if i = slices.Index(names, name); i < 0 {
				return nil, fmt.Errorf("option %q is for scheme %q, which is not configured", k, name)
			}
			option = o
		}
		if option == "default_rounds" { // passlib's name
			option = "rounds"
		}
		if out[i] == nil {
			out[i] = map[string]any{}
		}
		if _, dup := out[i][option]; dup {
			return nil, fmt.Errorf("option %q is given twice", k)
		}
		out[i][option] = opts[k]
	}
	return out, nil
}

// Scheme returns the canonical name of the scheme of new hashes (see
// Canonical), or "none".
func (h *Hasher) Scheme() string { return h.names[0] }

// Schemes returns the canonical names of the configured schemes, the
// first hashing.
func (h *Hasher) Schemes() []string { return slices.Clone(h.names) }

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

// Hash returns the hash of password in the first scheme. It does not
// call Check. Invalid UTF-8 is fine to hash.
//
// bcrypt hashes are written with the $2b$ prefix, as FlaskSimpleAuth's;
// a password over 72 bytes wraps ErrTooLong ("password is too long:
// bcrypt only uses 72 bytes"), never a silent truncation. argon2 hashes
// are argon2id PHC strings with standard base64 without padding.
// plaintext and otp return the password itself (otp's is the user's
// secret). The scheme "none" is an error.
func (h *Hasher) Hash(password string) (string, error) {
	if len(h.schemes) == 0 {
		return "", errors.New("no password scheme")
	}
	return h.schemes[0].hash(password)
}

// Verify tells whether password matches hash, in the first configured
// scheme that identifies the hash (bcrypt and argon2id always do, and
// plaintext, tried last, takes any value). An empty or malformed hash is
// false, never a panic; so is a hash whose cost is over the scheme's
// bounds (bcrypt: 16, or the configured cost when higher).
func (h *Hasher) Verify(password, hash string) bool {
	if hash == "" { // no hash, even in plaintext
		return false
	}
	for _, s := range h.verifiers {
		if s.identify(hash) {
			return s.verify(password, hash)
		}
	}
	return false
}

// Outdated tells whether hash is not in the first scheme's format: once
// its password is verified, the caller may store the password's new hash.
func (h *Hasher) Outdated(hash string) bool {
	return len(h.schemes) > 0 && !h.schemes[0].identify(hash)
}

// Dummy runs a verification of password against a hash of the first
// scheme and its parameters that New made of random bytes, so that an
// unknown user costs the same time as a wrong password. In the scheme
// "none" it does nothing.
func (h *Hasher) Dummy(password string) {
	if len(h.schemes) > 0 {
		_ = h.schemes[0].verify(password, h.dummyHash)
	}
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
