package password

import (
	"encoding/binary"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fastBcrypt is the cost of bcrypt in tests where the cost is not the point.
var fastBcrypt = map[string]any{"rounds": int64(4)}

// newTest returns the Hasher of a scheme with options.
func newTest(tb testing.TB, scheme string, opts map[string]any) *Hasher {
	tb.Helper()
	p, err := New(Options{Schemes: schemes(scheme), Opts: opts})
	if err != nil {
		tb.Fatalf("New(%s, %v): %v", scheme, opts, err)
	}
	return p
}

// schemes is the Schemes of one scheme, none for "".
func schemes(scheme string) []string {
	if scheme == "" {
		return nil
	}
	return []string{scheme}
}

// testOpts are the options of each scheme in tests: fast ones.
var testOpts = map[string]map[string]any{"bcrypt": fastBcrypt, "argon2": nil, "plaintext": nil}

// testSchemes returns a Hasher of each scheme, fast.
func testSchemes(tb testing.TB) map[string]*Hasher {
	m := map[string]*Hasher{}
	for scheme, opts := range testOpts {
		m[scheme] = newTest(tb, scheme, opts)
	}
	return m
}

// passwordVectors are the hashes of /work/shared/reference/vectors.md, made
// by FlaskSimpleAuth 35.5.
var passwordVectors = []struct{ name, password, hash string }{
	{"bcrypt", "Hobbes-2024", "$2b$04$n0UK/z8/udDStXte0AHE4.fInniw5L2TG.j7k1XIxVhZZ8UsAqvki"},
	{"bcrypt-unicode", "àéîõü-Ünicode-1", "$2b$04$wzNUCBRPCCx4ImDOqAgz4.ZkzHfCzsw0R1.oBt9fp7IYAPx0UTRpu"},
	{"argon2", "Hobbes-2024", "$argon2id$v=19$m=1000,t=1,p=1$Be20+apcCFaATE8xH8YJ8Q$unrKSHCEncLv2GPA3H8r1Q"},
	{"argon2-unicode", "àéîõü-Ünicode-1", "$argon2id$v=19$m=1000,t=1,p=1$cxnq7y0SyXcyBEXB45/4Sw$u/aDQx35/LHRtb8sJvwNeQ"},
}

func TestVectors(t *testing.T) {
	for scheme, p := range testSchemes(t) {
		for _, v := range passwordVectors {
			t.Run(scheme+"/"+v.name, func(t *testing.T) {
				if !p.Verify(v.password, v.hash) {
					t.Errorf("verify(%q, %q) = false, want true", v.password, v.hash)
				}
				for _, extra := range []string{"x", "1", "é"} {
					if p.Verify(v.password+extra, v.hash) {
						t.Errorf("verify(%q, %q) = true, want false", v.password+extra, v.hash)
					}
				}
				if p.Verify(v.password[:len(v.password)-1], v.hash) {
					t.Errorf("verify of the password minus its last byte = true, want false")
				}
				if p.Verify(v.hash, v.hash) {
					t.Errorf("verify(hash, hash) = true, want false")
				}
			})
		}
	}
	// bcrypt's versions 2a and 2y are the same algorithm as 2b.
	p := newTest(t, "bcrypt", fastBcrypt)
	for _, v := range passwordVectors[:2] {
		for _, prefix := range []string{"$2a$", "$2y$"} {
			h := prefix + v.hash[4:]
			if !p.Verify(v.password, h) {
				t.Errorf("verify(%q, %q) = false, want true", v.password, h)
			}
			if p.Verify(v.password+"x", h) {
				t.Errorf("verify(%q, %q) = true, want false", v.password+"x", h)
			}
		}
	}
}

func TestRoundTrip(t *testing.T) {
	bcrypt04 := regexp.MustCompile(`^\$2b\$04\$[./A-Za-z0-9]{53}$`)
	argon2Default := regexp.MustCompile(`^\$argon2id\$v=19\$m=1000,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	argon2Small := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=2,p=2\$[A-Za-z0-9+/]{11}\$[A-Za-z0-9+/]{22}$`)
	argon2Opts := map[string]any{"memory_cost": int64(64), "time_cost": int64(2), "parallelism": int64(2), "hash_len": int64(16), "salt_len": int64(8)}
	tests := []struct {
		name   string
		scheme string
		opts   map[string]any
		shape  *regexp.Regexp // nil: the hash is the password
	}{
		{"bcrypt-4", "bcrypt", fastBcrypt, bcrypt04},
		{"bcrypt-4-int", "bcrypt", map[string]any{"rounds": 4}, bcrypt04},
		{"argon2", "argon2", nil, argon2Default},
		{"argon2-opts", "argon2", argon2Opts, argon2Small},
		{"plaintext", "plaintext", nil, nil},
	}
	inputs := []string{"Hobbes-2024", "àéîõü-Ünicode-1", "", " ", "invalid-utf8-\xff\xfe", strings.Repeat("é", 36)}
	for _, tt := range tests {
		p := newTest(t, tt.scheme, tt.opts)
		for i, pw := range inputs {
			t.Run(tt.name+"/"+strconv.Itoa(i), func(t *testing.T) {
				h, err := p.Hash(pw)
				if err != nil {
					t.Fatalf("hash(%q): %v", pw, err)
				}
				if tt.shape == nil {
					if h != pw {
						t.Errorf("hash(%q) = %q, want the password", pw, h)
					}
				} else if !tt.shape.MatchString(h) {
					t.Errorf("hash(%q) = %q, want the shape %s", pw, h, tt.shape)
				}
				if pw != "" || tt.scheme != "plaintext" { // an empty hash never matches
					if !p.Verify(pw, h) {
						t.Errorf("verify(%q, %q) = false, want true", pw, h)
					}
				}
				for _, wrong := range []string{pw + "x", "x" + pw, "wrong"} {
					if p.Verify(wrong, h) {
						t.Errorf("verify(%q, %q) = true, want false", wrong, h)
					}
				}
				if tt.shape != nil {
					if h2, _ := p.Hash(pw); h2 == h {
						t.Errorf("two hashes of %q are the same: no salt?", pw)
					}
				}
			})
		}
	}
}

func TestBcryptDefaultCost(t *testing.T) {
	for _, scheme := range []string{"bcrypt", ""} {
		p := newTest(t, scheme, nil)
		if cost := p.schemes[0].(bcryptScheme).cost; cost != 10 {
			t.Errorf("scheme %q: cost %d, want 10", scheme, cost)
		}
		h, err := p.Hash("Hobbes-2024")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$2b$10$") || len(h) != 60 {
			t.Errorf("scheme %q: hash %q, want $2b$10$ and 60 characters", scheme, h)
		}
	}
}

