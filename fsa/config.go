package fsa

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/fsa-go/fsa-go/internal/literal"
)

// ConfigError reports a problem in a configuration source: a file, the
// environment or an option given in code. It names where the problem is.
type ConfigError struct {
	Source string // file name, "environment" or "option"
	Line   int    // 1-based line in Source, 0 when it does not apply
	Name   string // the directive or setting concerned, when known
	Msg    string // what is wrong
	Err    error  // the underlying error, if any
}

// Error formats the error as "source:line: NAME: message".
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(e.Source)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Name != "" {
		b.WriteString(e.Name)
		b.WriteString(": ")
	}

	b.WriteString(e.Msg)
	if e.Err != nil {
		if e.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}

	return b.String()
}

// Unwrap returns the underlying error.
func (e *ConfigError) Unwrap() error { return e.Err }

// Modes of FSA_MODE, in increasing verbosity.
const (
	modeProd = iota
	modeDev
	modeDebug1
	modeDebug2
	modeDebug3
	modeDebug4
)

// Config holds the FSA_* directives, typed, and the application settings.
// New fills it from the defaults, the Set options, the configuration files
// and the environment, in that order of precedence (the last wins).
type Config struct {
	// Mode is FSA_MODE: "prod" (default), "dev", or "debug1" to "debug4"
	// ("debug" is "debug1"). Modes above prod add the FSA-Request, FSA-User
	// and FSA-Delay headers to every response and log more.
	Mode string
	// Auth is FSA_AUTH, expanded (see docs/DOCUMENTATION.md): the schemes
	// enabled on the app, tried in this order. Default ["none"].
	Auth []string
	// AuthDefault is FSA_AUTH_DEFAULT, expanded: the schemes of routes that
	// do not name theirs. Default: nil, meaning Auth.
	AuthDefault []string
	// AddHeaders is FSA_ADD_HEADERS: headers added to every response.
	AddHeaders map[string]string
	// ErrorResponse is FSA_ERROR_RESPONSE: "plain" (default), "json" or
	// "json:KEY", the body of every 4xx and 5xx response.
	ErrorResponse string
	// ServerError is FSA_SERVER_ERROR, the status of internal errors
	// (default 500).
	ServerError int
	// RejectUnexpectedParam is FSA_REJECT_UNEXPECTED_PARAM: a request
	// parameter that no input field takes is a 400 (default true).
	RejectUnexpectedParam bool
	// Realm is FSA_REALM, the realm of Basic authentication (default: the
	// app's name).
	Realm string
	// ParamUser and ParamPass are FSA_PARAM_USER and FSA_PARAM_PASS, the
	// request parameters of param authentication (default USER and PASS).
	ParamUser, ParamPass string
	// PasswordScheme is FSA_PASSWORD_SCHEME: "bcrypt" (default), "argon2",
	// "plaintext" (for tests only; never a default), or "none" (None in a
	// file: no password manager; only a PasswordCheck hook checks
	// passwords, and HashPassword fails).
	PasswordScheme string
	// PasswordOpts is FSA_PASSWORD_OPTS: the scheme's options, replacing
	// its defaults (bcrypt: {"rounds": 10}; argon2: see DOCUMENTATION.md).
	PasswordOpts map[string]any
	// PasswordLength is FSA_PASSWORD_LENGTH: the minimum number of
	// characters of a new password (default 0).
	PasswordLength int
	// PasswordRE is FSA_PASSWORD_RE: regular expressions a new password
	// must all match.
	PasswordRE []string
	// TokenType is FSA_TOKEN_TYPE: "fsa" (default), "jwt", or "" (None in a
	// file) for no tokens.
	TokenType string
	// TokenAlgo is FSA_TOKEN_ALGO: the hash of fsa tokens (blake2s, the
	// default, blake2b, sha256, sha512, sha3_256, sha3_512), or the JWT
	// method (HS256, the default, HS384, HS512, RS*, PS*, ES*, EdDSA).
	TokenAlgo string
	// TokenCarrier is FSA_TOKEN_CARRIER, where a request carries its token:
	// "bearer" (default), "param", "cookie" or "header".
	TokenCarrier string
	// TokenName is FSA_TOKEN_NAME: the Authorization scheme, parameter,
	// cookie or header of the carrier (default Bearer, AUTH, auth, Auth).
	TokenName string
	// TokenDelay and TokenGrace are FSA_TOKEN_DELAY and FSA_TOKEN_GRACE,
	// minutes in a file: a new token's lifetime (default 1 hour), and how
	// late an expired one is still accepted (default 0).
	TokenDelay, TokenGrace time.Duration
	// TokenLength is FSA_TOKEN_LENGTH: the bytes of an fsa token's
	// signature, written in hex (default 16).
	TokenLength int
	// TokenSecret is FSA_TOKEN_SECRET: the fsa tokens' and HMAC JWTs'
	// secret, or the PEM public key that verifies other JWTs. Default: a
	// random secret, which only this process knows.
	TokenSecret string
	// TokenSign is FSA_TOKEN_SIGN: the PEM private key that signs JWTs of
	// public-key methods.
	TokenSign string
	// TokenRenewal is FSA_TOKEN_RENEWAL: with the cookie carrier, a
	// cookie is renewed when less than this fraction of FSA_TOKEN_DELAY
	// is left (default 0: renewed on every response).
	TokenRenewal float64
	// TokenIssuer is FSA_TOKEN_ISSUER: added to an fsa token's realm
	// (acme/god), the JWT iss claim; oauth requires it.
	TokenIssuer string
	// AuthzScopes is FSA_AUTHZ_SCOPES: the OAuth scopes routes may name,
	// to catch typos.
	AuthzScopes []string
	// NotFoundError is FSA_NOT_FOUND_ERROR, the status of an object
	// permission hook's NotFound (default 404).
	NotFoundError int
	// Cache is FSA_CACHE, the cache in front of the token checks and the
	// hooks: "ttl" (default: entries expire, a random one makes room),
	// "lru" (the least recently used makes room) or "none". The Caching
	// option replaces it with any Cache.
	Cache string
	// CacheSize is FSA_CACHE_SIZE, the entries the cache holds (default
	// 262144).
	CacheSize int
	// CacheTTL is FSA_CACHE_OPTS's "ttl", seconds in a file: how long an
	// entry lives (default 10 minutes).
	CacheTTL time.Duration
	// CachePrefix is FSA_CACHE_PREFIX, prepended to every key: apps that
	// share a store keep apart.
	CachePrefix string
	// Secure is FSA_SECURE: a request over plain HTTP from a client that is
	// neither loopback nor behind a trusted proxy that says HTTPS is
	// refused with 403 (default true).
	Secure bool
	// TrustedProxies is FSA_TRUSTED_PROXIES (an fsa-go directive): the
	// addresses and networks (CIDR) of the reverse proxies whose
	// X-Forwarded-For, X-Forwarded-Proto and user header are believed.
	// Default: none; loopback is not trusted unless listed.
	TrustedProxies []string
	// HTTPDHeader is FSA_HTTPD_HEADER (an fsa-go directive): the header in
	// which a trusted reverse proxy names the user of the httpd scheme
	// (default X-Remote-User).
	HTTPDHeader string
	// FakeLogin is FSA_FAKE_LOGIN, the request parameter of the fake
	// scheme (default LOGIN), honoured for loopback clients only.
	FakeLogin string
	// HandleAllErrors is FSA_HANDLE_ALL_ERRORS: echo's own errors (404,
	// 405) go through FSA_ERROR_RESPONSE too (default true).
	HandleAllErrors bool
	// KeepUserErrors is FSA_KEEP_USER_ERRORS: an internal error responds
	// "internal server error" rather than naming the stage and route
	// (default false).
	KeepUserErrors bool
	// DefaultContentType is FSA_DEFAULT_CONTENT_TYPE: the type of string
	// and []byte results (default: text/plain; charset=utf-8 and
	// application/octet-stream).
	DefaultContentType string
	// Redirect401 is FSA_401_REDIRECT: a 401 becomes a 307 to this URL,
	// with the URL asked for in the URLName parameter for a GET.
	Redirect401 string
	// URLName is FSA_URL_NAME (default URL).
	URLName string
	// CORS is FSA_CORS: respond to cross-origin requests (default false), as
	// CORSOpts says.
	CORS bool
	// CORSOpts is FSA_CORS_OPTS, flask-cors options: origins, methods,
	// allow_headers, expose_headers, supports_credentials, max_age.
	CORSOpts map[string]any
	// LoggingLevel is FSA_LOGGING_LEVEL, the level of the default logger:
	// Python's 10 (debug), 20 (info), 30 (warning), 40 (error), or those
	// names. Default: info, debug in the debug modes.
	LoggingLevel *slog.Level
	// AuthzGroups is FSA_AUTHZ_GROUPS: the groups routes may name, to catch
	// typos; groups with a GroupCheck hook are declared too.
	AuthzGroups []string
	// Settings holds the names of the configuration that do not start
	// with FSA_, for the application (see App.Setting).
	Settings map[string]any

	mode int // Mode as a level
}

