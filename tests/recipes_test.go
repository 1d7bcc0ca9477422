package tests

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/pquerna/otp/totp"
)

// The two-stage login of docs/RECIPES.md: a password, then a TOTP code.
func TestRecipeMFA(t *testing.T) {
	now := time.Unix(1765000000, 0)
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Clock(func() time.Time { return now }),
		fsa.Set("FSA_AUTH", []string{"token", "basic", "param"}), fsa.Set("FSA_AUTH_DEFAULT", "token"),
		fsa.Set("FSA_TOKEN_SECRET", "a-long-random-secret-of-32-bytes-or-more"),
		fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"), fsa.Set("FSA_ERROR_RESPONSE", "json:error"))
	if err != nil {
		t.Fatal(err)
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "Hobbes-2024"}[login], nil
	})
	const secret = "6BJ6OS5EMTPEKJ4QBMLIWIGNUNRNNS55"
	db := recipeDB{"calvin": secret}
	fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return "hello " + c.User(), nil })

	// the recipe's code, as shown
	const mfaRealm = "acme-mfa"

	// the second factor: each user's base32 TOTP secret, kept next to the password hash
	otp, err := app.NewOTP(nil) // pyotp's defaults: 6 digits, 30 seconds, SHA-1
	if err != nil {
		t.Fatal(err)
	}

	// stage 1: a password gives a 5-minute token that only stage 2 accepts
	fsa.Post(app, "/login1", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
		token, err := c.CreateToken(fsa.TokenRealm(mfaRealm), fsa.TokenDelay(5*time.Minute))
		return map[string]string{"token": token}, err
	}, fsa.Authn("basic", "param"))

	// stage 2: that token and the current code give a token of the app's realm
	fsa.Post(app, "/login2", fsa.Auth, func(c *fsa.Context, in struct {
		Code string `validate:"required"`
	}) (any, error) {
		secret, err := db.OTPSecret(c, c.User())
		if err != nil {
			return nil, err
		}
		if !otp.Check(secret, in.Code) {
			return nil, fsa.Err(http.StatusUnauthorized, "invalid code")
		}
		token, err := c.App().CreateToken(c.User()) // the app's realm
		return map[string]string{"token": token}, err
	}, fsa.Authn("token"), fsa.Realm(mfaRealm))

	c := fsatest.New(app)
	basic := fsatest.Basic("calvin", "Hobbes-2024")
	stage1 := tokenOf(t, c.Check(t, fsatest.Case{Name: "stage 1", Method: "POST", Path: "/login1", Auth: basic, WantStatus: 200}))
	current, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	code := url.Values{"code": {current}}
	c.Run(t, []fsatest.Case{
		{Name: "password alone opens nothing", Path: "/hello-me", Auth: basic, WantStatus: 401},
		{Name: "stage 1 token opens nothing", Path: "/hello-me", Auth: fsatest.Bearer(stage1), WantStatus: 401,
			WantJSON: map[string]any{"error": "unexpected fsa token realm"}},
		{Name: "wrong code", Method: "POST", Path: "/login2", Auth: fsatest.Bearer(stage1), Form: url.Values{"code": {"000000"}},
			WantStatus: 401, WantJSON: map[string]any{"error": "invalid code"}},
		{Name: "stage 2 needs the stage 1 token", Method: "POST", Path: "/login2", Auth: basic, Form: code, WantStatus: 401},
	})
	final := tokenOf(t, c.Check(t, fsatest.Case{Name: "stage 2", Method: "POST", Path: "/login2", Auth: fsatest.Bearer(stage1), Form: code, WantStatus: 200}))
	c.Run(t, []fsatest.Case{
		{Name: "final token", Path: "/hello-me", Auth: fsatest.Bearer(final), WantStatus: 200, WantExact: fsatest.String("hello calvin")},
		{Name: "final token is not a stage 1 token", Method: "POST", Path: "/login2", Auth: fsatest.Bearer(final), Form: code,
			WantStatus: 401, WantJSON: map[string]any{"error": "unexpected fsa token realm"}},
		{Name: "a code is used once", Method: "POST", Path: "/login2", Auth: fsatest.Bearer(stage1), Form: code,
			WantStatus: 401, WantJSON: map[string]any{"error": "invalid code"}},
	})
}

// recipeDB holds the users' TOTP secrets.
type recipeDB map[string]string

// OTPSecret returns the TOTP secret of a login.
func (db recipeDB) OTPSecret(_ context.Context, login string) (string, error) {
	if s, ok := db[login]; ok {
		return s, nil
	}
	return "", fsa.Err(http.StatusUnauthorized, "no second factor for "+login)
}

