package fsa

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"runtime"
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
	// ErrorResponse is FSA_ERROR_RESPONSE: "plain" (default), "json",
	// "json:KEY" or "problem" (RFC 9457 application/problem+json), the body
	// of every 4xx and 5xx response.
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
	// PasswordScheme is FSA_PASSWORD_SCHEME, a scheme or a list of them:
	// the first hashes new passwords, each verifies its hashes. Names are
	// canonical (see DOCUMENTATION.md): "bcrypt" (the default), "argon2",
	// "fsa:scrypt", "plaintext" (for tests and migrations; never a
	// default), "otp", passlib's "passlib:scrypt", "sha256_crypt",
	// "sha512_crypt", "pbkdf2_sha256", "pbkdf2_sha512", "bcrypt_sha256",
	// and "werkzeug"; or "none" alone (None in a file: no password
	// manager; only a PasswordCheck hook checks passwords, and
	// HashPassword fails).
	PasswordScheme []string
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
	// hooks: "ttl" (default), "lru", "tlru", "lfu", "fifo", "rr" or "dict",
	// each making room as NewCache says, or "none". The Caching option
	// replaces it with any Cache.
	Cache string
	// CacheSize is FSA_CACHE_SIZE, the entries the cache holds (default
	// 262144).
	CacheSize int
	// CacheTTL is FSA_CACHE_OPTS's "ttl" (or tlru's "ttu"), seconds in a
	// file: how long an entry lives, whatever the kind (default 10
	// minutes).
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
	// OpenAPI is FSA_OPENAPI (an fsa-go directive): the path of an open
	// GET route serving the app's OpenAPI 3.1 document (see App.OpenAPI),
	// "" (None in a file, the default) for none.
	OpenAPI string
	// OpenAPIOAuth is FSA_OPENAPI_OAUTH (an fsa-go directive): the OAuth
	// 2 flows that issue the tokens of the oauth scheme, by flow name
	// (implicit, password, clientCredentials, authorizationCode), each
	// with its URLs: {"authorizationCode": {"authorizationUrl": "...",
	// "tokenUrl": "..."}}. With flows, the OpenAPI document describes the
	// oauth scheme as oauth2, with the scopes of the routes and of
	// FSA_AUTHZ_SCOPES; without (the default), as the token scheme's
	// carrier (http bearer...), the scopes listed by each operation.
	OpenAPIOAuth map[string]OAuthFlow
	// FakeLogin is FSA_FAKE_LOGIN, the request parameter of the fake
	// scheme (default LOGIN), honoured for loopback clients only.
	FakeLogin string
	// HandleAllErrors is FSA_HANDLE_ALL_ERRORS: echo's own errors (404,
	// 405) go through FSA_ERROR_RESPONSE too (default true).
	HandleAllErrors bool
	// KeepUserErrors is FSA_KEEP_USER_ERRORS: an internal error (a
	// handler's or a hook's error that is no *Error, a panic) is handed to
	// echo, its middleware and its HTTPErrorHandler, instead of answered
	// (default false).
	KeepUserErrors bool
	// JSONStreaming is FSA_JSON_STREAMING: a handler's iterator result is
	// written as a JSON array item by item as they come, rather than
	// collected then written whole (default true).
	JSONStreaming bool
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
	// Throttle is FSA_THROTTLE: slow down failed authentications, per
	// login and address, per address and per login (default true).
	Throttle bool
	// ThrottleOpts is FSA_THROTTLE_OPTS, the throttle's thresholds.
	ThrottleOpts ThrottleOptions
	// PasswordConcurrency is FSA_PASSWORD_CONCURRENCY: how many password
	// verifications run at once (default half the CPUs, at least 1).
	PasswordConcurrency int
	// Settings holds the names of the configuration that do not start
	// with FSA_, for the application (see App.Setting).
	Settings map[string]any

	mode int // Mode as a level
	// cacheTTU: FSA_CACHE_OPTS named CacheTTL ttu, tlru's name of it.
	cacheTTU bool
	// cacheOpts: FSA_CACHE_OPTS but ttl, the server options of redis and
	// memcached.
	cacheOpts map[string]any
}

