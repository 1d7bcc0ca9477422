package peer_test

// FlaskSimpleAuth's own tests, the authorization groups of the
// "Authn/authz" expectations (see authn_test.go for the helpers and the
// counts).

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// azDictCache is a plain map as an fsa.Cache: FlaskSimpleAuth's test
// passes a custom cache object (CacheToolsUtils.DictCache) as FSA_CACHE.
type azDictCache struct {
	m map[string][]byte
}

func (d *azDictCache) Get(_ context.Context, key string) ([]byte, bool) {
	v, ok := d.m[key]
	return v, ok
}

func (d *azDictCache) Set(_ context.Context, key string, value []byte, _ time.Duration) {
	d.m[key] = value
}

func (d *azDictCache) Delete(_ context.Context, key string) error {
	delete(d.m, key)
	return nil
}

func (d *azDictCache) DeletePrefix(_ context.Context, prefix string) error {
	for k := range d.m {
		if strings.HasPrefix(k, prefix) {
			delete(d.m, k)
		}
	}
	return nil
}

func (d *azDictCache) Clear(context.Context) error {
	clear(d.m)
	return nil
}

func TestAzAuthz(t *testing.T) {
	// CLOSE-type 403: /nogo (NONE), /mis1, /mis2, /two (plain Flask
	// decorator), /empty (authz=[]), /b1/blue (blueprint).
	t.Run("closed routes", func(t *testing.T) {
		_, c := azMain(t)
		azRun(t, c, []azRow{
			{Case: fsatest.Case{Name: "/nogo Close", Path: "/nogo", WantStatus: 403}},
			{Case: fsatest.Case{Name: "/mis1 nil authorization, with parameters", Path: "/mis1", WantStatus: 403}},
			{Case: fsatest.Case{Name: "/mis2 nil authorization", Path: "/mis2", WantStatus: 403}},
			// n/a: plain Flask route decorator
			{Case: fsatest.Case{Name: "/two plain Flask route"}, na: "a plain Flask route: Go routes are declared with fsa.Get..., whose authorization is required (nil is Close: /mis1, /mis2)"},
			{Case: fsatest.Case{Name: "/empty empty authorization", Path: "/empty", Form: azLogin("dad"), WantStatus: 403}},
			// n/a: blueprint
			{Case: fsatest.Case{Name: "/b1/blue blueprint"}, na: "Flask blueprints have no Go counterpart"},
		})
	})

	// /my/<login> (users): no LOGIN 401; dad any 200; others' 403; self 200;
	// unknown 404. /perm/fun/4/4 200 `calvin i==j`, /3/4 403.
	t.Run("object permissions", func(t *testing.T) {
		_, c := azMain(t)
		my := func(login, user string, status int) azRow {
			tc := fsatest.Case{Name: "/my/" + login + " by " + user, Path: "/my/" + login, WantStatus: status}
			if user != "" {
				tc.Form = azLogin(user)
			}
			return azRow{Case: tc}
		}
		azRun(t, c, []azRow{
			my("calvin", "", 401),
			my("calvin", "dad", 200),
			my("hobbes", "dad", 200),
			my("dad", "dad", 200),
			my("calvin", "hobbes", 403),
			my("hobbes", "calvin", 403),
			my("dad", "calvin", 403),
			my("calvin", "calvin", 200),
			my("hobbes", "hobbes", 200),
			my("no-such-user", "calvin", 404),
			{Case: fsatest.Case{Name: "/perm/fun/4/4", Path: "/perm/fun/4/4", Form: azLogin("calvin"), WantStatus: 200, WantBody: "calvin i==j"}},
			{Case: fsatest.Case{Name: "/perm/fun/3/4", Path: "/perm/fun/3/4", Form: azLogin("calvin"), WantStatus: 403}},
		})
	})

	// Perm hook ErrorResponse 518 → 518 `oops-1`; exception 500 `internal
	// error in permission check`; float 500 `internal error with permission
	// check`.
	t.Run("object permission hook errors", func(t *testing.T) {
		_, c := azFact(t, func(app *fsa.App) {
			fsa.ObjectPerm(app, "known", func(_ context.Context, _, v, _ string) (fsa.Permission, error) {
				switch v {
				case "fsa":
					return fsa.Forbidden, fsa.Err(518, "oops-1")
				case "ex":
					return fsa.Forbidden, errors.New("oops-2")
				case "float":
					return fsa.Permission(3), nil // neither Allowed, Forbidden nor NotFound
				}
				return fsa.Allowed, nil
			})
			fsa.Get(app, "/oops/<err>", fsa.Object("known", "err", ""), func(*fsa.Context, struct{ Err string }) (any, error) {
				return "should not get there", nil
			})
		})
		azRun(t, c, []azRow{
			{Case: fsatest.Case{Name: "hook error 518", Path: "/oops/fsa", Form: azLogin("calvin"), WantStatus: 518, WantBody: "oops-1"}},
			// differs: internal errors name the stage, not the cause (FSA: "internal error in permission check")
			{Case: fsatest.Case{Name: "hook exception", Path: "/oops/ex", Form: azLogin("calvin"), WantStatus: 500,
				WantBody: "internal error caught at perm authorization on /oops/"}, differs: "internal errors name the stage, not the cause (FSA: \"internal error in permission check\")"},
			// differs: hooks return a fsa.Permission; another value is an internal error naming the stage (FSA: a float, "internal error with permission check")
			{Case: fsatest.Case{Name: "hook answer neither allowed, forbidden nor not found", Path: "/oops/float", Form: azLogin("calvin"), WantStatus: 500,
				WantBody: "internal error caught at perm authorization on /oops/"}, differs: "hooks return a fsa.Permission; another value is an internal error naming the stage (FSA: a float, \"internal error with permission check\")"},
		})
	})

	// user_in_group ErrorResponse 518 → 518; float 500 `internal error in
	// group check`; exception 500 `internal error while checking group`.
	t.Run("group hook errors", func(t *testing.T) {
		_, c := azFact(t, func(app *fsa.App) {
			app.UserInGroup(func(_ context.Context, _, group string) (bool, error) {
				switch group {
				case "ex":
					return false, fsa.Err(518, "exception in user_in_group")
				case "fail":
					return false, errors.New("we have an error")
				}
				return true, nil
			})
			fsa.Get(app, "/ex", fsa.Group("ex"), azText("should not get here"))
			fsa.Get(app, "/fail", fsa.Group("fail"), azText("should not get here"))
		})
		azRun(t, c, []azRow{
			{Case: fsatest.Case{Name: "hook error 518", Path: "/ex", Form: azLogin("calvin"), WantStatus: 518, WantBody: "exception in user_in_group"}},
			// n/a: Go's group hooks return a bool: a float result cannot be written
			{Case: fsatest.Case{Name: "hook answer not a bool"}, na: "UserInGroup returns (bool, error): a non-boolean answer does not compile"},
			// differs: a group hook's error is a 500 naming only the stage (FSA: "internal error while checking group")
			{Case: fsatest.Case{Name: "hook exception", Path: "/fail", Form: azLogin("calvin"), WantStatus: 500,
				WantBody: "internal error caught at group authorization on /fail"}, differs: "a group hook's error is a 500 naming only the stage (FSA: \"internal error while checking group\")"},
		})
	})

	// FSA_GROUP_CHECK {foo: calvin} + group_check bla {calvin,hobbes}: /foo
	// calvin 200 hobbes 403; /bla both 200.
	t.Run("group check hooks", func(t *testing.T) {
		c := azClient(azApp(t, func(app *fsa.App) {
			// FSA_GROUP_CHECK is mapped to GroupCheck: both declarations are one in Go
			app.GroupCheck("foo", func(_ context.Context, login string) (bool, error) { return login == "calvin", nil })
			app.GroupCheck("bla", func(_ context.Context, login string) (bool, error) {
				return login == "calvin" || login == "hobbes", nil
			})
			fsa.Get(app, "/foo", fsa.Group("foo"), azText(""))
			fsa.Get(app, "/bla", fsa.Group("bla"), azText(""))
		}, "FSA_AUTH", "fake"))
		azRun(t, c, []azRow{
			{Case: fsatest.Case{Name: "/foo calvin", Path: "/foo", JSON: map[string]any{"LOGIN": "calvin"}, WantStatus: 200}},
			{Case: fsatest.Case{Name: "/bla calvin", Path: "/bla", Form: azLogin("calvin"), WantStatus: 200}},
			{Case: fsatest.Case{Name: "/foo hobbes", Path: "/foo", Form: azLogin("hobbes"), WantStatus: 403, WantBody: `not in group "foo"`}},
			{Case: fsatest.Case{Name: "/bla hobbes", Path: "/bla", JSON: map[string]any{"LOGIN": "hobbes"}, WantStatus: 200}},
		})
	})

	// JWT oauth (realm comics, issuer god), authz `character`: no token 401;
	// scope character 200; sidekick 403.
	t.Run("oauth scopes", func(t *testing.T) {
		app, c := azFact(t, func(app *fsa.App) {
			// the route's authorization is fsa.Scope (FSA: the group name "character" read as a scope on an oauth route)
			fsa.Get(app, "/perm/jwt-authz", fsa.Scope("character"), azUserText(""), fsa.Authn("oauth"))
		}, fsa.Set("FSA_AUTH", []any{"token", "fake", "oauth", "none"}), fsa.Set("FSA_AUTH_DEFAULT", []any{"token", "fake", "none"}),
			fsa.Set("FSA_TOKEN_TYPE", "jwt"), fsa.Set("FSA_REALM", "comics"),
			fsa.Set("FSA_TOKEN_ISSUER", "god"))
		rosalyn := azToken(t, app, "rosalyn", fsa.TokenScopes("character"), fsa.TokenDelay(10*time.Minute))
		moe := azToken(t, app, "moe", fsa.TokenScopes("sidekick"), fsa.TokenDelay(10*time.Minute))
		azRun(t, c, []azRow{
			{Case: fsatest.Case{Name: "no token", Path: "/perm/jwt-authz", WantStatus: 401}},
			{Case: fsatest.Case{Name: "scope character", Path: "/perm/jwt-authz", Auth: fsatest.Bearer(rosalyn), WantStatus: 200}},
			{Case: fsatest.Case{Name: "scope sidekick", Path: "/perm/jwt-authz", Auth: fsatest.Bearer(moe), WantStatus: 403,
				WantBody: `missing permission "character"`}},
		})
	})

	// before_exec: calvin 200; `error` 500 `internal error`; `susie` 418.
	t.Run("before exec hook", func(t *testing.T) {
		c := azClient(azApp(t, func(app *fsa.App) {
			app.BeforeExec(func(c *fsa.Context) error {
				switch c.User() {
				case "error":
					return errors.New("we have an error!")
				case "susie":
					return fsa.Err(418, "susie triggers a teapot")
				}
				return nil
			})
			fsa.Get(app, "/be", fsa.Auth, azUserText("get_be for "))
		}, "FSA_MODE", "debug2", "FSA_AUTH", "fake"))
		azRun(t, c, []azRow{
			{Case: fsatest.Case{Name: "calvin", Path: "/be", Form: azLogin("calvin"), WantStatus: 200, WantBody: "calvin"}},
			{Case: fsatest.Case{Name: "error", Path: "/be", Form: azLogin("error"), WantStatus: 500, WantBody: "internal error"}},
			{Case: fsatest.Case{Name: "susie", Path: "/be", Form: azLogin("susie"), WantStatus: 418, WantBody: "teapot"}},
		})
	})

	// CORS on: OPTIONS 200 (the 500-expecting twin test is shadowed, never
	// runs).
	t.Run("CORS", func(t *testing.T) {
		_, c := azFact(t, nil, fsa.Set("FSA_CORS", true))
		azRun(t, c, []azRow{
			{Case: fsatest.Case{Name: "GET /add without credentials", Path: "/add", Form: url.Values{"i": {"7"}, "j": {"2"}}, WantStatus: 401}},
			{Case: fsatest.Case{Name: "GET /add LOGIN dad", Path: "/add", Form: url.Values{"i": {"7"}, "j": {"2"}, "LOGIN": {"dad"}},
				WantStatus: 200, WantExact: fsatest.String("9")}},
			// differs: OPTIONS is echo's 204 with Allow (Flask: 200)
			{Case: fsatest.Case{Name: "OPTIONS /add", Method: "OPTIONS", Path: "/add", Form: azLogin("dad"), WantStatus: 204}, differs: "OPTIONS is echo's 204 with Allow (Flask: 200)"},
		})
	})

	// AppFact loop (every cache kind): /add no LOGIN 401, LOGIN only 400;
	// /admin calvin 403 dad 200; /add 1234+4321 `5555`; /self self 200 other
	// 403; /div 0xf/0b10 `7`; `sept` 400; missing j 400.
	t.Run("AppFact with every cache kind", func(t *testing.T) {
		form := func(login string, kv ...string) url.Values {
			v := url.Values{}
			if login != "" {
				v.Set("LOGIN", login)
			}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		loop := []azRow{
			{Case: fsatest.Case{Name: "/add without LOGIN", Path: "/add", WantStatus: 401}},
			{Case: fsatest.Case{Name: "/add LOGIN only", Path: "/add", Form: form("calvin"), WantStatus: 400}},
			{Case: fsatest.Case{Name: "/admin calvin", Path: "/admin", Form: form("calvin"), WantStatus: 403}},
			{Case: fsatest.Case{Name: "/admin dad", Path: "/admin", Form: form("dad"), WantStatus: 200}},
			{Case: fsatest.Case{Name: "/add calvin 1234+4321", Path: "/add", Form: form("calvin", "i", "1234", "j", "4321"), WantStatus: 200, WantBody: "5555"}},
			{Case: fsatest.Case{Name: "/add dad 123+321", Path: "/add", Form: form("dad", "i", "123", "j", "321"), WantStatus: 200, WantBody: "444"}},
			{Case: fsatest.Case{Name: "/self/dad dad", Path: "/self/dad", Form: form("dad"), WantStatus: 200, WantBody: "hello: dad"}},
			{Case: fsatest.Case{Name: "/self/calvin calvin", Path: "/self/calvin", Form: form("calvin"), WantStatus: 200, WantBody: "hello: calvin"}},
			{Case: fsatest.Case{Name: "/self/calvin dad", Path: "/self/calvin", Form: form("dad"), WantStatus: 403}},
			{Case: fsatest.Case{Name: "/self/dad calvin", Path: "/self/dad", Form: form("calvin"), WantStatus: 403}},
			{Case: fsatest.Case{Name: "/div 0xf/0b10", Path: "/div", Form: form("dad", "i", "0xf", "j", "0b10"), WantStatus: 200, WantExact: fsatest.String("7")}},
			{Case: fsatest.Case{Name: "/add sept deux", Path: "/add", Form: form("dad", "i", "sept", "j", "deux"), WantStatus: 400}},
			{Case: fsatest.Case{Name: "/add missing j", Path: "/add", Form: form("dad", "i", "7"), WantStatus: 400}},
		}
		type config struct {
			name string
			opts []fsa.Option
		}
		var configs []config
		for _, kind := range []string{"ttl", "lru", "none"} {
			configs = append(configs,
				config{kind + " prefixed", []fsa.Option{fsa.Set("FSA_CACHE", kind), fsa.Set("FSA_CACHE_PREFIX", kind+".")}},
				config{kind, []fsa.Option{fsa.Set("FSA_CACHE", kind)}})
		}
		for _, prefix := range []string{"dict.", ""} {
			opts := []fsa.Option{fsa.Caching(&azDictCache{m: map[string][]byte{}})}
			if prefix != "" {
				opts = append(opts, fsa.Set("FSA_CACHE_PREFIX", prefix))
			}
			configs = append(configs, config{"custom cache object " + prefix, opts})
		}
		for _, cfg := range configs {
			t.Run(cfg.name, func(t *testing.T) {
				_, c := azFact(t, nil, cfg.opts...)
				for round := range 3 { // again, from the cache
					t.Run("round "+string(rune('1'+round)), func(t *testing.T) { azRun(t, c, loop) })
				}
			})
		}
		// the kinds FlaskSimpleAuth takes from cachetools, memcached and redis
		refused := func(kind, why string) azRow {
			return azRow{Case: fsatest.Case{Name: "FSA_CACHE " + kind + " refused"}, differs: "cache kind refused", run: func(t *testing.T) {
				_, err := azNewFact(fsa.Set("FSA_CACHE", kind))
				if err == nil || !strings.Contains(err.Error(), why) {
					t.Errorf("FSA_CACHE %s: error %v, want one saying %q", kind, err, why)
				}
			}}
		}
		azRun(t, nil, []azRow{
			// differs: FSA_CACHE knows ttl, lru and none (FSA: cachetools' kinds too)
			refused("dict", "unexpected FSA_CACHE"),
			// differs: FSA_CACHE knows ttl, lru and none (FSA: cachetools' kinds too)
			refused("tlru", "unexpected FSA_CACHE"),
			// differs: FSA_CACHE knows ttl, lru and none (FSA: cachetools' kinds too)
			refused("lfu", "unexpected FSA_CACHE"),
			// differs: FSA_CACHE knows ttl, lru and none (FSA: cachetools' kinds too)
			refused("mru", "unexpected FSA_CACHE"),
			// differs: FSA_CACHE knows ttl, lru and none (FSA: cachetools' kinds too)
			refused("fifo", "unexpected FSA_CACHE"),
			// differs: FSA_CACHE knows ttl, lru and none (FSA: cachetools' kinds too)
			refused("rr", "unexpected FSA_CACHE"),
			// differs: a shared store is an fsa.Cache given with the Caching option (FSA: FSA_CACHE memcached, test skipped without a server)
			refused("memcached", "Caching option"),
			// differs: a shared store is an fsa.Cache given with the Caching option (FSA: FSA_CACHE redis, test skipped without a server)
			refused("redis", "Caching option"),
		})
	})
}
