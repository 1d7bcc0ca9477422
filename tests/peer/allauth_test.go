package peer_test

// FlaskSimpleAuth's own tests (test/test_flask.py) that use its all_auth
// helper, or App.py's user routes: test_perms, test_register and
// test_self_care, each a subtest named after it. allAuth is all_auth: a
// row calling it stands for its 22 checks.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/tests/peer"
)

// aaUsers are the users of an allAuth run: a copy of peer.Passwords the
// test may change (register, delete), with the groups of App.py.
type aaUsers struct {
	passwords map[string]string
	groups    map[string][]string // ADMIN "0", WRITE "1", READ "2"
}

func newAAUsers() *aaUsers {
	u := &aaUsers{passwords: map[string]string{}, groups: map[string][]string{}}
	for login, pass := range peer.Passwords {
		u.passwords[login] = pass
	}
	for g, members := range peer.Groups {
		u.groups[g] = slices.Clone(members)
	}
	return u
}

// aaApp is App.py's app for a configuration of all_auth: the peer app
// with FSA_AUTH, the token carrier and its name, on users, with /login
// (a token for the user, as text), /admin, /write and /read, and
// routes added.
func aaApp(t *testing.T, users *aaUsers, routes func(*fsa.App), auth []string, carrier, name string) *fsatest.Client {
	t.Helper()
	app, err := peer.New("FSA_AUTH", auth, "FSA_TOKEN_CARRIER", carrier, "FSA_TOKEN_NAME", name)
	if err != nil {
		t.Fatal(err)
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) { return users.passwords[login], nil })
	app.UserInGroup(func(_ context.Context, login, group string) (bool, error) {
		return slices.Contains(users.groups[group], login), nil
	})
	fsa.Get(app, "/login", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return c.CreateToken() })
	for path, group := range map[string]string{"/admin": "0", "/write": "1", "/read": "2"} {
		fsa.Get(app, path, fsa.Group(group), func(*fsa.Context, struct{}) (any, error) { return path[1:] + "-only", nil })
	}
	if routes != nil {
		routes(app)
	}
	c := fsatest.NewClient(t, app)
	return c
}

// aaChecks are all_auth's checks: a row calling allAuth stands for them.
const aaChecks = 22

// allAuth is FlaskSimpleAuth's all_auth: GET path as user, authenticated
// in each of its 22 ways (fake; param, alone or with basic; basic, alone
// or with param; tokens got by fake, param and basic, in a parameter, a
// bearer header, a "Youpi" header and a cookie), each expecting want.
func allAuth(t *testing.T, users *aaUsers, routes func(*fsa.App), user, pass, path string, want int) {
	t.Helper()
	checks := 0
	defer func() {
		if checks != aaChecks {
			t.Errorf("allAuth made %d checks, want all_auth's %d", checks, aaChecks)
		}
	}()
	token := func(c *fsatest.Client, tc fsatest.Case) string {
		t.Helper()
		tc.Path = "/login"
		res := c.Check(t, fsatest.Case{Name: tc.Name, Path: tc.Path, Auth: tc.Auth, Form: tc.Form, Header: tc.Header, WantStatus: 200})
		// differs: a string is text/plain here (FlaskSimpleAuth: jsonify, a JSON string)
		if len(res.Body) == 0 {
			t.Fatal("/login: no token")
		}
		return string(res.Body)
	}
	check := func(c *fsatest.Client, name string, tc fsatest.Case) {
		t.Helper()
		checks++
		tc.Name, tc.Path, tc.WantStatus = name, path, want
		c.Check(t, tc)
	}
	fake := url.Values{"LOGIN": {user}}
	userpass := url.Values{"USER": {user}, "PASS": {pass}}
	basic := fsatest.Basic(user, pass)
	param := func(tok string) fsatest.Case { return fsatest.Case{Form: url.Values{"auth": {tok}}} }

	c := aaApp(t, users, routes, []string{"fake"}, "param", "auth")
	tokenFake := token(c, fsatest.Case{Name: "fake login", Form: fake})
	check(c, "fake", fsatest.Case{Form: fake})
	c = aaApp(t, users, routes, []string{"token"}, "param", "auth")
	check(c, "fake token param", param(tokenFake))

	c = aaApp(t, users, routes, []string{"token", "param"}, "param", "auth")
	tokenParam := token(c, fsatest.Case{Name: "param login", Form: userpass})
	check(c, "param", fsatest.Case{Form: userpass})
	check(c, "param token", param(tokenParam))
	c = aaApp(t, users, routes, []string{"token", "basic", "param"}, "param", "auth")
	check(c, "param, basic enabled", fsatest.Case{Form: userpass})
	check(c, "param token, basic enabled", param(tokenParam))

	c = aaApp(t, users, routes, []string{"token", "basic"}, "param", "auth")
	tokenBasic := token(c, fsatest.Case{Name: "basic login", Auth: basic})
	check(c, "basic", fsatest.Case{Auth: basic})
	check(c, "basic token", param(tokenBasic))
	c = aaApp(t, users, routes, []string{"token", "basic", "param"}, "param", "auth")
	check(c, "basic, param enabled", fsatest.Case{Auth: basic})
	check(c, "basic token, param enabled", param(tokenBasic))

	tokens := map[string]string{"fake": tokenFake, "param": tokenParam, "basic": tokenBasic}
	for _, carrier := range []struct{ carrier, name string }{{"param", "auth"}, {"bearer", "Bearer"}, {"bearer", "Youpi"}, {"cookie", "auth"}} {
		c = aaApp(t, users, routes, []string{"token"}, carrier.carrier, carrier.name)
		for _, from := range []string{"fake", "param", "basic"} {
			check(c, from+" token, "+carrier.carrier+" "+carrier.name, fsatest.Case{Auth: fsatest.Token(tokens[from])})
		}
	}
}