// defaultConfig returns FlaskSimpleAuth's defaults for the directives built.
func defaultConfig() Config {
	return Config{
		Mode:                  "prod",
		Auth:                  []string{"none"},
		ErrorResponse:         "plain",
		ServerError:           500,
		RejectUnexpectedParam: true,
		ParamUser:             "USER",
		ParamPass:             "PASS",
		PasswordScheme:        "bcrypt",
		TokenType:             "fsa",
		TokenCarrier:          "bearer",
		TokenDelay:            time.Hour,
		TokenLength:           16,
		NotFoundError:         404,
		Secure:                true,
		HTTPDHeader:           "X-Remote-User",
		FakeLogin:             "LOGIN",
		HandleAllErrors:       true,
		URLName:               "URL",
		Cache:                 "ttl",
		CacheSize:             1 << 18,
		CacheTTL:              10 * time.Minute,
		Settings:              map[string]any{},
	}
}

// clone returns a copy of c that shares no slice or map with it.
func (c Config) clone() Config {
	c.Auth = slices.Clone(c.Auth)
	c.AuthDefault = slices.Clone(c.AuthDefault)
	c.AddHeaders = maps.Clone(c.AddHeaders)
	c.PasswordOpts = maps.Clone(c.PasswordOpts)
	c.PasswordRE = slices.Clone(c.PasswordRE)
	c.AuthzGroups = slices.Clone(c.AuthzGroups)
	c.AuthzScopes = slices.Clone(c.AuthzScopes)
	c.TrustedProxies = slices.Clone(c.TrustedProxies)
	c.CORSOpts = maps.Clone(c.CORSOpts)
	c.Settings = maps.Clone(c.Settings) // values are the file's: read them, do not change them
	return c
}

