package fsa

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
)

// HandlerFunc is a route handler: it gets the request context and the
// input struct, filled and validated, and returns the result to render
// (a string is text/plain, an untyped nil an empty body, anything else
// JSON) or an error (an *Error keeps its status; any other is a logged
// 500). Out is the result's type, inferred from the handler: any, or a
// concrete type (func(*fsa.Context, In) (Stuff, error)).
type HandlerFunc[In, Out any] func(c *Context, in In) (Out, error)

// RouteOption adjusts one route.
type RouteOption func(*route)

// Authn sets the schemes a route accepts, in order, instead of
// FSA_AUTH_DEFAULT or FSA_AUTH; each must be enabled in FSA_AUTH.
// "password" stands for basic then param.
func Authn(schemes ...string) RouteOption {
	return func(r *route) { r.authn = expandPassword(schemes) }
}

// Realm sets the route's realm instead of FSA_REALM: the realm of its
// Basic challenge and of the tokens it accepts and makes. A token of
// another realm is refused, which makes realms the stages of a
// multi-factor login (see docs/RECIPES.md).
func Realm(realm string) RouteOption {
	return func(r *route) { r.realm = realm }
}

// Summary sets the route's summary in the OpenAPI document (see
// App.OpenAPI): a short line.
func Summary(text string) RouteOption {
	return func(r *route) { r.summary = text }
}

// Status sets the route's success status, 200 by default (201 for a
// route that creates): its answers have it unless the handler sets
// another with Context.Status, and the OpenAPI document lists it, with
// the result's schema, instead of 200.
func Status(code int) RouteOption {
	return func(r *route) { r.status = code }
}

// routeError is an error status a handler returns, for the document.
type routeError struct {
	status int
	desc   string
}

// Errors declares an error status the route's handler returns (for
// example 409 when a creation meets an existing one), described by desc:
// the OpenAPI document lists it, in the error format's schema, rather
// than leaving it to "default". Give it once per status.
func Errors(status int, desc string) RouteOption {
	return func(r *route) { r.errs = append(r.errs, routeError{status, desc}) }
}

// Description sets the route's description in the OpenAPI document, in
// CommonMark; the document adds what it says of the route's schemes.
func Description(text string) RouteOption {
	return func(r *route) { r.description = text }
}

// Get declares a GET route on rt, the app or a blueprint of it (then path
// follows the blueprint's prefix). authz is required: it says who may call
// it.
func Get[In, Out any](rt Router, path string, authz Authz, h HandlerFunc[In, Out], opts ...RouteOption) {
	handle(rt, http.MethodGet, path, authz, h, opts)
}

// Post declares a POST route.
func Post[In, Out any](rt Router, path string, authz Authz, h HandlerFunc[In, Out], opts ...RouteOption) {
	handle(rt, http.MethodPost, path, authz, h, opts)
}

// Put declares a PUT route.
func Put[In, Out any](rt Router, path string, authz Authz, h HandlerFunc[In, Out], opts ...RouteOption) {
	handle(rt, http.MethodPut, path, authz, h, opts)
}

// Patch declares a PATCH route.
func Patch[In, Out any](rt Router, path string, authz Authz, h HandlerFunc[In, Out], opts ...RouteOption) {
	handle(rt, http.MethodPatch, path, authz, h, opts)
}

// Delete declares a DELETE route.
func Delete[In, Out any](rt Router, path string, authz Authz, h HandlerFunc[In, Out], opts ...RouteOption) {
	handle(rt, http.MethodDelete, path, authz, h, opts)
}

// route is a declared route and what registration computed for it.
type route struct {
	method, path string
	authz        Authz
	authn        []string // declared schemes, nil for the default
	realm        string   // FSA_REALM unless the route sets one
	declared     string   // the path as declared (<sid> or :sid)
	in           reflect.Type
	out          reflect.Type // the handler's result type, for the OpenAPI document
	summary      string       // for the OpenAPI document
	status       int          // success status (Status), 0 for 200
	errs         []routeError // errors the handler returns (Errors)
	description  string       // likewise
	builtin      bool         // declared by the framework (FSA_OPENAPI): its Authn is not checked against FSA_AUTH
	vars         []pathVar
	call         func(c *Context) (any, error) // callHandler: fills the input, calls the handler

	// set by compile
	plan       *plan
	access     access
	schemes    []namedScheme
	authParams []string
	challenge  string // WWW-Authenticate of a 401
	objects    []objectCheck
	digest     bool // a Digest scheme: its challenges are made per response
}

func (r *route) String() string { return r.method + " " + r.path }

// pathVariable matches FlaskSimpleAuth's <name> (or <converter:name>:
// the field's type is what converts) and echo's :name.
var pathVariable = regexp.MustCompile(`<(?:[a-z]+:)?[A-Za-z_][A-Za-z0-9_]*>|:[A-Za-z_][A-Za-z0-9_]*`)

