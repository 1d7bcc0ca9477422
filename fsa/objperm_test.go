package fsa_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// opPasswords are the object permission tests' users, as FlaskSimpleAuth's
// tests have them: dad may read everybody's data.
var opPasswords = map[string]string{"calvin": "hobbes", "susie": "derkins", "dad": "mum", "hobbes": "calvin"}

// opApp returns an app, logging to logs, with basic authentication (plaintext passwords)
// of opPasswords, calvin in group "kid", and the permission hooks:
//
//   - users (string): login == id or dad; NotFound for an unknown id;
//   - fun (int, int): i == j, as FlaskSimpleAuth's fun;
//   - response (int): a response by id, to see them all (1 Allowed, 2
//     Forbidden, 3 NotFound, 4 an *fsa.Error 518, 5 a plain error, other
//     values the Permission itself);
//   - sku (opSKU), item (opItem): typed identifiers.
func opApp(t *testing.T, logs *bytes.Buffer, directives ...any) *fsa.App {
	t.Helper()
	directives = append([]any{"FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_SCHEME", "plaintext"}, directives...)
	app := newApp(t, logs, directives...)
	app.GetUserPass(func(_ context.Context, login string) (string, error) { return opPasswords[login], nil })
	app.GroupCheck("kid", func(_ context.Context, login string) (bool, error) { return login == "calvin", nil })
	fsa.ObjectPerm(app, "users", func(_ context.Context, login string, id string, _ string) (fsa.Permission, error) {
		switch _, known := opPasswords[id]; {
		case !known:
			return fsa.NotFound, nil
		case login == id || login == "dad":
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	fsa.ObjectPerm2(app, "fun", func(_ context.Context, _ string, i, j int, _ string) (fsa.Permission, error) {
		if i == j {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	fsa.ObjectPerm(app, "answer", func(_ context.Context, _ string, id int, _ string) (fsa.Permission, error) {
		switch id {
		case 1:
			return fsa.Allowed, nil
		case 2:
			return fsa.Forbidden, nil
		case 3:
			return fsa.NotFound, nil
		case 4:
			return fsa.Forbidden, fsa.Err(518, "oops-1")
		case 5:
			return fsa.Allowed, errors.New("database password=hunter2 refused")
		}
		return fsa.Permission(id), nil
	})
	fsa.ObjectPerm(app, "sku", func(_ context.Context, login string, id opSKU, _ string) (fsa.Permission, error) {
		if strings.HasPrefix(string(id), login+"-") {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	fsa.ObjectPerm(app, "item", func(_ context.Context, _ string, id opItem, _ string) (fsa.Permission, error) {
		if id%2 == 0 {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	return app
}

// opSKU and opItem are named identifier types.
type (
	opSKU  string
	opItem int
)

// opLogin is a route's input: a login, from the path or the query.
type opLogin struct {
	Login string
}

// opID is a route's input: an int identifier.
type opID struct {
	ID int
}

func opShowLogin(c *fsa.Context, in opLogin) (any, error) { return c.User() + " on " + in.Login, nil }

func opShowID(c *fsa.Context, in opID) (any, error) {
	return fmt.Sprintf("%s on %d", c.User(), in.ID), nil
}

// Every response of a permission hook, through path and query variables,
// the default variable, two variables, several permissions and typed
// identifiers: the status and the exact body.
func TestObjectPermissions(t *testing.T) {
	var handled atomic.Int64
	type ordered struct {
		ID int
		N  int `validate:"gte=0"`
	}
	type pair struct {
		I, J int
	}
	type two struct {
		A, B string
	}
	type typed struct {
		SKU  opSKU `param:"sku"`
		Item opItem
	}
	// with the default FSA_NOT_FOUND_ERROR, and with 410
	for _, notFound := range []int{404, 410} {
		t.Run(fmt.Sprint("not found ", notFound), func(t *testing.T) {
			var logs bytes.Buffer
			app := opApp(t, &logs, "FSA_NOT_FOUND_ERROR", notFound)
			fsa.Get(app, "/my/<login>", fsa.Object("users", "login", "read"), opShowLogin)
			fsa.Get(app, "/first/<login>", fsa.Object("users", "", "read"), opShowLogin)
			fsa.Get(app, "/query", fsa.Object("users", "login", "read"), opShowLogin)
			fsa.Get(app, "/perm/fun/<int:i>/<int:j>", fsa.Object("fun", "i:j", "fun"), func(c *fsa.Context, in pair) (any, error) {
				return fmt.Sprintf("%s i==j (%d)", c.User(), in.I), nil
			})
			fsa.Get(app, "/answer/<int:id>", fsa.Object("answer", "id", "read"), opShowID)
			fsa.Get(app, "/answer", fsa.Object("answer", "id", "read"), opShowID)
			fsa.Get(app, "/two/<a>/<b>", fsa.All(fsa.Object("users", "a", "read"), fsa.Object("users", "b", "write")),
				func(c *fsa.Context, in two) (any, error) { return in.A + " and " + in.B, nil })
			fsa.Get(app, "/kid/<login>", fsa.All(fsa.Group("kid"), fsa.Object("users", "login", "read")), opShowLogin)
			fsa.Get(app, "/typed/<sku>", fsa.All(fsa.Object("sku", "sku", "read"), fsa.Object("item", "item", "read")),
				func(c *fsa.Context, in typed) (any, error) { return fmt.Sprintf("%s %d", in.SKU, in.Item), nil })
			fsa.Get(app, "/ordered/<int:id>", fsa.Object("answer", "id", "read"), func(c *fsa.Context, in ordered) (any, error) {
				handled.Add(1)
				return fmt.Sprintf("%d %d", in.ID, in.N), nil
			})
			calvin, susie, dad := fsatest.Basic("calvin", "hobbes"), fsatest.Basic("susie", "derkins"), fsatest.Basic("dad", "mum")
			missing := "object not found"
			s := fsatest.String
			cases := []fsatest.Case{
				// FlaskSimpleAuth's /my/<login> (users): dad any, others' 403, self, unknown 404
				{Name: "users: no login", Path: "/my/calvin", WantStatus: 401, WantExact: s("missing authentication")},
				{Name: "users: self", Path: "/my/calvin", Auth: calvin, WantStatus: 200, WantExact: s("calvin on calvin")},
				{Name: "users: dad reads calvin", Path: "/my/calvin", Auth: dad, WantStatus: 200, WantExact: s("dad on calvin")},
				{Name: "users: dad reads himself", Path: "/my/dad", Auth: dad, WantStatus: 200, WantExact: s("dad on dad")},
				{Name: "users: other's", Path: "/my/susie", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on users (read)")},
				{Name: "users: other's, reversed", Path: "/my/calvin", Auth: susie, WantStatus: 403, WantExact: s("permission denied on users (read)")},
				{Name: "users: unknown", Path: "/my/moe", Auth: calvin, WantStatus: notFound, WantExact: &missing},
				{Name: "users: unknown, for dad", Path: "/my/moe", Auth: dad, WantStatus: notFound, WantExact: &missing},
				{Name: "users: wrong password", Path: "/my/calvin", Auth: fsatest.Basic("calvin", "mum"), WantStatus: 401,
					WantExact: s("invalid user or password")},
				// the default variable is the first parameter
				{Name: "default variable: self", Path: "/first/susie", Auth: susie, WantStatus: 200, WantExact: s("susie on susie")},
				{Name: "default variable: other's", Path: "/first/calvin", Auth: susie, WantStatus: 403, WantExact: s("permission denied on users (read)")},
				{Name: "default variable: unknown", Path: "/first/moe", Auth: susie, WantStatus: notFound, WantExact: &missing},
				// a query parameter identifies the object as well as a path variable
				{Name: "query: self", Path: "/query?login=calvin", Auth: calvin, WantStatus: 200, WantExact: s("calvin on calvin")},
				{Name: "query: other's", Path: "/query?login=susie", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on users (read)")},
				{Name: "query: unknown", Path: "/query?login=moe", Auth: calvin, WantStatus: notFound, WantExact: &missing},
				{Name: "query: missing parameter", Path: "/query", Auth: calvin, WantStatus: 400, WantExact: s(`parameter "login" is missing`)},
				{Name: "query: missing parameter, no login", Path: "/query", WantStatus: 401, WantExact: s("missing authentication")},
				// FlaskSimpleAuth's fun: two variables
				{Name: "fun: i==j", Path: "/perm/fun/4/4", Auth: calvin, WantStatus: 200, WantExact: s("calvin i==j (4)")},
				{Name: "fun: i!=j", Path: "/perm/fun/3/4", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on fun (fun)")},
				{Name: "fun: not an int", Path: "/perm/fun/3/x", Auth: calvin, WantStatus: 404, WantExact: s("not found")},
				// every response of a hook
				{Name: "answer: Allowed", Path: "/answer/1", Auth: calvin, WantStatus: 200, WantExact: s("calvin on 1")},
				{Name: "answer: Forbidden", Path: "/answer/2", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on answer (read)")},
				{Name: "answer: NotFound", Path: "/answer/3", Auth: calvin, WantStatus: notFound, WantExact: &missing},
				{Name: "answer: *fsa.Error kept", Path: "/answer/4", Auth: calvin, WantStatus: 518, WantExact: s("oops-1")},
				{Name: "answer: plain error", Path: "/answer/5", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer/:id")},
				{Name: "answer: plain error, query", Path: "/answer?id=5", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer")},
				{Name: "answer: unknown Permission", Path: "/answer/7", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer/:id")},
				{Name: "answer: unknown Permission, again", Path: "/answer/7", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer/:id")},
				{Name: "answer: negative Permission", Path: "/answer?id=-1", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer")},
				// 257 is Allowed (1) modulo 256: it must not pass for Allowed
				{Name: "answer: Permission(257)", Path: "/answer/257", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer/:id")},
				{Name: "answer: Permission(256)", Path: "/answer/256", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer/:id")},
				{Name: "answer: Permission(258)", Path: "/answer/258", Auth: calvin, WantStatus: 500,
					WantExact: s("internal error caught at perm authorization on /answer/:id")},
				{Name: "answer: query Allowed", Path: "/answer?id=1", Auth: susie, WantStatus: 200, WantExact: s("susie on 1")},
				{Name: "answer: query not an int", Path: "/answer?id=one", Auth: susie, WantStatus: 400},
				// several permissions: all must hold, the first refusal is the response
				{Name: "two: dad reads, dad writes", Path: "/two/calvin/susie", Auth: dad, WantStatus: 200, WantExact: s("calvin and susie")},
				{Name: "two: both own", Path: "/two/calvin/calvin", Auth: calvin, WantStatus: 200, WantExact: s("calvin and calvin")},
				{Name: "two: second refused", Path: "/two/calvin/susie", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on users (write)")},
				{Name: "two: first refused", Path: "/two/susie/calvin", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on users (read)")},
				{Name: "two: first unknown", Path: "/two/moe/susie", Auth: calvin, WantStatus: notFound, WantExact: &missing},
				{Name: "two: second unknown", Path: "/two/calvin/moe", Auth: calvin, WantStatus: notFound, WantExact: &missing},
				// a group and an object: the group first
				{Name: "kid: self", Path: "/kid/calvin", Auth: calvin, WantStatus: 200, WantExact: s("calvin on calvin")},
				{Name: "kid: not a kid", Path: "/kid/susie", Auth: susie, WantStatus: 403, WantExact: s(`not in group "kid"`)},
				{Name: "kid: not a kid, unknown object", Path: "/kid/moe", Auth: dad, WantStatus: 403, WantExact: s(`not in group "kid"`)},
				{Name: "kid: other's", Path: "/kid/susie", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on users (read)")},
				{Name: "kid: unknown", Path: "/kid/moe", Auth: calvin, WantStatus: notFound, WantExact: &missing},
				// typed identifiers: a named string from the path, a named int from the query
				{Name: "typed: both allowed", Path: "/typed/calvin-1?item=2", Auth: calvin, WantStatus: 200, WantExact: s("calvin-1 2")},
				{Name: "typed: sku refused", Path: "/typed/susie-1?item=2", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on sku (read)")},
				{Name: "typed: item refused", Path: "/typed/calvin-1?item=3", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on item (read)")},
				{Name: "typed: item not an int", Path: "/typed/calvin-1?item=x", Auth: calvin, WantStatus: 400},
				// order: 401, then parameters (400), then the object (403, 404), then the handler
				{Name: "order: 401 before 400", Path: "/ordered/2?n=-1", WantStatus: 401, WantExact: s("missing authentication")},
				{Name: "order: 401 before 403", Path: "/ordered/2?n=1", WantStatus: 401, WantExact: s("missing authentication")},
				{Name: "order: 400 before 403", Path: "/ordered/2?n=-1", Auth: calvin, WantStatus: 400},
				{Name: "order: 400 before 404", Path: "/ordered/3", Auth: calvin, WantStatus: 400, WantExact: s(`parameter "n" is missing`)},
				{Name: "order: 400 unexpected parameter before 403", Path: "/ordered/2?n=1&x=1", Auth: calvin, WantStatus: 400},
				{Name: "order: 403", Path: "/ordered/2?n=1", Auth: calvin, WantStatus: 403, WantExact: s("permission denied on answer (read)")},
				{Name: "order: 404", Path: "/ordered/3?n=1", Auth: calvin, WantStatus: notFound, WantExact: &missing},
				{Name: "order: 518", Path: "/ordered/4?n=1", Auth: calvin, WantStatus: 518, WantExact: s("oops-1")},
				{Name: "order: handler", Path: "/ordered/1?n=5", Auth: calvin, WantStatus: 200, WantExact: s("1 5")},
			}
			handled.Store(0)
			client(t, app).Run(t, cases)
			// only the allowed request reached the handler
			if n := handled.Load(); n != 1 {
				t.Errorf("the handler ran %d times, want 1", n)
			}
			if !strings.Contains(logs.String(), "database password=hunter2 refused") {
				t.Errorf("the hook's error is not logged: %s", logs.String())
			}
		})
	}
}

// Object permissions that cannot be checked are declaration errors,
// which Check reports with the route.
func TestObjectPermissionDeclarationErrors(t *testing.T) {
	type optional struct {
		Login *string
	}
	type noParams struct {
		User fsa.CurrentUser
	}
	type header struct {
		Login string `header:"X-Login"`
		ID    int
	}
	type list struct {
		Logins []string
	}
	type pair struct {
		I, J int
	}
	type twoTypes struct {
		I int
		J string
	}
	type item struct {
		Item int // an int, not an opItem
	}
	fn := func(*fsa.Context, pair) (any, error) { return nil, nil }
	tests := []struct {
		name    string
		declare func(app *fsa.App)
		want    string
	}{
		{"unknown domain", func(app *fsa.App) { fsa.Get(app, "/o/<login>", fsa.Object("nope", "login", "read"), opShowLogin) },
			`route GET /o/:login: missing object permission checker for domain "nope": register fsa.ObjectPerm`},
		{"unknown domain on a route without parameters", func(app *fsa.App) { fsa.Get(app, "/o", fsa.Object("nope", "", "read"), hello) },
			`route GET /o: missing object permission checker for domain "nope": register fsa.ObjectPerm`},
		{"empty domain", func(app *fsa.App) { fsa.Get(app, "/o/<login>", fsa.Object("", "login", "read"), opShowLogin) },
			`route GET /o/:login: Object needs a domain`},
		{"variable not a parameter", func(app *fsa.App) { fsa.Get(app, "/o/<login>", fsa.Object("users", "who", "read"), opShowLogin) },
			`route GET /o/:login: object permission on "users": "who" is not a parameter of the route`},
		{"variable is a header", func(app *fsa.App) {
			fsa.Get(app, "/o", fsa.Object("users", "login", "read"), func(*fsa.Context, header) (any, error) { return nil, nil })
		}, `route GET /o: object permission on "users": "login" is not a parameter of the route`},
		{"variable is a list", func(app *fsa.App) {
			fsa.Get(app, "/o", fsa.Object("users", "logins", "read"), func(*fsa.Context, list) (any, error) { return nil, nil })
		}, `route GET /o: object permission on "users": "logins" is not a parameter of the route`},
		{"one variable, hook of two", func(app *fsa.App) { fsa.Get(app, "/f/<int:i>/<int:j>", fsa.Object("fun", "i", "x"), fn) },
			`route GET /f/:i/:j: object permission on "fun": 1 variables, its hook takes 2`},
		{"default variable, hook of two", func(app *fsa.App) { fsa.Get(app, "/f/<int:i>/<int:j>", fsa.Object("fun", "", "x"), fn) },
			`route GET /f/:i/:j: object permission on "fun": 1 variables, its hook takes 2`},
		{"two variables, hook of one", func(app *fsa.App) { fsa.Get(app, "/f/<int:i>/<int:j>", fsa.Object("answer", "i:j", "x"), fn) },
			`route GET /f/:i/:j: object permission on "answer": 2 variables, its hook takes 1`},
		{"three variables, hook of two", func(app *fsa.App) { fsa.Get(app, "/f/<int:i>/<int:j>", fsa.Object("fun", "i:j:i", "x"), fn) },
			`route GET /f/:i/:j: object permission on "fun": 3 variables, its hook takes 2`},
		{"empty second variable", func(app *fsa.App) { fsa.Get(app, "/f/<int:i>/<int:j>", fsa.Object("fun", "i:", "x"), fn) },
			`route GET /f/:i/:j: object permission on "fun": "" is not a parameter of the route`},
		{"type mismatch: int for string", func(app *fsa.App) { fsa.Get(app, "/o/<int:id>", fsa.Object("users", "id", "read"), opShowID) },
			`route GET /o/:id: object permission on "users": parameter "id" is a int, its hook takes a string`},
		{"type mismatch: string for int", func(app *fsa.App) { fsa.Get(app, "/o/<login>", fsa.Object("answer", "login", "read"), opShowLogin) },
			`route GET /o/:login: object permission on "answer": parameter "login" is a string, its hook takes a int`},
		{"type mismatch: second of two", func(app *fsa.App) {
			fsa.Get(app, "/f/<int:i>/<j>", fsa.Object("fun", "i:j", "x"), func(*fsa.Context, twoTypes) (any, error) { return nil, nil })
		}, `route GET /f/:i/:j: object permission on "fun": parameter "j" is a string, its hook takes a int`},
		{"type mismatch: int for a named int", func(app *fsa.App) {
			fsa.Get(app, "/i/<int:item>", fsa.Object("item", "item", "read"), func(*fsa.Context, item) (any, error) { return nil, nil })
		}, `route GET /i/:item: object permission on "item": parameter "item" is a int, its hook takes a fsa_test.opItem`},
		{"optional parameter", func(app *fsa.App) {
			fsa.Get(app, "/o", fsa.Object("users", "login", "read"), func(*fsa.Context, optional) (any, error) { return nil, nil })
		}, `route GET /o: object permission on "users": parameter "login" cannot be optional`},
		{"optional default variable", func(app *fsa.App) {
			fsa.Get(app, "/o", fsa.Object("users", "", "read"), func(*fsa.Context, optional) (any, error) { return nil, nil })
		}, `route GET /o: object permission on "users": parameter "login" cannot be optional`},
		{"no parameters", func(app *fsa.App) { fsa.Get(app, "/o", fsa.Object("users", "", "read"), hello) },
			`route GET /o: object permission on "users": permissions require some parameters`},
		{"only a current user", func(app *fsa.App) {
			fsa.Get(app, "/o", fsa.Object("users", "", "read"), func(*fsa.Context, noParams) (any, error) { return nil, nil })
		}, `route GET /o: object permission on "users": permissions require some parameters`},
		{"open with an object", func(app *fsa.App) {
			fsa.Get(app, "/o/<login>", fsa.All(fsa.Open, fsa.Object("users", "login", "read")), opShowLogin, fsa.Authn("none"))
		}, `route GET /o/:login: cannot mix Open with other authorizations`},
		{"object with open", func(app *fsa.App) {
			fsa.Get(app, "/o/<login>", fsa.All(fsa.Object("users", "login", "read"), fsa.Open), opShowLogin)
		}, `route GET /o/:login: cannot mix Open with other authorizations`},
		{"second of two objects", func(app *fsa.App) {
			fsa.Get(app, "/o/<login>", fsa.All(fsa.Object("users", "login", "read"), fsa.Object("users", "nope", "read")), opShowLogin)
		}, `route GET /o/:login: object permission on "users": "nope" is not a parameter of the route`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := opApp(t, nil, "FSA_AUTH", []string{"basic", "none"})
			tt.declare(app)
			err := app.Check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check: %v\nwant: %s", err, tt.want)
			}
			if n := strings.Count(err.Error(), "\n") + 1; n != 1 {
				t.Errorf("Check: %d errors, want 1: %v", n, err)
			}
		})
	}
	// every route is checked, and every problem reported at once
	app := opApp(t, nil)
	fsa.Get(app, "/a/<login>", fsa.Object("nope", "login", "read"), opShowLogin)
	fsa.Get(app, "/b/<int:id>", fsa.Object("users", "id", "read"), opShowID)
	fsa.Get(app, "/c/<login>", fsa.All(fsa.Object("users", "x", "read"), fsa.Object("fun", "login", "read")), opShowLogin)
	err := app.Check()
	for _, want := range []string{`route GET /a/:login: missing object permission checker for domain "nope"`,
		`route GET /b/:id: object permission on "users": parameter "id" is a int, its hook takes a string`,
		`route GET /c/:login: object permission on "users": "x" is not a parameter of the route`,
		`route GET /c/:login: object permission on "fun": 1 variables, its hook takes 2`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check: %v\nwant: %s", err, want)
		}
	}
}

// A hook registered for a domain with the same types as another route's
// parameter works on both routes; the mode reaches the hook as declared.
func TestObjectPermissionMode(t *testing.T) {
	app := opApp(t, nil)
	var modes []string
	fsa.ObjectPerm(app, "mode", func(_ context.Context, login string, id string, mode string) (fsa.Permission, error) {
		modes = append(modes, login+":"+id+":"+mode)
		if mode == "read" {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	fsa.Get(app, "/m/<login>", fsa.Object("mode", "login", "read"), opShowLogin)
	fsa.Post(app, "/m/<login>", fsa.Object("mode", "login", "write"), opShowLogin)
	fsa.Put(app, "/m/<login>", fsa.Object("mode", "login", ""), opShowLogin)
	calvin := fsatest.Basic("calvin", "hobbes")
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/m/x", Auth: calvin, WantStatus: 200, WantExact: fsatest.String("calvin on x")},
		{Method: "POST", Path: "/m/x", Auth: calvin, WantStatus: 403, WantExact: fsatest.String("permission denied on mode (write)")},
		{Method: "PUT", Path: "/m/x", Auth: calvin, WantStatus: 403, WantExact: fsatest.String("permission denied on mode ()")},
	})
	if want := []string{"calvin:x:read", "calvin:x:write", "calvin:x:"}; strings.Join(modes, ",") != strings.Join(want, ",") {
		t.Errorf("hook calls %q, want %q", modes, want)
	}
}
