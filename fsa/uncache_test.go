package fsa_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// ucPoint and ucOther identify objects by value: a struct id is keyed
// with its type's name, so that one never names the other's entries.
type (
	ucPoint struct{ A, B string }
	ucOther struct{ A, B string }
	ucCode  string
)

// ucApp returns an app with object permission domains of several id
// types and their routes, checked or not.
func ucApp(t *testing.T, check bool) *fsa.App {
	t.Helper()
	app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_SCHEME", "plaintext",
		"FSA_AUTHZ_GROUPS", []string{"staff", "admin"})...)
	app.GetUserPass(func(context.Context, string) (string, error) { return "", nil })
	app.UserInGroup(func(context.Context, string, string) (bool, error) { return false, nil })
	deny := func(context.Context, string, string) (fsa.Permission, error) { return fsa.Forbidden, nil }
	fsa.ObjectPerm(app, "stuff", func(ctx context.Context, l string, _ int, m string) (fsa.Permission, error) { return deny(ctx, l, m) })
	fsa.ObjectPerm(app, "big", func(ctx context.Context, l string, _ int64, m string) (fsa.Permission, error) { return deny(ctx, l, m) })
	fsa.ObjectPerm(app, "small", func(ctx context.Context, l string, _ uint8, m string) (fsa.Permission, error) { return deny(ctx, l, m) })
	fsa.ObjectPerm(app, "point", func(ctx context.Context, l string, _ ucPoint, m string) (fsa.Permission, error) {
		return deny(ctx, l, m)
	})
	fsa.ObjectPerm(app, "spare", func(ctx context.Context, l string, _ int, m string) (fsa.Permission, error) { return deny(ctx, l, m) })
	fsa.ObjectPerm2(app, "cell", func(ctx context.Context, l string, _ ucCode, _ int, m string) (fsa.Permission, error) {
		return deny(ctx, l, m)
	})
	fsa.Get(app, "/stuff/<int:sid>", fsa.Object("stuff", "sid", "read"), func(*fsa.Context, struct{ Sid int }) (any, error) { return nil, nil })
	fsa.Patch(app, "/stuff/<int:sid>", fsa.Object("stuff", "sid", "write"), func(*fsa.Context, struct{ Sid int }) (any, error) { return nil, nil })
	fsa.Get(app, "/big/<int:n>", fsa.Object("big", "n", "read"), func(*fsa.Context, struct{ N int64 }) (any, error) { return nil, nil })
	fsa.Get(app, "/small/<int:n>", fsa.Object("small", "n", "read"), func(*fsa.Context, struct{ N uint8 }) (any, error) { return nil, nil })
	fsa.Get(app, "/point", fsa.Object("point", "p", "read"), func(*fsa.Context, struct{ P ucPoint }) (any, error) { return nil, nil })
	fsa.Get(app, "/cell/<s>/<int:i>", fsa.Object("cell", "s:i", "read"), func(*fsa.Context, struct {
		S ucCode
		I int
	}) (any, error) {
		return nil, nil
	})
	if check {
		if err := app.Check(); err != nil {
			t.Fatal(err)
		}
	}
	return app
}