// directive describes one FSA_* name: how to set it, or why it cannot be.
type directive struct {
	set     func(c *Config, v any) error // nil: not available
	refusal string                       // why set is nil
}

// hookRefusal explains why a directive that names Python code is not read.
const hookRefusal = "names a function, which a configuration file cannot hold: register the hook in Go code"

// directives lists every FlaskSimpleAuth directive by name.
func directives() map[string]directive {
	hook := directive{refusal: hookRefusal}
	return map[string]directive{
		"FSA_MODE":                    {set: setMode},
		"FSA_AUTH":                    {set: func(c *Config, v any) error { return setAuth(&c.Auth, v, true) }},
		"FSA_AUTH_DEFAULT":            {set: func(c *Config, v any) error { return setAuth(&c.AuthDefault, v, false) }},
		"FSA_ADD_HEADERS":             {set: setAddHeaders},
		"FSA_ERROR_RESPONSE":          {set: setErrorResponse},
		"FSA_SERVER_ERROR":            {set: func(c *Config, v any) error { return setStatus(&c.ServerError, v, 500) }},
		"FSA_REJECT_UNEXPECTED_PARAM": {set: func(c *Config, v any) error { return setBool(&c.RejectUnexpectedParam, v) }},
		"FSA_REALM":                   {set: func(c *Config, v any) error { return setName(&c.Realm, v) }},
		"FSA_PARAM_USER":              {set: func(c *Config, v any) error { return setName(&c.ParamUser, v) }},
		"FSA_PARAM_PASS":              {set: func(c *Config, v any) error { return setName(&c.ParamPass, v) }},
		"FSA_PASSWORD_SCHEME":         {set: setPasswordScheme},
		"FSA_PASSWORD_OPTS":           {set: setPasswordOpts},
		"FSA_PASSWORD_LENGTH":         {set: setPasswordLength},
		"FSA_PASSWORD_RE":             {set: func(c *Config, v any) error { return setStrings(&c.PasswordRE, v, true) }},
		"FSA_AUTHZ_GROUPS":            {set: func(c *Config, v any) error { return setStrings(&c.AuthzGroups, v, false) }},
		"FSA_AUTHZ_SCOPES":            {set: func(c *Config, v any) error { return setStrings(&c.AuthzScopes, v, false) }},
		"FSA_NOT_FOUND_ERROR":         {set: func(c *Config, v any) error { return setStatus(&c.NotFoundError, v, 400) }},
		"FSA_CACHE":                   {set: setCache},
		"FSA_CACHE_SIZE":              {set: setCacheSize},
		"FSA_CACHE_OPTS":              {set: setCacheOpts},
		"FSA_CACHE_PREFIX":            {set: func(c *Config, v any) error { return setName(&c.CachePrefix, v) }},
		"FSA_TOKEN_TYPE":              {set: setTokenType},
		"FSA_TOKEN_ALGO":              {set: func(c *Config, v any) error { return setName(&c.TokenAlgo, v) }},
		"FSA_TOKEN_CARRIER":           {set: setTokenCarrier},
		"FSA_TOKEN_NAME":              {set: setTokenName},
		"FSA_TOKEN_DELAY":             {set: func(c *Config, v any) error { return setMinutes(&c.TokenDelay, v, false) }},
		"FSA_TOKEN_GRACE":             {set: func(c *Config, v any) error { return setMinutes(&c.TokenGrace, v, true) }},
		"FSA_TOKEN_LENGTH":            {set: setTokenLength},
		"FSA_TOKEN_SECRET":            {set: func(c *Config, v any) error { return setName(&c.TokenSecret, v) }},
		"FSA_TOKEN_SIGN":              {set: func(c *Config, v any) error { return setName(&c.TokenSign, v) }},
		"FSA_TOKEN_RENEWAL":           {set: setTokenRenewal},
		"FSA_TOKEN_ISSUER":            {set: setTokenIssuer},

		"FSA_GET_USER_PASS":     hook,
		"FSA_AUTHENTICATION":    hook,
		"FSA_GROUP_CHECK":       hook,
		"FSA_USER_IN_GROUP":     hook,
		"FSA_OBJECT_PERMS":      hook,
		"FSA_CAST":              hook,
		"FSA_SPECIAL_PARAMETER": hook,
		"FSA_BEFORE_REQUEST":    hook,
		"FSA_AFTER_REQUEST":     hook,
		"FSA_BEFORE_EXEC":       hook,
		"FSA_PASSWORD_QUALITY":  hook,
		"FSA_PASSWORD_CHECK":    hook,
		"FSA_PATH_CHECK":        hook,
		"FSA_JSON_CONVERTER":    hook,

		"FSA_LOGGING_LEVEL":        {set: setLoggingLevel},
		"FSA_SECURE":               {set: func(c *Config, v any) error { return setBool(&c.Secure, v) }},
		"FSA_HANDLE_ALL_ERRORS":    {set: func(c *Config, v any) error { return setBool(&c.HandleAllErrors, v) }},
		"FSA_KEEP_USER_ERRORS":     {set: func(c *Config, v any) error { return setBool(&c.KeepUserErrors, v) }},
		"FSA_FAKE_LOGIN":           {set: func(c *Config, v any) error { return setName(&c.FakeLogin, v) }},
		"FSA_DEFAULT_CONTENT_TYPE": {set: setDefaultContentType},
		"FSA_401_REDIRECT":         {set: setRedirect},
		"FSA_URL_NAME":             {set: func(c *Config, v any) error { return setName(&c.URLName, v) }},
		"FSA_CORS":                 {set: func(c *Config, v any) error { return setBool(&c.CORS, v) }},
		"FSA_CORS_OPTS":            {set: setCORSOpts},
		"FSA_TRUSTED_PROXIES":      {set: setTrustedProxies},
		"FSA_HTTPD_HEADER":         {set: setHTTPDHeader},

		"FSA_LOCAL":             {refusal: "Go serves each request on its own goroutine with its own context: there is no thread, process or greenlet isolation to choose"},
		"FSA_ALLOW_DEPRECATION": {refusal: "fsa-go has no deprecated names (ANY, ALL, NONE, authorize=, auth=) to allow"},
		"FSA_HTTP_AUTH_OPTS":    {refusal: "Flask-HTTPAuth is not used: the http-basic, http-digest and http-token schemes are fsa-go's basic, digest and token"},
		"FSA_JSON_STREAMING":    {refusal: "Go has no generators: a handler returns a slice or a value, which is encoded whole"},
		"FSA_JSON_ALLSTR":       {refusal: "encoding/json encodes every value; a type controls its own encoding with MarshalJSON or MarshalText"},
		"FSA_CACHED_OPTS":       {refusal: "cachetools' decorator options do not apply: FSA_CACHE, FSA_CACHE_SIZE and FSA_CACHE_OPTS configure the cache"},
	}
}

