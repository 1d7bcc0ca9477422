// Package srvtest runs a private server for tests, as pgtest does for
// PostgreSQL: the real program (redis-server, memcached, or nginx as a
// reverse proxy), found on the PATH or where Debian puts it (/usr/bin,
// /usr/sbin), listening on a free loopback port, with its files in a
// temporary directory, stopped when the test ends. Without the program a test is skipped with a
// message naming Debian's package; with CI=true it fails instead, so that
// CI cannot pass without the server.
package srvtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a running redis-server or memcached of a test.
type Server struct {
	// Addr is host:port, on the loopback.
	Addr string
	Port int
	prog string
	args []string
	dir  string
	// group: the program forks workers (nginx): it runs in a process
	// group of its own, is asked to stop with SIGTERM, and its group is
	// killed if it has not within stopWait
	group bool

	mu  sync.Mutex
	cmd *exec.Cmd
}

// find returns the path of a program: the PATH first, then Debian's
// directories.
func find(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/bin", "/usr/sbin", "/usr/local/bin"} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	pkg, ok := debianPackage[name]
	if !ok {
		return "", fmt.Errorf("%s not found on the PATH nor in /usr/bin, /usr/sbin, /usr/local/bin", name)
	}
	return "", fmt.Errorf("%s not found: install Debian's package %s (sudo bash .ci/setup)", name, pkg)
}

var debianPackage = map[string]string{"redis-server": "redis-server", "memcached": "memcached", "nginx": "nginx",
	"chromium": "chromium"}

// FreePort returns a loopback port that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Redis starts a redis-server for the test, without persistence,
// stopped at its end. extra are more arguments ("--requirepass", "pw").
func Redis(t testing.TB, extra ...string) *Server {
	return start(t, "redis-server", func(port int, dir string) []string {
		return append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
			"--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning"}, extra...)
	})
}

// Memcached starts a memcached for the test, stopped at its end.
func Memcached(t testing.TB) *Server {
	return start(t, "memcached", func(port int, _ string) []string {
		args := []string{"-l", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "0", "-m", "64"}
		if os.Geteuid() == 0 { // memcached refuses root without -u
			args = append(args, "-u", "root")
		}
		return args
	})
}

// Missing skips t for a missing server, err naming its Debian package,
// or fails it with CI=true, so that CI cannot pass without the server.
func Missing(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: %v", err)
	}
	t.Skip(err)
}

func start(t testing.TB, name string, args func(port int, dir string) []string) *Server {
	t.Helper()
	s := prepare(t, name)
	s.args = args(s.Port, s.dir)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Require skips t when a program is missing, naming its Debian package,
// or fails it with CI=true (see Missing): for a test that starts several
// servers, before it starts any.
func Require(t testing.TB, programs ...string) {
	t.Helper()
	for _, name := range programs {
		if _, err := find(name); err != nil {
			Missing(t, err)
		}
	}
}

// Program returns the path of a program the test runs (a browser, say):
// missing, the test is skipped, or fails with CI=true, naming Debian's
// package.
func Program(t testing.TB, name string) string {
	t.Helper()
	path, err := find(name)
	if err != nil {
		Missing(t, err)
	}
	return path
}

// prepare finds the program of a server and gives it a free port and a
// temporary directory.
func prepare(t testing.TB, name string) *Server {
	t.Helper()
	prog, err := find(name)
	if err != nil {
		Missing(t, err)
	}
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Port: port, prog: prog, dir: t.TempDir()}
}

// Start starts the server again on its port, after Stop, and waits until
// it accepts connections.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return errors.New("srvtest: already running")
	}
	log, err := os.OpenFile(filepath.Join(s.dir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.Command(s.prog, s.args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: s.group}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if c, err := net.DialTimeout("tcp", s.Addr, 100*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.stopLocked()
	out, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	return fmt.Errorf("srvtest: %s did not listen on %s: %s", filepath.Base(s.prog), s.Addr, out)
}

// Stop kills the server and waits for it, if it runs.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
}

func (s *Server) stopLocked() {
	if s.cmd == nil {
		return
	}
	if !s.group {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
		return
	}
	// a killed nginx master would leave its workers serving: ask it to
	// stop them, then kill what is left of its group
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(stopWait):
		_ = s.cmd.Process.Kill()
		<-done
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL) // the workers, if any remain
	s.cmd = nil
}

// stopWait is how long a server with workers has to stop before it is
// killed.
const stopWait = 5 * time.Second
