package fsa_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/fsa-go/fsa-go/fsa"
)

// exampleApp returns an app for the examples: the given configuration, no
// environment, no logs.
func exampleApp(conf string) *fsa.App {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler)),
		fsa.ConfigData("acme.conf", []byte(conf)))
	if err != nil {
		panic(err)
	}
	return app
}

// exampleDo sends a request from this host to h and prints the status, the
// body on one line and the WWW-Authenticate header when there is one.
func exampleDo(h http.Handler, method, target string, header ...string) {
	req := localRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	line := strings.TrimSpace(fmt.Sprintf("%d %s", rec.Code, strings.ReplaceAll(strings.TrimSpace(rec.Body.String()), "\n", "; ")))
	if challenge := rec.Header().Get("WWW-Authenticate"); challenge != "" {
		line += " [" + challenge + "]"
	}
	fmt.Println(line)
}

// Basic authentication: the GetUserPass hook gives a login's stored hash
// ("" for no such user), made by HashPassword (bcrypt by default). A route
// declared Auth needs a user; the handler reads it from the Context. An
// unknown user and a wrong password get the same 401.
func ExampleApp_GetUserPass() {
	app := exampleApp(`FSA_AUTH = ["basic"]`) // a scalar "basic" would enable token and none too
	hash, err := app.HashPassword("hobbes-tiger")
	if err != nil {
		panic(err)
	}
	users := map[string]string{"calvin": hash} // a database, in a real app
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return users[login], nil
	})
	fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
		return "hello " + c.User(), nil
	})
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}

	basic := func(login, password string) string {
		req, _ := http.NewRequest("GET", "/", nil)
		req.SetBasicAuth(login, password)
		return req.Header.Get("Authorization")
	}
	exampleDo(h, "GET", "/hello-me")
	exampleDo(h, "GET", "/hello-me", "Authorization", basic("calvin", "hobbes-tiger"))
	exampleDo(h, "GET", "/hello-me", "Authorization", basic("calvin", "wrong"))
	exampleDo(h, "GET", "/hello-me", "Authorization", basic("moe", "hobbes-tiger"))
	// Output:
	// 401 missing authentication [Basic realm="acme"]
	// 200 hello calvin
	// 401 invalid user or password [Basic realm="acme"]
	// 401 invalid user or password [Basic realm="acme"]
}

// Tokens: a route that authenticates with a password gives a token
// (CreateToken on the Context makes one for its user); other routes take it
// as a bearer token. FSA_TOKEN_SECRET signs the tokens, so that every
// process that shares it accepts them.
func ExampleContext_CreateToken() {
	app := exampleApp(`
FSA_AUTH = ["token", "basic"]
FSA_TOKEN_SECRET = "a secret of 32 bytes or more, random in real life"
FSA_PASSWORD_SCHEME = "plaintext"
`)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes"}[login], nil // plaintext: a test only
	})
	fsa.Get(app, "/token", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
		token, err := c.CreateToken()
		return map[string]string{"token": token}, err
	}, fsa.Authn("basic"))
	fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
		return "hello " + c.User() + " (" + c.Scheme() + ")", nil
	})
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}

	req := localRequest("GET", "/token", nil)
	req.SetBasicAuth("calvin", "hobbes")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	token := strings.Split(rec.Body.String(), `"`)[3] // {"token":"..."}
	fmt.Println(rec.Code, strings.HasPrefix(token, "acme:calvin:"))
	exampleDo(h, "GET", "/hello-me", "Authorization", "Bearer "+token)
	exampleDo(h, "GET", "/hello-me", "Authorization", "Bearer "+token+"x")
	// Output:
	// 200 true
	// 200 hello calvin (token)
	// 401 invalid fsa auth token signature [Basic realm="acme", Bearer realm="acme"]
}

// Logging out: DELETE /token revokes the token that authenticated it, and
// RevokeUser every token of a login made until then ("log out everywhere").
// A revoked token is refused until it expires, by every instance that
// shares the app's FSA_CACHE redis or memcached; a new token works at once.
func ExampleContext_RevokeToken() {
	app := exampleApp(`
FSA_AUTH = ["token"]
FSA_TOKEN_TYPE = "jwt"
FSA_TOKEN_SECRET = "a secret of 32 bytes or more, random in real life"
`)
	fsa.Delete(app, "/token", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
		c.Status(http.StatusNoContent)
		return nil, c.RevokeToken()
	}, fsa.Authn("token"))
	fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
		return "hello " + c.User(), nil
	})
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}

	token, _ := app.CreateToken("calvin") // a login route would give it
	other, _ := app.CreateToken("calvin", fsa.TokenRealm("elsewhere"))
	exampleDo(h, "GET", "/hello-me", "Authorization", "Bearer "+token)
	exampleDo(h, "DELETE", "/token", "Authorization", "Bearer "+token)
	exampleDo(h, "GET", "/hello-me", "Authorization", "Bearer "+token)

	again, _ := app.CreateToken("calvin")
	exampleDo(h, "GET", "/hello-me", "Authorization", "Bearer "+again)
	if err := app.RevokeUser(context.Background(), "calvin"); err != nil {
		panic(err)
	}
	exampleDo(h, "GET", "/hello-me", "Authorization", "Bearer "+again)
	fmt.Println(app.RevokeToken(context.Background(), other)) // already refused: nil
	// Output:
	// 200 hello calvin
	// 204
	// 401 revoked auth token [Bearer realm="acme"]
	// 200 hello calvin
	// 401 revoked auth token [Bearer realm="acme"]
	// <nil>
}

