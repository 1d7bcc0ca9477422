package fsa_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// bpWords is the input of the words routes: a path variable and a count.
type bpWords struct {
	Word string
	N    int `default:"1"`
}

// bpRepeat repeats the word n times, joined by _, as FlaskSimpleAuth's
// SubApp does.
func bpRepeat(_ *fsa.Context, in bpWords) (any, error) {
	return strings.Repeat(in.Word+"_", max(in.N, 1)-1) + in.Word, nil
}

// bpSubApp declares FlaskSimpleAuth's SubApp routes on r, the app or a
// blueprint: the same function declares them under several prefixes.
func bpSubApp(r fsa.Router) {
	fsa.Get(r, "/words/<word>", fsa.Auth, bpRepeat)
	fsa.Get(r, "/blue", nil, rtOK[struct{}]) // no authorization: closed
}

// bpApp returns an app (fake authentication, dad in group admin, users
// seeing themselves only) with routes at the root, in blueprints /b1 and
// /b2, nested /b1/sub, and /users/<login>, which has a variable.
func bpApp(t *testing.T, logs io.Writer) *fsa.App {
	t.Helper()
	var opts []fsa.Option
	if logs != nil {
		opts = append(opts, fsa.Logger(slog.New(slog.NewTextHandler(logs, nil))))
	}
	app := fsatest.NewApp(t, "test", append(fsatest.Directives("FSA_AUTH", []string{"fake", "none"}), opts...)...)
	app.UserInGroup(func(_ context.Context, login, group string) (bool, error) {
		return login == "dad" && group == "admin", nil
	})
	fsa.ObjectPerm(app, "users", func(_ context.Context, login, id, _ string) (fsa.Permission, error) {
		return map[bool]fsa.Permission{true: fsa.Allowed, false: fsa.Forbidden}[login == id], nil
	})
	text := func(s string) fsa.HandlerFunc[struct{}, any] {
		return func(*fsa.Context, struct{}) (any, error) { return s, nil }
	}

	fsa.Get(app, "/words", fsa.Open, text("root words"))
	bpSubApp(app.Blueprint("/b2"))
	b1 := app.Blueprint("/b1")
	bpSubApp(b1)
	fsa.Get(b1, "", fsa.Open, text("b1 itself"))
	fsa.Get(b1, "/", fsa.Open, text("b1 slash"))
	fsa.Post(b1, "/words", fsa.Group("admin"), text("posted"))
	fsa.Get(b1, "/files/<path:p>", fsa.Open, func(_ *fsa.Context, in struct{ P string }) (any, error) { return in.P, nil })
	fsa.Get(app.Blueprint("/slash"), "/", fsa.Open, text("slash slash"))
	sub := b1.Blueprint("/sub")
	fsa.Get(sub, "/x", fsa.Auth, text("sub x"))
	fsa.Delete(sub, "/x", fsa.Close, text(""))
	users := app.Blueprint("/users/<login>")
	fsa.Get(users, "/hello", fsa.Object("users", "login", "read"), func(c *fsa.Context, in struct{ Login string }) (any, error) {
		return "hello " + in.Login, nil
	})
	return app
}

// A blueprint's routes serve under its prefix, and only there, with their
// own authorizations; blueprints nest; a prefix may hold a variable.
func TestBlueprintRouting(t *testing.T) {
	app := bpApp(t, nil)
	dad, calvin := url.Values{"LOGIN": {"dad"}}, url.Values{"LOGIN": {"calvin"}}
	dad2 := url.Values{"LOGIN": {"dad"}, "n": {"2"}}
	fsatest.NewClient(t, app).Run(t, []fsatest.Case{
		// FlaskSimpleAuth's test_blueprint, under /b1 then /b2
		{Path: "/b1/words/foo", WantStatus: 401},
		{Path: "/b1/words/foo", Form: dad, WantStatus: 200, WantExact: fsatest.String("foo")},
		{Path: "/b1/words/bla", Form: dad2, WantStatus: 200, WantExact: fsatest.String("bla_bla")},
		{Path: "/b1/blue", Form: dad, WantStatus: 403},
		{Path: "/b2/words/foo", WantStatus: 401},
		{Path: "/b2/words/bla", Form: dad2, WantStatus: 200, WantExact: fsatest.String("bla_bla")},
		{Path: "/b2/blue", Form: dad, WantStatus: 403},
		{Name: "HEAD of a blueprint GET", Method: "HEAD", Path: "/b1/words/foo", Form: dad, WantStatus: 200, WantExact: fsatest.String("")},

		// nothing outside the prefix
		{Name: "the root route", Path: "/words", WantStatus: 200, WantExact: fsatest.String("root words")},
		{Name: "no prefix", Path: "/words/foo", Form: dad, WantStatus: 404},
		{Name: "another prefix", Path: "/b3/words/foo", Form: dad, WantStatus: 404},
		{Name: "no such route in the prefix", Path: "/b1/word/foo", Form: dad, WantStatus: 404},
		{Name: "nested route without its prefix", Path: "/sub/x", Form: dad, WantStatus: 404},
		{Name: "nested route in the parent", Path: "/b1/x", Form: dad, WantStatus: 404},

		// "" is the prefix itself, "/" the prefix and a slash, as Flask
		{Path: "/b1", WantStatus: 200, WantExact: fsatest.String("b1 itself")},
		{Path: "/b1/", WantStatus: 200, WantExact: fsatest.String("b1 slash")},
		{Path: "/slash/", WantStatus: 200, WantExact: fsatest.String("slash slash")},
		{Name: "no redirect to the slash", Path: "/slash", WantStatus: 404},

		// authorizations kept: group, nested, object, path converter
		{Name: "group admin", Method: "POST", Path: "/b1/words", Form: dad, WantStatus: 200, WantExact: fsatest.String("posted")},
		{Name: "not in group admin", Method: "POST", Path: "/b1/words", Form: calvin, WantStatus: 403},
		{Name: "nested without a user", Path: "/b1/sub/x", WantStatus: 401},
		{Name: "nested", Path: "/b1/sub/x", Form: calvin, WantStatus: 200, WantExact: fsatest.String("sub x")},
		{Name: "nested closed", Method: "DELETE", Path: "/b1/sub/x", Form: dad, WantStatus: 403},
		{Name: "prefix variable, own object", Path: "/users/calvin/hello", Form: calvin, WantStatus: 200,
			WantExact: fsatest.String("hello calvin")},
		{Name: "prefix variable, another's object", Path: "/users/dad/hello", Form: calvin, WantStatus: 403},
		{Name: "path converter", Path: "/b1/files/a/b/c.txt", WantStatus: 200, WantExact: fsatest.String("a/b/c.txt")},
	})
}