// wantError checks that err wraps kind and says msg.
func wantError(t *testing.T, err error, kind error, msg string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v (%T), want one wrapping %v", err, err, kind)
	}
	if err.Error() != msg {
		t.Errorf("error %q, want %q", err, msg)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		length   int
		res      []string
		password string
		want     string // "" for no error
	}{
		{0, nil, "", ""},
		{0, nil, "x", ""},
		{4, nil, "abc", "password is too short, must be at least 4"},
		{4, nil, "abcd", ""},
		{3, nil, "éé", "password is too short, must be at least 3"}, // 4 bytes, 2 code points
		{3, nil, "ééé", ""},
		{3, nil, "日本", "password is too short, must be at least 3"},
		{0, []string{"[A-Z]"}, "hobbes", "password must match [A-Z]"},
		{0, []string{"[A-Z]"}, "hobbeS", ""}, // a search, not a full match
		{0, []string{"[A-Z]", "[0-9]"}, "Hobbes", "password must match [0-9]"},
		{0, []string{"[A-Z]", "[0-9]"}, "hobbes", "password must match [A-Z]"}, // in order
		{0, []string{"[A-Z]", "[0-9]"}, "Hobbes-2024", ""},
		{0, []string{"^.{0,3}$"}, "Hobbes", "password must match ^.{0,3}$"},
		{8, []string{"[A-Z]"}, "hob", "password is too short, must be at least 8"}, // length first
		{8, []string{"[A-Z]"}, "hobbes-2024", "password must match [A-Z]"},
	}
	for i, tt := range tests {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			p, err := New(Options{MinLength: tt.length, Patterns: tt.res})
			if err != nil {
				t.Fatal(err)
			}
			err = p.Check(tt.password)
			if tt.want == "" {
				if err != nil {
					t.Errorf("check(%q) = %v, want nil", tt.password, err)
				}
				return
			}
			kind := ErrMismatch
			if strings.HasPrefix(tt.want, "password is too short") {
				kind = ErrTooShort
			}
			wantError(t, err, kind, tt.want)
			if tt.password != "" && strings.Contains(err.Error(), tt.password) {
				t.Errorf("error %q tells the password", err)
			}
		})
	}
}

