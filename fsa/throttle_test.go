package fsa_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// thApp is an app with Basic and param passwords for calvin, the throttle
// at 3 failures per login and address, 10 per address, 12 per login,
// delays from 2 s doubling to 8 s, on a test clock; FSA_SECURE off, for
// clients from several addresses over plain HTTP.
func thApp(t *testing.T) (*fsa.App, *fsatest.Client, *fsatest.Clock) {
	t.Helper()
	clock := fsatest.NewClock(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC))
	app := fsatest.NewApp(t, "test", append(fsatest.Directives("FSA_AUTH", []string{"basic", "param"}, "FSA_SECURE", false,
		"FSA_PASSWORD_SCHEME", "plaintext", "FSA_THROTTLE_OPTS", map[string]any{"failures": 3, "address_failures": 10,
			"login_failures": 12, "delay": 2, "max_delay": 8}), fsa.Clock(clock.Now))...)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes"}[login], nil
	})
	fsa.Get(app, "/who", fsa.Auth, who)
	return app, fsatest.NewClient(t, app), clock
}

// thCase is a GET /who with Basic credentials from an address.
func thCase(name, login, password, addr string, status int, retryAfter string) fsatest.Case {
	tc := fsatest.Case{Name: name, Path: "/who", Auth: fsatest.Basic(login, password), RemoteAddr: addr, WantStatus: status}
	switch status {
	case http.StatusOK:
		tc.WantExact = fsatest.String(login)
	case http.StatusUnauthorized:
		tc.WantExact = fsatest.String("invalid user or password")
	case http.StatusTooManyRequests:
		tc.WantExact = fsatest.String("too many failed authentications: retry later")
		tc.WantHeader = map[string]string{"Retry-After": retryAfter}
	}
	return tc
}

// Failed passwords of one login from one address: free up to the
// threshold, then 429 with an honest Retry-After, before any password is
// checked (the right one too), doubling up to the cap; the wait over, the
// right password goes in and resets the count. A known and an unknown
// login get the same responses.
func TestThrottlePerLoginAndAddress(t *testing.T) {
	for _, login := range []string{"calvin", "nobody"} {
		t.Run(login, func(t *testing.T) {
			_, c, clock := thApp(t)
			const addr = "10.0.0.1:1234"
			c.Run(t, []fsatest.Case{
				thCase("1st failure", login, "x", addr, 401, ""),
				thCase("2nd failure", login, "x", addr, 401, ""),
				thCase("3rd failure", login, "x", addr, 401, ""),
				thCase("locked", login, "x", addr, 429, "2"),
				thCase("locked, the right password too", login, "hobbes", addr, 429, "2"),
			})
			clock.Add(2 * time.Second)
			c.Run(t, []fsatest.Case{
				thCase("4th failure", login, "x", addr, 401, ""),
				thCase("doubled", login, "x", addr, 429, "4"),
			})
			clock.Add(4 * time.Second)
			c.Run(t, []fsatest.Case{thCase("5th failure", login, "x", addr, 401, ""), thCase("doubled again", login, "x", addr, 429, "8")})
			clock.Add(8 * time.Second)
			c.Run(t, []fsatest.Case{thCase("6th failure", login, "x", addr, 401, ""), thCase("capped", login, "x", addr, 429, "8")})
			clock.Add(8 * time.Second)
			if login == "calvin" {
				c.Run(t, []fsatest.Case{
					thCase("the right password after the wait", login, "hobbes", addr, 200, ""),
					thCase("count reset: a failure", login, "x", addr, 401, ""),
					thCase("count reset: another", login, "x", addr, 401, ""),
					thCase("count reset: not locked", login, "hobbes", addr, 200, ""),
				})
			}
		})
	}
}

