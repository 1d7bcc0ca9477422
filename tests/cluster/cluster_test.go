// Package cluster tests Acme as docs/DEPLOYMENT.md deploys it on several
// instances: the acme command, built once, run as 3 processes on a shared
// redis-server (FSA_CACHE redis) and a private PostgreSQL (ACME_DB), with
// nginx in front, round-robin, all on the loopback and stopped after.
// Without the programs (Debian's redis-server, postgresql, nginx) the
// tests are skipped, or fail with CI=true.
//
// Every client of these tests may leave from a loopback address of its
// own (127.0.0.0/8 is this host's): nginx forwards it in X-Forwarded-For,
// and the instances, trusting 127.0.0.1 only (FSA_TRUSTED_PROXIES), take
// it as the client's address, so that each test's throttle counts are its
// own.
package cluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/pgtest"
	"github.com/fsa-go/fsa-go/internal/srvtest"
)

// acmePass is the administrator's password, as in the tutorial.
const acmePass = "Acme-Admin-2024"

// postgres is the PostgreSQL cluster of the package's tests.
var postgres pgtest.Lazy

// binaries are the commands the tests run, each built once.
var binaries struct {
	mu    sync.Mutex
	dir   string
	paths map[string]string // by package
}

func TestMain(m *testing.M) {
	code := m.Run()
	postgres.Stop()
	if binaries.dir != "" {
		os.RemoveAll(binaries.dir)
	}
	os.Exit(code)
}

// command returns the path of the command of a package of the module
// ("./acme"), built on the first call with the go of this test's
// toolchain (and -race when the tests run with it, which shares their
// build cache and checks the instances too).
func command(t testing.TB, pkg string) string {
	t.Helper()
	binaries.mu.Lock()
	defer binaries.mu.Unlock()
	if path, ok := binaries.paths[pkg]; ok {
		return path
	}
	if binaries.dir == "" {
		dir, err := os.MkdirTemp("", "fsa-cluster-")
		if err != nil {
			t.Fatal(err)
		}
		binaries.dir, binaries.paths = dir, map[string]string{}
	}
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		goCmd = "go"
	}
	path := filepath.Join(binaries.dir, filepath.Base(pkg))
	args := []string{"build", "-o", path}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(goCmd, append(args, pkg)...)
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	binaries.paths[pkg] = path
	return path
}

// instance is a running acme process.
type instance struct {
	Addr string // host:port, on 127.0.0.1
	cmd  *exec.Cmd
	log  string // its standard output and error
	done chan struct{}
}

// URL returns the base URL of the instance.
func (i *instance) URL() string { return "http://" + i.Addr }

// cluster is Acme on n instances behind nginx.
type cluster struct {
	acme     []*instance
	balancer *srvtest.Server
	redis    *srvtest.Server
	dbURL    string
	env      []string // the instances' environment
}

// URL returns the base URL of the balancer.
func (c *cluster) URL() string { return "http://" + c.balancer.Addr }

// throttleFailures is FSA_THROTTLE_OPTS's failures in the instances: the
// failed logins of one login from one address before a 429.
const throttleFailures = 3

// startCluster starts n Acme instances on a fresh database of the
// package's PostgreSQL and a redis-server of the test, and nginx in front
// of them. Programs missing skip t, or fail it with CI=true.
func startCluster(t testing.TB, n int) *cluster {
	t.Helper()
	srvtest.Require(t, "nginx", "redis-server")
	c := &cluster{redis: srvtest.Redis(t), dbURL: postgres.Database(t)}
	bin := command(t, "./acme")
	secret := make([]byte, 32)
	rand.Read(secret)
	c.env = []string{
		"PATH=" + os.Getenv("PATH"),
		"ACME_DB=" + c.dbURL,
		"ACME_PASS=" + acmePass,
		"FSA_CACHE=redis",
		fmt.Sprintf(`FSA_CACHE_OPTS={"host": "127.0.0.1", "port": %d}`, c.redis.Port),
		"FSA_TOKEN_SECRET=" + hex.EncodeToString(secret),
		`FSA_TRUSTED_PROXIES=["127.0.0.1"]`,
		`FSA_PASSWORD_OPTS={"rounds": 4}`, // fast hashes: users are made by the tests
		fmt.Sprintf(`FSA_THROTTLE_OPTS={"failures": %d, "delay": 60}`, throttleFailures),
	}
	// the first creates the schema and the administrator, the others find them
	first := startAcme(t, bin, c.env)
	if first == nil {
		t.FailNow()
	}
	c.acme = append([]*instance{first}, startInstances(t, bin, c.env, n-1)...)
	c.balancer = srvtest.Nginx(t, addrs(c.acme)...)
	return c
}