// set assigns one name of a configuration source to c.
func (c *Config) set(known map[string]directive, name string, value any) error {
	if !strings.HasPrefix(name, "FSA_") {
		c.Settings[name] = value
		return nil
	}

	d, ok := known[name]
	switch {
	case !ok:
		if near := closest(name, known); near != "" {
			return fmt.Errorf("unknown directive (did you mean %s?)", near)
		}
		return errors.New("unknown directive")
	case d.set != nil:
		return d.set(c, value)
	}
	return errors.New(d.refusal)
}

func setMode(c *Config, v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}

	levels := map[string]int{"prod": modeProd, "dev": modeDev, "debug": modeDebug1,
		"debug1": modeDebug1, "debug2": modeDebug2, "debug3": modeDebug3, "debug4": modeDebug4}
	level, ok := levels[s]
	if !ok {
		return fmt.Errorf("unexpected mode %q: want prod, dev, debug or debug1 to debug4", s)
	}
	c.Mode, c.mode = s, level
	return nil
}

// setAuth sets a list of scheme names. A scalar FSA_AUTH other than none,
// token, oauth and http-token also enables token first and none last, as
// FlaskSimpleAuth does; "password" stands for basic then param.
func setAuth(dst *[]string, v any, top bool) error {
	var names []string
	switch v := v.(type) {
	case string:
		names = []string{v}
		if top && !slices.Contains([]string{"none", "token", "oauth", "http-token"}, v) {
			names = []string{"token", v, "none"}
		}
	case []any:
		for _, item := range v {
			s, ok := item.(string)
			if !ok {
				return fmt.Errorf("unexpected scheme of type %s: want a string", typeName(item))
			}
			names = append(names, s)
		}
	default:
		return fmt.Errorf("unexpected value of type %s: want a string or a list of strings", typeName(v))
	}

	if len(names) == 0 {
		return errors.New("empty list: name at least one scheme (none for open routes only)")
	}
	*dst = expandPassword(names)
	return nil
}

