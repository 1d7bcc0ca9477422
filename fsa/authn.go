package fsa

import (
	"errors"
	"fmt"
	"slices"
)

// errNoCredentials is what a scheme answers when the request carries none
// of its credentials, so that the next scheme is tried.
var errNoCredentials = errors.New("no credentials")

// scheme authenticates a request: it returns the login, or
// errNoCredentials, or the error that refuses the credentials found.
type scheme func(c *Context) (string, error)

// namedScheme is a scheme and the name that enables it.
type namedScheme struct {
	name string
	run  scheme
}

// isKnownScheme tells whether name is one of FlaskSimpleAuth's schemes.
func isKnownScheme(name string) bool {
	switch name {
	case "none", "basic", "param", "password", "token", "oauth",
		"fake", "httpd", "digest", "http-basic", "http-digest", "http-token":
		return true
	}
	return false
}

// builtSchemes returns the schemes the framework implements so far.
func builtSchemes() map[string]scheme {
	return map[string]scheme{
		"none": func(*Context) (string, error) { return "", errNoCredentials },
	}
}

// expandPassword replaces "password" with basic then param, at the end of
// the list, and drops repeated names.
func expandPassword(names []string) []string {
	var out []string
	password := false
	for _, n := range names {
		if n == "password" {
			password = true
			continue
		}
		out = append(out, n)
	}
	if password {
		out = append(out, "basic", "param")
	}
	var uniq []string
	for _, n := range out {
		if !slices.Contains(uniq, n) {
			uniq = append(uniq, n)
		}
	}
	return uniq
}

// checkSchemes checks that every name is a scheme the app can run.
func checkSchemes(names []string, built map[string]scheme) []error {
	var errs []error
	for _, n := range names {
		switch {
		case built[n] != nil:
		case isKnownScheme(n):
			errs = append(errs, fmt.Errorf("authentication scheme %q is not supported yet", n))
		default:
			errs = append(errs, fmt.Errorf("unknown authentication scheme %q", n))
		}
	}
	return errs
}

// authenticate tries the route's schemes in order. The first login wins.
// When all fail, the answer is the failure of the first scheme that found
// credentials, else "missing authentication".
func (c *Context) authenticate(schemes []namedScheme) error {
	var refused error
	for _, s := range schemes {
		login, err := s.run(c)
		switch {
		case err == nil && login != "":
			c.user, c.scheme = login, s.name
			return nil
		case err == nil || errors.Is(err, errNoCredentials):
		case refused == nil:
			refused = err
		}
	}
	if refused != nil {
		return refused
	}
	return Err("missing authentication", 401)
}
