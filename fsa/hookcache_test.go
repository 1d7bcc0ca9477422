package fsa_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// ccCache is a Cache that counts its calls and records every key it is
// given, in front of another.
type ccCache struct {
	fsa.Cache
	gets, hits, sets, deletes atomic.Int64
	mu                        sync.Mutex
	keys                      []string // of every call, in order
	setKeys                   []string // of the calls to Set
}

func (c *ccCache) record(key string) {
	c.mu.Lock()
	c.keys = append(c.keys, key)
	c.mu.Unlock()
}

func (c *ccCache) Get(ctx context.Context, key string) ([]byte, bool) {
	c.gets.Add(1)
	c.record(key)
	v, ok := c.Cache.Get(ctx, key)
	if ok {
		c.hits.Add(1)
	}
	return v, ok
}

func (c *ccCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) {
	c.sets.Add(1)
	c.record(key)
	c.mu.Lock()
	c.setKeys = append(c.setKeys, key)
	c.mu.Unlock()
	c.Cache.Set(ctx, key, value, ttl)
}

func (c *ccCache) Delete(ctx context.Context, key string) error {
	c.deletes.Add(1)
	c.record(key)
	return c.Cache.Delete(ctx, key)
}

func (c *ccCache) DeletePrefix(ctx context.Context, prefix string) error {
	c.deletes.Add(1)
	c.record(prefix)
	return c.Cache.DeletePrefix(ctx, prefix)
}

// seen returns the keys recorded so far.
func (c *ccCache) seen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.keys)
}

// setsOf counts the keys set so far that start with prefix.
func (c *ccCache) setsOf(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range c.setKeys {
		if strings.HasPrefix(k, prefix) {
			n++
		}
	}
	return n
}

// ccFixture is an app whose hooks count their calls, with data a test
// changes: users and passwords, group members, documents and owners.
type ccFixture struct {
	app   *fsa.App
	cache *ccCache // nil unless the fixture was given a Caching cache
	c     *fsatest.Client
	clock *fsatest.Clock

	mu        sync.Mutex
	passwords map[string]string
	kids      map[string]bool // GroupCheck("kid")
	girls     map[string]bool // UserInGroup(login, "girl")
	docs      map[int]string  // document id → owner
	fail      map[string]int  // hook → failures to come
	calls     map[string]int  // hook → calls: pass, kid, girl, doc
}