// A group authorization: the user must be a member, which the group's
// hook says. A user outside the group gets 403 before its parameters are
// even read.
func ExampleGroup() {
	app := exampleApp(`
FSA_AUTH = ["basic"]
FSA_PASSWORD_SCHEME = "plaintext"
`)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes", "susie": "derkins"}[login], nil
	})
	app.GroupCheck("admin", func(_ context.Context, login string) (bool, error) {
		return login == "calvin", nil
	})
	fsa.Post(app, "/user", fsa.Group("admin"), func(c *fsa.Context, in struct{ Login string }) (any, error) {
		c.Status(http.StatusCreated)
		return "user added: " + in.Login, nil
	})
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}

	for _, who := range [][2]string{{"calvin", "hobbes"}, {"susie", "derkins"}} {
		req := localRequest("POST", "/user?login=moe", nil)
		req.SetBasicAuth(who[0], who[1])
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(who[0], rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// calvin 201 user added: moe
	// susie 403 not in group "admin"
}

// An object permission: the route names a domain, the parameter that
// identifies the object and a mode; the domain's hook, given the
// parameter already converted, says whether the user may (or that there
// is no such object: 404).
func ExampleObjectPerm() {
	app := exampleApp(`
FSA_AUTH = ["basic"]
FSA_PASSWORD_SCHEME = "plaintext"
`)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes", "susie": "derkins"}[login], nil
	})
	owners := map[int]string{1: "calvin", 2: "susie"}
	fsa.ObjectPerm(app, "stuff", func(_ context.Context, login string, sid int, mode string) (fsa.Permission, error) {
		owner, ok := owners[sid]
		switch {
		case !ok:
			return fsa.NotFound, nil
		case mode == "owner" && owner == login:
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	fsa.Delete(app, "/stuff/<int:sid>", fsa.Object("stuff", "sid", "owner"), func(_ *fsa.Context, in struct{ Sid int }) (any, error) {
		return fmt.Sprintf("stuff %d deleted", in.Sid), nil
	})
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}

	for _, sid := range []string{"1", "2", "3"} {
		req := localRequest("DELETE", "/stuff/"+sid, nil)
		req.SetBasicAuth("calvin", "hobbes")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(sid, rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 1 200 stuff 1 deleted
	// 2 403 permission denied on stuff (owner)
	// 3 404 object not found
}

// Tenant is a value the framework fills for each request, never taken
// from the client's parameters.
type Tenant struct{ Name string }

// A special parameter type: Special registers how to make a Tenant from
// the request, and any input field of that type is filled with it. An
// *fsa.Error from the function is the response, naming the field.
func ExampleSpecial() {
	app := exampleApp(``)
	fsa.Special(app, func(c *fsa.Context) (Tenant, error) {
		name := c.Request().Header.Get("X-Tenant")
		if name == "" {
			return Tenant{}, fsa.Err(http.StatusBadRequest, "no tenant")
		}
		return Tenant{Name: name}, nil
	})
	fsa.Get(app, "/whoami", fsa.Open, func(_ *fsa.Context, in struct{ T Tenant }) (any, error) {
		return "tenant " + in.T.Name, nil
	})
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}

	exampleDo(h, "GET", "/whoami", "X-Tenant", "acme")
	exampleDo(h, "GET", "/whoami")
	// Output:
	// 200 tenant acme
	// 400 parameter "t": no tenant
}

// The route table: each route's authorization, schemes and parameters, as
// the app checked them, for a reviewer to read the API's security at once.
func ExampleApp_WriteRoutes() {
	app := exampleApp(`FSA_AUTH = ["token", "basic", "none"]
FSA_TOKEN_SECRET = "a secret of 32 bytes or more, random in real life"`)
	app.GetUserPass(func(context.Context, string) (string, error) { return "", nil })
	app.GroupCheck("admin", func(context.Context, string) (bool, error) { return false, nil })
	fsa.ObjectPerm(app, "stuff", func(context.Context, string, int, string) (fsa.Permission, error) {
		return fsa.Forbidden, nil
	})
	ok := func(*fsa.Context, struct{}) (any, error) { return nil, nil }
	fsa.Get(app, "/hello", fsa.Open, ok, fsa.Authn("none"))
	fsa.Post(app, "/user", fsa.Group("admin"), func(*fsa.Context, struct {
		Login string
		Email *string
	}) (any, error) {
		return nil, nil
	})
	fsa.Patch(app, "/stuff/<int:sid>", fsa.Object("stuff", "sid", "owner"), func(*fsa.Context, struct {
		Sid   int
		Price float64 `validate:"gte=0"`
	}) (any, error) {
		return nil, nil
	})
	if err := app.WriteRoutes(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// METHOD  PATH              AUTHZ                         SCHEMES           PARAMS
	// GET     /hello            OPEN                          none              -
	// PATCH   /stuff/<int:sid>  AUTH object(stuff:sid:owner)  token,basic,none  :sid:int price:float64
	// POST    /user             AUTH group(admin)             token,basic,none  login:string email?:*string
}
