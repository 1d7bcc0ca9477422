package tests

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// concWorkers goroutines send concRequests requests each.
const (
	concWorkers  = 8
	concRequests = 200
)

// concUser is a user of the concurrency test, with a token of each app.
type concUser struct {
	login, password string
	token           map[string]string // by app: "fsa" or "jwt"
}

// concApp is an Acme app under load, and its client.
type concApp struct {
	name  string // its token type
	c     *fsatest.Client
	cache *fsa.MemoryCache
	log   *secBuffer
}

// concStep is a request and what its response must be: a status and, for a
// 200 on /hello-me, the user and the scheme that authenticated it.
type concStep struct {
	app          *concApp
	tc           fsatest.Case
	status       int
	user, scheme string
	stuffOf      string // GET /stuff: the owner, whose stuff names start with "login-"
	givesToken   bool   // the response is a token, for the steps that follow
	useToken     bool   // authenticated by the last token given, instead of tc.Auth
}

// newConcApp returns Acme with a token type, fast hashes, its own cache
// and a log in a buffer.
func newConcApp(t *testing.T, b backend, typ string) *concApp {
	t.Helper()
	lookup := func(name string) (string, bool) {
		if name == "FSA_TOKEN_TYPE" {
			return typ, true
		}
		if name == "FSA_THROTTLE" { // many users fail on purpose, all from one address
			return "False", true
		}
		if name == "FSA_PASSWORD_CONCURRENCY" { // every worker checks passwords at once: no shedding here
			return "64", true
		}
		return fastHashes(name)
	}
	a := &concApp{name: typ, cache: fsa.NewMemoryCache(1 << 18), log: &secBuffer{}}
	app := openAcme(t, b.env(t), io.Discard, fsa.LookupEnv(lookup), fsa.Caching(a.cache),
		fsa.Logger(slog.New(slog.NewTextHandler(a.log, nil))))
	a.c = fsatest.New(app)
	a.c.ParamUser, a.c.ParamPass = "username", "password"
	return a
}

// newUserForm is the form of POST /user.
func newUserForm(login, password string) url.Values {
	return url.Values{"login": {login}, "password": {password}, "email": {login + "@acme.org"}}
}

// Many goroutines share two Acme apps (fsa tokens, JWTs), with the cache
// on, as several users through every scheme (basic, param as form and
// JSON, bearer tokens of both types), while other requests change what the
// hooks' cache holds: users added (a login refused before is then
// accepted), a user added again with another password (refused, the old
// one still works), stuff added (a 404 then becomes a 200 or a 403). Every
// response must be for its own user: /hello-me names the user and the
// scheme, /stuff lists only the user's stuff; wrong passwords and tokens
// are always a 401, and nothing is a 5xx. Run it with -race.
func TestConcurrentSessions(t *testing.T) {
	forEachBackend(t, testConcurrentSessions)
}

