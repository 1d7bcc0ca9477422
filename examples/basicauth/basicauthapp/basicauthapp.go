// Package basicauthapp is a small home-automation web app of Flask's kind
// on fsa-go: one user, given on the command line, an HTML page and a JSON
// API, both behind HTTP basic authentication (the browser's login
// dialog), over HTTPS with the certificate given or a self-signed one
// made at start.
//
//	GET /            an HTML page greeting the user
//	GET /api/secret  {"user", "secret"}
package basicauthapp

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
)

// Realm is the realm of the Basic challenge, which browsers may show in
// their login dialog.
const Realm = "basicauth"

// page is the home page. html/template escapes every value by its
// context: a user name "<script>..." is shown, never run.
var page = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Home</title></head>
<body>
<h1>Home</h1>
<p>Hello, {{.User}}!</p>
<p>The lights are {{.Lights}}. The <a href="/api/secret">secret</a> is in the API.</p>
</body>
</html>
`))

// Secret is the answer of GET /api/secret.
type Secret struct {
	User   string `json:"user"`
	Secret string `json:"secret"`
}

// New returns the app, checked, for one user and password. The password
// is hashed at once (bcrypt, FSA_PASSWORD_SCHEME); the clear one is not
// kept. Options come after the app's own, and the environment's FSA_*
// variables after both.
func New(user, password string, opts ...fsa.Option) (*fsa.App, error) {
	if user == "" || password == "" {
		return nil, errors.New("basicauth: a user and a password are needed")
	}
	app, err := fsa.New("basicauth", append([]fsa.Option{
		fsa.Set("FSA_AUTH", []any{"basic"}), // a list: the string "basic" would enable tokens too
		fsa.Set("FSA_TOKEN_TYPE", nil),      // None: no tokens
		fsa.Set("FSA_REALM", Realm),
		// the page runs no script, loads nothing and is framed nowhere
		fsa.Set("FSA_ADD_HEADERS", map[string]any{
			"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
			"Cache-Control":           "no-store",
		}),
	}, opts...)...)
	if err != nil {
		return nil, err
	}
	hash, err := app.HashPassword(password)
	if err != nil {
		return nil, fmt.Errorf("basicauth: the password: %w", err)
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		if login != user {
			return "", nil // no such user: the framework answers as for a wrong password
		}
		return hash, nil
	})

	fsa.Get(app, "/", fsa.Auth, func(c *fsa.Context, _ struct{}) (fsa.HTML, error) {
		return fsa.RenderHTML(page, struct{ User, Lights string }{c.User(), "off"})
	})
	fsa.Get(app, "/api/secret", fsa.Auth, func(c *fsa.Context, _ struct{}) (Secret, error) {
		return Secret{User: c.User(), Secret: "the key is under the mat"}, nil
	})
	return app, app.Check()
}

// DefaultAddr is the address of -addr when it is not given.
const DefaultAddr = "localhost:8443"

// Run is the command: it reads its flags from args and the password from
// -p or BASICAUTH_PASS (getenv), then serves HTTPS until ctx is done, and
// shuts down gracefully. It writes what it does to stderr: the address,
// and the fingerprint of a self-signed certificate, to compare with the
// one the browser shows. opts are given to New.
//
//	-u USER       the user (required)
//	-p PASSWORD   the password, else BASICAUTH_PASS: a flag shows in ps
//	-addr ADDR    the address, host:port (default localhost:8443; port 0 for any)
//	-cert, -key   the certificate and key files, PEM; without them, a
//	              self-signed certificate for localhost, 127.0.0.1, ::1 and
//	              the host of -addr is made, in memory
func Run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, opts ...fsa.Option) error {
	flags := flag.NewFlagSet("basicauth", flag.ContinueOnError)
	flags.SetOutput(stderr)
	user := flags.String("u", "", "the user name (required)")
	pass := flags.String("p", "", "the password; other users of the host see it in ps: prefer BASICAUTH_PASS")
	addr := flags.String("addr", DefaultAddr, "address to listen on, host:port")
	certFile := flags.String("cert", "", "certificate file (PEM); none: a self-signed certificate made at start")
	keyFile := flags.String("key", "", "private key file (PEM) of -cert")
	if err := flags.Parse(args); err != nil {
		return err
	}
	password := *pass
	if password == "" {
		password = getenv("BASICAUTH_PASS")
	} else {
		fmt.Fprintln(stderr, "basicauth: warning: -p shows the password to the host's users (ps): prefer BASICAUTH_PASS")
	}
	switch {
	case flags.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case *user == "":
		return errors.New("no user: give -u NAME")
	case password == "":
		return errors.New("no password: set BASICAUTH_PASS (or give -p, which the host's users see in ps)")
	case (*certFile == "") != (*keyFile == ""):
		return errors.New("give both -cert and -key, or neither for a self-signed certificate")
	}

	app, err := New(*user, password, opts...)
	if err != nil {
		return err
	}
	var cert tls.Certificate
	if *certFile != "" {
		if cert, err = tls.LoadX509KeyPair(*certFile, *keyFile); err != nil {
			return err
		}
	} else {
		host, _, _ := net.SplitHostPort(*addr)
		if cert, err = SelfSigned(host); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "basicauth: a self-signed certificate, SHA-256 fingerprint %s\n", Fingerprint(cert.Leaf))
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// the app's server: its header limit and connection timeouts
	srv := app.Server(ln.Addr().String())
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	done := make(chan error, 1)
	go func() { done <- srv.ServeTLS(ln, "", "") }()
	fmt.Fprintf(stderr, "basicauth: serving https://%s/ to %q\n", ln.Addr(), *user)

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