// handle declares a route: it joins the path to the blueprint's prefix,
// parses it, applies the options and adds the route to echo. Declaration
// errors are kept for Check.
func handle[In, Out any](rt Router, method, path string, authz Authz, h HandlerFunc[In, Out], opts []RouteOption) {
	a, bp := rt.mount()
	a.mu.Lock()
	defer a.mu.Unlock()
	if bp != nil {
		if bp.bad { // its declaration error is reported: not its routes too
			return
		}
		if path != "" && !strings.HasPrefix(path, "/") && !a.frozen {
			a.errs = append(a.errs, fmt.Errorf("route %s %s in blueprint %q: path must start with / (or be empty, for the prefix itself)",
				method, path, bp.prefix))
			return
		}
		path = bp.prefix + path // as Flask: "/" serves prefix/, "" the prefix itself
	}
	r := &route{method: method, authz: authz, in: reflect.TypeFor[In](), out: reflect.TypeFor[Out](), declared: path}
	r.path = pathVariable.ReplaceAllStringFunc(path, func(m string) string {
		v := pathVar{name: strings.Trim(m, "<>:")}
		if conv, name, ok := strings.Cut(v.name, ":"); ok {
			v.conv, v.name = conv, name
		}
		v.key = v.name
		if v.conv == "path" { // echo's wildcard, which ends a path
			v.key = "*"
		}
		r.vars = append(r.vars, v)
		return ":" + v.key
	})
	r.path = strings.ReplaceAll(r.path, ":*", "*")

	for _, opt := range opts {
		opt(r)
	}

	fail := func(err error) { a.errs = append(a.errs, fmt.Errorf("route %s: %w", r, err)) }
	if a.frozen {
		// Check has run already: say it where it will be seen.
		a.log.Error("fsa: route declared after the app was checked is not served: declare every route before serving",
			"route", r.String())
		return
	}

	for i, v := range r.vars {
		if slices.ContainsFunc(r.vars[:i], func(o pathVar) bool { return o.name == v.name }) {
			fail(fmt.Errorf("path variable %q appears twice", v.name)) // as werkzeug: one name, one value
		}
		switch v.conv {
		case "", "string", "int", "float", "uuid":
		case "path":
			if !strings.HasSuffix(r.path, "*") || strings.Count(r.path, "*") > 1 {
				fail(fmt.Errorf("a path converter must end the path"))
			}
		default:
			fail(fmt.Errorf("unexpected converter %q", v.conv))
		}
	}
	if slices.ContainsFunc(a.routes, func(o *route) bool { return o.method == r.method && o.path == r.path }) {
		fail(fmt.Errorf("declared twice"))
		return
	}
	if h == nil {
		fail(fmt.Errorf("nil handler"))
		return
	}
	if !strings.HasPrefix(r.path, "/") {
		fail(fmt.Errorf("path must start with /"))
		return
	}

	r.call = callHandler(h)
	a.routes = append(a.routes, r)
	a.addObjectModes(authz)
	serve := func(ec echo.Context) error { return a.run(r, ec) }
	a.echo.Add(method, r.path, serve)
	if method == http.MethodGet { // as net/http and Flask do: HEAD is GET without the body
		a.echo.Add(http.MethodHead, r.path, serve)
	}
}

// compile resolves a route's schemes and authorization once the app's
// hooks and schemes are all known.
func (r *route) compile(a *App) []error {
	var errs []error
	fail := func(err error) { errs = append(errs, fmt.Errorf("route %s: %w", r, err)) }
	for _, check := range a.pathChecks {
		if err := check(r.method, r.declared); err != nil {
			fail(fmt.Errorf("bad path: %w", err))
		}
	}
	p, perrs := a.newPlan(r.in, r.vars)
	for _, err := range perrs {
		fail(err)
	}
	r.plan = p

	// the schemes: the route's, else FSA_AUTH_DEFAULT, else FSA_AUTH
	names := a.config.Auth
	switch {
	case r.authn != nil:
		names = r.authn
		for _, n := range r.authn {
			if !r.builtin && !slices.Contains(a.config.Auth, n) {
				fail(fmt.Errorf("scheme %q is not enabled in FSA_AUTH", n))
			}
		}
	case a.config.AuthDefault != nil:
		names = a.config.AuthDefault
	}
	for _, n := range names {
		if s := a.schemes[n]; s != nil {
			r.schemes = append(r.schemes, namedScheme{n, s})
		}
	}
	if r.realm == "" {
		r.realm = a.config.Realm
	}

	acc, err := normalize(r.authz, names)
	if err != nil {
		fail(err)
	}
	for _, err := range a.checkScopes(acc, names) {
		fail(err)
	}
	objects, oerrs := a.resolveObjects(acc.objects, r.plan)
	for _, err := range oerrs {
		fail(err)
	}
	r.objects = objects
	for _, err := range a.checkGroupDeclarations(acc.groups) {
		fail(err)
	}
	if acc.level == Open && r.plan != nil && r.plan.needsUser {
		fail(fmt.Errorf("CurrentUser on an Open route: nobody may be authenticated"))
	}

	// the parameters that carry credentials: never unexpected parameters
	if slices.Contains(names, "param") {
		r.authParams = []string{a.config.ParamUser, a.config.ParamPass}
	}
	if slices.Contains(names, "fake") {
		r.authParams = append(r.authParams, a.config.FakeLogin)
	}
	if a.tokens != nil && a.tokens.carrier == "param" && (slices.Contains(names, "token") || slices.Contains(names, "oauth")) {
		r.authParams = append(r.authParams, a.tokens.name)
	}
	r.challenge = a.wwwAuthenticate(r)
	r.digest = slices.Contains(names, "digest") || slices.Contains(names, "http-digest")
	r.access = acc
	return errs
}