func setAddHeaders(c *Config, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a dict of strings", typeName(v))
	}

	headers := make(map[string]string, len(m))
	for name, value := range m {
		s, ok := value.(string)
		if !ok {
			return fmt.Errorf("header %s: value must be a string, not %s", name, typeName(value))
		}
		if !validHeaderName(name) || strings.ContainsAny(s, "\r\n\x00") {
			return fmt.Errorf("header %s: invalid header name or value", name)
		}
		if s != "" { // an empty value sends no header, as FlaskSimpleAuth does
			headers[http.CanonicalHeaderKey(name)] = s
		}
	}
	c.AddHeaders = headers
	return nil
}

func setErrorResponse(c *Config, v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}
	key, isKeyed := strings.CutPrefix(s, "json:")
	if s != "plain" && s != "json" && (!isKeyed || key == "") {
		return fmt.Errorf("unexpected value %q: want plain, json or json:KEY", s)
	}
	c.ErrorResponse = s
	return nil
}

// setStatus sets an error status, from low to 599.
func setStatus(dst *int, v any, low int64) error {
	n, ok := v.(int64)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want an integer status", typeName(v))
	}
	if n < low || n > 599 {
		return fmt.Errorf("unexpected status %d: want %d to 599", n, low)
	}
	*dst = int(n)
	return nil
}

