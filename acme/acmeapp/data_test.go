package acmeapp

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/internal/pgtest"
)

// postgres is the package's PostgreSQL cluster, started by the first test
// that needs it.
var postgres pgtest.Lazy

func TestMain(m *testing.M) {
	code := m.Run()
	postgres.Stop()
	os.Exit(code)
}

// forEachDB runs f on a fresh SQLite file and on a fresh PostgreSQL
// database (skipped without the server).
func forEachDB(t *testing.T, f func(t *testing.T, acmeDB string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, filepath.Join(t.TempDir(), "acme.db")) })
	t.Run("postgres", func(t *testing.T) { f(t, postgres.Database(t)) })
}

// openData opens acmeDB, closed when t ends.
func openData(t *testing.T, acmeDB string) *Data {
	t.Helper()
	d, err := OpenData(context.Background(), acmeDB)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// status is the HTTP status of err: 0 for nil, 500 for an error that is
// not fsa's.
func status(err error) int {
	var e *fsa.Error
	switch {
	case err == nil:
		return 0
	case errors.As(err, &e):
		return e.Status
	}
	return http.StatusInternalServerError
}

func TestDataMigrations(t *testing.T) {
	forEachDB(t, func(t *testing.T, acmeDB string) {
		ctx := context.Background()
		// instances starting at once on one empty database: one migrates,
		// the others find the work done
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				d, err := OpenData(ctx, acmeDB)
				if err == nil {
					err = d.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("concurrent starts: %v", err)
		}
		d := openData(t, acmeDB)
		var versions, last int
		if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM acme_schema`).Scan(&versions, &last); err != nil {
			t.Fatal(err)
		}
		if versions != len(migrations()) || last != SchemaVersion() {
			t.Errorf("acme_schema: %d steps up to %d, want %d up to %d", versions, last, len(migrations()), SchemaVersion())
		}
		// a database of a later acme is refused
		if _, err := d.db.ExecContext(ctx, `INSERT INTO acme_schema (version, what) VALUES ($1, $2)`, SchemaVersion()+1, "future"); err != nil {
			t.Fatal(err)
		}
		if _, err := OpenData(ctx, acmeDB); err == nil || !strings.Contains(err.Error(), "is newer than this acme's") {
			t.Errorf("newer schema: %v", err)
		}
	})
}

func TestDataRows(t *testing.T) {
	forEachDB(t, func(t *testing.T, acmeDB string) {
		ctx := context.Background()
		d := openData(t, acmeDB)
		steps := []struct {
			name   string
			do     func() error
			status int
		}{
			{"add calvin", func() error { return d.AddUserContext(ctx, "calvin", "h1", "c@acme.org", false) }, 0},
			{"add calvin again", func() error { return d.AddUserContext(ctx, "calvin", "h2", "c@acme.org", true) }, 409},
			{"bad login", func() error { return d.AddUserContext(ctx, "Calvin", "h", "c@acme.org", false) }, 400},
			{"add stuff", func() error { return d.AddStuff(ctx, "pinte", "calvin", 6.5) }, 0},
			{"add stuff again", func() error { return d.AddStuff(ctx, "pinte", "calvin", 1) }, 409},
			{"stuff of nobody", func() error { return d.AddStuff(ctx, "verre", "nobody", 1) }, 404},
			{"existing stuff of nobody", func() error { return d.AddStuff(ctx, "pinte", "nobody", 1) }, 409},
			{"add second stuff", func() error { return d.AddStuff(ctx, "bol", "calvin", 2) }, 0},
			{"set price", func() error { return d.SetPrice(ctx, "pinte", 7) }, 0},
			{"set price of nothing", func() error { return d.SetPrice(ctx, "verre", 7) }, 404},
			{"set password", func() error { return d.SetUserPass(ctx, "calvin", "h3") }, 0},
			{"set password of nobody", func() error { return d.SetUserPass(ctx, "nobody", "h3") }, 404},
			// PostgreSQL cannot hold NUL nor invalid UTF-8: never a 500
			{"stuff named with NUL", func() error { return d.AddStuff(ctx, "pin\x00te", "calvin", 1) }, 400},
			{"stuff named in Latin-1", func() error { return d.AddStuff(ctx, "caf\xe9", "calvin", 1) }, 400},
			{"email with NUL", func() error { return d.AddUserContext(ctx, "susie", "h", "s\x00@acme.org", false) }, 400},
			{"stuff of a NUL user", func() error { return d.AddStuff(ctx, "verre", "calvin\x00", 1) }, 404},
			{"price of NUL stuff", func() error { return d.SetPrice(ctx, "pinte\x00", 7) }, 404},
			{"password of NUL user", func() error { return d.SetUserPass(ctx, "calvin\x00", "h") }, 404},
		}
		for _, s := range steps {
			if got := status(s.do()); got != s.status {
				t.Errorf("%s: status %d, want %d", s.name, got, s.status)
			}
		}
		hash, err := d.GetUserPass(ctx, "calvin")
		if err != nil || hash != "h3" {
			t.Errorf("hash of calvin: %q, %v", hash, err)
		}
		for _, login := range []string{"nobody", "calvin\x00", "\xff\xfe"} {
			if hash, err := d.GetUserPass(ctx, login); err != nil || hash != "" {
				t.Errorf("hash of %q: %q, %v", login, hash, err)
			}
			if admin, err := d.UserIsAdmin(ctx, login); err != nil || admin {
				t.Errorf("admin %q: %v, %v", login, admin, err)
			}
			if _, err := d.UserStuff(ctx, login); status(err) != 404 {
				t.Errorf("stuff of %q: %v", login, err)
			}
		}
		if admin, err := d.UserIsAdmin(ctx, "calvin"); err != nil || admin {
			t.Errorf("calvin admin: %v, %v", admin, err)
		}
		list, err := d.UserStuff(ctx, "calvin")
		if err != nil || len(list) != 2 || list[0] != [2]any{"pinte", 7.0} || list[1] != [2]any{"bol", 2.0} {
			t.Errorf("stuff of calvin: %v, %v", list, err)
		}
		for _, p := range []struct {
			login, stuff string
			want         fsa.Permission
		}{{"calvin", "pinte", fsa.Allowed}, {"susie", "pinte", fsa.Forbidden}, {"calvin", "verre", fsa.NotFound}, {"calvin", "pinte\x00", fsa.NotFound}} {
			if got, err := d.StuffPermission(ctx, p.login, p.stuff, "owner"); err != nil || got != p.want {
				t.Errorf("permission of %s on %s: %v, %v; want %v", p.login, p.stuff, got, err, p.want)
			}
		}
	})
}

// A bad ACME_DB is an error that names it, never with its password.
func TestDataBadSource(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, acmeDB string
		want         string
	}{
		{"unreachable server", "postgres://acme:Secret-Pw-1@127.0.0.1:1/acme", "ACME_DB postgres://acme:xxxxx@127.0.0.1:1/acme: "},
		{"bad URL", "postgres://acme:Secret-Pw-1@[::1/acme", "ACME_DB: not a valid postgres:// URL"},
		{"no host", "postgresql://acme:Secret-Pw-1@/acme", "ACME_DB postgresql://acme:xxxxx@/acme: no host"},
		{"unknown scheme", "mysql://acme:Secret-Pw-1@localhost/acme", `ACME_DB: unknown scheme "mysql"`},
		{"file under a file", filepath.Join(notDir, "acme.db"), `ACME_DB "` + filepath.Join(notDir, "acme.db") + `": `},
		{"a directory", t.TempDir(), "ACME_DB \""},
		{"a file: URI", "file:acme.db?mode=ro", `ACME_DB "file:acme.db?mode=ro": give a file's path`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := OpenData(context.Background(), tc.acmeDB)
			if err == nil {
				d.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "Secret-Pw-1") {
				t.Errorf("error %q, want it to contain %q and no password", err, tc.want)
			}
		})
	}
}

// :memory: is one database, whatever the pool does.
func TestDataMemory(t *testing.T) {
	d := NewData()
	defer d.Close()
	ctx := context.Background()
	if err := d.AddUser("calvin", "h", "c@acme.org", false); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if hash, err := d.GetUserPass(ctx, "calvin"); err != nil || hash != "h" {
				t.Errorf("hash %q, %v", hash, err)
			}
		})
	}
	wg.Wait()
}

// Every pooled SQLite connection has the pragmas, not only the first.
func TestDataSQLitePragmas(t *testing.T) {
	d := openData(t, filepath.Join(t.TempDir(), "acme.db"))
	ctx := context.Background()
	var conns []*sql.Conn
	for range 3 { // held at once: three connections of the pool
		conn, err := d.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns = append(conns, conn)
	}
	for i, conn := range conns {
		for _, p := range []struct{ pragma, want string }{
			{"journal_mode", "wal"}, {"foreign_keys", "1"}, {"busy_timeout", "10000"}, {"synchronous", "1"},
		} {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil || got != p.want {
				t.Errorf("connection %d: %s = %q, %v; want %q", i, p.pragma, got, err, p.want)
			}
		}
	}
}
