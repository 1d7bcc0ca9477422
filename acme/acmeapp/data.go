package acmeapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/fsa-go/fsa-go/fsa"
)

// Data is Acme's database: users who own stuff at a price, on
// database/sql, SQLite or PostgreSQL (see OpenData). It is safe for
// concurrent use, by goroutines and by processes sharing the database.
// Its statements are parameterized, never built from values.
type Data struct {
	db  *sql.DB
	src source
}

// OpenData opens the database that acmeDB names (ACME_DB: see New) and
// brings its schema to SchemaVersion. Its errors name acmeDB, without a
// URL's password. Close it when done.
func OpenData(ctx context.Context, acmeDB string) (*Data, error) {
	src, err := parseSource(acmeDB)
	if err != nil {
		return nil, err
	}
	db, err := src.open(ctx)
	if err != nil {
		return nil, err
	}
	return &Data{db: db, src: src}, nil
}

// NewData returns an empty database in memory (SQLite's :memory:), for
// examples and tests; it panics if SQLite cannot open one.
func NewData() *Data {
	d, err := OpenData(context.Background(), ":memory:")
	if err != nil {
		panic(err)
	}
	return d
}

// Close closes the database.
func (d *Data) Close() error { return d.db.Close() }

// DB returns the database handle, for what Data does not do.
func (d *Data) DB() *sql.DB { return d.db }

// dbContext returns the context to give database/sql for ctx: for a
// *fsa.Context (which handlers and hooks get), its request's context.
// database/sql reads a context's Done in goroutines that may run after
// the request, when echo has already reset and reused the fsa.Context's
// echo.Context: a data race. The request's own context outlives it.
func dbContext(ctx context.Context) context.Context {
	if c, ok := ctx.(*fsa.Context); ok {
		return c.Request().Context()
	}
	return ctx
}

// loginName is what a login must look like.
var loginName = regexp.MustCompile(`^[a-z][a-z0-9]+$`)

// storable tells whether both databases can hold s as text: PostgreSQL
// refuses a NUL character and invalid UTF-8, which a request may carry
// (%00 in a path). A value that is not storable cannot name a row: reads
// find nothing, writes are a 400, never a 500 from the server's refusal.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// AddUser adds a user with a password hash: 409 if the login exists, 400
// if it is not a lower-case word. It is AddUserContext without a context.
func (d *Data) AddUser(login, hash, email string, admin bool) error {
	return d.AddUserContext(context.Background(), login, hash, email, admin)
}

// AddUserContext adds a user with a password hash: 409 if the login
// exists (the primary key says so, even to concurrent writers), 400 if it
// is not a lower-case word.
func (d *Data) AddUserContext(ctx context.Context, login, hash, email string, admin bool) error {
	ctx = dbContext(ctx)
	if !loginName.MatchString(login) {
		return fsa.Err(http.StatusBadRequest, "invalid login name: "+login)
	}
	if !storable(email) {
		return fsa.Err(http.StatusBadRequest, "invalid email: not UTF-8 text without NUL")
	}
	added, err := d.addUser(ctx, login, hash, email, admin)
	if err != nil {
		return err
	}
	if !added {
		return fsa.Err(http.StatusConflict, "cannot overwrite existing user: "+login)
	}
	return nil
}

// addUser inserts a user unless the login exists, and tells whether it did.
func (d *Data) addUser(ctx context.Context, login, hash, email string, admin bool) (bool, error) {
	ctx = dbContext(ctx)
	var added int64
	err := inTx(ctx, d.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (login, hash, email, admin) VALUES ($1, $2, $3, $4)
			ON CONFLICT (login) DO NOTHING`, login, hash, email, admin)
		if err == nil {
			added, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("add user %s: %w", login, err)
	}
	return added == 1, nil
}

// HasUser tells whether a login exists.
func (d *Data) HasUser(ctx context.Context, login string) (bool, error) {
	ctx = dbContext(ctx)
	if !storable(login) {
		return false, nil
	}
	var one int
	err := d.db.QueryRowContext(ctx, `SELECT 1 FROM users WHERE login = $1`, login).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("user %s: %w", login, err)
	}
	return true, nil
}

// GetUserPass returns the password hash of a login, "" if no such user:
// Acme's GetUserPass hook.
func (d *Data) GetUserPass(ctx context.Context, login string) (string, error) {
	ctx = dbContext(ctx)
	if !storable(login) {
		return "", nil
	}
	var hash string
	err := d.db.QueryRowContext(ctx, `SELECT hash FROM users WHERE login = $1`, login).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("password of %s: %w", login, err)
	}
	return hash, nil
}

// SetUserPass replaces the password hash of a login: Acme's
// PasswordRehash hook, which moves a user to the first scheme of
// FSA_PASSWORD_SCHEME at their next login (the framework then uncaches
// the old hash). No such user is a 404.
func (d *Data) SetUserPass(ctx context.Context, login, hash string) error {
	ctx = dbContext(ctx)
	if !storable(login) {
		return fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	var n int64
	err := inTx(ctx, d.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET hash = $2 WHERE login = $1`, login, hash)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("set password of %s: %w", login, err)
	}
	if n == 0 {
		return fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	return nil
}

