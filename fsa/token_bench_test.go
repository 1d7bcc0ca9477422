package fsa_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
)

// tkNoCache is a Cache that keeps nothing: every token is checked in full.
type tkNoCache struct{}

func (tkNoCache) Get(context.Context, string) ([]byte, bool)         { return nil, false }
func (tkNoCache) Set(context.Context, string, []byte, time.Duration) {}
func (tkNoCache) Delete(context.Context, string) error               { return nil }
func (tkNoCache) Clear(context.Context) error                        { return nil }
func (tkNoCache) DeletePrefix(context.Context, string) error         { return nil }

// BenchmarkTokenCheck measures a whole request to /who authenticated by a
// bearer token, fsa or JWT (HS256), checked in full on every request
// (uncached) or taken from the app's MemoryCache (cached).
func BenchmarkTokenCheck(b *testing.B) {
	for _, typ := range []string{"fsa", "jwt"} {
		for _, cached := range []bool{false, true} {
			name := typ + "/uncached"
			var opts []fsa.Option
			if cached {
				name = typ + "/cached"
			} else {
				opts = append(opts, fsa.Caching(tkNoCache{}))
			}
			b.Run(name, func(b *testing.B) {
				app := tkApp(b, "test", opts, "FSA_TOKEN_TYPE", typ)
				h, err := app.Handler()
				if err != nil {
					b.Fatal(err)
				}
				req := httptest.NewRequest("GET", "/who", nil)
				req.RemoteAddr = "127.0.0.1:40000" // FSA_SECURE refuses plain HTTP from elsewhere
				req.Header.Set("Authorization", "Bearer "+tkMake(b, app, "calvin"))
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req) // fills the cache, when there is one
				if rec.Code != 200 || rec.Body.String() != "calvin" {
					b.Fatalf("%d %q, want 200 calvin", rec.Code, rec.Body)
				}
				b.ReportAllocs()
				for b.Loop() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("status %d", rec.Code)
					}
				}
			})
		}
	}
}
