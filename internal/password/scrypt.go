package password

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/ascii85"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/scrypt"
)

// FlaskSimpleAuth's scrypt scheme (fsa:scrypt). Its hash is the Ascii85
// (Python's base64.a85encode) of the scrypt encryption format, what
// Python's scrypt.encrypt writes (Colin Percival's scryptenc: header,
// AES-256-CTR data, HMAC-SHA256), of the Ascii85 of a random salt followed
// by "FlaskSimpleAuth!", encrypted with the password. A password matches
// when the header's HMAC, keyed by scrypt of the password, does, and the
// data decrypts to text ending with "FlaskSimpleAuth!".
//
// Options: "ln", log2 of scrypt's N (10 to 20, default 17), "r" (1 to 32,
// default 8), "p" (1 to 16, default 1): OWASP's minimum, 128 MiB and
// about 0.4 s a hash; "saltlength" (bytes, 8 to 64, default 16).
// FlaskSimpleAuth picks N, r and p by timing (its option "maxtime"); here
// they are fixed, so "maxtime" is refused with a reason. Stored hashes
// verify with any parameters within scryptParams' bounds (128·N·r·p at
// most 1 GiB, p at most 16).
const (
	scryptClear = "FlaskSimpleAuth!" // the end of the clear text
	scryptMagic = "scrypt\x00"       // the format's magic and version 0

	scryptDefaultLogN    = 17
	scryptDefaultR       = 8
	scryptDefaultP       = 1
	scryptDefaultSaltLen = 16
	scryptMaxHash        = 4096 // characters of a stored hash
)

// fsaScrypt is fsa:scrypt with its parameters.
type fsaScrypt struct {
	logN    uint8
	r, p    uint32
	saltLen int // bytes of the random salt of the clear text
}

// newFSAScrypt returns fsa:scrypt with its options.
func newFSAScrypt(opts map[string]any) (fsaScrypt, error) {
	s := fsaScrypt{logN: scryptDefaultLogN, r: scryptDefaultR, p: scryptDefaultP, saltLen: scryptDefaultSaltLen}
	for _, k := range sortedKeys(opts) {
		var lo, hi int64
		switch k {
		case "ln":
			lo, hi = 10, 20
		case "r":
			lo, hi = 1, 32
		case "p":
			lo, hi = 1, scryptMaxParallel
		case "saltlength":
			lo, hi = 8, 64
		case "maxtime":
			return s, fmt.Errorf("option %q is not supported for scrypt: set its cost with \"ln\", \"r\" and \"p\"", k)
		default:
			return s, fmt.Errorf("unexpected option %q for scrypt", k)
		}
		n, err := intOption(k, opts[k], lo, hi)
		if err != nil {
			return s, err
		}
		switch k {
		case "ln":
			s.logN = uint8(n)
		case "r":
			s.r = uint32(n)
		case "p":
			s.p = uint32(n)
		case "saltlength":
			s.saltLen = int(n)
		}
	}
	if !(scryptParams{n: 1 << s.logN, r: int(s.r), p: int(s.p)}).ok() {
		return s, fmt.Errorf("options \"ln\", \"r\" and \"p\" need %d MiB of work (128·N·r·p): at most %d MiB",
			128*uint64(s.r)*uint64(s.p)<<s.logN>>20, scryptMaxWork>>20)
	}
	return s, nil
}

