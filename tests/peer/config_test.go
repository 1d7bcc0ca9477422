// FlaskSimpleAuth's own test suite (test/test_flask.py), its configuration
// and declaration tests: this file holds test_bad_app, test_bads,
// test_object_perms_errors, test_authorize_errors, test_scope_errors,
// test_no_such_cache, test_warnings_and_errors, test_mode,
// test_param_types, test_deprecation and test_path_check, each a subtest
// of TestPeerConfig named after it, a row per assertion, each saying with
// fsaRow how it stands for FlaskSimpleAuth's.
//
// A configuration row maps FlaskSimpleAuth's failing configuration or
// declaration to ours and asserts our error, from fsa.New (a
// *fsa.ConfigError) or from app.Check (a declaration error). Where our
// words differ (configuration and declaration messages are fsa-go's own),
// the row says what FlaskSimpleAuth says.
package peer_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/tests/peer"
)

// TestPeerConfig is FlaskSimpleAuth's configuration and declaration
// tests, in its order.
func TestPeerConfig(t *testing.T) {
	t.Run("test_bad_app", rsBadApp)
	t.Run("test_bads", rsBads)
	t.Run("test_object_perms_errors", rsObjectPermsErrors)
	t.Run("test_authorize_errors", rsAuthorizeErrors)
	t.Run("test_scope_errors", rsScopeErrors)
	t.Run("test_no_such_cache", func(t *testing.T) {
		rsConfigRun(t, []rsConfigRow{
			{name: "unexpected FSA_CACHE", frags: []string{"unexpected FSA_CACHE"},
				build: rsConf("FSA_CACHE", "no-such-cache"), directive: "FSA_CACHE"},
		})
	})
	t.Run("test_warnings_and_errors", rsWarningsAndErrors)
	t.Run("test_mode", rsMode)
	t.Run("test_param_types", rsParamTypes)
	t.Run("test_deprecation", rsDeprecation)
	t.Run("test_path_check", rsPathChecks)
}

// rsConfigRow is a configuration or declaration FlaskSimpleAuth refuses
// (a row stands for 1 assertion unless it says). As FSA, our error must
// hold FlaskSimpleAuth's fragments (frags) too.
type rsConfigRow struct {
	how
	name  string
	frags []string
	// build returns fsa.New's error (a *fsa.ConfigError naming directive)
	// or, when New succeeds, the app whose Check must fail.
	build     func() (*fsa.App, error)
	directive string                           // for configuration errors
	want      []string                         // what our error says
	check     func(t *testing.T, err error)    // further checks of the error
	accept    bool                             // a configuration FlaskSimpleAuth accepts: New and Check pass
	serve     func(t *testing.T, app *fsa.App) // requests to an accepted app
}

// rsConfigRun runs each row as a subtest of t.
func rsConfigRun(t *testing.T, rows []rsConfigRow) {
	t.Helper()
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			row.record(t, 1)
			app, err := row.build()
			if row.accept {
				if err == nil {
					err = app.Check()
				}
				if err != nil {
					t.Fatalf("New and Check: %v, want none", err)
				}
				if row.serve != nil {
					row.serve(t, app)
				}
				return
			}
			switch {
			case row.directive != "":
				ce := rsConfigError(err)
				if ce == nil || ce.Name != row.directive {
					t.Fatalf("New: %v, want a *fsa.ConfigError on %s", err, row.directive)
				}
			case err != nil:
				t.Fatalf("New: %v, want a declaration error from Check", err)
			default:
				if err = app.Check(); err == nil {
					t.Fatalf("Check passes, want an error")
				}
			}
			want := row.want
			if row.differs == "" {
				want = slices.Concat(want, row.frags)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if row.check != nil {
				row.check(t, err)
			}
		})
	}
}

// rsConf builds the peer app with directives: a configuration error.
func rsConf(directives ...any) func() (*fsa.App, error) {
	return func() (*fsa.App, error) { return peer.New(directives...) }
}

// rsDecl builds the peer app with directives, then declares: a
// declaration error.
func rsDecl(declare func(app *fsa.App), directives ...any) func() (*fsa.App, error) {
	return func() (*fsa.App, error) {
		app, err := peer.New(directives...)
		if err == nil {
			declare(app)
		}
		return app, err
	}
}

// rsBare builds an app with only the directives given, as FlaskSimpleAuth's
// fsa.Flask(name, ...) and AppBad's create_app do, then declares.
func rsBare(declare func(app *fsa.App), directives ...any) func() (*fsa.App, error) {
	return func() (*fsa.App, error) {
		app, err := fsa.New("bad", rsQuiet(fsatest.Directives(directives...)...)...)
		if err == nil && declare != nil {
			declare(app)
		}
		return app, err
	}
}

// rsNop is a handler of any input.
func rsNop[In any](*fsa.Context, In) (any, error) { return nil, nil }

// rsGet declares GET path with authz and no input.
func rsGet(path string, authz fsa.Authz, opts ...fsa.RouteOption) func(*fsa.App) {
	return func(app *fsa.App) { fsa.Get(app, path, authz, rsNop[struct{}], opts...) }
}

// Input types of the declaration rows.
type (
	rsCollision struct {
		X  int `param:"x"` // Python's _x
		X2 int `param:"x"` // and x
	}
	rsNameDefault struct {
		Name string `default:"Calvin"`
	}
	rsBad       struct{ Bad float64 }
	rsI         struct{ I int }
	rsUID       struct{ UID string }
	rsOID       struct{ OID string }
	rsIntString struct {
		I int `default:"one"`
	}
)