// ccApp returns a fixture with basic, param and token authentication
// (plaintext passwords, fsa tokens at tkNow), users calvin (hobbes-pw-1)
// and susie (derkins-pw-2), calvin a kid, susie a girl, calvin owning
// documents 1 and 3 and susie 2. A nil cache leaves the app its own.
// Options may come among the directives. Routes:
//
//	/me      Auth           the login
//	/kid     Group("kid")   GroupCheck
//	/girl    Group("girl")  UserInGroup
//	/doc/<int:id>  Object("doc", "id", "read")
//	/login   Auth, basic    a token, by CreateToken
//	/tok     Auth, token    the login
func ccApp(t *testing.T, cache fsa.Cache, directives ...any) *ccFixture {
	t.Helper()
	f := &ccFixture{clock: fsatest.NewClock(tkNow),
		passwords: map[string]string{"calvin": "hobbes-pw-1", "susie": "derkins-pw-2"},
		kids:      map[string]bool{"calvin": true}, girls: map[string]bool{"susie": true},
		docs: map[int]string{1: "calvin", 2: "susie", 3: "calvin"},
		fail: map[string]int{}, calls: map[string]int{}}
	var extra []fsa.Option // options among the directives, as fsa.Logger
	directives = slices.DeleteFunc(slices.Clone(directives), func(d any) bool {
		o, ok := d.(fsa.Option)
		if ok {
			extra = append(extra, o)
		}
		return ok
	})
	opts := append([]fsa.Option{fsa.Clock(f.clock.Now)}, fsatest.Directives(append([]any{
		"FSA_AUTH", []string{"basic", "param", "token"}, "FSA_PASSWORD_SCHEME", "plaintext",
		"FSA_TOKEN_SECRET", vectorSecret, "FSA_AUTHZ_GROUPS", []string{"girl"}}, directives...)...)...)
	opts = append(opts, extra...)
	if cache != nil {
		f.cache = &ccCache{Cache: cache}
		opts = append(opts, fsa.Caching(f.cache))
	}
	app := fsatest.NewApp(t, "test", opts...)
	f.app = app
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		if err := f.call("pass"); err != nil {
			return "", err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.passwords[login], nil
	})
	app.GroupCheck("kid", func(_ context.Context, login string) (bool, error) {
		if err := f.call("kid"); err != nil {
			return false, err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.kids[login], nil
	})
	app.UserInGroup(func(_ context.Context, login, group string) (bool, error) {
		if err := f.call(group); err != nil {
			return false, err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return group == "girl" && f.girls[login], nil
	})
	fsa.ObjectPerm(app, "doc", func(_ context.Context, login string, id int, _ string) (fsa.Permission, error) {
		if err := f.call("doc"); err != nil {
			return fsa.Allowed, err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		switch owner, ok := f.docs[id]; {
		case id == 99:
			return fsa.Permission(99), nil
		case !ok:
			return fsa.NotFound, nil
		case owner == login:
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	user := func(c *fsa.Context, _ none) (any, error) { return c.User(), nil }
	fsa.Get(app, "/me", fsa.Auth, user)
	fsa.Get(app, "/kid", fsa.Group("kid"), user)
	fsa.Get(app, "/girl", fsa.Group("girl"), user)
	fsa.Get(app, "/doc/<int:id>", fsa.Object("doc", "id", "read"), opShowID)
	fsa.Put(app, "/doc/<int:id>", fsa.Object("doc", "id", "write"), opShowID) // a second mode, uncached apart
	fsa.Get(app, "/login", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return c.CreateToken() }, fsa.Authn("basic"))
	fsa.Get(app, "/tok", fsa.Auth, user, fsa.Authn("token"))
	f.c = client(t, app)
	return f
}

// call counts a hook's call, and returns an error if it is to fail.
func (f *ccFixture) call(hook string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[hook]++
	if f.fail[hook] > 0 {
		f.fail[hook]--
		return fmt.Errorf("%s hook down", hook)
	}
	return nil
}

// counts returns the hooks' calls so far.
func (f *ccFixture) counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.calls)
}

// change changes the fixture's data under its lock.
func (f *ccFixture) change(do func(f *ccFixture)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	do(f)
}

// ccStep is a step of a cache scenario: an action, then a request and
// its exact response, then the hooks' calls so far (the hooks not named
// are not checked).
type ccStep struct {
	name   string
	do     func(f *ccFixture) // before the request, if any
	path   string             // no request if empty
	auth   fsatest.Auth
	status int
	body   string
	calls  map[string]int
}

// run runs a scenario's steps in order.
func (f *ccFixture) run(t *testing.T, steps []ccStep) {
	t.Helper()
	for i, s := range steps {
		if s.do != nil {
			s.do(f)
		}
		if s.path != "" {
			f.c.Check(t, fsatest.Case{Name: s.name, Path: s.path, Auth: s.auth, WantStatus: s.status, WantExact: fsatest.String(s.body)})
		}
		got := f.counts()
		for hook, want := range s.calls {
			if got[hook] != want {
				t.Errorf("step %d %q: %s hook called %d times, want %d", i, s.name, hook, got[hook], want)
			}
		}
	}
}

// ccDo returns a step action that calls an uncache method, failing the
// test on error.
func ccDo(t *testing.T, uncache func(f *ccFixture) error) func(f *ccFixture) {
	return func(f *ccFixture) {
		t.Helper()
		if err := uncache(f); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	ccCalvin = fsatest.Basic("calvin", "hobbes-pw-1")
	ccSusie  = fsatest.Basic("susie", "derkins-pw-2")
	ccBg     = context.Background()
)

// Every hook is called once and then served from the cache, until an
// Uncache method forgets the response; errors are never cached, nor the
// password check itself.
func TestCachedHooks(t *testing.T) {
	const (
		badLogin  = "invalid user or password"
		forbidden = "permission denied on doc (read)"
	)
	scenarios := []struct {
		name  string
		steps []ccStep
	}{
		{"GetUserPass", []ccStep{
			{name: "basic", path: "/me", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 1}},
			{name: "basic again", path: "/me", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 1}},
			{name: "param, the same entry", path: "/me", auth: fsatest.Param("calvin", "hobbes-pw-1"), status: 200, body: "calvin", calls: map[string]int{"pass": 1}},
			{name: "wrong password after a right one", path: "/me", auth: fsatest.Basic("calvin", "derkins-pw-2"), status: 401, body: badLogin, calls: map[string]int{"pass": 1}},
			{name: "empty password", path: "/me", auth: fsatest.Basic("calvin", ""), status: 401, body: badLogin, calls: map[string]int{"pass": 1}},
			{name: "right password again", path: "/me", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 1}},
			{name: "unknown user", path: "/me", auth: fsatest.Basic("hobbes", "tiger-pw-3"), status: 401, body: badLogin, calls: map[string]int{"pass": 2}},
			{name: "unknown user: cached too", path: "/me", auth: fsatest.Basic("hobbes", "tiger-pw-3"), status: 401, body: badLogin, calls: map[string]int{"pass": 2}},
			{name: "added user: still unknown", do: func(f *ccFixture) { f.change(func(f *ccFixture) { f.passwords["hobbes"] = "tiger-pw-3" }) },
				path: "/me", auth: fsatest.Basic("hobbes", "tiger-pw-3"), status: 401, body: badLogin, calls: map[string]int{"pass": 2}},
			{name: "added user, uncached", do: ccDo(t, func(f *ccFixture) error { return f.app.UncachePassword(ccBg, "hobbes") }),
				path: "/me", auth: fsatest.Basic("hobbes", "tiger-pw-3"), status: 200, body: "hobbes", calls: map[string]int{"pass": 3}},
			{name: "other users kept", path: "/me", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 3}},
			{name: "changed password: the old one until uncached", do: func(f *ccFixture) { f.change(func(f *ccFixture) { f.passwords["calvin"] = "new-pw-4" }) },
				path: "/me", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 3}},
			{name: "changed password, uncached: the old one refused", do: ccDo(t, func(f *ccFixture) error { return f.app.UncachePassword(ccBg, "calvin") }),
				path: "/me", auth: ccCalvin, status: 401, body: badLogin, calls: map[string]int{"pass": 4}},
			{name: "changed password, uncached: the new one", path: "/me", auth: fsatest.Basic("calvin", "new-pw-4"), status: 200, body: "calvin", calls: map[string]int{"pass": 4}},
			{name: "uncaching an unknown login", do: ccDo(t, func(f *ccFixture) error { return f.app.UncachePassword(ccBg, "moe") }),
				calls: map[string]int{"pass": 4}},
		}},
		{"GetUserPass errors", []ccStep{
			{name: "hook fails", do: func(f *ccFixture) { f.change(func(f *ccFixture) { f.fail["pass"] = 1 }) },
				path: "/me", auth: ccCalvin, status: 500, body: "internal error caught at authentication on /me", calls: map[string]int{"pass": 1}},
			{name: "hook works: called again", path: "/me", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 2}},
			{name: "then cached", path: "/me", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 2}},
		}},
		{"GroupCheck", []ccStep{
			{name: "kid", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"kid": 1, "pass": 1}},
			{name: "kid again", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"kid": 1, "pass": 1}},
			{name: "not a kid", path: "/kid", auth: ccSusie, status: 403, body: `not in group "kid"`, calls: map[string]int{"kid": 2}},
			{name: "not a kid again", path: "/kid", auth: ccSusie, status: 403, body: `not in group "kid"`, calls: map[string]int{"kid": 2}},
			{name: "made a kid: not yet", do: func(f *ccFixture) { f.change(func(f *ccFixture) { f.kids["susie"] = true }) },
				path: "/kid", auth: ccSusie, status: 403, body: `not in group "kid"`, calls: map[string]int{"kid": 2}},
			{name: "made a kid, uncached", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheGroup(ccBg, "susie", "kid") }),
				path: "/kid", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"kid": 3}},
			{name: "another group uncached: kept", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheGroup(ccBg, "susie", "girl") }),
				path: "/kid", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"kid": 3}},
			{name: "hook fails", do: func(f *ccFixture) {
				f.change(func(f *ccFixture) { f.fail["kid"] = 1 })
				_ = f.app.UncacheGroup(ccBg, "calvin", "kid")
			}, path: "/kid", auth: ccCalvin, status: 500, body: "internal error caught at group authorization on /kid", calls: map[string]int{"kid": 4}},
			{name: "hook works: called again", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"kid": 5}},
			{name: "then cached", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"kid": 5}},
		}},
		{"UserInGroup", []ccStep{
			{name: "girl", path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"girl": 1}},
			{name: "girl again", path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"girl": 1}},
			{name: "not a girl", path: "/girl", auth: ccCalvin, status: 403, body: `not in group "girl"`, calls: map[string]int{"girl": 2}},
			{name: "not a girl again", path: "/girl", auth: ccCalvin, status: 403, body: `not in group "girl"`, calls: map[string]int{"girl": 2}},
			{name: "left the group: not yet", do: func(f *ccFixture) { f.change(func(f *ccFixture) { delete(f.girls, "susie") }) },
				path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"girl": 2}},
			{name: "left the group, uncached", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheGroup(ccBg, "susie", "girl") }),
				path: "/girl", auth: ccSusie, status: 403, body: `not in group "girl"`, calls: map[string]int{"girl": 3}},
			{name: "hook fails", do: func(f *ccFixture) {
				f.change(func(f *ccFixture) { f.fail["girl"] = 1 })
				_ = f.app.UncacheGroup(ccBg, "susie", "girl")
			}, path: "/girl", auth: ccSusie, status: 500, body: "internal error caught at group authorization on /girl", calls: map[string]int{"girl": 4}},
			{name: "hook works: called again", path: "/girl", auth: ccSusie, status: 403, body: `not in group "girl"`, calls: map[string]int{"girl": 5}},
		}},
		{"object permissions", []ccStep{
			{name: "allowed", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"doc": 1}},
			{name: "allowed again", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"doc": 1}},
			{name: "forbidden", path: "/doc/2", auth: ccCalvin, status: 403, body: forbidden, calls: map[string]int{"doc": 2}},
			{name: "forbidden again", path: "/doc/2", auth: ccCalvin, status: 403, body: forbidden, calls: map[string]int{"doc": 2}},
			{name: "another user: another entry", path: "/doc/2", auth: ccSusie, status: 200, body: "susie on 2", calls: map[string]int{"doc": 3}},
			{name: "not found", path: "/doc/9", auth: ccCalvin, status: 404, body: "object not found", calls: map[string]int{"doc": 4}},
			{name: "not found: cached too", path: "/doc/9", auth: ccCalvin, status: 404, body: "object not found", calls: map[string]int{"doc": 4}},
			{name: "created: not yet", do: func(f *ccFixture) { f.change(func(f *ccFixture) { f.docs[9] = "calvin" }) },
				path: "/doc/9", auth: ccCalvin, status: 404, body: "object not found", calls: map[string]int{"doc": 4}},
			{name: "another mode uncached: kept", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheObject(ccBg, "doc", "calvin", "write", 9) }),
				path: "/doc/9", auth: ccCalvin, status: 404, body: "object not found", calls: map[string]int{"doc": 4}},
			{name: "created, uncached", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheObject(ccBg, "doc", "calvin", "read", 9) }),
				path: "/doc/9", auth: ccCalvin, status: 200, body: "calvin on 9", calls: map[string]int{"doc": 5}},
			{name: "changed hands: not yet", do: func(f *ccFixture) { f.change(func(f *ccFixture) { f.docs[1] = "susie" }) },
				path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"doc": 5}},
			{name: "changed hands, uncached", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheObject(ccBg, "doc", "calvin", "read", 1) }),
				path: "/doc/1", auth: ccCalvin, status: 403, body: forbidden, calls: map[string]int{"doc": 6}},
			{name: "hook fails", do: func(f *ccFixture) { f.change(func(f *ccFixture) { f.fail["doc"] = 1 }) },
				path: "/doc/3", auth: ccCalvin, status: 500, body: "internal error caught at perm authorization on /doc/:id", calls: map[string]int{"doc": 7}},
			{name: "hook works: called again", path: "/doc/3", auth: ccCalvin, status: 200, body: "calvin on 3", calls: map[string]int{"doc": 8}},
			{name: "then cached", path: "/doc/3", auth: ccCalvin, status: 200, body: "calvin on 3", calls: map[string]int{"doc": 8}},
			{name: "unknown Permission", path: "/doc/99", auth: ccCalvin, status: 500, body: "internal error caught at perm authorization on /doc/:id", calls: map[string]int{"doc": 9}},
			{name: "unknown Permission: not cached", path: "/doc/99", auth: ccCalvin, status: 500, body: "internal error caught at perm authorization on /doc/:id", calls: map[string]int{"doc": 10}},
		}},
		{"UncacheUser", []ccStep{
			{name: "calvin", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 1, "kid": 1}},
			{name: "calvin's doc", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 1, "doc": 1}},
			{name: "calvin, girl", path: "/girl", auth: ccCalvin, status: 403, body: `not in group "girl"`, calls: map[string]int{"pass": 1, "girl": 1}},
			{name: "susie", path: "/kid", auth: ccSusie, status: 403, body: `not in group "kid"`, calls: map[string]int{"pass": 2, "kid": 2}},
			{name: "susie's doc", path: "/doc/2", auth: ccSusie, status: 200, body: "susie on 2", calls: map[string]int{"pass": 2, "doc": 2}},
			{name: "susie, girl", path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"pass": 2, "girl": 2}},
			{name: "calvin uncached", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheUser(ccBg, "calvin") }),
				path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 3, "kid": 3}},
			{name: "calvin's doc again", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 3, "doc": 3}},
			{name: "calvin, girl again", path: "/girl", auth: ccCalvin, status: 403, body: `not in group "girl"`, calls: map[string]int{"pass": 3, "girl": 3}},
			{name: "susie kept", path: "/kid", auth: ccSusie, status: 403, body: `not in group "kid"`, calls: map[string]int{"pass": 3, "kid": 3}},
			{name: "susie's doc kept", path: "/doc/2", auth: ccSusie, status: 200, body: "susie on 2", calls: map[string]int{"pass": 3, "doc": 3}},
			{name: "susie, girl kept", path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"pass": 3, "girl": 3}},
			// a login that is the start of another's: calvi is not calvin
			{name: "calvi uncached", do: ccDo(t, func(f *ccFixture) error { return f.app.UncacheUser(ccBg, "calvi") }),
				path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 3, "doc": 3, "kid": 3}},
		}},
		{"ClearCache", []ccStep{
			{name: "calvin", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 1, "kid": 1}},
			{name: "doc", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 1, "doc": 1}},
			{name: "susie", path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"pass": 2, "girl": 1}},
			{name: "cleared", do: ccDo(t, func(f *ccFixture) error { return f.app.ClearCache(ccBg) }),
				path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 3, "kid": 2}},
			{name: "doc after clear", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 3, "doc": 2}},
			{name: "susie after clear", path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"pass": 4, "girl": 2}},
		}},
	}
	caches := []struct {
		name string
		make func() fsa.Cache
		dirs []any
	}{
		{"default", nil, nil},
		{"ttl", func() fsa.Cache { return fsa.NewMemoryCache(1024) }, nil},
		{"lru", func() fsa.Cache { return fsa.NewLRUCache(1024) }, nil},
		{"FSA_CACHE lru", nil, []any{"FSA_CACHE", "lru"}},
		{"FSA_CACHE tlru", nil, []any{"FSA_CACHE", "tlru"}},
		{"FSA_CACHE lfu", nil, []any{"FSA_CACHE", "lfu"}},
		{"FSA_CACHE fifo", nil, []any{"FSA_CACHE", "fifo"}},
		{"FSA_CACHE rr", nil, []any{"FSA_CACHE", "rr"}},
		{"FSA_CACHE dict", nil, []any{"FSA_CACHE", "dict"}},
		{"FSA_CACHE_PREFIX", nil, []any{"FSA_CACHE_PREFIX", "acme:"}},
	}
	for _, cache := range caches {
		for _, sc := range scenarios {
			t.Run(cache.name+"/"+sc.name, func(t *testing.T) {
				var c fsa.Cache
				if cache.make != nil {
					c = cache.make()
				}
				ccApp(t, c, cache.dirs...).run(t, sc.steps)
			})
		}
	}
}

