package password

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// fsaVectors are the vectors of testdata/fsa_vectors.json, made by
// testdata/fsa_vectors.py as FlaskSimpleAuth makes its hashes and codes.
type fsaVectors struct {
	Scrypt []struct{ Password, Hash string }
	OTP    []struct {
		Secret  string
		Time    int64
		Options map[string]any
		Code    string
	}
}

func loadFSAVectors(tb testing.TB) fsaVectors {
	tb.Helper()
	b, err := os.ReadFile("testdata/fsa_vectors.json")
	if err != nil {
		tb.Fatal(err)
	}
	var v fsaVectors
	if err := json.Unmarshal(b, &v); err != nil {
		tb.Fatal(err)
	}
	return v
}

// fastScrypt is fsa:scrypt at a low cost, where the cost is not the point.
var fastScrypt = map[string]any{"ln": int64(10)}

func TestFSAScryptVectors(t *testing.T) {
	v := loadFSAVectors(t)
	for _, name := range []string{"scrypt", "fsa:scrypt"} {
		h := newTest(t, name, fastScrypt)
		for i, vec := range v.Scrypt {
			t.Run(name+"/"+strconv.Itoa(i), func(t *testing.T) {
				if !h.Verify(vec.Password, vec.Hash) {
					t.Errorf("verify(%q, vector) = false, want true", vec.Password)
				}
				for _, wrong := range []string{vec.Password + "x", "x" + vec.Password, strings.ToUpper(vec.Password) + "!"} {
					if h.Verify(wrong, vec.Hash) {
						t.Errorf("verify(%q, vector of %q) = true, want false", wrong, vec.Password)
					}
				}
			})
		}
	}
}

func TestFSAScryptHash(t *testing.T) {
	h := newTest(t, "scrypt", map[string]any{"ln": int64(10), "r": int64(4), "p": int64(2), "saltlength": int64(8)})
	hash, err := h.Hash("Hobbes-2024")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, `F(969E-)'e`) || !h.Verify("Hobbes-2024", hash) || h.Verify("Hobbes-2025", hash) {
		t.Fatalf("hash %q does not verify as it should", hash)
	}
	enc, _ := a85Decode(hash)
	if enc[7] != 10 || string(enc[8:16]) != "\x00\x00\x00\x04\x00\x00\x00\x02" {
		t.Errorf("header %x, want log2 N 10, r 4, p 2", enc[:16])
	}
	if clear, ok := scryptDecrypt(enc, []byte("Hobbes-2024")); !ok || len(clear) != 10+len(scryptClear) {
		t.Errorf("clear text %q, want 8 bytes of salt in Ascii85 and %s", clear, scryptClear)
	}
	if again, _ := h.Hash("Hobbes-2024"); again == hash {
		t.Error("two hashes are the same: no salt?")
	}
	// the default cost: OWASP's minimum
	d := newTest(t, "fsa:scrypt", nil).schemes[0].(fsaScrypt)
	if d.logN != 17 || d.r != 8 || d.p != 1 || d.saltLen != 16 {
		t.Errorf("default parameters %+v, want ln 17, r 8, p 1, salt 16", d)
	}
}