// A lock of a login from one address does not reach the login from
// another; a flood from many addresses locks the login except from the
// address where it logged in before; a refused attempt is no failure.
func TestThrottleAcrossAddresses(t *testing.T) {
	_, c, _ := thApp(t)
	c.Run(t, []fsatest.Case{
		thCase("calvin logs in from home", "calvin", "hobbes", "192.168.1.7:1", 200, ""),
		thCase("guess 1", "calvin", "x", "10.0.0.1:1", 401, ""),
		thCase("guess 2", "calvin", "x", "10.0.0.1:1", 401, ""),
		thCase("guess 3", "calvin", "x", "10.0.0.1:1", 401, ""),
		thCase("the guesser is locked", "calvin", "x", "10.0.0.1:1", 429, "2"),
		thCase("the guesser again: no new failure", "calvin", "x", "10.0.0.1:1", 429, "2"),
		thCase("calvin from elsewhere", "calvin", "hobbes", "10.0.0.2:1", 200, ""),
	})
	var cases []fsatest.Case
	for i := range 9 { // with the 3 guesses above, 12 failures of calvin: the login's threshold
		cases = append(cases, thCase("distributed guess", "calvin", "x", "10.0.1."+string(rune('0'+i))+":1", 401, ""))
	}
	cases = append(cases,
		thCase("calvin from a new address: locked", "calvin", "hobbes", "10.0.2.1:1", 429, "2"),
		thCase("calvin from home: not locked", "calvin", "hobbes", "192.168.1.7:1", 200, ""))
	c.Run(t, cases)
}

// Credential stuffing: many logins from one address lock the address.
func TestThrottleAddress(t *testing.T) {
	_, c, _ := thApp(t)
	var cases []fsatest.Case
	for _, login := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		cases = append(cases, thCase("stuffing "+login, login, "x", "10.0.0.9:1", 401, ""))
	}
	cases = append(cases,
		thCase("the address is locked", "calvin", "hobbes", "10.0.0.9:1", 429, "2"),
		thCase("another address is not", "calvin", "hobbes", "10.0.0.8:1", 200, ""))
	c.Run(t, cases)
}

// FSA_THROTTLE = False: every wrong password is a 401.
func TestThrottleOff(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_SCHEME", "plaintext",
		"FSA_THROTTLE", false, "FSA_SECURE", false)...)
	app.GetUserPass(func(context.Context, string) (string, error) { return "hobbes", nil })
	fsa.Get(app, "/who", fsa.Auth, who)
	c := fsatest.NewClient(t, app)
	for range 50 {
		c.Check(t, thCase("wrong", "calvin", "x", "10.0.0.1:1", 401, ""))
	}
}

// At most FSA_PASSWORD_CONCURRENCY verifications run at once; a check
// that finds no place within its short wait is a 503 with Retry-After,
// counted as shed.
func TestPasswordConcurrency(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_CONCURRENCY", 1,
		"FSA_PASSWORD_OPTS", map[string]any{"rounds": 14}, "FSA_THROTTLE", false)...)
	hash, err := app.HashPassword("hobbes") // cost 14: about a second per verification
	if err != nil {
		t.Fatal(err)
	}
	app.GetUserPass(func(context.Context, string) (string, error) { return hash, nil })
	fsa.Get(app, "/who", fsa.Auth, who)
	c := fsatest.NewClient(t, app)

	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 1 {
				time.Sleep(200 * time.Millisecond) // the first holds the only place
			}
			res := c.Do(t, fsatest.Case{Path: "/who", Auth: fsatest.Basic("calvin", "hobbes")})
			statuses[i] = res.StatusCode
			if res.StatusCode == 503 && res.Header.Get("Retry-After") != "1" {
				t.Errorf("503 without Retry-After: 1: %v", res.Header)
			}
		}()
	}
	wg.Wait()
	if statuses[0] != 200 || statuses[1] != 503 {
		t.Errorf("statuses %v, want [200 503]", statuses)
	}
	if _, shed := app.ThrottleCounts(); shed != 1 {
		t.Errorf("shed %d, want 1", shed)
	}
}