// setName sets a non-empty string.
func setName(dst *string, v any) error {
	s, err := asString(v)
	if err == nil && s == "" {
		err = errors.New("must not be empty")
	}
	if err == nil {
		*dst = s
	}
	return err
}

// setStrings sets a list of strings; regexps are compiled to check them.
func setStrings(dst *[]string, v any, regexps bool) error {
	items, ok := v.([]any)
	if s, isString := v.(string); isString {
		items, ok = []any{s}, true
	}
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a list of strings", typeName(v))
	}

	out := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			return fmt.Errorf("unexpected item of type %s: want a string", typeName(item))
		}
		if regexps {
			if _, err := regexp.Compile(s); err != nil {
				return fmt.Errorf("invalid regular expression %q: %w", s, err)
			}
		}
		out = append(out, s)
	}
	*dst = out
	return nil
}

func setPasswordScheme(c *Config, v any) error {
	if v == nil { // FlaskSimpleAuth's None: no password manager
		c.PasswordScheme = "none"
		return nil
	}
	s, err := asString(v)
	if err != nil {
		return err
	}

	switch s {
	case "bcrypt", "argon2", "plaintext":
		c.PasswordScheme = s
		return nil
	case "scrypt", "a85", "b64", "otp", "fsa:otp", "ldap", "ldap3":
		return fmt.Errorf("scheme %q is not supported: use bcrypt or argon2", s)
	}
	return fmt.Errorf("unexpected password scheme %q: want bcrypt, argon2 or plaintext", s)
}

func setPasswordOpts(c *Config, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a dict", typeName(v))
	}
	c.PasswordOpts = m
	return nil
}

func setPasswordLength(c *Config, v any) error {
	n, ok := v.(int64)
	if !ok || n < 0 || n > 1024 {
		return fmt.Errorf("unexpected value %v: want an integer from 0 to 1024", v)
	}
	c.PasswordLength = int(n)
	return nil
}

func setLoggingLevel(c *Config, v any) error {
	levels := map[any]slog.Level{int64(10): slog.LevelDebug, int64(20): slog.LevelInfo, int64(30): slog.LevelWarn,
		int64(40): slog.LevelError, int64(50): slog.LevelError, "DEBUG": slog.LevelDebug, "INFO": slog.LevelInfo,
		"WARNING": slog.LevelWarn, "ERROR": slog.LevelError, "CRITICAL": slog.LevelError}

	if s, ok := v.(string); ok {
		v = strings.ToUpper(s)
	}
	level, ok := levels[v]
	if !ok {
		return fmt.Errorf("unexpected level %v: want 10, 20, 30, 40, 50 or DEBUG, INFO, WARNING, ERROR, CRITICAL", v)
	}
	c.LoggingLevel = &level
	return nil
}

func setDefaultContentType(c *Config, v any) error {
	if v == nil {
		c.DefaultContentType = ""
		return nil
	}
	s, err := asString(v)
	if err != nil {
		return err
	}
	if _, _, err := mime.ParseMediaType(s); err != nil || strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("invalid media type %q", s)
	}
	c.DefaultContentType = s
	return nil
}

func setRedirect(c *Config, v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}
	if u, err := url.Parse(s); err != nil || s == "" || strings.ContainsAny(s, "\r\n") || u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("invalid URL %q", s)
	}
	c.Redirect401 = s
	return nil
}

// corsOptions are the flask-cors options FSA_CORS_OPTS may give.
var corsOptions = []string{"origins", "methods", "allow_headers", "expose_headers", "supports_credentials", "max_age"}