// ThrottleOptions are FSA_THROTTLE_OPTS, with their names in a file.
type ThrottleOptions struct {
	// Failures ("failures") of one login from one address are free; the
	// next attempt waits Delay, doubling with each failure after, up to
	// MaxDelay. Default 5.
	Failures int
	// AddressFailures ("address_failures") are free per client address,
	// whatever the login (credential stuffing). Default 20.
	AddressFailures int
	// LoginFailures ("login_failures") are free per login, whatever the
	// address (distributed guessing); an address where the login
	// succeeded before is exempt. Default 100.
	LoginFailures int
	// Delay ("delay", seconds) is the first wait. Default 1 second.
	Delay time.Duration
	// MaxDelay ("max_delay", seconds) caps the wait. Default 15 minutes.
	MaxDelay time.Duration
	// Window ("window", seconds) is how long a failure counts. Default 1
	// hour.
	Window time.Duration
	// Trust ("trust", seconds) is how long a success exempts the address
	// from its login's lock. Default 30 days.
	Trust time.Duration
	// Size ("size") bounds the counters kept in memory. Default 100000.
	Size int
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
		PasswordScheme:        []string{"bcrypt"},
		TokenType:             "fsa",
		TokenCarrier:          "bearer",
		TokenDelay:            time.Hour,
		TokenLength:           16,
		NotFoundError:         404,
		Secure:                true,
		HTTPDHeader:           "X-Remote-User",
		FakeLogin:             "LOGIN",
		HandleAllErrors:       true,
		JSONStreaming:         true,
		URLName:               "URL",
		Cache:                 "ttl",
		CacheSize:             1 << 18,
		CacheTTL:              10 * time.Minute,
		Throttle:              true,
		ThrottleOpts: ThrottleOptions{Failures: 5, AddressFailures: 20, LoginFailures: 100, Delay: time.Second,
			MaxDelay: 15 * time.Minute, Window: time.Hour, Trust: 30 * 24 * time.Hour, Size: 100000},
		PasswordConcurrency: max(runtime.NumCPU()/2, 1),
		Settings:            map[string]any{},
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
func (c *Config) load(options []setting, files []configSource, lookup func(string) (string, bool)) (loaded, error) {
	known := directives()
	res := loaded{at: spots{}, refused: map[string]bool{}}
	var errs []error
	set := func(name string, value any, where spot) {
		if err := c.set(known, name, value); err != nil {
			errs = append(errs, &ConfigError{Source: where.source, Line: where.line, Name: name, Err: err})
			res.refused[name] = true
			return
		}
		res.at[name] = where
		delete(res.refused, name) // a later source gave a good value
	}

	for _, s := range options {
		set(s.Name, s.Value, spot{"option", 0})
	}

	for _, f := range files {
		data := f.data
		if data == nil {
			var err error
			if data, err = os.ReadFile(f.name); err != nil {
				errs = append(errs, &ConfigError{Source: f.name, Msg: "cannot read configuration", Err: err})
				res.partial = true
				continue
			}
		}

		settings, err := literal.ParseFile(f.name, data)
		if err != nil {
			errs = append(errs, syntaxError(f.name, err))
			res.partial = true
			continue
		}
		for _, s := range settings {
			set(s.Name, s.Value, spot{f.name, s.Line})
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
			set(name, value, spot{"environment", 0})
		}
	}

	return res, errors.Join(errs...)
}

// A spot is where a directive's value was given: a file and line, the
// environment or an option in code.
type spot struct {
	source string
	line   int
}

// spots are the places of the directives load set, by name.
type spots map[string]spot

// loaded is what load says of the values it set.
type loaded struct {
	at      spots
	refused map[string]bool // directives whose last value given was refused
	partial bool            // a file could not be read or parsed to its end
}

// known tells whether the directives' values are the ones given, so that
// a check that reads them reports its own errors, not the consequences of
// a refused value or of a file not read (a token method checked against
// the default token type, say).
func (l loaded) known(names ...string) bool {
	if l.partial {
		return false
	}
	for _, n := range names {
		if l.refused[n] {
			return false
		}
	}
	return true
}

// locate gives err, when it is a *ConfigError about a directive found
// after loading (Source "configuration"), the source and line of that
// directive's value, so that it reads as a load error does. It returns
// err.
func (s spots) locate(err error) error {
	var ce *ConfigError
	if errors.As(err, &ce) && ce.Source == "configuration" {
		if at, ok := s[ce.Name]; ok {
			ce.Source, ce.Line = at.source, at.line
		}
	}
	return err
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

// OAuthFlow is an OAuth 2 flow's URLs, of FSA_OPENAPI_OAUTH: absolute
// http or https URLs, or paths of the app. The flows say which they need:
// implicit an authorizationUrl, password and clientCredentials a tokenUrl,
// authorizationCode both; refreshUrl is optional.
type OAuthFlow struct {
	AuthorizationURL string
	TokenURL         string
	RefreshURL       string
}
