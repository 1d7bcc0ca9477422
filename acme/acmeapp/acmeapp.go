// Package acmeapp is the Acme application of the tutorial
// (docs/TUTORIAL.md): its routes, hooks and embedded configuration.
package acmeapp

import (
	_ "embed"

	"github.com/fsa-go/fsa-go/fsa"
)

// defaultConfig is the tutorial's acme.conf.
//
//go:embed acme.conf
var defaultConfig []byte

// DefaultConfig returns the embedded configuration file.
func DefaultConfig() []byte { return append([]byte{}, defaultConfig...) }

// Config returns the configuration option of the app: the file that
// ACME_CONFIG names, else the embedded acme.conf.
func Config(getenv func(string) string) fsa.Option {
	if path := getenv("ACME_CONFIG"); path != "" {
		return fsa.ConfigFile(path)
	}
	return fsa.ConfigData("acme.conf (embedded)", defaultConfig)
}

// New returns the Acme app, checked: opts configure it (see Config).
func New(opts ...fsa.Option) (*fsa.App, error) {
	app, err := fsa.New("acme", opts...)
	if err != nil {
		return nil, err
	}
	fsa.Get(app, "/hello", fsa.Open, getHello)
	return app, app.Check()
}

// Hello is the answer of GET /hello.
type Hello struct {
	Msg     string `json:"msg"`
	Version string `json:"version"`
}

// getHello greets anybody.
func getHello(_ *fsa.Context, _ struct{}) (any, error) {
	return Hello{Msg: "hello", Version: fsa.Version}, nil
}
