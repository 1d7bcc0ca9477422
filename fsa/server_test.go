package fsa_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
)

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// selfSigned writes a certificate and key for 127.0.0.1 and returns their paths.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile
}

// TestStartAndShutdown serves over HTTP and HTTPS, then stops each with
// SIGTERM: Start returns nil after a graceful shutdown.
func TestStartAndShutdown(t *testing.T) {
	certFile, keyFile := selfSigned(t)
	tests := []struct {
		scheme string
		start  func(app *fsa.App, addr string) error
	}{
		{"http", func(app *fsa.App, addr string) error { return app.Start(addr) }},
		{"https", func(app *fsa.App, addr string) error { return app.StartTLS(addr, certFile, keyFile) }},
	}
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // the test's own self-signed certificate
	for _, tt := range tests {
		t.Run(tt.scheme, func(t *testing.T) {
			app := newApp(t, nil)
			fsa.Get(app, "/hello", fsa.Open, hello)
			addr := freeAddr(t)
			done := make(chan error, 1)
			go func() { done <- tt.start(app, addr) }()
			var res *http.Response
			var err error
			for range 100 { // until the server listens
				if res, err = client.Get(tt.scheme + "://" + addr + "/hello"); err == nil {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err != nil {
				t.Fatalf("server does not answer: %v", err)
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Errorf("status %d", res.StatusCode)
			}
			if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Start after SIGTERM: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("no shutdown after SIGTERM")
			}
		})
	}
}

func TestServerTimeouts(t *testing.T) {
	app := newApp(t, nil)
	s := app.Server("127.0.0.1:0")
	// the timeouts are the guard's (TestConnectionLimits)
	if s.ConnState == nil || s.ConnContext == nil || s.MaxHeaderBytes == 0 {
		t.Errorf("unbounded server: %+v", s)
	}
	if s.Handler != app {
		t.Error("the server does not serve the app")
	}
}

// Start warns when FSA_SECURE would refuse every remote client: plain HTTP
// on an address that is not loopback, without a trusted proxy. The port is
// invalid, so that Start returns at once, after its warning.
func TestStartInsecureWarning(t *testing.T) {
	const warning = "FSA_SECURE is on and Start serves plain HTTP on a non-loopback address"
	tests := []struct {
		name       string
		addr       string
		tls        bool
		directives []any
		warns      bool
	}{
		{name: "every interface", addr: ":99999", warns: true},
		{name: "0.0.0.0", addr: "0.0.0.0:99999", warns: true},
		{name: "a public address", addr: "192.0.2.1:99999", warns: true},
		{name: "127.0.0.1", addr: "127.0.0.1:99999"},
		{name: "::1", addr: "[::1]:99999"},
		{name: "localhost", addr: "localhost:99999"},
		{name: "TLS", addr: ":99999", tls: true},
		{name: "FSA_SECURE off", addr: ":99999", directives: []any{"FSA_SECURE", false}},
		{name: "trusted proxy", addr: ":99999", directives: []any{"FSA_TRUSTED_PROXIES", []string{"10.0.0.1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			app := newApp(t, &logs, tt.directives...)
			fsa.Get(app, "/hello", fsa.Open, hello)
			var err error
			if tt.tls {
				err = app.StartTLS(tt.addr, "no-cert.pem", "no-key.pem")
			} else {
				err = app.Start(tt.addr)
			}
			if err == nil {
				t.Fatal("Start on an invalid port returned nil")
			}
			if warned := strings.Contains(logs.String(), warning); warned != tt.warns {
				t.Errorf("warned %v, want %v; logs:\n%s", warned, tt.warns, logs.String())
			}
		})
	}
}
