package fsa

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// RouteInfo describes a declared route's security and inputs, as the app
// checked them: FSA_AUTH, FSA_AUTH_DEFAULT, FSA_REALM and the route's
// options applied, its authorization normalized against its schemes.
type RouteInfo struct {
	Method, Path string // Path in echo's notation: /stuff/:sid, /files/*
	// Declared is the path as declared, converters included:
	// /loans/<int:lid>, or /stuff/:sid when declared in echo's notation.
	Declared string
	// Authz is the route's authorization once normalized (Open without
	// the none scheme is Auth, Auth with none as the only scheme is
	// Close): "OPEN", "CLOSE", or "AUTH" followed, space separated, by
	// what the user needs besides being authenticated, all of it:
	//
	//	group(admin,staff)           membership of every group
	//	scope(read,write)            every OAuth scope
	//	object(stuff:sid:owner)      the permission owner on the object of
	//	                             domain stuff that parameter sid names
	//	                             (object(dom:a:b:mode) for two; an
	//	                             Object with no variables shows the
	//	                             first parameter, which it checks)
	//
	// For instance "AUTH group(admin) object(stuff:sid:owner)".
	Authz string
	// Schemes are the route's authentication schemes, in the order they
	// are tried: its fsa.Authn, else FSA_AUTH_DEFAULT, else FSA_AUTH. They
	// are listed for every route, but an OPEN route authenticates nobody
	// and a CLOSE one refuses every request before authentication.
	Schemes []string
	Realm   string // the realm of its Basic challenge and of its tokens
	Params  []ParamInfo
}

// ParamInfo describes one input field, in the order of the input struct.
type ParamInfo struct {
	Name string // request name; the header or cookie name for those
	Type string // Go type, e.g. "int", "[]string", "*time.Time", "acmeapp.Someone"
	// Source says where the value comes from: "path" (a path variable),
	// "request" (a query, form or JSON parameter), "list" (a slice from
	// repeated parameters or a JSON array), "file" (an upload, one or
	// several), "header", "cookie", and, filled by the framework rather
	// than sent by the client: "user" (CurrentUser), "request object"
	// (*http.Request), "echo context", "special" (see Special) and
	// "rest" (the other parameters, in a map[string]any).
	Source string
	// Required tells whether the client must send it: true for path
	// variables, and for parameters, lists, files, headers and cookies
	// that are neither pointers nor defaulted; false for the fields the
	// framework fills.
	Required bool
	Default  string // the default tag, if any
}

// sourceNames are ParamInfo.Source by kind.
var sourceNames = map[kind]string{
	kindParam: "request", kindList: "list", kindPath: "path", kindFile: "file", kindFiles: "file",
	kindHeader: "header", kindCookie: "cookie", kindUser: "user", kindRequest: "request object",
	kindEcho: "echo context", kindSpecial: "special", kindRest: "rest",
}

// methodOrder orders the methods of a path as they are usually read.
var methodOrder = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// Routes returns the app's declared routes, sorted by path, then by
// method (GET, POST, PUT, PATCH, DELETE). It checks the app first (see
// Check) and returns Check's error if any. The HEAD route that each GET
// route also serves is not listed.
func (a *App) Routes() ([]RouteInfo, error) {
	if err := a.Check(); err != nil {
		return nil, err
	}

	// Check has frozen the app: its routes no longer change.
	infos := make([]RouteInfo, 0, len(a.routes))
	for _, r := range a.routes {
		infos = append(infos, r.info())
	}

	rank := func(m string) int {
		if i := slices.Index(methodOrder, m); i >= 0 {
			return i
		}
		return len(methodOrder)
	}
	slices.SortFunc(infos, func(x, y RouteInfo) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(rank(x.Method), rank(y.Method)),
			cmp.Compare(x.Method, y.Method))
	})
	return infos, nil
}

// info describes a compiled route.
func (r *route) info() RouteInfo {
	ri := RouteInfo{Method: r.method, Path: r.path, Declared: r.declared, Authz: r.authzString(), Realm: r.realm}
	for _, s := range r.schemes {
		ri.Schemes = append(ri.Schemes, s.name)
	}

	if r.plan == nil {
		return ri
	}
	for _, f := range r.plan.fields {
		sf := r.plan.typ.Field(f.index)
		pi := ParamInfo{Name: f.name, Type: typeString(sf.Type), Source: sourceNames[f.kind]}
		switch f.kind {
		case kindHeader, kindCookie:
			pi.Name = f.key
		}

		pi.Default, _ = sf.Tag.Lookup("default")
		switch f.kind {
		case kindPath:
			pi.Required = true
		case kindParam, kindList, kindFile, kindFiles, kindHeader, kindCookie:
			pi.Required = !f.optional && !f.def.IsValid()
		}
		ri.Params = append(ri.Params, pi)
	}
	return ri
}

