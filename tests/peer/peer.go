// Package peer mirrors FlaskSimpleAuth's own test application (its
// test/app.py) in Go, for the peer conformance tests of this directory:
// FlaskSimpleAuth's expectations, as table rows.
//
// The application: realm "Test"; users calvin (password hobbes), hobbes
// (susie) and dad (mum); groups "0" = {dad}, "1" = {dad, calvin},
// "2" = {calvin, hobbes}; object permissions "users" (a login may see
// itself, dad everybody, an unknown login is not found) and "fun" (i == j).
package peer

import (
	"context"
	"io"
	"log/slog"
	"slices"

	"github.com/fsa-go/fsa-go/fsa"
)

// Passwords are the users' passwords.
var Passwords = map[string]string{"calvin": "hobbes", "hobbes": "susie", "dad": "mum"}

// Groups are the members of each group.
var Groups = map[string][]string{"0": {"dad"}, "1": {"dad", "calvin"}, "2": {"calvin", "hobbes"}}

// Secret is the token secret of the app.
const Secret = "peer-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz"

// New returns FlaskSimpleAuth's test application: its directives (FSA_AUTH
// token, fake, basic, param, none; realm Test; plaintext passwords, which
// the tests read; the token in a bearer header), then the directives given
// as name, value pairs, with its users, groups and permission hooks. The
// caller adds routes and checks it.
func New(directives ...any) (*fsa.App, error) {
	opts := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		fsa.Set("FSA_AUTH", []any{"token", "fake", "basic", "param", "none"}), fsa.Set("FSA_REALM", "Test"),
		fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"), fsa.Set("FSA_TOKEN_SECRET", Secret),
		fsa.Set("FSA_THROTTLE", false)} // FlaskSimpleAuth has no throttle: its tests fail passwords freely
	for i := 0; i+1 < len(directives); i += 2 {
		opts = append(opts, fsa.Set(directives[i].(string), directives[i+1]))
	}
	app, err := fsa.New("Test", opts...)
	if err != nil {
		return nil, err
	}
	app.GetUserPass(func(_ context.Context, login string) (string, error) { return Passwords[login], nil })
	app.UserInGroup(func(_ context.Context, login, group string) (bool, error) {
		return slices.Contains(Groups[group], login), nil
	})
	fsa.ObjectPerm(app, "users", func(_ context.Context, login, id, _ string) (fsa.Permission, error) {
		switch {
		case Passwords[id] == "":
			return fsa.NotFound, nil
		case login == id || login == "dad":
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	fsa.ObjectPerm2(app, "fun", func(_ context.Context, _ string, i, j int, _ string) (fsa.Permission, error) {
		if i == j {
			return fsa.Allowed, nil
		}
		return fsa.Forbidden, nil
	})
	return app, nil
}
