// Package tests holds the integration tests: the Acme app of the tutorial,
// driven over HTTP by table rows.
package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// noEnv is an environment with nothing set.
func noEnv(string) string { return "" }

// acme returns a client of the Acme app on its embedded configuration,
// with the environment ignored so that the host's FSA_* variables do not
// change the test.
func acme(t *testing.T, opts ...fsa.Option) *fsatest.Client {
	t.Helper()
	opts = append([]fsa.Option{acmeapp.Config(noEnv), fsa.LookupEnv(nil)}, opts...)
	app, err := acmeapp.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return fsatest.New(app)
}

func TestAcmeHello(t *testing.T) {
	dev := map[string]string{"Application": "Acme", "FSA-Request": "GET /hello", "FSA-User": "None (None)",
		"Content-Type": "application/json"}
	acme(t).Run(t, []fsatest.Case{
		{Name: "hello", Path: "/hello", WantStatus: 200, WantJSON: map[string]any{"msg": "hello", "version": fsa.Version}, WantHeader: dev},
		{Name: "unexpected parameter", Path: "/hello?name=calvin", WantStatus: 400, WantExact: fsatest.String(`unexpected http parameter "name"`)},
		{Name: "wrong method", Method: "POST", Path: "/hello", WantStatus: 405, WantHeader: map[string]string{"Allow": "OPTIONS, GET, HEAD"}},
		{Name: "unknown path", Path: "/nowhere", WantStatus: 404, WantHeader: map[string]string{"Application": "Acme"}},
	})
}

func TestAcmeProdMode(t *testing.T) {
	// the environment overrides the file (an option in code would not)
	env := func(name string) (string, bool) { return "prod", name == "FSA_MODE" }
	acme(t, fsa.LookupEnv(env)).Check(t, fsatest.Case{Path: "/hello", WantStatus: 200,
		WantHeader: map[string]string{"Application": "Acme", "FSA-Request": "", "FSA-User": "", "FSA-Delay": ""}})
}

func TestAcmeConfigFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "acme.conf")
	conf := "FSA_AUTH = 'none'\nFSA_ERROR_RESPONSE = 'json:error'\n"
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(name string) string {
		if name == "ACME_CONFIG" {
			return path
		}
		return ""
	}
	app, err := acmeapp.New(acmeapp.Config(getenv), fsa.LookupEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	// the file replaces the embedded configuration: no Application header, JSON errors
	fsatest.New(app).Run(t, []fsatest.Case{
		{Path: "/hello", WantStatus: 200, WantHeader: map[string]string{"Application": "", "FSA-User": ""}},
		{Path: "/nowhere", WantStatus: 404, WantJSON: map[string]any{"error": "not found"}},
	})

	if err := os.WriteFile(path, []byte("FSA_MODE = 'devel'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = acmeapp.New(acmeapp.Config(getenv), fsa.LookupEnv(nil))
	if err == nil || !strings.Contains(err.Error(), path+":1: FSA_MODE: unexpected mode") {
		t.Errorf("bad configuration file: %v", err)
	}
}
