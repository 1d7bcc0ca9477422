package fsa

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
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

// Object requires the user to have a permission on an object of a
// domain, which the domain's hook (see ObjectPerm) decides. vars names the
// route's parameters that identify the object, separated by ':' ("" is
// the first parameter); mode says what the user wants to do ("read",
// "owner"...). It is checked once the parameters are converted.
func Object(domain, vars, mode string) Authz { return objectAuthz{domain, vars, mode} }

type objectAuthz struct{ domain, vars, mode string }

func (o objectAuthz) items() []Authz { return []Authz{o} }

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
	level   Access   // Open, Auth or Close
	groups  []string // all required, when level is Auth
	scopes  []string // likewise
	objects []objectAuthz
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
		case objectAuthz:
			if it.domain == "" {
				return access{}, errors.New("Object needs a domain")
			}
			acc.objects = append(acc.objects, it)
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
	case open && (auth || len(acc.groups) > 0 || len(acc.scopes) > 0 || len(acc.objects) > 0):
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
		in, err := a.inGroup(c, c.user, g)
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

// Permission is an object permission hook's result.
type Permission int

const (
	// Forbidden refuses the user: 403. It is the zero value.
	Forbidden Permission = iota
	// Allowed lets the user in.
	Allowed
	// NotFound says that there is no such object: FSA_NOT_FOUND_ERROR
	// (404), before any permission.
	NotFound
)

// objectHook is a domain's permission hook, with the types of the values
// that identify its objects.
type objectHook struct {
	types []reflect.Type
	check func(c *Context, login string, ids []reflect.Value, mode string) (Permission, error)
}

// ObjectPerm registers the permission hook of a domain whose objects are
// identified by one value, of the type of the route parameter that
// carries it. The hook's results are cached (see UncacheObject).
func ObjectPerm[ID any](a *App, domain string, hook func(ctx context.Context, login string, id ID, mode string) (Permission, error)) {
	a.declare(func() {
		a.objectHooks[domain] = objectHook{types: []reflect.Type{reflect.TypeFor[ID]()},
			check: func(c *Context, login string, ids []reflect.Value, mode string) (Permission, error) {
				return hook(c, login, *ids[0].Addr().Interface().(*ID), mode)
			}}
	})
}

// ObjectPerm2 registers the permission hook of a domain whose objects are
// identified by two values (Object(domain, "v1:v2", mode)).
func ObjectPerm2[ID1, ID2 any](a *App, domain string, hook func(ctx context.Context, login string, id1 ID1, id2 ID2, mode string) (Permission, error)) {
	a.declare(func() {
		a.objectHooks[domain] = objectHook{types: []reflect.Type{reflect.TypeFor[ID1](), reflect.TypeFor[ID2]()},
			check: func(c *Context, login string, ids []reflect.Value, mode string) (Permission, error) {
				return hook(c, login, *ids[0].Addr().Interface().(*ID1), *ids[1].Addr().Interface().(*ID2), mode)
			}}
	})
}

// objectCheck is an object permission of a route, resolved: the hook
// and the input fields that identify the object.
type objectCheck struct {
	objectAuthz
	hook   objectHook
	fields []int // indexes in the input struct
}

// resolveObjects checks a route's object permissions against the hooks
// and the input fields, and resolves them.
func (a *App) resolveObjects(objects []objectAuthz, p *plan) ([]objectCheck, []error) {
	var checks []objectCheck
	var errs []error
	for _, o := range objects {
		hook, ok := a.objectHooks[o.domain]
		if !ok {
			errs = append(errs, fmt.Errorf("missing object permission checker for domain %q: register fsa.ObjectPerm", o.domain))
			continue
		}
		if p == nil {
			continue
		}

		var names []string
		if o.vars != "" {
			names = strings.Split(o.vars, ":")
		} else if i := slices.IndexFunc(p.fields, func(f field) bool { return f.kind.fromRequest() }); i >= 0 {
			names = []string{p.fields[i].name}
		} else {
			errs = append(errs, fmt.Errorf("object permission on %q: permissions require some parameters", o.domain))
			continue
		}
		if len(names) != len(hook.types) {
			errs = append(errs, fmt.Errorf("object permission on %q: %d variables, its hook takes %d", o.domain, len(names), len(hook.types)))
			continue
		}

		check := objectCheck{objectAuthz: o, hook: hook}
		for i, name := range names {
			f := p.byName[name]
			switch {
			case f == nil || f.kind != kindParam && f.kind != kindPath:
				errs = append(errs, fmt.Errorf("object permission on %q: %q is not a parameter of the route", o.domain, name))
			case f.optional:
				errs = append(errs, fmt.Errorf("object permission on %q: parameter %q cannot be optional", o.domain, name))
			case f.elem != hook.types[i]:
				errs = append(errs, fmt.Errorf("object permission on %q: parameter %q is a %s, its hook takes a %s", o.domain, name, f.elem, hook.types[i]))
			default:
				check.fields = append(check.fields, f.index)
				continue
			}
			break
		}
		if len(check.fields) == len(names) {
			checks = append(checks, check)
		}
	}
	return checks, errs
}

// checkObjects runs a route's object permissions on its filled input.
// A hook's result other than Forbidden, Allowed or NotFound is an
// internal error, and is not cached: cached as a byte, Permission(257)
// would read as Allowed.
func (a *App) checkObjects(c *Context, checks []objectCheck, in reflect.Value) error {
	for _, o := range checks {
		ids := make([]reflect.Value, len(o.fields))
		keyIDs := make([]any, len(o.fields))
		for i, index := range o.fields {
			ids[i] = in.Field(index)
			keyIDs[i] = ids[i].Interface()
		}

		value, err := a.cached(c, a.objectKey(c.user, o.domain, o.mode, keyIDs), func() ([]byte, error) {
			perm, err := o.hook.check(c, c.user, ids, o.mode)
			if err == nil && (perm < Forbidden || perm > NotFound) {
				err = fmt.Errorf("unexpected answer %d", perm)
			}
			return []byte{byte(perm)}, err
		})
		if err != nil {
			return hookError(fmt.Sprintf("object permission on %q", o.domain), err)
		}

		perm := Permission(-1) // a value from a shared store may be anything
		if len(value) == 1 {
			perm = Permission(value[0])
		}
		switch perm {
		case Allowed:
		case Forbidden:
			return Errorf(http.StatusForbidden, "permission denied on %s (%s)", o.domain, o.mode)
		case NotFound:
			return Err(a.config.NotFoundError, "object not found")
		default:
			return fmt.Errorf("object permission on %q: unexpected cached answer %q", o.domain, value)
		}
	}
	return nil
}
