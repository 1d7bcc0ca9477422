package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The targets, by name.
const (
	rawTarget     = "baseline raw"
	handTarget    = "baseline hand fsa"
	acmeTarget    = "acme fsa"
	acmeBasic     = "acme basic"
	acmeJWTTarget = "acme jwt"
	acmeRedis     = "acme redis" // with -redis: FSA_CACHE redis
	handFSATarget = "hand fsa"
	handJWTTarget = "hand jwt"
)

// The routes of the hand-written server.
const (
	handFSAPath = "/hand/fsa/hello-me"
	handJWTPath = "/hand/jwt/hello-me"
)

// target is a URL to drive, with the Authorization header to send.
type target struct {
	name   string
	url    string
	header func(context.Context) (string, error) // "" sends none
	pid    int                                   // the server's process
}

// servers are the processes under measurement and their base URLs.
type servers struct {
	procs    []*exec.Cmd
	tmp      string // where the baseline is built
	password string // acme's administrator's
	acme     server
	acmeJWT  server
	acmeRed  server // with -redis
	hand     server // the hand-written routes
	baseline server // url "" when the baseline is skipped
}

// server is a process under measurement: its base URL and its pid.
type server struct {
	url string
	pid int
}

// startServers starts acme (fsa tokens), acme (JWTs), the hand-written
// routes and, if its directory exists, the baseline, each in its own
// process, and waits until each responds. Call stop even on an error.
func startServers(ctx context.Context, o options, out io.Writer) (*servers, error) {
	s := &servers{password: randomPassword()}
	self, err := os.Executable()
	if err != nil {
		return s, err
	}
	if err := s.mkTemp(); err != nil {
		return s, err
	}
	children := []struct {
		name string
		srv  *server
	}{{"acme", &s.acme}, {"acme-jwt", &s.acmeJWT}, {"hand", &s.hand}}
	if o.redis != "" {
		children = append(children, struct {
			name string
			srv  *server
		}{"acme-redis", &s.acmeRed})
	}
	for _, child := range children {
		// each acme on a SQLite file of its own, as go run ./acme
		env := []string{"ACME_PASS=" + s.password, "ACME_DB=" + filepath.Join(s.tmp, child.name+".db")}
		if child.name == "acme-redis" {
			env = append(env, "LOAD_REDIS="+o.redis)
		}
		args := []string{"-serve", child.name}
		if o.cpuprofile != "" {
			args = append(args, "-profile", filepath.Join(o.cpuprofile, child.name+".pprof"))
		}
		if *child.srv, err = s.start(ctx, env, self, append(args, "-addr")...); err != nil {
			return s, fmt.Errorf("%s: %w", child.name, err)
		}
	}
	dir := moduleRelative(o.baseline)
	if _, err := os.Stat(filepath.Join(dir, "main.go")); err != nil {
		fmt.Fprintf(out, "baseline: no server in %s (%v): skipping its rows and the ratios against them\n", dir, err)
		return s, nil
	}
	binary, err := s.buildBaseline(dir)
	if err != nil {
		return s, fmt.Errorf("baseline: %w", err)
	}
	secret, _, err := acmeSecret()
	if err != nil {
		return s, err
	}
	if s.baseline, err = s.start(ctx, nil, binary, "-secret", secret, "-addr"); err != nil {
		return s, fmt.Errorf("baseline: %w", err)
	}
	return s, nil
}

// start runs the program with args and a free loopback address as its last
// argument, and returns it once it responds over HTTP.
func (s *servers) start(ctx context.Context, env []string, program string, args ...string) (server, error) {
	addr, err := freeAddr()
	if err != nil {
		return server{}, err
	}
	cmd := exec.Command(program, append(args, addr)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return server{}, err
	}
	s.procs = append(s.procs, cmd)
	srv := server{url: "http://" + addr, pid: cmd.Process.Pid}
	return srv, waitReady(ctx, srv.url, 20*time.Second)
}

// mkTemp makes the servers' temporary directory, once.
func (s *servers) mkTemp() error {
	if s.tmp != "" {
		return nil
	}
	tmp, err := os.MkdirTemp("", "fsa-load-")
	s.tmp = tmp
	return err
}

