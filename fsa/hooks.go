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

// GroupCheck registers the hook that tells whether a login belongs to a
// group, and declares the group.
func (a *App) GroupCheck(group string, hook func(ctx context.Context, login string) (bool, error)) {
	a.declare(func() { a.groupChecks[group] = hook })
}

// UserInGroup registers the hook that tells whether a login belongs to a
// group, for the groups with no GroupCheck hook.
func (a *App) UserInGroup(hook func(ctx context.Context, login, group string) (bool, error)) {
	a.declare(func() { a.userInGroup = hook })
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

// checkGroups checks that the user belongs to every group of the route.
func (a *App) checkGroups(c *Context, groups []string) error {
	for _, g := range groups {
		var in bool
		var err error
		if check := a.groupChecks[g]; check != nil {
			in, err = check(c, c.user)
		} else {
			in, err = a.userInGroup(c, c.user, g)
		}
		switch {
		case err != nil:
			return hookError(fmt.Sprintf("group check of %q", g), err)
		case !in:
			return Errorf(http.StatusForbidden, "not in group %q", g)
		}
	}
	return nil
}

// checkGroupDeclarations checks a route's groups: each must be declared
// (when any is) and have a hook.
func (a *App) checkGroupDeclarations(groups []string) []error {
	declared := map[string]bool{}
	for _, g := range a.config.AuthzGroups {
		declared[g] = true
	}
	for g := range a.groupChecks {
		declared[g] = true
	}
	var errs []error
	for _, g := range groups {
		switch {
		case len(declared) > 0 && !declared[g]:
			errs = append(errs, fmt.Errorf("unexpected group %q: not in FSA_AUTHZ_GROUPS nor declared with GroupCheck", g))
		case a.groupChecks[g] == nil && a.userInGroup == nil:
			errs = append(errs, fmt.Errorf("cannot check group %q: register GroupCheck(%q, ...) or UserInGroup", g, g))
		}
	}
	return errs
}