// UserIsAdmin tells whether a login is an administrator: the check of
// Acme's group "admin".
func (d *Data) UserIsAdmin(ctx context.Context, login string) (bool, error) {
	ctx = dbContext(ctx)
	if !storable(login) {
		return false, nil
	}
	var admin bool
	err := d.db.QueryRowContext(ctx, `SELECT admin FROM users WHERE login = $1`, login).Scan(&admin)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("admin flag of %s: %w", login, err)
	}
	return admin, nil
}

// AddStuff adds a stuff owned by login: 409 if it exists, 404 if there
// is no such user. The insert and the look-ups that explain its absence
// agree, in one transaction.
func (d *Data) AddStuff(ctx context.Context, name, login string, price float64) error {
	ctx = dbContext(ctx)
	if !storable(name) {
		return fsa.Err(http.StatusBadRequest, "invalid stuff name: not UTF-8 text without NUL")
	}
	if !storable(login) {
		return fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	var status int
	err := inTx(ctx, d.db, func(tx *sql.Tx) error {
		// the owner's row decides, so that a missing user inserts nothing
		// and the foreign key is never the error
		res, err := tx.ExecContext(ctx, `INSERT INTO stuff (name, owner, price)
			SELECT CAST($1 AS TEXT), login, CAST($3 AS DOUBLE PRECISION) FROM users WHERE login = $2
			ON CONFLICT (name) DO NOTHING`, name, login, price)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM stuff WHERE name = $1`, name).Scan(&one)
		switch {
		case err == nil:
			status = http.StatusConflict
		case errors.Is(err, sql.ErrNoRows):
			status = http.StatusNotFound
		default:
			return err
		}
		return nil
	})
	switch {
	case err != nil:
		return fmt.Errorf("add stuff %s: %w", name, err)
	case status == http.StatusConflict:
		return fsa.Err(status, "cannot overwrite existing stuff: "+name)
	case status == http.StatusNotFound:
		return fsa.Err(status, "no such user: "+login)
	}
	return nil
}

// UserStuff returns the [name, price] pairs of the stuff of login, in
// creation order: 404 if there is no such user. One statement reads both.
func (d *Data) UserStuff(ctx context.Context, login string) ([][2]any, error) {
	ctx = dbContext(ctx)
	if !storable(login) {
		return nil, fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	rows, err := d.db.QueryContext(ctx, `SELECT s.name, s.price FROM users u
		LEFT JOIN stuff s ON s.owner = u.login
		WHERE u.login = $1 ORDER BY s.id`, login)
	if err != nil {
		return nil, fmt.Errorf("stuff of %s: %w", login, err)
	}
	defer rows.Close()
	list, user := [][2]any{}, false
	for rows.Next() {
		var name sql.NullString
		var price sql.NullFloat64
		if err := rows.Scan(&name, &price); err != nil {
			return nil, fmt.Errorf("stuff of %s: %w", login, err)
		}
		user = true
		if name.Valid {
			list = append(list, [2]any{name.String, price.Float64})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stuff of %s: %w", login, err)
	}
	if !user {
		return nil, fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	return list, nil
}

// StuffPermission is the permission hook of domain "stuff": the owner of
// a stuff may do anything with it, others nothing.
func (d *Data) StuffPermission(ctx context.Context, login, name, _ string) (fsa.Permission, error) {
	ctx = dbContext(ctx)
	if !storable(name) {
		return fsa.NotFound, nil
	}
	var owner string
	err := d.db.QueryRowContext(ctx, `SELECT owner FROM stuff WHERE name = $1`, name).Scan(&owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fsa.NotFound, nil
	case err != nil:
		return fsa.Forbidden, fmt.Errorf("owner of %s: %w", name, err)
	case owner == login:
		return fsa.Allowed, nil
	}
	return fsa.Forbidden, nil
}

// SetPrice changes the price of a stuff: 404 if there is none.
func (d *Data) SetPrice(ctx context.Context, name string, price float64) error {
	ctx = dbContext(ctx)
	if !storable(name) {
		return fsa.Err(http.StatusNotFound, "no such stuff: "+name)
	}
	var n int64
	err := inTx(ctx, d.db, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE stuff SET price = $2 WHERE name = $1`, name, price)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("set price of %s: %w", name, err)
	}
	if n == 0 {
		return fsa.Err(http.StatusNotFound, "no such stuff: "+name)
	}
	return nil
}
