// FlaskSimpleAuth's own test suite (test/test_flask.py), the fragments its
// ConfigError assertions look for: each row maps FlaskSimpleAuth's failing
// configuration or declaration to ours and asserts our error, from fsa.New
// (a *fsa.ConfigError) or from app.Check (a declaration error). Where our
// words differ (configuration and declaration messages are fsa-go's own),
// the row says what FlaskSimpleAuth says.
//
// Rows: 71 = 32 as FlaskSimpleAuth, 24 documented differences, 15 n/a
// (no Go meaning), no framework gap.
package peer_test

import (
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/tests/peer"
)

// rsConfigRow is a configuration or declaration FlaskSimpleAuth refuses.
type rsConfigRow struct {
	name  string
	kind  int    // rsAsFSA: our error also holds FlaskSimpleAuth's fragments
	why   string // the skip message of n/a rows
	frags []string
	// build returns fsa.New's error (a *fsa.ConfigError naming directive)
	// or, when New succeeds, the app whose Check must fail.
	build     func() (*fsa.App, error)
	directive string   // for configuration errors
	want      []string // what our error says
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

// rsNop is a handler of any input.
func rsNop[In any](*fsa.Context, In) (any, error) { return nil, nil }

// rsPathCheck is FlaskSimpleAuth's checkPath (FSA_PATH_CHECK), for app.PathCheck.
func rsPathCheck(_, path string) error {
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

// Input types of the declaration rows.
type (
	rsCollision struct {
		X  int `param:"x"` // Python's _x
		X2 int `param:"x"` // and x
	}
	rsPathDefault struct {
		I int `default:"0"`
	}
	rsBad       struct{ Bad float64 }
	rsI         struct{ I int }
	rsUID       struct{ UID string }
	rsOID       struct{ OID string }
	rsIntString struct {
		I int `default:"one"`
	}
	rsListDefault struct {
		L []int `default:"[\"one\", \"two\"]"`
	}
	rsIntMap struct{ L map[int]int }
	rsUser   struct{ User fsa.CurrentUser }
)

// TestPeerConfigErrors is the ConfigError fragments that test_flask.py
// asserts, in its order: one row per assertion (the fragment "bad" is
// asserted for several configurations), named after the fragment.
func TestPeerConfigErrors(t *testing.T) {
	get := func(path string, authz fsa.Authz, opts ...fsa.RouteOption) func(*fsa.App) {
		return func(app *fsa.App) { fsa.Get(app, path, authz, rsNop[struct{}], opts...) }
	}
	rows := []rsConfigRow{
		// test_bad_app: create_app(FSA_AUTH=..., FSA_TOKEN_...=...), AppBad's GET /misc authorize="ALL", auth=...
		{name: "not enabled", kind: rsAsFSA, frags: []string{"not enabled"},
			// FlaskSimpleAuth: "default auth is not enabled: fake / [...]", at load as here
			build: rsConf("FSA_AUTH", []any{"token", "basic"}, "FSA_AUTH_DEFAULT", "fake"), directive: "FSA_AUTH_DEFAULT",
			want: []string{`FSA_AUTH_DEFAULT: scheme "fake" is not enabled in FSA_AUTH`}},
		{name: "int", kind: rsAsFSA, frags: []string{"int"},
			// FlaskSimpleAuth: "unexpected FSA_AUTH_DEFAULT type: int"
			build: rsConf("FSA_AUTH_DEFAULT", 1), directive: "FSA_AUTH_DEFAULT",
			want: []string{"unexpected value of type int"}},
		{name: "bad/FSA_AUTH bad", kind: rsAsFSA, frags: []string{"bad"},
			// a check error: FSA_AUTH may name a custom scheme, registered after New
			build: rsDecl(get("/misc", fsa.Auth), "FSA_AUTH", "bad"),
			want:  []string{`FSA_AUTH: unknown authentication scheme "bad"`}},
		{name: "bad/FSA_AUTH list with bad", kind: rsAsFSA, frags: []string{"bad"},
			build: rsDecl(get("/misc", fsa.Auth), "FSA_AUTH", []any{"fake", "basic", "bad"}),
			want:  []string{`FSA_AUTH: unknown authentication scheme "bad"`}},
		{name: "bad/route authn bad", kind: rsAsFSA, frags: []string{"bad"},
			// auth="bad" (FlaskSimpleAuth's deprecated name of authn): fsa.Authn
			build: rsDecl(get("/misc", fsa.Auth, fsa.Authn("bad"))),
			want:  []string{`route GET /misc: scheme "bad" is not enabled in FSA_AUTH`}},
		{name: "bad/route authn list with bad", kind: rsAsFSA, frags: []string{"bad"},
			build: rsDecl(get("/misc", fsa.Auth, fsa.Authn("basic", "token", "bad"))),
			want:  []string{`route GET /misc: scheme "bad" is not enabled in FSA_AUTH`}},
		{name: "bad/FSA_TOKEN_TYPE", kind: rsAsFSA, frags: []string{"bad"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_TYPE", "bad"), directive: "FSA_TOKEN_TYPE",
			want: []string{"unexpected token type bad"}},
		{name: "bad/FSA_TOKEN_CARRIER", kind: rsAsFSA, frags: []string{"bad"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "bad"), directive: "FSA_TOKEN_CARRIER",
			want: []string{"unexpected FSA_TOKEN_CARRIER bad"}},
		{name: "bad/jwt FSA_TOKEN_ALGO", kind: rsAsFSA, frags: []string{"bad"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ALGO", "bad"), directive: "FSA_TOKEN_ALGO",
			want: []string{`unexpected jwt method "bad"`}},
		// differs: wording, FlaskSimpleAuth "unexpected FSA_AUTH type: int"
		{name: "unexpected FSA_AUTH type", kind: rsDiffers, frags: []string{"unexpected FSA_AUTH type"},
			build: rsConf("FSA_AUTH", 1), directive: "FSA_AUTH",
			want: []string{"FSA_AUTH: unexpected value of type int: want a string or a list of strings"}},
		// differs: wording, FlaskSimpleAuth "unexpected authentication identifier type: int"
		{name: "unexpected authentication id", kind: rsDiffers, frags: []string{"unexpected authentication id"},
			build: rsConf("FSA_AUTH", []any{1}), directive: "FSA_AUTH",
			want: []string{"FSA_AUTH: unexpected scheme of type int: want a string"}},
		{name: "unexpected FSA_TOKEN_CARRIER", kind: rsAsFSA, frags: []string{"unexpected FSA_TOKEN_CARRIER"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", nil), directive: "FSA_TOKEN_CARRIER"},
		// differs: wording, FlaskSimpleAuth "... requires a name" for None
		{name: "requires a name/None", kind: rsDiffers, frags: []string{"requires a name"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "bearer", "FSA_TOKEN_NAME", nil), directive: "FSA_TOKEN_NAME",
			want: []string{"FSA_TOKEN_NAME: unexpected value of type None: want a string"}},
		{name: "requires a name/empty", kind: rsAsFSA, frags: []string{"requires a name"},
			build: rsConf("FSA_AUTH", "token", "FSA_TOKEN_CARRIER", "bearer", "FSA_TOKEN_NAME", ""), directive: "FSA_TOKEN_NAME"},
		// FSA_LOCAL="oops!": ours refuses every FSA_LOCAL (directive table: refused), naming it
		{name: "FSA_LOCAL", kind: rsAsFSA, frags: []string{"FSA_LOCAL"},
			build: rsConf("FSA_LOCAL", "oops!"), directive: "FSA_LOCAL",
			want: []string{"goroutine"}},
		// n/a: authn=1; fsa.Authn takes strings, the compiler refuses an int
		{name: "unexpected authn type", kind: rsNA, why: "n/a: authn=1 is a type error; fsa.Authn(schemes ...string) takes strings, which the compiler checks",
			frags: []string{"unexpected authn type"}},
		// n/a: authorize= and authz= together; a Go route has one authorization argument
		{name: "cannot use both/authorize and authz", kind: rsNA, why: "n/a: FlaskSimpleAuth's deprecated authorize= beside authz=; a Go route takes one authorization argument",
			frags: []string{"cannot use both"}},
		// n/a: auth= and authn= together; fsa-go has no deprecated auth=
		{name: "cannot use both/auth and authn", kind: rsNA, why: "n/a: FlaskSimpleAuth's deprecated auth= beside authn=; fsa-go has only fsa.Authn",
			frags: []string{"cannot use both"}},
		// differs: wording, FlaskSimpleAuth's app.add_group(["hello", "world"]) "invalid group type: list";
		// groups are declared by FSA_AUTHZ_GROUPS (or GroupCheck)
		{name: "invalid group type", kind: rsDiffers, frags: []string{"invalid group type"},
			build: rsConf("FSA_AUTHZ_GROUPS", []any{[]any{"hello", "world"}}), directive: "FSA_AUTHZ_GROUPS",
			want: []string{"unexpected item of type list: want a string"}},
		// differs: wording, FlaskSimpleAuth's app.add_scope(["hello", "world"]) "invalid scope type: list"
		{name: "invalid scope type", kind: rsDiffers, frags: []string{"invalid scope type"},
			build: rsConf("FSA_AUTHZ_SCOPES", []any{[]any{"hello", "world"}}), directive: "FSA_AUTHZ_SCOPES",
			want: []string{"unexpected item of type list: want a string"}},
		// differs: wording, FlaskSimpleAuth's app.add_headers(one=1) "header value must be a string or a callable: int"
		{name: "header value", kind: rsDiffers, frags: []string{"header value"},
			build: rsConf("FSA_ADD_HEADERS", map[string]any{"one": 1}), directive: "FSA_ADD_HEADERS",
			want: []string{"header one: value must be a string, not int"}},
		// differs: wording, FlaskSimpleAuth's (_x: int, x: int) "parameter name collision on x"
		{name: "collision", kind: rsDiffers, frags: []string{"collision"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-param-col", fsa.Open, rsNop[rsCollision]) }),
			want:  []string{`route GET /bad-param-col: field X2 (parameter "x"): another field has the same request name`}},
		// n/a: (*args); a Go input struct has no positional parameters
		{name: "position", kind: rsNA, why: "n/a: a handler with *args; a Go input struct has no positional parameters",
			frags: []string{"position"}},
		// test_bads: AppBad's create_badapp_5 to _8, path parameters
		{name: "default", kind: rsAsFSA, frags: []string{"default"},
			// FlaskSimpleAuth: "path parameter cannot have a default: i"
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad/<i>", fsa.Open, rsNop[rsPathDefault]) }),
			want:  []string{`route GET /bad/:i: field I (parameter "i"): a path variable cannot have a default`}},
		// differs: wording, FlaskSimpleAuth "path parameter missing from function signature: i"
		{name: "missing", kind: rsDiffers, frags: []string{"missing"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad/<i>", fsa.Open, rsNop[struct{}]) }),
			want:  []string{`route GET /bad/:i: path variable "i" has no input field`}},
		{name: "bad/converter type", kind: rsAsFSA, frags: []string{"bad"},
			// FlaskSimpleAuth: "inconsistent type for int converter on bad: float"
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad7/<int:bad>", fsa.Open, rsNop[rsBad]) }),
			want:  []string{`field Bad (parameter "bad"): inconsistent type for int converter: float64`}},
		{name: "unknown", kind: rsAsFSA, frags: []string{"unknown"},
			// FlaskSimpleAuth: "unexpected converter: unknown"
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad8/<unknown:i>", fsa.Open, rsNop[rsI]) }),
			want:  []string{`route GET /bad8/:i: unexpected converter "unknown"`}},
		// test_object_perms_errors
		// differs: wording, FlaskSimpleAuth's authorize=tuple() "... must have 3 data ..."; fsa.Object
		// always has its three, an empty domain is the data missing
		{name: "3 data", kind: rsDiffers, frags: []string{"3 data"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-perm-1", fsa.Object("", "uid", ""), rsNop[rsUID]) }),
			want:  []string{"route GET /bad-perm-1: Object needs a domain"}},
		{name: "missing object permission", kind: rsAsFSA, frags: []string{"missing object permission"},
			build: rsDecl(func(app *fsa.App) {
				fsa.Get(app, "/bad-perm-2/<uid>", fsa.Object("unknown", "uid", "read"), rsNop[rsUID])
			}),
			want: []string{`missing object permission checker for domain "unknown"`}},
		// n/a: ("known", 3); fsa.Object's variables are a string
		{name: "unexpected identifier name type", kind: rsNA, why: "n/a: (\"known\", 3); fsa.Object's variables are a string, which the compiler checks",
			frags: []string{"unexpected identifier name type"}},
		// n/a: ("known", "uid", 3.14159); fsa.Object's mode is a string
		{name: "unexpected mode type", kind: rsNA, why: "n/a: (\"known\", \"uid\", 3.14159); fsa.Object's mode is a string, which the compiler checks",
			frags: []string{"unexpected mode type"}},
		// differs: wording, FlaskSimpleAuth "missing function parameter uid for known permission on ..."
		{name: "missing function parameter uid", kind: rsDiffers, frags: []string{"missing function parameter uid"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-perm-5", fsa.Object("users", "uid", "read"), rsNop[rsOID]) }),
			want:  []string{`route GET /bad-perm-5: object permission on "users": "uid" is not a parameter of the route`}},
		// differs: wording, FlaskSimpleAuth's ("known", "uid") on a handler without parameters
		// "permissions require some parameters"; ours names the variable
		{name: "permissions require some parameters/named", kind: rsDiffers, frags: []string{"permissions require some parameters"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-perm-6", fsa.Object("users", "uid", "read"), rsNop[struct{}]) }),
			want:  []string{`route GET /bad-perm-6: object permission on "users": "uid" is not a parameter of the route`}},
		{name: "permissions require some parameters/first", kind: rsAsFSA, frags: []string{"permissions require some parameters"},
			// ("known",): the first parameter, of a handler that has none
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-perm-6", fsa.Object("users", "", "read"), rsNop[struct{}]) }),
			want:  []string{`route GET /bad-perm-6: object permission on "users"`}},
		// a variable name that is not an identifier: FlaskSimpleAuth refuses the name, ours finds no such parameter
		{name: "à", kind: rsAsFSA, frags: []string{"à"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-perm-7/<uid>", fsa.Object("users", "à", "read"), rsNop[rsUID]) }),
			want:  []string{`object permission on "users": "à" is not a parameter of the route`}},
		{name: "ê", kind: rsAsFSA, frags: []string{"ê"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/bad-perm-8/<i>", fsa.Object("fun", "i:ê", "read"), rsNop[rsI]) }),
			want:  []string{`object permission on "fun": "ê" is not a parameter of the route`}},
		// test_authorize_errors
		// n/a: authorize=[3.14159]; an fsa.Authz is made only by fsa's constructors
		{name: "unexpected authorization", kind: rsNA, why: "n/a: authz=[3.14159]; fsa.Authz has an unexported method, so only fsa.Open, Auth, Close, Group, Scope, Object and All make one",
			frags: []string{"unexpected authorization"}},
		// differs: wording, FlaskSimpleAuth "cannot mix OPEN/AUTH ..."
		{name: "OPEN/AUTH", kind: rsDiffers, frags: []string{"OPEN/AUTH"},
			build: rsDecl(get("/bad-mix-1", fsa.All(fsa.Open, fsa.Auth))),
			want:  []string{"route GET /bad-mix-1: cannot mix Open with other authorizations"}},
		{name: "other", kind: rsAsFSA, frags: []string{"other"},
			// FlaskSimpleAuth: "cannot mix OPEN and other groups ..."
			build: rsDecl(get("/bad-mix-2", fsa.All(fsa.Open, fsa.Group("OTHER")))),
			want:  []string{"route GET /bad-mix-2: cannot mix Open with other authorizations"}},
		// differs: wording, FlaskSimpleAuth "cannot mix OPEN with per-object permissions ..."
		{name: "object", kind: rsDiffers, frags: []string{"object"},
			build: rsDecl(get("/bad-mix-3", fsa.All(fsa.Open, fsa.Object("users", "", "read")))),
			want:  []string{"route GET /bad-mix-3: cannot mix Open with other authorizations"}},
		{name: "no-such-group", kind: rsAsFSA, frags: []string{"no-such-group"},
			// app.add_group("foo", "bla"): FSA_AUTHZ_GROUPS
			build: rsDecl(get("/bad-group", fsa.Group("no-such-group")), "FSA_AUTHZ_GROUPS", []any{"foo", "bla"}),
			want:  []string{`route GET /bad-group: unexpected group "no-such-group"`}},
		{name: "no-such-scope", kind: rsAsFSA, frags: []string{"no-such-scope"},
			// app.add_scope("foo", "bla"): FSA_AUTHZ_SCOPES; a scope on an oauth route is fsa.Scope
			build: rsDecl(get("/bad-scope", fsa.Scope("no-such-scope"), fsa.Authn("oauth")),
				"FSA_AUTH", []any{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "calvin", "FSA_AUTHZ_SCOPES", []any{"foo", "bla"}),
			want: []string{`route GET /bad-scope: unexpected scope "no-such-scope"`}},
		// test_scope_errors, test_jwt_authorization
		{name: "oauth+JWT", kind: rsAsFSA, frags: []string{"oauth", "JWT"},
			build: rsDecl(func(*fsa.App) {}, "FSA_AUTH", "oauth", "FSA_TOKEN_TYPE", "fsa"),
			want:  []string{"FSA_AUTH: oauth token authorizations require JWT"}},
		{name: "ISSUER", kind: rsAsFSA, frags: []string{"oauth", "ISSUER"},
			build: rsDecl(func(*fsa.App) {}, "FSA_AUTH", "oauth", "FSA_TOKEN_TYPE", "jwt"),
			want:  []string{"FSA_AUTH: oauth token authorizations require JWT (FSA_TOKEN_TYPE jwt) and FSA_TOKEN_ISSUER"}},
		// differs: FlaskSimpleAuth's FSA_AUTH="token" (fsa tokens) and a route auth=["oauth"] says "JWT";
		// ours first finds the route's scheme not enabled (Route options: each must be enabled in FSA_AUTH)
		{name: "JWT/route oauth", kind: rsDiffers, frags: []string{"JWT"},
			build: rsDecl(get("/foo/bla", fsa.Scope("read"), fsa.Authn("oauth")), "FSA_AUTH", "token", "FSA_TOKEN_TYPE", "fsa", "FSA_TOKEN_ISSUER", "god"),
			want:  []string{`route GET /foo/bla: scheme "oauth" is not enabled in FSA_AUTH`}},
		{name: "mixed", kind: rsAsFSA, frags: []string{"mixed"},
			build: rsDecl(get("/some/path", fsa.Scope("read", "write"), fsa.Authn("oauth", "basic")),
				"FSA_AUTH", []any{"oauth", "basic"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god", "FSA_REALM", "comics"),
			want: []string{"route GET /some/path: oauth authentication cannot be mixed with other schemes"}},
		// test_no_such_cache
		{name: "unexpected FSA_CACHE", kind: rsAsFSA, frags: []string{"unexpected FSA_CACHE"},
			build: rsConf("FSA_CACHE", "no-such-cache"), directive: "FSA_CACHE"},
		// test_warnings_and_errors: the hook directives name Python functions, refused here (mapped, directive table)
		// differs: FlaskSimpleAuth "FSA_CAST must be a dict"; ours refuses FSA_CAST itself: fsa.Cast
		{name: "FSA_CAST must be a dict", kind: rsDiffers, frags: []string{"FSA_CAST must be a dict"},
			build: rsConf("FSA_CAST", "not a dict"), directive: "FSA_CAST",
			want: []string{"FSA_CAST: names a function", "register the hook in Go code"}},
		// differs: FlaskSimpleAuth "FSA_OBJECT_PERMS must be a dict"; ours: fsa.ObjectPerm
		{name: "FSA_OBJECT_PERMS must be a dict", kind: rsDiffers, frags: []string{"FSA_OBJECT_PERMS must be a dict"},
			build: rsConf("FSA_OBJECT_PERMS", "should be a dict"), directive: "FSA_OBJECT_PERMS",
			want: []string{"FSA_OBJECT_PERMS: names a function", "register the hook in Go code"}},
		// differs: FlaskSimpleAuth "FSA_SPECIAL_PARAMETER must be a dict"; ours: fsa.Special
		{name: "FSA_SPECIAL_PARAMETER must be a dict", kind: rsDiffers, frags: []string{"FSA_SPECIAL_PARAMETER must be a dict"},
			build: rsConf("FSA_SPECIAL_PARAMETER", "not a dict"), directive: "FSA_SPECIAL_PARAMETER",
			want: []string{"FSA_SPECIAL_PARAMETER: names a function", "register the hook in Go code"}},
		{name: "FSA_NO_SUCH_DIRECTIVE", kind: rsAsFSA, frags: []string{"FSA_NO_SUCH_DIRECTIVE"},
			build: rsConf("FSA_NO_SUCH_DIRECTIVE", "no-such-directive"), directive: "FSA_NO_SUCH_DIRECTIVE",
			want: []string{"unknown directive"}},
		// password schemes
		// differs: wording, FlaskSimpleAuth "unexpected password provider: foo"; ours has no providers
		// (FlaskSimpleAuth's other providers are refused with a reason, directive table)
		{name: "provider", kind: rsDiffers, frags: []string{"provider"},
			build: rsConf("FSA_PASSWORD_SCHEME", "foo:bar"), directive: "FSA_PASSWORD_SCHEME",
			want: []string{`unexpected password scheme "foo:bar": want bcrypt, argon2 or plaintext`}},
		{name: "bad-scheme", kind: rsAsFSA, frags: []string{"bad-scheme"},
			// FlaskSimpleAuth: "unexpected fsa password scheme: bad-scheme"
			build: rsConf("FSA_PASSWORD_SCHEME", "fsa:bad-scheme"), directive: "FSA_PASSWORD_SCHEME",
			want: []string{`unexpected password scheme "fsa:bad-scheme"`}},
		// differs: wording, FlaskSimpleAuth "empty authentication configuration ..."
		{name: "empty auth", kind: rsDiffers, frags: []string{"empty auth"},
			build: rsConf("FSA_AUTH", []any{}), directive: "FSA_AUTH",
			want: []string{"FSA_AUTH: empty list: name at least one scheme"}},
		// test_mode
		{name: "FSA_MODE", kind: rsAsFSA, frags: []string{"FSA_MODE"},
			build: rsConf("FSA_MODE", "unexpected"), directive: "FSA_MODE",
			want: []string{`unexpected mode "unexpected"`}},
		// n/a: authz="ANY" without FSA_ALLOW_DEPRECATION; fsa-go has no deprecated names
		{name: "deprecated", kind: rsNA, why: "n/a: the deprecated ANY/ALL/NONE pseudo-groups; fsa-go has no deprecated names (FSA_ALLOW_DEPRECATION is refused)",
			frags: []string{"deprecated"}},
		// test_group_check: FSA_AUTHZ_GROUPS=["foo"] and no hook to check it
		// differs: wording, FlaskSimpleAuth "cannot check group foo authz"
		{name: "cannot check group foo authz", kind: rsDiffers, frags: []string{"cannot check group foo authz"},
			build: func() (*fsa.App, error) {
				app, err := fsa.New("gc2", rsQuiet(fsa.Set("FSA_AUTH", "fake"), fsa.Set("FSA_AUTHZ_GROUPS", []any{"foo"}))...)
				if err == nil {
					fsa.Get(app, "/foo", fsa.Group("foo"), rsNop[struct{}])
				}
				return app, err
			},
			want: []string{`route GET /foo: cannot check group "foo": register GroupCheck("foo", ...) or UserInGroup`}},
		// test_param_types
		// n/a: typing.List[str] annotations, "is not callable"
		{name: "not callable", kind: rsNA, why: "n/a: a typing.List[str] annotation is not callable as a cast; Go field types are types",
			frags: []string{"not callable"}},
		// differs: wording, FlaskSimpleAuth's (i: int = "one") "cannot cast default value"
		{name: "cannot cast", kind: rsDiffers, frags: []string{"cannot cast"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/nope", fsa.Open, rsNop[rsIntString]) }),
			want:  []string{`route GET /nope: field I (parameter "i"): default must be an integer`}},
		// n/a: (b=False) infers str from a falsy default; Go fields are typed
		{name: "bad type", kind: rsNA, why: "n/a: (b=False): FlaskSimpleAuth infers a parameter's type from its default; a Go field has its type",
			frags: []string{"bad type"}},
		// test_generics
		// differs: wording, FlaskSimpleAuth's (l: dict[int, int]) "unsupported generic type"
		{name: "unsupported generic type", kind: rsDiffers, frags: []string{"unsupported generic type"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/nope", fsa.Open, rsNop[rsIntMap]) }),
			want:  []string{`route GET /nope: field L (parameter "l"): unsupported type map[int]int: map keys must be strings`}},
		// differs: wording, FlaskSimpleAuth's (l: list[int] = ["one", "two"]) "bad check for default value"
		{name: "bad check", kind: rsDiffers, frags: []string{"bad check"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/nope", fsa.Open, rsNop[rsListDefault]) }),
			want:  []string{`route GET /nope: field L (parameter "l"): default "l[0]" must be an integer`}},
		// CurrentUser on an OPEN route
		// differs: wording, FlaskSimpleAuth "cannot get user current user on open route ..."
		{name: "open", kind: rsDiffers, frags: []string{"open"},
			build: rsDecl(func(app *fsa.App) { fsa.Get(app, "/open", fsa.Open, rsNop[rsUser]) }),
			want:  []string{"route GET /open: CurrentUser on an Open route"}},
		// special parameter providers: FlaskSimpleAuth checks the Python signature of the provider
		// function; fsa.Special's is func(*fsa.Context) (T, error), which the compiler checks
		{name: "str", kind: rsNA, why: "n/a: a special parameter provider's first parameter must be a str; fsa.Special's provider is func(*fsa.Context) (T, error), which the compiler checks",
			frags: []string{"str"}},
		{name: "kind", kind: rsNA, why: "n/a: a special parameter provider's parameter kinds (*args, **kwargs); fsa.Special's provider is func(*fsa.Context) (T, error)",
			frags: []string{"kind"}},
		{name: "first", kind: rsNA, why: "n/a: a special parameter provider's first parameter; fsa.Special's provider is func(*fsa.Context) (T, error)",
			frags: []string{"first"}},
		{name: "special parameter", kind: rsNA, why: "n/a: a special parameter provider's other parameters must be special parameters; fsa.Special's provider takes the *fsa.Context only",
			frags: []string{"special parameter"}},
		{name: "default value", kind: rsNA, why: "n/a: a special parameter provider's parameters cannot have default values; Go parameters have none",
			frags: []string{"default value"}},
		// FSA_PATH_CHECK=checkPath: app.PathCheck (directive table)
		{name: "path", kind: rsAsFSA, frags: []string{"path"},
			// FlaskSimpleAuth: ConfigError "bad path on GET /Bad_Path: invalid path section: /Bad_Path"
			build: rsDecl(func(app *fsa.App) {
				app.PathCheck(rsPathCheck)
				fsa.Get(app, "/Bad_Path", fsa.Open, rsNop[struct{}])
			}),
			want: []string{"route GET /Bad_Path: bad path: invalid path section: /Bad_Path"}},
		{name: "method", kind: rsAsFSA, frags: []string{"method"},
			build: rsDecl(func(app *fsa.App) {
				app.PathCheck(rsPathCheck)
				fsa.Get(app, "/get-stuff", fsa.Open, rsNop[struct{}])
			}),
			want: []string{"route GET /get-stuff: bad path: path contains a method name: /get-stuff"}},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			rsSkip(t, row.kind, row.why)
			app, err := row.build()
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
			if row.kind == rsAsFSA {
				want = slices.Concat(want, row.frags)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	// the "path" row's checker on a route with a variable: FlaskSimpleAuth's
	// checkPath gets the rule as declared, /stuff/<sid>, and accepts it
	t.Run("path/variable", func(t *testing.T) {
		app := rsPeer(t)
		app.PathCheck(rsPathCheck)
		fsa.Get(app, "/stuff/<sid>", fsa.Open, rsNop[struct{ Sid string }])
		if err := app.Check(); err != nil {
			t.Errorf("Check: %v, want none: FlaskSimpleAuth's checkPath accepts /stuff/<sid>", err)
		}
	})
}

// rsQuiet returns the options of an app that reads no environment and
// logs nothing, then opts.
func rsQuiet(opts ...fsa.Option) []fsa.Option {
	return append([]fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))}, opts...)
}
