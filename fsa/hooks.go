package fsa

import (
	"context"
	"net/http"
)

// GetUserPass registers the hook that returns the stored password hash of
// a login, "" when there is no such user. An error is an internal error
// (a 500), unless it is an *Error, whose status is kept: a database
// outage is not "no such user".
func (a *App) GetUserPass(hook func(ctx context.Context, login string) (string, error)) {
	a.declare(func() { a.getUserPass = hook })
}

// PasswordCheck registers an alternate password check, tried when the
// stored hash does not match or the user is unknown (one-time codes,
// another directory...). It gets the clear password: it must not log it.
func (a *App) PasswordCheck(hook func(ctx context.Context, login, password string) (bool, error)) {
	a.declare(func() { a.passwordCheck = hook })
}

// PasswordQuality registers a rule that HashPassword applies to new
// passwords after FSA_PASSWORD_LENGTH and FSA_PASSWORD_RE: an error
// refuses the password with a 400 "password quality too low: ERROR".
func (a *App) PasswordQuality(hook func(password string) error) {
	a.declare(func() { a.passwordQuality = hook })
}

// declare records a declaration, unless the app is already checked.
func (a *App) declare(set func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.frozen {
		a.log.Error("fsa: hook registered after the app was checked is ignored: register every hook before serving")
		return
	}
	set()
}

// HashPassword returns the hash of a new password in FSA_PASSWORD_SCHEME,
// once it passes FSA_PASSWORD_LENGTH, FSA_PASSWORD_RE and the
// PasswordQuality hook. A refused password is a 400 *Error saying why.
func (a *App) HashPassword(password string) (string, error) {
	if err := a.passwords.check(password); err != nil {
		return "", err
	}
	if a.passwordQuality != nil {
		if err := a.passwordQuality(password); err != nil {
			if e := asError(err); e != nil {
				return "", e
			}
			return "", &Error{Status: http.StatusBadRequest, Message: "password quality too low: " + err.Error()}
		}
	}
	return a.passwords.hash(password)
}
