// Package pgtest runs a private PostgreSQL cluster for tests: the real
// server, started from its programs (initdb, pg_ctl, postgres) in a
// temporary directory, listening on a free loopback port, and removed
// after. One cluster serves a test package (see Lazy); each test gets a
// fresh database of its own (Lazy.Database), made from template0.
//
// The programs are looked for on the PATH, then where Debian puts them,
// /usr/lib/postgresql/VERSION/bin (the highest version). PostgreSQL
// refuses to run as root: as root the programs run as the user postgres
// (through runuser), in a directory it owns. Without the programs a test
// is skipped with a message naming Debian's package, postgresql; with
// CI=true it fails instead, so that CI cannot pass without the server.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/internal/srvtest"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// ErrNotInstalled is the error of Start when the server's programs are
// missing.
var ErrNotInstalled = errors.New("PostgreSQL's programs (initdb, pg_ctl, postgres) not found: " +
	"install Debian's package postgresql (sudo bash .ci/setup)")

// Cluster is a running PostgreSQL cluster of the tests.
type Cluster struct {
	bin   string // the directory of the programs
	dir   string // temporary: data, socket and log
	port  int
	admin *sql.DB // the "postgres" database, for CREATE and DROP DATABASE
	runAs string  // "postgres" when the tests run as root, else ""
	n     atomic.Int64
}

// findBin returns the directory of initdb, pg_ctl and postgres.
func findBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { // by version number: 9 < 15
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	return "", ErrNotInstalled
}

// Start initializes a cluster in a new temporary directory and starts it
// on a free loopback port, tuned for tests: no fsync, nothing durable.
func Start(ctx context.Context) (*Cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin}
	if c.dir, err = os.MkdirTemp("", "fsa-pgtest-"); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		c.runAs = "postgres"
		u, err := user.Lookup(c.runAs)
		if err != nil {
			c.Stop()
			return nil, fmt.Errorf("running as root, and no user postgres to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			c.Stop()
			return nil, err
		}
	}
	if err := c.run(ctx, "initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C", "--no-sync"); err != nil {
		c.Stop()
		return nil, err
	}
	for attempt := 0; ; attempt++ { // the free port may be taken before the server binds it
		if c.port, err = srvtest.FreePort(); err != nil {
			c.Stop()
			return nil, err
		}
		options := strings.Join([]string{
			"-p", strconv.Itoa(c.port), "-k", c.dir, "-c", "listen_addresses=127.0.0.1",
			"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			"-c", "max_connections=300", "-c", "shared_buffers=32MB",
		}, " ")
		err = c.run(ctx, "pg_ctl", "-D", c.data(), "-l", filepath.Join(c.dir, "log"), "-o", options, "-w", "-t", "60", "start")
		if err == nil || attempt == 2 {
			break
		}
	}
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		c.Stop()
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	if c.admin, err = sql.Open("pgx", c.URL("postgres")); err != nil {
		c.Stop()
		return nil, err
	}
	if err := c.admin.PingContext(ctx); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// data is the cluster's data directory.
func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// run runs a program of the server, as the user postgres when root.
func (c *Cluster) run(ctx context.Context, program string, args ...string) error {
	name, args := filepath.Join(c.bin, program), args
	if c.runAs != "" {
		args = append([]string{"-u", c.runAs, "--", name}, args...)
		name = "runuser"
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", program, err, out)
	}
	return nil
}

// URL returns the URL of a database of the cluster.
func (c *Cluster) URL(database string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, database)
}

// Port returns the cluster's port on 127.0.0.1.
func (c *Cluster) Port() int { return c.port }

// CreateDatabase creates an empty database, from template0, and returns
// its name.
func (c *Cluster) CreateDatabase(ctx context.Context) (string, error) {
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), c.n.Add(1))
	// an identifier cannot be a parameter: this one is made here, and quoted
	if _, err := c.admin.ExecContext(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0"); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	return name, nil
}

// DropDatabase drops a database, closing its connections.
func (c *Cluster) DropDatabase(ctx context.Context, name string) error {
	if _, err := c.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// Stop stops the cluster and removes its directory.
func (c *Cluster) Stop() error {
	var errs []error
	if c.admin != nil {
		errs = append(errs, c.admin.Close())
	}
	if _, err := os.Stat(filepath.Join(c.data(), "postmaster.pid")); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		errs = append(errs, c.run(ctx, "pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop"))
	}
	errs = append(errs, os.RemoveAll(c.dir))
	return errors.Join(errs...)
}

// Lazy is the cluster of a test package: started by the first test that
// asks for a database, stopped by Stop, which the package's TestMain
// calls after m.Run.
//
//	var postgres pgtest.Lazy
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		postgres.Stop()
//		os.Exit(code)
//	}
type Lazy struct {
	once    sync.Once
	cluster *Cluster
	err     error
}

// Cluster returns the cluster, started on the first call.
func (l *Lazy) Cluster() (*Cluster, error) {
	l.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		l.cluster, l.err = Start(ctx)
	})
	return l.cluster, l.err
}

// Stop stops the cluster, if it was started. A failure is reported on
// standard error: the tests have run.
func (l *Lazy) Stop() {
	l.once.Do(func() { l.err = errors.New("pgtest: stopped") })
	if l.cluster != nil {
		if err := l.cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: stopping the cluster:", err)
		}
	}
}

// Database returns the URL of a fresh database for t, dropped when t ends.
// Without PostgreSQL's programs t is skipped, or fails with CI=true.
func (l *Lazy) Database(t testing.TB) string {
	t.Helper()
	c, err := l.Cluster()
	if errors.Is(err, ErrNotInstalled) {
		srvtest.Missing(t, err)
	}
	if err != nil {
		t.Fatalf("pgtest: starting PostgreSQL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name, err := c.CreateDatabase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := c.DropDatabase(ctx, name); err != nil {
			t.Error(err)
		}
	})
	return c.URL(name)
}