func TestBcrypt72Bytes(t *testing.T) {
	p := newTest(t, "bcrypt", fastBcrypt)
	for _, pw := range []string{strings.Repeat("a", 72), strings.Repeat("é", 36), "a" + strings.Repeat("é", 35) + "b"} {
		h, err := p.Hash(pw)
		if err != nil {
			t.Fatalf("hash of %d bytes: %v", len(pw), err)
		}
		if !p.Verify(pw, h) {
			t.Errorf("verify of %d bytes = false, want true", len(pw))
		}
		for _, extra := range []string{"x", "é", strings.Repeat("x", 100)} {
			if p.Verify(pw+extra, h) {
				t.Errorf("verify of 72 bytes + %q against the hash of the 72 = true, want false", extra)
			}
		}
	}
	for _, pw := range []string{strings.Repeat("a", 73), "a" + strings.Repeat("é", 36), strings.Repeat("x", 1000)} {
		h, err := p.Hash(pw)
		if h != "" {
			t.Errorf("hash of %d bytes = %q, want none", len(pw), h)
		}
		wantError(t, err, ErrTooLong, "password is too long: bcrypt only uses 72 bytes")
	}
	// argon2 has no such limit.
	a := newTest(t, "argon2", nil)
	long := strings.Repeat("a", 72)
	h, err := a.Hash(long + "tail")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Verify(long+"tail", h) || a.Verify(long, h) || a.Verify(long+"tai", h) {
		t.Errorf("argon2 does not tell long passwords apart")
	}
}

// A stored bcrypt hash costing more than the cap never matches, so that a
// hostile row cannot hold a request for hours; the app's own cost raises
// the cap.
func TestBcryptCostCap(t *testing.T) {
	p := newTest(t, "bcrypt", map[string]any{"rounds": int64(5)})
	h, err := p.Hash("secret")
	if err != nil {
		t.Fatal(err)
	}
	if !verifyBcrypt("secret", h, 5) || verifyBcrypt("secret", h, 4) {
		t.Errorf("a cost-5 hash: verified %v under cap 5, %v under cap 4; want true, false",
			verifyBcrypt("secret", h, 5), verifyBcrypt("secret", h, 4))
	}
	if !p.Verify("secret", h) {
		t.Error("a cost-5 hash under the default cap: false, want true")
	}
	// cost 31 (days of work) refused without the work: the test would time out otherwise
	if p.Verify("secret", "$2b$31$"+h[7:]) {
		t.Error("a cost-31 hash: true, want false")
	}
}