func setCORSOpts(c *Config, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a dict", typeName(v))
	}

	for name, value := range m {
		switch {
		case !slices.Contains(corsOptions, name):
			return fmt.Errorf("unexpected option %q: want %s", name, strings.Join(corsOptions, ", "))
		case name == "supports_credentials":
			if _, ok := value.(bool); !ok {
				return fmt.Errorf("%s: want True or False", name)
			}
		case name == "max_age":
			if n, ok := value.(int64); !ok || n < 0 {
				return fmt.Errorf("%s: want seconds", name)
			}
		default:
			if _, err := stringList(value); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}

	c.CORSOpts = m
	return nil
}

// stringList reads a string or a list of strings.
func stringList(v any) ([]string, error) {
	var out []string
	if err := setStrings(&out, v, false); err != nil {
		return nil, err
	}
	return out, nil
}

func setTrustedProxies(c *Config, v any) error {
	list, err := stringList(v)
	if err != nil {
		return err
	}

	for _, p := range list {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return fmt.Errorf("%q is not an address nor a network (CIDR)", p)
			}
		}
	}
	c.TrustedProxies = list
	return nil
}

func setHTTPDHeader(c *Config, v any) error {
	s, err := asString(v)
	if err == nil && !validHeaderName(s) {
		err = fmt.Errorf("invalid header name %q", s)
	}
	if err == nil {
		c.HTTPDHeader = s
	}
	return err
}

func setCache(c *Config, v any) error {
	switch v {
	case "ttl", "lru", "none":
		c.Cache = v.(string)
		return nil
	case "memcached", "redis":
		return fmt.Errorf("%v is not built in: implement fsa.Cache over your client and pass it with the Caching option", v)
	case "dict", "tlru", "lfu", "fifo", "rr":
		return fmt.Errorf("unexpected FSA_CACHE %v: want ttl (entries expire), lru or none", v)
	}
	return fmt.Errorf("unexpected FSA_CACHE %v: want ttl, lru or none", v)
}

func setCacheSize(c *Config, v any) error {
	n, ok := v.(int64)
	if !ok || n < 1 || n > 1<<30 {
		return fmt.Errorf("unexpected value %v: want a number of entries from 1", v)
	}
	c.CacheSize = int(n)
	return nil
}

// setCacheOpts reads FSA_CACHE_OPTS, of which only "ttl" (seconds) means
// something here.
func setCacheOpts(c *Config, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a dict", typeName(v))
	}

	for name, value := range m {
		if name != "ttl" {
			return fmt.Errorf("unexpected option %q: only ttl (seconds) is known", name)
		}

		var seconds float64
		switch value := value.(type) {
		case int64:
			seconds = float64(value)
		case float64:
			seconds = value
		default:
			return fmt.Errorf("ttl: unexpected value of type %s: want seconds", typeName(value))
		}
		if !(seconds > 0 && seconds <= 365*24*3600) {
			return fmt.Errorf("ttl: unexpected value %v: want seconds, more than 0 and at most a year", value)
		}
		c.CacheTTL = time.Duration(seconds * float64(time.Second))
	}
	return nil
}

func setTokenType(c *Config, v any) error {
	switch v {
	case nil:
		c.TokenType = ""
	case "fsa", "jwt":
		c.TokenType = v.(string)
	default:
		return fmt.Errorf("unexpected token type %v: want fsa, jwt or None", v)
	}
	return nil
}

func setTokenCarrier(c *Config, v any) error {
	switch v {
	case "bearer", "param", "cookie", "header":
		c.TokenCarrier = v.(string)
		return nil
	}
	return fmt.Errorf("unexpected FSA_TOKEN_CARRIER %v: want bearer, param, cookie or header", v)
}

func setTokenName(c *Config, v any) error {
	s, err := asString(v)
	if err == nil && !validHeaderName(s) {
		err = errors.New("the carrier requires a name of letters, digits and -_.")
	}
	if err == nil {
		c.TokenName = s
	}
	return err
}

// setMinutes sets a duration given in minutes, as FlaskSimpleAuth's are.
func setMinutes(dst *time.Duration, v any, zero bool) error {
	var minutes float64
	switch v := v.(type) {
	case int64:
		minutes = float64(v)
	case float64:
		minutes = v
	default:
		return fmt.Errorf("unexpected value of type %s: want minutes", typeName(v))
	}

	if !(minutes > 0 || zero && minutes == 0) || minutes > 100*365*24*60 {
		return fmt.Errorf("unexpected value %v: want minutes, more than 0 and at most 100 years", v)
	}
	*dst = time.Duration(minutes * float64(time.Minute))
	return nil
}

