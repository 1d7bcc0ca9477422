package fsa

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/internal/literal"
)

// load loads a configuration from one file's text and an environment.
func load(t *testing.T, text string, env map[string]string, options ...setting) (Config, error) {
	t.Helper()
	c := defaultConfig()
	lookup := func(name string) (string, bool) { v, ok := env[name]; return v, ok }
	_, err := c.load(options, []configSource{{name: "test.conf", data: []byte(text)}}, lookup)
	return c, err
}

func TestConfigDefaults(t *testing.T) {
	c, err := load(t, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := defaultConfig()
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v, want %+v", c, want)
	}
	if c.Mode != "prod" || !reflect.DeepEqual(c.Auth, []string{"none"}) || c.ErrorResponse != "plain" ||
		c.ServerError != 500 || !c.RejectUnexpectedParam || c.AuthDefault != nil || c.AddHeaders != nil {
		t.Errorf("defaults are not FlaskSimpleAuth's: %+v", c)
	}
}

func TestConfigDirectives(t *testing.T) {
	text := `
FSA_MODE = "debug2"
FSA_AUTH = ["none", "password"]
FSA_AUTH_DEFAULT = "none"
FSA_ADD_HEADERS = {"application": "Acme", "X-Version": "1", "X-Empty": ""}
FSA_ERROR_RESPONSE = "json:error"
FSA_SERVER_ERROR = 503
FSA_REJECT_UNEXPECTED_PARAM = False
ACME_DB = {"host": "localhost", "port": 5432}
FSA_REALM = "Acme Corp."
FSA_PARAM_USER = "username"
FSA_PARAM_PASS = "password"
FSA_PASSWORD_SCHEME = "argon2"
FSA_PASSWORD_OPTS = {"time_cost": 2}
FSA_PASSWORD_LENGTH = 5
FSA_PASSWORD_RE = [r"[A-Z]", r"\d"]
FSA_AUTHZ_GROUPS = ["admin"]
`
	c, err := load(t, text, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := defaultConfig()
	want.Mode, want.mode = "debug2", modeDebug2
	want.Auth = []string{"none", "basic", "param"}
	want.AuthDefault = []string{"none"}
	want.AddHeaders = map[string]string{"Application": "Acme", "X-Version": "1"}
	want.ErrorResponse = "json:error"
	want.ServerError = 503
	want.RejectUnexpectedParam = false
	want.Realm, want.ParamUser, want.ParamPass = "Acme Corp.", "username", "password"
	want.PasswordScheme = []string{"argon2"}
	want.PasswordOpts = map[string]any{"time_cost": int64(2)}
	want.PasswordLength = 5
	want.PasswordRE = []string{"[A-Z]", `\d`}
	want.AuthzGroups = []string{"admin"}
	want.Settings = map[string]any{"ACME_DB": map[string]any{"host": "localhost", "port": int64(5432)}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
}

func TestConfigAuthExpansion(t *testing.T) {
	tests := []struct {
		value any
		want  []string
	}{
		{"none", []string{"none"}},
		{"token", []string{"token"}},
		{"oauth", []string{"oauth"}},
		{"http-token", []string{"http-token"}},
		{"basic", []string{"token", "basic", "none"}},
		{"password", []string{"token", "none", "basic", "param"}},
		{[]any{"password", "token"}, []string{"token", "basic", "param"}},
		{[]any{"basic", "password"}, []string{"basic", "param"}},
		{[]any{"token", "basic", "param", "none"}, []string{"token", "basic", "param", "none"}},
	}
	for _, tt := range tests {
		var got []string
		if err := setAuth(&got, tt.value, true); err != nil {
			t.Fatalf("%v: %v", tt.value, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FSA_AUTH = %v: %v, want %v", tt.value, got, tt.want)
		}
	}
	var got []string
	if err := setAuth(&got, "basic", false); err != nil || !reflect.DeepEqual(got, []string{"basic"}) {
		t.Errorf("FSA_AUTH_DEFAULT = basic: %v %v", got, err)
	}
}

func TestConfigPrecedence(t *testing.T) {
	// defaults < options in code < file < environment
	opts := []setting{{Name: "FSA_MODE", Value: "debug1"}, {Name: "FSA_SERVER_ERROR", Value: int64(501)},
		{Name: "FSA_ERROR_RESPONSE", Value: "json"}}
	text := "FSA_MODE = 'dev'\nFSA_SERVER_ERROR = 502\n"
	env := map[string]string{"FSA_MODE": "prod", "FSA_AUTH": `["none"]`, "NOT_A_DIRECTIVE": "x"}
	c, err := load(t, text, env, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != "prod" || c.ServerError != 502 || c.ErrorResponse != "json" {
		t.Errorf("precedence: mode %q (want prod from env), status %d (want 502 from file), errors %q (want json from option)",
			c.Mode, c.ServerError, c.ErrorResponse)
	}
	if _, ok := c.Settings["NOT_A_DIRECTIVE"]; ok {
		t.Error("an environment variable that names no directive became a setting")
	}
	c, err = load(t, "", map[string]string{"FSA_MODE": `"dev"`, "FSA_SERVER_ERROR": "599"})
	if err != nil || c.Mode != "dev" || c.ServerError != 599 {
		t.Errorf("environment literals: %+v %v", c, err)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, text string
		env        map[string]string
		want       string
	}{
		{"unknown directive with suggestion", "\nFSA_MOED = 'dev'", nil, "test.conf:2: FSA_MOED: unknown directive (did you mean FSA_MODE?)"},
		{"unknown directive", "FSA_NO_SUCH_DIRECTIVE = 1", nil, "test.conf:1: FSA_NO_SUCH_DIRECTIVE: unknown directive"},
		{"refused with a reason", "FSA_LOCAL = 'thread'", nil, "test.conf:1: FSA_LOCAL: Go serves each request on its own goroutine"},
		{"hook", "FSA_GET_USER_PASS = 'get_user_pass'", nil, "test.conf:1: FSA_GET_USER_PASS: names a function"},
		{"bad mode", "FSA_MODE = 'debug5'", nil, `test.conf:1: FSA_MODE: unexpected mode "debug5"`},
		{"mode type", "FSA_MODE = 1", nil, "test.conf:1: FSA_MODE: unexpected value of type int: want a string"},
		{"auth type", "FSA_AUTH = 1", nil, "test.conf:1: FSA_AUTH: unexpected value of type int: want a string or a list of strings"},
		{"auth item type", "FSA_AUTH = ['none', 2]", nil, "test.conf:1: FSA_AUTH: unexpected scheme of type int"},
		{"auth empty", "FSA_AUTH = []", nil, "test.conf:1: FSA_AUTH: empty list"},
		{"auth default type", "FSA_AUTH_DEFAULT = {}", nil, "test.conf:1: FSA_AUTH_DEFAULT: unexpected value of type dict"},
		{"headers type", "FSA_ADD_HEADERS = ['a']", nil, "test.conf:1: FSA_ADD_HEADERS: unexpected value of type list: want a dict of strings"},
		{"header value", "FSA_ADD_HEADERS = {'A': 1}", nil, "test.conf:1: FSA_ADD_HEADERS: header A: value must be a string, not int"},
		{"header name", "FSA_ADD_HEADERS = {'A B': 'x'}", nil, "test.conf:1: FSA_ADD_HEADERS: header A B: invalid header name or value"},
		{"header injection", `FSA_ADD_HEADERS = {'A': 'x\r\nB: y'}`, nil, "test.conf:1: FSA_ADD_HEADERS: header A: invalid header name or value"},
		{"error response", "FSA_ERROR_RESPONSE = 'xml'", nil, `test.conf:1: FSA_ERROR_RESPONSE: unexpected value "xml": want plain, json, json:KEY or problem`},
		{"error response key", "FSA_ERROR_RESPONSE = 'json:'", nil, `FSA_ERROR_RESPONSE: unexpected value "json:"`},
		{"error response type", "FSA_ERROR_RESPONSE = True", nil, "FSA_ERROR_RESPONSE: unexpected value of type bool: want a string"},
		{"status type", "FSA_SERVER_ERROR = '500'", nil, "test.conf:1: FSA_SERVER_ERROR: unexpected value of type str: want an integer status"},
		{"status range", "FSA_SERVER_ERROR = 600", nil, "test.conf:1: FSA_SERVER_ERROR: unexpected status 600: want 500 to 599"},
		{"status not an error", "FSA_SERVER_ERROR = 200", nil, "test.conf:1: FSA_SERVER_ERROR: unexpected status 200: want 500 to 599"},
		{"bool type", "FSA_REJECT_UNEXPECTED_PARAM = 1", nil, "test.conf:1: FSA_REJECT_UNEXPECTED_PARAM: unexpected value of type int: want True or False"},
		{"syntax", "FSA_MODE = 60*24", nil, "test.conf:1"},
		{"environment", "", map[string]string{"FSA_MODE": "nope"}, `environment: FSA_MODE: unexpected mode "nope"`},
		{"environment refused", "", map[string]string{"FSA_JSON_ALLSTR": "False"}, "environment: FSA_JSON_ALLSTR: encoding/json encodes every value"},
		{"empty realm", "FSA_REALM = ''", nil, "test.conf:1: FSA_REALM: must not be empty"},
		{"param user type", "FSA_PARAM_USER = 1", nil, "test.conf:1: FSA_PARAM_USER: unexpected value of type int: want a string"},
		{"password scheme", "FSA_PASSWORD_SCHEME = 'md5'", nil, `test.conf:1: FSA_PASSWORD_SCHEME: unexpected password scheme "md5"`},
		{"password scheme not a hash", "FSA_PASSWORD_SCHEME = 'fsa:a85'", nil, `FSA_PASSWORD_SCHEME: scheme "fsa:a85" is not supported: it is a reversible encoding of the password, not a hash`},
		{"password scheme list item", "FSA_PASSWORD_SCHEME = ['bcrypt', 4]", nil, `FSA_PASSWORD_SCHEME: unexpected value of type int in the list: want strings`},
		{"password scheme empty list", "FSA_PASSWORD_SCHEME = []", nil, `FSA_PASSWORD_SCHEME: empty list: want at least one scheme`},
		{"password scheme provider", "FSA_PASSWORD_SCHEME = 'foo:bcrypt'", nil, `FSA_PASSWORD_SCHEME: unexpected password provider "foo" in "foo:bcrypt": want fsa or passlib`},
		{"password opts type", "FSA_PASSWORD_OPTS = 4", nil, "test.conf:1: FSA_PASSWORD_OPTS: unexpected value of type int: want a dict"},
		{"password length", "FSA_PASSWORD_LENGTH = -1", nil, "test.conf:1: FSA_PASSWORD_LENGTH: unexpected value -1"},
		{"password re", "FSA_PASSWORD_RE = ['[a-z']", nil, `test.conf:1: FSA_PASSWORD_RE: invalid regular expression "[a-z"`},
		{"password re item", "FSA_PASSWORD_RE = [1]", nil, "test.conf:1: FSA_PASSWORD_RE: unexpected item of type int"},
		{"groups type", "FSA_AUTHZ_GROUPS = {}", nil, "test.conf:1: FSA_AUTHZ_GROUPS: unexpected value of type dict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.text, tt.env)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("%T is not a *ConfigError", err)
			}
		})
	}
}

// TestConfigSyntaxErrors checks that the parser's errors come as a
// *ConfigError of the same source, line, name and message.
func TestConfigSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       ConfigError
		msg        string
	}{
		{"expression", "FSA_MODE = 60*24", ConfigError{Source: "test.conf", Line: 1, Name: "FSA_MODE", Msg: "expressions are not supported (only literal values)"},
			"test.conf:1: FSA_MODE: expressions are not supported (only literal values)"},
		{"no name", "FSA_MODE = 'dev'\nimport os", ConfigError{Source: "test.conf", Line: 2, Msg: "expected an assignment NAME = value"},
			"test.conf:2: expected an assignment NAME = value"},
		{"secret string", "FSA_TOKEN_SECRET = 's3cret", ConfigError{Source: "test.conf", Line: 1, Name: "FSA_TOKEN_SECRET", Msg: "unterminated string"},
			"test.conf:1: FSA_TOKEN_SECRET: unterminated string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.text, nil)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *ConfigError", err)
			}
			if *ce != tt.want || err.Error() != tt.msg {
				t.Errorf("error %#v (%q), want %#v (%q)", *ce, err, tt.want, tt.msg)
			}
		})
	}
}