// FSA_CACHE none calls every hook on every request, and CreateToken makes
// a new token each time the clock moves.
func TestCacheNone(t *testing.T) {
	f := ccApp(t, nil, "FSA_CACHE", "none")
	var steps []ccStep
	for i := 1; i <= 3; i++ {
		steps = append(steps,
			ccStep{name: "kid", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 3*i - 2, "kid": i}},
			ccStep{name: "girl", path: "/girl", auth: ccSusie, status: 200, body: "susie", calls: map[string]int{"pass": 3*i - 1, "girl": i}},
			ccStep{name: "doc", path: "/doc/9", auth: ccCalvin, status: 404, body: "object not found", calls: map[string]int{"pass": 3 * i, "doc": i}})
	}
	f.run(t, steps)
	one := ccToken(t, f)
	f.clock.Set(tkNow.Add(time.Second))
	if two := ccToken(t, f); two == one {
		t.Errorf("FSA_CACHE none: CreateToken gave the same token again")
	}
	for _, err := range []error{f.app.UncachePassword(ccBg, "calvin"), f.app.UncacheGroup(ccBg, "calvin", "kid"),
		f.app.UncacheObject(ccBg, "doc", "calvin", "read", 1), f.app.UncacheToken(ccBg, one, ""), f.app.UncacheUserToken(ccBg, "calvin", ""),
		f.app.UncacheUser(ccBg, "calvin"), f.app.ClearCache(ccBg)} {
		if err != nil {
			t.Errorf("FSA_CACHE none: %v", err)
		}
	}
}

