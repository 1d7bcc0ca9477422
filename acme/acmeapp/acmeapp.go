// Package acmeapp is the Acme application of the tutorial
// (docs/TUTORIAL.md): its routes, hooks and embedded configuration.
package acmeapp

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/openapiui"
)

// defaultConfig is the tutorial's acme.conf.
//
//go:embed acme.conf
var defaultConfig []byte

// DefaultConfig returns the embedded configuration file.
func DefaultConfig() []byte { return append([]byte{}, defaultConfig...) }

// Config returns the configuration option of the app: the file that
// ACME_CONFIG names, else the embedded acme.conf.
func Config(getenv func(string) string) fsa.Option {
	if path := getenv("ACME_CONFIG"); path != "" {
		return fsa.ConfigFile(path)
	}
	return fsa.ConfigData("acme.conf (embedded)", defaultConfig)
}

// New returns the Acme app, checked, on the database that ACME_DB names
// (see Open); the database stays open for the life of the process. A
// caller that must close it, a test, uses Open.
func New(getenv func(string) string, out io.Writer, opts ...fsa.Option) (*fsa.App, error) {
	app, _, err := Open(getenv, out, opts...)
	return app, err
}

// startupTimeout bounds the opening and migration of the database.
const startupTimeout = 30 * time.Second

// Open returns the Acme app, checked, and its database, which the caller
// closes once the app is done. Its configuration comes from Config and
// opts. Its data is in the database that ACME_DB names: a SQLite file
// (default acme.db in the working directory), ":memory:" for a throwaway
// one, or a postgres:// URL; the schema is created or migrated first (see
// OpenData). Its administrator "acme" is created when missing, with the
// password ACME_PASS, which must pass the password rules; an existing
// acme is never overwritten. Without ACME_PASS, a missing acme gets a
// random password, written to out, once.
func Open(getenv func(string) string, out io.Writer, opts ...fsa.Option) (*fsa.App, *Data, error) {
	// FSA_OPENAPI is set here, not in acme.conf, which stays the tutorial's
	// reference file: a configuration file or the environment may change it
	app, err := fsa.New("acme", append([]fsa.Option{fsa.Set("FSA_OPENAPI", "/openapi.json"), Config(getenv)}, opts...)...)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	db, err := OpenData(ctx, getenv("ACME_DB"))
	if err != nil {
		return nil, nil, fmt.Errorf("acme: %w", err)
	}
	if err := addAdmin(ctx, app, db, getenv("ACME_PASS"), out); err != nil {
		db.Close()
		return nil, nil, err
	}
	if err := routes(app, db); err != nil {
		db.Close()
		return nil, nil, err
	}
	return app, db, nil
}

// addAdmin creates the administrator acme unless it exists: with the
// password given, checked against the rules even when acme exists, or
// else a random one, shown on out when it is the one stored.
func addAdmin(ctx context.Context, app *fsa.App, db *Data, password string, out io.Writer) error {
	random := password == ""
	if random {
		exists, err := db.HasUser(ctx, "acme")
		if err != nil {
			return fmt.Errorf("acme: %w", db.src.wrap(err))
		}
		if exists {
			return nil
		}
		if password, err = randomPassword(app); err != nil {
			return err
		}
	}
	hash, err := app.HashPassword(password)
	if err != nil {
		return fmt.Errorf("acme: ACME_PASS: %w", err)
	}
	added, err := db.addUser(ctx, "acme", hash, "acme@acme.org", true)
	if err != nil {
		return fmt.Errorf("acme: %w", db.src.wrap(err))
	}
	if random && added {
		fmt.Fprintf(out, "acme: the administrator is acme, with password %s\n", password)
		fmt.Fprintln(out, "acme: set ACME_PASS to choose it")
	}
	return nil
}

