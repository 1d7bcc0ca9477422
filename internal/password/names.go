package password

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"
)

// Canonical names of the schemes, as Hasher.Scheme returns them.
const (
	schemeBcrypt       = "bcrypt"         // FlaskSimpleAuth's and passlib's: $2b$
	schemeArgon2       = "argon2"         // FlaskSimpleAuth's and passlib's: $argon2id$
	schemePlaintext    = "plaintext"      // the password itself
	schemeScrypt       = "fsa:scrypt"     // FlaskSimpleAuth's: Ascii85 of the scrypt encryption format
	schemeOTP          = "otp"            // FlaskSimpleAuth's fsa:otp: TOTP, the stored value is the secret
	schemePasslibCrypt = "passlib:scrypt" // passlib's $scrypt$
	schemeSHA256Crypt  = "sha256_crypt"   // passlib's and glibc's $5$
	schemeSHA512Crypt  = "sha512_crypt"   // passlib's and glibc's $6$
	schemePBKDF2SHA256 = "pbkdf2_sha256"  // passlib's $pbkdf2-sha256$
	schemePBKDF2SHA512 = "pbkdf2_sha512"  // passlib's $pbkdf2-sha512$
	schemeBcryptSHA256 = "bcrypt_sha256"  // passlib's $bcrypt-sha256$
	schemeWerkzeug     = "werkzeug"       // werkzeug's generate_password_hash: pbkdf2:... and scrypt:...
	schemeNone         = "none"
)

// Canonical returns the canonical name of a scheme named as
// FSA_PASSWORD_SCHEME names it: FlaskSimpleAuth's own, bare or with the
// "fsa:" provider (bcrypt, argon2, scrypt, plaintext, otp); passlib's,
// bare or with "passlib:" (bcrypt, argon2, plaintext, scrypt,
// sha256_crypt, sha512_crypt, pbkdf2_sha256, pbkdf2_sha512,
// bcrypt_sha256); or "werkzeug". In a list (which FlaskSimpleAuth hands
// to passlib) a bare "scrypt" is passlib's, alone FlaskSimpleAuth's.
// Other names are an error saying why.
func Canonical(name string, list bool) (string, error) {
	provider, bare, found := strings.Cut(name, ":")
	if !found {
		provider, bare = "", name
	}
	switch provider {
	case "", "fsa", "passlib":
	case "ldap", "ldap3":
		return "", fmt.Errorf("scheme %q is not supported: fsa-go checks no password against LDAP (a PasswordCheck hook can)", name)
	default:
		return "", fmt.Errorf("unexpected password provider %q in %q: want fsa or passlib", provider, name)
	}
	fsa := provider == "fsa" || provider == "" && !list
	switch bare {
	case schemeBcrypt, schemeArgon2, schemePlaintext:
		return bare, nil
	case "scrypt":
		if fsa {
			return schemeScrypt, nil
		}
		return schemePasslibCrypt, nil
	case "otp":
		if provider == "passlib" {
			break
		}
		return schemeOTP, nil
	case schemeSHA256Crypt, schemeSHA512Crypt, schemePBKDF2SHA256, schemePBKDF2SHA512, schemeBcryptSHA256:
		if provider == "fsa" {
			break
		}
		return bare, nil
	case schemeWerkzeug:
		if provider == "" {
			return bare, nil
		}
	case "b64", "a85":
		if provider != "passlib" {
			return "", fmt.Errorf("scheme %q is not supported: it is a reversible encoding of the password, not a hash", name)
		}
	case "ldap", "ldap3":
		if provider == "" {
			return "", fmt.Errorf("scheme %q is not supported: fsa-go checks no password against LDAP (a PasswordCheck hook can)", name)
		}
	}
	return "", fmt.Errorf("unexpected password scheme %q: want bcrypt, argon2, scrypt, plaintext, otp, sha256_crypt, sha512_crypt, pbkdf2_sha256, pbkdf2_sha512, bcrypt_sha256 or werkzeug", name)
}

// newScheme returns the scheme of a canonical name with its options; otp
// tells time with now.
func newScheme(name string, opts map[string]any, now func() time.Time) (scheme, error) {
	switch name {
	case schemeBcrypt:
		return newBcrypt(opts)
	case schemeArgon2:
		return argon2Options(opts)
	case schemePlaintext:
		if len(opts) > 0 {
			return nil, fmt.Errorf("unexpected option %q for plaintext", sortedKeys(opts)[0])
		}
		return plaintext{}, nil
	case schemeScrypt:
		return newFSAScrypt(opts)
	case schemeOTP:
		return newOTP(opts, now)
	}
	return newMigrated(name, opts)
}

// plaintext is the scheme whose hash is the password: for tests, and for
// passwords stored in clear that a list of schemes is migrating.
type plaintext struct{}

func (plaintext) hash(password string) (string, error) { return password, nil }

func (plaintext) identify(string) bool { return true }

func (plaintext) verify(password, hash string) bool {
	return subtle.ConstantTimeCompare([]byte(password), []byte(hash)) == 1
}

func (plaintext) dummy() (string, error) { return rand.Text(), nil }