// ccToken logs calvin in on /login and returns the token.
func ccToken(t *testing.T, f *ccFixture) string {
	t.Helper()
	res := f.c.Check(t, fsatest.Case{Path: "/login", Auth: ccCalvin, WantStatus: 200})
	if len(res.Body) == 0 {
		t.Fatal("/login: no token")
	}
	return string(res.Body)
}

// FSA_CACHE_OPTS's ttl is the life of every entry.
func TestCacheTTL(t *testing.T) {
	f := ccApp(t, nil, "FSA_CACHE_OPTS", map[string]any{"ttl": 0.2})
	if got := f.app.Config().CacheTTL; got != 200*time.Millisecond {
		t.Fatalf("CacheTTL %v", got)
	}
	expire := func(*ccFixture) { time.Sleep(250 * time.Millisecond) }
	f.run(t, []ccStep{
		{name: "first", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 1, "doc": 1}},
		{name: "cached", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 1, "doc": 1}},
		{name: "expired", do: expire, path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 2, "doc": 2}},
		{name: "cached again", path: "/doc/1", auth: ccCalvin, status: 200, body: "calvin on 1", calls: map[string]int{"pass": 2, "doc": 2}},
		{name: "group", path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 2, "kid": 1}},
		{name: "group expired", do: expire, path: "/kid", auth: ccCalvin, status: 200, body: "calvin", calls: map[string]int{"pass": 3, "kid": 2}},
	})
	// the token CreateToken made expires from the cache as well
	token := ccToken(t, f)
	if again := ccToken(t, f); again != token {
		t.Errorf("CreateToken within the ttl: another token")
	}
	f.clock.Set(tkNow.Add(time.Second))
	time.Sleep(250 * time.Millisecond)
	if again := ccToken(t, f); again == token {
		t.Errorf("CreateToken after the ttl: the same token")
	}
}

