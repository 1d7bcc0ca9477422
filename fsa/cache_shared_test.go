package fsa_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/srvtest"
	"github.com/redis/rueidis"
)

// sharedOpts returns the directives of FSA_CACHE kind on a server.
func sharedOpts(kind string, s *srvtest.Server) []any {
	if kind == "redis" {
		return []any{"FSA_CACHE", "redis", "FSA_CACHE_OPTS", map[string]any{"host": "127.0.0.1", "port": s.Port}}
	}
	return []any{"FSA_CACHE", "memcached", "FSA_CACHE_OPTS", map[string]any{"server": s.Addr}}
}

func sharedServer(t *testing.T, kind string) *srvtest.Server {
	if kind == "redis" {
		return srvtest.Redis(t)
	}
	return srvtest.Memcached(t)
}

// sharedApp is ccApp on a shared cache, closed at the end of the test.
func sharedApp(t *testing.T, kind string, s *srvtest.Server, more ...any) *ccFixture {
	f := ccApp(t, nil, append(sharedOpts(kind, s), more...)...)
	t.Cleanup(func() { _ = f.app.Close() })
	return f
}

// seenWithin polls check until it is true, for at most d: redis pushes its
// invalidations, which the other instance reads a moment later.
func seenWithin(t *testing.T, d time.Duration, what string, check func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !check() {
		if d == 0 || time.Since(start) > d { // 0: at once
			t.Fatalf("%s: not seen within %v", what, d)
		}
		time.Sleep(time.Millisecond)
	}
	return time.Since(start)
}

// Two instances on one server: what one caches the other reads, and an
// uncache through one is seen by the other within 100 ms (redis, whose
// copies are local) or on the next read (memcached).
func TestSharedCacheTwoInstances(t *testing.T) {
	for _, kind := range []string{"redis", "memcached"} {
		t.Run(kind, func(t *testing.T) {
			s := sharedServer(t, kind)
			for _, prefix := range []string{"", "acme/"} {
				var more []any
				if prefix != "" {
					more = []any{"FSA_CACHE_PREFIX", prefix}
				}
				f1, f2 := sharedApp(t, kind, s, more...), sharedApp(t, kind, s, more...)
				limit := 100 * time.Millisecond
				if kind == "memcached" {
					limit = 0 // the next read
				}
				both := func(do func(f *ccFixture)) { f1.change(do); f2.change(do) }
				status := func(f *ccFixture, path string, auth fsatest.Auth) int {
					return f.c.Do(t, fsatest.Case{Path: path, Auth: auth}).StatusCode
				}

				// the password hash
				f1.c.Check(t, fsatest.Case{Path: "/me", Auth: ccCalvin, WantStatus: 200, WantExact: fsatest.String("calvin")})
				f2.c.Check(t, fsatest.Case{Path: "/me", Auth: ccCalvin, WantStatus: 200, WantExact: fsatest.String("calvin")})
				if n := f2.counts()["pass"]; n != 0 {
					t.Errorf("%s: instance 2 called GetUserPass %d times: want the shared entry", prefix, n)
				}
				both(func(f *ccFixture) { f.passwords["calvin"] = "new-pw-3" })
				if got := status(f2, "/me", ccCalvin); got != 200 {
					t.Errorf("%s: cached password: %d, want 200 until uncached", prefix, got)
				}
				if err := f1.app.UncacheUser(ccBg, "calvin"); err != nil {
					t.Fatal(err)
				}
				seen := seenWithin(t, limit, "UncacheUser", func() bool {
					return status(f2, "/me", fsatest.Basic("calvin", "new-pw-3")) == 200
				})
				t.Logf("%s %q: UncacheUser through one instance seen by the other after %v", kind, prefix, seen)

				// a group
				calvin := fsatest.Basic("calvin", "new-pw-3")
				if status(f1, "/kid", calvin) != 200 || status(f2, "/kid", calvin) != 200 {
					t.Fatal("/kid: want 200")
				}
				kids := f2.counts()["kid"]
				both(func(f *ccFixture) { delete(f.kids, "calvin") })
				if err := f1.app.UncacheGroup(ccBg, "calvin", "kid"); err != nil {
					t.Fatal(err)
				}
				seenWithin(t, limit, "UncacheGroup", func() bool { return status(f2, "/kid", calvin) == 403 })
				if n := f2.counts()["kid"]; n != kids+1 {
					t.Errorf("kid hook: %d calls, want %d", n, kids+1)
				}

				// a token check: no instance keeps a memo that outlives an uncache
				token := string(f1.c.Check(t, fsatest.Case{Path: "/login", Auth: calvin, WantStatus: 200}).Body)
				tok := fsatest.Bearer(token)
				if status(f1, "/tok", tok) != 200 || status(f2, "/tok", tok) != 200 {
					t.Fatal("/tok: want 200")
				}
				misses := f1.app.CacheStats().Misses
				if err := f2.app.UncacheToken(ccBg, token, ""); err != nil {
					t.Fatal(err)
				}
				seenWithin(t, limit, "UncacheToken", func() bool {
					status(f1, "/tok", tok)
					return f1.app.CacheStats().Misses > misses
				})

				// the keys of the server hold no password and no token
				if kind == "redis" {
					rc, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{s.Addr}, DisableCache: true})
					if err != nil {
						t.Fatal(err)
					}
					keys, err := rc.Do(ccBg, rc.B().Keys().Pattern("*").Build()).AsStrSlice()
					rc.Close()
					if err != nil || len(keys) == 0 {
						t.Fatalf("KEYS: %v %v", keys, err)
					}
					for _, k := range keys {
						for _, secret := range []string{token, "new-pw-3", "hobbes-pw-1", token[len(token)/2:]} {
							if strings.Contains(k, secret) {
								t.Errorf("key %q holds a secret", k)
							}
						}
					}
				}

				// ClearCache through one
				passes := f1.counts()["pass"]
				if err := f2.app.ClearCache(ccBg); err != nil {
					t.Fatal(err)
				}
				seenWithin(t, limit, "ClearCache", func() bool {
					status(f1, "/me", calvin)
					return f1.counts()["pass"] > passes
				})
			}
		})
	}
}