// typeString is a type as Go source writes it, with any for interface {}.
func typeString(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "interface {}", "any")
}

// authzString writes the route's normalized authorization (see RouteInfo).
func (r *route) authzString() string {
	acc := r.access
	if acc.level != Auth {
		return acc.level.String()
	}

	parts := []string{"AUTH"}
	if len(acc.groups) > 0 {
		parts = append(parts, "group("+strings.Join(acc.groups, ",")+")")
	}
	if len(acc.scopes) > 0 {
		parts = append(parts, "scope("+strings.Join(acc.scopes, ",")+")")
	}

	for _, o := range acc.objects {
		vars := o.vars
		if vars == "" && r.plan != nil { // the first parameter, as resolveObjects takes it
			if i := slices.IndexFunc(r.plan.fields, func(f field) bool { return f.kind.fromRequest() }); i >= 0 {
				vars = r.plan.fields[i].name
			}
		}
		parts = append(parts, "object("+o.domain+":"+vars+":"+o.mode+")")
	}
	return strings.Join(parts, " ")
}

// WriteRoutes writes the app's routes (see Routes) as an aligned text
// table: a header line, then one line per route, with the columns
//
//	METHOD  PATH  AUTHZ  SCHEMES  PARAMS
//
// PATH is the path as declared (RouteInfo.Declared), converters included:
// /loans/<int:lid>. AUTHZ is RouteInfo.Authz. SCHEMES is the comma separated list of the
// route's schemes, followed by ";realm=NAME" when the route's realm is
// not FSA_REALM. PARAMS lists the input fields, space separated, each as
// NAME:TYPE, where NAME is marked by its source:
//
//	name         a query, form or JSON parameter (a list when TYPE is a slice)
//	:name        a path variable
//	^name        an uploaded file
//	@Name        a header
//	$name        a cookie
//	(name:TYPE)  a field the framework fills, not the client: the user,
//	             the request, the echo context, a special type
//	*            the remaining parameters (map[string]any), alone
//
// The client's fields have "?" after their name when the client may leave
// them out, and "=VALUE" after their type for a default (quoted when empty or holding spaces,
// commas or quotes). A missing value is "-". For instance:
//
//	PATCH  /stuff/:sid  AUTH object(stuff:sid:owner)  token,basic  :sid:string price:float64 note?:*string
func (a *App) WriteRoutes(w io.Writer) error {
	routes, err := a.Routes()
	if err != nil {
		return err
	}

	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tPATH\tAUTHZ\tSCHEMES\tPARAMS")
	for _, r := range routes {
		schemes := strings.Join(r.Schemes, ",")
		if schemes == "" {
			schemes = "-"
		}
		if r.Realm != a.config.Realm {
			schemes += ";realm=" + r.Realm
		}

		params := make([]string, len(r.Params))
		for i, p := range r.Params {
			params[i] = p.String()
		}
		if len(params) == 0 {
			params = []string{"-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Method, r.Declared, r.Authz, schemes, strings.Join(params, " "))
	}
	return tw.Flush()
}

// String writes a parameter in WriteRoutes's notation: :sid:string,
// page?:int=1, @X-Id:string, (user:fsa.CurrentUser).
func (p ParamInfo) String() string {
	marker := map[string]string{"path": ":", "file": "^", "header": "@", "cookie": "$"}[p.Source]
	switch p.Source {
	case "rest":
		return "*"
	case "user", "request object", "echo context", "special":
		return "(" + p.Name + ":" + p.Type + ")"
	}

	s := marker + p.Name
	if !p.Required {
		s += "?"
	}
	s += ":" + p.Type
	if p.hasDefault() {
		def := p.Default
		if def == "" || strings.ContainsAny(def, " \t\r\n,\"'") {
			def = strconv.Quote(def)
		}
		s += "=" + def
	}
	return s
}

// hasDefault tells whether the parameter has a default tag: a non-empty
// Default, or an empty one on a parameter, header or cookie that the
// client may leave out though it is no pointer.
func (p ParamInfo) hasDefault() bool {
	switch p.Source {
	case "request", "list", "header", "cookie":
		return p.Default != "" || !p.Required && !strings.HasPrefix(p.Type, "*")
	}
	return false
}

// writingMethods change data: an Open route with one is likely a mistake.
var writingMethods = []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// lintRoutes returns warnings about likely mistakes in the compiled
// routes, one line each, "route METHOD PATH: ...". They do not stop the
// app: each may be intended. Check calls it, under a.mu, once the routes
// are compiled. The rules:
//
//   - a route declared Close (or nil, or All with Close): unfinished?
//   - a route that needs a user (Auth, Group, Scope, Object) whose only
//     scheme is none: normalized to Close, it refuses everybody;
//   - a route declared Open whose schemes lack none: normalized to Auth,
//     it requires authentication;
//   - an Open route with a writing method (POST, PUT, PATCH, DELETE);
//   - an Open route whose fsa.Authn names other schemes than none: an Open
//     route authenticates nobody;
//   - an uploaded file on a GET route;
//   - and on the routes that authenticate (normalized to Auth): none in
//     their fsa.Authn (none in FSA_AUTH or FSA_AUTH_DEFAULT is how Open
//     routes are allowed, and is not warned about); the fake scheme; the
//     param scheme on a GET (the password goes in the URL); a password
//     scheme (basic, http-basic, param) with neither a GetUserPass nor a
//     PasswordCheck hook.
func (a *App) lintRoutes() []string {
	var warns []string
	for _, r := range a.routes {
		warn := func(format string, args ...any) {
			warns = append(warns, fmt.Sprintf("route %s: ", r)+fmt.Sprintf(format, args...))
		}

		names := make([]string, len(r.schemes))
		for i, s := range r.schemes {
			names[i] = s.name
		}

		level := r.access.level
		switch declaredLevel(r.authz) {
		case Close:
			warn("declared Close: it answers 403 to everybody (unfinished?)")
		case Auth:
			if level == Close {
				warn("needs a user but its only scheme is none, so nobody can authenticate: it answers 403 to everybody; enable a scheme in FSA_AUTH, FSA_AUTH_DEFAULT or fsa.Authn")
			}
		case Open:
			if level == Auth {
				warn("declared Open but its schemes (%s) do not include none: it requires authentication; add none to its schemes, or declare fsa.Auth", strings.Join(names, ","))
			}
		}

		if level == Open && slices.Contains(writingMethods, r.method) {
			warn("Open with a writing method: anybody, unauthenticated, may call it")
		}
		if level == Open && r.authn != nil && slices.ContainsFunc(names, func(n string) bool { return n != "none" }) {
			warn("Open: no authentication is tried, so fsa.Authn(%s) names schemes it never runs; declare fsa.Auth to authenticate", quoteList(r.authn))
		}
		if r.method == http.MethodGet && r.plan != nil && slices.ContainsFunc(r.plan.fields, func(f field) bool { return f.kind == kindFile || f.kind == kindFiles }) {
			warn("an uploaded file on a GET, which has no body: use POST, PUT or PATCH")
		}

		if level != Auth {
			continue
		}
		if r.authn != nil && slices.Contains(names, "none") {
			others := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == "none" })
			warn("needs a user, and the none scheme of its fsa.Authn authenticates nobody: it only tries %s; drop none", strings.Join(others, ","))
		}
		if slices.Contains(names, "fake") {
			warn("the fake scheme trusts the login a loopback client names: for tests only")
		}
		if a.getUserPass == nil && a.passwordCheck == nil && slices.ContainsFunc(names, isPasswordScheme) {
			warn("password authentication without a GetUserPass or PasswordCheck hook: every password is refused")
		}
	}
	return warns
}

// isPasswordScheme tells whether a scheme checks passwords with the
// GetUserPass and PasswordCheck hooks.
func isPasswordScheme(name string) bool {
	switch name {
	case "basic", "http-basic", "param": // digest has its own hook
		return true
	}
	return false
}

// declaredLevel is the level an authorization asks for, before its
// normalization against the route's schemes.
func declaredLevel(authz Authz) Access {
	if authz == nil {
		return Close
	}
	items := authz.items()
	is := func(level Access) func(Authz) bool {
		return func(it Authz) bool { a, ok := it.(Access); return ok && a == level }
	}
	switch {
	case len(items) == 0 || slices.ContainsFunc(items, is(Close)):
		return Close
	case slices.ContainsFunc(items, is(Open)):
		return Open
	}
	return Auth
}

// quoteList quotes names as a Go call writes them: "basic", "none".
func quoteList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}
