package fsa

import (
	"context"
	"fmt"
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

// PasswordRehash registers the hook that stores a login's new password
// hash: after a password is verified against a stored hash in a scheme of
// FSA_PASSWORD_SCHEME other than the first (a list migrating from older
// schemes), the password is hashed in the first scheme and given to the
// hook, before the request goes on. Once the hook returns no error, the
// cached GetUserPass answer of the login is forgotten; an error is logged
// and the login succeeds all the same.
func (a *App) PasswordRehash(hook func(ctx context.Context, login, hash string) error) {
	a.declare(func() { a.passwordRehash = hook })
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
	if a.passwords.Scheme() == "none" {
		return "", errNoPasswords()
	}
	if err := a.passwords.Check(password); err != nil {
		return "", passwordError(err)
	}

	if a.passwordQuality != nil {
		if err := a.passwordQuality(password); err != nil {
			if e := asError(err); e != nil {
				return "", e
			}
			return "", &Error{Status: http.StatusBadRequest, Message: "password quality too low: " + err.Error()}
		}
	}

	hash, err := a.passwords.Hash(password)
	if err != nil {
		return "", passwordError(err)
	}
	return hash, nil
}

// DigestHA1 registers the hook of HTTP Digest authentication: the hex
// H(login:realm:password) of a login for an algorithm ("MD5" or
// "SHA-256"), "" when there is no such user. It is a password equivalent
// for Digest: store it as carefully. Without it, Digest computes it from
// GetUserPass, which then must give plaintext passwords.
func (a *App) DigestHA1(hook func(ctx context.Context, login, realm, algorithm string) (string, error)) {
	a.declare(func() { a.digestHA1 = hook })
}

// BeforeRequest registers a hook run first on every request, before it is
// routed (FSA_BEFORE_REQUEST): requests that no route serves (404, 405)
// run it too, and the request's route is not known yet. A hook may answer
// the request itself with c.Respond (any status: a maintenance page, a
// cached answer) or c.Redirect, or stop it with an error: an *Error is the
// response, any other a 500. Hooks run in order; the first that answers
// or fails ends the request, whose AfterRequest hooks then run.
func (a *App) BeforeRequest(hook func(c *Context) error) {
	a.declare(func() { a.beforeRequest = append(a.beforeRequest, hook) })
}

// BeforeExec registers a hook run just before the handler, once the user
// is authenticated and authorized and the input filled (FSA_BEFORE_EXEC),
// on Open routes too. It may answer (c.Respond) or stop the request with
// an error, as BeforeRequest's.
func (a *App) BeforeExec(hook func(c *Context) error) {
	a.declare(func() { a.beforeExec = append(a.beforeExec, hook) })
}

// AfterRequest registers a hook run on every response of a route, errors
// included, before its header is written (FSA_AFTER_REQUEST): it may set
// headers with c.Header(). A panic in it is logged and ignored.
func (a *App) AfterRequest(hook func(c *Context, status int)) {
	a.declare(func() { a.afterHooks = append(a.afterHooks, hook) })
}

// PathCheck registers a check of every route's method and path as
// declared (/stuff/<sid> or /stuff/:sid), run when the app is checked
// (FSA_PATH_CHECK): an error is a declaration error.
func (a *App) PathCheck(check func(method, path string) error) {
	a.declare(func() { a.pathChecks = append(a.pathChecks, check) })
}

// Authentication registers a custom scheme, to enable by its name in
// FSA_AUTH (FSA_AUTHENTICATION). Its hook returns the login of a request,
// "" when the request carries none of its credentials, or an error: an
// *Error (a 401 with its headers, say) is the response, any other a 500.
// The hook's ctx is the request's *Context: a scheme that finds a token
// checks it with ctx.(*fsa.Context).CheckToken.
func (a *App) Authentication(name string, hook func(ctx context.Context, r *http.Request) (string, error)) {
	a.declare(func() {
		if isKnownScheme(name) || name == "" {
			a.errs = append(a.errs, fmt.Errorf("Authentication: %q is a built-in scheme name", name))
			return
		}

		a.schemes[name] = func(c *Context) (string, error) {
			login, err := hook(c, c.ec.Request())
			switch {
			case err != nil:
				return "", hookError("authentication "+name, err)
			case login == "":
				return "", errNoCredentials
			}
			return login, nil
		}
	})
}
