package restauthapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // database/sql driver "sqlite", pure Go: no cgo
)

// DefaultDB is the SQLite file of RESTAUTH_DB when it is not set, in the
// working directory, as the article's db.sqlite.
const DefaultDB = "restauth.db"

// pragmas are set on every connection of the pool, through the DSN: a
// writer waits up to 5 s for another's lock instead of failing at once
// with SQLITE_BUSY, and in WAL mode readers never wait for it.
const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"

// schema is the article's User model: an id, a user name and a password
// hash, which SQLAlchemy creates so:
//
//	CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(32),
//		password_hash VARCHAR(64), PRIMARY KEY (id))
//	CREATE INDEX ix_users_username ON users (username)
//
// A unique index, not a look-up before the insert, makes a user name
// taken once, even by two requests at the same time; created on the Flask
// app's table too, RESTAUTH_DB may name its db.sqlite.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS users (
		id            INTEGER PRIMARY KEY,
		username      TEXT NOT NULL,
		password_hash TEXT NOT NULL
	)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users (username)`,
}

// Users is the user table, in SQLite through database/sql. Every
// statement is parameterized: a user name is never part of SQL text.
type Users struct {
	db *sql.DB
}

// OpenUsers opens the SQLite file at path (":memory:" for a database that
// lives as long as the process) and creates the table if needed.
func OpenUsers(ctx context.Context, path string) (*Users, error) {
	if path == "" {
		path = DefaultDB
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas // a path may hold '?' or '#'
	if path == ":memory:" {
		dsn = "file::memory:?" + pragmas
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("RESTAUTH_DB %q: %w", path, err)
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // each connection to :memory: is a database of its own
		db.SetConnMaxIdleTime(0)
		db.SetConnMaxLifetime(0)
	}
	for _, stmt := range schema {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("RESTAUTH_DB %q: %w", path, err)
		}
	}
	return &Users{db: db}, nil
}

// Close closes the database.
func (u *Users) Close() error { return u.db.Close() }

// Add adds a user and returns its id; added is false, and the id 0, when
// the user name is taken.
func (u *Users) Add(ctx context.Context, username, hash string) (id int64, added bool, err error) {
	err = u.db.QueryRowContext(ctx,
		`INSERT INTO users (username, password_hash) VALUES (?, ?)
		 ON CONFLICT (username) DO NOTHING RETURNING id`, username, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// Username returns the name of user id, "" when there is none.
func (u *Users) Username(ctx context.Context, id int64) (string, error) {
	var name string
	err := u.db.QueryRowContext(ctx, `SELECT username FROM users WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// GetUserPass returns the password hash of a user, "" when there is no
// such user: the app's GetUserPass hook.
func (u *Users) GetUserPass(ctx context.Context, username string) (string, error) {
	var hash string
	err := u.db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE username = ?`, username).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return hash, err
}

// SetUserPass stores a user's new password hash: the app's PasswordRehash
// hook, which moves passlib's SHA-crypt hashes to bcrypt at each
// user's next login.
func (u *Users) SetUserPass(ctx context.Context, username, hash string) error {
	_, err := u.db.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE username = ?`, hash, username)
	return err
}