// Uncache calls whose arguments could not name a cached entry are errors
// naming what is known, before Check (against what is declared so far)
// and after, so that a typo does not leave a stale entry cached for the
// ttl. Ids that make the same key as the hook's values are accepted.
func TestUncacheArguments(t *testing.T) {
	checked, unchecked := ucApp(t, true), ucApp(t, false)
	bare := fsatest.NewApp(t, "test", fsatest.Directives("FSA_TOKEN_TYPE", nil)...) // no hook, no token
	ctx := context.Background()
	const domains = `(known: "big", "cell", "point", "small", "spare", "stuff")`
	tests := []struct {
		name string
		app  *fsa.App
		call func(app *fsa.App) error
		want string // "" for no error
	}{
		// calls that name an entry
		{"object", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "read", 1) }, ""},
		{"object: other mode", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "write", 1) }, ""},
		{"object: two ids, a named string", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "cell", "calvin", "read", "a", 2) }, ""},
		{"object: the hook's named type", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "cell", "calvin", "read", ucCode("a"), 2) }, ""},
		{"object: an int for an int64", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "big", "calvin", "read", 3) }, ""},
		{"object: a whole float for an int64", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "big", "calvin", "read", 3.0) }, ""},
		{"object: an int for a uint8", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "small", "calvin", "read", 255) }, ""},
		{"object: a struct", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "point", "calvin", "read", ucPoint{"a", "b"}) }, ""},
		{"object: before Check", unchecked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "write", 1) }, ""},
		{"group", checked, func(a *fsa.App) error { return a.UncacheGroup(ctx, "calvin", "staff") }, ""},
		{"password", checked, func(a *fsa.App) error { return a.UncachePassword(ctx, "calvin") }, ""},
		{"token", checked, func(a *fsa.App) error { return a.UncacheToken(ctx, "x", "") }, ""},
		{"user token", checked, func(a *fsa.App) error { return a.UncacheUserToken(ctx, "calvin", "") }, ""},
		{"user, without hooks", bare, func(a *fsa.App) error { return a.UncacheUser(ctx, "calvin") }, ""},

		// calls that cannot
		{"object: unknown domain", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuf", "calvin", "read", 1) },
			`UncacheObject: no object permission domain "stuf" ` + domains},
		{"object: unknown domain before Check", unchecked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuf", "calvin", "read", 1) },
			`UncacheObject: no object permission domain "stuf" ` + domains},
		{"object: no domain at all", bare, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "read", 1) },
			`UncacheObject: no object permission domain "stuff" (known: none)`},
		{"object: misspelt mode", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "writ", 1) },
			`UncacheObject: domain "stuff" has no mode "writ" on any route (modes: "read", "write")`},
		{"object: misspelt mode before Check", unchecked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "writ", 1) },
			`UncacheObject: domain "stuff" has no mode "writ" on any route (modes: "read", "write")`},
		{"object: a domain no route uses", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "spare", "calvin", "read", 1) },
			`UncacheObject: domain "spare" has no mode "read" on any route (modes: none)`},
		{"object: too many ids", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "read", 1, 2) },
			`UncacheObject: domain "stuff" takes 1 id, got 2`},
		{"object: no id", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "cell", "calvin", "read") },
			`UncacheObject: domain "cell" takes 2 ids, got 0`},
		{"object: a string for an int", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "read", "1") },
			`UncacheObject: domain "stuff": id 1 is string, its hook takes int`},
		{"object: an int for a string", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "cell", "calvin", "read", 1, 2) },
			`UncacheObject: domain "cell": id 1 is int, its hook takes fsa_test.ucCode`},
		{"object: nil", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "stuff", "calvin", "read", nil) },
			`UncacheObject: domain "stuff": id 1 is <nil>, its hook takes int`},
		{"object: another struct", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "point", "calvin", "read", ucOther{"a", "b"}) },
			`UncacheObject: domain "point": id 1 is fsa_test.ucOther, its hook takes fsa_test.ucPoint`},
		{"object: a fraction for an int64", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "big", "calvin", "read", 2.5) },
			`UncacheObject: domain "big": id 1 is float64 2.5, which its hook's int64 cannot hold`},
		{"object: a negative for a uint8", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "small", "calvin", "read", -1) },
			`UncacheObject: domain "small": id 1 is int -1, which its hook's uint8 cannot hold`},
		{"object: too big for a uint8", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "small", "calvin", "read", 256) },
			`UncacheObject: domain "small": id 1 is int 256, which its hook's uint8 cannot hold`},
		{"object: second id", checked, func(a *fsa.App) error { return a.UncacheObject(ctx, "cell", "calvin", "read", "a", "2") },
			`UncacheObject: domain "cell": id 2 is string, its hook takes int`},
		{"group: unknown", checked, func(a *fsa.App) error { return a.UncacheGroup(ctx, "calvin", "admn") },
			`UncacheGroup: unknown group "admn" (known: "admin", "staff")`},
		{"group: no group hook", bare, func(a *fsa.App) error { return a.UncacheGroup(ctx, "calvin", "admin") },
			`UncacheGroup: unknown group "admin" (known: none)`},
		{"password: no GetUserPass", bare, func(a *fsa.App) error { return a.UncachePassword(ctx, "calvin") },
			`UncachePassword: no GetUserPass hook: no password hash is cached`},
		{"token: no tokens", bare, func(a *fsa.App) error { return a.UncacheToken(ctx, "x", "") },
			`UncacheToken: FSA_TOKEN_TYPE is None: no token is checked`},
		{"user token: no tokens", bare, func(a *fsa.App) error { return a.UncacheUserToken(ctx, "calvin", "") },
			`UncacheUserToken: FSA_TOKEN_TYPE is None: no token is made`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(tt.app)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("no error, want %s", tt.want)
			case tt.want != "" && err.Error() != tt.want:
				t.Errorf("error %v\nwant  %s", err, tt.want)
			}
		})
	}
}

