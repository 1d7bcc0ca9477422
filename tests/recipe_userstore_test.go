package tests

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
)

// The user store of docs/RECIPES.md, its code between the markers as the
// recipe shows it (TestRecipeUserStore checks it is), and its test's
// helpers.

// recipe:begin
// UserStore keeps the users in a database/sql table, SQLite or PostgreSQL:
//
//	CREATE TABLE users (login TEXT PRIMARY KEY, hash TEXT NOT NULL)
type UserStore struct {
	app *fsa.App
	db  *sql.DB
}

// dbContext is the context to give database/sql: a hook or handler gets
// the *fsa.Context, which echo reuses once the request is done, while
// database/sql may still read it from a goroutine: take the request's.
func dbContext(ctx context.Context) context.Context {
	if c, ok := ctx.(*fsa.Context); ok {
		return c.Request().Context()
	}
	return ctx
}

// GetUserPass is the app's GetUserPass hook: "" for no such user.
func (s UserStore) GetUserPass(ctx context.Context, login string) (string, error) {
	var hash string
	err := s.db.QueryRowContext(dbContext(ctx), `SELECT hash FROM users WHERE login = $1`, login).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return hash, err
}

// Add adds a user: 400 for a password the rules refuse, 409 if the login exists.
func (s UserStore) Add(ctx context.Context, login, password string) error {
	hash, err := s.app.HashPassword(password)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(dbContext(ctx), `INSERT INTO users (login, hash) VALUES ($1, $2)
		ON CONFLICT (login) DO NOTHING`, login, hash)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fsa.Err(http.StatusConflict, "user exists: "+login)
	}
	// a login tried before it existed is cached as unknown
	return s.app.UncachePassword(ctx, login)
}

// SetPassword changes a user's password: 404 if there is no such user.
func (s UserStore) SetPassword(ctx context.Context, login, password string) error {
	hash, err := s.app.HashPassword(password)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(dbContext(ctx), `UPDATE users SET hash = $2 WHERE login = $1`, login, hash)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	// the old hash is cached: the old password would still work
	return s.app.UncachePassword(ctx, login)
}

// Delete removes a user: 404 if there is no such user.
func (s UserStore) Delete(ctx context.Context, login string) error {
	res, err := s.db.ExecContext(dbContext(ctx), `DELETE FROM users WHERE login = $1`, login)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	// everything cached about the login: hash, groups, permissions, made tokens
	return s.app.UncacheUser(ctx, login)
}

// recipe:end

// recipeUserStore returns the store of the recipe on a new database of b,
// with its table.
func recipeUserStore(t *testing.T, b backend, app *fsa.App) UserStore {
	t.Helper()
	driver, dsn := "sqlite", b.newDB(t)
	if strings.Contains(dsn, "://") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE users (login TEXT PRIMARY KEY, hash TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return UserStore{app: app, db: db}
}

// recipeShownCode checks that the recipe under heading shows the code
// between the markers of file, as its first go block.
func recipeShownCode(t *testing.T, heading, file string) {
	t.Helper()
	doc, err := os.ReadFile("../docs/RECIPES.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), heading)
	_, shown, _ := strings.Cut(section, "```go\n")
	shown, _, _ = strings.Cut(shown, "```\n")
	_, code, _ := strings.Cut(string(src), "// recipe:begin\n")
	code, _, _ = strings.Cut(code, "\n// recipe:end\n")
	if !ok || shown != code {
		t.Errorf("docs/RECIPES.md %q does not show the code of %s:\n%s", heading, file, code)
	}
}
