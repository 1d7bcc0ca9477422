package fsa

import (
	"errors"
	"net/http"

	"github.com/fsa-go/fsa-go/internal/password"
)

// newPasswords returns the password hasher of the configuration
// (FSA_PASSWORD_SCHEME, FSA_PASSWORD_OPTS, FSA_PASSWORD_LENGTH and
// FSA_PASSWORD_RE). An invalid option is an error naming its directive,
// e.g. "FSA_PASSWORD_OPTS: unexpected option \"x\" for bcrypt".
func newPasswords(c *Config) (*password.Hasher, error) {
	h, err := password.New(password.Options{
		Schemes:   c.PasswordScheme,
		Opts:      c.PasswordOpts,
		MinLength: c.PasswordLength,
		Patterns:  c.PasswordRE,
	})
	var e *password.OptionError
	if errors.As(err, &e) {
		return nil, &ConfigError{Source: "configuration", Name: passwordDirective(e.Option), Err: e.Err}
	}
	return h, err
}

// passwordDirective returns the directive of a field of password.Options.
func passwordDirective(option string) string {
	switch option {
	case "Schemes":
		return "FSA_PASSWORD_SCHEME"
	case "Opts":
		return "FSA_PASSWORD_OPTS"
	case "Patterns":
		return "FSA_PASSWORD_RE"
	}
	return option
}

// passwordError returns a refusal of a new password by the hasher (too
// short, not matching a pattern, too long for bcrypt) as a 400 *Error with
// its message, which never includes the password; other errors as they are.
func passwordError(err error) error {
	if errors.Is(err, password.ErrTooShort) || errors.Is(err, password.ErrMismatch) || errors.Is(err, password.ErrTooLong) {
		return Err(http.StatusBadRequest, err.Error())
	}
	return err
}