// aaRoutes are App.py's user routes on users: self registration (OPEN),
// self-care password change (READ) and deletion by oneself or an admin.
func aaRoutes(users *aaUsers) func(*fsa.App) {
	return func(app *fsa.App) {
		fsa.Post(app, "/register", fsa.Open, func(c *fsa.Context, in struct{ User, Upass string }) (any, error) {
			if _, ok := users.passwords[in.User]; ok {
				return nil, fsa.Err(http.StatusForbidden, "cannot register existing user")
			}
			users.passwords[in.User] = in.Upass
			users.groups["2"] = append(users.groups["2"], in.User)
			c.Status(http.StatusCreated)
			return "", nil
		}, fsa.Authn("none"))
		fsa.Patch(app, "/user/<user>", fsa.Group("2"), func(c *fsa.Context, in struct{ User, Oldpass, Newpass string }) (any, error) {
			switch {
			case c.User() != in.User:
				return nil, fsa.Err(http.StatusForbidden, "self care only")
			case users.passwords[in.User] != in.Oldpass:
				return nil, fsa.Err(http.StatusUnprocessableEntity, "bad old password")
			}
			users.passwords[in.User] = in.Newpass
			c.Status(http.StatusNoContent)
			return nil, nil
		})
		fsa.Delete(app, "/user/<user>", fsa.Auth, func(c *fsa.Context, in struct{ User string }) (any, error) {
			if c.User() != in.User && !slices.Contains(users.groups["0"], c.User()) {
				return nil, fsa.Err(http.StatusForbidden, "self care or admin only")
			}
			delete(users.passwords, in.User)
			users.groups["2"] = slices.DeleteFunc(users.groups["2"], func(u string) bool { return u == in.User })
			c.Status(http.StatusNoContent)
			return nil, nil
		})
	}
}

// aaAll is a row running allAuth: it stands for all_auth's 22 checks.
func aaAll(users *aaUsers, user, path string, want int) azRow {
	return azRow{Case: fsatest.Case{Name: fmt.Sprintf("all_auth %s as %s: %d", path, user, want)}, n: aaChecks,
		run: func(t *testing.T) { allAuth(t, users, nil, user, users.passwords[user], path, want) }}
}

