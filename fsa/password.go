package fsa

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/fsa-go/fsa-go/internal/password"
)

// newPasswords returns the password hasher of the configuration
// (FSA_PASSWORD_SCHEME, FSA_PASSWORD_OPTS, FSA_PASSWORD_LENGTH and
// FSA_PASSWORD_RE), whose one-time passwords tell time with now (nil:
// time.Now). An invalid option is an error naming its directive, e.g.
// "FSA_PASSWORD_OPTS: unexpected option \"x\" for bcrypt".
func newPasswords(c *Config, now func() time.Time) (*password.Hasher, error) {
	h, err := password.New(password.Options{
		Schemes:   c.PasswordScheme,
		Opts:      c.PasswordOpts,
		MinLength: c.PasswordLength,
		Patterns:  c.PasswordRE,
		Now:       now,
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

// rehash gives the PasswordRehash hook the new hash of a password just
// verified against a hash of an older scheme (not the first of
// FSA_PASSWORD_SCHEME), and forgets the cached one once the hook stored
// it. A failure is logged: the user is logged in all the same, and the
// next login tries again.
func (a *App) rehash(ctx context.Context, login, password, old string) {
	if a.passwordRehash == nil || !a.passwords.Outdated(old) {
		return
	}
	hash, err := a.passwords.Hash(password)
	if err == nil {
		err = a.passwordRehash(ctx, login, hash)
	}
	if err == nil {
		err = a.UncachePassword(ctx, login)
	}
	if err != nil {
		a.log.Error("fsa: PasswordRehash failed", "login", login, "error", err)
	}
}
