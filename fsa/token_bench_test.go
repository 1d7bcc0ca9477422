package fsa_test

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkTokenCheck measures a whole request to /who authenticated by a
// bearer token, fsa or JWT (HS256), checked in full on every request
// (uncached: FSA_CACHE none) or remembered (cached).
func BenchmarkTokenCheck(b *testing.B) {
	for _, typ := range []string{"fsa", "jwt"} {
		for _, cached := range []bool{false, true} {
			name, cache := typ+"/uncached", "none"
			if cached {
				name, cache = typ+"/cached", "ttl"
			}
			b.Run(name, func(b *testing.B) {
				app := tkApp(b, "test", nil, "FSA_TOKEN_TYPE", typ, "FSA_CACHE", cache)
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
