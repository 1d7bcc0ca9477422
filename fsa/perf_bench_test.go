package fsa_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/go-playground/validator/v10"
	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"
)

// queryInput is a search: three typed query parameters, validated.
type queryInput struct {
	Q    string `query:"q" validate:"required,min=2"`
	Page int    `query:"page" validate:"gte=1"`
	Size int    `query:"size" validate:"gte=1,lte=100"`
}

// queryAnswer is what both sides return.
type queryAnswer struct {
	User string `json:"user"`
	Q    string `json:"q"`
	From int    `json:"from"`
}

// BenchmarkTokenQuery is a GET with a JWT bearer token and three typed,
// validated query parameters: fsa (token checked once, then cached) beside
// echo with golang-jwt, Bind and validator written by hand, doing the same
// checks (HS256 only, expiry required, issued-at, audience, subject). It
// reports echo's ns/op over fsa's as x-vs-echo: above 1, fsa is faster.
func BenchmarkTokenQuery(b *testing.B) {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		fsa.Set("FSA_AUTH", "token"), fsa.Set("FSA_TOKEN_TYPE", "jwt"), fsa.Set("FSA_TOKEN_SECRET", vectorSecret))
	if err != nil {
		b.Fatal(err)
	}
	fsa.Get(app, "/items", fsa.Auth, func(c *fsa.Context, in struct {
		Q    string `validate:"required,min=2"`
		Page int    `validate:"gte=1"`
		Size int    `validate:"gte=1,lte=100"`
	}) (any, error) {
		return queryAnswer{User: c.User(), Q: in.Q, From: (in.Page - 1) * in.Size}, nil
	})
	fsaH, err := app.Handler()
	if err != nil {
		b.Fatal(err)
	}
	token, err := app.CreateToken("calvin")
	if err != nil {
		b.Fatal(err)
	}
	echoH := handJWTQuery([]byte(vectorSecret), "acme")
	tmpl := httptest.NewRequest(http.MethodGet, "/items?q=cups&page=3&size=20", nil)
	tmpl.RemoteAddr = "127.0.0.1:40000" // FSA_SECURE refuses plain HTTP from elsewhere
	tmpl.Header.Set("Authorization", "Bearer "+token)
	for name, h := range map[string]http.Handler{"fsa": fsaH, "echo": echoH} {
		if rec := benchServe(h, tmpl, ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"from":40`) {
			b.Fatalf("%s: %d %s", name, rec.Code, rec.Body)
		}
	}
	benchSame(b, fsaH, echoH, tmpl, "")
	benchVersus(b, fsaH, echoH, tmpl, "", "echo")
}

// handJWTQuery is the hand-written side: what a Go developer writes with
// echo, golang-jwt, Bind and validator for the same route.
func handJWTQuery(secret []byte, audience string) http.Handler {
	e := echo.New()
	validate := validator.New(validator.WithRequiredStructEnabled())
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	keyFunc := func(*jwt.Token) (any, error) { return secret, nil }
	e.GET("/items", func(c echo.Context) error {
		raw, ok := strings.CutPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
		if !ok {
			return echo.NewHTTPError(http.StatusUnauthorized, "missing token")
		}
		var claims jwt.RegisteredClaims
		if _, err := parser.ParseWithClaims(raw, &claims, keyFunc); err != nil ||
			!slices.Contains(claims.Audience, audience) || claims.Subject == "" {
			return echo.NewHTTPError(http.StatusUnauthorized, "invalid token")
		}
		var in queryInput
		if err := c.Bind(&in); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, err.Error())
		}
		if err := validate.Struct(&in); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, err.Error())
		}
		c.Response().Header().Set("X-Content-Type-Options", "nosniff") // as fsa does
		return c.JSON(http.StatusOK, queryAnswer{User: claims.Subject, Q: in.Q, From: (in.Page - 1) * in.Size})
	})
	return e
}

// BenchmarkHelloMe is Acme's GET /hello-me with an fsa bearer token, in
// prod mode, beside echo responding with the same JSON with no authentication
// at all (the limit). x-vs-raw is echo's ns/op over fsa's: the share of
// echo's speed that the framework keeps.
func BenchmarkHelloMe(b *testing.B) {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		fsa.Set("FSA_AUTH", "token"), fsa.Set("FSA_TOKEN_SECRET", vectorSecret),
		fsa.Set("FSA_ADD_HEADERS", map[string]any{"Application": "Acme"}))
	if err != nil {
		b.Fatal(err)
	}
	type hello struct {
		Msg  string `json:"msg"`
		User string `json:"user"`
	}
	fsa.Get(app, "/hello-me", fsa.Auth, func(_ *fsa.Context, in struct{ User fsa.CurrentUser }) (any, error) {
		return hello{Msg: "hello", User: string(in.User)}, nil
	})
	fsaH, err := app.Handler()
	if err != nil {
		b.Fatal(err)
	}
	token, err := app.CreateToken("acme")
	if err != nil {
		b.Fatal(err)
	}
	raw := echo.New()
	raw.GET("/hello-me", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"msg": "hello", "user": "acme"})
	})
	tmpl := httptest.NewRequest(http.MethodGet, "/hello-me", nil)
	tmpl.RemoteAddr = "127.0.0.1:40000"
	tmpl.Header.Set("Authorization", "Bearer "+token)
	for name, h := range map[string]http.Handler{"fsa": fsaH, "raw": raw} {
		if rec := benchServe(h, tmpl, ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"user":"acme"`) {
			b.Fatalf("%s: %d %s", name, rec.Code, rec.Body)
		}
	}
	benchVersus(b, fsaH, raw, tmpl, "", "raw")
}