// The migration from werkzeug hashes of docs/RECIPES.md, with Acme's data
// and hooks.
func TestRecipeWerkzeug(t *testing.T) {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Set("FSA_AUTH", "basic"),
		fsa.Set("FSA_PASSWORD_SCHEME", []string{"bcrypt", "werkzeug"}), fsa.Set("FSA_PASSWORD_OPTS", map[string]any{"rounds": 4}))
	if err != nil {
		t.Fatal(err)
	}
	// made by werkzeug 3.1.8's generate_password_hash("Hobbes-2024", "pbkdf2:sha256:1000")
	// (internal/password/testdata/migrated.json)
	const werkzeugHash = "pbkdf2:sha256:1000$RAecZ5X9QJJJwLYY$fe4cf722ebe73b0800744fee00d2929dee79e4aed44b0686c82f2c506099d60e"
	db := acmeapp.NewData()
	if err := db.AddUser("calvin", werkzeugHash, "calvin@acme.org", false); err != nil {
		t.Fatal(err)
	}

	// the recipe's code, as shown
	app.GetUserPass(db.GetUserPass)    // SELECT hash FROM users WHERE login = $1
	app.PasswordRehash(db.SetUserPass) // UPDATE users SET hash = $2 WHERE login = $1

	fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return "hello " + c.User(), nil })
	c := fsatest.New(app)
	c.Run(t, []fsatest.Case{
		{Name: "wrong password", Path: "/hello-me", Auth: fsatest.Basic("calvin", "Hobbes-2025"), WantStatus: 401},
		{Name: "werkzeug hash", Path: "/hello-me", Auth: fsatest.Basic("calvin", "Hobbes-2024"), WantStatus: 200,
			WantExact: fsatest.String("hello calvin")},
	})
	hash, _ := db.GetUserPass(context.Background(), "calvin")
	if !strings.HasPrefix(hash, "$2b$04$") {
		t.Fatalf("stored hash %q after the login, want bcrypt", hash)
	}
	c.Run(t, []fsatest.Case{
		{Name: "bcrypt hash, next login", Path: "/hello-me", Auth: fsatest.Basic("calvin", "Hobbes-2024"), WantStatus: 200},
		{Name: "bcrypt hash, wrong password", Path: "/hello-me", Auth: fsatest.Basic("calvin", "Hobbes-2025"), WantStatus: 401},
	})
	if again, _ := db.GetUserPass(context.Background(), "calvin"); again != hash {
		t.Error("a hash of the first scheme was rehashed")
	}
}

// The users module of docs/RECIPES.md's blueprint recipe: its routes, on
// whatever Router it is given (the recipe's code, as shown).
func userRoutes(r fsa.Router) {
	fsa.Get(r, "", fsa.Group("admin"), listUsers)                         // GET  <prefix>
	fsa.Post(r, "", fsa.Group("admin"), addUser)                          // POST <prefix>
	fsa.Get(r, "/<login>", fsa.Object("users", "login", "read"), getUser) // GET  <prefix>/<login>
}

// The handlers of the users module.
func listUsers(*fsa.Context, struct{}) (any, error) { return []string{"calvin", "hobbes"}, nil }

func addUser(c *fsa.Context, in struct{ Login string }) (any, error) {
	c.Status(http.StatusCreated)
	return "added " + in.Login, nil
}

func getUser(_ *fsa.Context, in struct{ Login string }) (any, error) { return "user " + in.Login, nil }

// The blueprint recipe of docs/RECIPES.md: a module of routes under a
// prefix, twice, each route keeping its authorization.
func TestRecipeBlueprint(t *testing.T) {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler)),
		fsa.Set("FSA_AUTH", []string{"basic"}), fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"))
	if err != nil {
		t.Fatal(err)
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes", "susie": "derkins"}[login], nil
	})
	app.GroupCheck("admin", func(_ context.Context, login string) (bool, error) { return login == "calvin", nil })
	fsa.ObjectPerm(app, "users", func(_ context.Context, login, user, _ string) (fsa.Permission, error) {
		if login == user || login == "calvin" {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})

	// the recipe's code, as shown
	v1 := app.Blueprint("/v1")
	userRoutes(v1.Blueprint("/users"))  // /v1/users, /v1/users/<login>
	userRoutes(app.Blueprint("/users")) // the old paths, while clients move to /v1

	var table strings.Builder
	if err := app.WriteRoutes(&table); err != nil {
		t.Fatal(err)
	}
	// the recipe's route table, as shown
	const want = `METHOD  PATH               AUTHZ                          SCHEMES  PARAMS
GET     /users             AUTH group(admin)              basic    -
POST    /users             AUTH group(admin)              basic    login:string
GET     /users/<login>     AUTH object(users:login:read)  basic    :login:string
GET     /v1/users          AUTH group(admin)              basic    -
POST    /v1/users          AUTH group(admin)              basic    login:string
GET     /v1/users/<login>  AUTH object(users:login:read)  basic    :login:string
`
	if table.String() != want {
		t.Errorf("route table:\n%s\nwant:\n%s", table.String(), want)
	}

	calvin, susie := fsatest.Basic("calvin", "hobbes"), fsatest.Basic("susie", "derkins")
	c := fsatest.New(app)
	for _, prefix := range []string{"/v1/users", "/users"} {
		c.Run(t, []fsatest.Case{
			{Path: prefix, Auth: calvin, WantStatus: 200},
			{Path: prefix, Auth: susie, WantStatus: 403},
			{Path: prefix, WantStatus: 401},
			{Method: "POST", Path: prefix, Auth: calvin, Form: url.Values{"login": {"moe"}}, WantStatus: 201,
				WantExact: fsatest.String("added moe")},
			{Path: prefix + "/susie", Auth: susie, WantStatus: 200, WantExact: fsatest.String("user susie")},
			{Path: prefix + "/calvin", Auth: susie, WantStatus: 403},
		})
	}
	c.Check(t, fsatest.Case{Name: "no such prefix", Path: "/v2/users", Auth: calvin, WantStatus: 404})
}