func TestMalformed(t *testing.T) {
	const (
		pw     = "Hobbes-2024"
		bc     = "$2b$04$n0UK/z8/udDStXte0AHE4.fInniw5L2TG.j7k1XIxVhZZ8UsAqvki"
		argon  = "$argon2id$v=19$m=1000,t=1,p=1$Be20+apcCFaATE8xH8YJ8Q$unrKSHCEncLv2GPA3H8r1Q"
		params = "$argon2id$v=19$m=1000,t=1,p=1$"
		salt   = "Be20+apcCFaATE8xH8YJ8Q"
		key    = "unrKSHCEncLv2GPA3H8r1Q"
	)
	hashes := []string{
		"", "$", "$$", "$$$", "$2", "$2b", "$2b$", "$2b$04", "$2b$04$", "$argon2id$", "$argon2id$v=19$",
		// bcrypt
		bc[:len(bc)-1],                   // too short
		bc + "x",                         // trailing garbage
		bc + "$",                         // trailing garbage
		"$2c$" + bc[4:],                  // unknown version
		"$2$" + bc[4:],                   // old version
		"$3b$" + bc[4:],                  // unknown major
		"$2b$4$" + bc[7:],                // one-digit cost
		"$2b$03$" + bc[7:],               // cost too low
		"$2b$32$" + bc[7:],               // cost too high
		"$2b$99$" + bc[7:],               // cost too high
		"$2b$0x$" + bc[7:],               // cost not a number
		"$2b$04" + bc[7:],                // missing $
		bc[:20] + "!" + bc[21:],          // not in the alphabet
		bc[:20] + "é" + bc[22:],          // not in the alphabet
		strings.ToUpper(bc[:4]) + bc[4:], // $2B$
		// argon2
		"$argon2id$v=18$m=1000,t=1,p=1$" + salt + "$" + key,    // old version
		"$argon2id$v=16$m=1000,t=1,p=1$" + salt + "$" + key,    // older version
		"$argon2id$m=1000,t=1,p=1$" + salt + "$" + key,         // no version
		"$argon2i$v=19$m=1000,t=1,p=1$" + salt + "$" + key,     // argon2i
		"$argon2d$v=19$m=1000,t=1,p=1$" + salt + "$" + key,     // argon2d
		"$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key, // 4 GiB
		"$argon2id$v=19$m=1048577,t=1,p=1$" + salt + "$" + key, // over 1 GiB
		"$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1000,t=17,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1000,t=4294967295,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1000,t=1,p=17$" + salt + "$" + key,
		"$argon2id$v=19$m=1000,t=1,p=256$" + salt + "$" + key, // overflows uint8
		"$argon2id$v=19$m=1000,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1000,t=1,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=0,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=15,t=1,p=2$" + salt + "$" + key,    // under 8 KiB per lane
		"$argon2id$v=19$m=01000,t=1,p=1$" + salt + "$" + key, // leading zero
		"$argon2id$v=19$m=+1000,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=-1000,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m= 1000,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1000,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1000,t=1,p=1,data=eA$" + salt + "$" + key,
		"$argon2id$v=19$t=1,m=1000,p=1$" + salt + "$" + key,
		"$argon2id$v=19$M=1000,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1000;t=1;p=1$" + salt + "$" + key,
		params + salt + "$" + key + "$", // extra part
		params + salt + "$" + key + "$x",
		params + salt + key, // missing $
		params + salt,
		params + salt + "$",
		params + "$" + key,
		params + salt + "==$" + key,                             // padded
		params + salt + "$" + key + "==",                        // padded
		params + salt[:21] + "R$" + key,                         // non-zero trailing bits
		params + salt + "$" + key[:21] + "R",                    // non-zero trailing bits
		params + strings.ReplaceAll(salt, "+", "-") + "$" + key, // URL alphabet
		params + "!!!!!!!!!!!!" + "$" + key,                     // not base64
		params + salt + "$" + "!!!!",
		params + "AAAAAAAAAA$" + key,                    // salt of 7 bytes
		params + salt + "$AAAA",                         // hash of 3 bytes
		params + salt + "$" + strings.Repeat("A", 1367), // hash of 1025 bytes
		params + salt + "$" + key[:len(key)-2],          // shorter hash: another length
		argon[:len(argon)-1],
		argon + "x",
		" " + argon,
		argon + "\n", // encoding/base64 alone skips new lines
		argon + "\r",
		params + salt[:10] + "\n" + salt[10:] + "$" + key,
		bc + "\n",
	}
	for scheme, p := range testSchemes(t) {
		for i, h := range hashes {
			t.Run(scheme+"/"+strconv.Itoa(i), func(t *testing.T) {
				start := time.Now()
				if p.Verify(pw, h) {
					t.Errorf("verify(%q, %q) = true, want false", pw, h)
				}
				if scheme != "plaintext" && p.Verify(h, h) {
					t.Errorf("verify(hash, %q) = true", h)
				}
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("verify(%q) took %v", h, d)
				}
			})
		}
	}
}

