package password

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	xcrypt "github.com/go-crypt/x/crypt"
)

// migratedVector is a hash of testdata/migrated.json, made by passlib or
// werkzeug (testdata/make_vectors.py).
type migratedVector struct {
	Scheme   string `json:"scheme"`   // fsa-go's canonical name
	Password string `json:"password"` // the password hashed
	Hash     string `json:"hash"`
	Note     string `json:"note"`    // the library and its parameters
	Default  bool   `json:"default"` // made with the library's default costs
}

// migratedVectors returns the vectors of testdata/migrated.json.
func migratedVectors(tb testing.TB) []migratedVector {
	tb.Helper()
	b, err := os.ReadFile("testdata/migrated.json")
	if err != nil {
		tb.Fatal(err)
	}
	var vs []migratedVector
	if err := json.Unmarshal(b, &vs); err != nil {
		tb.Fatal(err)
	}
	return vs
}

// migratedNames are the canonical names of the migrated schemes.
var migratedNames = []string{
	schemeSHA256Crypt, schemeSHA512Crypt, schemePBKDF2SHA256, schemePBKDF2SHA512,
	schemeBcryptSHA256, schemePasslibCrypt, schemeWerkzeug,
}

// migratedFast are fast options of each migrated scheme, for tests where
// the cost is not the point.
var migratedFast = map[string]map[string]any{
	schemeSHA256Crypt:  {"rounds": 1000},
	schemeSHA512Crypt:  {"rounds": 1000},
	schemePBKDF2SHA256: {"rounds": 1000},
	schemePBKDF2SHA512: {"rounds": 1000},
	schemeBcryptSHA256: {"rounds": 4},
	schemePasslibCrypt: {"ln": 4},
	schemeWerkzeug:     {"method": "scrypt:16:8:1"},
}

// newMigratedTest returns a Hasher of all the migrated schemes, fast, the
// first hashing.
func newMigratedTest(tb testing.TB, first string) *Hasher {
	tb.Helper()
	names := []string{first}
	opts := map[string]any{}
	for _, name := range migratedNames {
		if name != first {
			names = append(names, name)
		}
		for k, v := range migratedFast[name] {
			opts[name+"__"+k] = v
		}
	}
	p, err := New(Options{Schemes: names, List: true, Opts: opts})
	if err != nil {
		tb.Fatalf("New(%v): %v", names, err)
	}
	return p
}

// migratedAffordable tells whether hash is of a migrated scheme (known),
// and if so whether verifying it costs little (a few milliseconds), so
// that tests and the fuzzer spend no seconds on a valid hash of a high
// cost (which is not a bug: stored hashes choose their cost).
func migratedAffordable(hash string) (affordable, known bool) {
	const scryptCheap = 1 << 14 // N*r*p: 2 MiB
	if m, _, _, ok := parseWerkzeug(hash); ok {
		if m.digest == "" {
			return m.n*m.r*m.p <= scryptCheap, true
		}
		return m.iterations <= 10_000, true
	}
	if s, _, _, ok := parsePasslibScrypt(hash); ok {
		return s.n*s.r*s.p <= scryptCheap, true
	}
	if _, _, cost, _, _, ok := parseBcryptSHA256(hash); ok {
		return cost <= 6, true
	}
	for _, name := range migratedNames[:4] {
		s, _ := newMigrated(name, nil)
		switch s := s.(type) {
		case shaCrypt:
			if rounds, _, _, ok := s.parse(hash); ok {
				return rounds <= 5000, true
			}
		case passlibPBKDF2:
			if rounds, _, _, ok := s.parse(hash); ok {
				return rounds <= 10_000, true
			}
		}
	}
	return false, false
}

func TestMigratedVectors(t *testing.T) {
	vs := migratedVectors(t)
	all := newMigratedTest(t, schemeWerkzeug)
	seen := map[string]int{}
	for i, v := range vs {
		seen[v.Scheme]++
		t.Run(v.Scheme+"/"+strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			alone := newTest(t, v.Scheme, migratedFast[v.Scheme])
			cheap, _ := migratedAffordable(v.Hash)
			for name, p := range map[string]*Hasher{"alone": alone, "all": all} {
				if !cheap && name == "all" {
					continue // once is enough for the costly ones
				}
				start := time.Now()
				if !p.Verify(v.Password, v.Hash) {
					t.Errorf("%s: verify(%q, %q) (%s) = false, want true", name, v.Password, v.Hash, v.Note)
				}
				if d := time.Since(start); d > time.Second {
					t.Logf("%s: verify of %s took %v", name, v.Note, d)
				}
				wrong := []string{v.Password + "x", v.Password + "é", "x" + v.Password, strings.ToUpper(v.Password) + "!"}
				if !cheap {
					wrong = wrong[:1]
				}
				if v.Password != "" {
					wrong = append(wrong, v.Password[:len(v.Password)-1])
				}
				for _, pw := range wrong {
					if p.Verify(pw, v.Hash) {
						t.Errorf("%s: verify(%q, %q) = true, want false", name, pw, v.Hash)
					}
				}
			}
			// another scheme's Hasher does not verify it, even with the same
			// password stored in plaintext
			for _, other := range []string{"bcrypt", "argon2", "plaintext"} {
				if newTest(t, other, testOpts[other]).Verify(v.Password, v.Hash) {
					t.Errorf("a Hasher of %s verified %q", other, v.Hash)
				}
			}
		})
	}
	for _, name := range migratedNames {
		if seen[name] < 4 {
			t.Errorf("%d vectors of %s, want at least 4", seen[name], name)
		}
	}
}

