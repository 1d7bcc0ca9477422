package basicauthapp_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/examples/basicauth/basicauthapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/contract"
)

// contracts validates every request the suite sends through serveTLS or
// an fsatest client, with its response, against the app's OpenAPI
// document (see package internal/contract).
var contracts contract.Suite

func TestMain(m *testing.M) { os.Exit(contracts.Run(m)) }

// testOpts ignore the host's FSA_* variables and logs, lower bcrypt's cost
// and turn throttling off: rows fail passwords on purpose.
func testOpts() []fsa.Option {
	return []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler)),
		fsa.Set("FSA_PASSWORD_OPTS", map[string]any{"rounds": 4}), fsa.Set("FSA_THROTTLE", false)}
}

// serveTLS serves app over HTTPS on a free loopback port, with the App's
// server and a self-signed certificate, and returns its URL and a client
// that trusts that certificate, and only it.
func serveTLS(t *testing.T, app *fsa.App) (string, *http.Client) {
	t.Helper()
	cert, err := basicauthapp.SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := app.Server(ln.Addr().String())
	srv.Handler = contracts.Handler(t, app)
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() { srv.Close() })
	return "https://" + ln.Addr().String(), trusting(cert.Leaf)
}

// trusting returns a client that trusts cert as its only root.
func trusting(cert *x509.Certificate) *http.Client {
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true}}
}

// remote is an http.Handler that forwards each request to a server over
// the network: fsatest's table rows then run over real HTTPS.
type remote struct {
	base   string
	client *http.Client
}

func (h remote) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, h.base+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), 599)
		return
	}
	req.Header = r.Header.Clone()
	res, err := h.client.Do(req)
	if err != nil {
		http.Error(w, "request failed: "+err.Error(), 599)
		return
	}
	defer res.Body.Close()
	if res.TLS == nil {
		http.Error(w, "not over TLS", 599)
		return
	}
	for name, values := range res.Header {
		w.Header()[name] = values
	}
	w.WriteHeader(res.StatusCode)
	io.Copy(w, res.Body)
}

