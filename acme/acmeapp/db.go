package acmeapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite", pure Go
)

// DefaultDB is the database of ACME_DB when it is not set: a SQLite file
// in the working directory.
const DefaultDB = "acme.db"

// sqlitePragmas are set on every SQLite connection of the pool, through
// the DSN (a PRAGMA run once would set only one connection):
//
//   - busy_timeout: a writer waits up to 10 s for another's lock instead
//     of failing at once with SQLITE_BUSY;
//   - foreign_keys: stuff.owner must name a user (SQLite's default is off);
//   - journal_mode WAL: readers never wait for the writer, nor it for them;
//   - synchronous NORMAL: WAL's usual setting, durable at checkpoints.
//
// _txlock=immediate begins every transaction with BEGIN IMMEDIATE: it
// takes the write lock at once, waiting busy_timeout for it, whereas a
// deferred transaction that upgrades from read to write after another
// writer committed gets SQLITE_BUSY at once, whatever busy_timeout says.
// Acme's transactions all write; its reads run outside any.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
	"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"

// source is where ACME_DB says the data is.
type source struct {
	postgres bool   // a postgres:// URL, else SQLite
	driver   string // database/sql driver name
	dsn      string // what the driver opens (may hold a password)
	shown    string // what errors and logs may show: no password
	password string // the URL's password, "" if none, scrubbed from errors
	memory   bool   // SQLite :memory:, one database per connection
}

// parseSource reads ACME_DB: "" for DefaultDB, ":memory:" for a
// throwaway SQLite database, a postgres:// or postgresql:// URL, or the
// path of a SQLite file.
func parseSource(acmeDB string) (source, error) {
	if acmeDB == "" {
		acmeDB = DefaultDB
	}
	if scheme, _, ok := strings.Cut(acmeDB, "://"); ok {
		return parsePostgres(acmeDB, scheme)
	}
	if acmeDB == ":memory:" {
		return source{driver: "sqlite", dsn: "file::memory:?" + sqlitePragmas, shown: acmeDB, memory: true}, nil
	}
	if strings.HasPrefix(acmeDB, "file:") {
		return source{}, fmt.Errorf("ACME_DB %q: give a file's path, not a file: URI", acmeDB)
	}
	// a file: URI, so that a path may hold '?' or '#' (escaped)
	path := (&url.URL{Path: acmeDB}).EscapedPath()
	return source{driver: "sqlite", dsn: "file:" + path + "?" + sqlitePragmas, shown: acmeDB}, nil
}

// parsePostgres reads a PostgreSQL URL. net/url's errors quote the whole
// URL, password and all: they are not returned.
func parsePostgres(acmeDB, scheme string) (source, error) {
	if scheme != "postgres" && scheme != "postgresql" {
		return source{}, fmt.Errorf("ACME_DB: unknown scheme %q: give a postgres:// URL or a SQLite file's path", scheme)
	}
	u, err := url.Parse(acmeDB)
	if err != nil {
		return source{}, fmt.Errorf("ACME_DB: not a valid %s:// URL (its text is not shown: it may hold a password)", scheme)
	}
	s := source{postgres: true, driver: "pgx", dsn: acmeDB, shown: u.Redacted()}
	if u.User != nil {
		s.password, _ = u.User.Password()
	}
	if u.Host == "" && u.Query().Get("host") == "" {
		return source{}, fmt.Errorf("ACME_DB %s: no host", s.shown)
	}
	return s, nil
}

// scrubbed is an error whose text has no password: the driver's errors may
// quote the connection string.
type scrubbed struct {
	text string
	err  error
}

func (e *scrubbed) Error() string { return e.text }
func (e *scrubbed) Unwrap() error { return e.err }

// wrap wraps err with what ACME_DB names, without the password.
func (s source) wrap(err error) error {
	if err == nil {
		return nil
	}
	if s.password != "" && strings.Contains(err.Error(), s.password) {
		err = &scrubbed{text: strings.ReplaceAll(err.Error(), s.password, "xxxxx"), err: err}
	}
	return fmt.Errorf("ACME_DB %s: %w", s.quoted(), err)
}

// quoted is the source as errors show it.
func (s source) quoted() string {
	if s.postgres {
		return s.shown
	}
	return fmt.Sprintf("%q", s.shown)
}

// open opens the database, checks that it answers and migrates its schema.
func (s source) open(ctx context.Context) (*sql.DB, error) {
	db, err := sql.Open(s.driver, s.dsn)
	if err != nil {
		return nil, s.wrap(err)
	}
	if s.memory {
		// each connection to :memory: is a database of its own: keep one
		db.SetMaxOpenConns(1)
		db.SetConnMaxIdleTime(0)
		db.SetConnMaxLifetime(0)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.wrap(err)
	}
	if err := migrate(ctx, db, s.postgres); err != nil {
		db.Close()
		return nil, s.wrap(err)
	}
	return db, nil
}

// inTx runs f in a transaction, committed if f returns nil, else rolled
// back. On SQLite it begins IMMEDIATE (see sqlitePragmas).
func inTx(ctx context.Context, db *sql.DB, f func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := f(tx); err != nil {
		return errors.Join(err, rollback(tx))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rollback rolls tx back; a transaction already done is no error.
func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}
