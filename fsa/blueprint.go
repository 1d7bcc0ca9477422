package fsa

import (
	"fmt"
	"strconv"
	"strings"
)

// Router is where routes are declared: the App itself, or one of its
// Blueprints. Get, Post, Put, Patch and Delete take either.
type Router interface {
	// mount returns the app that serves the routes, and the blueprint
	// whose prefix starts their paths (nil for the app itself).
	mount() (*App, *Blueprint)
}

func (a *App) mount() (*App, *Blueprint) { return a, nil }

// Blueprint is a group of routes under a path prefix, as Flask's
// blueprints registered with a url_prefix: a route declared on it with
// the path /words serves prefix/words, and is otherwise a route of the
// app like any other, with its own authorization (required), options,
// path variables and declaration checks, listed in the route table with
// its full path. A blueprint holds no settings of its own.
type Blueprint struct {
	app    *App
	prefix string // the full prefix, its parents' included: /api/v1
	bad    bool   // a wrong declaration, reported by Check: its routes are not declared
}

func (b *Blueprint) mount() (*App, *Blueprint) { return b.app, b }

// Blueprint returns a blueprint of the app: a group of routes whose paths
// start with prefix. The prefix starts with "/" and does not end with
// one ("/b1", "/api/v1"); it may hold path variables ("/users/<login>"),
// which every route of the blueprint then has, but no path converter (a
// path converter ends a route's path). A wrong prefix is a declaration
// error, naming the blueprint, that Check reports; the routes declared on
// such a blueprint are dropped.
//
// A route's path is joined to the prefix as Flask does: "/words" serves
// /b1/words, "/" serves /b1/ and "" serves /b1 itself. The same routes
// may be declared on several blueprints, by a function that takes a
// Router, as a Flask blueprint may be registered under several prefixes.
func (a *App) Blueprint(prefix string) *Blueprint {
	return newBlueprint(a, nil, prefix)
}

// Blueprint returns a blueprint nested in b: its prefix is b's followed
// by prefix, which follows the rules of App.Blueprint.
func (b *Blueprint) Blueprint(prefix string) *Blueprint {
	return newBlueprint(b.app, b, prefix)
}

// Prefix returns the blueprint's full prefix, its parents' included.
func (b *Blueprint) Prefix() string { return b.prefix }

// newBlueprint makes a blueprint of a, nested in parent unless nil, and
// keeps its declaration errors for Check.
func newBlueprint(a *App, parent *Blueprint, prefix string) *Blueprint {
	b := &Blueprint{app: a, prefix: prefix}
	name := "blueprint " + strconv.Quote(prefix)
	if parent != nil {
		b.prefix = parent.prefix + prefix
		b.bad = parent.bad // its error is reported already
		name += " in blueprint " + strconv.Quote(parent.prefix)
	}

	var err error
	switch {
	case prefix == "":
		err = fmt.Errorf("empty prefix: declare the routes on the app")
	case !strings.HasPrefix(prefix, "/"):
		err = fmt.Errorf("prefix must start with /")
	case strings.HasSuffix(prefix, "/"):
		err = fmt.Errorf("prefix must not end with /: the paths of its routes start with one")
	case strings.Contains(prefix, "//"):
		err = fmt.Errorf("empty segment in prefix")
	default:
		err = checkPrefixVars(prefix)
	}
	if err == nil {
		return b
	}

	b.bad = true
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.frozen {
		a.log.Error("fsa: wrong blueprint declared after the app was checked: "+err.Error(), "blueprint", b.prefix)
		return b
	}
	a.errs = append(a.errs, fmt.Errorf("%s: %w", name, err))
	return b
}

// checkPrefixVars checks the path variables of a prefix: the converters
// a route accepts, except path, which must end a route's path.
func checkPrefixVars(prefix string) error {
	if strings.Contains(prefix, "*") {
		return fmt.Errorf("a wildcard must end a route's path, not be in a prefix")
	}
	for _, m := range pathVariable.FindAllString(prefix, -1) {
		conv, _, ok := strings.Cut(strings.Trim(m, "<>"), ":")
		if !ok || strings.HasPrefix(m, ":") {
			continue
		}
		switch conv {
		case "string", "int", "float", "uuid":
		case "path":
			return fmt.Errorf("a path converter must end a route's path, not be in a prefix")
		default:
			return fmt.Errorf("unexpected converter %q", conv)
		}
	}
	return nil
}