// client returns an fsatest client of the app for user calvin, served
// over HTTPS.
func client(t *testing.T, user, password string) *fsatest.Client {
	t.Helper()
	app, err := basicauthapp.New(user, password, testOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	base, c := serveTLS(t, app)
	return fsatest.New(remote{base, c})
}

func TestHTTPS(t *testing.T) {
	const pass = "Hobbes-2024"
	challenge := map[string]string{"WWW-Authenticate": `Basic realm="basicauth"`}
	calvin := fsatest.Basic("calvin", pass)
	html := map[string]string{"Content-Type": "text/html; charset=utf-8",
		"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "WWW-Authenticate": ""}
	client(t, "calvin", pass).Run(t, []fsatest.Case{
		{Name: "page, no credentials: the login dialog", Path: "/", WantStatus: 401, WantHeader: challenge, WantBody: "missing authentication"},
		{Name: "page, wrong password: the dialog again", Path: "/", Auth: fsatest.Basic("calvin", "tiger"), WantStatus: 401,
			WantHeader: challenge, WantBody: "invalid user or password"},
		{Name: "page, wrong user: the dialog again", Path: "/", Auth: fsatest.Basic("hobbes", pass), WantStatus: 401, WantHeader: challenge},
		{Name: "page, empty password", Path: "/", Auth: fsatest.Basic("calvin", ""), WantStatus: 401, WantHeader: challenge},
		{Name: "page", Path: "/", Auth: calvin, WantStatus: 200, WantBody: "<p>Hello, calvin!</p>", WantHeader: html},
		{Name: "page, HEAD", Method: "HEAD", Path: "/", Auth: calvin, WantStatus: 200, WantExact: fsatest.String(""), WantHeader: html},
		{Name: "secret, no credentials", Path: "/api/secret", WantStatus: 401, WantHeader: challenge},
		{Name: "secret, wrong password", Path: "/api/secret", Auth: fsatest.Basic("calvin", pass+"!"), WantStatus: 401, WantHeader: challenge},
		{Name: "secret, a bearer token is no credential here", Path: "/api/secret", Auth: fsatest.Bearer("abc"), WantStatus: 401, WantHeader: challenge},
		{Name: "secret", Path: "/api/secret", Auth: calvin, WantStatus: 200,
			WantJSON:   map[string]any{"user": "calvin", "secret": "the key is under the mat"},
			WantHeader: map[string]string{"Content-Type": "application/json"}},
		{Name: "page, POST", Method: "POST", Path: "/", Auth: calvin, WantStatus: 405},
		{Name: "unknown path", Path: "/admin", Auth: calvin, WantStatus: 404},
	})
}

// TestHTTPSConnection checks the connection itself: TLS 1.3 and HTTP/2
// with a client trusting the certificate; refused by a client that does
// not; plain HTTP on the port gets no page.
func TestHTTPSConnection(t *testing.T) {
	app, err := basicauthapp.New("calvin", "hobbes", testOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	base, c := serveTLS(t, app)
	req, _ := http.NewRequest("GET", base+"/api/secret", nil)
	req.SetBasicAuth("calvin", "hobbes")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.TLS == nil || res.TLS.Version != tls.VersionTLS13 || res.ProtoMajor != 2 {
		t.Errorf("status %d, TLS %v, %s: want 200 over TLS 1.3 and HTTP/2", res.StatusCode, res.TLS != nil, res.Proto)
	}

	if _, err := http.Get(base + "/"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client that does not trust the certificate: %v: want a certificate error", err)
	}
	res, err = http.Get("http" + strings.TrimPrefix(base, "https") + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 400 || strings.Contains(string(body), "Hello") {
		t.Errorf("plain HTTP: %d %q: want 400", res.StatusCode, body)
	}
}

// TestPlainHTTPElsewhere: served over plain HTTP (by mistake, through
// another server), the app refuses clients other than loopback ones, as
// FSA_SECURE is on.
func TestPlainHTTPElsewhere(t *testing.T) {
	app, err := basicauthapp.New("calvin", "hobbes", testOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	fsatest.New(contracts.Handler(t, app)).Check(t, fsatest.Case{Path: "/", Auth: fsatest.Basic("calvin", "hobbes"), RemoteAddr: "192.0.2.1:4000",
		WantStatus: 403, WantBody: "insecure request: use HTTPS"})
}

// TestEscapedUserName shows html/template escaping a user name that holds
// markup: the page shows it, the browser never runs it. As JSON it is a
// string.
func TestEscapedUserName(t *testing.T) {
	const user = `<script>alert("pwned")</script>`
	c := client(t, user, "hobbes")
	res := c.Check(t, fsatest.Case{Path: "/", Auth: fsatest.Basic(user, "hobbes"), WantStatus: 200,
		WantBody: `<p>Hello, &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;!</p>`})
	if bytes.Contains(res.Body, []byte("<script")) {
		t.Errorf("page holds a <script> element:\n%s", res.Body)
	}
	c.Check(t, fsatest.Case{Path: "/api/secret", Auth: fsatest.Basic(user, "hobbes"), WantStatus: 200,
		WantJSON: map[string]any{"user": user}})
}

func TestSelfSigned(t *testing.T) {
	cert, err := basicauthapp.SelfSigned("home.example", "192.168.1.2", "0.0.0.0", "", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	leaf := cert.Leaf
	key, ok := leaf.PublicKey.(*ecdsa.PublicKey)
	if !ok || key.Curve != elliptic.P256() {
		t.Errorf("key %T: want ECDSA P-256", leaf.PublicKey)
	}
	if want := []string{"localhost", "home.example"}; fmt.Sprint(leaf.DNSNames) != fmt.Sprint(want) {
		t.Errorf("DNS names %v: want %v", leaf.DNSNames, want)
	}
	if n := len(leaf.IPAddresses); n != 3 {
		t.Errorf("IP addresses %v: want 127.0.0.1, ::1 and 192.168.1.2", leaf.IPAddresses)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	for host, valid := range map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true, "home.example": true,
		"192.168.1.2": true, "0.0.0.0": false, "example.com": false} {
		_, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: roots})
		if (err == nil) != valid {
			t.Errorf("valid for %s: %v (%v), want %v", host, err == nil, err, valid)
		}
	}
	if life := leaf.NotAfter.Sub(time.Now()); life < 29*24*time.Hour || life > 31*24*time.Hour {
		t.Errorf("valid for %v: want 30 days", life)
	}
	if fp := basicauthapp.Fingerprint(leaf); len(fp) != 32*3-1 || strings.ToUpper(fp) != fp {
		t.Errorf("fingerprint %q: want 32 upper-case hex bytes joined by colons", fp)
	}
	other, _ := basicauthapp.SelfSigned()
	if bytes.Equal(other.Leaf.Raw, leaf.Raw) || other.Leaf.SerialNumber.Cmp(leaf.SerialNumber) == 0 {
		t.Error("two certificates alike: want a new key and serial each time")
	}
}

// env returns a getenv of the name, value pairs.
func env(pairs ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(name string) string { return m[name] }
}

func TestRunRefuses(t *testing.T) {
	pass := env("BASICAUTH_PASS", "hobbes")
	for _, tc := range []struct {
		name   string
		args   []string
		getenv func(string) string
		want   string
	}{
		{"no password", []string{"-u", "calvin"}, env(), "no password: set BASICAUTH_PASS"},
		{"empty BASICAUTH_PASS", []string{"-u", "calvin"}, env("BASICAUTH_PASS", ""), "no password"},
		{"no user", nil, pass, "no user: give -u NAME"},
		{"cert without key", []string{"-u", "calvin", "-cert", "c.pem"}, pass, "give both -cert and -key"},
		{"key without cert", []string{"-u", "calvin", "-key", "k.pem"}, pass, "give both -cert and -key"},
		{"missing cert file", []string{"-u", "calvin", "-cert", "nothing.pem", "-key", "nothing.pem"}, pass, "nothing.pem"},
		{"argument", []string{"-u", "calvin", "extra"}, pass, `unexpected argument "extra"`},
		{"unknown flag", []string{"-user", "calvin"}, pass, "flag provided but not defined"},
		{"bad address", []string{"-u", "calvin", "-addr", "256.0.0.1:1"}, pass, "256.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := basicauthapp.Run(t.Context(), tc.args, tc.getenv, &stderr, testOpts()...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run: %v: want an error with %q", err, tc.want)
			}
			if strings.Contains(stderr.String(), "serving") {
				t.Errorf("stderr %q: want no serving", stderr.String())
			}
		})
	}
	if err := basicauthapp.Run(t.Context(), []string{"-h"}, pass, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}

// started runs the command until the test ends, and returns what it
// printed up to its "serving" line, and the address it serves.
func started(t *testing.T, args []string, getenv func(string) string) (lines []string, addr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := basicauthapp.Run(ctx, args, getenv, w, testOpts()...)
		w.Close()
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run after its context is done: %v, want nil", err)
		}
	})
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		line := scanner.Text()
		lines = append(lines, line)
		if rest, ok := strings.CutPrefix(line, "basicauth: serving https://"); ok {
			addr, _, _ = strings.Cut(rest, "/")
			go io.Copy(io.Discard, r)
			return lines, addr
		}
	}
	t.Fatalf("Run stopped before serving: %q, %v", lines, <-done)
	return nil, ""
}