// A token's check is cached; UncacheToken makes the next request check
// it in full. CreateToken gives the same token while more than half of
// its life is left, and a new one after UncacheUserToken or UncacheUser.
func TestCachedTokens(t *testing.T) {
	for _, prefix := range []string{"", "acme/"} {
		t.Run("prefix "+prefix, func(t *testing.T) {
			var dirs []any
			if prefix != "" {
				dirs = []any{"FSA_CACHE_PREFIX", prefix}
			}
			f := ccApp(t, fsa.NewMemoryCache(1024), dirs...)
			checks := func() int { return f.cache.setsOf(prefix + "t.") }
			made := func() int { return f.cache.setsOf(prefix + "T.") }
			token := ccToken(t, f)
			steps := []struct {
				name           string
				do             func()
				status         int
				body           string
				checks, hashes int // token checks cached, GetUserPass calls
			}{
				{"first use: checked and cached", nil, 200, "calvin", 1, 1},
				{"cached", nil, 200, "calvin", 1, 1},
				{"uncached: checked again", func() { _ = f.app.UncacheToken(ccBg, token, "") }, 200, "calvin", 2, 1},
				{"cached again", nil, 200, "calvin", 2, 1},
				{"uncached in its realm", func() { _ = f.app.UncacheToken(ccBg, token, "test") }, 200, "calvin", 3, 1},
				{"another realm uncached: kept", func() { _ = f.app.UncacheToken(ccBg, token, "other") }, 200, "calvin", 3, 1},
				{"another token uncached: kept", func() { _ = f.app.UncacheToken(ccBg, token+"x", "") }, 200, "calvin", 3, 1},
				{"UncacheUser keeps the check of a token", func() { _ = f.app.UncacheUser(ccBg, "calvin") }, 200, "calvin", 3, 1},
				{"ClearCache forgets it", func() { _ = f.app.ClearCache(ccBg) }, 200, "calvin", 4, 1},
			}
			for _, s := range steps {
				if s.do != nil {
					s.do()
				}
				f.c.Check(t, fsatest.Case{Name: s.name, Path: "/tok", Auth: fsatest.Bearer(token), WantStatus: s.status, WantExact: fsatest.String(s.body)})
				if got := checks(); got != s.checks {
					t.Errorf("%s: %d token checks cached, want %d", s.name, got, s.checks)
				}
				if got := f.counts()["pass"]; got != s.hashes {
					t.Errorf("%s: GetUserPass called %d times, want %d", s.name, got, s.hashes)
				}
			}

			// CreateToken: the same token while more than half its life is left
			_ = f.app.ClearCache(ccBg)
			f.clock.Set(tkNow)
			base := made()
			first := ccToken(t, f)
			tokens := []struct {
				name string
				at   time.Duration // after tkNow
				do   func()
				same bool // as the last one
				made int  // tokens cached by CreateToken so far
			}{
				{"again", 0, nil, true, 1},
				{"a minute later", time.Minute, nil, true, 1},
				{"uncached: a new one", 2 * time.Minute, func() { _ = f.app.UncacheUserToken(ccBg, "calvin", "") }, false, 2},
				{"that one again", 3 * time.Minute, nil, true, 2},
				{"uncached in its realm", 4 * time.Minute, func() { _ = f.app.UncacheUserToken(ccBg, "calvin", "test") }, false, 3},
				{"another user uncached: kept", 5 * time.Minute, func() { _ = f.app.UncacheUserToken(ccBg, "susie", "") }, true, 3},
				{"another realm uncached: kept", 6 * time.Minute, func() { _ = f.app.UncacheUserToken(ccBg, "calvin", "other") }, true, 3},
				{"UncacheUser: a new one", 7 * time.Minute, func() { _ = f.app.UncacheUser(ccBg, "calvin") }, false, 4},
				{"ClearCache: a new one", 8 * time.Minute, func() { _ = f.app.ClearCache(ccBg) }, false, 5},
				{"half of its life gone: a new one", 8*time.Minute + 31*time.Minute, nil, false, 6},
				{"and that one again", 8*time.Minute + 32*time.Minute, nil, true, 6},
			}
			last := first
			for _, tk := range tokens {
				f.clock.Set(tkNow.Add(tk.at))
				if tk.do != nil {
					tk.do()
				}
				got := ccToken(t, f)
				if (got == last) != tk.same {
					t.Errorf("%s: same token %t, want %t", tk.name, got == last, tk.same)
				}
				if n := made() - base; n != tk.made {
					t.Errorf("%s: %d tokens cached, want %d", tk.name, n, tk.made)
				}
				// every token given is valid
				f.c.Check(t, fsatest.Case{Name: tk.name, Path: "/tok", Auth: fsatest.Bearer(got), WantStatus: 200, WantExact: fsatest.String("calvin")})
				last = got
			}
			// a token CreateToken made with options is never cached
			n := made()
			for range 2 {
				if _, err := f.app.CreateToken("calvin", fsa.TokenDelay(time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			if made() != n {
				t.Errorf("a token with options was cached")
			}
		})
	}
}

// Keys start with FSA_CACHE_PREFIX, and never hold a password or a
// token, whatever the scheme that logged the user in.
func TestCacheKeys(t *testing.T) {
	for _, prefix := range []string{"", "acme:"} {
		t.Run("prefix "+prefix, func(t *testing.T) {
			var dirs []any
			if prefix != "" {
				dirs = []any{"FSA_CACHE_PREFIX", prefix}
			}
			f := ccApp(t, fsa.NewMemoryCache(1024), dirs...)
			token := ccToken(t, f)
			susieToken, err := f.app.CreateToken("susie")
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []fsatest.Case{
				{Path: "/kid", Auth: ccCalvin},
				{Path: "/girl", Auth: fsatest.Param("susie", "derkins-pw-2")},
				{Path: "/doc/1", Auth: fsatest.Param("calvin", "hobbes-pw-1")},
				{Path: "/doc/2", Auth: fsatest.Basic("calvin", "wrong-pw-5")},
				{Path: "/me", Auth: fsatest.Basic("hobbes", "tiger-pw-3")},
				{Path: "/tok", Auth: fsatest.Bearer(token)},
				{Path: "/tok", Auth: fsatest.Bearer(susieToken)},
				{Path: "/tok", Auth: fsatest.Bearer(token + "0")},
			} {
				f.c.Do(t, tc)
			}
			_ = f.app.UncacheToken(ccBg, token, "")
			_ = f.app.UncacheUser(ccBg, "calvin")
			_ = f.app.UncacheObject(ccBg, "doc", "calvin", "read", 1)
			_ = f.app.UncacheGroup(ccBg, "susie", "girl")
			_ = f.app.UncacheUserToken(ccBg, "susie", "")
			_ = f.app.UncachePassword(ccBg, "susie")
			keys := f.cache.seen()
			kinds := map[string]bool{}
			for _, key := range keys {
				rest, ok := strings.CutPrefix(key, prefix)
				if !ok {
					t.Errorf("key %q does not start with %q", key, prefix)
				}
				if len(rest) >= 2 {
					kinds[rest[:2]] = true
				}
				for _, secret := range []string{"hobbes-pw-1", "derkins-pw-2", "wrong-pw-5", "tiger-pw-3", "pw-", token, susieToken,
					token[strings.LastIndex(token, ":")+1:], vectorSecret} {
					if strings.Contains(key, secret) {
						t.Errorf("key %q holds a secret: %q", key, secret)
					}
				}
			}
			for _, kind := range []string{"u.", "c.", "g.", "p.", "T.", "t."} {
				if !kinds[kind] {
					t.Errorf("no key of kind %q: %q", kind, keys)
				}
			}
		})
	}
}

// Apps that share a store keep apart with FSA_CACHE_PREFIX: ClearCache
// forgets its own keys only, even those of an app whose prefix starts
// with its own, and the other keys of the store stay.
func TestCachePrefixSharedStore(t *testing.T) {
	store := fsa.NewMemoryCache(1024)
	one := ccApp(t, store, "FSA_CACHE_PREFIX", "app1")
	ten := ccApp(t, store, "FSA_CACHE_PREFIX", "app10")
	bare := ccApp(t, store) // no prefix
	store.Set(ccBg, "other:key", []byte("v"), time.Hour)
	store.Set(ccBg, "app1", []byte("v"), time.Hour) // not one of app1's: no kind follows
	warm := func(f *ccFixture) {
		f.c.Check(t, fsatest.Case{Path: "/doc/1", Auth: ccCalvin, WantStatus: 200})
		f.c.Check(t, fsatest.Case{Path: "/kid", Auth: ccCalvin, WantStatus: 200})
		f.c.Check(t, fsatest.Case{Path: "/tok", Auth: fsatest.Bearer(ccToken(t, f)), WantStatus: 200})
	}
	for _, f := range []*ccFixture{one, ten, bare} {
		warm(f)
		warm(f)
	}
	for _, f := range []*ccFixture{one, ten, bare} {
		if got := f.counts(); got["pass"] != 1 || got["doc"] != 1 || got["kid"] != 1 {
			t.Fatalf("calls %v: want each hook once", got)
		}
	}
	if err := one.app.ClearCache(ccBg); err != nil {
		t.Fatal(err)
	}
	warm(one)
	warm(ten)
	warm(bare)
	if got := one.counts(); got["pass"] != 2 || got["doc"] != 2 || got["kid"] != 2 {
		t.Errorf("app1 after its ClearCache: calls %v, want each hook twice", got)
	}
	for name, f := range map[string]*ccFixture{"app10": ten, "bare": bare} {
		if got := f.counts(); got["pass"] != 1 || got["doc"] != 1 || got["kid"] != 1 {
			t.Errorf("%s after app1's ClearCache: calls %v, want each hook once", name, got)
		}
	}
	for _, key := range []string{"other:key", "app1"} {
		if _, ok := store.Get(ccBg, key); !ok {
			t.Errorf("app1's ClearCache removed %q", key)
		}
	}
	// without a prefix, ClearCache clears the whole store
	if err := bare.app.ClearCache(ccBg); err != nil {
		t.Fatal(err)
	}
	if n := store.Len(); n != 0 {
		t.Errorf("ClearCache without a prefix: %d entries left", n)
	}
}

// The cache directives' errors.
func TestCacheConfigErrors(t *testing.T) {
	kinds := "want ttl, lru, tlru, lfu, fifo, rr, dict, redis, memcached or none"
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"FSA_CACHE", "bad", "FSA_CACHE: unexpected FSA_CACHE bad: " + kinds},
		{"FSA_CACHE", "TTL", "FSA_CACHE: unexpected FSA_CACHE TTL: " + kinds},
		{"FSA_CACHE", "", "FSA_CACHE: unexpected FSA_CACHE : " + kinds},
		{"FSA_CACHE", 1, "FSA_CACHE: unexpected FSA_CACHE 1: " + kinds},
		{"FSA_CACHE", "pymemcache", "FSA_CACHE: unexpected FSA_CACHE pymemcache: " + kinds},
		{"FSA_CACHE_SIZE", 0, "FSA_CACHE_SIZE: unexpected value 0: want a number of entries from 1"},
		{"FSA_CACHE_SIZE", -5, "FSA_CACHE_SIZE: unexpected value -5: want a number of entries from 1"},
		{"FSA_CACHE_SIZE", "10", "FSA_CACHE_SIZE: unexpected value 10: want a number of entries from 1"},
		{"FSA_CACHE_SIZE", 1.5, "FSA_CACHE_SIZE: unexpected value 1.5: want a number of entries from 1"},
		{"FSA_CACHE_OPTS", map[string]any{"maxsize": 10}, `FSA_CACHE_OPTS: unexpected option "maxsize": only ttl (seconds), or tlru's ttu (seconds), is known`},
		{"FSA_CACHE_OPTS", map[string]any{"ttl": 10, "ttu": 10}, "FSA_CACHE_OPTS: ttl and ttu are the same option: give one"},
		{"FSA_CACHE_OPTS", map[string]any{"ttu": 10}, "FSA_CACHE_OPTS: ttu is an option of FSA_CACHE tlru, not ttl: give ttl"},
		{"FSA_CACHE_OPTS", map[string]any{"ttu": "10"}, "FSA_CACHE_OPTS: ttu: unexpected value of type str: want seconds"},
		{"FSA_CACHE_OPTS", map[string]any{"ttl": "60"}, "FSA_CACHE_OPTS: ttl: unexpected value of type str: want seconds"},
		{"FSA_CACHE_OPTS", map[string]any{"ttl": 0}, "FSA_CACHE_OPTS: ttl: unexpected value 0: want seconds, more than 0 and at most a year"},
		{"FSA_CACHE_OPTS", map[string]any{"ttl": -1.5}, "FSA_CACHE_OPTS: ttl: unexpected value -1.5: want seconds, more than 0 and at most a year"},
		{"FSA_CACHE_OPTS", map[string]any{"ttl": 366 * 24 * 3600}, "FSA_CACHE_OPTS: ttl: unexpected value 31622400: want seconds, more than 0 and at most a year"},
		{"FSA_CACHE_OPTS", 60, "FSA_CACHE_OPTS: unexpected value of type int: want a dict"},
		{"FSA_CACHE_PREFIX", "", "FSA_CACHE_PREFIX: must not be empty"},
		{"FSA_NOT_FOUND_ERROR", 399, "FSA_NOT_FOUND_ERROR: unexpected status 399: want 400 to 599"},
		{"FSA_NOT_FOUND_ERROR", 600, "FSA_NOT_FOUND_ERROR: unexpected status 600: want 400 to 599"},
		{"FSA_NOT_FOUND_ERROR", 200, "FSA_NOT_FOUND_ERROR: unexpected status 200: want 400 to 599"},
		{"FSA_NOT_FOUND_ERROR", "404", "FSA_NOT_FOUND_ERROR: unexpected value of type str: want an integer status"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %v", tt.name, tt.value), func(t *testing.T) {
			_, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set(tt.name, tt.value))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v\nwant: %s", err, tt.want)
			}
		})
	}
	// and the values that are right
	for _, ok := range []struct {
		name  string
		value any
	}{{"FSA_CACHE", "ttl"}, {"FSA_CACHE", "lru"}, {"FSA_CACHE", "tlru"}, {"FSA_CACHE", "lfu"}, {"FSA_CACHE", "fifo"},
		{"FSA_CACHE", "rr"}, {"FSA_CACHE", "dict"}, {"FSA_CACHE", "none"}, {"FSA_CACHE", nil}, {"FSA_CACHE_SIZE", 1}, {"FSA_CACHE_OPTS", map[string]any{}},
		{"FSA_CACHE_OPTS", map[string]any{"ttl": 365 * 24 * 3600}}, {"FSA_CACHE_PREFIX", "x"}, {"FSA_NOT_FOUND_ERROR", 400}, {"FSA_NOT_FOUND_ERROR", 599}} {
		if _, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set(ok.name, ok.value)); err != nil {
			t.Errorf("%s %v: %v", ok.name, ok.value, err)
		}
	}
	// tlru's ttu, FlaskSimpleAuth's function of time, is seconds: the ttl
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		sets := []fsa.Option{fsa.Set("FSA_CACHE", "tlru"), fsa.Set("FSA_CACHE_OPTS", map[string]any{"ttu": 10})}
		app, err := fsa.New("test", fsa.LookupEnv(nil), sets[order[0]], sets[order[1]])
		if err != nil {
			t.Fatalf("tlru with ttu: %v", err)
		}
		if got := app.Config().CacheTTL; got != 10*time.Second {
			t.Errorf("tlru with ttu 10: CacheTTL %v", got)
		}
	}
}