// startInstances starts n processes of bin at once, with env.
func startInstances(t testing.TB, bin string, env []string, n int) []*instance {
	var wg sync.WaitGroup
	all := make([]*instance, n)
	for i := range all {
		wg.Go(func() { all[i] = startAcme(t, bin, env) })
	}
	wg.Wait()
	for _, a := range all {
		if a == nil {
			t.FailNow()
		}
	}
	return all
}

// addrs returns the instances' addresses.
func addrs(instances []*instance) []string {
	var out []string
	for _, a := range instances {
		out = append(out, a.Addr)
	}
	return out
}

// startAcme starts an acme process (or another command that serves GET
// /hello and takes -addr) on a free port of 127.0.0.1 and waits until it
// answers; it is stopped when t ends. It may run in a goroutine
// of t: a failure is t.Error, and the result nil.
func startAcme(t testing.TB, bin string, env []string) *instance {
	for attempt := 0; ; attempt++ { // the free port may be taken before acme binds it
		a, err := tryAcme(t, bin, env)
		if err == nil {
			return a
		}
		if attempt == 2 {
			t.Error(err)
			return nil
		}
	}
}

func tryAcme(t testing.TB, bin string, env []string) (*instance, error) {
	port, err := srvtest.FreePort()
	if err != nil {
		return nil, err
	}
	a := &instance{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), done: make(chan struct{})}
	dir := t.TempDir()
	a.log = filepath.Join(dir, "acme.log")
	log, err := os.Create(a.log)
	if err != nil {
		return nil, err
	}
	defer log.Close()
	a.cmd = exec.Command(bin, "-addr", a.Addr)
	a.cmd.Dir, a.cmd.Env, a.cmd.Stdout, a.cmd.Stderr = dir, env, log, log
	if err := a.cmd.Start(); err != nil {
		return nil, fmt.Errorf("acme: %w", err)
	}
	go func() { a.cmd.Wait(); close(a.done) }()
	t.Cleanup(a.stop)
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-a.done:
			out, _ := os.ReadFile(a.log)
			return nil, fmt.Errorf("acme on %s exited: %s\n%s", a.Addr, a.cmd.ProcessState, out)
		default:
		}
		if res, err := client.Get(a.URL() + "/hello"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return a, nil
			}
		}
	}
	a.stop()
	out, _ := os.ReadFile(a.log)
	return nil, fmt.Errorf("acme on %s did not answer GET /hello within 30 s:\n%s", a.Addr, out)
}

// stop ends the process: SIGTERM (acme shuts down gracefully), then
// SIGKILL after 5 s.
func (a *instance) stop() {
	select {
	case <-a.done:
		return
	default:
	}
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.done:
	case <-time.After(5 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.done
	}
}

// Log returns what the instance wrote so far.
func (a *instance) Log() string {
	out, _ := os.ReadFile(a.log)
	return string(out)
}

// httpClient returns an HTTP client whose connections leave from the
// loopback address ip, and which follows no redirect.
func httpClient(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{
		Timeout:       30 * time.Second,
		Transport:     &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// remote is an http.Handler that sends each request to a server, from a
// client address, and writes back its response: an fsatest.Client on it
// tests a real server. A request that fails is a 502 whose body says so.
type remote struct {
	base   string // http://host:port
	client *http.Client
}

func (r remote) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	out, err := http.NewRequestWithContext(req.Context(), req.Method, r.base+req.URL.RequestURI(), req.Body)
	if err != nil {
		http.Error(w, "test client: "+err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = req.Header.Clone()
	out.ContentLength = req.ContentLength
	res, err := r.client.Do(out)
	if err != nil {
		http.Error(w, "test client: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	for name, values := range res.Header {
		w.Header()[name] = values
	}
	w.WriteHeader(res.StatusCode)
	io.Copy(w, res.Body)
}

// client returns an fsatest client of a server (base URL) whose requests
// leave from the loopback address ip, knowing the administrator's password
// and sending Acme's param names.
func client(base, ip string) *fsatest.Client {
	return &fsatest.Client{Handler: remote{base: base, client: httpClient(ip)},
		ParamUser: "username", ParamPass: "password",
		Passwords: map[string]string{"acme": acmePass}}
}

// get sends a GET with basic credentials and returns the status and body.
func get(ctx context.Context, c *http.Client, url, login, password string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	if login != "" {
		req.SetBasicAuth(login, password)
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}