// The route table lists a blueprint's routes with their full paths.
func TestBlueprintRoutes(t *testing.T) {
	app := bpApp(t, nil)
	routes := rtRoutes(t, app)
	tests := []struct{ method, path, declared, authz string }{
		{"GET", "/b1", "/b1", "OPEN"},
		{"GET", "/b1/", "/b1/", "OPEN"},
		{"GET", "/b1/words/:word", "/b1/words/<word>", "AUTH"},
		{"POST", "/b1/words", "/b1/words", "AUTH group(admin)"},
		{"GET", "/b1/blue", "/b1/blue", "CLOSE"},
		{"GET", "/b1/files/*", "/b1/files/<path:p>", "OPEN"},
		{"GET", "/b1/sub/x", "/b1/sub/x", "AUTH"},
		{"DELETE", "/b1/sub/x", "/b1/sub/x", "CLOSE"},
		{"GET", "/b2/words/:word", "/b2/words/<word>", "AUTH"},
		{"GET", "/users/:login/hello", "/users/<login>/hello", "AUTH object(users:login:read)"},
		{"GET", "/slash/", "/slash/", "OPEN"},
		{"GET", "/words", "/words", "OPEN"},
	}
	if len(routes) != len(tests)+1 { // and /b2/blue
		t.Errorf("%d routes, want %d: %v", len(routes), len(tests)+1, routes)
	}
	for _, tt := range tests {
		r := rtFind(t, routes, tt.method, tt.path)
		if r.Declared != tt.declared || r.Authz != tt.authz {
			t.Errorf("%s %s: declared %q, authz %q; want %q, %q", tt.method, tt.path, r.Declared, r.Authz, tt.declared, tt.authz)
		}
	}
	if r := rtFind(t, routes, "GET", "/users/:login/hello"); len(r.Params) != 1 || r.Params[0].Source != "path" {
		t.Errorf("the prefix variable: params %v, want the path variable login", r.Params)
	}

	var table bytes.Buffer
	if err := app.WriteRoutes(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"GET     /b1/words/<word>", "GET     /users/<login>/hello", "DELETE  /b1/sub/x"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("route table without %q:\n%s", want, table.String())
		}
	}
}

// Prefix is the full prefix, the parents' included.
func TestBlueprintPrefix(t *testing.T) {
	app := fsatest.NewApp(t, "test")
	api := app.Blueprint("/api")
	for _, tt := range []struct {
		bp   *fsa.Blueprint
		want string
	}{
		{api, "/api"},
		{api.Blueprint("/v1"), "/api/v1"},
		{api.Blueprint("/v1").Blueprint("/<user>"), "/api/v1/<user>"},
	} {
		if got := tt.bp.Prefix(); got != tt.want {
			t.Errorf("Prefix %q, want %q", got, tt.want)
		}
	}
}

