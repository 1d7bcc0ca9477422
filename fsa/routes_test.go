package fsa_test

import (
	"context"
	"mime/multipart"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// rtApp returns an app named test configured by the given directives only,
// its logs discarded, with a user hook and the group, object and special
// hooks the route table tests use.
func rtApp(t *testing.T, directives ...any) *fsa.App {
	t.Helper()
	app := fsatest.NewApp(t, "test", fsatest.Directives(directives...)...)
	app.GetUserPass(func(context.Context, string) (string, error) { return "", nil })
	app.UserInGroup(func(context.Context, string, string) (bool, error) { return false, nil })
	fsa.ObjectPerm(app, "stuff", func(context.Context, string, string, string) (fsa.Permission, error) {
		return fsa.Forbidden, nil
	})
	fsa.Special(app, func(*fsa.Context) (rtTenant, error) { return rtTenant{}, nil })
	return app
}

// rtTenant is a special input type.
type rtTenant struct{ Name string }

// rtOK is a handler of any input.
func rtOK[In any](*fsa.Context, In) (any, error) { return "ok", nil }

// rtSid is the input of the object routes.
type rtSid struct{ Sid string }

// rtRoutes returns the app's routes, or fails.
func rtRoutes(t *testing.T, app *fsa.App) []fsa.RouteInfo {
	t.Helper()
	routes, err := app.Routes()
	if err != nil {
		t.Fatalf("Routes: %v", err)
	}
	return routes
}

// rtFind returns the route of method and path.
func rtFind(t *testing.T, routes []fsa.RouteInfo, method, path string) fsa.RouteInfo {
	t.Helper()
	for _, r := range routes {
		if r.Method == method && r.Path == path {
			return r
		}
	}
	t.Fatalf("no route %s %s in %v", method, path, routes)
	return fsa.RouteInfo{}
}

// Each authorization has its notation, once normalized against the
// route's schemes; each route lists its schemes and realm.
func TestRoutesAuthz(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", []string{"token", "basic", "param", "none"})
	fsa.Get(app, "/open", fsa.Open, rtOK[struct{}])
	fsa.Get(app, "/auth", fsa.Auth, rtOK[struct{}])
	fsa.Get(app, "/close", fsa.Close, rtOK[struct{}])
	fsa.Get(app, "/nil", nil, rtOK[struct{}])
	fsa.Get(app, "/all-close", fsa.All(fsa.Auth, fsa.Close), rtOK[struct{}])
	fsa.Post(app, "/admin", fsa.Group("admin"), rtOK[struct{}])
	fsa.Post(app, "/staff", fsa.Group("admin", "staff"), rtOK[struct{}])
	fsa.Patch(app, "/stuff/:sid", fsa.Object("stuff", "sid", "owner"), rtOK[rtSid])
	fsa.Delete(app, "/stuff/:sid", fsa.Object("stuff", "", "delete"), rtOK[rtSid])
	fsa.Put(app, "/both/:sid", fsa.All(fsa.Group("admin"), fsa.Object("stuff", "sid", "write")), rtOK[rtSid])
	fsa.Get(app, "/open-basic", fsa.Open, rtOK[struct{}], fsa.Authn("basic"))
	fsa.Get(app, "/auth-none", fsa.Auth, rtOK[struct{}], fsa.Authn("none"))
	fsa.Get(app, "/token", fsa.Auth, rtOK[struct{}], fsa.Authn("password"), fsa.Realm("2fa"))
	all := []string{"token", "basic", "param", "none"}
	cases := []struct {
		method, path, authz string
		schemes             []string
		realm               string
	}{
		{"GET", "/open", "OPEN", all, "test"},
		{"GET", "/auth", "AUTH", all, "test"},
		{"GET", "/close", "CLOSE", all, "test"},
		{"GET", "/nil", "CLOSE", all, "test"},
		{"GET", "/all-close", "CLOSE", all, "test"},
		{"POST", "/admin", "AUTH group(admin)", all, "test"},
		{"POST", "/staff", "AUTH group(admin,staff)", all, "test"},
		{"PATCH", "/stuff/:sid", "AUTH object(stuff:sid:owner)", all, "test"},
		// the object's variable defaults to the first parameter
		{"DELETE", "/stuff/:sid", "AUTH object(stuff:sid:delete)", all, "test"},
		{"PUT", "/both/:sid", "AUTH group(admin) object(stuff:sid:write)", all, "test"},
		// normalized: Open without none is Auth, Auth with only none Close
		{"GET", "/open-basic", "AUTH", []string{"basic"}, "test"},
		{"GET", "/auth-none", "CLOSE", []string{"none"}, "test"},
		{"GET", "/token", "AUTH", []string{"basic", "param"}, "2fa"},
	}
	routes := rtRoutes(t, app)
	if len(routes) != len(cases) {
		t.Errorf("%d routes, want %d (no HEAD rows)", len(routes), len(cases))
	}
	for _, c := range cases {
		r := rtFind(t, routes, c.method, c.path)
		if r.Authz != c.authz || !reflect.DeepEqual(r.Schemes, c.schemes) || r.Realm != c.realm {
			t.Errorf("%s %s: authz %q, schemes %q, realm %q; want %q, %q, %q",
				c.method, c.path, r.Authz, r.Schemes, r.Realm, c.authz, c.schemes, c.realm)
		}
	}
	for _, r := range routes {
		if r.Method == http.MethodHead {
			t.Errorf("HEAD route listed: %s", r.Path)
		}
	}
}

// An oauth route's scopes.
func TestRoutesScopes(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god")
	fsa.Get(app, "/char", fsa.Scope("read", "write"), rtOK[struct{}])
	fsa.Get(app, "/any", fsa.Auth, rtOK[struct{}])
	routes := rtRoutes(t, app)
	if r := rtFind(t, routes, "GET", "/char"); r.Authz != "AUTH scope(read,write)" || !reflect.DeepEqual(r.Schemes, []string{"oauth"}) {
		t.Errorf("GET /char: %q %q", r.Authz, r.Schemes)
	}
	if r := rtFind(t, routes, "GET", "/any"); r.Authz != "AUTH" {
		t.Errorf("GET /any: %q", r.Authz)
	}
}

// A route's schemes: its fsa.Authn, else FSA_AUTH_DEFAULT, else FSA_AUTH;
// its realm: its fsa.Realm, else FSA_REALM.
func TestRoutesSchemes(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", []string{"token", "basic", "param", "none"}, "FSA_AUTH_DEFAULT", []string{"token", "none"},
		"FSA_REALM", "shop")
	fsa.Get(app, "/default", fsa.Auth, rtOK[struct{}])
	fsa.Get(app, "/authn", fsa.Auth, rtOK[struct{}], fsa.Authn("param", "basic"))
	fsa.Get(app, "/password", fsa.Auth, rtOK[struct{}], fsa.Authn("token", "password"), fsa.Realm("login"))
	fsa.Get(app, "/open", fsa.Open, rtOK[struct{}])
	routes := rtRoutes(t, app)
	for _, c := range []struct {
		path    string
		schemes []string
		realm   string
	}{
		{"/default", []string{"token", "none"}, "shop"},
		{"/authn", []string{"param", "basic"}, "shop"},
		{"/password", []string{"token", "basic", "param"}, "login"},
		{"/open", []string{"token", "none"}, "shop"},
	} {
		if r := rtFind(t, routes, "GET", c.path); !reflect.DeepEqual(r.Schemes, c.schemes) || r.Realm != c.realm {
			t.Errorf("%s: schemes %q, realm %q; want %q, %q", c.path, r.Schemes, r.Realm, c.schemes, c.realm)
		}
	}
	app = rtApp(t) // FSA_AUTH's default: none
	fsa.Get(app, "/x", fsa.Open, rtOK[struct{}])
	if r := rtRoutes(t, app)[0]; !reflect.DeepEqual(r.Schemes, []string{"none"}) || r.Realm != "test" || r.Authz != "OPEN" {
		t.Errorf("default: %+v", r)
	}
}

