// Package examples_test builds the example commands and runs them as a
// user would: go build, then the binary on a free loopback port, a few
// requests, and SIGINT, which stops it gracefully.
package examples_test

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/examples/basicauth/basicauthapp"
)

// build builds the command of package dir (./restauth) into a temporary
// directory and returns its path.
func build(t *testing.T, dir string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a binary: not with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	bin := filepath.Join(t.TempDir(), filepath.Base(dir))
	args := []string{"build", "-o", bin}
	if raceBuild {
		args = append(args, "-race")
	}
	out, err := exec.Command(goCmd, append(args, dir)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", dir, err, out)
	}
	return bin
}

// start runs bin with args and the environment given (nothing of the
// host's), and waits for a stderr line holding want, which it returns
// with the lines before it. At the end of the test the command gets
// SIGINT and must exit 0.
func start(t *testing.T, bin string, env []string, want string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string)
	go func() {
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			lines <- scanner.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		go func() {
			for range lines { // drain
			}
		}()
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("%s after SIGINT: %v, want exit 0", filepath.Base(bin), err)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Errorf("%s still running 15 s after SIGINT", filepath.Base(bin))
		}
	})

	var seen []string
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("%s exited before %q: %q", filepath.Base(bin), want, seen)
			}
			seen = append(seen, line)
			if strings.Contains(line, want) {
				return seen
			}
		case <-timeout:
			t.Fatalf("%s: no %q within 30 s: %q", filepath.Base(bin), want, seen)
		}
	}
}

// freeAddr returns a loopback address with a port free now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// send sends a request and returns the status and body.
func send(t *testing.T, c *http.Client, method, url, body string, user, password string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.SetBasicAuth(user, password)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestRestauthCommand: go run ./examples/restauth, and the README's curl
// lines.
func TestRestauthCommand(t *testing.T) {
	bin := build(t, "./restauth")
	addr, db := freeAddr(t), filepath.Join(t.TempDir(), "users.db")
	start(t, bin, []string{"RESTAUTH_DB=" + db, `FSA_PASSWORD_OPTS={"rounds": 4}`}, "fsa: serving", "-addr", addr)
	// Start logs "serving" as its listener starts: wait for the port
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("restauth: not listening on %s: %v", addr, err)
		}
	}
	base, c := "http://"+addr, http.DefaultClient

	status, body := send(t, c, "POST", base+"/api/users", `{"username": "miguel", "password": "python"}`, "", "")
	if status != 201 || !strings.Contains(body, `"username":"miguel"`) {
		t.Fatalf("POST /api/users: %d %q", status, body)
	}
	status, body = send(t, c, "GET", base+"/api/token", "", "miguel", "python")
	var token struct{ Token string }
	if status != 200 || json.Unmarshal([]byte(body), &token) != nil || token.Token == "" {
		t.Fatalf("GET /api/token: %d %q", status, body)
	}
	for _, cred := range [][2]string{{"miguel", "python"}, {token.Token, "unused"}} {
		if status, body = send(t, c, "GET", base+"/api/resource", "", cred[0], cred[1]); status != 200 || !strings.Contains(body, "Hello, miguel!") {
			t.Errorf("GET /api/resource: %d %q", status, body)
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("RESTAUTH_DB: %v", err)
	}
}

// TestBasicauthCommand: BASICAUTH_PASS=... go run ./examples/basicauth -u
// calvin, on a free port; a client pinning the fingerprint it shows.
func TestBasicauthCommand(t *testing.T) {
	bin := build(t, "./basicauth")
	refused := exec.Command(bin, "-u", "calvin")
	refused.Env = []string{} // no BASICAUTH_PASS of the host's
	out, err := refused.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "no password") {
		t.Errorf("without a password: %v %q: want a refusal", err, out)
	}

	lines := start(t, bin, []string{"BASICAUTH_PASS=hobbes", `FSA_PASSWORD_OPTS={"rounds": 4}`}, "basicauth: serving",
		"-u", "calvin", "-addr", "127.0.0.1:0")
	var fingerprint, url string
	for _, line := range lines {
		if _, fp, ok := strings.Cut(line, "fingerprint "); ok {
			fingerprint = fp
		}
		if _, rest, ok := strings.Cut(line, "serving "); ok {
			url, _, _ = strings.Cut(rest, " ")
		}
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true, // the fingerprint is checked instead
		VerifyConnection: func(cs tls.ConnectionState) error {
			if got := basicauthapp.Fingerprint(cs.PeerCertificates[0]); got != fingerprint {
				return fmt.Errorf("fingerprint %s, want %s", got, fingerprint)
			}
			return nil
		}}}}
	if status, body := send(t, c, "GET", url, "", "calvin", "hobbes"); status != 200 || !strings.Contains(body, "Hello, calvin!") {
		t.Errorf("GET %s: %d %q", url, status, body)
	}
	if status, _ := send(t, c, "GET", url+"api/secret", "", "calvin", "tiger"); status != 401 {
		t.Errorf("GET %sapi/secret, wrong password: %d, want 401", url, status)
	}
}