func TestSchemeFromHash(t *testing.T) {
	// A stored value that is no hash is compared plainly in plaintext only.
	for scheme, p := range testSchemes(t) {
		want := scheme == "plaintext"
		if got := p.Verify("secret", "secret"); got != want {
			t.Errorf("%s: verify(secret, secret) = %v, want %v", scheme, got, want)
		}
		if p.Verify("", "") {
			t.Errorf("%s: verify of an empty hash = true", scheme)
		}
		if p.Verify("secre", "secret") || p.Verify("secret!", "secret") {
			t.Errorf("%s: verify of another password = true", scheme)
		}
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		scheme string
		opts   map[string]any
		re     []string
		want   string // "" for no error
	}{
		{"bcrypt", nil, nil, ""},
		{"bcrypt", map[string]any{}, nil, ""},
		{"bcrypt", map[string]any{"rounds": int64(4)}, nil, ""},
		{"bcrypt", map[string]any{"rounds": 31}, nil, ""},
		{"bcrypt", map[string]any{"x": int64(1)}, nil, `Opts: unexpected option "x" for bcrypt`},
		{"bcrypt", map[string]any{"rounds": int64(4), "ident": "2y"}, nil, `Opts: unexpected option "ident" for bcrypt`},
		{"bcrypt", map[string]any{"rounds": "4"}, nil, `Opts: option "rounds" must be an integer, not str`},
		{"bcrypt", map[string]any{"rounds": 4.0}, nil, `Opts: option "rounds" must be an integer, not float`},
		{"bcrypt", map[string]any{"rounds": true}, nil, `Opts: option "rounds" must be an integer, not bool`},
		{"bcrypt", map[string]any{"rounds": nil}, nil, `Opts: option "rounds" must be an integer, not None`},
		{"bcrypt", map[string]any{"rounds": []any{int64(4)}}, nil, `Opts: option "rounds" must be an integer, not list`},
		{"bcrypt", map[string]any{"rounds": int64(3)}, nil, `Opts: option "rounds" must be from 4 to 31, not 3`},
		{"bcrypt", map[string]any{"rounds": int64(32)}, nil, `Opts: option "rounds" must be from 4 to 31, not 32`},
		{"bcrypt", map[string]any{"rounds": int64(-1)}, nil, `Opts: option "rounds" must be from 4 to 31, not -1`},
		{"argon2", nil, nil, ""},
		{"argon2", map[string]any{"memory_cost": int64(1 << 20), "time_cost": int64(16), "parallelism": int64(16), "hash_len": int64(1024), "salt_len": int64(1024)}, nil, ""},
		{"argon2", map[string]any{"memory_cost": int64(8), "time_cost": int64(1), "parallelism": int64(1), "hash_len": int64(4), "salt_len": int64(8)}, nil, ""},
		{"argon2", map[string]any{"rounds": int64(4)}, nil, `Opts: unexpected option "rounds" for argon2`},
		{"argon2", map[string]any{"type": "ID"}, nil, `Opts: unexpected option "type" for argon2`},
		{"argon2", map[string]any{"memory_cost": "1000"}, nil, `Opts: option "memory_cost" must be an integer, not str`},
		{"argon2", map[string]any{"memory_cost": int64(7)}, nil, `Opts: option "memory_cost" must be from 8 to 1048576, not 7`},
		{"argon2", map[string]any{"memory_cost": int64(1<<20 + 1)}, nil, `Opts: option "memory_cost" must be from 8 to 1048576, not 1048577`},
		{"argon2", map[string]any{"time_cost": int64(0)}, nil, `Opts: option "time_cost" must be from 1 to 16, not 0`},
		{"argon2", map[string]any{"time_cost": int64(17)}, nil, `Opts: option "time_cost" must be from 1 to 16, not 17`},
		{"argon2", map[string]any{"parallelism": int64(0)}, nil, `Opts: option "parallelism" must be from 1 to 16, not 0`},
		{"argon2", map[string]any{"parallelism": int64(256)}, nil, `Opts: option "parallelism" must be from 1 to 16, not 256`},
		{"argon2", map[string]any{"hash_len": int64(3)}, nil, `Opts: option "hash_len" must be from 4 to 1024, not 3`},
		{"argon2", map[string]any{"salt_len": int64(7)}, nil, `Opts: option "salt_len" must be from 8 to 1024, not 7`},
		{"argon2", map[string]any{"salt_len": 16.5}, nil, `Opts: option "salt_len" must be an integer, not float`},
		{"argon2", map[string]any{"memory_cost": int64(15), "parallelism": int64(2)}, nil, `Opts: option "memory_cost" must be at least 8 times "parallelism" (16), not 15`},
		{"plaintext", nil, nil, ""},
		{"plaintext", map[string]any{"rounds": int64(4)}, nil, `Opts: unexpected option "rounds" for plaintext`},
		{"md5_crypt", nil, nil, `Schemes: unexpected password scheme "md5_crypt": want bcrypt, argon2, scrypt, plaintext, otp, sha256_crypt, sha512_crypt, pbkdf2_sha256, pbkdf2_sha512, bcrypt_sha256 or werkzeug`},
		{"fsa:b64", nil, nil, `Schemes: scheme "fsa:b64" is not supported: it is a reversible encoding of the password, not a hash`},
		{"ldap", nil, nil, `Schemes: scheme "ldap" is not supported: fsa-go checks no password against LDAP (a PasswordCheck hook can)`},
		{"bcrypt", fastBcrypt, []string{"[A-Z]", "("}, "Patterns: error parsing regexp: missing closing ): `(`"},
	}
	for i, tt := range tests {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			p, err := New(Options{Schemes: schemes(tt.scheme), Opts: tt.opts, Patterns: tt.re})
			if tt.want == "" {
				if err != nil || p == nil {
					t.Fatalf("New(%s, %v) = %v", tt.scheme, tt.opts, err)
				}
				return
			}
			var e *OptionError
			if !errors.As(err, &e) || e.Error() != tt.want || e.Option+": "+e.Err.Error() != tt.want {
				t.Errorf("New(%s, %v) = %v (%T), want an *OptionError %s", tt.scheme, tt.opts, err, err, tt.want)
			}
			if p != nil {
				t.Errorf("New returned a Hasher with an error")
			}
		})
	}
}