// rtParams has a field of each source.
type rtParams struct {
	ID      int
	Name    string
	Page    int `default:"1"`
	Note    *string
	Tags    []string
	When    *time.Time `param:"when"`
	Nums    []int      `default:"[1, 2]"`
	Avatar  *multipart.FileHeader
	Photos  []*multipart.FileHeader
	Key     string  `header:"X-Api-Key"`
	Lang    string  `header:"" default:"en"`
	Session *string `cookie:"session"`
	Theme   string  `cookie:"" default:""`
	User    fsa.CurrentUser
	Req     *http.Request
	Ec      echo.Context
	Tenant  rtTenant
	Any     any
	Rest    map[string]any `param:"*"`
	skipped int
	Ignored int `param:"-"`
}

// Each input field's name, type, source, requirement and default, in the
// order of the input struct.
func TestRoutesParams(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", []string{"basic"})
	fsa.Post(app, "/params/:id", fsa.Auth, rtOK[rtParams])
	fsa.Get(app, "/none", fsa.Auth, rtOK[struct{}])
	routes := rtRoutes(t, app)
	want := []fsa.ParamInfo{
		{Name: "id", Type: "int", Source: "path", Required: true},
		{Name: "name", Type: "string", Source: "request", Required: true},
		{Name: "page", Type: "int", Source: "request", Default: "1"},
		{Name: "note", Type: "*string", Source: "request"},
		{Name: "tags", Type: "[]string", Source: "list", Required: true},
		{Name: "when", Type: "*time.Time", Source: "request"},
		{Name: "nums", Type: "[]int", Source: "list", Default: "[1, 2]"},
		{Name: "avatar", Type: "*multipart.FileHeader", Source: "file"},
		{Name: "photos", Type: "[]*multipart.FileHeader", Source: "file", Required: true},
		{Name: "X-Api-Key", Type: "string", Source: "header", Required: true},
		{Name: "Lang", Type: "string", Source: "header", Default: "en"},
		{Name: "session", Type: "*string", Source: "cookie"},
		{Name: "theme", Type: "string", Source: "cookie"},
		{Name: "user", Type: "fsa.CurrentUser", Source: "user"},
		{Name: "req", Type: "*http.Request", Source: "request object"},
		{Name: "ec", Type: "echo.Context", Source: "echo context"},
		{Name: "tenant", Type: "fsa_test.rtTenant", Source: "special"},
		{Name: "any", Type: "any", Source: "request", Required: true},
		{Name: "*", Type: "map[string]any", Source: "rest"},
	}
	got := rtFind(t, routes, "POST", "/params/:id").Params
	if len(got) != len(want) {
		t.Errorf("%d params, want %d: %+v", len(got), len(want), got)
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("param %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if p := rtFind(t, routes, "GET", "/none").Params; p != nil {
		t.Errorf("no input: %+v", p)
	}
}

// Routes are sorted by path, then by method in the usual order; the HEAD
// route of each GET route is not listed.
func TestRoutesSorted(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", []string{"basic", "none"})
	fsa.Delete(app, "/b", fsa.Auth, rtOK[struct{}])
	fsa.Get(app, "/b/c", fsa.Auth, rtOK[struct{}])
	fsa.Patch(app, "/b", fsa.Auth, rtOK[struct{}])
	fsa.Put(app, "/b", fsa.Auth, rtOK[struct{}])
	fsa.Post(app, "/b", fsa.Auth, rtOK[struct{}])
	fsa.Get(app, "/b", fsa.Auth, rtOK[struct{}])
	fsa.Get(app, "/a", fsa.Open, rtOK[struct{}])
	fsa.Post(app, "/", fsa.Auth, rtOK[struct{}])
	var got []string
	for _, r := range rtRoutes(t, app) {
		got = append(got, r.Method+" "+r.Path)
	}
	want := []string{"POST /", "GET /a", "GET /b", "POST /b", "PUT /b", "PATCH /b", "DELETE /b", "GET /b/c"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

// Routes and WriteRoutes return Check's error.
func TestRoutesCheckError(t *testing.T) {
	app := rtApp(t)
	fsa.Get(app, "/x", fsa.Open, rtOK[struct{ N chan int }])
	routes, err := app.Routes()
	if err == nil || routes != nil {
		t.Fatalf("Routes: %v, %v; want Check's error", routes, err)
	}
	if err.Error() != app.Check().Error() {
		t.Errorf("Routes: %v, Check: %v", err, app.Check())
	}
	var b strings.Builder
	if err := app.WriteRoutes(&b); err == nil || err.Error() != app.Check().Error() || b.Len() != 0 {
		t.Errorf("WriteRoutes: %v, wrote %q", err, b.String())
	}
}

// WriteRoutes writes an aligned table in its notation.
func TestWriteRoutes(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", []string{"token", "basic", "none"})
	fsa.ObjectPerm(app, "item", func(context.Context, string, int, string) (fsa.Permission, error) {
		return fsa.Forbidden, nil
	})
	fsa.Get(app, "/items", fsa.Open, rtOK[struct {
		Page int `default:"1"`
		Q    *string
	}], fsa.Authn("none"))
	fsa.Post(app, "/items", fsa.Group("admin"), rtOK[struct {
		Name string
		Tags []string `default:"[]"`
		Key  string   `header:"X-Key"`
	}])
	fsa.Get(app, "/items/:id", fsa.Auth, rtOK[struct {
		ID   int
		User fsa.CurrentUser
	}])
	fsa.Delete(app, "/items/<int:id>", fsa.Object("item", "id", "delete"), rtOK[struct{ ID int }])
	fsa.Get(app, "/files/<path:name>", fsa.Auth, rtOK[struct{ Name string }])
	fsa.Put(app, "/upload", fsa.Auth, rtOK[struct {
		F    *multipart.FileHeader
		Sess string         `cookie:"sess" default:"a b"`
		Rest map[string]any `param:"*"`
	}], fsa.Realm("files"), fsa.Authn("basic"))
	fsa.Get(app, "/off", fsa.Close, rtOK[struct{}])
	var b strings.Builder
	if err := app.WriteRoutes(&b); err != nil {
		t.Fatal(err)
	}
	// paths as declared: converters shown, echo's notation kept
	want := `METHOD  PATH                AUTHZ                        SCHEMES            PARAMS
GET     /files/<path:name>  AUTH                         token,basic,none   :name:string
GET     /items              OPEN                         none               page?:int=1 q?:*string
POST    /items              AUTH group(admin)            token,basic,none   name:string tags?:[]string=[] @X-Key:string
GET     /items/:id          AUTH                         token,basic,none   :id:int (user:fsa.CurrentUser)
DELETE  /items/<int:id>     AUTH object(item:id:delete)  token,basic,none   :id:int
GET     /off                CLOSE                        token,basic,none   -
PUT     /upload             AUTH                         basic;realm=files  ^f?:*multipart.FileHeader $sess?:string="a b" *
`
	if b.String() != want {
		t.Errorf("WriteRoutes:\n%s\nwant:\n%s", b.String(), want)
	}
}
