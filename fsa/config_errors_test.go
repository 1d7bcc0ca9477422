package fsa_test

import (
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
)

// New reports every configuration error at once, of the load and of the
// setups that read the loaded values, each at its directive's file and
// line, or its environment variable.
func TestConfigErrorsAtOnce(t *testing.T) {
	conf := `FSA_AUTH = ["token", "basic"]
FSA_AUTH_DEFAULT = ["basic", "param"]
FSA_PASSWORD_OPTS = {"round": 4}
FSA_TOKEN_ALGO = "HS257"
FSA_CORS = True
FSA_CORS_OPTS = {"origins": "*", "supports_credentials": True}
FSA_NO_SUCH = 1
FSA_CACHE_SIZE = "big"
`
	env := map[string]string{"FSA_TOKEN_DELAY": "soon", "FSA_MODE": "prod"}
	_, err := fsa.New("test", fsa.ConfigData("app.conf", []byte(conf)),
		fsa.LookupEnv(func(name string) (string, bool) { v, ok := env[name]; return v, ok }))
	if err == nil {
		t.Fatal("New accepted the configuration")
	}
	want := []string{
		`app.conf:7: FSA_NO_SUCH: unknown directive`,
		`app.conf:8: FSA_CACHE_SIZE: `,
		`environment: FSA_TOKEN_DELAY: `,
		`app.conf:3: FSA_PASSWORD_OPTS: unexpected option "round" for bcrypt`,
		`app.conf:2: FSA_AUTH_DEFAULT: scheme "param" is not enabled in FSA_AUTH`,
		`app.conf:6: FSA_CORS_OPTS: supports_credentials needs the origins listed, not *`,
		`app.conf:4: FSA_TOKEN_ALGO: unexpected fsa token hash "HS257"`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != len(want) {
		t.Errorf("%d errors, want %d:\n%v", n, len(want), err)
	}
}

// Errors found at Check about a directive keep its file and line.
func TestCheckErrorsAtTheDirective(t *testing.T) {
	app, err := fsa.New("test", fsa.LookupEnv(nil), fsa.ConfigData("app.conf", []byte("FSA_MODE = 'dev'\nFSA_AUTH = ['basic', 'ldap']\n")))
	if err != nil {
		t.Fatal(err)
	}
	fsa.Get(app, "/hello", fsa.Open, hello)
	if err := app.Check(); err == nil || !strings.Contains(err.Error(), `app.conf:2: FSA_AUTH: unknown authentication scheme "ldap"`) {
		t.Errorf("Check: %v", err)
	}
}