// routes sets the hooks and routes of the app on its database, and checks it.
func routes(app *fsa.App, db *Data) error {
	app.GetUserPass(db.GetUserPass)
	app.PasswordRehash(db.SetUserPass) // FSA_PASSWORD_SCHEME as a list: old hashes move to the first scheme
	app.GroupCheck("admin", db.UserIsAdmin)
	fsa.ObjectPerm(app, "stuff", db.StuffPermission)

	// Open routes say "none", and password routes their schemes, so that
	// FSA_AUTH_DEFAULT = "token" leaves them as they are.
	open := fsa.Authn("none")
	h := handlers{app: app, db: db}
	fsa.Get(app, "/hello", fsa.Open, h.getHello, open)
	fsa.Get(app, "/hello-me", fsa.Auth, h.getHelloMe)
	fsa.Get(app, "/token", fsa.Auth, h.getToken, fsa.Authn("basic", "param"))
	fsa.Post(app, "/token", fsa.Auth, h.postToken, fsa.Authn("param"), fsa.Status(http.StatusCreated))
	if cfg := app.Config(); cfg.TokenType != "" && slices.Contains(cfg.Auth, "token") { // logging out
		fsa.Delete(app, "/token", fsa.Auth, h.deleteToken, fsa.Authn("token"), fsa.Status(http.StatusNoContent))
		fsa.Delete(app, "/user/:login/tokens", fsa.Group("admin"), h.deleteUserTokens, fsa.Status(http.StatusNoContent),
			fsa.Errors(http.StatusNotFound, "no such login"))
	}
	fsa.Post(app, "/stuff", fsa.Auth, h.postStuff, fsa.Status(http.StatusCreated),
		fsa.Errors(http.StatusConflict, "the stuff exists"))
	fsa.Get(app, "/stuff", fsa.Auth, h.getStuff)
	fsa.Patch(app, "/stuff/:sid", fsa.Object("stuff", "sid", "owner"), h.patchStuff)
	fsa.Post(app, "/user", fsa.Group("admin"), h.postUser, fsa.Status(http.StatusCreated),
		fsa.Errors(http.StatusConflict, "the login exists"))
	fsa.Get(app, "/days", fsa.Open, h.getDays, open)
	fsa.Get(app, "/primes", fsa.Open, h.getPrimes, open)
	fsa.Get(app, "/len", fsa.Open, h.getLen, open)
	if app.Config().OpenAPI != "" { // a page to browse the document, served by Acme itself
		if err := openapiui.Serve(app, "/docs"); err != nil {
			return err
		}
	}
	return app.Check()
}

// randomPassword returns a random password that passes the app's rules.
func randomPassword(app *fsa.App) (string, error) {
	for range 100 {
		password := randomText()
		if _, err := app.HashPassword(password); err == nil {
			return password, nil
		}
	}
	return "", errors.New("acme: cannot make a password that passes the rules: set ACME_PASS")
}

// randomText returns 128 random bits as text.
func randomText() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// handlers are Acme's routes, over its database.
type handlers struct {
	app *fsa.App
	db  *Data
}

// Hello is the response of GET /hello.
type Hello struct {
	Msg     string `json:"msg"`
	Version string `json:"version,omitempty"`
	User    string `json:"user,omitempty"`
}

// getHello greets anybody.
func (h handlers) getHello(_ *fsa.Context, _ struct{}) (Hello, error) {
	return Hello{Msg: "hello", Version: fsa.Version}, nil
}

// getHelloMe greets the authenticated user.
func (h handlers) getHelloMe(_ *fsa.Context, in struct{ User fsa.CurrentUser }) (Hello, error) {
	return Hello{Msg: "hello", User: string(in.User)}, nil
}

// Token is the response of the token routes.
type Token struct {
	Token string `json:"token"`
}

// getToken gives the user a token, for a login and password.
func (h handlers) getToken(c *fsa.Context, _ struct{}) (Token, error) {
	token, err := c.CreateToken()
	return Token{token}, err
}

// postToken gives the user a token, for a login and password posted as
// parameters, as web front ends do.
func (h handlers) postToken(c *fsa.Context, _ struct{}) (Token, error) {
	token, err := c.CreateToken()
	c.Status(http.StatusCreated)
	return Token{token}, err
}

// deleteToken logs the user out: the token that authenticated the request
// is refused from then on, by every instance.
func (h handlers) deleteToken(c *fsa.Context, _ struct{}) (any, error) {
	if err := c.RevokeToken(); err != nil {
		return nil, err
	}
	c.Status(http.StatusNoContent)
	return nil, nil
}

