package peer_test

import (
	"context"
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

// allAuth is FlaskSimpleAuth's all_auth: GET path as user, authenticated
// in each of its 22 ways (fake; param, alone or with basic; basic, alone
// or with param; tokens got by fake, param and basic, in a parameter, a
// bearer header, a "Youpi" header and a cookie), each expecting want.
func allAuth(t *testing.T, users *aaUsers, routes func(*fsa.App), user, pass, path string, want int) {
	t.Helper()
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

// test_register: registration's missing parameters and existing user
// refused, a new user (of group READ) refused /admin and /write and let
// into /read in every way of authenticating, then deleted by herself.
// test_self_care: a password changed and changed back by its owner only,
// a user deleted by herself and by an admin.
func TestPeerRegister(t *testing.T) {
	t.Run("test_register", func(t *testing.T) {
		users := newAAUsers()
		c := aaApp(t, users, aaRoutes(users), []string{"fake", "none"}, "param", "auth")
		c.Run(t, []fsatest.Case{
			{Name: "missing upass", Method: "POST", Path: "/register", Form: url.Values{"user": {"calvin"}}, WantStatus: 400},
			{Name: "missing user", Method: "POST", Path: "/register", Form: url.Values{"upass": {"calvin-pass"}}, WantStatus: 400},
			{Name: "existing user", Method: "POST", Path: "/register", Form: url.Values{"user": {"calvin"}, "upass": {"calvin-pass"}}, WantStatus: 403},
			{Name: "new user", Method: "POST", Path: "/register", Form: url.Values{"user": {"susie"}, "upass": {"derkins"}}, WantStatus: 201},
		})
		if users.passwords["susie"] != "derkins" {
			t.Errorf("susie's password %q, want derkins", users.passwords["susie"])
		}
		t.Run("/admin", func(t *testing.T) { allAuth(t, users, nil, "susie", "derkins", "/admin", 403) })
		t.Run("/write", func(t *testing.T) { allAuth(t, users, nil, "susie", "derkins", "/write", 403) })
		t.Run("/read", func(t *testing.T) { allAuth(t, users, nil, "susie", "derkins", "/read", 200) })
		c.Check(t, fsatest.Case{Name: "self delete", Method: "DELETE", Path: "/user/susie", Form: url.Values{"LOGIN": {"susie"}}, WantStatus: 204})
		if _, ok := users.passwords["susie"]; ok {
			t.Error("susie is still a user")
		}
	})

	t.Run("test_self_care", func(t *testing.T) {
		users := newAAUsers()
		c := aaApp(t, users, aaRoutes(users), []string{"fake", "none"}, "param", "auth")
		old := users.passwords["calvin"]
		as := func(login string, kv ...string) url.Values {
			v := url.Values{"LOGIN": {login}}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		c.Run(t, []fsatest.Case{
			{Name: "no credentials", Method: "PATCH", Path: "/user/calvin", WantStatus: 401},
			{Name: "dad not in READ", Method: "PATCH", Path: "/user/calvin", Form: as("dad"), WantStatus: 403},
			{Name: "calvin changes his password", Method: "PATCH", Path: "/user/calvin",
				Form: as("calvin", "oldpass", old, "newpass", "new-calvin-password"), WantStatus: 204},
		})
		if users.passwords["calvin"] != "new-calvin-password" {
			t.Errorf("calvin's password %q, want the new one", users.passwords["calvin"])
		}
		c.Check(t, fsatest.Case{Name: "and back", Method: "PATCH", Path: "/user/calvin",
			Form: as("calvin", "oldpass", "new-calvin-password", "newpass", old), WantStatus: 204})
		if users.passwords["calvin"] != old {
			t.Errorf("calvin's password %q, want the old one", users.passwords["calvin"])
		}
		c.Run(t, []fsatest.Case{
			{Name: "rosalyn registers", Method: "POST", Path: "/register", Form: url.Values{"user": {"rosalyn"}, "upass": {"rosa-pass"}}, WantStatus: 201},
			{Name: "rosalyn deletes herself", Method: "DELETE", Path: "/user/rosalyn", Form: as("rosalyn"), WantStatus: 204},
			{Name: "rosalyn registers again", Method: "POST", Path: "/register", Form: url.Values{"user": {"rosalyn"}, "upass": {"rosa-pass"}}, WantStatus: 201},
			{Name: "dad deletes her", Method: "DELETE", Path: "/user/rosalyn", Form: as("dad"), WantStatus: 204},
		})
	})
}

// test_perms: an open route, /login without credentials, an empty path;
// then /admin, /write and /read for dad, calvin and hobbes, each in the 22
// ways of allAuth, with the uncache calls between (FlaskSimpleAuth
// asserts they return true; here, no error).
func TestPeerPerms(t *testing.T) {
	t.Run("test_perms", func(t *testing.T) {
		users := newAAUsers()
		app, err := peer.New("FSA_AUTH", []string{"fake", "none"})
		if err != nil {
			t.Fatal(err)
		}
		app.UserInGroup(func(_ context.Context, login, group string) (bool, error) {
			return slices.Contains(users.groups[group], login), nil
		})
		fsa.Get(app, "/any", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return "no-auth", nil })
		fsa.Get(app, "/login", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) { return c.CreateToken() })
		for path, group := range map[string]string{"/admin": "0", "/write": "1", "/read": "2"} {
			fsa.Get(app, path, fsa.Group(group), func(*fsa.Context, struct{}) (any, error) { return path[1:] + "-only", nil })
		}
		c := fsatest.NewClient(t, app)
		c.Run(t, []fsatest.Case{
			{Name: "open route", Path: "/any", WantStatus: 200},
			{Name: "login without login", Path: "/login", WantStatus: 401},
			{Name: "empty path", Path: "/", WantStatus: 404},
			{Name: "admin without login", Path: "/admin", WantStatus: 401},
			{Name: "write without login", Path: "/write", WantStatus: 401},
			{Name: "read without login", Path: "/read", WantStatus: 401},
		})

		for _, tt := range []struct {
			path string
			want map[string]int
		}{
			{"/admin", map[string]int{"dad": 200, "calvin": 403, "hobbes": 403}},
			{"/write", map[string]int{"dad": 200, "calvin": 200, "hobbes": 403}},
			{"/read", map[string]int{"dad": 403, "calvin": 200, "hobbes": 200}},
		} {
			for _, user := range []string{"dad", "calvin", "hobbes"} {
				t.Run(tt.path+" as "+user, func(t *testing.T) {
					allAuth(t, users, nil, user, users.passwords[user], tt.path, tt.want[user])
				})
			}
			if tt.path == "/admin" { // manual cache cleaning for dad, then all of it
				ctx := context.Background()
				if err := app.UncachePassword(ctx, "dad"); err != nil {
					t.Errorf("UncachePassword: %v", err)
				}
				if err := app.UncacheGroup(ctx, "dad", "0"); err != nil {
					t.Errorf("UncacheGroup: %v", err)
				}
				if err := app.ClearCache(ctx); err != nil {
					t.Errorf("ClearCache: %v", err)
				}
			}
		}
	})
}
