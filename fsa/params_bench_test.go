package fsa_test

import (
	"bytes"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
)

// benchInput is the input of both sides of BenchmarkParams: fsa names
// the parameters by snake_case (name, email...), echo's binder by the
// form and json tags, which say the same names; the validate tags are the
// same rules for both.
type benchInput struct {
	Name   string  `form:"name" json:"name" validate:"required,min=2"`
	Email  string  `form:"email" json:"email" validate:"required,email"`
	Age    int     `form:"age" json:"age" validate:"gte=0,lte=150"`
	Score  float64 `form:"score" json:"score" validate:"gte=0"`
	Active bool    `form:"active" json:"active"`
}

// benchBodies are the same values as each body kind carries them.
var benchBodies = []struct {
	kind, ctype, body string
}{
	{"form", echo.MIMEApplicationForm, "name=Alice&email=alice%40example.com&age=42&score=97.5&active=true"},
	{"json", echo.MIMEApplicationJSON, `{"name":"Alice","email":"alice@example.com","age":42,"score":97.5,"active":true}`},
}

// benchFSA returns the fsa app: one open POST route filling a benchInput
// and responding with an empty 200.
func benchFSA(b *testing.B) http.Handler {
	b.Helper()
	app, err := fsa.New("bench", fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	fsa.Post(app, "/p", fsa.Open, func(*fsa.Context, benchInput) (any, error) { return nil, nil })
	h, err := app.Handler()
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// benchEcho returns what one writes by hand with echo: bind, validate,
// respond with a 400, or the 200 that fsa sends, byte for byte (an empty text
// body, and the nosniff header that fsa sets on every response and that a
// careful hand-written API sets too).
func benchEcho() http.Handler {
	e := echo.New()
	validate := validator.New(validator.WithRequiredStructEnabled())
	e.POST("/p", func(c echo.Context) error {
		var in benchInput
		if err := c.Bind(&in); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, err.Error())
		}
		if err := validate.Struct(&in); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, err.Error())
		}
		c.Response().Header().Set("X-Content-Type-Options", "nosniff")
		return c.Blob(http.StatusOK, "text/plain; charset=utf-8", nil)
	})
	return e
}

// benchServe sends the request tmpl, with a fresh reader of body, to h,
// and returns the response.
func benchServe(h http.Handler, tmpl *http.Request, body string) *httptest.ResponseRecorder {
	r := new(http.Request)
	*r = *tmpl // both sides may set fields (Form, PostForm): never tmpl's
	r.Body = io.NopCloser(strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// benchLoop serves n requests and returns how many were not a 200.
func benchLoop(n int, h http.Handler, tmpl *http.Request, body string) (failed int) {
	for range n {
		if benchServe(h, tmpl, body).Code != http.StatusOK {
			failed++
		}
	}
	return failed
}

// benchCheck fails the benchmark unless h responds with tmpl with a 200.
func benchCheck(b *testing.B, side string, h http.Handler, tmpl *http.Request, body string) {
	b.Helper()
	if rec := benchServe(h, tmpl, body); rec.Code != http.StatusOK {
		b.Fatalf("%s: status %d, want 200: %s", side, rec.Code, bytes.TrimSpace(rec.Body.Bytes()))
	}
}

// benchSame fails the benchmark unless both sides give the same response:
// status, headers and body.
func benchSame(b *testing.B, fsaH, other http.Handler, tmpl *http.Request, body string) {
	b.Helper()
	x, y := benchServe(fsaH, tmpl, body), benchServe(other, tmpl, body)
	if x.Code != y.Code || !maps.EqualFunc(x.Header(), y.Header(), slices.Equal) || x.Body.String() != y.Body.String() {
		b.Fatalf("the sides answer differently:\nfsa   %d %v %q\nother %d %v %q",
			x.Code, x.Header(), x.Body, y.Code, y.Header(), y.Body)
	}
}

// BenchmarkParams measures filling and validating a five-field input
// through the whole http.Handler, for a urlencoded form and a JSON body,
// beside the same work written by hand with echo (Bind then
// validator.Struct):
//
//	go test -run '^$' -bench Params -benchmem ./fsa
//
// Each fsa sub-benchmark also times b.N requests of the echo side, after
// its own measured loop and with the timer stopped (so that its B/op and
// allocs/op are fsa's), and reports x-vs-echo: echo's ns/op over fsa's,
// above 1 when fsa is faster. Pairing both loops in one run keeps the
// ratio sound on a noisy machine and with -count; with -benchtime=1x (a
// single cold request per side) it only shows that both sides succeed.
func BenchmarkParams(b *testing.B) {
	for _, bb := range benchBodies {
		tmpl := httptest.NewRequest(http.MethodPost, "/p", nil)
		tmpl.RemoteAddr = "127.0.0.1:40000" // a loopback client: FSA_SECURE refuses plain HTTP from elsewhere
		tmpl.Header.Set(echo.HeaderContentType, bb.ctype)
		tmpl.ContentLength = int64(len(bb.body))
		fsaH, echoH := benchFSA(b), benchEcho()
		b.Run(bb.kind, func(b *testing.B) {
			benchCheck(b, "fsa", fsaH, tmpl, bb.body)
			benchCheck(b, "echo", echoH, tmpl, bb.body)
			benchSame(b, fsaH, echoH, tmpl, bb.body)
			benchVersus(b, fsaH, echoH, tmpl, bb.body, "echo")
		})
	}
}

// benchVersus runs two sub-benchmarks: "fsa", which times fsaH, then
// (timer stopped, so that B/op and allocs/op are fsa's) as many requests
// of other, and reports other's ns/op over fsa's as x-vs-NAME, above 1
// when fsa is faster; and NAME, which times other alone. Every response
// must be a 200.
func benchVersus(b *testing.B, fsaH, other http.Handler, tmpl *http.Request, body, name string) {
	b.Helper()
	b.Run("fsa", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		failed := benchLoop(b.N, fsaH, tmpl, body)
		b.StopTimer()
		fsaNs := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		runtime.GC() // the other loop starts on a clean heap, as the fsa loop did
		start := time.Now()
		failed += benchLoop(b.N, other, tmpl, body)
		otherNs := float64(time.Since(start).Nanoseconds()) / float64(b.N)
		if failed > 0 {
			b.Fatalf("%d requests out of %d per side did not answer 200", failed, b.N)
		}
		b.ReportMetric(otherNs/fsaNs, "x-vs-"+name)
	})
	b.Run(name, func(b *testing.B) {
		b.ReportAllocs()
		if failed := benchLoop(b.N, other, tmpl, body); failed > 0 {
			b.Fatalf("%d requests out of %d did not answer 200", failed, b.N)
		}
	})
}