func (s fsaScrypt) hash(password string) (string, error) {
	salt := make([]byte, s.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	clear := append(a85Encode(salt), scryptClear...)
	enc, err := scryptEncrypt(clear, []byte(password), s.logN, s.r, s.p)
	if err != nil {
		return "", err
	}
	return string(a85Encode(enc)), nil
}

// identify: the first two groups of Ascii85 hold the magic "scrypt" and
// version 0, then log2 N.
func (fsaScrypt) identify(hash string) bool {
	if len(hash) < 10 || hash[:5] != "F(969" {
		return false
	}
	head, ok := a85Decode(hash[:10])
	return ok && string(head[:7]) == scryptMagic
}

func (fsaScrypt) verify(password, hash string) bool {
	if len(hash) > scryptMaxHash {
		return false
	}
	enc, ok := a85Decode(hash)
	if !ok {
		return false
	}
	clear, ok := scryptDecrypt(enc, []byte(password))
	return ok && bytes.HasSuffix(clear, []byte(scryptClear))
}

func (s fsaScrypt) dummy() (string, error) {
	// a header of these parameters and random salt, data and MACs: its
	// HMAC fails after the full cost of scrypt
	b := make([]byte, 96+ascii85.MaxEncodedLen(s.saltLen)+len(scryptClear)+32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	copy(b, scryptHeader(s.logN, s.r, s.p, b[16:48]))
	return string(a85Encode(b)), nil
}

// scryptHeader returns the first 64 bytes of the format's header: magic,
// version, log2 N, r, p, salt (32 bytes), then the first 16 bytes of the
// SHA-256 of those 48.
func scryptHeader(logN uint8, r, p uint32, salt []byte) []byte {
	h := make([]byte, 64)
	copy(h, scryptMagic)
	h[7] = logN
	binary.BigEndian.PutUint32(h[8:], r)
	binary.BigEndian.PutUint32(h[12:], p)
	copy(h[16:48], salt)
	sum := sha256.Sum256(h[:48])
	copy(h[48:64], sum[:16])
	return h
}

// scryptKeys returns the AES key and the HMAC key of password and salt.
func scryptKeys(password, salt []byte, logN uint8, r, p uint32) (aesKey, macKey []byte, err error) {
	dk, err := scrypt.Key(password, salt, 1<<logN, int(r), int(p), 64)
	if err != nil {
		return nil, nil, err
	}
	return dk[:32], dk[32:], nil
}

// scryptEncrypt returns data encrypted with password in the scrypt format.
func scryptEncrypt(data, password []byte, logN uint8, r, p uint32) ([]byte, error) {
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	aesKey, macKey, err := scryptKeys(password, salt, logN, r, p)
	if err != nil {
		return nil, err
	}
	out := scryptHeader(logN, r, p, salt)
	out = append(out, mac(macKey, out)...)
	out = append(out, make([]byte, len(data))...)
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, err
	}
	cipher.NewCTR(block, make([]byte, aes.BlockSize)).XORKeyStream(out[96:], data)
	return append(out, mac(macKey, out)...), nil
}

// scryptDecrypt returns the data of enc, in the scrypt format, decrypted
// with password, and whether the header is well formed, its parameters
// within bounds, and both MACs right.
func scryptDecrypt(enc, password []byte) ([]byte, bool) {
	if len(enc) < 96+32 || string(enc[:7]) != scryptMagic {
		return nil, false
	}
	logN, r, p := enc[7], binary.BigEndian.Uint32(enc[8:]), binary.BigEndian.Uint32(enc[12:])
	if logN < 1 || logN > 30 || r > scryptMaxWork || p > scryptMaxWork || !(scryptParams{n: 1 << logN, r: int(r), p: int(p)}).ok() {
		return nil, false
	}
	if sum := sha256.Sum256(enc[:48]); !bytes.Equal(sum[:16], enc[48:64]) {
		return nil, false
	}
	aesKey, macKey, err := scryptKeys(password, enc[16:48], logN, r, p)
	if err != nil {
		return nil, false
	}
	end := len(enc) - 32
	if !hmac.Equal(mac(macKey, enc[:64]), enc[64:96]) || !hmac.Equal(mac(macKey, enc[:end]), enc[end:]) {
		return nil, false
	}
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, false
	}
	clear := make([]byte, end-96)
	cipher.NewCTR(block, make([]byte, aes.BlockSize)).XORKeyStream(clear, enc[96:end])
	return clear, true
}

// mac returns the HMAC-SHA256 of data.
func mac(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}

// a85Encode returns the Ascii85 of b as Python's base64.a85encode writes
// it: no delimiters, "z" for a group of four zero bytes.
func a85Encode(b []byte) []byte {
	out := make([]byte, ascii85.MaxEncodedLen(len(b)))
	return out[:ascii85.Encode(out, b)]
}

// a85Decode decodes s, refusing what a85Encode would not write (spaces,
// delimiters, a shortened "z"), so that a stored hash has one spelling.
func a85Decode(s string) ([]byte, bool) {
	out := make([]byte, 4*len(s))
	n, _, err := ascii85.Decode(out, []byte(s), true)
	if err != nil || string(a85Encode(out[:n])) != s {
		return nil, false
	}
	return out[:n], true
}
