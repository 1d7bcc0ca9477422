package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
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

// argon2Options returns the parameters of the options of argon2, with
// argon2-cffi's names: "memory_cost" (KiB), "time_cost", "parallelism",
// "hash_len" and "salt_len" (bytes).
func argon2Options(opts map[string]any) (argon2Params, error) {
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
			return a, fmt.Errorf("unexpected option %q for argon2", k)
		}
		n, err := intOption(k, opts[k], lo, hi)
		if err != nil {
			return a, err
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
		return a, fmt.Errorf("option \"memory_cost\" must be at least 8 times \"parallelism\" (%d), not %d", 8*uint32(a.threads), a.memory)
	}
	return a, nil
}

// hash returns the argon2id PHC string of password with a random salt.
func (a argon2Params) hash(password string) (string, error) {
	salt := make([]byte, a.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, a.time, a.memory, a.threads, a.hashLen)
	return a.phc(salt, key), nil
}

// dummy returns a PHC string of these parameters made of random bytes.
func (a argon2Params) dummy() (string, error) {
	b := make([]byte, a.saltLen+a.hashLen)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return a.phc(b[:a.saltLen], b[a.saltLen:]), nil
}

// phc returns the PHC string of an argon2id hash with these parameters.
func (a argon2Params) phc(salt, key []byte) string {
	return fmt.Sprintf("%sm=%d,t=%d,p=%d$%s$%s", argon2Prefix, a.memory, a.time, a.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

func (argon2Params) identify(hash string) bool { return strings.HasPrefix(hash, "$argon2id$") }

func (argon2Params) verify(password, hash string) bool { return verifyArgon2(password, hash) }

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