// buildBaseline builds the baseline server from its directory, which is
// a module of its own, into a temporary directory.
func (s *servers) buildBaseline(dir string) (string, error) {
	if err := s.mkTemp(); err != nil {
		return "", err
	}
	binary := filepath.Join(s.tmp, "baseline")
	cmd := exec.Command("go", "build", "-o", binary, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build in %s: %w", dir, err)
	}
	return binary, nil
}

// stop ends the servers it started, gracefully first, and removes the
// temporary directory.
func (s *servers) stop() {
	for _, cmd := range s.procs {
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		if cmd.Process.Signal(os.Interrupt) != nil {
			cmd.Process.Kill()
		}
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
}

// targets lists what to drive: the baseline's two routes when it runs,
// acme with each token type and with Basic authentication (a bcrypt check
// on every request, the cost that tokens avoid), and the hand-written fsa
// and JWT routes.
func (s *servers) targets() []target {
	fsaBearer, jwtBearer := s.bearer(s.acme.url), s.bearer(s.acmeJWT.url)
	var ts []target
	if s.baseline.url != "" {
		none := func(context.Context) (string, error) { return "", nil }
		ts = append(ts,
			target{rawTarget, s.baseline.url + "/raw/hello-me", none, s.baseline.pid},
			target{handTarget, s.baseline.url + "/hand/hello-me", fsaBearer, s.baseline.pid})
	}
	basic := func(context.Context) (string, error) {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte("acme:"+s.password)), nil
	}
	if s.acmeRed.url != "" {
		ts = append(ts, target{acmeRedis, s.acmeRed.url + "/hello-me", s.bearer(s.acmeRed.url), s.acmeRed.pid})
	}
	return append(ts,
		target{acmeTarget, s.acme.url + "/hello-me", fsaBearer, s.acme.pid},
		target{acmeBasic, s.acme.url + "/hello-me", basic, s.acme.pid},
		target{acmeJWTTarget, s.acmeJWT.url + "/hello-me", jwtBearer, s.acmeJWT.pid},
		target{handFSATarget, s.hand.url + handFSAPath, fsaBearer, s.hand.pid},
		target{handJWTTarget, s.hand.url + handJWTPath, jwtBearer, s.hand.pid})
}

// bearer returns a function that gets a fresh token from the acme at base
// and makes it an Authorization header.
func (s *servers) bearer(base string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		token, err := getToken(ctx, base, s.password)
		return "Bearer " + token, err
	}
}

// getToken asks acme for a token: GET /token with Basic authentication.
func getToken(ctx context.Context, base, password string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/token", nil)
	if err != nil {
		return "", err
	}
	req.SetBasicAuth("acme", password)
	var answer struct{ Token string }
	if err := getJSON(req, &answer); err != nil {
		return "", fmt.Errorf("GET /token: %w", err)
	}
	if answer.Token == "" {
		return "", errors.New("GET /token: no token")
	}
	return answer.Token, nil
}

// checkTargets makes sure that every target responds 200 and Acme's
// greeting to the administrator before it is measured.
func checkTargets(ctx context.Context, targets []target) error {
	want := map[string]string{"msg": "hello", "user": "acme"}
	for _, t := range targets {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.url, nil)
		if err != nil {
			return err
		}
		header, err := t.header(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		var got map[string]string
		if err := getJSON(req, &got); err != nil {
			return fmt.Errorf("%s: GET %s: %w", t.name, t.url, err)
		}
		if !maps.Equal(got, want) {
			return fmt.Errorf("%s: GET %s answered %v, want %v", t.name, t.url, got, want)
		}
	}
	return nil
}

// getJSON sends req, wants a 200, and decodes the response into v.
func getJSON(req *http.Request, v any) error {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return json.Unmarshal(body, v)
}

// waitReady polls url until it responds over HTTP, whatever the status.
func waitReady(ctx context.Context, url string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			return nil
		}
		if err := pause(ctx, 50*time.Millisecond); err != nil {
			return fmt.Errorf("%s does not answer: %w", url, err)
		}
	}
}

// freeAddr returns a loopback address with a port free now.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// moduleRelative returns dir, made absolute from the root of the module
// that holds the working directory when it is relative.
func moduleRelative(dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		return dir
	}
	for root := wd; ; root = filepath.Dir(root) {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			return filepath.Join(root, dir)
		}
		if filepath.Dir(root) == root {
			return filepath.Join(wd, dir)
		}
	}
}

// randomPassword returns a password that passes acme.conf's rules.
func randomPassword() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "Load-" + hex.EncodeToString(b) + "-Xy9"
}