func TestFSAScryptMalformed(t *testing.T) {
	h := newTest(t, "scrypt", fastScrypt)
	good, err := h.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := a85Decode(good)
	alter := func(i int, b byte) string {
		e := append([]byte(nil), enc...)
		e[i] = b
		return string(a85Encode(e))
	}
	big := append([]byte(nil), enc...)
	copy(big[8:12], []byte{0, 0, 4, 0}) // r 1024 with N 2^10: 128 MiB, fine, but its checksum is wrong
	for name, hash := range map[string]string{
		"empty":             "",
		"magic only":        `F(969E-)'i`,
		"truncated":         good[:len(good)-5],
		"extra":             good + "!!",
		"space":             good[:20] + " " + good[20:],
		"delimiters":        "<~" + good + "~>",
		"not ascii85":       good[:20] + "~" + good[21:],
		"version 1":         alter(6, 1),
		"log2 N 0":          alter(7, 0),
		"log2 N 31":         alter(7, 31),
		"log2 N 25":         alter(7, 25), // 4 GiB at r 8: refused before any work
		"p 0":               alter(15, 0),
		"p 17":              alter(15, 17),
		"checksum":          alter(50, enc[50]^1),
		"header MAC":        alter(70, enc[70]^1),
		"data":              alter(100, enc[100]^1),
		"final MAC":         alter(len(enc)-1, enc[len(enc)-1]^1),
		"r changed":         string(a85Encode(big)),
		"bcrypt":            "$2b$04$n0UK/z8/udDStXte0AHE4.fInniw5L2TG.j7k1XIxVhZZ8UsAqvki",
		"long":              `F(969E-)'i` + strings.Repeat("!", scryptMaxHash),
		"unicode":           `F(969E-)'i` + "é",
		"decrypts, no tail": string(mustEncrypt(t, []byte("no FSA suffix"), "pw")),
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			if h.Verify("pw", hash) {
				t.Errorf("verify(pw, %q) = true, want false", hash)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// mustEncrypt returns the Ascii85 of data encrypted with password in
// the scrypt format, at a low cost.
func mustEncrypt(t *testing.T, data []byte, password string) []byte {
	t.Helper()
	enc, err := scryptEncrypt(data, []byte(password), 10, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	return a85Encode(enc)
}

func TestFSAScryptOptions(t *testing.T) {
	for _, tt := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{"maxtime": 0.05}, `Opts: option "maxtime" is not supported for scrypt: set its cost with "ln", "r" and "p"`},
		{map[string]any{"ln": int64(9)}, `Opts: option "ln" must be from 10 to 20, not 9`},
		{map[string]any{"ln": int64(20), "r": int64(16)}, `Opts: options "ln", "r" and "p" need 2048 MiB of work (128·N·r·p): at most 1024 MiB`},
		{map[string]any{"ln": int64(17), "p": int64(9)}, `Opts: options "ln", "r" and "p" need 1152 MiB of work (128·N·r·p): at most 1024 MiB`},
		{map[string]any{"p": int64(17)}, `Opts: option "p" must be from 1 to 16, not 17`},
		{map[string]any{"saltlength": int64(7)}, `Opts: option "saltlength" must be from 8 to 64, not 7`},
		{map[string]any{"rounds": int64(4)}, `Opts: unexpected option "rounds" for scrypt`},
	} {
		_, err := New(Options{Schemes: []string{"fsa:scrypt"}, Opts: tt.opts})
		if err == nil || err.Error() != tt.want {
			t.Errorf("New(fsa:scrypt, %v) = %v, want %s", tt.opts, err, tt.want)
		}
	}
}

// otpAt returns a Hasher of fsa:otp with opts whose clock reads *now.
func otpAt(t *testing.T, now *time.Time, opts map[string]any) *Hasher {
	t.Helper()
	h, err := New(Options{Schemes: []string{"fsa:otp"}, Opts: opts, Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestOTPVectors(t *testing.T) {
	for i, vec := range loadFSAVectors(t).OTP {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			now := time.Unix(vec.Time, 0)
			opts := map[string]any{}
			for k, v := range vec.Options {
				if f, ok := v.(float64); ok {
					v = int64(f)
				}
				opts[k] = v
			}
			h := otpAt(t, &now, opts)
			if h.Verify(vec.Code+"1", vec.Secret) || h.Verify(vec.Code[1:], vec.Secret) {
				t.Error("a code with a digit more or less verifies")
			}
			if !h.Verify(vec.Code, vec.Secret) {
				t.Fatalf("code %s of %s at %d does not verify", vec.Code, vec.Secret, vec.Time)
			}
			if h.Verify(vec.Code, vec.Secret) {
				t.Error("the same code verifies twice")
			}
			if h.Verify(vec.Code, strings.ToLower(vec.Secret)) || h.Verify(vec.Code, vec.Secret+"====") {
				t.Error("the same code verifies twice, its secret in lower case or padded")
			}
		})
	}
}

func TestOTPWindow(t *testing.T) {
	const secret = "XXFMZAQR5IFQLAWW3O2NY5EXI3GEYKOR"
	code := func(counter uint64) string {
		c, err := hotp.GenerateCodeCustom(secret, counter, hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	now := time.Unix(1765000000, 0)
	step := uint64(now.Unix() / 30)
	for _, tt := range []struct {
		name    string
		counter uint64
		want    bool
	}{
		{"previous period", step - 1, true},
		{"current period", step, true},
		{"next period", step + 1, true},
		{"two periods ago", step - 2, false},
		{"two periods ahead", step + 2, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := otpAt(t, &now, nil)
			if got := h.Verify(code(tt.counter), secret); got != tt.want {
				t.Errorf("verify = %v, want %v", got, tt.want)
			}
		})
	}

	// once a code is used, it and older ones are refused; a newer one is fine
	h := otpAt(t, &now, nil)
	if !h.Verify(code(step), secret) {
		t.Fatal("current code refused")
	}
	if h.Verify(code(step-1), secret) || h.Verify(code(step), secret) {
		t.Error("an older or the same code verifies after the current one")
	}
	if !h.Verify(code(step+1), secret) {
		t.Error("the next code refused")
	}
	later := now.Add(90 * time.Second)
	now = later
	if h.Verify(code(step+1), secret) {
		t.Error("an expired code verifies")
	}
	if !h.Verify(code(step+3), secret) {
		t.Error("a code of a later period refused")
	}

	// an otp Hasher checks codes only, not bcrypt hashes
	if h.Verify("Hobbes-2024", passwordVectors[0].hash) {
		t.Error("an otp Hasher verifies a bcrypt hash")
	}

	// hashing a secret returns it; malformed secrets never verify
	if got, _ := h.Hash(secret); got != secret {
		t.Errorf("hash of a secret = %q, want the secret", got)
	}
	for _, bad := range []string{"", "SHORT", secret + "1", secret + "!", strings.Repeat("A", otpMaxSecret+1)} {
		if h.Verify(code(step+4), bad) {
			t.Errorf("secret %q verifies", bad)
		}
	}
}

func TestOTPOptions(t *testing.T) {
	for _, tt := range []struct {
		opts map[string]any
		want string
	}{
		{map[string]any{"digits": int64(7)}, `Opts: option "digits" must be 6 or 8`},
		{map[string]any{"digits": "6"}, `Opts: option "digits" must be 6 or 8`},
		{map[string]any{"interval": int64(0)}, `Opts: option "interval" must be from 1 to 300, not 0`},
		{map[string]any{"digest": "md5"}, `Opts: option "digest" must be "sha1", "sha256" or "sha512"`},
		{map[string]any{"issuer": int64(1)}, `Opts: option "issuer" must be a string`},
		{map[string]any{"valid_window": int64(2)}, `Opts: unexpected option "valid_window" for otp`},
		{map[string]any{"digits": int64(8), "interval": int64(60), "digest": "sha512", "name": "calvin", "issuer": "Acme"}, ""},
	} {
		_, err := New(Options{Schemes: []string{"otp"}, Opts: tt.opts})
		if got := ""; err != nil {
			got = err.Error()
			if got != tt.want {
				t.Errorf("New(otp, %v) = %v, want %s", tt.opts, err, tt.want)
			}
		} else if tt.want != "" {
			t.Errorf("New(otp, %v) = nil, want %s", tt.opts, tt.want)
		}
	}
	if _, err := New(Options{Schemes: []string{"bcrypt", "otp"}}); err == nil || err.Error() != "Schemes: otp cannot be in a list of schemes" {
		t.Errorf("otp in a list: %v", err)
	}
}

// TestListDummy checks that an unknown user costs a verification in the
// first scheme of a list, and that Outdated tells the other schemes'
// hashes.
func TestListDummy(t *testing.T) {
	h, err := New(Options{Schemes: []string{"fsa:scrypt", "bcrypt", "plaintext"}, Opts: map[string]any{"ln": int64(10)}})
	if err != nil {
		t.Fatal(err)
	}
	if !h.schemes[0].identify(h.dummyHash) {
		t.Errorf("dummy hash %q is not of the first scheme", h.dummyHash)
	}
	enc, _ := a85Decode(h.dummyHash)
	if len(enc) < 8 || enc[7] != 10 {
		t.Errorf("dummy hash of log2 N %v, want the configured 10", enc[7:8])
	}
	scryptHash, _ := h.Hash("pw")
	for hash, want := range map[string]bool{scryptHash: false, passwordVectors[0].hash: true, "clear": true} {
		if got := h.Outdated(hash); got != want {
			t.Errorf("Outdated(%.20q) = %v, want %v", hash, got, want)
		}
	}
}
