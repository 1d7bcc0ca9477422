package fsatest_test

import (
	"context"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// A table test of an app: NewApp builds it from directives alone, NewClient
// checks it and sends each case's credentials the way the app takes them,
// and Run runs each case as a subtest, reporting failures at the case's
// test. In a _test.go file, testHello is func TestHello(t *testing.T).
func Example_tableTest() {
	testHello := func(t *testing.T) {
		app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"basic", "param", "none"},
			"FSA_PASSWORD_SCHEME", "plaintext")...)
		app.GetUserPass(func(_ context.Context, login string) (string, error) {
			return map[string]string{"calvin": "hobbes"}[login], nil
		})
		fsa.Get(app, "/hello", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return "hello", nil })
		fsa.Get(app, "/hello-me", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
			return "hello " + c.User(), nil
		})

		c := fsatest.NewClient(t, app)
		c.Passwords = map[string]string{"calvin": "hobbes"}
		c.Run(t, []fsatest.Case{
			{Name: "open", Path: "/hello", WantStatus: 200, WantExact: fsatest.String("hello")},
			{Name: "no credentials", Path: "/hello-me", WantStatus: 401},
			{Name: "basic", Path: "/hello-me", User: "calvin", WantStatus: 200, WantExact: fsatest.String("hello calvin")},
			{Name: "param", Path: "/hello-me", Auth: fsatest.Param("calvin", "hobbes"), WantStatus: 200},
			{Name: "wrong password", Path: "/hello-me", Auth: fsatest.Basic("calvin", "tiger"),
				WantStatus: 401, WantExact: fsatest.String("invalid user or password")},
		})
	}
	_ = testHello
}
