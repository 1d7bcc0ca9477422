package fsa

import (
	"errors"
	"fmt"

	"github.com/fsa-go/fsa-go/internal/password"
)

// An OTP checks time-based one-time passwords (TOTP, RFC 6238) as
// FSA_PASSWORD_SCHEME "otp" does, for a second factor next to a password
// (docs/RECIPES.md): a code of a user's base32 secret for the current
// period, or the previous or next one, each accepted once. A code, or an
// older one, already accepted for a secret is refused: the memory of the
// codes used is this checker's, in this process. It is safe for
// concurrent use.
type OTP struct{ h *password.Hasher }

// NewOTP returns a checker of one-time passwords with the options of
// FSA_PASSWORD_SCHEME "otp" (nil for pyotp's defaults: 6 digits, 30
// seconds, SHA-1), telling time with the app's clock (Clock).
func (a *App) NewOTP(opts map[string]any) (*OTP, error) {
	h, err := password.New(password.Options{Schemes: []string{"otp"}, Opts: opts, Now: a.now})
	var e *password.OptionError
	if errors.As(err, &e) {
		err = e.Err
	}
	if err != nil {
		return nil, fmt.Errorf("otp: %w", err)
	}
	return &OTP{h: h}, nil
}

// Check tells whether code is a valid code of secret not accepted
// before. A malformed secret or code is false.
func (o *OTP) Check(secret, code string) bool { return o.h.Verify(code, secret) }
