package fsa_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/internal/srvtest"
)

// benchStores returns the stores to measure: in-process, and on a real
// redis-server and memcached (skipped, or failed with CI=true, when
// missing).
func benchStores(b *testing.B) map[string]fsa.Cache {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	stores := map[string]fsa.Cache{"memory": fsa.NewMemoryCache(1 << 16)}
	r := srvtest.Redis(b)
	rc, err := fsa.NewRedisCache(map[string]any{"host": "127.0.0.1", "port": int64(r.Port)}, time.Minute, quiet)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = rc.Close() })
	m := srvtest.Memcached(b)
	mc, err := fsa.NewMemcachedCache(map[string]any{"server": m.Addr}, "", quiet)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = mc.Close() })
	stores["redis"], stores["memcached"] = rc, mc
	return stores
}

// BenchmarkSharedCache: a hit (redis: the process's copy), a miss (a key
// never set: a round trip for both servers), a Set, and an uncache
// (UncacheUser's DeletePrefix of a login's password entry: redis SCANs
// its keys, memcached draws a generation) on each store, with 1000
// entries in it.
func BenchmarkSharedCache(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{"memory", "redis", "memcached"} {
		b.Run(name, func(b *testing.B) {
			c := benchStores(b)[name]
			for i := range 1000 {
				c.Set(ctx, "u."+strconv.Itoa(len(strconv.Itoa(i)))+":"+strconv.Itoa(i), []byte("$2b$hash"), time.Hour)
			}
			c.Set(ctx, "u.5:hobbe", []byte("$2b$hash"), time.Hour)
			c.Get(ctx, "u.5:hobbe")
			b.Run("hit", func(b *testing.B) {
				for b.Loop() {
					if _, ok := c.Get(ctx, "u.5:hobbe"); !ok {
						b.Fatal("miss")
					}
				}
			})
			b.Run("miss", func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					if _, ok := c.Get(ctx, "u.9:m"+strconv.Itoa(i+10000000)); ok {
						b.Fatal("hit")
					}
				}
			})
			b.Run("set", func(b *testing.B) {
				for b.Loop() {
					c.Set(ctx, "u.5:susie", []byte("$2b$hash"), time.Hour)
				}
			})
			b.Run("uncache", func(b *testing.B) {
				for b.Loop() {
					if err := c.DeletePrefix(ctx, "u.5:susie"); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkTokenRouteShared is the token route (an fsa bearer token,
// checked once then cached) with FSA_CACHE redis and memcached beside the
// in-process cache, the same run: x-vs-memory is the in-process ns/op over
// the shared one's (1: as fast).
func BenchmarkTokenRouteShared(b *testing.B) {
	quiet := fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	servers := map[string]*srvtest.Server{"redis": srvtest.Redis(b), "memcached": srvtest.Memcached(b)}
	handler := func(dirs ...any) (http.Handler, string) {
		opts := []fsa.Option{fsa.LookupEnv(nil), quiet, fsa.Set("FSA_AUTH", "token"), fsa.Set("FSA_TOKEN_SECRET", vectorSecret)}
		for i := 0; i < len(dirs); i += 2 {
			opts = append(opts, fsa.Set(dirs[i].(string), dirs[i+1]))
		}
		app, err := fsa.New("acme", opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = app.Close() })
		fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
			return map[string]string{"hello": c.User()}, nil
		})
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
	memH, token := handler()
	for _, kind := range []string{"redis", "memcached"} {
		b.Run(kind, func(b *testing.B) {
			h, _ := handler(sharedOpts(kind, servers[kind])...)
			tmpl := httptest.NewRequest(http.MethodGet, "/hello-me", nil)
			tmpl.RemoteAddr = "127.0.0.1:40000"
			tmpl.Header.Set("Authorization", "Bearer "+token)
			benchSame(b, h, memH, tmpl, "")
			benchVersus(b, h, memH, tmpl, "", "memory")
		})
	}
}