// deleteUserTokens logs a user out everywhere: every token of the login
// made until now is refused, by every instance.
func (h handlers) deleteUserTokens(c *fsa.Context, in struct{ Login string }) (any, error) {
	hash, err := h.db.GetUserPass(c, in.Login)
	switch {
	case err != nil:
		return nil, err
	case hash == "":
		return nil, fsa.Err(http.StatusNotFound, "no such login: "+in.Login)
	}
	if err := h.app.RevokeUser(c, in.Login); err != nil {
		return nil, err
	}
	c.Status(http.StatusNoContent)
	return nil, nil
}

// PostStuff is the input of POST /stuff.
type PostStuff struct {
	Stuff string  `validate:"required"`
	Price float64 `validate:"gte=0"`
	User  fsa.CurrentUser
}

// postStuff adds a stuff for the user.
func (h handlers) postStuff(c *fsa.Context, in PostStuff) (string, error) {
	if err := h.db.AddStuff(c, in.Stuff, string(in.User), in.Price); err != nil {
		return "", err
	}
	// a PATCH tried before may have cached "not found": forget it
	if err := h.app.UncacheObject(c, "stuff", string(in.User), "owner", in.Stuff); err != nil {
		return "", err
	}
	c.Status(http.StatusCreated)
	return "stuff added: " + in.Stuff, nil
}

// PatchStuff is the input of PATCH /stuff/:sid.
type PatchStuff struct {
	Sid   string
	Price float64 `validate:"gte=0"`
}

// patchStuff changes the price of a stuff; the owner permission on domain
// "stuff" was checked before.
func (h handlers) patchStuff(c *fsa.Context, in PatchStuff) (string, error) {
	if err := h.db.SetPrice(c, in.Sid, in.Price); err != nil {
		return "", err
	}
	return "stuff updated: " + in.Sid, nil
}

// getStuff lists the user's stuff as [name, price] pairs.
func (h handlers) getStuff(c *fsa.Context, in struct{ User fsa.CurrentUser }) ([][2]any, error) {
	return h.db.UserStuff(c, string(in.User))
}

// PostUser is the input of POST /user.
type PostUser struct {
	Login    string `validate:"required"`
	Password string `validate:"required"`
	Email    string `validate:"required,email"`
}

// postUser adds a user: the password must pass the rules, even for a
// login that exists.
func (h handlers) postUser(c *fsa.Context, in PostUser) (string, error) {
	hash, err := h.app.HashPassword(in.Password)
	if err != nil {
		return "", err
	}
	if err := h.db.AddUserContext(c, in.Login, hash, in.Email, false); err != nil {
		return "", err
	}
	// a login tried before may have cached "no such user": forget it
	if err := h.app.UncachePassword(c, in.Login); err != nil {
		return "", err
	}
	c.Status(http.StatusCreated)
	return "user added: " + in.Login, nil
}

// Someone is a person, given as a JSON object.
type Someone struct {
	Name string    `json:"name" validate:"required"`
	Born time.Time `json:"born"` // a date, 2006-01-02, or an RFC 3339 time
}

// Days is the response of GET /days.
type Days struct {
	Name string `json:"name"`
	Days int64  `json:"days"`
}

// getDays tells how many days old someone is.
func (h handlers) getDays(_ *fsa.Context, in struct{ Who Someone }) (Days, error) {
	return Days{Name: in.Who.Name, Days: dayNumber(time.Now()) - dayNumber(in.Who.Born)}, nil
}

// dayNumber counts days from 1970-01-01 to t's date, for any year.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / (24 * 60 * 60)
}

// getPrimes returns the primes among a list of integers; at most 1000,
// to bound the work of one request.
func (h handlers) getPrimes(_ *fsa.Context, in struct {
	Li []int64 `validate:"max=1000"`
}) ([]int64, error) {
	primes := []int64{}
	for _, n := range in.Li {
		if n > 1 && big.NewInt(n).ProbablyPrime(0) { // exact below 2^64
			primes = append(primes, n)
		}
	}
	return primes, nil
}

// getLen returns the length of any JSON value that has one: an object's
// members, an array's items or a string's characters.
func (h handlers) getLen(_ *fsa.Context, in struct{ P any }) (Len, error) {
	switch p := in.P.(type) {
	case map[string]any:
		return Len{len(p)}, nil
	case []any:
		return Len{len(p)}, nil
	case string:
		return Len{utf8.RuneCountInString(p)}, nil
	}
	return Len{"not available"}, nil
}

// Len is the response of GET /len: a number, or "not available".
type Len struct {
	Len any `json:"len"`
}