// The stores themselves: values, deletion by key, prefix (with a glob's
// characters in it) and all, ttl.
func TestSharedCacheStore(t *testing.T) {
	ctx := context.Background()
	for _, kind := range []string{"redis", "memcached"} {
		t.Run(kind, func(t *testing.T) {
			s := sharedServer(t, kind)
			var c fsa.Cache
			var err error
			if kind == "redis" {
				c, err = fsa.NewRedisCache(map[string]any{"host": "127.0.0.1", "port": int64(s.Port)}, time.Minute, nil)
			} else {
				c, err = fsa.NewMemcachedCache(map[string]any{"server": s.Addr}, "", nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.(interface{ Close() error }).Close()
			keys := []string{"u.5:a*b?c", "g.5:a*b?c5:group", "u.5:aXbYc", "u.0:", "T.5:a*b?c4:test"}
			for _, k := range keys {
				c.Set(ctx, k, []byte("v "+k), time.Minute)
			}
			c.Set(ctx, "u.1:e", nil, time.Minute) // empty: a hit
			for _, k := range keys {
				if v, ok := c.Get(ctx, k); !ok || string(v) != "v "+k {
					t.Errorf("Get(%q) = %q, %v", k, v, ok)
				}
			}
			if v, ok := c.Get(ctx, "u.1:e"); !ok || len(v) != 0 {
				t.Errorf("empty value: %q, %v", v, ok)
			}
			if _, ok := c.Get(ctx, "u.1:z"); ok {
				t.Error("missing key: a hit")
			}
			if err := c.DeletePrefix(ctx, "u.5:a*b?c"); err != nil {
				t.Fatal(err)
			}
			if _, ok := c.Get(ctx, "u.5:a*b?c"); ok {
				t.Error("DeletePrefix: kept")
			}
			if _, ok := c.Get(ctx, "u.5:aXbYc"); !ok {
				t.Error("DeletePrefix: took a key that matches the prefix as a pattern")
			}
			if _, ok := c.Get(ctx, "g.5:a*b?c5:group"); !ok {
				t.Error("DeletePrefix: took another kind")
			}
			if err := c.Delete(ctx, "g.5:a*b?c5:group"); err != nil {
				t.Fatal(err)
			}
			if _, ok := c.Get(ctx, "g.5:a*b?c5:group"); ok {
				t.Error("Delete: kept")
			}
			for i := range 200 { // read your own uncache: never the old value
				c.Set(ctx, "u.1:r", []byte{byte(i)}, time.Minute)
				if v, ok := c.Get(ctx, "u.1:r"); ok && (len(v) != 1 || v[0] != byte(i)) { // a miss may be: the copy of the miss goes a moment later
					t.Fatalf("round %d: set then got %v", i, v)
				}
				if err := c.DeletePrefix(ctx, "u.1:r"); err != nil {
					t.Fatal(err)
				}
				if v, ok := c.Get(ctx, "u.1:r"); ok {
					t.Fatalf("round %d: uncached, then got %v", i, v)
				}
			}
			c.Set(ctx, "u.1:s", []byte("short"), time.Second)
			if err := c.Clear(ctx); err != nil {
				t.Fatal(err)
			}
			for _, k := range keys {
				if _, ok := c.Get(ctx, k); ok {
					t.Errorf("Clear: kept %q", k)
				}
			}
			c.Set(ctx, "u.1:s", []byte("short"), 1100*time.Millisecond)
			if _, ok := c.Get(ctx, "u.1:s"); !ok {
				t.Error("ttl: gone at once")
			}
			time.Sleep(2100 * time.Millisecond)
			if _, ok := c.Get(ctx, "u.1:s"); ok {
				t.Error("ttl: kept after it")
			}
		})
	}
}

// A server that cannot be reached is a startup error naming its address,
// never its password.
func TestSharedCacheStartup(t *testing.T) {
	s := srvtest.Redis(t, "--requirepass", "sekret-pw")
	for _, dirs := range [][]any{
		{"FSA_CACHE", "redis", "FSA_CACHE_OPTS", map[string]any{"host": "127.0.0.1", "port": 1, "password": "sekret-pw"}},
		{"FSA_CACHE", "redis", "FSA_CACHE_OPTS", map[string]any{"url": "redis://u:sekret-pw@127.0.0.1:1/0"}},
		{"FSA_CACHE", "redis", "FSA_CACHE_OPTS", map[string]any{"url": "redis://default:sekret-pwx@" + s.Addr + "/0"}},
	} {
		_, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set(dirs[0].(string), dirs[1]), fsa.Set(dirs[2].(string), dirs[3]))
		if err == nil || strings.Contains(err.Error(), "sekret") || !strings.Contains(err.Error(), "redis cache at 127.0.0.1:") {
			t.Errorf("%v: %v", dirs[3], err)
		}
	}
	app, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set("FSA_CACHE", "redis"),
		fsa.Set("FSA_CACHE_OPTS", map[string]any{"url": "redis://default:sekret-pw@" + s.Addr + "/3"}))
	if err != nil {
		t.Fatal(err)
	}
	_ = app.Close()
}