// TestMigratedDefaultVectors checks that each scheme has a vector of the
// library's default costs, which hashing with our defaults matches.
func TestMigratedDefaultVectors(t *testing.T) {
	params := map[string]*regexp.Regexp{
		schemeSHA256Crypt:  regexp.MustCompile(`^\$5\$rounds=535000\$`),
		schemeSHA512Crypt:  regexp.MustCompile(`^\$6\$rounds=656000\$`),
		schemePBKDF2SHA256: regexp.MustCompile(`^\$pbkdf2-sha256\$29000\$`),
		schemePBKDF2SHA512: regexp.MustCompile(`^\$pbkdf2-sha512\$25000\$`),
		schemeBcryptSHA256: regexp.MustCompile(`^\$bcrypt-sha256\$v=2,t=2b,r=12\$`),
		schemePasslibCrypt: regexp.MustCompile(`^\$scrypt\$ln=16,r=8,p=1\$`),
		schemeWerkzeug:     regexp.MustCompile(`^(scrypt:32768:8:1|pbkdf2:sha256:1000000)\$`),
	}
	found := map[string]bool{}
	for _, v := range migratedVectors(t) {
		if v.Default {
			found[v.Scheme] = true
			if !params[v.Scheme].MatchString(v.Hash) {
				t.Errorf("default vector %q of %s, want %s", v.Hash, v.Scheme, params[v.Scheme])
			}
		}
	}
	for _, name := range migratedNames {
		if !found[name] {
			t.Errorf("no default vector of %s", name)
		}
		// our defaults: the dummy hash, which costs no hashing
		if h := newTest(t, name, nil).dummyHash; !params[name].MatchString(h) || !strings.HasPrefix(params[name].String(), "^") {
			t.Errorf("dummy hash %q of %s with the default options, want %s", h, name, params[name])
		}
	}
}

