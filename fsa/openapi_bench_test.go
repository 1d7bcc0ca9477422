package fsa_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
)

// BenchmarkOpenAPI shows that serving the document costs nothing per
// request but writing its bytes: GET of the FSA_OPENAPI path (a document
// of 40 routes, the bytes stored at Check) beside GET of an open route
// whose handler returns a byte slice of the same size, and of an open
// route answering a short string, on the same app; and a token route's
// GET with FSA_OPENAPI on and off (its speed unchanged). Responses go to
// a writer that discards them, so B/op and allocs/op are the app's.
//
//	go test -run '^$' -bench OpenAPI -benchmem ./fsa
func BenchmarkOpenAPI(b *testing.B) {
	var sameSize []byte
	newApp := func(openapi bool) (http.Handler, string) {
		opts := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
			fsa.Set("FSA_AUTH", []string{"token", "none"}), fsa.Set("FSA_TOKEN_SECRET", vectorSecret)}
		if openapi {
			opts = append(opts, fsa.Set("FSA_OPENAPI", "/openapi.json"))
		}
		app, err := fsa.New("bench", opts...)
		if err != nil {
			b.Fatal(err)
		}
		fsa.Get(app, "/hello", fsa.Open, func(*fsa.Context, struct{}) (string, error) { return "hello", nil })
		fsa.Get(app, "/same-size", fsa.Open, func(*fsa.Context, struct{}) ([]byte, error) { return sameSize, nil })
		fsa.Get(app, "/items", fsa.Auth, func(c *fsa.Context, in struct {
			Q    string `validate:"required,min=2"`
			Page int    `validate:"gte=1"`
			Size int    `validate:"gte=1,lte=100"`
		}) (queryAnswer, error) {
			return queryAnswer{User: c.User(), Q: in.Q, From: (in.Page - 1) * in.Size}, nil
		})
		for i := range 38 { // a document of some size
			fsa.Post(app, "/stuff"+strconv.Itoa(i)+"/<int:sid>", fsa.Auth, func(*fsa.Context, struct {
				Sid   int
				Name  string  `validate:"required,max=64"`
				Price float64 `validate:"gte=0"`
				Tags  []string
			}) (queryAnswer, error) {
				return queryAnswer{}, nil
			})
		}
		h, err := app.Handler()
		if err != nil {
			b.Fatal(err)
		}
		token, err := app.CreateToken("calvin")
		if err != nil {
			b.Fatal(err)
		}
		return h, token
	}
	request := func(path, token string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.RemoteAddr = "127.0.0.1:40000" // FSA_SECURE refuses plain HTTP from elsewhere
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		return r
	}
	on, tokenOn := newApp(true)
	off, tokenOff := newApp(false)
	doc, hello, same := request("/openapi.json", ""), request("/hello", ""), request("/same-size", "")
	itemsOn, itemsOff := request("/items?q=cups&page=3&size=20", tokenOn), request("/items?q=cups&page=3&size=20", tokenOff)
	if rec := benchServe(on, doc, ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"openapi": "3.1.0"`) {
		b.Fatalf("GET /openapi.json: %d %.100s", rec.Code, rec.Body)
	} else {
		sameSize = make([]byte, rec.Body.Len())
	}
	for _, c := range []struct {
		name string
		h    http.Handler
		r    *http.Request
	}{
		{"openapi.json", on, doc}, {"same-size-bytes", on, same}, {"short-string", on, hello},
		{"token-route/openapi-on", on, itemsOn}, {"token-route/openapi-off", off, itemsOff},
	} {
		benchCheck(b, c.name, c.h, c.r, "")
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			w := &discardWriter{}
			for range b.N {
				r := new(http.Request)
				*r = *c.r
				w.header, w.status, w.n = http.Header{}, 0, 0
				c.h.ServeHTTP(w, r)
				if w.status != http.StatusOK {
					b.Fatalf("status %d, want 200", w.status)
				}
			}
			b.SetBytes(int64(w.n))
		})
	}
}

// discardWriter is an http.ResponseWriter that counts what it is given.
type discardWriter struct {
	header http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += len(p)
	return len(p), nil
}
