package main

import (
	"context"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/blake2s"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
)

// serveChild is the command run with -serve: one server on addr until
// SIGINT or SIGTERM, with a CPU profile written to profile if it is set.
func serveChild(name, addr, profile string) error {
	var srv *http.Server
	var err error
	switch name {
	case "acme":
		srv, err = acmeServer(addr, "fsa")
	case "acme-jwt":
		srv, err = acmeServer(addr, "jwt")
	case "acme-redis": // FSA_CACHE redis on LOAD_REDIS
		srv, err = acmeServer(addr, "fsa")
	case "hand":
		srv, err = handServer(addr)
	default:
		err = fmt.Errorf("-serve %q: want acme, acme-jwt or hand", name)
	}
	if err != nil {
		return err
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return serveUntilSignal(srv)
}

// serveUntilSignal serves srv until SIGINT or SIGTERM, then shuts it down.
func serveUntilSignal(srv *http.Server) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.ListenAndServe() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// acmeServer returns the server of the Acme app (fsa.App.Server, as
// fsa.App.Start serves it) on its embedded configuration, in FSA_MODE prod,
// with tokens of the type given and the administrator's password from
// ACME_PASS, on the database of ACME_DB.
func acmeServer(addr, tokenType string) (*http.Server, error) {
	getenv := func(name string) string {
		switch name {
		case "ACME_PASS", "ACME_DB":
			return os.Getenv(name)
		}
		return "" // ACME_CONFIG: the embedded acme.conf
	}
	app, err := acmeapp.New(getenv, os.Stderr, fsa.LookupEnv(fsaEnv(tokenType)))
	if err != nil {
		return nil, err
	}
	return app.Server(addr), nil
}

// fsaEnv is the environment acme reads its FSA_* directives from: prod
// mode and the token type, whatever the real environment says.
func fsaEnv(tokenType string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		switch name {
		case "FSA_MODE":
			return "prod", true
		case "FSA_TOKEN_TYPE":
			return tokenType, true
		case "FSA_CACHE", "FSA_CACHE_OPTS": // the acme-redis child
			if addr := os.Getenv("LOAD_REDIS"); addr != "" {
				if name == "FSA_CACHE" {
					return "redis", true
				}
				host, port, _ := strings.Cut(addr, ":")
				return fmt.Sprintf("{'host': %q, 'port': %s}", host, port), true
			}
		}
		return "", false
	}
}

// acmeSecret returns acme.conf's FSA_TOKEN_SECRET and FSA_REALM.
func acmeSecret() (secret, realm string, err error) {
	app, err := fsa.New("acme", acmeapp.Config(func(string) string { return "" }), fsa.LookupEnv(fsaEnv("jwt")))
	if err != nil {
		return "", "", err
	}
	cfg := app.Config()
	if cfg.TokenSecret == "" {
		return "", "", errors.New("acme.conf sets no FSA_TOKEN_SECRET")
	}
	return cfg.TokenSecret, cfg.Realm, nil
}

// handServer serves the hand-written routes on echo, as echo's Start
// would: what a Go user would write with echo, golang-jwt and x/crypto
// instead of the framework, responding byte for byte what acme sends.
func handServer(addr string) (*http.Server, error) {
	secret, realm, err := acmeSecret()
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET(handJWTPath, handJWT([]byte(secret), realm))
	e.GET(handFSAPath, handFSA(secret, realm))
	return &http.Server{Addr: addr, Handler: e}, nil
}

// acmeHeaders sets the headers of every acme response: acme.conf's
// FSA_ADD_HEADERS, and the nosniff that fsa adds.
func acmeHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Set("Application", "Acme")
	h.Set("X-Content-Type-Options", "nosniff")
}

// handFSA checks an fsa bearer token by hand: REALM:USER:LIMIT:SIG, LIMIT
// the expiry (YYYYMMDDHHmmSS, UTC) not passed, SIG the hex of the first 16
// bytes of BLAKE2s-256 of "REALM:USER:LIMIT:SECRET", compared in constant
// time. It greets the user as acme's /hello-me does.
func handFSA(secret, realm string) echo.HandlerFunc {
	return func(c echo.Context) error {
		acmeHeaders(c)
		token, ok := strings.CutPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
		prefix, rest, ok1 := strings.Cut(token, ":")
		user, rest, ok2 := strings.Cut(rest, ":")
		limit, sig, ok3 := strings.Cut(rest, ":")
		if !ok || !ok1 || !ok2 || !ok3 || prefix != realm || user == "" {
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid token"})
		}
		expires, err := time.Parse("20060102150405", limit)
		if err != nil || time.Now().After(expires) {
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid token"})
		}
		sum := blake2s.Sum256([]byte(prefix + ":" + user + ":" + limit + ":" + secret))
		if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:16])), []byte(sig)) != 1 {
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid token"})
		}
		return c.JSON(http.StatusOK, map[string]string{"msg": "hello", "user": user})
	}
}

// handJWT checks an HS256 bearer JWT by hand, with fsa's parser options:
// a valid signature by that method only, an expiry, an issue time if any
// (not in the future), no leeway, the audience and a subject. It greets
// the subject as acme's /hello-me does.
func handJWT(secret []byte, audience string) echo.HandlerFunc {
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithLeeway(0))
	key := func(*jwt.Token) (any, error) { return secret, nil }
	return func(c echo.Context) error {
		acmeHeaders(c)
		token, ok := strings.CutPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
		if !ok {
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "no token"})
		}
		var claims jwt.RegisteredClaims
		_, err := parser.ParseWithClaims(token, &claims, key)
		if err != nil || !slices.Contains(claims.Audience, audience) || claims.Subject == "" {
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid token"})
		}
		return c.JSON(http.StatusOK, map[string]string{"msg": "hello", "user": claims.Subject})
	}
}
