// Package restauthapp is Miguel Grinberg's REST-auth
// (https://blog.miguelgrinberg.com/post/restful-authentication-with-flask),
// a Flask app with Flask-HTTPAuth, passlib and Flask-SQLAlchemy, on
// fsa-go: users in SQLite, password or token authentication, and a token
// route.
//
//	POST /api/users     {"username", "password"} -> 201 {"username"}, Location /api/users/ID
//	GET  /api/users/ID  -> {"username"}
//	GET  /api/token     (password) -> {"token", "duration": 600}
//	GET  /api/resource  (password or token) -> {"data": "Hello, USERNAME!"}
//
// As in the article, the token may be sent as the Basic user name, with
// any password: the custom scheme "basic-token" tries it first, then the
// framework's "basic" scheme tries the user name and password. A token
// also opens /api/resource as a Bearer token (the framework's "token"
// scheme).
package restauthapp

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
)

// TokenDuration is the life of a token, as the article's 600 seconds.
const TokenDuration = 600 * time.Second

// startupTimeout bounds the opening of the database.
const startupTimeout = 30 * time.Second

// Options returns the app's configuration, in code. The environment
// (FSA_* variables) overrides it, and opts given to Open override it too.
func Options() []fsa.Option {
	return []fsa.Option{
		fsa.Set("FSA_AUTH", []any{"basic-token", "token", "basic", "none"}),
		fsa.Set("FSA_ERROR_RESPONSE", "json:error"),
		// the article's tokens are itsdangerous' signed JSON, whose text
		// has no ':' and so fits in a Basic user name: JWTs, signed with
		// HS256, do too (fsa tokens hold ':')
		fsa.Set("FSA_TOKEN_TYPE", "jwt"),
		fsa.Set("FSA_TOKEN_ALGO", "HS256"),
		// the article's secret is in its source; here a random one per
		// process, unless FSA_TOKEN_SECRET is set (to keep tokens valid
		// across restarts, or shared by several processes)
		fsa.Set("FSA_TOKEN_SECRET", randomSecret()),
		// REST-auth's users were stored with passlib's custom_app_context:
		// sha512_crypt hashes on 64-bit hosts, sha256_crypt on 32-bit ones.
		// They still log in, and move to bcrypt then (PasswordRehash)
		fsa.Set("FSA_PASSWORD_SCHEME", []any{"bcrypt", "sha512_crypt", "sha256_crypt"}),
	}
}

// randomSecret returns 256 random bits as text.
func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// New returns the app, checked, on the SQLite file RESTAUTH_DB names
// (default restauth.db); the database stays open for the life of the
// process. A caller that must close it, a test, uses Open.
func New(getenv func(string) string, opts ...fsa.Option) (*fsa.App, error) {
	app, _, err := Open(getenv, opts...)
	return app, err
}

// Open returns the app, checked, and its user table, which the caller
// closes once the app is done. The configuration is Options, then opts;
// the users are in the SQLite file RESTAUTH_DB names (default
// restauth.db in the working directory, ":memory:" for a throwaway one).
func Open(getenv func(string) string, opts ...fsa.Option) (*fsa.App, *Users, error) {
	app, err := fsa.New("restauth", append(Options(), opts...)...)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	users, err := OpenUsers(ctx, getenv("RESTAUTH_DB"))
	if err != nil {
		return nil, nil, fmt.Errorf("restauth: %w", err)
	}
	if err := declare(app, users); err != nil {
		users.Close()
		return nil, nil, err
	}
	return app, users, nil
}

