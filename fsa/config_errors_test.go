package fsa_test

import (
	"fmt"
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

// A check that reads a refused value, or the values of a file not read to
// its end, does not run: its errors would be consequences, not mistakes.
func TestConfigErrorsNoKnockOn(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string // every error, in order
	}{
		{"refused token type", []string{"FSA_TOKEN_TYPE = 'jwtt'\nFSA_TOKEN_ALGO = 'RS256'\n"},
			[]string{`a.conf:1: FSA_TOKEN_TYPE: `}},
		{"refused password scheme", []string{"FSA_PASSWORD_SCHEME = 'md5'\nFSA_PASSWORD_OPTS = {'time_cost': 2}\n"},
			[]string{`a.conf:1: FSA_PASSWORD_SCHEME: `}},
		{"refused FSA_AUTH", []string{"FSA_AUTH = 1\nFSA_AUTH_DEFAULT = 'basic'\n"},
			[]string{`a.conf:1: FSA_AUTH: `}},
		{"a file not parsed", []string{"FSA_TOKEN_TYPE = 'jwt'\nFSA_MODE = 60*24\n", "FSA_TOKEN_ALGO = 'RS256'\n"},
			[]string{`a.conf:2: FSA_MODE: expressions are not supported`}},
		{"a bad signing key is FSA_TOKEN_SIGN's", []string{"FSA_TOKEN_TYPE = 'jwt'\nFSA_TOKEN_ALGO = 'RS256'\n" +
			"FSA_TOKEN_SECRET = '''" + tkKeys()["rsa"].public + "'''\nFSA_TOKEN_SIGN = 'nope'\n"},
			[]string{fmt.Sprintf("a.conf:%d: FSA_TOKEN_SIGN: not a PEM private key for RS256", 4+strings.Count(tkKeys()["rsa"].public, "\n"))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []fsa.Option{fsa.LookupEnv(nil)}
			for i, f := range tt.files {
				opts = append(opts, fsa.ConfigData(string(rune('a'+i))+".conf", []byte(f)))
			}
			_, err := fsa.New("test", opts...)
			if err == nil {
				t.Fatal("New accepted the configuration")
			}
			lines := strings.Split(strings.TrimPrefix(err.Error(), "fsa: configuration of test: "), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("error %d: %s\nwant it to start with %s", i, lines[i], w)
				}
			}
		})
	}
}