// A wrong blueprint, or a wrong route in one, is a declaration error that
// names it; the routes of a wrong blueprint are dropped, not reported.
func TestBlueprintDeclarationErrors(t *testing.T) {
	tests := []struct {
		name    string
		declare func(app *fsa.App)
		want    []string // Check's error holds each, and no other line
	}{
		{"empty prefix", func(app *fsa.App) { bpSubApp(app.Blueprint("")) },
			[]string{`blueprint "": empty prefix: declare the routes on the app`}},
		{"relative prefix", func(app *fsa.App) { bpSubApp(app.Blueprint("b1")) },
			[]string{`blueprint "b1": prefix must start with /`}},
		{"slash prefix", func(app *fsa.App) { bpSubApp(app.Blueprint("/")) },
			[]string{`blueprint "/": prefix must not end with /: the paths of its routes start with one`}},
		{"trailing slash", func(app *fsa.App) { bpSubApp(app.Blueprint("/b1/")) },
			[]string{`blueprint "/b1/": prefix must not end with /`}},
		{"empty segment", func(app *fsa.App) { bpSubApp(app.Blueprint("/a//b")) },
			[]string{`blueprint "/a//b": empty segment in prefix`}},
		{"path converter", func(app *fsa.App) { bpSubApp(app.Blueprint("/<path:p>")) },
			[]string{`blueprint "/<path:p>": a path converter must end a route's path, not be in a prefix`}},
		{"wildcard", func(app *fsa.App) { bpSubApp(app.Blueprint("/f/*")) },
			[]string{`blueprint "/f/*": a wildcard must end a route's path, not be in a prefix`}},
		{"unknown converter", func(app *fsa.App) { bpSubApp(app.Blueprint("/<foo:x>")) },
			[]string{`blueprint "/<foo:x>": unexpected converter "foo"`}},
		{"nested wrong", func(app *fsa.App) { bpSubApp(app.Blueprint("/api").Blueprint("v1")) },
			[]string{`blueprint "v1" in blueprint "/api": prefix must start with /`}},
		{"nested in a wrong one", func(app *fsa.App) { bpSubApp(app.Blueprint("api").Blueprint("/v1")) },
			[]string{`blueprint "api": prefix must start with /`}},
		{"relative route path", func(app *fsa.App) { fsa.Get(app.Blueprint("/b1"), "words", fsa.Open, rtOK[struct{}]) },
			[]string{`route GET words in blueprint "/b1": path must start with / (or be empty, for the prefix itself)`}},
		{"declared twice", func(app *fsa.App) {
			fsa.Get(app, "/b1/x", fsa.Open, rtOK[struct{}])
			fsa.Get(app.Blueprint("/b1"), "/x", fsa.Open, rtOK[struct{}])
		}, []string{`route GET /b1/x: declared twice`}},
		{"route converter", func(app *fsa.App) { fsa.Get(app.Blueprint("/b1"), "/<foo:x>", fsa.Open, rtOK[struct{}]) },
			[]string{`route GET /b1/:x: unexpected converter "foo"`, `route GET /b1/:x: path variable "x" has no input field`}},
		{"prefix variable without a field", func(app *fsa.App) { fsa.Get(app.Blueprint("/u/<login>"), "/x", fsa.Open, rtOK[struct{}]) },
			[]string{`route GET /u/:login/x: path variable "login" has no input field`}},
		{"variable in the prefix and the path", func(app *fsa.App) {
			fsa.Get(app.Blueprint("/u/<id>"), "/<id>", fsa.Open, func(*fsa.Context, struct{ ID string }) (any, error) { return nil, nil })
		}, []string{`route GET /u/:id/:id: path variable "id" appears twice`}},
		{"variable twice in a route of the app", func(app *fsa.App) {
			fsa.Get(app, "/a/<id>/<int:id>", fsa.Open, func(*fsa.Context, struct{ ID string }) (any, error) { return nil, nil })
		}, []string{`route GET /a/:id/:id: path variable "id" appears twice`}},
		{"authorization", func(app *fsa.App) { fsa.Get(app.Blueprint("/b1"), "/g", fsa.Group("staff"), rtOK[struct{}]) },
			[]string{`route GET /b1/g: cannot check group "staff": register GroupCheck("staff", ...) or UserInGroup`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"fake", "none"})...)
			tt.declare(app)
			err := app.Check()
			if err == nil {
				t.Fatalf("Check: no error, want %q", tt.want)
			}
			lines := strings.Split(err.Error(), "\n")
			for _, want := range tt.want {
				if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, want) }) {
					t.Errorf("Check: %v\nwant a line: %s", err, want)
				}
			}
			if len(lines) != len(tt.want) {
				t.Errorf("Check: %d errors, want %d:\n%v", len(lines), len(tt.want), err)
			}
		})
	}
}

// A route declared on a blueprint after Check is not served, and logged,
// as on the app.
func TestBlueprintAfterCheck(t *testing.T) {
	var logs bytes.Buffer
	app := bpApp(t, &logs)
	c := fsatest.NewClient(t, app) // checks the app
	fsa.Get(app.Blueprint("/late"), "/x", fsa.Open, rtOK[struct{}])
	fsa.Get(app.Blueprint("late"), "/x", fsa.Open, rtOK[struct{}])
	c.Check(t, fsatest.Case{Path: "/late/x", WantStatus: 404})
	for _, want := range []string{`route="GET /late/x"`, `wrong blueprint declared after the app was checked: prefix must start with /`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs without %q:\n%s", want, logs.String())
		}
	}
}