// Failed tokens count against their address: past its threshold, bad
// tokens from there get 429; a valid token is never refused.
func TestThrottleTokens(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"token"}, "FSA_SECURE", false,
		"FSA_TOKEN_SECRET", "a secret of 32 bytes or more for the tests",
		"FSA_THROTTLE_OPTS", map[string]any{"address_failures": 3, "delay": 5})...)
	fsa.Get(app, "/who", fsa.Auth, who)
	c := fsatest.NewClient(t, app)
	good, err := app.CreateToken("calvin")
	if err != nil {
		t.Fatal(err)
	}
	bad := func(name string, status int) fsatest.Case {
		tc := fsatest.Case{Name: name, Path: "/who", Auth: fsatest.Token(good + "x"), RemoteAddr: "10.0.0.1:1", WantStatus: status}
		if status == 429 {
			tc.WantHeader = map[string]string{"Retry-After": "5"}
		}
		return tc
	}
	c.Run(t, []fsatest.Case{
		bad("bad token 1", 401), bad("bad token 2", 401), bad("bad token 3", 401),
		bad("bad token 4: the address is locked", 429),
		{Name: "a valid token from there", Path: "/who", Auth: fsatest.Token(good), RemoteAddr: "10.0.0.1:1",
			WantStatus: 200, WantExact: fsatest.String("calvin")},
		{Name: "a bad token from elsewhere", Path: "/who", Auth: fsatest.Token(good + "x"), RemoteAddr: "10.0.0.2:1", WantStatus: 401},
	})
	if throttled, _ := app.ThrottleCounts(); throttled != 1 {
		t.Errorf("throttled %d, want 1", throttled)
	}
}

// IPv6 clients are counted by their /64: another address of the same /64
// is the same client.
func TestThrottleIPv6Prefix(t *testing.T) {
	_, c, _ := thApp(t)
	c.Run(t, []fsatest.Case{
		thCase("1", "calvin", "x", "[2001:db8:1:2::1]:1", 401, ""),
		thCase("2", "calvin", "x", "[2001:db8:1:2::2]:1", 401, ""),
		thCase("3", "calvin", "x", "[2001:db8:1:2:ffff::3]:1", 401, ""),
		thCase("the same /64: locked", "calvin", "hobbes", "[2001:db8:1:2::4]:1", 429, "2"),
		thCase("another /64: not", "calvin", "hobbes", "[2001:db8:1:3::1]:1", 200, ""),
	})
}

// FSA_THROTTLE_OPTS and FSA_PASSWORD_CONCURRENCY: a wrong value is a
// configuration error naming the option.
func TestThrottleDirectives(t *testing.T) {
	tests := []struct {
		name  string
		value any
		want  string // "" for none
	}{
		{"FSA_THROTTLE_OPTS", map[string]any{"failures": 10, "delay": 0.5, "max_delay": 60}, ""},
		{"FSA_THROTTLE_OPTS", map[string]any{"failure": 10}, `unexpected option "failure"`},
		{"FSA_THROTTLE_OPTS", map[string]any{"failures": 0}, "failures: unexpected value 0: want an integer from 1"},
		{"FSA_THROTTLE_OPTS", map[string]any{"window": "1h"}, "window: unexpected value of type str: want seconds"},
		{"FSA_THROTTLE_OPTS", map[string]any{"delay": 10, "max_delay": 5}, "max_delay (5s) is less than delay (10s)"},
		{"FSA_THROTTLE_OPTS", []any{1}, "unexpected value of type list: want a dict"},
		{"FSA_THROTTLE", "maybe", "FSA_THROTTLE: "},
		{"FSA_PASSWORD_CONCURRENCY", 4, ""},
		{"FSA_PASSWORD_CONCURRENCY", 0, "unexpected value 0: want an integer from 1"},
	}
	for _, tt := range tests {
		_, err := fsa.New("test", fsa.LookupEnv(nil), fsa.Set(tt.name, tt.value))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s %v: %v", tt.name, tt.value, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), "option: "+tt.name+": ") || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s %v: %v\nwant an error with %q", tt.name, tt.value, err, tt.want)
		}
	}
}
