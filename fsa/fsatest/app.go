package fsatest

import (
	"log/slog"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
)

// NewApp returns an app named name (its default realm) for a test:
// configured by opts only, the environment ignored (fsa.LookupEnv(nil))
// and its logs discarded unless opts give a Logger or a LookupEnv. A
// configuration error is fatal to the test.
//
//	app := fsatest.NewApp(t, "acme", fsatest.Directives("FSA_AUTH", "basic", "FSA_MODE", "dev")...)
func NewApp(t testing.TB, name string, opts ...fsa.Option) *fsa.App {
	t.Helper()
	base := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler))}
	app, err := fsa.New(name, append(base, opts...)...)
	if err != nil {
		t.Fatalf("fsatest.NewApp: %v", err)
	}
	return app
}

// Directives returns an fsa.Set option per name and value pair, for
// NewApp or fsa.New: Directives("FSA_AUTH", "basic", "FSA_REALM", "acme").
// An odd count or a name that is not a string panics: a mistake in the
// test itself.
func Directives(nameValues ...any) []fsa.Option {
	if len(nameValues)%2 != 0 {
		panic("fsatest.Directives: an odd number of arguments: want name and value pairs")
	}
	opts := make([]fsa.Option, 0, len(nameValues)/2)
	for i := 0; i < len(nameValues); i += 2 {
		name, ok := nameValues[i].(string)
		if !ok {
			panic("fsatest.Directives: a name is not a string")
		}
		opts = append(opts, fsa.Set(name, nameValues[i+1]))
	}
	return opts
}

// NewClient checks app and returns a client of it that sends credentials
// as the app expects them: Param with FSA_PARAM_USER and FSA_PARAM_PASS,
// Token and TokenLogin with FSA_TOKEN_CARRIER and FSA_TOKEN_NAME. A
// declaration error is fatal to the test.
func NewClient(t testing.TB, app *fsa.App) *Client {
	t.Helper()
	h, err := app.Handler()
	if err != nil {
		t.Fatalf("fsatest.NewClient: %v", err)
	}
	cfg := app.Config()
	return &Client{Handler: h, ParamUser: cfg.ParamUser, ParamPass: cfg.ParamPass,
		TokenCarrier: cfg.TokenCarrier, TokenName: cfg.TokenName}
}