func setTokenLength(c *Config, v any) error {
	n, ok := v.(int64)
	if !ok || n < 8 || n > 64 {
		return fmt.Errorf("unexpected value %v: want an integer from 8 to 64 (bytes)", v)
	}
	c.TokenLength = int(n)
	return nil
}

func setTokenRenewal(c *Config, v any) error {
	var f float64
	switch v := v.(type) {
	case int64:
		f = float64(v)
	case float64:
		f = v
	}

	if !(f >= 0 && f <= 1) || v == nil {
		return fmt.Errorf("unexpected value %v: want a fraction from 0 to 1", v)
	}
	c.TokenRenewal = f
	return nil
}

func setTokenIssuer(c *Config, v any) error {
	s, err := asString(v)
	if err == nil && (s == "" || strings.ContainsAny(s, ":/")) {
		err = errors.New("must be a non-empty name without : or /")
	}
	if err == nil {
		c.TokenIssuer = s
	}
	return err
}

func setBool(dst *bool, v any) error {
	b, ok := v.(bool)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want True or False", typeName(v))
	}
	*dst = b
	return nil
}

func asString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("unexpected value of type %s: want a string", typeName(v))
	}
	return s, nil
}

// typeName names the type of a configuration value as the file spells it.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "None"
	case string:
		return "str"
	case int64:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}

func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if r > 0x7e || r <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return true
}

// closest returns the known name nearest to name, if near enough to be a typo.
func closest(name string, known map[string]directive) string {
	best, bestDist := "", len(name)/3+1
	for k := range known {
		if d := editDistance(name, k); d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}

	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// setting is a directive (or an application setting) given in code by Set.
type setting struct {
	Name  string
	Value any // string, int64, float64, bool, nil, []any, map[string]any
}

// configSource is a configuration file, by path or with its content.
type configSource struct {
	name string // path, or a name for data
	data []byte // nil: read the file at name
}

// load fills c from the Set options, then the files, then the environment
// (lookup), and returns every problem found, each a *ConfigError.
func (c *Config) load(options []setting, files []configSource, lookup func(string) (string, bool)) error {
	known := directives()
	var errs []error

	for _, s := range options {
		if err := c.set(known, s.Name, s.Value); err != nil {
			errs = append(errs, &ConfigError{Source: "option", Name: s.Name, Err: err})
		}
	}

	for _, f := range files {
		data := f.data
		if data == nil {
			var err error
			if data, err = os.ReadFile(f.name); err != nil {
				errs = append(errs, &ConfigError{Source: f.name, Msg: "cannot read configuration", Err: err})
				continue
			}
		}

		settings, err := literal.ParseFile(f.name, data)
		if err != nil {
			errs = append(errs, syntaxError(f.name, err))
			continue
		}
		for _, s := range settings {
			if err := c.set(known, s.Name, s.Value); err != nil {
				errs = append(errs, &ConfigError{Source: f.name, Line: s.Line, Name: s.Name, Err: err})
			}
		}
	}

	// The environment, in name order: its errors come in a stable order.
	if lookup != nil {
		names := make([]string, 0, len(known))
		for name := range known {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			text, ok := lookup(name)
			if !ok {
				continue
			}
			value, err := literal.ParseValue("environment", text)
			if err != nil {
				value = text // FSA_MODE=prod: a plain string
			}
			if err := c.set(known, name, value); err != nil {
				errs = append(errs, &ConfigError{Source: "environment", Name: name, Err: err})
			}
		}
	}

	return errors.Join(errs...)
}

// syntaxError returns err, the literal parser's error on source, as a
// *ConfigError of the same source, line, name and message.
func syntaxError(source string, err error) *ConfigError {
	var e *literal.Error
	if !errors.As(err, &e) {
		return &ConfigError{Source: source, Err: err}
	}
	return &ConfigError{Source: e.Source, Line: e.Line, Name: e.Name, Msg: e.Msg}
}