// get sends GET url with Basic credentials and returns the status.
func get(t *testing.T, c *http.Client, url, user, password string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.SetBasicAuth(user, password)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestRunSelfSigned runs the command as `BASICAUTH_PASS=... basicauth -u
// calvin` would, on a free port: a client that pins the fingerprint it
// printed logs in.
func TestRunSelfSigned(t *testing.T) {
	lines, addr := started(t, []string{"-u", "calvin", "-addr", "127.0.0.1:0"}, env("BASICAUTH_PASS", "hobbes"))
	var fingerprint string
	for _, line := range lines {
		if _, fp, ok := strings.Cut(line, "SHA-256 fingerprint "); ok {
			fingerprint = fp
		}
	}
	if fingerprint == "" {
		t.Fatalf("no fingerprint in %q", lines)
	}
	pinned := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true, // the fingerprint is checked instead
		VerifyConnection: func(cs tls.ConnectionState) error {
			leaf := cs.PeerCertificates[0]
			if got := basicauthapp.Fingerprint(leaf); got != fingerprint {
				return fmt.Errorf("fingerprint %s, want %s", got, fingerprint)
			}
			_, err := leaf.Verify(x509.VerifyOptions{DNSName: "127.0.0.1", Roots: poolOf(leaf)})
			return err
		}}}}
	if status := get(t, pinned, "https://"+addr+"/", "calvin", "hobbes"); status != 200 {
		t.Errorf("GET /: %d, want 200", status)
	}
	if status := get(t, pinned, "https://"+addr+"/api/secret", "calvin", "tiger"); status != 401 {
		t.Errorf("GET /api/secret, wrong password: %d, want 401", status)
	}
}

func poolOf(cert *x509.Certificate) *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}

// TestRunCertFiles runs the command with -cert and -key files, and the
// password in -p, which gets a warning.
func TestRunCertFiles(t *testing.T) {
	cert, err := basicauthapp.SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	der, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	lines, addr := started(t, []string{"-u", "calvin", "-p", "hobbes", "-addr", "127.0.0.1:0", "-cert", certFile, "-key", keyFile},
		env("BASICAUTH_PASS", "other"))
	text := strings.Join(lines, "\n")
	if !strings.Contains(text, "warning: -p shows the password") || strings.Contains(text, "fingerprint") {
		t.Errorf("stderr %q: want the -p warning, and no self-signed certificate", text)
	}
	if status := get(t, trusting(cert.Leaf), "https://"+addr+"/", "calvin", "hobbes"); status != 200 {
		t.Errorf("GET / with -p's password: %d, want 200", status)
	}
	if status := get(t, trusting(cert.Leaf), "https://"+addr+"/", "calvin", "other"); status != 401 {
		t.Errorf("GET / with BASICAUTH_PASS's password: %d, want 401: -p wins", status)
	}
}
