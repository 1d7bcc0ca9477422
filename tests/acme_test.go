// Package tests holds the integration tests: the Acme app of the tutorial,
// driven over HTTP by table rows.
package tests

import (
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// acmePass is the administrator's password in the tests.
const acmePass = "Acme-Admin-2024"

// testEnv is the environment of the Acme app in the tests: ACME_PASS,
// ACME_DB :memory: (a database of its own, gone when the app is), and the
// values given as name, value pairs. Backend.env gives a test a database
// of each backend instead.
func testEnv(pairs ...string) func(string) string {
	env := map[string]string{"ACME_PASS": acmePass, "ACME_DB": ":memory:"}
	for i := 0; i+1 < len(pairs); i += 2 {
		env[pairs[i]] = pairs[i+1]
	}
	return func(name string) string { return env[name] }
}

// fastHashes is an environment that lowers bcrypt's cost, for fast tests
// (the file sets no FSA_PASSWORD_OPTS; the environment overrides the file).
func fastHashes(name string) (string, bool) {
	if name == "FSA_PASSWORD_OPTS" {
		return `{"rounds": 4}`, true
	}
	return "", false
}

// acme returns a client of the Acme app on its embedded configuration,
// the host's FSA_* variables ignored, with acme's password known, on a
// new database of b.
func acme(t *testing.T, b backend, opts ...fsa.Option) *fsatest.Client {
	t.Helper()
	app := openAcme(t, b.env(t), io.Discard, append([]fsa.Option{fsa.LookupEnv(fastHashes)}, opts...)...)
	c := acmeClient(t, app)
	c.ParamUser, c.ParamPass = "username", "password"
	c.Passwords = map[string]string{"acme": acmePass}
	return c
}

func TestAcmeHello(t *testing.T) {
	dev := map[string]string{"Application": "Acme", "FSA-Request": "GET /hello", "FSA-User": "None (None)",
		"Content-Type": "application/json"}
	forEachBackend(t, func(t *testing.T, b backend) {
		acme(t, b).Run(t, []fsatest.Case{
			{Name: "hello", Path: "/hello", WantStatus: 200, WantJSON: map[string]any{"msg": "hello", "version": fsa.Version}, WantHeader: dev},
			{Name: "unexpected parameter", Path: "/hello?name=calvin", WantStatus: 400, WantJSON: map[string]any{"error": `unexpected http parameter "name"`}},
			{Name: "wrong method", Method: "POST", Path: "/hello", WantStatus: 405, WantHeader: map[string]string{"Allow": "OPTIONS, GET, HEAD"}},
			{Name: "unknown path", Path: "/nowhere", WantStatus: 404, WantHeader: map[string]string{"Application": "Acme"}},
		})
	})
}

func TestAcmeProdMode(t *testing.T) {
	// the environment overrides the file (an option in code would not)
	env := func(name string) (string, bool) { return "prod", name == "FSA_MODE" }
	forEachBackend(t, func(t *testing.T, b backend) {
		acme(t, b, fsa.LookupEnv(env)).Check(t, fsatest.Case{Path: "/hello", WantStatus: 200,
			WantHeader: map[string]string{"Application": "Acme", "FSA-Request": "", "FSA-User": "", "FSA-Delay": ""}})
	})
}

func TestAcmeConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme.conf")
	conf := "FSA_AUTH = ['none', 'basic', 'param']\nFSA_AUTH_DEFAULT = 'none'\nFSA_ERROR_RESPONSE = 'json:error'\nFSA_PASSWORD_OPTS = {'rounds': 4}\n"
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	app := openAcme(t, testEnv("ACME_CONFIG", path), io.Discard, fsa.LookupEnv(nil))
	// the file replaces the embedded configuration: no Application header,
	// and with none as the only default scheme, AUTH routes are closed
	acmeClient(t, app).Run(t, []fsatest.Case{
		{Path: "/hello", WantStatus: 200, WantHeader: map[string]string{"Application": "", "FSA-User": ""}},
		{Path: "/hello-me", WantStatus: 403, WantJSON: map[string]any{"error": "currently closed route"}},
		{Path: "/nowhere", WantStatus: 404, WantJSON: map[string]any{"error": "not found"}},
	})

	if err := os.WriteFile(path, []byte("FSA_MODE = 'devel'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := acmeapp.New(testEnv("ACME_CONFIG", path), io.Discard, fsa.LookupEnv(nil))
	if err == nil || !strings.Contains(err.Error(), path+":1: FSA_MODE: unexpected mode") {
		t.Errorf("bad configuration file: %v", err)
	}
}

func TestAcmePassword(t *testing.T) {
	// a weak ACME_PASS is a clear startup error
	_, err := acmeapp.New(testEnv("ACME_PASS", "weak"), io.Discard, fsa.LookupEnv(fastHashes))
	if err == nil || !strings.Contains(err.Error(), "ACME_PASS: password is too short, must be at least 5") {
		t.Errorf("weak ACME_PASS: %v", err)
	}
	// without ACME_PASS, a random password is shown once, and works
	var out strings.Builder
	app := openAcme(t, testEnv("ACME_PASS", ""), &out, fsa.LookupEnv(fastHashes))
	shown := out.String()
	_, rest, _ := strings.Cut(shown, "with password ")
	password, _, _ := strings.Cut(rest, "\n")
	if password == "" || !strings.Contains(shown, "set ACME_PASS") || strings.Count(shown, password) != 1 {
		t.Fatalf("random password not shown once: %q", shown)
	}
	acmeClient(t, app).Check(t, fsatest.Case{Path: "/hello-me", Auth: fsatest.Basic("acme", password), WantStatus: 200})
}

// TestAcmeBasicParamGroup runs the tutorial's Basic, Param, Group and
// weak-password steps, in order, on one app.
func TestAcmeBasicParamGroup(t *testing.T) {
	forEachBackend(t, testAcmeBasicParamGroup)
}

func testAcmeBasicParamGroup(t *testing.T, b backend) {
	c := acme(t, b)
	basic := func(login, pass string) fsatest.Auth { return fsatest.Basic(login, pass) }
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	json401 := map[string]any{"error": "invalid user or password"}
	c.Run(t, []fsatest.Case{
		// Basic authentication
		{Name: "no credentials", Path: "/hello-me", WantStatus: 401,
			WantJSON: map[string]any{"error": "missing authentication"}, WantHeader: map[string]string{"WWW-Authenticate": `Basic realm="acme", Bearer realm="acme"`}},
		{Name: "unknown user", Path: "/hello-me", Auth: basic("meca", "Mec0!"), WantStatus: 401, WantJSON: json401},
		{Name: "wrong password", Path: "/hello-me", Auth: basic("acme", "Mec0!"), WantStatus: 401, WantJSON: json401},
		{Name: "basic", Path: "/hello-me", User: "acme", WantStatus: 200, WantJSON: map[string]any{"msg": "hello", "user": "acme"},
			WantHeader: map[string]string{"FSA-User": "acme (basic)"}},
		{Name: "add stuff", Method: "POST", Path: "/stuff", User: "acme", Form: form("stuff", "pinte", "price", "6.5"),
			WantStatus: 201, WantExact: fsatest.String("stuff added: pinte")},
		{Name: "add stuff twice", Method: "POST", Path: "/stuff", User: "acme", JSON: map[string]any{"stuff": "pinte", "price": 6.5},
			WantStatus: 409, WantJSON: map[string]any{"error": "cannot overwrite existing stuff: pinte"}},
		{Name: "list stuff", Path: "/stuff", User: "acme", WantStatus: 200, WantExact: fsatest.String(`[["pinte",6.5]]` + "\n")},
		{Name: "negative price", Method: "POST", Path: "/stuff", User: "acme", Form: form("stuff", "verre", "price", "-1"),
			WantStatus: 400, WantJSON: map[string]any{"error": `parameter "price" must be at least 0`}},
		{Name: "bad base64", Path: "/hello-me", Header: map[string][]string{"Authorization": {"Basic !!!"}},
			WantStatus: 401, WantJSON: map[string]any{"error": "decoding error on authorization header"}},
		{Name: "no colon", Path: "/hello-me", Header: map[string][]string{"Authorization": {"Basic YWNtZQ=="}},
			WantStatus: 401, WantJSON: map[string]any{"error": "decoding error on authorization header"}},

		// Param authentication, as form and as JSON, on GET
		{Name: "param form", Path: "/hello-me", Auth: fsatest.Param("acme", acmePass), WantStatus: 200,
			WantJSON: map[string]any{"user": "acme"}, WantHeader: map[string]string{"FSA-User": "acme (param)"}},
		{Name: "param JSON", Path: "/hello-me", Auth: fsatest.Param("acme", acmePass), JSON: map[string]any{},
			WantStatus: 200, WantJSON: map[string]any{"user": "acme"}},
		{Name: "param in the URL refused", Path: "/hello-me?username=acme&password=" + url.QueryEscape(acmePass), WantStatus: 401,
			WantJSON: map[string]any{"error": "param credentials must be sent in the body, not the URL"}},
		{Name: "param wrong password", Path: "/hello-me", Auth: fsatest.Param("acme", "nope"), WantStatus: 401, WantJSON: json401},
		{Name: "param no password", Path: "/hello-me", Form: form("username", "acme"), WantStatus: 401,
			WantJSON: map[string]any{"error": "missing param password parameter: password"}},
		{Name: "param no login", Path: "/hello-me", Form: form("password", "x"), WantStatus: 401,
			WantJSON: map[string]any{"error": "missing param login parameter: username"}},
		// the scheme that found credentials gives the response, whatever comes after it
		{Name: "bad basic, no param", Path: "/hello-me", Auth: basic("acme", "nope"), WantStatus: 401, WantJSON: json401},

		// Group authorization: POST /user is for admins
		{Name: "add user: missing parameters", Method: "POST", Path: "/user", User: "acme", Form: form("login", "calvin"),
			WantStatus: 400, WantJSON: map[string]any{"error": "parameter \"password\" is missing\nparameter \"email\" is missing"}},
		{Name: "add user", Method: "POST", Path: "/user", User: "acme",
			Form: form("login", "calvin", "password", "Hobbes-2024", "email", "calvin@acme.org"), WantStatus: 201,
			WantExact: fsatest.String("user added: calvin")},
		{Name: "add user twice", Method: "POST", Path: "/user", User: "acme",
			Form: form("login", "calvin", "password", "Hobbes-2024", "email", "calvin@acme.org"), WantStatus: 409,
			WantJSON: map[string]any{"error": "cannot overwrite existing user: calvin"}},
		{Name: "add user: bad login", Method: "POST", Path: "/user", User: "acme",
			Form: form("login", "Calvin!", "password", "Hobbes-2024", "email", "c@acme.org"), WantStatus: 400,
			WantJSON: map[string]any{"error": "invalid login name: Calvin!"}},
		{Name: "new user logs in", Path: "/hello-me", Auth: basic("calvin", "Hobbes-2024"), WantStatus: 200, WantJSON: map[string]any{"user": "calvin"}},
		{Name: "non admin", Method: "POST", Path: "/user", Auth: basic("calvin", "Hobbes-2024"),
			Form: form("login", "susie", "password", "Derkins-2024", "email", "susie@acme.org"), WantStatus: 403,
			WantJSON: map[string]any{"error": `not in group "admin"`}},

		// status order: 401, then 403, then 400
		{Name: "order: no credentials, bad params", Method: "POST", Path: "/user", Form: form("bad", "1"), WantStatus: 401},
		{Name: "order: not admin, bad params", Method: "POST", Path: "/user", Auth: basic("calvin", "Hobbes-2024"), Form: form("bad", "1"), WantStatus: 403},
		{Name: "order: admin, bad params", Method: "POST", Path: "/user", User: "acme", Form: form("bad", "1"), WantStatus: 400},

		// weak passwords, even for an existing login
		{Name: "too short", Method: "POST", Path: "/user", User: "acme", Form: form("login", "came", "password", "C@me", "email", "came@acme.org"),
			WantStatus: 400, WantBody: "too short"},
		{Name: "must match", Method: "POST", Path: "/user", User: "acme", Form: form("login", "came", "password", "Cameleon", "email", "came@acme.org"),
			WantStatus: 400, WantBody: "must match"},
		{Name: "password over bcrypt's 72 bytes", Method: "POST", Path: "/user", User: "acme",
			Form: form("login", "long", "password", "Aa1"+strings.Repeat("x", 70), "email", "long@acme.org"), WantStatus: 400,
			WantJSON: map[string]any{"error": "password is too long: bcrypt only uses 72 bytes"}},
		{Name: "weak password for an existing login", Method: "POST", Path: "/user", User: "acme",
			Form: form("login", "calvin", "password", "weak", "email", "calvin@acme.org"), WantStatus: 400, WantBody: "too short"},
	})
}

// The embedded acme.conf is the tutorial's reference configuration, byte
// for byte (fsa/testdata/acme.conf is the reference's copy).
func TestAcmeConfIsReference(t *testing.T) {
	reference, err := os.ReadFile("../fsa/testdata/acme.conf")
	if err != nil {
		t.Fatal(err)
	}
	if got := acmeapp.DefaultConfig(); string(got) != string(reference) {
		t.Errorf("acme/acmeapp/acme.conf differs from the reference:\n%s", got)
	}
}