func TestOptionsUsed(t *testing.T) {
	p := newTest(t, "bcrypt", map[string]any{"rounds": int64(5)})
	if h, _ := p.Hash("x"); !strings.HasPrefix(h, "$2b$05$") {
		t.Errorf("hash with rounds 5 = %q", h)
	}
	p = newTest(t, "argon2", map[string]any{"memory_cost": int64(32), "time_cost": int64(3), "parallelism": int64(4), "hash_len": int64(20), "salt_len": int64(10)})
	h, err := p.Hash("x")
	if err != nil {
		t.Fatal(err)
	}
	a, salt, key, ok := parseArgon2(h)
	if !ok || a != p.schemes[0] || len(salt) != 10 || len(key) != 20 || !strings.HasPrefix(h, "$argon2id$v=19$m=32,t=3,p=4$") {
		t.Errorf("hash %q: %+v, want %+v", h, a, p.schemes[0])
	}
}

func TestDummyHash(t *testing.T) {
	for scheme, p := range testSchemes(t) {
		h := p.dummyHash
		switch scheme {
		case "bcrypt":
			if !bcryptHash.MatchString(h) || !strings.HasPrefix(h, "$2b$04$") {
				t.Errorf("bcrypt dummy hash %q is not a cost-4 hash", h)
			}
		case "argon2":
			if a, _, _, ok := parseArgon2(h); !ok || a != p.schemes[0] {
				t.Errorf("argon2 dummy hash %q: %+v, want %+v", h, a, p.schemes[0])
			}
		case "plaintext":
			if h == "" {
				t.Errorf("empty plaintext dummy hash")
			}
		}
		if q := newTest(t, scheme, testOpts[scheme]); q.dummyHash == h {
			t.Errorf("%s: two dummy hashes are the same", scheme)
		}
		for _, pw := range []string{"", "Hobbes-2024", strings.Repeat("x", 100)} {
			p.Dummy(pw)
			if p.Verify(pw, h) {
				t.Errorf("%s: %q matches the dummy hash", scheme, pw)
			}
		}
	}
}

// TestDummyTiming checks that dummy really runs a verification of
// the configured cost: an unknown user must cost as much as a wrong password.
func TestDummyTiming(t *testing.T) {
	p := newTest(t, "bcrypt", nil) // cost 10: the point here
	h, err := p.Hash("Hobbes-2024")
	if err != nil {
		t.Fatal(err)
	}
	const runs = 3
	var verifying, dummy time.Duration
	for range runs {
		start := time.Now()
		if p.Verify("Calvin-2024", h) {
			t.Fatal("wrong password verified")
		}
		verifying += time.Since(start)
		start = time.Now()
		p.Dummy("Calvin-2024")
		dummy += time.Since(start)
	}
	t.Logf("cost 10: verify %v, dummy %v (average of %d)", verifying/runs, dummy/runs, runs)
	if dummy < verifying/4 {
		t.Errorf("dummy takes %v, a verification %v: dummy does not verify", dummy/runs, verifying/runs)
	}
}

// BenchmarkTiming shows the cost of a wrong password and of an
// unknown user, which must be about the same:
//
//	go test -bench Timing -run '^$' ./internal/password
func BenchmarkTiming(b *testing.B) {
	p := newTest(b, "bcrypt", nil) // cost 10
	h, err := p.Hash("Hobbes-2024")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("wrong-password", func(b *testing.B) {
		for b.Loop() {
			p.Verify("Calvin-2024", h)
		}
	})
	b.Run("unknown-user", func(b *testing.B) {
		for b.Loop() {
			p.Dummy("Calvin-2024")
		}
	})
}