func TestConfigAllErrorsAtOnce(t *testing.T) {
	_, err := load(t, "FSA_MODE = 'x'\nFSA_SERVER_ERROR = 'y'\n", nil, setting{Name: "FSA_NOPE", Value: "z"})
	for _, want := range []string{"option: FSA_NOPE: unknown directive", "test.conf:1: FSA_MODE", "test.conf:2: FSA_SERVER_ERROR"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not report %q", err, want)
		}
	}
}

func TestConfigFileMissing(t *testing.T) {
	c := defaultConfig()
	path := filepath.Join(t.TempDir(), "missing.conf")
	_, err := c.load(nil, []configSource{{name: path}}, nil)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path+": cannot read configuration") {
		t.Errorf("error %v", err)
	}
}

func TestEveryFlaskSimpleAuthDirectiveIsKnown(t *testing.T) {
	// reference §1 lists these; each is built, refused with a reason, or not supported yet
	names := strings.Fields(`FSA_MODE FSA_LOGGING_LEVEL FSA_ALLOW_DEPRECATION FSA_SECURE FSA_SERVER_ERROR
	FSA_NOT_FOUND_ERROR FSA_LOCAL FSA_HANDLE_ALL_ERRORS FSA_KEEP_USER_ERRORS FSA_ERROR_RESPONSE FSA_GET_USER_PASS
	FSA_AUTHENTICATION FSA_GROUP_CHECK FSA_USER_IN_GROUP FSA_OBJECT_PERMS FSA_CAST FSA_SPECIAL_PARAMETER
	FSA_BEFORE_REQUEST FSA_AFTER_REQUEST FSA_BEFORE_EXEC FSA_ADD_HEADERS FSA_AUTH FSA_AUTH_DEFAULT FSA_REALM
	FSA_FAKE_LOGIN FSA_PARAM_USER FSA_PARAM_PASS FSA_TOKEN_TYPE FSA_TOKEN_ALGO FSA_TOKEN_CARRIER FSA_TOKEN_NAME
	FSA_TOKEN_DELAY FSA_TOKEN_GRACE FSA_TOKEN_LENGTH FSA_TOKEN_SECRET FSA_TOKEN_SIGN FSA_TOKEN_RENEWAL
	FSA_TOKEN_ISSUER FSA_PASSWORD_SCHEME FSA_PASSWORD_OPTS FSA_PASSWORD_LENGTH FSA_PASSWORD_RE
	FSA_PASSWORD_QUALITY FSA_PASSWORD_CHECK FSA_HTTP_AUTH_OPTS FSA_AUTHZ_GROUPS FSA_AUTHZ_SCOPES FSA_PATH_CHECK
	FSA_DEFAULT_CONTENT_TYPE FSA_JSON_STREAMING FSA_JSON_CONVERTER FSA_JSON_ALLSTR FSA_REJECT_UNEXPECTED_PARAM
	FSA_CACHE FSA_CACHE_SIZE FSA_CACHE_OPTS FSA_CACHE_PREFIX FSA_CACHED_OPTS FSA_401_REDIRECT FSA_URL_NAME
	FSA_CORS FSA_CORS_OPTS`)
	additions := []string{"FSA_TRUSTED_PROXIES", "FSA_HTTPD_HEADER", "FSA_THROTTLE", "FSA_THROTTLE_OPTS", "FSA_PASSWORD_CONCURRENCY", "FSA_OPENAPI", "FSA_OPENAPI_OAUTH"} // fsa-go's own
	known := directives()
	if len(known) != len(names)+len(additions) {
		t.Errorf("%d directives known, reference lists %d, plus %d of fsa-go", len(known), len(names), len(additions))
	}
	for name, d := range known {
		if d.set == nil && d.refusal == "" {
			t.Errorf("%s is neither built nor refused with a reason", name)
		}
	}
	for _, name := range names {
		if _, ok := known[name]; !ok {
			t.Errorf("%s is not known", name)
		}
	}
}