// An id of another type that makes the same key as the hook's value
// uncaches it: 3, 4.0 and uint8(5) forget what the int64 hook said.
func TestUncacheObjectOtherType(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_SCHEME", "plaintext")...)
	app.GetUserPass(func(context.Context, string) (string, error) { return "pw", nil })
	var mu sync.Mutex
	owned := map[int64]bool{}
	fsa.ObjectPerm(app, "big", func(_ context.Context, _ string, n int64, _ string) (fsa.Permission, error) {
		mu.Lock()
		defer mu.Unlock()
		if owned[n] {
			return fsa.Allowed, nil
		}
		return fsa.NotFound, nil
	})
	fsa.Get(app, "/big/<int:n>", fsa.Object("big", "n", "read"), func(_ *fsa.Context, in struct{ N int64 }) (any, error) { return in.N, nil })
	c := fsatest.NewClient(t, app)
	who := fsatest.Basic("calvin", "pw")
	for n, id := range map[int64]any{3: 3, 4: 4.0, 5: uint8(5)} {
		path := fmt.Sprintf("/big/%d", n)
		c.Check(t, fsatest.Case{Name: "unknown", Path: path, Auth: who, WantStatus: 404})
		mu.Lock()
		owned[n] = true
		mu.Unlock()
		c.Check(t, fsatest.Case{Name: "cached", Path: path, Auth: who, WantStatus: 404})
		if err := app.UncacheObject(context.Background(), "big", "calvin", "read", id); err != nil {
			t.Fatalf("UncacheObject(%T): %v", id, err)
		}
		c.Check(t, fsatest.Case{Name: "uncached", Path: path, Auth: who, WantStatus: 200, WantBody: fmt.Sprint(n)})
	}
}

// TestCacheStats checks the counts of the app's cache lookups.
func TestCacheStats(t *testing.T) {
	for _, tt := range []struct {
		cache         string
		hits, entries int
	}{
		{"ttl", 2, 1}, {"lfu", 2, 1}, {"none", 0, 0},
	} {
		t.Run(tt.cache, func(t *testing.T) {
			app := newApp(t, nil, "FSA_AUTH", "basic", "FSA_CACHE", tt.cache, "FSA_PASSWORD_SCHEME", "plaintext",
				"FSA_THROTTLE", false)
			app.GetUserPass(func(_ context.Context, login string) (string, error) { return "pw", nil })
			fsa.Get(app, "/me", fsa.Auth, hello)
			c := client(t, app)
			if s := app.CacheStats(); s != (fsa.CacheStats{}) || s.HitRatio() != 0 {
				t.Errorf("before any request: %+v", s)
			}
			for range 3 {
				c.Check(t, fsatest.Case{Path: "/me", Auth: fsatest.Basic("calvin", "pw"), WantStatus: 200})
			}
			s := app.CacheStats()
			if s.Hits != uint64(tt.hits) || s.Misses != uint64(3-tt.hits) || s.Entries != tt.entries {
				t.Errorf("after 3 logins: %+v, want %d hits, %d misses, %d entries", s, tt.hits, 3-tt.hits, tt.entries)
			}
		})
	}
	custom := fsatest.NewApp(t, "custom", fsa.Caching(mapCache{}))
	if s := custom.CacheStats(); s.Entries != -1 {
		t.Errorf("a store without Len: %+v, want Entries -1", s)
	}
}

// mapCache is a Cache without a Len method.
type mapCache map[string][]byte

func (m mapCache) Get(_ context.Context, key string) ([]byte, bool) { v, ok := m[key]; return v, ok }
func (m mapCache) Set(_ context.Context, key string, value []byte, _ time.Duration) {
	m[key] = value
}
func (m mapCache) Delete(_ context.Context, key string) error { delete(m, key); return nil }
func (m mapCache) DeletePrefix(context.Context, string) error { return nil }
func (m mapCache) Clear(context.Context) error                { clear(m); return nil }
