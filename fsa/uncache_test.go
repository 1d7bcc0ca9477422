package fsa_test

import (
	"context"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// Uncache calls whose arguments could not name a cached entry are errors,
// so that a typo does not leave a stale permission cached for the ttl.
func TestUncacheArguments(t *testing.T) {
	app := fsatest.NewApp(t, "test", fsatest.Directives("FSA_AUTH", []string{"basic"}, "FSA_PASSWORD_SCHEME", "plaintext",
		"FSA_AUTHZ_GROUPS", []string{"admin", "staff"})...)
	app.GetUserPass(func(context.Context, string) (string, error) { return "", nil })
	app.UserInGroup(func(context.Context, string, string) (bool, error) { return false, nil })
	fsa.ObjectPerm(app, "stuff", func(context.Context, string, int, string) (fsa.Permission, error) {
		return fsa.Forbidden, nil
	})
	fsa.ObjectPerm2(app, "cell", func(context.Context, string, string, int, string) (fsa.Permission, error) {
		return fsa.Forbidden, nil
	})
	fsa.Get(app, "/stuff/<int:sid>", fsa.Object("stuff", "sid", "read"), func(*fsa.Context, struct{ Sid int }) (any, error) { return nil, nil })
	fsa.Patch(app, "/stuff/<int:sid>", fsa.Object("stuff", "sid", "write"), func(*fsa.Context, struct{ Sid int }) (any, error) { return nil, nil })
	fsa.Get(app, "/cell/<s>/<int:i>", fsa.Object("cell", "s:i", "read"), func(*fsa.Context, struct {
		S string
		I int
	}) (any, error) {
		return nil, nil
	})
	if err := app.Check(); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		want string // "" for no error
	}{
		{"object: right", func() error { return app.UncacheObject(ctx, "stuff", "calvin", "read", 1) }, ""},
		{"object: other mode", func() error { return app.UncacheObject(ctx, "stuff", "calvin", "write", 1) }, ""},
		{"object: two ids", func() error { return app.UncacheObject(ctx, "cell", "calvin", "read", "a", 2) }, ""},
		{"object: unknown domain", func() error { return app.UncacheObject(ctx, "stuf", "calvin", "read", 1) },
			`UncacheObject: no object permission domain "stuf" (domains: "cell", "stuff")`},
		{"object: misspelt mode", func() error { return app.UncacheObject(ctx, "stuff", "calvin", "writ", 1) },
			`UncacheObject: domain "stuff" has no mode "writ" on any route (modes: "read", "write")`},
		{"object: too many ids", func() error { return app.UncacheObject(ctx, "stuff", "calvin", "read", 1, 2) },
			`UncacheObject: domain "stuff" takes 1 id(s), got 2`},
		{"object: no id", func() error { return app.UncacheObject(ctx, "cell", "calvin", "read") },
			`UncacheObject: domain "cell" takes 2 id(s), got 0`},
		{"object: id of another kind", func() error { return app.UncacheObject(ctx, "stuff", "calvin", "read", "1") },
			`UncacheObject: domain "stuff": id 1 is string, its hook takes int`},
		{"object: nil id", func() error { return app.UncacheObject(ctx, "stuff", "calvin", "read", nil) },
			`UncacheObject: domain "stuff": id 1 is <nil>, its hook takes int`},
		{"group: declared", func() error { return app.UncacheGroup(ctx, "calvin", "staff") }, ""},
		{"group: unknown", func() error { return app.UncacheGroup(ctx, "calvin", "admn") },
			`UncacheGroup: unknown group "admn" (groups: "admin", "staff")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("error %v, want %s", err, tt.want)
			}
		})
	}

	// without tokens, UncacheToken has nothing to forget
	noTokens := fsatest.NewApp(t, "test", fsatest.Directives("FSA_TOKEN_TYPE", nil)...)
	if err := noTokens.UncacheToken(ctx, "x", ""); err == nil || err.Error() != "UncacheToken: FSA_TOKEN_TYPE is None: no token is checked" {
		t.Errorf("UncacheToken without tokens: %v", err)
	}
}