// aaAssert is a row checking ok, FlaskSimpleAuth's assert.
func aaAssert(name string, ok func() bool) azRow {
	return azRow{Case: fsatest.Case{Name: name}, n: 1, run: func(t *testing.T) {
		if !ok() {
			t.Error("false")
		}
	}}
}

// TestPeerRegister holds test_register and test_self_care.
func TestPeerRegister(t *testing.T) {
	// test_register: registration's missing parameters and existing user
	// refused; a new user (of group READ) is recorded, refused /admin and
	// /write and let into /read in every way of authenticating, then
	// deleted by herself, and gone.
	t.Run("test_register", func(t *testing.T) {
		users := newAAUsers()
		c := aaApp(t, users, aaRoutes(users), []string{"fake", "none"}, "param", "auth")
		register := func(name string, form url.Values, status int) azRow {
			return azRow{Case: fsatest.Case{Name: name, Method: "POST", Path: "/register", Form: form, WantStatus: status}}
		}
		azRun(t, c, []azRow{
			register("missing upass", url.Values{"user": {"calvin"}}, 400),
			register("missing user", url.Values{"upass": {"calvin-pass"}}, 400),
			register("existing user", url.Values{"user": {"calvin"}, "upass": {"calvin-pass"}}, 403),
			register("new user", url.Values{"user": {"susie"}, "upass": {"derkins"}}, 201),
			aaAssert("susie's password is derkins", func() bool { return users.passwords["susie"] == "derkins" }),
			aaAll(users, "susie", "/admin", 403),
			aaAll(users, "susie", "/write", 403),
			aaAll(users, "susie", "/read", 200),
			{Case: fsatest.Case{Name: "self delete", Method: "DELETE", Path: "/user/susie", Form: azLogin("susie"), WantStatus: 204}},
			aaAssert("susie is gone", func() bool {
				_, ok := users.passwords["susie"]
				return !ok && !slices.Contains(users.groups["2"], "susie")
			}),
		})
	})

	// test_self_care: a password changed and changed back by its owner
	// only; a user deleted by herself and by an admin.
	t.Run("test_self_care", func(t *testing.T) {
		users := newAAUsers()
		c := aaApp(t, users, aaRoutes(users), []string{"fake", "none"}, "param", "auth")
		old, changed := users.passwords["calvin"], "new-calvin-password"
		as := func(login string, kv ...string) url.Values {
			v := azLogin(login)
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		patch := func(name string, form url.Values, status int) azRow {
			return azRow{Case: fsatest.Case{Name: name, Method: "PATCH", Path: "/user/calvin", Form: form, WantStatus: status}}
		}
		rosalyn := func(name, method, path string, form url.Values, status int) azRow {
			return azRow{Case: fsatest.Case{Name: name, Method: method, Path: path, Form: form, WantStatus: status}}
		}
		azRun(t, c, []azRow{
			patch("no credentials", nil, 401),
			patch("dad not in READ", as("dad"), 403),
			patch("calvin changes his password", as("calvin", "oldpass", old, "newpass", changed), 204),
			aaAssert("calvin's password is the new one", func() bool { return users.passwords["calvin"] == changed }),
			patch("and back", as("calvin", "oldpass", changed, "newpass", old), 204),
			aaAssert("calvin's password is the old one", func() bool { return users.passwords["calvin"] == old }),
			rosalyn("rosalyn registers", "POST", "/register", url.Values{"user": {"rosalyn"}, "upass": {"rosa-pass"}}, 201),
			rosalyn("rosalyn deletes herself", "DELETE", "/user/rosalyn", as("rosalyn"), 204),
			rosalyn("rosalyn registers again", "POST", "/register", url.Values{"user": {"rosalyn"}, "upass": {"rosa-pass"}}, 201),
			rosalyn("dad deletes her", "DELETE", "/user/rosalyn", as("dad"), 204),
		})
	})
}

// TestPeerPerms holds test_perms.
func TestPeerPerms(t *testing.T) {
	// test_perms: an open route, /login without credentials, an empty
	// path; then /admin, /write and /read without credentials, and for
	// dad, calvin and hobbes in the 22 ways of allAuth, with the group
	// checks FlaskSimpleAuth asserts between, and the uncache calls.
	t.Run("test_perms", func(t *testing.T) {
		users := newAAUsers()
		inGroup := func(_ context.Context, login, group string) (bool, error) {
			return slices.Contains(users.groups[group], login), nil
		}
		app, err := peer.New("FSA_AUTH", []string{"fake", "none"})
		if err != nil {
			t.Fatal(err)
		}
		app.UserInGroup(inGroup)
		fsa.Get(app, "/any", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return "no-auth", nil })
		fsa.Get(app, "/login", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return c.CreateToken() })
		for path, group := range map[string]string{"/admin": "0", "/write": "1", "/read": "2"} {
			fsa.Get(app, path, fsa.Group(group), func(*fsa.Context, struct{}) (any, error) { return path[1:] + "-only", nil })
		}
		c := fsatest.NewClient(t, app)
		ctx := context.Background()
		// App.user_in_group: the app's hook, asked directly
		hook := func(user, group string, want bool) azRow {
			return aaAssert(fmt.Sprintf("hook: %s in group %s is %v", user, group, want), func() bool {
				got, err := inGroup(ctx, user, group)
				return err == nil && got == want
			})
		}
		// app._fsa._zm._user_in_group: the framework's group check (an
		// internal function), asked through the group's route
		framework := func(user, path string, want bool) azRow {
			status := http.StatusForbidden
			if want {
				status = http.StatusOK
			}
			return azRow{Case: fsatest.Case{Name: fmt.Sprintf("framework: %s in the group of %s is %v", user, path, want),
				Path: path, Form: azLogin(user), WantStatus: status}}
		}
		check := func(name, path string, status int) azRow {
			return azRow{Case: fsatest.Case{Name: name, Path: path, WantStatus: status}}
		}
		// FlaskSimpleAuth asserts that an uncache call found an entry;
		// fsa-go's uncache calls say whether their arguments can name one
		uncache := "an Uncache call returns an error for arguments that name no entry, not whether an entry was there"
		azRun(t, c, []azRow{
			check("open route", "/any", 200),
			check("login without login", "/login", 401),
			check("empty path", "/", 404),
			// admin only
			check("admin without login", "/admin", 401),
			hook("dad", "0", true),
			framework("dad", "/admin", true),
			aaAll(users, "dad", "/admin", 200),
			hook("calvin", "0", false),
			aaAll(users, "calvin", "/admin", 403),
			hook("hobbes", "0", false),
			aaAll(users, "hobbes", "/admin", 403),
			// manual cache cleaning for dad, then all of it
			{Case: fsatest.Case{Name: "UncachePassword dad"}, n: 1, differs: uncache, run: func(t *testing.T) {
				if err := app.UncachePassword(ctx, "dad"); err != nil {
					t.Error(err)
				}
			}},
			{Case: fsatest.Case{Name: "UncacheGroup dad ADMIN"}, n: 1, differs: uncache, run: func(t *testing.T) {
				if err := app.UncacheGroup(ctx, "dad", "0"); err != nil {
					t.Error(err)
				}
			}},
			// FlaskSimpleAuth asserts its cache has a clear method, then clears it
			{Case: fsatest.Case{Name: "ClearCache"}, n: 1, run: func(t *testing.T) {
				if err := app.ClearCache(ctx); err != nil {
					t.Error(err)
				}
			}},
			// write only
			check("write without login", "/write", 401),
			framework("dad", "/write", true),
			aaAll(users, "dad", "/write", 200),
			framework("calvin", "/write", true),
			aaAll(users, "calvin", "/write", 200),
			hook("hobbes", "1", false),
			aaAll(users, "hobbes", "/write", 403),
			// read only
			check("read without login", "/read", 401),
			framework("dad", "/read", false),
			aaAll(users, "dad", "/read", 403),
			framework("calvin", "/read", true),
			aaAll(users, "calvin", "/read", 200),
			hook("hobbes", "2", true),
			aaAll(users, "hobbes", "/read", 200),
		})
	})
}
