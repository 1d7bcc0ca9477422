package fsa

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// Authz is a route's authorization: Open, Auth, Close, a Group, or All of
// several. It is a required argument of every route: a nil Authz is Close.
type Authz interface {
	items() []Authz
}

// Access is a pseudo-group authorization. Its zero value is Close.
type Access int

const (
	// Close refuses everybody with 403, before any authentication. It is
	// the safe default: a nil or empty authorization is Close.
	Close Access = iota
	// Open lets everybody in, authenticated or not. On a route whose
	// schemes do not include none, Open means Auth.
	Open
	// Auth lets in any authenticated user. On a route whose only scheme
	// is none, Auth means Close: nobody can authenticate.
	Auth
)

func (a Access) items() []Authz { return []Authz{a} }

// String returns OPEN, AUTH or CLOSE.
func (a Access) String() string {
	switch a {
	case Open:
		return "OPEN"
	case Auth:
		return "AUTH"
	}
	return "CLOSE"
}

// Group requires the authenticated user to belong to every named group.
// Membership is checked by the app's group hooks.
func Group(names ...string) Authz { return groupAuthz(names) }

type groupAuthz []string

func (g groupAuthz) items() []Authz { return []Authz{g} }

// Scope requires the OAuth token that authenticates the user to carry
// every named scope. Its route's only scheme must be oauth; a scope not
// in FSA_AUTHZ_SCOPES, when that is set, is a declaration error.
func Scope(names ...string) Authz { return scopeAuthz(names) }

type scopeAuthz []string

func (s scopeAuthz) items() []Authz { return []Authz{s} }

// All requires every authorization given to hold.
func All(authz ...Authz) Authz { return allAuthz(authz) }

type allAuthz []Authz

func (l allAuthz) items() []Authz {
	var out []Authz
	for _, a := range l {
		if a == nil {
			out = append(out, Close)
			continue
		}
		out = append(out, a.items()...)
	}
	return out
}

// access is a route's authorization once normalized against its schemes.
type access struct {
	level  Access   // Open, Auth or Close
	groups []string // all required, when level is Auth
	scopes []string // likewise
}

// normalize resolves an authorization as FlaskSimpleAuth does: Close wins,
// Open mixes with nothing, Open needs the none scheme (else it is Auth),
// and Auth on a route whose only scheme is none is Close.
func normalize(authz Authz, schemes []string) (access, error) {
	if authz == nil {
		return access{level: Close}, nil
	}
	items := authz.items()
	var acc access
	var open, auth bool
	for _, it := range items {
		switch it := it.(type) {
		case Access:
			switch it {
			case Open:
				open = true
			case Auth:
				auth = true
			default:
				return access{level: Close}, nil
			}
		case groupAuthz:
			if len(it) == 0 {
				return access{}, errors.New("Group needs at least one group name")
			}
			for _, g := range it {
				if g == "" {
					return access{}, errors.New("empty group name")
				}
				if !slices.Contains(acc.groups, g) {
					acc.groups = append(acc.groups, g)
				}
			}
		case scopeAuthz:
			if len(it) == 0 || slices.Contains(it, "") {
				return access{}, errors.New("Scope needs scope names")
			}
			acc.scopes = append(acc.scopes, it...)
		default:
			return access{}, fmt.Errorf("unexpected authorization %T", it)
		}
	}
	switch {
	case len(items) == 0:
		return access{level: Close}, nil
	case open && (auth || len(acc.groups) > 0 || len(acc.scopes) > 0):
		return access{}, errors.New("cannot mix Open with other authorizations")
	case open && slices.Contains(schemes, "none"):
		acc.level = Open
	default:
		acc.level = Auth
	}
	if acc.level == Auth && len(schemes) == 1 && schemes[0] == "none" {
		acc.level = Close
	}
	return acc, nil
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

// checkScopes checks a route's scopes and oauth scheme: oauth is a
// route's only scheme, its authorizations are scopes, and scopes are
// declared when FSA_AUTHZ_SCOPES is set.
func (a *App) checkScopes(acc access, schemes []string) []error {
	var errs []error
	oauth := slices.Contains(schemes, "oauth")
	switch {
	case oauth && len(schemes) > 1:
		errs = append(errs, errors.New("oauth authentication cannot be mixed with other schemes"))
	case oauth && len(acc.groups) > 0:
		errs = append(errs, errors.New("on an oauth route, authorizations are scopes: use fsa.Scope"))
	case !oauth && len(acc.scopes) > 0:
		errs = append(errs, errors.New("Scope needs a route whose only scheme is oauth: add fsa.Authn(\"oauth\")"))
	}
	for _, s := range acc.scopes {
		if len(a.config.AuthzScopes) > 0 && !slices.Contains(a.config.AuthzScopes, s) {
			errs = append(errs, fmt.Errorf("unexpected scope %q: not in FSA_AUTHZ_SCOPES", s))
		}
	}
	return errs
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