// fuzzAffordable tells whether verifying hash costs little, so that the
// fuzzer does not spend minutes on a valid hash of a high cost (which is
// not a bug: stored hashes choose their cost).
func fuzzAffordable(hash string) bool {
	if bcryptHash.MatchString(hash) {
		cost, _ := strconv.Atoi(hash[4:6])
		return cost <= 6
	}
	if a, _, _, ok := parseArgon2(hash); ok {
		return uint64(a.memory)*uint64(a.time) <= 1<<16
	}
	if affordable, known := migratedAffordable(hash); known {
		return affordable
	}
	if enc, ok := a85Decode(hash); ok && len(enc) >= 16 && string(enc[:7]) == scryptMagic { // fsa:scrypt
		r, p := binary.BigEndian.Uint32(enc[8:]), binary.BigEndian.Uint32(enc[12:])
		return enc[7] <= 12 && uint64(r)*uint64(p) <= 8
	}
	return true
}

func FuzzVerify(f *testing.F) {
	for _, v := range passwordVectors {
		f.Add(v.password, v.hash)
		f.Add(v.password+"x", v.hash)
	}
	f.Add("", "")
	f.Add("x", "$2b$")
	f.Add("x", "$argon2id$v=19$m=1000,t=1,p=1$$")
	f.Add("x", "$argon2id$v=19$m=99999999999,t=1,p=1$Be20+apcCFaATE8xH8YJ8Q$unrKSHCEncLv2GPA3H8r1Q")
	f.Add(strings.Repeat("a", 73), "$2y$04$n0UK/z8/udDStXte0AHE4.fInniw5L2TG.j7k1XIxVhZZ8UsAqvki")
	f.Add("\xff", "$2a$04$\xff")
	// the migrated schemes (migrated.go): their cheap vectors, and hashes
	// over the bounds
	for _, v := range migratedVectors(f) {
		if affordable, _ := migratedAffordable(v.Hash); affordable {
			f.Add(v.Password, v.Hash)
			f.Add(v.Password+"x", v.Hash)
		}
	}
	f.Add("x", "$5$rounds=10000001$salt$9SlkGp6FF1qICowlsC2TRlWby5YT9UqRYgast5GtmA3")
	f.Add("x", "$6$$")
	f.Add("x", "$pbkdf2-sha256$4294967295$WotRinHuHaP0HgOAsNY6xw$IPGCGRZ9sQa5ArwhLuyNCgsa8cuKbqE72nQi/srjpgM")
	f.Add("x", "$bcrypt-sha256$v=2,t=2b,r=31$bfCUVX7mYgHdmEfxPOFCje$tIE87.ChyAjwEmFnsltQZkq.4fVTAcC")
	f.Add("x", "$scrypt$ln=30,r=8,p=16$S8m5l7K2lvI+p1Sq9b43Jg$ZDmsjEDFhlUI3NxUuqt8DaiRaB7wFRogN0e+5tphvUg")
	f.Add("x", "scrypt:1073741824:8:16$salt$00")
	f.Add("x", "pbkdf2:sha256:99999999999$salt$00")
	f.Add("x", "pbkdf2$$")
	// FlaskSimpleAuth's scrypt and otp
	for _, v := range loadFSAVectors(f).Scrypt[:2] { // log2 N 14: parsed, then skipped as costly
		f.Add(v.Password, v.Hash)
	}
	if cheap, err := newTest(f, "fsa:scrypt", fastScrypt).Hash("pw"); err == nil {
		f.Add("pw", cheap)
		f.Add("pwx", cheap)
	}
	f.Add("123456", "XXFMZAQR5IFQLAWW3O2NY5EXI3GEYKOR")
	f.Add("123456", "xxfmzaqr5ifqlaww====")
	schemes := testSchemes(f)
	schemes["migrated"] = newMigratedTest(f, schemeWerkzeug)
	schemes["fsa:scrypt"] = newTest(f, "fsa:scrypt", fastScrypt)
	schemes["otp"] = newTest(f, "otp", nil)
	f.Fuzz(func(t *testing.T, password, hash string) {
		if !fuzzAffordable(hash) {
			t.Skip("valid but costly hash")
		}
		for _, p := range schemes {
			p.Verify(password, hash)
		}
	})
}
