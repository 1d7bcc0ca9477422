package password

import (
	"encoding/json"
	"errors"
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

// Valid hashes of "Hobbes-2024" of testdata/migrated.json, at low costs.
const (
	pwMigrated     = "Hobbes-2024"
	sha256Valid    = "$5$rounds=1000$8gGwEj0j1FqSse9E$9SlkGp6FF1qICowlsC2TRlWby5YT9UqRYgast5GtmA3"
	sha512Valid    = "$6$rounds=1000$He5IvglWzzH/UHm6$6YYQTSdQh/giS6HUhGlFB9vDN8kk43jXK3.OSZBLhvDVhP5q3Q0.8g.90RWcHApjPaHV1HS6n2STGho45ldV4/"
	pbkdf2Valid    = "$pbkdf2-sha256$1000$WotRinHuHaP0HgOAsNY6xw$IPGCGRZ9sQa5ArwhLuyNCgsa8cuKbqE72nQi/srjpgM"
	bcryptSHAValid = "$bcrypt-sha256$v=2,t=2b,r=4$bfCUVX7mYgHdmEfxPOFCje$tIE87.ChyAjwEmFnsltQZkq.4fVTAcC"
	bcryptSHAv1    = "$bcrypt-sha256$2a,4$rK0OMvpW6mTcAcODGNcd4O$oOxkZpiXvdP3WQByZpkMW3G3Vxu8hYC"
	scryptValid    = "$scrypt$ln=4,r=8,p=1$S8m5l7K2lvI+p1Sq9b43Jg$ZDmsjEDFhlUI3NxUuqt8DaiRaB7wFRogN0e+5tphvUg"
	wzPBKDF2Valid  = "pbkdf2:sha256:1000$RAecZ5X9QJJJwLYY$fe4cf722ebe73b0800744fee00d2929dee79e4aed44b0686c82f2c506099d60e"
	wzScryptValid  = "scrypt:1024:8:1$kfJVwZQormE3dtdK$fc55e17652f2f5357762798f73502f1bcb3d3316f37cedb1f70adefdf68fec18901157abb4280c90a79569"
)

// migratedMalformed are hashes each migrated scheme refuses, quickly:
// malformed, or over the bounds (a verification of those would take
// seconds to hours, or gigabytes).
func migratedMalformed(tb testing.TB) []string {
	tb.Helper()
	var wzScrypt string // the whole of wzScryptValid's vector
	for _, v := range migratedVectors(tb) {
		if strings.HasPrefix(v.Hash, wzScryptValid) {
			wzScrypt = v.Hash
		}
	}
	if wzScrypt == "" {
		tb.Fatal("no vector " + wzScryptValid)
	}
	s256salt, s256key := sha256Valid[15:31], sha256Valid[32:]
	hashes := []string{
		"$5$", "$6$", "$5$$", "$5$rounds=$", "$pbkdf2-sha256$", "$pbkdf2-sha512$$$", "$bcrypt-sha256$",
		"$scrypt$", "$scrypt$$$", "pbkdf2:", "scrypt:", "pbkdf2:$$", "scrypt:$$", "pbkdf2$$", "scrypt$$",
		// SHA-crypt
		sha256Valid[:len(sha256Valid)-1],                             // short hash
		sha256Valid + "x",                                            // long hash
		sha256Valid + "$",                                            // extra part
		sha256Valid + "\n",                                           // new line
		" " + sha256Valid,                                            // space
		"$5$rounds=999$" + s256salt + "$" + s256key,                  // under the minimum
		"$5$rounds=0$" + s256salt + "$" + s256key,                    //
		"$5$rounds=01000$" + s256salt + "$" + s256key,                // leading zero
		"$5$rounds=+1000$" + s256salt + "$" + s256key,                // sign
		"$5$rounds=1e3$" + s256salt + "$" + s256key,                  // not decimal
		"$5$rounds= 1000$" + s256salt + "$" + s256key,                // space
		"$5$rounds=10000001$" + s256salt + "$" + s256key,             // over the bound
		"$5$rounds=999999999$" + s256salt + "$" + s256key,            // glibc's maximum
		"$5$rounds=4294967296$" + s256salt + "$" + s256key,           // over uint32
		"$5$rounds=99999999999999999999$" + s256salt + "$" + s256key, // over uint64
		"$5$ROUNDS=1000$" + s256salt + "$" + s256key,                 // case
		"$5$rounds=1000$rounds=1000$" + s256salt + "$" + s256key,     // twice
		"$5$rounds=1000" + s256salt + "$" + s256key,                  // missing $
		"$5$rounds=1000$" + s256salt + "x$" + s256key,                // salt of 17
		"$5$rounds=1000$" + s256salt[:15] + "!$" + s256key,           // not in the alphabet
		"$5$rounds=1000$" + s256salt[:15] + "é$" + s256key,           // not in the alphabet
		"$5$rounds=1000$" + s256salt + "$" + s256key[:42] + "_",      // not in the alphabet
		"$5$rounds=1000$" + s256salt + "$" + sha512Valid[32:],        // sha512's hash
		"$6$rounds=1000$" + s256salt + "$" + s256key,                 // sha256's hash
		"$6$" + sha512Valid[15:],                                     // other rounds: no match
		"$7$" + sha256Valid[3:],                                      // unknown variant
		"$5$rounds=1000$" + s256salt,                                 // no hash
		"$5$rounds=1000$" + s256salt + "$",                           // empty hash
		// passlib's PBKDF2
		pbkdf2Valid[:len(pbkdf2Valid)-1],
		pbkdf2Valid + "A",
		pbkdf2Valid + "$",
		pbkdf2Valid + "\n",
		strings.Replace(pbkdf2Valid, "$1000$", "$01000$", 1),
		strings.Replace(pbkdf2Valid, "$1000$", "$0$", 1),
		strings.Replace(pbkdf2Valid, "$1000$", "$$", 1),
		strings.Replace(pbkdf2Valid, "$1000$", "$-1000$", 1),
		strings.Replace(pbkdf2Valid, "$1000$", "$10000001$", 1), // over the bound
		strings.Replace(pbkdf2Valid, "$1000$", "$4294967295$", 1),
		strings.Replace(pbkdf2Valid, "$1000$", "$rounds=1000$", 1),
		strings.Replace(pbkdf2Valid, "$pbkdf2-sha256$", "$pbkdf2-sha512$", 1), // 32 bytes: sha256's
		strings.Replace(pbkdf2Valid, "$pbkdf2-sha256$", "$pbkdf2$", 1),        // passlib's pbkdf2_sha1
		strings.Replace(pbkdf2Valid, "$pbkdf2-sha256$", "$pbkdf2-sha1$", 1),
		strings.Replace(pbkdf2Valid, "/", "+", 1),                                   // standard base64
		strings.Replace(pbkdf2Valid, "xw$", "xw==$", 1),                             // padded
		strings.Replace(pbkdf2Valid, "xw$", "xx$", 1),                               // non-zero trailing bits
		strings.Replace(pbkdf2Valid, "Y6xw$", "Y6x$", 1),                            // 4k+3 characters: 4 bits missing
		"$pbkdf2-sha256$1000$" + strings.Repeat("A", 1368) + "$" + pbkdf2Valid[43:], // salt of 1026 bytes
		// bcrypt_sha256
		bcryptSHAValid[:len(bcryptSHAValid)-1],
		bcryptSHAValid + "x",
		bcryptSHAValid + "\n",
		strings.Replace(bcryptSHAValid, "v=2", "v=3", 1),
		strings.Replace(bcryptSHAValid, "v=2", "v=1", 1),
		strings.Replace(bcryptSHAValid, "t=2b", "t=2a", 1), // version 2 is 2b only
		strings.Replace(bcryptSHAValid, "t=2b", "t=2y", 1),
		strings.Replace(bcryptSHAValid, "r=4", "r=04", 1),
		strings.Replace(bcryptSHAValid, "r=4", "r=3", 1),
		strings.Replace(bcryptSHAValid, "r=4", "r=17", 1), // over the bound
		strings.Replace(bcryptSHAValid, "r=4", "r=31", 1),
		strings.Replace(bcryptSHAValid, "r=4", "r=32", 1),
		strings.Replace(bcryptSHAValid, "r=4", "r=100", 1),
		strings.Replace(bcryptSHAValid, "r=4", "r=", 1),
		strings.Replace(bcryptSHAValid, "v=2,t=2b,r=4", "r=4,t=2b,v=2", 1),
		strings.Replace(bcryptSHAValid, "v=2,t=2b,r=4", "2b,4", 1), // version 1: another key
		strings.Replace(bcryptSHAValid, "je$", "jf$", 1),           // salt's unused bits
		strings.Replace(bcryptSHAValid, "je$", "j$", 1),            // salt of 21
		strings.Replace(bcryptSHAValid, "$tIE", "$!IE", 1),
		strings.Replace(bcryptSHAValid, "$tIE", "tIE", 1),
		strings.Replace(bcryptSHAv1, "2a,4", "2y,4", 1),
		strings.Replace(bcryptSHAv1, "2a,4", "2a,04", 1),
		strings.Replace(bcryptSHAv1, "2a,4", "2a,17", 1),
		strings.Replace(bcryptSHAv1, "2a,4", "2a4", 1),
		// passlib's scrypt
		scryptValid[:len(scryptValid)-1],
		scryptValid + "A",
		scryptValid + "$",
		scryptValid + "\n",
		strings.Replace(scryptValid, "ln=4", "ln=04", 1),
		strings.Replace(scryptValid, "ln=4", "ln=0", 1),  // N = 1
		strings.Replace(scryptValid, "ln=4", "ln=24", 1), // 128*8*2^24: 16 GiB
		strings.Replace(scryptValid, "ln=4", "ln=21", 1), // 2 GiB
		strings.Replace(scryptValid, "ln=4", "ln=31", 1),
		strings.Replace(scryptValid, "ln=4", "ln=64", 1),
		strings.Replace(scryptValid, "ln=4", "ln=99999999999", 1),
		strings.Replace(scryptValid, "ln=4", "ln=", 1),
		strings.Replace(scryptValid, "ln=4", "N=16", 1),
		strings.Replace(scryptValid, "r=8", "r=0", 1),
		strings.Replace(scryptValid, "r=8", "r=4194305", 1),
		strings.Replace(scryptValid, "r=8", "r=08", 1),
		strings.Replace(scryptValid, "p=1", "p=0", 1),
		strings.Replace(scryptValid, "p=1", "p=17", 1),
		strings.Replace(scryptValid, "p=1", "p=16", 1) + "x",             // within the bounds, long hash
		strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=20,r=8,p=2", 1), // 1 GiB twice
		strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=4,r=8", 1),
		strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=4,r=8,p=1,x=1", 1),
		strings.Replace(scryptValid, "ln=4,r=8,p=1", "r=8,ln=4,p=1", 1),
		strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=4;r=8;p=1", 1),
		strings.Replace(scryptValid, "+", "-", 1),           // URL alphabet
		strings.Replace(scryptValid, "+", ".", 1),           // ab64
		strings.Replace(scryptValid, "Jg$", "Jg==$", 1),     // padded
		strings.Replace(scryptValid, "Jg$", "Jh$", 1),       // non-zero trailing bits
		strings.Replace(scryptValid, "$S8m5", "$S8m5\n", 1), // new line
		// werkzeug
		wzPBKDF2Valid[:len(wzPBKDF2Valid)-1],
		wzPBKDF2Valid + "0",
		wzPBKDF2Valid + "$",
		wzPBKDF2Valid + "\n",
		" " + wzPBKDF2Valid,
		strings.ToUpper(wzPBKDF2Valid[:6]) + wzPBKDF2Valid[6:],
		wzPBKDF2Valid[:len(wzPBKDF2Valid)-2] + "3E",                                   // upper-case hex
		strings.Replace(wzPBKDF2Valid, ":1000$", ":01000$", 1),                        // leading zero
		strings.Replace(wzPBKDF2Valid, ":1000$", ":+1000$", 1),                        // sign
		strings.Replace(wzPBKDF2Valid, ":1000$", ":1_000$", 1),                        // Python's _
		strings.Replace(wzPBKDF2Valid, ":1000$", ": 1000$", 1),                        // space
		strings.Replace(wzPBKDF2Valid, ":1000$", ":0$", 1),                            //
		strings.Replace(wzPBKDF2Valid, ":1000$", ":10000001$", 1),                     // over the bound
		strings.Replace(wzPBKDF2Valid, ":1000$", ":4294967296$", 1),                   //
		strings.Replace(wzPBKDF2Valid, ":1000$", ":1000:1$", 1),                       // three arguments
		strings.Replace(wzPBKDF2Valid, ":1000$", ":$", 1),                             //
		strings.Replace(wzPBKDF2Valid, "sha256", "sha512", 1),                         // 32 bytes: sha256's
		strings.Replace(wzPBKDF2Valid, "sha256", "md5", 1),                            // not verified
		strings.Replace(wzPBKDF2Valid, "sha256", "sha3_256", 1),                       // not verified
		strings.Replace(wzPBKDF2Valid, "sha256", "SHA256", 1),                         //
		strings.Replace(wzPBKDF2Valid, "pbkdf2:sha256:1000", "sha256", 1),             // werkzeug < 3's plain
		strings.Replace(wzPBKDF2Valid, "pbkdf2:sha256:1000", "plain", 1),              //
		strings.Replace(wzPBKDF2Valid, "pbkdf2:sha256:1000", "bcrypt", 1),             //
		strings.Replace(wzPBKDF2Valid, "pbkdf2:sha256:1000", "pbkdf2:", 1),            //
		strings.Replace(wzPBKDF2Valid, "$RAec", "$", 1) + "",                          // salt: other
		strings.Replace(wzPBKDF2Valid, "$RAecZ5X9QJJJwLYY$", "$$", 1),                 // empty salt
		strings.Replace(wzPBKDF2Valid, "$RAecZ5X9QJJJwLYY$", "$RAecZ5X9-JJJwLYY$", 1), // not werkzeug's alphabet
		strings.Replace(wzPBKDF2Valid, "$RAecZ5X9QJJJwLYY$", "$RAecZ5X9éJJwLYY$", 1),
		strings.Replace(wzPBKDF2Valid, "$RAecZ5X9QJJJwLYY$", "$"+strings.Repeat("a", 1025)+"$", 1), // salt of 1025
		wzScrypt[:len(wzScrypt)-1],
		wzScrypt + "0",
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1024:8", 1),
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1024:8:1:1", 1),
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1000:8:1", 1),     // not a power of 2
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1:8:1", 1),        //
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:0:8:1", 1),        //
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1024:0:1", 1),     //
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1024:8:0", 1),     //
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1024:8:17", 1),    // over the bound
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:2097152:8:1", 1),  // 2 GiB
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1048576:8:16", 1), // 1 GiB 16 times
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:2:4194304:16", 1), // 1 GiB 16 times
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1073741824:1:1", 1),
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:4294967296:8:1", 1),
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:01024:8:1", 1),
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1024:8:1.0", 1),
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "scrypt:1024:8:+1", 1),
		strings.Replace(wzScrypt, "scrypt:1024:8:1", "pbkdf2:sha512:1024", 1), // another method
	}
	return hashes
}