// A server lost while serving, under load: lookups are misses and the
// hooks answer (no wrong answer, no 500), one warning a minute at most;
// the cache serves again by itself once the server is back.
func TestSharedCacheLost(t *testing.T) {
	for _, kind := range []string{"redis", "memcached"} {
		t.Run(kind, func(t *testing.T) {
			s := sharedServer(t, kind)
			logs := &syncBuffer{}
			log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
			// every request checks a password while the server is away: the
			// gate (FSA_PASSWORD_CONCURRENCY) would shed some on a busy machine
			f := ccApp(t, nil, append(sharedOpts(kind, s), fsa.Logger(log), "FSA_PASSWORD_CONCURRENCY", 64)...)
			t.Cleanup(func() { _ = f.app.Close() })
			susie := fsatest.Basic("susie", "derkins-pw-2")
			stop := make(chan struct{})
			errs := make(chan string, 100)
			var wg sync.WaitGroup
			var requests atomic.Int64
			for w := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						auth, path, want := ccCalvin, "/kid", 200
						switch (i + w) % 3 {
						case 1:
							auth, want = susie, 403
						case 2:
							auth, path = susie, "/me"
						}
						res := f.c.Do(t, fsatest.Case{Path: path, Auth: auth})
						requests.Add(1)
						if res.StatusCode != want {
							select {
							case errs <- fmt.Sprintf("%s as %d: %d %s, want %d", path, w, res.StatusCode, res.Body, want):
							default:
							}
						}
					}
				}()
			}
			time.Sleep(200 * time.Millisecond)
			s.Stop()
			time.Sleep(100 * time.Millisecond) // the client sees the connection closed
			down, downHits := requests.Load(), f.app.CacheStats().Hits
			time.Sleep(1500 * time.Millisecond)
			down, downHits = requests.Load()-down, f.app.CacheStats().Hits-downHits
			if downHits != 0 { // redis: the local copies went with the connection, whose invalidations are lost
				t.Errorf("%d hits while the server was down", downHits)
			}
			if err := s.Start(); err != nil {
				t.Fatal(err)
			}
			back := time.Now()
			hits := f.app.CacheStats().Hits
			for f.app.CacheStats().Hits < hits+100 && time.Since(back) < 10*time.Second {
				time.Sleep(time.Millisecond)
			}
			recovered := time.Since(back)
			if recovered >= 10*time.Second {
				t.Errorf("no hits within 10 s of the restart: %+v", f.app.CacheStats())
			}
			close(stop)
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
			// one warning a minute of each: the cache's misses, the
			// throttle's counts per instance
			warnings := strings.Count(logs.String(), "unavailable")
			for _, what := range []string{"cache at", "shared throttle store"} {
				if n := strings.Count(logs.String(), what); n > 1 {
					t.Errorf("%d warnings of the %s in %v, want at most one a minute:\n%s", n, what, time.Since(back), logs)
				}
			}
			t.Logf("%s: %d requests while the server was down, %d warning(s), hits again %v after its restart",
				kind, down, warnings, recovered)
			if down == 0 {
				t.Error("no request served while the server was down")
			}
		})
	}
}

// syncBuffer is a bytes.Buffer for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