// TestReferenceAcmeConf parses the tutorial's final acme.conf: every value
// is read with its type, and every directive is accepted.
func TestReferenceAcmeConf(t *testing.T) {
	data, err := os.ReadFile("testdata/acme.conf") // reference/acme.conf, unchanged
	if err != nil {
		t.Fatal(err)
	}
	settings, err := literal.ParseFile("acme.conf", data)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, s := range settings {
		got[s.Name] = s.Value
	}
	want := map[string]any{
		"FSA_MODE":            "dev",
		"FSA_ADD_HEADERS":     map[string]any{"Application": "Acme"},
		"FSA_AUTH":            []any{"token", "basic", "param", "none"},
		"FSA_REALM":           "acme",
		"FSA_PARAM_USER":      "username",
		"FSA_PARAM_PASS":      "password",
		"FSA_TOKEN_TYPE":      "fsa",
		"FSA_TOKEN_SECRET":    "acme-reference-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
		"FSA_TOKEN_DELAY":     10.0,
		"FSA_ERROR_RESPONSE":  "json:error",
		"FSA_PASSWORD_LENGTH": int64(5),
		"FSA_PASSWORD_RE":     []any{"[A-Z]", "[a-z]", "[0-9]"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	c := defaultConfig()
	if _, err := c.load(nil, []configSource{{name: "acme.conf", data: data}}, nil); err != nil {
		t.Fatal(err)
	}
	if c.Mode != "dev" || c.ErrorResponse != "json:error" || c.AddHeaders["Application"] != "Acme" ||
		!reflect.DeepEqual(c.Auth, []string{"token", "basic", "param", "none"}) ||
		c.TokenType != "fsa" || c.TokenDelay != 10*time.Minute || c.TokenSecret == "" {
		t.Errorf("typed values: %+v", c)
	}
}

// Every FSA_CACHE kind of FlaskSimpleAuth loads from a file and makes the
// app's cache of that kind and size; redis and memcached unreachable are startup errors,
// naming the work that brings them, and another kind names the kinds.
func TestConfigCacheKinds(t *testing.T) {
	tests := []struct {
		text string
		kind string // the app's cache, "" for none
		size int
		ttl  time.Duration
	}{
		{"", "ttl", 1 << 18, 10 * time.Minute},
		{"FSA_CACHE = 'ttl'\nFSA_CACHE_OPTS = {'ttl': 60}", "ttl", 1 << 18, time.Minute},
		{"FSA_CACHE = 'lru'\nFSA_CACHE_SIZE = 1000", "lru", 1000, 10 * time.Minute},
		{"FSA_CACHE = 'tlru'\nFSA_CACHE_OPTS = {'ttu': 10}", "tlru", 1 << 18, 10 * time.Second},
		{"FSA_CACHE_OPTS = {'ttu': 2.5}\nFSA_CACHE = 'tlru'", "tlru", 1 << 18, 2500 * time.Millisecond},
		{"FSA_CACHE = 'tlru'", "tlru", 1 << 18, 10 * time.Minute},
		{"FSA_CACHE = 'lfu'\nFSA_CACHE_SIZE = 3", "lfu", 3, 10 * time.Minute},
		{"FSA_CACHE = 'fifo'", "fifo", 1 << 18, 10 * time.Minute},
		{"FSA_CACHE = 'rr'\nFSA_CACHE_OPTS = {'ttl': 1}", "rr", 1 << 18, time.Second},
		{"FSA_CACHE = 'dict'\nFSA_CACHE_SIZE = 10", "dict", 10, 10 * time.Minute},
		{"FSA_CACHE = 'none'", "", 1 << 18, 10 * time.Minute},
		{"FSA_CACHE = None", "", 1 << 18, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			app, err := New("test", LookupEnv(nil), ConfigData("test.conf", []byte(tt.text)))
			if err != nil {
				t.Fatal(err)
			}
			c := app.Config()
			if c.CacheSize != tt.size || c.CacheTTL != tt.ttl {
				t.Errorf("FSA_CACHE_SIZE %d, ttl %v; want %d, %v", c.CacheSize, c.CacheTTL, tt.size, tt.ttl)
			}
			m, ok := app.cache.Cache.(*MemoryCache)
			switch {
			case tt.kind == "":
				if _, none := app.cache.Cache.(noCache); !none || c.Cache != "none" {
					t.Errorf("cache %T, FSA_CACHE %q: want none", app.cache.Cache, c.Cache)
				}
			case !ok:
				t.Errorf("cache %T, want a *MemoryCache", app.cache.Cache)
			default:
				if want, _ := parseCacheKind(tt.kind); m.kind != want || c.Cache != tt.kind {
					t.Errorf("cache of kind %d, FSA_CACHE %q: want %s", m.kind, c.Cache, tt.kind)
				}
				if n := len(m.shards) * m.perShard; n > tt.size || n < tt.size-15 {
					t.Errorf("cache of %d entries, want %d", n, tt.size)
				}
			}
		})
	}
	errs := []struct{ text, want string }{
		{"\nFSA_CACHE = 'lfru'", "test.conf:2: FSA_CACHE: unexpected FSA_CACHE lfru: want ttl, lru, tlru, lfu, fifo, rr, dict, redis, memcached or none"},
		{"FSA_CACHE = ['lru']", "test.conf:1: FSA_CACHE: unexpected FSA_CACHE [lru]: want ttl, lru, tlru, lfu, fifo, rr, dict, redis, memcached or none"},
		{"FSA_CACHE = 'redis'\nFSA_CACHE_OPTS = {'host': '127.0.0.1', 'port': 1}", "test.conf:2: FSA_CACHE_OPTS: redis cache at 127.0.0.1:1: "},
		{"FSA_CACHE = 'memcached'\nFSA_CACHE_OPTS = {'server': '127.0.0.1:1'}", "test.conf:2: FSA_CACHE_OPTS: memcached cache at 127.0.0.1:1: "},
		{"FSA_CACHE = 'redis'\nFSA_CACHE_OPTS = {'server': 'x:1'}", "test.conf:2: FSA_CACHE_OPTS: unexpected option \"server\": want host, port, db, username, password or url, and ttl"},
		{"FSA_CACHE = 'memcached'\nFSA_CACHE_OPTS = {'port': 1}", "test.conf:2: FSA_CACHE_OPTS: unexpected option \"port\": want server"},
		{"FSA_CACHE = 'lru'\nFSA_CACHE_OPTS = {'ttu': 10}", "test.conf:2: FSA_CACHE_OPTS: ttu is an option of FSA_CACHE tlru, not lru: give ttl"},
		{"FSA_CACHE = 'tlru'\nFSA_CACHE_OPTS = {'ttu': 0}", "test.conf:2: FSA_CACHE_OPTS: ttu: unexpected value 0: want seconds"},
		{"FSA_CACHE_OPTS = {'getsizeof': 1}", `test.conf:1: FSA_CACHE_OPTS: unexpected option "getsizeof"`},
	}
	for _, tt := range errs {
		t.Run(tt.text, func(t *testing.T) {
			_, err := New("test", LookupEnv(nil), ConfigData("test.conf", []byte(tt.text)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant %s", err, tt.want)
			}
		})
	}
}