// declare registers the hooks and routes, and checks the app.
func declare(app *fsa.App, users *Users) error {
	if cfg := app.Config(); cfg.TokenType != "jwt" {
		return fmt.Errorf("restauth: a token sent as a Basic user name needs FSA_TOKEN_TYPE jwt (got %q): an fsa token holds ':', which ends a Basic user name",
			cfg.TokenType)
	}
	app.GetUserPass(users.GetUserPass)
	app.PasswordRehash(users.SetUserPass) // an old SHA-crypt hash becomes bcrypt at login
	app.Authentication("basic-token", tokenLogin)

	h := handlers{app: app, users: users}
	open := fsa.Authn("none")
	fsa.Post(app, "/api/users", fsa.Open, h.newUser, open, // anybody may register, as in the article
		fsa.Status(http.StatusCreated), fsa.Errors(http.StatusBadRequest, errExistingUser))
	fsa.Get(app, "/api/users/<int:id>", fsa.Open, h.getUser, open, fsa.Errors(http.StatusNotFound, "no such user"))
	fsa.Get(app, "/api/token", fsa.Auth, h.getToken, fsa.Authn("basic"))
	fsa.Get(app, "/api/resource", fsa.Auth, h.getResource, fsa.Authn("basic-token", "token", "basic"))
	return app.Check()
}

// recipe:begin (docs/RECIPES.md shows the code down to recipe:end)

// tokenLogin is the custom scheme "basic-token", the article's
// verify_password, whose "username" may be a token: it returns the user
// of a valid token sent as the Basic user name (the password is not
// read), checked as the token scheme checks a bearer token, and ""
// otherwise: no Basic credentials, or a user name that is no valid token
// (a user name, a token expired or forged), which the basic scheme then
// checks as a user name and password.
func tokenLogin(ctx context.Context, r *http.Request) (string, error) {
	token, _, ok := r.BasicAuth()
	if !ok || strings.Count(token, ".") != 2 { // a JWT's three parts
		return "", nil
	}
	login, err := ctx.(*fsa.Context).CheckToken(token)
	if err != nil {
		return "", nil
	}
	return login, nil
}

// recipe:end

// handlers are the routes, over the user table.
type handlers struct {
	app   *fsa.App
	users *Users
}

// NewUser is the body of POST /api/users.
type NewUser struct {
	Username string `validate:"required,max=64,excludes=:"` // a Basic user name holds no ':'
	Password string `validate:"required"`
}

// User is the answer of the user routes.
type User struct {
	Username string `json:"username"`
}

// errExistingUser is the 400 of POST /api/users when the name is taken.
const errExistingUser = "existing user"

// newUser registers a user: 400 when the name is taken.
func (h handlers) newUser(c *fsa.Context, in NewUser) (User, error) {
	hash, err := h.app.HashPassword(in.Password) // FSA_PASSWORD_LENGTH, FSA_PASSWORD_RE...: 400s
	if err != nil {
		return User{}, err
	}
	id, added, err := h.users.Add(c, in.Username, hash)
	switch {
	case err != nil:
		return User{}, err
	case !added:
		return User{}, fsa.Err(http.StatusBadRequest, errExistingUser)
	}
	// a login tried before may have cached "no such user": forget it
	if err := h.app.UncachePassword(c, in.Username); err != nil {
		return User{}, err
	}
	c.Header().Set("Location", "/api/users/"+strconv.FormatInt(id, 10))
	return User{in.Username}, nil // 201, the route's Status
}

// getUser tells the name of a user: 404 if there is none.
func (h handlers) getUser(c *fsa.Context, in struct{ ID int64 }) (User, error) {
	name, err := h.users.Username(c, in.ID)
	switch {
	case err != nil:
		return User{}, err
	case name == "":
		return User{}, fsa.Err(http.StatusNotFound, "no such user")
	}
	return User{name}, nil
}

// Token is the answer of GET /api/token.
type Token struct {
	Token    string `json:"token"`
	Duration int    `json:"duration"` // seconds
}

// getToken gives a token to a user who gave a password.
func (h handlers) getToken(c *fsa.Context, _ struct{}) (Token, error) {
	token, err := c.CreateToken(fsa.TokenDelay(TokenDuration))
	return Token{token, int(TokenDuration / time.Second)}, err
}

// Resource is the answer of GET /api/resource.
type Resource struct {
	Data string `json:"data"`
}

// getResource greets the user, authenticated by a token or a password.
func (h handlers) getResource(_ *fsa.Context, in struct{ User fsa.CurrentUser }) (Resource, error) {
	return Resource{"Hello, " + string(in.User) + "!"}, nil
}