func TestMigratedRoundTrip(t *testing.T) {
	const (
		h64  = `[./0-9A-Za-z]`
		ab64 = `[./0-9A-Za-z]`
		std  = `[+/0-9A-Za-z]`
		bc   = `[./0-9A-Za-z]`
	)
	tests := []struct {
		name   string
		scheme string
		opts   map[string]any
		shape  string
	}{
		{"sha256", schemeSHA256Crypt, map[string]any{"rounds": 1000}, `^\$5\$rounds=1000\$` + h64 + `{16}\$` + h64 + `{43}$`},
		{"sha256-5000", schemeSHA256Crypt, map[string]any{"rounds": 5000}, `^\$5\$` + h64 + `{16}\$` + h64 + `{43}$`},
		{"sha512", schemeSHA512Crypt, map[string]any{"rounds": int64(1001)}, `^\$6\$rounds=1001\$` + h64 + `{16}\$` + h64 + `{86}$`},
		{"pbkdf2-sha256", schemePBKDF2SHA256, map[string]any{"rounds": 1000}, `^\$pbkdf2-sha256\$1000\$` + ab64 + `{22}\$` + ab64 + `{43}$`},
		{"pbkdf2-sha256-1", schemePBKDF2SHA256, map[string]any{"rounds": 1}, `^\$pbkdf2-sha256\$1\$` + ab64 + `{22}\$` + ab64 + `{43}$`},
		{"pbkdf2-sha512", schemePBKDF2SHA512, map[string]any{"rounds": int32(1000)}, `^\$pbkdf2-sha512\$1000\$` + ab64 + `{22}\$` + ab64 + `{86}$`},
		{"bcrypt-sha256", schemeBcryptSHA256, map[string]any{"rounds": 4}, `^\$bcrypt-sha256\$v=2,t=2b,r=4\$` + bc + `{21}[.Oeu]\$` + bc + `{31}$`},
		{"bcrypt-sha256-5", schemeBcryptSHA256, map[string]any{"rounds": 5}, `^\$bcrypt-sha256\$v=2,t=2b,r=5\$` + bc + `{22}\$` + bc + `{31}$`},
		{"scrypt", schemePasslibCrypt, map[string]any{"ln": 4}, `^\$scrypt\$ln=4,r=8,p=1\$` + std + `{22}\$` + std + `{43}$`},
		{"scrypt-rp", schemePasslibCrypt, map[string]any{"ln": 3, "r": 2, "p": 3}, `^\$scrypt\$ln=3,r=2,p=3\$` + std + `{22}\$` + std + `{43}$`},
		{"werkzeug-scrypt", schemeWerkzeug, map[string]any{"method": "scrypt:16:8:1"}, `^scrypt:16:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}$`},
		{"werkzeug-scrypt-short", schemeWerkzeug, map[string]any{"method": "scrypt:2:1:1", "salt_length": 3}, `^scrypt:2:1:1\$[A-Za-z0-9]{3}\$[0-9a-f]{128}$`},
		{"werkzeug-pbkdf2", schemeWerkzeug, map[string]any{"method": "pbkdf2:sha256:1000"}, `^pbkdf2:sha256:1000\$[A-Za-z0-9]{16}\$[0-9a-f]{64}$`},
		{"werkzeug-pbkdf2-sha512", schemeWerkzeug, map[string]any{"method": "pbkdf2:sha512:10", "salt_length": 64}, `^pbkdf2:sha512:10\$[A-Za-z0-9]{64}\$[0-9a-f]{128}$`},
		{"werkzeug-pbkdf2-sha1", schemeWerkzeug, map[string]any{"method": "pbkdf2:sha1:10"}, `^pbkdf2:sha1:10\$[A-Za-z0-9]{16}\$[0-9a-f]{40}$`},
	}
	inputs := []string{"Hobbes-2024", "àéîõü-Ünicode-1", "", " ", "invalid-utf8-\xff\xfe", strings.Repeat("é", 36), strings.Repeat("x", 200)}
	for _, tt := range tests {
		p := newTest(t, tt.scheme, tt.opts)
		shape := regexp.MustCompile(tt.shape)
		for i, pw := range inputs {
			t.Run(tt.name+"/"+strconv.Itoa(i), func(t *testing.T) {
				h, err := p.Hash(pw)
				if err != nil {
					t.Fatalf("hash(%q): %v", pw, err)
				}
				if !shape.MatchString(h) {
					t.Errorf("hash(%q) = %q, want the shape %s", pw, h, shape)
				}
				if !p.Verify(pw, h) {
					t.Errorf("verify(%q, %q) = false, want true", pw, h)
				}
				if p.Outdated(h) {
					t.Errorf("Outdated(%q) = true", h)
				}
				// not pw+"\x00": HMAC pads its key with zeros, so PBKDF2
				// (passlib's, werkzeug's) matches it too
				for _, wrong := range []string{pw + "x", "x" + pw, "wrong"} {
					if p.Verify(wrong, h) {
						t.Errorf("verify(%q, %q) = true, want false", wrong, h)
					}
				}
				if h2, _ := p.Hash(pw); h2 == h {
					t.Errorf("two hashes of %q are the same: no salt?", pw)
				}
			})
		}
	}
}

// TestMigratedLongPasswords: bcrypt_sha256 has no limit of 72 bytes;
// SHA-crypt refuses passwords over 4096 bytes, as passlib does.
func TestMigratedLongPasswords(t *testing.T) {
	long := strings.Repeat("a", 72)
	p := newTest(t, schemeBcryptSHA256, migratedFast[schemeBcryptSHA256])
	h, err := p.Hash(long + "tail")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Verify(long+"tail", h) || p.Verify(long, h) || p.Verify(long+"tai", h) {
		t.Errorf("bcrypt_sha256 does not tell long passwords apart")
	}
	for _, name := range []string{schemeSHA256Crypt, schemeSHA512Crypt} {
		p := newTest(t, name, migratedFast[name])
		max := strings.Repeat("é", 2048)
		h, err := p.Hash(max)
		if err != nil {
			t.Fatalf("%s: hash of 4096 bytes: %v", name, err)
		}
		if !p.Verify(max, h) {
			t.Errorf("%s: verify of 4096 bytes = false", name)
		}
		h, err = p.Hash(max + "x")
		if h != "" {
			t.Errorf("%s: hash of 4097 bytes = %q, want none", name, h)
		}
		wantError(t, err, ErrTooLong, "password is too long: "+name+" accepts at most 4096 bytes")
		// a hash of 4097 bytes made elsewhere: refused without the work
		s := p.schemes[0].(shaCrypt)
		key := xcrypt.KeySHACrypt(s.newHash, []byte(max+"x"), []byte("salt"), 1000)
		if h := s.format(1000, "salt", string(key)); p.Verify(max+"x", h) {
			t.Errorf("%s: verify of 4097 bytes = true, want false", name)
		}
	}
}