func TestMigratedMalformed(t *testing.T) {
	for _, h := range []string{sha256Valid, sha512Valid, pbkdf2Valid, bcryptSHAValid, bcryptSHAv1, scryptValid, wzPBKDF2Valid} {
		if !newMigratedTest(t, schemeWerkzeug).Verify(pwMigrated, h) {
			t.Fatalf("the valid hash %q does not verify", h)
		}
	}
	all := newMigratedTest(t, schemeWerkzeug)
	alone := map[string]*Hasher{}
	for _, name := range migratedNames {
		alone[name] = newTest(t, name, migratedFast[name])
	}
	for i, h := range migratedMalformed(t) {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			start := time.Now()
			if all.Verify(pwMigrated, h) || all.Verify(h, h) {
				t.Errorf("verify(%q) = true, want false", h)
			}
			for name, p := range alone {
				if p.Verify(pwMigrated, h) {
					t.Errorf("%s: verify(%q) = true, want false", name, h)
				}
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("verify(%q) took %v", h, d)
			}
		})
	}
}

// TestMigratedBounds checks the bounds without hashing: a hash at a bound
// parses, one past it does not.
func TestMigratedBounds(t *testing.T) {
	sha256, _ := newMigrated(schemeSHA256Crypt, nil)
	sha512, _ := newMigrated(schemeSHA512Crypt, nil)
	pbkdf2, _ := newMigrated(schemePBKDF2SHA512, nil)
	parses := map[string]func(string) bool{
		"sha256_crypt": func(h string) bool { _, _, _, ok := sha256.(shaCrypt).parse(h); return ok },
		"sha512_crypt": func(h string) bool { _, _, _, ok := sha512.(shaCrypt).parse(h); return ok },
		"pbkdf2":       func(h string) bool { _, _, _, ok := pbkdf2.(passlibPBKDF2).parse(h); return ok },
		"scrypt":       func(h string) bool { _, _, _, ok := parsePasslibScrypt(h); return ok },
		"bcrypt":       func(h string) bool { _, _, _, _, _, ok := parseBcryptSHA256(h); return ok },
		"werkzeug":     func(h string) bool { _, _, _, ok := parseWerkzeug(h); return ok },
	}
	sha512Tail := sha512Valid[14:]
	pbkdf2Tail := "$AAAA$" + strings.Repeat("A", 85) + "A"
	wzTail := "$salt$" + strings.Repeat("0", 128)
	tests := []struct {
		parse string
		hash  string
		want  bool
	}{
		{"sha256_crypt", "$5$rounds=1000" + sha256Valid[14:], true},
		{"sha256_crypt", "$5$rounds=10000000" + sha256Valid[14:], true},
		{"sha256_crypt", "$5$rounds=10000001" + sha256Valid[14:], false},
		{"sha256_crypt", "$5$rounds=999" + sha256Valid[14:], false},
		{"sha256_crypt", "$5$" + sha256Valid[15:], true},
		{"sha256_crypt", "$5$" + strings.Repeat("a", 16) + sha256Valid[31:], true},
		{"sha256_crypt", "$5$" + strings.Repeat("a", 17) + sha256Valid[31:], false},
		{"sha256_crypt", "$5$" + sha256Valid[31:], true}, // empty salt
		{"sha512_crypt", "$6$rounds=10000000" + sha512Tail, true},
		{"sha512_crypt", "$6$rounds=10000001" + sha512Tail, false},
		{"pbkdf2", "$pbkdf2-sha512$10000000" + pbkdf2Tail, true},
		{"pbkdf2", "$pbkdf2-sha512$10000001" + pbkdf2Tail, false},
		{"pbkdf2", "$pbkdf2-sha512$1" + pbkdf2Tail, true},
		{"pbkdf2", "$pbkdf2-sha512$1$$" + strings.Repeat("A", 86), true}, // empty salt
		{"pbkdf2", "$pbkdf2-sha512$1$" + strings.Repeat("A", 1366) + "$" + strings.Repeat("A", 86), true},
		{"pbkdf2", "$pbkdf2-sha512$1$" + strings.Repeat("A", 1368) + "$" + strings.Repeat("A", 86), false},
		{"pbkdf2", "$pbkdf2-sha512$0" + pbkdf2Tail, false},
		{"bcrypt", strings.Replace(bcryptSHAValid, "r=4", "r=31", 1), true}, // the cost is bounded by verifyBcrypt
		{"bcrypt", strings.Replace(bcryptSHAValid, "r=4", "r=32", 1), false},
		{"scrypt", strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=20,r=8,p=1", 1), true},  // 1 GiB
		{"scrypt", strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=23,r=1,p=1", 1), true},  // 1 GiB
		{"scrypt", strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=16,r=8,p=16", 1), true}, // 1 GiB in all
		{"scrypt", strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=21,r=8,p=1", 1), false},
		{"scrypt", strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=20,r=8,p=2", 1), false},
		{"scrypt", strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=1,r=1,p=1", 1), true},
		{"scrypt", strings.Replace(scryptValid, "ln=4,r=8,p=1", "ln=1,r=1,p=17", 1), false},
		{"werkzeug", "pbkdf2:sha256:10000000$salt$" + strings.Repeat("0", 64), true},
		{"werkzeug", "pbkdf2:sha256:10000001$salt$" + strings.Repeat("0", 64), false},
		{"werkzeug", "pbkdf2:sha256$salt$" + strings.Repeat("0", 64), true},
		{"werkzeug", "pbkdf2$salt$" + strings.Repeat("0", 64), true},
		{"werkzeug", "pbkdf2:sha1:1$salt$" + strings.Repeat("0", 40), true},
		{"werkzeug", "pbkdf2:sha384:1$salt$" + strings.Repeat("0", 96), true},
		{"werkzeug", "pbkdf2:sha224:1$salt$" + strings.Repeat("0", 56), true},
		{"werkzeug", "scrypt" + wzTail, true},
		{"werkzeug", "scrypt:8388608:1:1" + wzTail, true},
		{"werkzeug", "scrypt:1048576:8:1" + wzTail, true},
		{"werkzeug", "scrypt:65536:8:16" + wzTail, true},
		{"werkzeug", "scrypt:2:1:16" + wzTail, true},
		{"werkzeug", "scrypt:16777216:1:1" + wzTail, false},
		{"werkzeug", "scrypt:1048576:8:2" + wzTail, false},
		{"werkzeug", "scrypt:65536:8:17" + wzTail, false},
		{"werkzeug", "scrypt:16:8:1$" + strings.Repeat("a", 1024) + "$" + strings.Repeat("0", 128), true},
	}
	for i, tt := range tests {
		if got := parses[tt.parse](tt.hash); got != tt.want {
			t.Errorf("%d: %s parses %q: %v, want %v", i, tt.parse, tt.hash, got, tt.want)
		}
	}
	// bcrypt_sha256 over the bound of verification, 16, unless configured
	h := strings.Replace(bcryptSHAValid, "r=4", "r=17", 1)
	start := time.Now()
	if newTest(t, schemeBcryptSHA256, nil).Verify(pwMigrated, h) || time.Since(start) > time.Second {
		t.Errorf("a bcrypt_sha256 hash of cost 17 was computed")
	}
}

func TestMigratedOptions(t *testing.T) {
	tests := []struct {
		scheme string
		opts   map[string]any
		want   string // "" for no error
	}{
		{"sha256_crypt", nil, ""},
		{"sha256_crypt", map[string]any{"rounds": 1000}, ""},
		{"sha256_crypt", map[string]any{"rounds": int64(10_000_000)}, ""},
		{"sha256_crypt", map[string]any{"default_rounds": 5000}, ""},
		{"sha256_crypt", map[string]any{"rounds": 999}, `Opts: option "rounds" must be from 1000 to 10000000, not 999`},
		{"sha512_crypt", map[string]any{"rounds": 10_000_001}, `Opts: option "rounds" must be from 1000 to 10000000, not 10000001`},
		{"sha512_crypt", map[string]any{"rounds": "1000"}, `Opts: option "rounds" must be an integer, not str`},
		{"sha512_crypt", map[string]any{"salt_size": 8}, `Opts: unexpected option "salt_size" for sha512_crypt`},
		{"passlib:sha512_crypt", map[string]any{"implicit_rounds": true}, `Opts: unexpected option "implicit_rounds" for sha512_crypt`},
		{"pbkdf2_sha256", map[string]any{"rounds": 1}, ""},
		{"pbkdf2_sha256", map[string]any{"rounds": 0}, `Opts: option "rounds" must be from 1 to 10000000, not 0`},
		{"pbkdf2_sha512", map[string]any{"rounds": int64(10_000_001)}, `Opts: option "rounds" must be from 1 to 10000000, not 10000001`},
		{"pbkdf2_sha512", map[string]any{"rounds": 1.5}, `Opts: option "rounds" must be an integer, not float`},
		{"pbkdf2_sha512", map[string]any{"salt_size": 16}, `Opts: unexpected option "salt_size" for pbkdf2_sha512`},
		{"bcrypt_sha256", map[string]any{"rounds": 4}, ""},
		{"bcrypt_sha256", map[string]any{"rounds": 31}, ""},
		{"bcrypt_sha256", map[string]any{"rounds": 3}, `Opts: option "rounds" must be from 4 to 31, not 3`},
		{"bcrypt_sha256", map[string]any{"rounds": 32}, `Opts: option "rounds" must be from 4 to 31, not 32`},
		{"bcrypt_sha256", map[string]any{"version": 1}, `Opts: unexpected option "version" for bcrypt_sha256`},
		{"bcrypt_sha256", map[string]any{"ident": "2b"}, `Opts: unexpected option "ident" for bcrypt_sha256`},
		{"passlib:scrypt", nil, ""},
		{"passlib:scrypt", map[string]any{"ln": 1, "r": 1, "p": 1}, ""},
		{"passlib:scrypt", map[string]any{"ln": 20, "r": 8, "p": 1}, ""},
		{"passlib:scrypt", map[string]any{"ln": 16, "r": 8, "p": 16}, ""},
		{"passlib:scrypt", map[string]any{"ln": 0}, `Opts: option "ln" must be from 1 to 30, not 0`},
		{"passlib:scrypt", map[string]any{"ln": 31}, `Opts: option "ln" must be from 1 to 30, not 31`},
		{"passlib:scrypt", map[string]any{"r": 0}, `Opts: option "r" must be from 1 to 4194304, not 0`},
		{"passlib:scrypt", map[string]any{"p": 17}, `Opts: option "p" must be from 1 to 16, not 17`},
		{"passlib:scrypt", map[string]any{"ln": 21}, `Opts: options "ln" 21, "r" 8 and "p" 1 of passlib:scrypt are too costly: 128*r*2^ln*p must be at most 1073741824 (1 GiB)`},
		{"passlib:scrypt", map[string]any{"ln": 16, "p": 3, "r": 64}, `Opts: options "ln" 16, "r" 64 and "p" 3 of passlib:scrypt are too costly: 128*r*2^ln*p must be at most 1073741824 (1 GiB)`},
		{"passlib:scrypt", map[string]any{"rounds": 16}, `Opts: unexpected option "rounds" for passlib:scrypt`},
		{"passlib:scrypt", map[string]any{"block_size": 8}, `Opts: unexpected option "block_size" for passlib:scrypt`},
		{"werkzeug", nil, ""},
		{"werkzeug", map[string]any{"method": "scrypt"}, ""},
		{"werkzeug", map[string]any{"method": "pbkdf2"}, ""},
		{"werkzeug", map[string]any{"method": "pbkdf2:sha512"}, ""},
		{"werkzeug", map[string]any{"method": "pbkdf2:sha1:1000", "salt_length": 1}, ""},
		{"werkzeug", map[string]any{"salt_length": 1024}, ""},
		{"werkzeug", map[string]any{"salt_length": 0}, `Opts: option "salt_length" must be from 1 to 1024, not 0`},
		{"werkzeug", map[string]any{"salt_length": "16"}, `Opts: option "salt_length" must be an integer, not str`},
		{"werkzeug", map[string]any{"method": 1}, `Opts: option "method" must be a string, not int`},
		{"werkzeug", map[string]any{"method": "bcrypt"}, `Opts: option "method" must be scrypt:N:R:P (N a power of 2, P at most 16, 128*N*R*P at most 1 GiB) or pbkdf2:DIGEST:ITERATIONS (DIGEST sha1, sha224, sha256, sha384 or sha512, at most 10000000 iterations), not "bcrypt"`},
		{"werkzeug", map[string]any{"method": "scrypt:32768:8:17"}, `Opts: option "method" must be scrypt:N:R:P (N a power of 2, P at most 16, 128*N*R*P at most 1 GiB) or pbkdf2:DIGEST:ITERATIONS (DIGEST sha1, sha224, sha256, sha384 or sha512, at most 10000000 iterations), not "scrypt:32768:8:17"`},
		{"werkzeug", map[string]any{"method": "pbkdf2:md5:1000"}, `Opts: option "method" must be scrypt:N:R:P (N a power of 2, P at most 16, 128*N*R*P at most 1 GiB) or pbkdf2:DIGEST:ITERATIONS (DIGEST sha1, sha224, sha256, sha384 or sha512, at most 10000000 iterations), not "pbkdf2:md5:1000"`},
		{"werkzeug", map[string]any{"rounds": 1000}, `Opts: unexpected option "rounds" for werkzeug`},
		{"passlib:werkzeug", nil, `Schemes: unexpected password scheme "passlib:werkzeug": want bcrypt, argon2, scrypt, plaintext, otp, sha256_crypt, sha512_crypt, pbkdf2_sha256, pbkdf2_sha512, bcrypt_sha256 or werkzeug`},
	}
	for i, tt := range tests {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			p, err := New(Options{Schemes: []string{tt.scheme}, Opts: tt.opts})
			if tt.want == "" {
				if err != nil || p == nil {
					t.Fatalf("New(%s, %v) = %v", tt.scheme, tt.opts, err)
				}
				return
			}
			var e *OptionError
			if !errors.As(err, &e) || e.Error() != tt.want {
				t.Errorf("New(%s, %v) = %v (%T), want an *OptionError %s", tt.scheme, tt.opts, err, err, tt.want)
			}
		})
	}
}

// TestMigratedOptionsUsed checks that the options reach the hashes, also
// in passlib's CryptContext form "SCHEME__OPTION".
func TestMigratedOptionsUsed(t *testing.T) {
	tests := []struct {
		schemes []string
		opts    map[string]any
		prefix  string
	}{
		{[]string{"sha256_crypt"}, map[string]any{"rounds": 1234}, "$5$rounds=1234$"},
		{[]string{"sha512_crypt", "bcrypt"}, map[string]any{"sha512_crypt__default_rounds": 1001, "bcrypt__rounds": 4}, "$6$rounds=1001$"},
		{[]string{"passlib:pbkdf2_sha256"}, map[string]any{"rounds": 12}, "$pbkdf2-sha256$12$"},
		{[]string{"pbkdf2_sha512"}, map[string]any{"pbkdf2_sha512__rounds": 13}, "$pbkdf2-sha512$13$"},
		{[]string{"bcrypt_sha256"}, map[string]any{"rounds": 5}, "$bcrypt-sha256$v=2,t=2b,r=5$"},
		{[]string{"scrypt", "bcrypt"}, map[string]any{"scrypt__ln": 3, "scrypt__r": 2, "scrypt__p": 2}, "$scrypt$ln=3,r=2,p=2$"},
		{[]string{"passlib:scrypt"}, map[string]any{"ln": 5}, "$scrypt$ln=5,r=8,p=1$"},
		{[]string{"werkzeug"}, map[string]any{"method": "pbkdf2:sha512:3"}, "pbkdf2:sha512:3$"},
		{[]string{"werkzeug"}, map[string]any{"method": "scrypt:4:2:1", "salt_length": 5}, "scrypt:4:2:1$"},
	}
	for _, tt := range tests {
		p, err := New(Options{Schemes: tt.schemes, Opts: tt.opts, List: len(tt.schemes) > 1})
		if err != nil {
			t.Fatalf("New(%v, %v): %v", tt.schemes, tt.opts, err)
		}
		h, err := p.Hash(pwMigrated)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, tt.prefix) || !p.Verify(pwMigrated, h) {
			t.Errorf("New(%v, %v): hash %q, want the prefix %s and to verify", tt.schemes, tt.opts, h, tt.prefix)
		}
		if !strings.HasPrefix(p.dummyHash, tt.prefix) {
			t.Errorf("New(%v, %v): dummy hash %q, want the prefix %s", tt.schemes, tt.opts, p.dummyHash, tt.prefix)
		}
	}
	// werkzeug's salt_length
	p := newTest(t, "werkzeug", map[string]any{"method": "scrypt:4:2:1", "salt_length": 5})
	if h, _ := p.Hash(""); !regexp.MustCompile(`^scrypt:4:2:1\$[A-Za-z0-9]{5}\$[0-9a-f]{128}$`).MatchString(h) {
		t.Errorf("hash with salt_length 5 = %q", h)
	}
}

func TestMigratedDummy(t *testing.T) {
	for _, name := range migratedNames {
		p := newTest(t, name, migratedFast[name])
		h := p.dummyHash
		if !p.schemes[0].identify(h) {
			t.Errorf("%s: dummy hash %q is not identified", name, h)
		}
		// same parameters as a real hash: the same up to the salt
		real, err := p.Hash(pwMigrated)
		if err != nil {
			t.Fatal(err)
		}
		params := func(h string) string {
			if name == schemeWerkzeug {
				return h[:strings.IndexByte(h, '$')]
			}
			return h[:strings.LastIndexByte(h[:strings.LastIndexByte(h, '$')], '$')]
		}
		if params(h) != params(real) || len(h) != len(real) {
			t.Errorf("%s: dummy hash %q, want the parameters and length of %q", name, h, real)
		}
		if affordable, known := migratedAffordable(h); !known || !affordable {
			t.Errorf("%s: dummy hash %q does not parse", name, h)
		}
		if q := newTest(t, name, migratedFast[name]); q.dummyHash == h {
			t.Errorf("%s: two dummy hashes are the same", name)
		}
		for _, pw := range []string{"", pwMigrated, strings.Repeat("x", 100)} {
			p.Dummy(pw)
			if p.Verify(pw, h) {
				t.Errorf("%s: %q matches the dummy hash", name, pw)
			}
		}
	}
}

// TestMigratedDummyTiming checks that Dummy costs as much as a
// verification, here with werkzeug's default, scrypt:32768:8:1.
func TestMigratedDummyTiming(t *testing.T) {
	p := newTest(t, "werkzeug", nil)
	h, err := p.Hash(pwMigrated)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if p.Verify("Calvin-2024", h) {
		t.Fatal("wrong password verified")
	}
	verifying := time.Since(start)
	start = time.Now()
	p.Dummy("Calvin-2024")
	dummy := time.Since(start)
	if dummy < verifying/4 {
		t.Errorf("dummy takes %v, a verification %v: dummy does not verify", dummy, verifying)
	}
}

// TestMigratedNew: Hashers of migrated schemes made by New, alone and in
// lists, hash in the first and verify in any, bcrypt and argon2 too.
func TestMigratedNew(t *testing.T) {
	vs := migratedVectors(t)
	cheap := func(scheme string) migratedVector {
		for _, v := range vs {
			if ok, _ := migratedAffordable(v.Hash); ok && v.Scheme == scheme && v.Password == pwMigrated {
				return v
			}
		}
		t.Fatalf("no cheap vector of %s", scheme)
		return migratedVector{}
	}
	for _, name := range migratedNames {
		p, err := New(Options{Schemes: []string{name}, Opts: migratedFast[name]})
		if err != nil {
			t.Fatal(err)
		}
		if p.Scheme() != name {
			t.Errorf("Scheme() = %q, want %q", p.Scheme(), name)
		}
		if v := cheap(name); !p.Verify(v.Password, v.Hash) || p.Outdated(v.Hash) {
			t.Errorf("%s: verify of %q false, or outdated", name, v.Hash)
		}
		// bcrypt and argon2 verify whatever the schemes; other formats don't
		if !p.Verify("Hobbes-2024", passwordVectors[0].hash) || !p.Verify("Hobbes-2024", passwordVectors[2].hash) {
			t.Errorf("%s: bcrypt or argon2 hash not verified", name)
		}
		if !p.Outdated(passwordVectors[0].hash) {
			t.Errorf("%s: a bcrypt hash is not outdated", name)
		}
		for _, other := range migratedNames {
			if v := cheap(other); other != name && p.Verify(v.Password, v.Hash) {
				t.Errorf("%s verifies %s's %q", name, other, v.Hash)
			}
		}
	}
	// a migration: werkzeug hashes, the others verify, plaintext last
	p, err := New(Options{
		Schemes: []string{"werkzeug", "sha256_crypt", "sha512_crypt", "pbkdf2_sha256", "pbkdf2_sha512", "bcrypt_sha256", "scrypt", "plaintext"},
		List:    true,
		Opts:    map[string]any{"method": "scrypt:16:8:1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Schemes(), " "); got != "werkzeug sha256_crypt sha512_crypt pbkdf2_sha256 pbkdf2_sha512 bcrypt_sha256 passlib:scrypt plaintext" {
		t.Errorf("Schemes() = %s", got)
	}
	for _, name := range migratedNames {
		v := cheap(name)
		if !p.Verify(v.Password, v.Hash) || p.Verify(v.Password+"x", v.Hash) {
			t.Errorf("the list does not verify %s's %q", name, v.Hash)
		}
		if p.Outdated(v.Hash) != (name != schemeWerkzeug) {
			t.Errorf("Outdated(%q) = %v", v.Hash, p.Outdated(v.Hash))
		}
	}
	// plaintext is tried last: a stored "$5$..." that is no valid hash is
	// not compared as a password
	if p.Verify("$5$x", "$5$x") || !p.Verify("secret", "secret") {
		t.Errorf("plaintext is not tried last")
	}
	h, err := p.Hash(pwMigrated)
	if err != nil || !strings.HasPrefix(h, "scrypt:16:8:1$") || !p.Verify(pwMigrated, h) {
		t.Errorf("hash = %q, %v", h, err)
	}
}

func TestRandomChars(t *testing.T) {
	for _, alphabet := range []string{werkzeugSaltChars, hash64Chars, "ab"} {
		s, err := randomChars(4000, alphabet)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != 4000 || !only(s, alphabet) {
			t.Errorf("randomChars(4000, %q) = %d characters, some out of the alphabet?", alphabet, len(s))
		}
		for _, c := range []byte(alphabet) {
			if n := strings.Count(s, string(c)); n < 4000/len(alphabet)/3 {
				t.Errorf("%q is in %d of 4000 random characters of %q", c, n, alphabet)
			}
		}
	}
}