// The user store on database/sql of docs/RECIPES.md, on each backend,
// with the cache on: each write's uncache call shows at the next login.
func TestRecipeUserStore(t *testing.T) {
	recipeShownCode(t, "## A user store on database/sql", "recipe_userstore_test.go")
	forEachBackend(t, func(t *testing.T, b backend) {
		app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Set("FSA_AUTH", []string{"basic", "none"}),
			fsa.Set("FSA_PASSWORD_OPTS", map[string]any{"rounds": 4}), fsa.Set("FSA_PASSWORD_LENGTH", 5),
			fsa.Set("FSA_ERROR_RESPONSE", "json:error"), fsa.Caching(fsa.NewMemoryCache(1<<10)))
		if err != nil {
			t.Fatal(err)
		}
		store := recipeUserStore(t, b, app)

		// the recipe's code, as shown
		app.GetUserPass(store.GetUserPass)

		type newUser struct {
			Login    string `validate:"required"`
			Password string `validate:"required"`
		}
		fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return "hello " + c.User(), nil })
		fsa.Post(app, "/users", fsa.Open, func(c *fsa.Context, in newUser) (any, error) {
			c.Status(http.StatusCreated)
			return "added", store.Add(c, in.Login, in.Password)
		})
		fsa.Put(app, "/password", fsa.Auth, func(c *fsa.Context, in struct {
			Password string `validate:"required"`
		}) (any, error) {
			return "changed", store.SetPassword(c, c.User(), in.Password)
		})
		fsa.Delete(app, "/user", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
			return "deleted", store.Delete(c, c.User())
		})
		c := fsatest.New(app)
		old, changed := fsatest.Basic("calvin", "Hobbes-2024"), fsatest.Basic("calvin", "Tiger-2025")
		add := url.Values{"login": {"calvin"}, "password": {"Hobbes-2024"}}
		c.Run(t, []fsatest.Case{
			{Name: "unknown, cached so", Path: "/hello-me", Auth: old, WantStatus: 401},
			{Name: "add", Method: "POST", Path: "/users", Form: add, WantStatus: 201, WantExact: fsatest.String("added")},
			{Name: "known at once", Path: "/hello-me", Auth: old, WantStatus: 200, WantExact: fsatest.String("hello calvin")},
			{Name: "add again", Method: "POST", Path: "/users", Form: add, WantStatus: 409,
				WantJSON: map[string]any{"error": "user exists: calvin"}},
			{Name: "weak password", Method: "POST", Path: "/users", Form: url.Values{"login": {"susie"}, "password": {"abc"}},
				WantStatus: 400, WantBody: "too short"},
			{Name: "change password", Method: "PUT", Path: "/password", Auth: old, Form: url.Values{"password": {"Tiger-2025"}},
				WantStatus: 200, WantExact: fsatest.String("changed")},
			{Name: "old password refused at once", Path: "/hello-me", Auth: old, WantStatus: 401},
			{Name: "new password", Path: "/hello-me", Auth: changed, WantStatus: 200},
			{Name: "delete", Method: "DELETE", Path: "/user", Auth: changed, WantStatus: 200, WantExact: fsatest.String("deleted")},
			{Name: "deleted refused at once", Path: "/hello-me", Auth: changed, WantStatus: 401},
			{Name: "delete again", Method: "DELETE", Path: "/user", Auth: changed, WantStatus: 401},
		})
	})
}
