package tests

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/internal/pgtest"
)

// postgres is the package's PostgreSQL cluster, started by the first test
// that runs on it, stopped after the last.
var postgres pgtest.Lazy

func TestMain(m *testing.M) {
	code := contracts.Run(m)
	postgres.Stop()
	os.Exit(code)
}

// backend is a database the Acme suite runs on.
type backend struct {
	name string
	// newDB returns the ACME_DB of a new, empty database for t, removed
	// when t ends; it skips t when the server is missing (fails with
	// CI=true).
	newDB func(t *testing.T) string
}

// backends are the databases of the Acme suite: SQLite always (a file in
// t's temporary directory), PostgreSQL when its programs are there (a
// database of the package's cluster).
func backends() []backend {
	return []backend{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "acme.db") }},
		{"postgres", func(t *testing.T) string { return postgres.Database(t) }},
	}
}

// forEachBackend runs f as a subtest on each backend.
func forEachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
}

// env is testEnv on a new database of b: ACME_PASS, ACME_DB, and the
// values given as name, value pairs.
func (b backend) env(t *testing.T, pairs ...string) func(string) string {
	return testEnv(append([]string{"ACME_DB", b.newDB(t)}, pairs...)...)
}

// openAcme returns acmeapp.Open's app, its database closed when t ends.
func openAcme(t *testing.T, getenv func(string) string, out io.Writer, opts ...fsa.Option) *fsa.App {
	t.Helper()
	app, db, err := acmeapp.Open(getenv, out, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return app
}