// Many users at once, while others forget cache entries: every response
// names its own user, a user never gets another's object, and the
// statuses are only the expected ones. Run it with -race.
func TestCacheRace(t *testing.T) {
	const (
		users      = 6
		docsEach   = 4
		workers    = 12
		requests   = 300
		forgetters = 4
	)
	policies := []struct {
		name  string
		cache func() fsa.Cache
		dirs  []any
	}{
		{"default", nil, nil},
		{"small ttl cache", func() fsa.Cache { return fsa.NewMemoryCache(16) }, nil},
		{"small lru cache", func() fsa.Cache { return fsa.NewLRUCache(32) }, nil},
		{"small lfu cache", nil, []any{"FSA_CACHE", "lfu", "FSA_CACHE_SIZE", 16}},
		{"small fifo cache", nil, []any{"FSA_CACHE", "fifo", "FSA_CACHE_SIZE", 16}},
		{"small rr cache", nil, []any{"FSA_CACHE", "rr", "FSA_CACHE_SIZE", 16}},
		{"small dict cache", nil, []any{"FSA_CACHE", "dict", "FSA_CACHE_SIZE", 16}},
		{"small tlru cache", nil, []any{"FSA_CACHE", "tlru", "FSA_CACHE_SIZE", 16}},
		{"prefix", nil, []any{"FSA_CACHE_PREFIX", "race:", "FSA_CACHE", "lru"}},
	}
	for _, policy := range policies {
		t.Run(policy.name, func(t *testing.T) {
			opts := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
				fsa.Set("FSA_AUTH", []string{"basic"}), fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"), fsa.Set("FSA_AUTHZ_GROUPS", []string{"staff"}),
				fsa.Set("FSA_THROTTLE", false), fsa.Set("FSA_PASSWORD_CONCURRENCY", 64)} // users fail on purpose, all at once
			if policy.cache != nil {
				opts = append(opts, fsa.Caching(policy.cache()))
			}
			for i := 0; i+1 < len(policy.dirs); i += 2 {
				opts = append(opts, fsa.Set(policy.dirs[i].(string), policy.dirs[i+1]))
			}
			app, err := fsa.New("race", opts...)
			if err != nil {
				t.Fatal(err)
			}
			login := func(u int) string { return fmt.Sprint("user", u) }
			owner := func(doc int) int { return doc / 100 } // user u owns docs 100*u ... 100*u+docsEach-1
			app.GetUserPass(func(_ context.Context, l string) (string, error) {
				var u int
				if _, err := fmt.Sscanf(l, "user%d", &u); err != nil || u >= users {
					return "", nil
				}
				return "pw-" + l, nil
			})
			app.GroupCheck("member", func(_ context.Context, l string) (bool, error) { return strings.HasPrefix(l, "user"), nil })
			app.UserInGroup(func(_ context.Context, l, group string) (bool, error) {
				return group == "staff" && l != login(users-1), nil // the last user is no staff
			})
			fsa.ObjectPerm(app, "doc", func(_ context.Context, l string, id int, _ string) (fsa.Permission, error) {
				switch {
				case id%100 >= docsEach || owner(id) >= users:
					return fsa.NotFound, nil
				case login(owner(id)) == l:
					return fsa.Allowed, nil
				}
				return fsa.Forbidden, nil
			})
			fsa.Get(app, "/who", fsa.Group("member"), func(c *fsa.Context, _ none) (any, error) { return c.User(), nil })
			fsa.Get(app, "/doc/<int:id>", fsa.All(fsa.Group("staff"), fsa.Object("doc", "id", "read")), func(c *fsa.Context, in opID) (any, error) {
				return fmt.Sprintf("%s owns %d", c.User(), in.ID), nil
			})
			h, err := app.Handler()
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			var forgot sync.WaitGroup
			for g := range forgetters {
				forgot.Go(func() {
					r := rand.New(rand.NewPCG(uint64(g), 1))
					for {
						select {
						case <-done:
							return
						default:
						}
						l := login(r.IntN(users))
						var err error
						switch g {
						case 0:
							err = app.UncacheUser(ccBg, l)
						case 1:
							err = app.UncacheObject(ccBg, "doc", l, "read", r.IntN(users)*100+r.IntN(docsEach))
						case 2:
							err = errors.Join(app.UncacheGroup(ccBg, l, "member"), app.UncacheGroup(ccBg, l, "staff"), app.UncachePassword(ccBg, l))
						default:
							err = app.ClearCache(ccBg)
							time.Sleep(time.Millisecond)
						}
						if err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			var work sync.WaitGroup
			var answers atomic.Int64
			for w := range workers {
				work.Go(func() {
					r := rand.New(rand.NewPCG(uint64(w), 2))
					for range requests {
						u := r.IntN(users)
						l := login(u)
						password := "pw-" + l
						req := httptest.NewRequest("GET", "/who", nil)
						var want, body string
						var status int
						switch r.IntN(5) {
						case 0: // who am I
							want, status = l, 200
						case 1: // a wrong password
							password = "nope"
							want, status = "invalid user or password", 401
						default: // a document: own, another's, or none
							o := r.IntN(users)
							id := o*100 + r.IntN(docsEach+1)
							req = httptest.NewRequest("GET", fmt.Sprint("/doc/", id), nil)
							switch {
							case u == users-1:
								want, status = `not in group "staff"`, 403
							case id%100 >= docsEach:
								want, status = "object not found", 404
							case o == u:
								want, status = fmt.Sprintf("%s owns %d", l, id), 200
							default:
								want, status = "permission denied on doc (read)", 403
							}
						}
						req.RemoteAddr = fsatest.DefaultRemoteAddr // basic authentication needs HTTPS or loopback
						req.SetBasicAuth(l, password)
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						body = rec.Body.String()
						if rec.Code != status || body != want {
							t.Errorf("%s as %s: %d %q, want %d %q", req.URL.Path, l, rec.Code, body, status, want)
							return
						}
						answers.Add(1)
					}
				})
			}
			work.Wait()
			close(done)
			forgot.Wait()
			if n := answers.Load(); n != workers*requests {
				t.Errorf("%d right answers, want %d", n, workers*requests)
			}
		})
	}
}

// ccPoint is an object identifier whose values may print alike.
type ccPoint struct {
	A, B string
}

// ccNamed is an identifier with a String method.
type ccNamed int

func (n ccNamed) String() string { return "named" }

// Object permissions are cached by identifier values, not by how they
// print: {"a b", "c"} and {"a", "b c"} are two objects, and so are two
// values of a type whose String method says the same. UncacheObject
// takes the values as the hook gets them, or as their underlying type.
func TestCachedObjectKeys(t *testing.T) {
	app := newApp(t, nil, "FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_SCHEME", "plaintext")
	app.GetUserPass(func(context.Context, string) (string, error) { return "pw", nil })
	calls := map[string]int{}
	var mu sync.Mutex
	fsa.ObjectPerm(app, "point", func(_ context.Context, _ string, p ccPoint, _ string) (fsa.Permission, error) {
		mu.Lock()
		defer mu.Unlock()
		calls["point"]++
		if p == (ccPoint{"a b", "c"}) {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	owner := map[ccNamed]bool{2: true}
	fsa.ObjectPerm(app, "named", func(_ context.Context, _ string, n ccNamed, _ string) (fsa.Permission, error) {
		mu.Lock()
		defer mu.Unlock()
		calls["named"]++
		if owner[n] {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	type pointIn struct {
		P ccPoint
	}
	type namedIn struct {
		N ccNamed
	}
	fsa.Get(app, "/point", fsa.Object("point", "p", "read"), func(_ *fsa.Context, in pointIn) (any, error) { return in.P.A + "|" + in.P.B, nil })
	fsa.Get(app, "/named/<int:n>", fsa.Object("named", "n", "read"), func(_ *fsa.Context, in namedIn) (any, error) { return int(in.N), nil })
	c := client(t, app)
	who := fsatest.Basic("calvin", "pw")
	denied := func(domain string) *string { return fsatest.String("permission denied on " + domain + " (read)") }
	ab := `{"A":"a b","B":"c"}`
	ba := `{"A":"a","B":"b c"}`
	steps := []struct {
		do     func() error
		path   string
		status int
		body   *string
		calls  map[string]int
	}{
		{nil, "/point?p=" + url.QueryEscape(ab), 200, fsatest.String("a b|c"), map[string]int{"point": 1}},
		{nil, "/point?p=" + url.QueryEscape(ba), 403, denied("point"), map[string]int{"point": 2}},
		{nil, "/point?p=" + url.QueryEscape(ab), 200, fsatest.String("a b|c"), map[string]int{"point": 2}},
		{nil, "/point?p=" + url.QueryEscape(ba), 403, denied("point"), map[string]int{"point": 2}},
		{func() error { return app.UncacheObject(ccBg, "point", "calvin", "read", ccPoint{"a", "b c"}) },
			"/point?p=" + url.QueryEscape(ba), 403, denied("point"), map[string]int{"point": 3}},
		{nil, "/named/1", 403, denied("named"), map[string]int{"named": 1}},
		{nil, "/named/2", 200, fsatest.String("2\n"), map[string]int{"named": 2}},
		{nil, "/named/1", 403, denied("named"), map[string]int{"named": 2}},
		{func() error {
			mu.Lock()
			owner[1] = true
			mu.Unlock()
			return app.UncacheObject(ccBg, "named", "calvin", "read", ccNamed(1))
		},
			"/named/1", 200, fsatest.String("1\n"), map[string]int{"named": 3}},
		{func() error {
			mu.Lock()
			owner[2] = false
			mu.Unlock()
			return app.UncacheObject(ccBg, "named", "calvin", "read", 2)
		},
			"/named/2", 403, denied("named"), map[string]int{"named": 4}},
	}
	for i, s := range steps {
		if s.do != nil {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
		}
		c.Check(t, fsatest.Case{Name: fmt.Sprint(i), Path: s.path, Auth: who, WantStatus: s.status, WantExact: s.body})
		mu.Lock()
		for k, want := range s.calls {
			if calls[k] != want {
				t.Errorf("step %d %s: %s hook called %d times, want %d", i, s.path, k, calls[k], want)
			}
		}
		mu.Unlock()
	}
}