func testConcurrentSessions(t *testing.T, b backend) {
	apps := map[string]*concApp{"fsa": newConcApp(t, b, "fsa"), "jwt": newConcApp(t, b, "jwt")}
	admin := fsatest.Basic("acme", acmePass)
	var users []*concUser
	for _, name := range []string{"alice", "bob", "carol", "dave", "erin", "frank"} {
		u := &concUser{login: name, password: strings.ToUpper(name[:1]) + name[1:] + "-Pass-1", token: map[string]string{}}
		for typ, a := range apps {
			a.c.Check(t, fsatest.Case{Name: "add " + name, Method: "POST", Path: "/user", Auth: admin,
				Form: newUserForm(name, u.password), WantStatus: 201})
			u.token[typ] = tokenOf(t, a.c.Check(t, fsatest.Case{Name: "token of " + name, Path: "/token",
				Auth: fsatest.Basic(name, u.password), WantStatus: 200}))
		}
		users = append(users, u)
	}
	if t.Failed() {
		t.FailNow()
	}

	hello := func(a *concApp, u *concUser, auth fsatest.Auth, scheme string, json bool) concStep {
		tc := fsatest.Case{Path: "/hello-me", Auth: auth}
		if json {
			tc.JSON = map[string]any{}
		}
		return concStep{app: a, tc: tc, status: 200, user: u.login, scheme: scheme}
	}
	refused := func(a *concApp, auth fsatest.Auth) concStep {
		return concStep{app: a, tc: fsatest.Case{Path: "/hello-me", Auth: auth}, status: 401}
	}
	wrong := func(u *concUser) string { return "Wrong-" + u.password }
	// the operations, table-driven: each makes the steps of one turn of a
	// worker (w) for a user (u) and another (o), n a number unique to the
	// turn
	ops := []struct {
		name  string
		steps func(w, n int, u, o *concUser) []concStep
	}{
		{"basic", func(_, n int, u, _ *concUser) []concStep {
			return []concStep{hello(apps[[]string{"fsa", "jwt"}[n%2]], u, fsatest.Basic(u.login, u.password), "basic", false)}
		}},
		{"param form and JSON", func(_, n int, u, _ *concUser) []concStep {
			a := apps[[]string{"jwt", "fsa"}[n%2]]
			return []concStep{hello(a, u, fsatest.Param(u.login, u.password), "param", false),
				hello(a, u, fsatest.Param(u.login, u.password), "param", true)}
		}},
		{"fsa and jwt tokens", func(_, _ int, u, o *concUser) []concStep {
			return []concStep{hello(apps["fsa"], u, fsatest.Bearer(u.token["fsa"]), "token", false),
				hello(apps["jwt"], o, fsatest.Bearer(o.token["jwt"]), "token", false)}
		}},
		{"wrong passwords", func(_, n int, u, o *concUser) []concStep {
			return []concStep{refused(apps["fsa"], fsatest.Basic(u.login, wrong(u))),
				refused(apps["jwt"], fsatest.Param(u.login, wrong(u))),
				refused(apps[[]string{"fsa", "jwt"}[n%2]], fsatest.Basic(u.login, o.password))}
		}},
		{"wrong tokens", func(_, _ int, u, _ *concUser) []concStep {
			tampered := u.token["fsa"][:len(u.token["fsa"])-10] + "0123456789"
			return []concStep{refused(apps["jwt"], fsatest.Bearer(u.token["fsa"])),
				refused(apps["fsa"], fsatest.Bearer(u.token["jwt"])),
				refused(apps["fsa"], fsatest.Bearer(tampered))}
		}},
		{"own stuff", func(_, n int, u, _ *concUser) []concStep {
			a := apps[[]string{"fsa", "jwt"}[n%2]]
			return []concStep{{app: a, tc: fsatest.Case{Path: "/stuff", Auth: fsatest.Bearer(u.token[a.name])}, status: 200, stuffOf: u.login}}
		}},
		{"new token", func(_, n int, u, _ *concUser) []concStep {
			a := apps[[]string{"jwt", "fsa"}[n%2]]
			given := hello(a, u, nil, "token", false)
			given.useToken = true
			return []concStep{{app: a, tc: fsatest.Case{Path: "/token", Auth: fsatest.Basic(u.login, u.password)}, status: 200,
				givesToken: true}, given}
		}},
		{"stuff added: uncache object", func(w, n int, u, o *concUser) []concStep {
			a := apps[[]string{"fsa", "jwt"}[n%2]]
			sid := fmt.Sprintf("%s-w%d-n%d", u.login, w, n)
			price := url.Values{"price": {"2"}}
			patch := func(v *concUser, status int) concStep {
				return concStep{app: a, tc: fsatest.Case{Method: "PATCH", Path: "/stuff/" + sid, Form: price, Auth: fsatest.Bearer(v.token[a.name])}, status: status}
			}
			return []concStep{patch(u, 404), // caches the NotFound
				{app: a, tc: fsatest.Case{Method: "POST", Path: "/stuff", Auth: fsatest.Basic(u.login, u.password),
					Form: url.Values{"stuff": {sid}, "price": {"1"}}}, status: 201},
				patch(u, 200), patch(o, 403)}
		}},
		{"user added: uncache password", func(w, n int, _, _ *concUser) []concStep {
			a := apps[[]string{"jwt", "fsa"}[n%2]]
			login := fmt.Sprintf("new%dw%d", n, w)
			nu := &concUser{login: login, password: "New-User-" + login}
			return []concStep{refused(a, fsatest.Basic(login, nu.password)), // caches "no such user"
				{app: a, tc: fsatest.Case{Method: "POST", Path: "/user", Auth: admin, Form: newUserForm(login, nu.password)}, status: 201},
				hello(a, nu, fsatest.Basic(login, nu.password), "basic", false)}
		}},
		{"user added again: refused", func(_, n int, u, _ *concUser) []concStep {
			a := apps[[]string{"fsa", "jwt"}[n%2]]
			other := "Other-" + u.password
			return []concStep{{app: a, tc: fsatest.Case{Method: "POST", Path: "/user", Auth: fsatest.Bearer(users[0].token[a.name]),
				Form: newUserForm(u.login, other)}, status: 403}, // alice is no admin
				{app: a, tc: fsatest.Case{Method: "POST", Path: "/user", Auth: admin, Form: newUserForm(u.login, other)}, status: 409},
				refused(a, fsatest.Basic(u.login, other)),
				hello(a, u, fsatest.Basic(u.login, u.password), "basic", false)}
		}},
	}

	var sent, errs atomic.Int64
	fail := func(format string, args ...any) {
		if errs.Add(1) <= 20 { // enough to see what goes wrong
			t.Errorf(format, args...)
		}
	}
	var wg sync.WaitGroup
	for w := range concWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := 0
			for turn := 0; count < concRequests; turn++ {
				n := turn*concWorkers + w
				op := ops[n%len(ops)]
				u, o := users[n%len(users)], users[(n+1+w)%len(users)]
				if o == u {
					o = users[(n+1)%len(users)]
				}
				token := ""
				for _, step := range op.steps(w, n, u, o) {
					if step.useToken {
						step.tc.Auth = fsatest.Bearer(token)
					}
					count++
					sent.Add(1)
					res := step.app.c.Do(t, step.tc)
					where := fmt.Sprintf("worker %d, %s (%s app), %s %s as %s", w, op.name, step.app.name, cmpOr(step.tc.Method, "GET"), step.tc.Path, u.login)
					if res.StatusCode != step.status {
						fail("%s: status %d, want %d (body %q)", where, res.StatusCode, step.status, res.Body)
						continue
					}
					switch {
					case step.givesToken:
						var answer struct{ Token string }
						if json.Unmarshal(res.Body, &answer) != nil || answer.Token == "" {
							fail("%s: no token in %q", where, res.Body)
						}
						token = answer.Token
					case step.user != "":
						var answer struct{ Msg, User string }
						if json.Unmarshal(res.Body, &answer) != nil || answer.User != step.user || answer.Msg != "hello" {
							fail("%s: body %q, want hello to %s", where, res.Body, step.user)
						}
						if got, want := res.Header.Get("FSA-User"), step.user+" ("+step.scheme+")"; got != want {
							fail("%s: FSA-User %q, want %q", where, got, want)
						}
					case step.stuffOf != "":
						var list [][2]any
						if err := json.Unmarshal(res.Body, &list); err != nil {
							fail("%s: body %q: %v", where, res.Body, err)
						}
						for _, item := range list {
							if name, _ := item[0].(string); !strings.HasPrefix(name, step.stuffOf+"-") {
								fail("%s: the stuff of %s lists %q", where, step.stuffOf, name)
							}
						}
					}
				}
			}
		}()
	}
	wg.Wait()

	if want := int64(concWorkers * concRequests); sent.Load() < want {
		t.Errorf("%d requests sent, want %d at least", sent.Load(), want)
	}
	for _, a := range apps {
		if a.cache.Len() == 0 {
			t.Errorf("%s app: nothing cached: the hooks' cache was not used", a.name)
		}
		if log := a.log.String(); strings.Contains(log, "level=ERROR") {
			t.Errorf("%s app logged errors:\n%s", a.name, log)
		}
	}
	t.Logf("%d requests by %d goroutines, %d errors", sent.Load(), concWorkers, errs.Load())
}