// rsBadApp is test_bad_app: AppBad's create_app(auth, **config), whose GET
// /misc is authz="AUTH", authn=auth; the configurations it accepts, then
// those it refuses.
func rsBadApp(t *testing.T) {
	// misc is AppBad's GET /misc, authn schemes if any
	misc := func(schemes ...string) func(*fsa.App) {
		var opts []fsa.RouteOption
		if len(schemes) > 0 {
			opts = append(opts, fsa.Authn(schemes...))
		}
		return rsGet("/misc", fsa.Auth, opts...)
	}
	// FlaskSimpleAuth asserts nothing of these: that creating the app raises no exception
	ok := func(name string, build func() (*fsa.App, error)) rsConfigRow {
		return rsConfigRow{how: how{own: true}, name: "accepts " + name, build: build, accept: true}
	}
	okDiffers := func(name, why string, build func() (*fsa.App, error), directive string) rsConfigRow {
		return rsConfigRow{how: how{own: true, differs: why}, name: "refuses " + name, build: build, directive: directive}
	}
	rsConfigRun(t, []rsConfigRow{
		// differs: FSA_LOCAL is refused, whatever its value (directive table)
		okDiffers("basic, FSA_LOCAL werkzeug", "FSA_LOCAL is refused: Go serves each request on its own goroutine",
			rsBare(misc(), "FSA_AUTH", "basic", "FSA_LOCAL", "werkzeug"), "FSA_LOCAL"),
		ok("token and basic", rsBare(misc(), "FSA_AUTH", []any{"token", "basic"})),
		ok("fake, auth fake", rsBare(misc("fake"), "FSA_AUTH", "fake")),
		ok("token and fake, auth token and fake", rsBare(misc("token", "fake"), "FSA_AUTH", []any{"token", "fake"})),
		// differs: a token secret must have 32 bytes or more (documented); FlaskSimpleAuth warns
		okDiffers("token in a header, a short secret", "a token secret under 32 bytes is refused (FSA warns)",
			rsBare(misc(), "FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "header", "FSA_TOKEN_SECRET", "too short"), "FSA_TOKEN_SECRET"),
		{how: how{own: true}, name: "accepts token in a header, the default header name",
			build: rsBare(misc(), "FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "header", "FSA_TOKEN_SECRET", peer.Secret), accept: true,
			serve: func(t *testing.T, app *fsa.App) {
				token, err := app.CreateToken("calvin")
				if err != nil {
					t.Fatal(err)
				}
				c := fsatest.New(app)
				c.Check(t, fsatest.Case{Path: "/misc", Header: http.Header{"Auth": {token}}, WantStatus: http.StatusOK})
			}},
		ok("jwt", rsBare(misc(), "FSA_AUTH", "token", "FSA_TOKEN_TYPE", "jwt")),
		ok("jwt HS256", rsBare(misc(), "FSA_AUTH", "token", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "HS256")),
		// differs: the unsigned JWT method is refused (documented)
		okDiffers("jwt none", "FSA_TOKEN_ALGO none is refused: it signs nothing",
			rsBare(misc(), "FSA_AUTH", "token", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "none"), "FSA_TOKEN_ALGO"),
		// differs: RSA names no JWT method (RS256...); FlaskSimpleAuth checks the method lazily
		okDiffers("jwt RSA", "FSA_TOKEN_ALGO RSA names no JWT method (RS256, ...): refused at New (FSA: lazily)",
			rsBare(misc(), "FSA_AUTH", "token", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "RSA"), "FSA_TOKEN_ALGO"),
		ok("http-token in header Foo", rsBare(misc(), "FSA_AUTH", "http-token", "FSA_TOKEN_CARRIER", "header", "FSA_TOKEN_NAME", "Foo")),

		// a check error: FSA_AUTH may name a custom scheme, registered after New
		{name: "bad/FSA_AUTH bad", frags: []string{"bad"},
			build: rsBare(misc(), "FSA_AUTH", "bad"),
			want:  []string{`FSA_AUTH: unknown authentication scheme "bad"`}},
		// differs: wording, FlaskSimpleAuth "unexpected FSA_AUTH type: int"
		{how: how{differs: `wording, ours: FSA_AUTH: unexpected value of type int (FSA: "unexpected FSA_AUTH type: int")`},
			name: "unexpected FSA_AUTH type", frags: []string{"unexpected FSA_AUTH type"},
			build: rsConf("FSA_AUTH", 1), directive: "FSA_AUTH",
			want: []string{"FSA_AUTH: unexpected value of type int: want a string or a list of strings"}},
		// differs: wording, FlaskSimpleAuth "unexpected authentication identifier type: int"
		{how: how{differs: `wording, ours: FSA_AUTH: unexpected scheme of type int (FSA: "unexpected authentication identifier type: int")`},
			name: "unexpected authentication id", frags: []string{"unexpected authentication id"},
			build: rsConf("FSA_AUTH", []any{1}), directive: "FSA_AUTH",
			want: []string{"FSA_AUTH: unexpected scheme of type int: want a string"}},
		{name: "bad/FSA_AUTH list with bad", frags: []string{"bad"},
			build: rsBare(misc(), "FSA_AUTH", []any{"fake", "basic", "bad"}),
			want:  []string{`FSA_AUTH: unknown authentication scheme "bad"`}},
		// create_app(auth="bad"): FSA_AUTH ["bad"] and the route's authn "bad"
		{name: "bad/auth bad", frags: []string{"bad"},
			build: rsBare(misc("bad"), "FSA_AUTH", []any{"bad"}),
			want:  []string{`scheme "bad"`}},
		// create_app(FSA_AUTH="password", auth=["basic", "token", "bad"])
		{name: "bad/password, auth with bad", frags: []string{"bad"},
			build: rsBare(misc("basic", "token", "bad"), "FSA_AUTH", "password"),
			want:  []string{`route GET /misc: scheme "bad" is not enabled in FSA_AUTH`}},
		{name: "bad/FSA_TOKEN_TYPE", frags: []string{"bad"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_TYPE", "bad"), directive: "FSA_TOKEN_TYPE",
			want: []string{"unexpected token type bad"}},
		{name: "bad/FSA_TOKEN_CARRIER", frags: []string{"bad"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "bad"), directive: "FSA_TOKEN_CARRIER",
			want: []string{"unexpected FSA_TOKEN_CARRIER bad"}},
		{name: "unexpected FSA_TOKEN_CARRIER", frags: []string{"unexpected FSA_TOKEN_CARRIER"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", nil), directive: "FSA_TOKEN_CARRIER"},
		// differs: wording, FlaskSimpleAuth "... requires a name" for None
		{how: how{differs: `wording, ours: FSA_TOKEN_NAME: unexpected value of type None (FSA: "... requires a name")`},
			name: "requires a name", frags: []string{"requires a name"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "bearer", "FSA_TOKEN_NAME", nil), directive: "FSA_TOKEN_NAME",
			want: []string{"FSA_TOKEN_NAME: unexpected value of type None: want a string"}},
		// ours: an empty name says FlaskSimpleAuth's words
		{how: how{own: true}, name: "requires a name/empty", frags: []string{"requires a name"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "bearer", "FSA_TOKEN_NAME", ""), directive: "FSA_TOKEN_NAME"},
		{name: "bad/jwt FSA_TOKEN_ALGO", frags: []string{"bad"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "bad"), directive: "FSA_TOKEN_ALGO",
			want: []string{`unexpected jwt method "bad"`}},
		// FSA_LOCAL="oops!": ours refuses every FSA_LOCAL (directive table: refused), naming it
		{name: "FSA_LOCAL", frags: []string{"FSA_LOCAL"},
			build: rsConf("FSA_LOCAL", "oops!"), directive: "FSA_LOCAL",
			want: []string{"goroutine"}},
		{how: how{na: "authn=1 is a type error; fsa.Authn(schemes ...string) takes strings, which the compiler checks"},
			name: "unexpected authn type"},
		{how: how{na: "FlaskSimpleAuth's deprecated authorize= beside authz=; a Go route takes one authorization argument"},
			name: "cannot use both/authorize and authz OPEN"},
		{how: how{na: "FlaskSimpleAuth's deprecated auth= beside authn=; fsa-go has only fsa.Authn"},
			name: "cannot use both/auth and authn"},
		{how: how{na: "FlaskSimpleAuth's deprecated authorize= beside authz=; a Go route takes one authorization argument"},
			name: "cannot use both/authorize and authz CLOSE"},
		// differs: app.add_group(["hello", "world"]); groups are declared by FSA_AUTHZ_GROUPS (or GroupCheck)
		{how: how{differs: `wording, ours: unexpected item of type list (FSA: "invalid group type: list"); groups are FSA_AUTHZ_GROUPS`},
			name: "invalid group type", frags: []string{"invalid group type"},
			build: rsConf("FSA_AUTHZ_GROUPS", []any{[]any{"hello", "world"}}), directive: "FSA_AUTHZ_GROUPS",
			want: []string{"unexpected item of type list: want a string"}},
		// differs: app.add_scope(["hello", "world"]); scopes are FSA_AUTHZ_SCOPES
		{how: how{differs: `wording, ours: unexpected item of type list (FSA: "invalid scope type: list"); scopes are FSA_AUTHZ_SCOPES`},
			name: "invalid scope type", frags: []string{"invalid scope type"},
			build: rsConf("FSA_AUTHZ_SCOPES", []any{[]any{"hello", "world"}}), directive: "FSA_AUTHZ_SCOPES",
			want: []string{"unexpected item of type list: want a string"}},
		// differs: app.add_headers(one=1); added headers are FSA_ADD_HEADERS
		{how: how{differs: `wording, ours: header one: value must be a string (FSA: "header value must be a string or a callable: int")`},
			name: "header value", frags: []string{"header value"},
			build: rsConf("FSA_ADD_HEADERS", map[string]any{"one": 1}), directive: "FSA_ADD_HEADERS",
			want: []string{"header one: value must be a string, not int"}},
		// differs: (_x: int, x: int)
		{how: how{differs: `wording, ours: another field has the same request name (FSA: "parameter name collision on x")`},
			name: "collision", frags: []string{"collision"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-param-col", fsa.Open, rsNop[rsCollision]) }),
			want:  []string{`route GET /bad-param-col: field X2 (parameter "x"): another field has the same request name`}},
		{how: how{na: "a handler with *args; a Go input struct has no positional parameters"},
			name: "position"},
	})
}

// rsBads is test_bads: AppBad's create_badapp_5 to _8 (path parameters),
// then a route's unexpected parameters.
func rsBads(t *testing.T) {
	rsConfigRun(t, []rsConfigRow{
		// create_badapp_5: /hello/<name>, name: str = "Calvin"
		{name: "default", frags: []string{"default"},
			// FlaskSimpleAuth: "path parameter cannot have a default: name"
			build: rsBare(func(app *fsa.App) { fsa.Get(app, "/hello/<name>", fsa.Open, rsNop[rsNameDefault]) }, "FSA_AUTH", "none"),
			want:  []string{`route GET /hello/:name: field Name (parameter "name"): a path variable cannot have a default`}},
		// differs: create_badapp_6, /hello/<missing> on a handler without it
		{how: how{differs: `wording, ours: path variable "missing" has no input field (FSA: "path parameter missing from function signature: missing")`},
			name: "missing", frags: []string{"missing"},
			build: rsBare(rsGet("/hello/<missing>", fsa.Open), "FSA_AUTH", "none"),
			want:  []string{`route GET /hello/:missing: path variable "missing" has no input field`}},
		// create_badapp_7: /hello/<int:bad>, bad: float
		{name: "bad/converter type", frags: []string{"bad"},
			// FlaskSimpleAuth: "inconsistent type for int converter on bad: float"
			build: rsBare(func(app *fsa.App) { fsa.Get(app, "/hello/<int:bad>", fsa.Open, rsNop[rsBad]) }, "FSA_AUTH", "none"),
			want:  []string{`field Bad (parameter "bad"): inconsistent type for int converter: float64`}},
		// create_badapp_8: /hello/<unknown:bad>
		{name: "unknown", frags: []string{"unknown"},
			// FlaskSimpleAuth: "unexpected converter: unknown"
			build: rsBare(func(app *fsa.App) { fsa.Get(app, "/hello/<unknown:bad>", fsa.Open, rsNop[struct{ Bad int }]) }, "FSA_AUTH", "none"),
			want:  []string{`route GET /hello/:bad: unexpected converter "unknown"`}},
	})
	// fsa.Flask("unexpected param", FSA_AUTH="none", FSA_MODE="debug2"), GET /youpi (i: int)
	app := rsNew(t, "unexpected param", "FSA_AUTH", "none", "FSA_MODE", "debug2")
	fsa.Get(app, "/youpi", fsa.Open, func(_ *fsa.Context, in rsI) (any, error) { return fmt.Sprint(in.I), nil })
	rsRun(t, rsChecked(t, app), []rsRow{
		{how: how{n: 1}, Case: fsatest.Case{Name: "form", Path: "/youpi", Form: url.Values{"i": {"5432"}}, WantStatus: 200, WantExact: fsatest.String("5432")}},
		{how: how{n: 1}, Case: fsatest.Case{Name: "JSON", Path: "/youpi", JSON: map[string]any{"i": 5432}, WantStatus: 200, WantExact: fsatest.String("5432")}},
		{Case: fsatest.Case{Name: "form j", Path: "/youpi", Form: url.Values{"i": {"5432"}, "j": {"oops!"}}, WantStatus: 400,
			WantBody: `unexpected http parameter "j"`}},
		{Case: fsatest.Case{Name: "JSON h", Path: "/youpi", JSON: map[string]any{"i": 5432, "h": "oops!"}, WantStatus: 400,
			WantBody: `unexpected json parameter "h"`}},
	})
}

// rsKnown registers test_object_perms_errors' permission hook on domain
// "known": "fsa" is an ErrorResponse 518, "ex" an exception, "float" an
// answer that is no permission, anything else allowed.
func rsKnown(app *fsa.App) {
	fsa.ObjectPerm(app, "known", func(_ context.Context, _, v, _ string) (fsa.Permission, error) {
		switch v {
		case "fsa":
			return fsa.Forbidden, fsa.Err(518, "oops-1")
		case "ex":
			return fsa.Forbidden, errors.New("oops-2")
		case "float":
			return fsa.Permission(3), nil // neither Allowed, Forbidden nor NotFound
		}
		return fsa.Allowed, nil
	})
}

// rsObjectPermsErrors is test_object_perms_errors: declaration errors of
// object permissions, then the permission hook's errors at run time.
func rsObjectPermsErrors(t *testing.T) {
	known := func(declare func(app *fsa.App)) func() (*fsa.App, error) {
		return rsDecl(func(app *fsa.App) {
			rsKnown(app)
			declare(app)
		})
	}
	rsConfigRun(t, []rsConfigRow{
		// differs: authz=tuple(); fsa.Object always has its three, an empty domain is the data missing
		{how: how{differs: `fsa.Object has its three data: an empty domain is refused, "Object needs a domain" (FSA: "... must have 3 data ...")`},
			name: "3 data", frags: []string{"3 data"},
			build: known(func(app *fsa.App) { fsa.Get(app, "/bad-perm-1", fsa.Object("", "uid", ""), rsNop[rsUID]) }),
			want:  []string{"route GET /bad-perm-1: Object needs a domain"}},
		{name: "missing object permission", frags: []string{"missing object permission"},
			build: known(func(app *fsa.App) {
				fsa.Get(app, "/bad-perm-2/<uid>", fsa.Object("unknown", "uid", "read"), rsNop[rsUID])
			}),
			want: []string{`missing object permission checker for domain "unknown"`}},
		{how: how{na: `("known", 3); fsa.Object's variables are a string, which the compiler checks`},
			name: "unexpected identifier name type"},
		{how: how{na: `("known", "uid", 3.14159); fsa.Object's mode is a string, which the compiler checks`},
			name: "unexpected mode type"},
		{how: how{differs: `wording, ours: "uid" is not a parameter of the route (FSA: "missing function parameter uid for known permission ...")`},
			name: "missing function parameter uid", frags: []string{"missing function parameter uid"},
			build: known(func(app *fsa.App) { fsa.Get(app, "/bad-perm-5", fsa.Object("known", "uid", "read"), rsNop[rsOID]) }),
			want:  []string{`route GET /bad-perm-5: object permission on "known": "uid" is not a parameter of the route`}},
		// ("known", "uid") on a handler without parameters; ours names the variable
		{how: how{differs: `wording, ours names the variable: "uid" is not a parameter of the route (FSA: "permissions require some parameters")`},
			name: "permissions require some parameters", frags: []string{"permissions require some parameters"},
			build: known(func(app *fsa.App) { fsa.Get(app, "/bad-perm-6", fsa.Object("known", "uid", "read"), rsNop[struct{}]) }),
			want:  []string{`route GET /bad-perm-6: object permission on "known": "uid" is not a parameter of the route`}},
		// ours: ("known",), the first parameter, of a handler that has none, says FlaskSimpleAuth's words
		{how: how{own: true}, name: "permissions require some parameters/first", frags: []string{"permissions require some parameters"},
			build: known(func(app *fsa.App) { fsa.Get(app, "/bad-perm-6", fsa.Object("known", "", "read"), rsNop[struct{}]) }),
			want:  []string{`route GET /bad-perm-6: object permission on "known"`}},
		// a variable name that is not ASCII: FlaskSimpleAuth refuses the name, ours finds no such parameter
		{name: "à", frags: []string{"à"},
			build: known(func(app *fsa.App) { fsa.Get(app, "/bad-perm-7/<uid>", fsa.Object("known", "à", "read"), rsNop[rsUID]) }),
			want:  []string{`object permission on "known": "à" is not a parameter of the route`}},
		// ("known", "a:ê"): two variables, on the peer app's two-variable domain "fun" (ours checks
		// a hook's arity before the names)
		{name: "ê", frags: []string{"ê"},
			build: known(func(app *fsa.App) { fsa.Get(app, "/bad-perm-8/<i>", fsa.Object("fun", "i:ê", "read"), rsNop[rsI]) }),
			want:  []string{`object permission on "fun": "ê" is not a parameter of the route`}},
	})
	// run time errors: GET /oops/<err>, authz=("known", "err")
	app := rsPeer(t)
	rsKnown(app)
	fsa.Get(app, "/oops/<err>", fsa.Object("known", "err", ""), func(*fsa.Context, struct{ Err string }) (any, error) {
		return "should not get there", nil
	})
	calvin := url.Values{"LOGIN": {"calvin"}}
	rsRun(t, rsChecked(t, app), []rsRow{
		// each is one assert: res.status_code == ... and b"..." in res.data
		{how: how{n: 1}, Case: fsatest.Case{Name: "hook error 518", Path: "/oops/fsa", Form: calvin, WantStatus: 518, WantBody: "oops-1"}},
		{how: how{n: 1, differs: `internal errors name the stage, not the cause (FSA: "internal error in permission check")`},
			Case: fsatest.Case{Name: "hook exception", Path: "/oops/ex", Form: calvin, WantStatus: 500,
				WantBody: "internal error caught at perm authorization on /oops/"}},
		{how: how{n: 1, differs: `hooks return a fsa.Permission; another value is an internal error naming the stage (FSA: a float, "internal error with permission check")`},
			Case: fsatest.Case{Name: "hook answer neither allowed, forbidden nor not found", Path: "/oops/float", Form: calvin, WantStatus: 500,
				WantBody: "internal error caught at perm authorization on /oops/"}},
	})
}

// rsAuthorizeErrors is test_authorize_errors: authorizations a route
// cannot have.
func rsAuthorizeErrors(t *testing.T) {
	const openMix = "route GET %s: cannot mix Open with other authorizations"
	rsConfigRun(t, []rsConfigRow{
		{how: how{na: "authz=[3.14159]; fsa.Authz has an unexported method, so only fsa.Open, Auth, Close, Group, Scope, Object and All make one"},
			name: "unexpected authorization"},
		{how: how{differs: `wording, ours: cannot mix Open with other authorizations (FSA: "cannot mix OPEN/AUTH ...")`},
			name: "OPEN/AUTH", frags: []string{"OPEN/AUTH"},
			build: rsDecl(rsGet("/bad-mix-1", fsa.All(fsa.Open, fsa.Auth))),
			want:  []string{fmt.Sprintf(openMix, "/bad-mix-1")}},
		// FlaskSimpleAuth: "cannot mix OPEN and other groups ..."
		{name: "other", frags: []string{"other"},
			build: rsDecl(rsGet("/bad-mix-2", fsa.All(fsa.Open, fsa.Group("OTHER")))),
			want:  []string{fmt.Sprintf(openMix, "/bad-mix-2")}},
		{how: how{differs: `wording, ours: cannot mix Open with other authorizations (FSA: "cannot mix OPEN with per-object permissions ...")`},
			name: "object", frags: []string{"object"},
			build: rsDecl(rsGet("/bad-mix-3", fsa.All(fsa.Open, fsa.Object("users", "", "read")))),
			want:  []string{fmt.Sprintf(openMix, "/bad-mix-3")}},
		// app.add_group("foo", "bla"): FSA_AUTHZ_GROUPS
		{name: "no-such-group", frags: []string{"no-such-group"},
			build: rsDecl(rsGet("/bad-group", fsa.Group("no-such-group")), "FSA_AUTHZ_GROUPS", []any{"foo", "bla"}),
			want:  []string{`route GET /bad-group: unexpected group "no-such-group"`}},
		// app.add_scope("foo", "bla"): FSA_AUTHZ_SCOPES; a scope on an oauth route is fsa.Scope
		{name: "no-such-scope", frags: []string{"no-such-scope"},
			build: rsDecl(rsGet("/bad-scope", fsa.Scope("no-such-scope"), fsa.Authn("oauth")),
				"FSA_AUTH", []any{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "calvin", "FSA_AUTHZ_SCOPES", []any{"foo", "bla"}),
			want: []string{`route GET /bad-scope: unexpected scope "no-such-scope"`}},
	})
}

// rsScopeErrors is test_scope_errors: oauth requires JWT and an issuer.
func rsScopeErrors(t *testing.T) {
	rsConfigRun(t, []rsConfigRow{
		{name: "oauth+JWT", frags: []string{"oauth", "JWT"},
			build: rsDecl(func(*fsa.App) {}, "FSA_AUTH", "oauth", "FSA_TOKEN_TYPE", "fsa"),
			want:  []string{"FSA_AUTH: oauth token authorizations require JWT"}},
		{name: "ISSUER", frags: []string{"oauth", "ISSUER"},
			build: rsDecl(func(*fsa.App) {}, "FSA_AUTH", "oauth", "FSA_TOKEN_TYPE", "jwt"),
			want:  []string{"FSA_AUTH: oauth token authorizations require JWT (FSA_TOKEN_TYPE jwt) and FSA_TOKEN_ISSUER"}},
		// FSA_AUTH="oauth" with fsa tokens and a route authn=["oauth"]: refused, saying JWT
		{name: "JWT/route oauth", frags: []string{"JWT"},
			build: rsDecl(rsGet("/foo/bla", fsa.Scope("read"), fsa.Authn("oauth")), "FSA_AUTH", "oauth", "FSA_TOKEN_TYPE", "fsa", "FSA_TOKEN_ISSUER", "god"),
			want:  []string{"FSA_AUTH: oauth token authorizations require JWT"}},
	})
}

// rsWarningsAndErrors is test_warnings_and_errors: password quality and
// get_user_pass errors, a cast registered twice, and directives of the
// wrong type.
func rsWarningsAndErrors(t *testing.T) {
	app := rsNew(t, "warnings", "FSA_AUTH", []any{"basic", "token"}, "FSA_TOKEN_TYPE", "fsa", "FSA_TOKEN_CARRIER", "param",
		"FSA_TOKEN_SECRET", peer.Secret, "FSA_PASSWORD_SCHEME", "plaintext", "FSA_PASSWORD_LENGTH", 10, "FSA_PASSWORD_RE", []any{"[0-9]"})
	app.GetUserPass(func(context.Context, string) (string, error) { return "", fsa.Err(518, "bad_gup_1") })
	fsa.Get(app, "/misc", fsa.Auth, rsText("should not get there"), fsa.Authn("basic"))
	// app.hash_password raises an ErrorResponse: HashPassword returns an *fsa.Error
	hash := func(password string, status int, want string) func(t *testing.T) {
		return func(t *testing.T) {
			_, err := app.HashPassword(password)
			var fe *fsa.Error
			if !errors.As(err, &fe) || fe.Status != status || !strings.Contains(fe.Message, want) {
				t.Errorf("HashPassword(%q): %v, want an *fsa.Error %d saying %q", password, err, status, want)
			}
		}
	}
	// @app.cast("foo") then app.cast("foo", lambda x: cast_foo(x)): a cast registered
	// twice, the second replacing the first, seen through the requests that use it
	type rsFoo string
	castFoo := func(s string) (rsFoo, error) { return rsFoo("<" + s + ">"), nil }
	foo := func(app *fsa.App) {
		fsa.Get(app, "/foo", fsa.Open, func(_ *fsa.Context, in struct{ F rsFoo }) (any, error) { return string(in.F), nil })
	}
	once := rsPeer(t)
	fsa.Cast(once, castFoo)
	foo(once)
	var replaced int
	twice := rsPeer(t)
	fsa.Cast(twice, castFoo)
	fsa.Cast(twice, func(s string) (rsFoo, error) { replaced++; return castFoo(s) })
	foo(twice)
	hello := url.Values{"f": {"Hello World!"}}
	rsRun(t, rsChecked(t, app), []rsRow{
		{Case: fsatest.Case{Name: "too short"}, run: hash("short1", http.StatusBadRequest, "too short")},
		{Case: fsatest.Case{Name: "must match"}, run: hash("long-enough-but-missing-a-number", http.StatusBadRequest, "must match")},
		// check_user_password with get_user_pass raising ErrorResponse("bad_gup_1", 518): one assert
		{how: how{n: 1}, Case: fsatest.Case{Name: "get_user_pass 518", Path: "/misc", Auth: fsatest.Basic("calvin", "hobbes"), WantStatus: 518, WantBody: "bad"}},
		{how: how{na: "get_user_pass returning a float: GetUserPass returns a string, which the compiler checks"},
			Case: fsatest.Case{Name: "get_user_pass float"}},
	})
	rsRun(t, rsChecked(t, once), []rsRow{
		{Case: fsatest.Case{Name: "cast registered", Path: "/foo", Query: hello, WantStatus: 200, WantExact: fsatest.String("<Hello World!>")}, how: how{n: 1}},
	})
	rsRun(t, rsChecked(t, twice), []rsRow{
		{Case: fsatest.Case{Name: "cast replaced", Path: "/foo", Query: hello, WantStatus: 200}, how: how{n: 1},
			check: func(t *testing.T, _ *fsatest.Response) {
				if replaced != 1 {
					t.Errorf("the second cast ran %d times, want 1", replaced)
				}
			}},
		{Case: fsatest.Case{Name: "cast result", Path: "/foo", Query: hello, WantStatus: 200, WantExact: fsatest.String("<Hello World!>")}, how: how{n: 1}},
	})
	// the hook directives name Python functions, refused here with their reason (directive table)
	const hook = "names a function"
	rsConfigRun(t, []rsConfigRow{
		{how: how{differs: `FSA_CAST names a function: refused, register the hook in Go code with fsa.Cast (FSA: "FSA_CAST must be a dict")`},
			name: "FSA_CAST must be a dict", frags: []string{"FSA_CAST must be a dict"},
			build: rsConf("FSA_CAST", "not a dict"), directive: "FSA_CAST",
			want: []string{"FSA_CAST: " + hook, "register the hook in Go code"}},
		{how: how{differs: `FSA_OBJECT_PERMS names functions: refused, register the hook in Go code with fsa.ObjectPerm (FSA: "FSA_OBJECT_PERMS must be a dict")`},
			name: "FSA_OBJECT_PERMS must be a dict", frags: []string{"FSA_OBJECT_PERMS must be a dict"},
			build: rsConf("FSA_OBJECT_PERMS", "should be a dict"), directive: "FSA_OBJECT_PERMS",
			want: []string{"FSA_OBJECT_PERMS: " + hook, "register the hook in Go code"}},
		{how: how{differs: `FSA_SPECIAL_PARAMETER names functions: refused, register the hook in Go code with fsa.Special (FSA: "FSA_SPECIAL_PARAMETER must be a dict")`},
			name: "FSA_SPECIAL_PARAMETER must be a dict", frags: []string{"FSA_SPECIAL_PARAMETER must be a dict"},
			build: rsConf("FSA_SPECIAL_PARAMETER", "not a dict"), directive: "FSA_SPECIAL_PARAMETER",
			want: []string{"FSA_SPECIAL_PARAMETER: " + hook, "register the hook in Go code"}},
		{name: "FSA_NO_SUCH_DIRECTIVE", frags: []string{"FSA_NO_SUCH_DIRECTIVE"},
			build: rsConf("FSA_NO_SUCH_DIRECTIVE", "no-such-directive"), directive: "FSA_NO_SUCH_DIRECTIVE",
			want: []string{"unknown directive"}},
		{name: "provider", frags: []string{"provider"},
			build: rsConf("FSA_PASSWORD_SCHEME", "foo:bcrypt"), directive: "FSA_PASSWORD_SCHEME",
			want: []string{`unexpected password provider "foo" in "foo:bcrypt": want fsa or passlib`}},
		// FlaskSimpleAuth: "unexpected fsa password scheme: bad-scheme"
		{name: "bad-scheme", frags: []string{"bad-scheme"},
			build: rsConf("FSA_PASSWORD_SCHEME", "fsa:bad-scheme"), directive: "FSA_PASSWORD_SCHEME",
			want: []string{`unexpected password scheme "fsa:bad-scheme"`}},
		// FlaskSimpleAuth with passlib: a passlib scheme it does not know, named; ours names it too
		{name: "bad_scheme", frags: []string{"bad_scheme"},
			build: rsConf("FSA_PASSWORD_SCHEME", "passlib:bad_scheme"), directive: "FSA_PASSWORD_SCHEME",
			want: []string{`unexpected password scheme "passlib:bad_scheme"`}},
		{how: how{differs: `wording, ours: FSA_AUTH: empty list (FSA: "empty authentication configuration ...")`},
			name: "empty auth", frags: []string{"empty auth"},
			build: rsBare(nil, "FSA_AUTH", []any{}), directive: "FSA_AUTH",
			want: []string{"FSA_AUTH: empty list: name at least one scheme"}},
	})
}

// rsMode is test_mode: hello() on 14 apps, Flask's debug True and False
// (echo's Debug) by the 7 modes, then an unexpected FSA_MODE.
func rsMode(t *testing.T) {
	for _, debug := range []bool{true, false} {
		for _, mode := range []string{"debug4", "debug3", "debug2", "debug1", "debug", "dev", "prod"} {
			t.Run(fmt.Sprintf("debug %v FSA_MODE %s", debug, mode), func(t *testing.T) {
				app := rsNew(t, "mode", "FSA_AUTH", "none", "FSA_MODE", mode)
				app.Echo().Debug = debug
				rsHello(t, app)
			})
		}
	}
	rsConfigRun(t, []rsConfigRow{
		{name: "FSA_MODE", frags: []string{"FSA_MODE"},
			build: rsBare(nil, "FSA_AUTH", "none", "FSA_MODE", "unexpected"), directive: "FSA_MODE",
			want: []string{`unexpected mode "unexpected"`}},
	})
}

// rsHello is FlaskSimpleAuth's hello(app): GET /hello (name: str), its 8
// assertions.
func rsHello(t *testing.T, app *fsa.App) {
	t.Helper()
	fsa.Get(app, "/hello", fsa.Open, func(_ *fsa.Context, in struct{ Name string }) (any, error) {
		return "Hello " + in.Name + "!", nil
	})
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	rsRun(t, rsChecked(t, app), []rsRow{
		{Case: fsatest.Case{Name: "form name", Path: "/hello", Form: form("name", "Calvin"), WantStatus: 200, WantExact: fsatest.String("Hello Calvin!")}},
		{Case: fsatest.Case{Name: "form nom", Path: "/hello", Form: form("nom", "Calvin"), WantStatus: 400}},
		{Case: fsatest.Case{Name: "form name nom", Path: "/hello", Form: form("name", "Calvin", "nom", "Hobbes"), WantStatus: 400}},
		{Case: fsatest.Case{Name: "JSON name", Path: "/hello", JSON: map[string]any{"name": "Hobbes"}, WantStatus: 200, WantExact: fsatest.String("Hello Hobbes!")}},
		{Case: fsatest.Case{Name: "JSON nom", Path: "/hello", JSON: map[string]any{"nom": "Hobbes"}, WantStatus: 400}},
		{Case: fsatest.Case{Name: "JSON nom name", Path: "/hello", JSON: map[string]any{"nom": "Calvin", "name": "Hobbes"}, WantStatus: 400}},
	})
}

// rsParamTypes is test_param_types: parameter types and defaults a route
// cannot have.
func rsParamTypes(t *testing.T) {
	bare := func(in func(app *fsa.App)) func() (*fsa.App, error) {
		return rsBare(in, "FSA_AUTH", "none", "FSA_MODE", "debug")
	}
	rsConfigRun(t, []rsConfigRow{
		// differs: typing.List[str] has no cast ("type cast ... is not callable"); Go's []string has
		// one, so the row declares a field type that has none
		{how: how{differs: `a parameter type without a cast: FSA's typing.List[str] ("... is not callable"), Go's chan string ("unsupported type")`},
			name: "not callable", frags: []string{"not callable"},
			build: bare(func(app *fsa.App) { fsa.Post(app, "/list-str", fsa.Open, rsNop[struct{ Ls chan string }]) }),
			want:  []string{`route POST /list-str: field Ls (parameter "ls"): unsupported type chan string`}},
		// differs: likewise typing.List; Go's []any has a cast (a list of strings), a func has none
		{how: how{differs: `a parameter type without a cast: FSA's typing.List ("... is not callable"), Go's func() ("unsupported type")`},
			name: "is not callable", frags: []string{"is not callable"},
			build: bare(func(app *fsa.App) { fsa.Post(app, "/list", fsa.Open, rsNop[struct{ L func() }]) }),
			want:  []string{`route POST /list: field L (parameter "l"): unsupported type func()`}},
		// differs: (i: int = "one")
		{how: how{differs: `wording, ours: default must be an integer (FSA: "cannot cast default value")`},
			name: "cannot cast", frags: []string{"cannot cast"},
			build: bare(func(app *fsa.App) { fsa.Get(app, "/nope", fsa.Open, rsNop[rsIntString]) }),
			want:  []string{`route GET /nope: field I (parameter "i"): default must be an integer`}},
		{how: how{na: "(b=False): a default of another type than the parameter's; a Go default is text read as the field's type, so it is of that type or refused (the cannot cast row)"},
			name: "bad type"},
	})
}

// rsDeprecation is test_deprecation: the deprecated names are refused
// without FSA_ALLOW_DEPRECATION.
func rsDeprecation(t *testing.T) {
	const alias = "fsa-go's pseudo-groups are the values fsa.Open, fsa.Auth and fsa.Close: there is no name, deprecated or not"
	rsConfigRun(t, []rsConfigRow{
		// ours: FSA_ALLOW_DEPRECATION=True, which FlaskSimpleAuth's first app sets, is refused: nothing is deprecated
		{how: how{own: true}, name: "FSA_ALLOW_DEPRECATION refused", build: rsBare(nil, "FSA_AUTH", "password", "FSA_ALLOW_DEPRECATION", true),
			directive: "FSA_ALLOW_DEPRECATION", want: []string{"no deprecated names"}},
		{how: how{na: "authorize=, FlaskSimpleAuth's deprecated keyword: a Go route takes its authorization as an argument"}, name: "deprecated/authorize"},
		{how: how{na: "auth=, FlaskSimpleAuth's deprecated keyword: fsa-go has only fsa.Authn"}, name: "deprecated/auth"},
		{how: how{na: "the deprecated pseudo-group name ALL: " + alias}, name: "deprecated/ALL"},
		{how: how{na: "the deprecated pseudo-group name ANY: " + alias}, name: "deprecated/ANY"},
		{how: how{na: "the deprecated pseudo-group name NONE: " + alias}, name: "deprecated/NONE"},
	})
}

// rsCheckPath is FlaskSimpleAuth's fsa.checkPath, the body of the
// path check hook: lower-case sections, dashes, no method name.
func rsCheckPath(_, path string) error {
	section := regexp.MustCompile(`^((/[a-z][a-z0-9]+(-[a-z0-9]+)*|/<[a-z][_a-z0-9]+>)+|/)$`)
	method := regexp.MustCompile(`\b(get|post|put|patch|delete)\b`)
	switch {
	case !section.MatchString(path):
		return fmt.Errorf("invalid path section: %s", path)
	case method.MatchString(path):
		return fmt.Errorf("path contains a method name: %s", path)
	}
	return nil
}

// rsPathChecks is test_path_check: app.path_check(checkPath) (app.PathCheck,
// FSA_PATH_CHECK naming a function is refused) accepts /, /ok and
// /ok2/<foo_bla>, and refuses a route whose path it rejects, with the
// hook's error.
func rsPathChecks(t *testing.T) {
	// the routes FlaskSimpleAuth's test declares first, which pass
	good := func(app *fsa.App) {
		fsa.Get(app, "/", fsa.Open, rsText(""))
		fsa.Get(app, "/ok", fsa.Open, rsText(""))
		fsa.Get(app, "/ok2/<foo_bla>", fsa.Open, rsNop[struct {
			FooBla int `param:"foo_bla"`
		}])
	}
	// app returns the app with the hook, the good routes and path, and the hook's errors
	app := func(path string) (func() (*fsa.App, error), *[]error) {
		var refused []error
		return rsBare(func(app *fsa.App) {
			app.PathCheck(func(method, p string) error {
				err := rsCheckPath(method, p)
				if err != nil {
					refused = append(refused, err)
				}
				return err
			})
			good(app)
			if path != "" {
				fsa.Get(app, path, fsa.Open, rsNop[struct{}])
			}
		}, "FSA_AUTH", "none"), &refused
	}
	var rows []rsConfigRow
	for _, bad := range []struct{ path, frag string }{{"/BAD", "path"}, {"/foo_bla", "path"}, {"/get-something", "method"}} {
		build, refused := app(bad.path)
		rows = append(rows, rsConfigRow{name: bad.path, frags: []string{bad.frag}, build: build,
			// the route is refused at Check, with the hook's error, the only one
			check: func(t *testing.T, err error) {
				if len(*refused) != 1 {
					t.Fatalf("the hook refused %d routes, want 1: %v", len(*refused), *refused)
				}
				if hookErr := (*refused)[0]; !errors.Is(err, hookErr) || err.Error() != "route GET "+bad.path+": bad path: "+hookErr.Error() {
					t.Errorf("Check: %q, want the hook's error %q on route GET %s", err, hookErr, bad.path)
				}
			}})
	}
	build, _ := app("")
	rows = append(rows, rsConfigRow{how: how{own: true}, name: "good paths", build: build, accept: true,
		serve: func(t *testing.T, app *fsa.App) {
			fsatest.New(app).Check(t, fsatest.Case{Path: "/ok2/12", WantStatus: http.StatusOK})
		}})
	rsConfigRun(t, rows)
}
