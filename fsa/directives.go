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
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/fsa-go/fsa-go/internal/literal"
	"github.com/fsa-go/fsa-go/internal/password"
)

// This file holds the table of FSA_* directives and the functions that
// check each directive's value and set it in Config.

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
		"FSA_THROTTLE":                {set: func(c *Config, v any) error { return setBool(&c.Throttle, v) }},
		"FSA_THROTTLE_OPTS":           {set: setThrottleOpts},
		"FSA_PASSWORD_CONCURRENCY":    {set: setPasswordConcurrency},
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
		"FSA_JSON_STREAMING":       {set: func(c *Config, v any) error { return setBool(&c.JSONStreaming, v) }},
		"FSA_FAKE_LOGIN":           {set: func(c *Config, v any) error { return setName(&c.FakeLogin, v) }},
		"FSA_DEFAULT_CONTENT_TYPE": {set: setDefaultContentType},
		"FSA_401_REDIRECT":         {set: setRedirect},
		"FSA_URL_NAME":             {set: func(c *Config, v any) error { return setName(&c.URLName, v) }},
		"FSA_CORS":                 {set: func(c *Config, v any) error { return setBool(&c.CORS, v) }},
		"FSA_CORS_OPTS":            {set: setCORSOpts},
		"FSA_TRUSTED_PROXIES":      {set: setTrustedProxies},
		"FSA_HTTPD_HEADER":         {set: setHTTPDHeader},
		"FSA_OPENAPI":              {set: setOpenAPI},
		"FSA_OPENAPI_OAUTH":        {set: setOpenAPIOAuth},

		"FSA_LOCAL":             {refusal: "Go serves each request on its own goroutine with its own context: there is no thread, process or greenlet isolation to choose"},
		"FSA_ALLOW_DEPRECATION": {refusal: "fsa-go has no deprecated names (ANY, ALL, NONE, authorize=, auth=) to allow"},
		"FSA_HTTP_AUTH_OPTS":    {refusal: "Flask-HTTPAuth is not used: the http-basic, http-digest and http-token schemes are fsa-go's basic, digest and token"},
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
				return fmt.Errorf("unexpected scheme of type %s: want a string", literal.TypeName(item))
			}
			names = append(names, s)
		}
	default:
		return fmt.Errorf("unexpected value of type %s: want a string or a list of strings", literal.TypeName(v))
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
		return fmt.Errorf("unexpected value of type %s: want a dict of strings", literal.TypeName(v))
	}

	headers := make(map[string]string, len(m))
	for name, value := range m {
		s, ok := value.(string)
		if !ok {
			return fmt.Errorf("header %s: value must be a string, not %s", name, literal.TypeName(value))
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
	if s != "plain" && s != "json" && s != "problem" && (!isKeyed || key == "") {
		return fmt.Errorf("unexpected value %q: want plain, json, json:KEY or problem", s)
	}
	c.ErrorResponse = s
	return nil
}

// setStatus sets an error status, from low to 599.
func setStatus(dst *int, v any, low int64) error {
	n, ok := v.(int64)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want an integer status", literal.TypeName(v))
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
		return fmt.Errorf("unexpected value of type %s: want a list of strings", literal.TypeName(v))
	}

	out := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			return fmt.Errorf("unexpected item of type %s: want a string", literal.TypeName(item))
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
		c.PasswordScheme = []string{"none"}
		return nil
	}
	var names []string
	list := false
	switch v := v.(type) {
	case string:
		names = []string{v}
	case []any:
		list = true
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("unexpected value of type %s in the list: want strings", literal.TypeName(x))
			}
			names = append(names, s)
		}
		if len(names) == 0 {
			return errors.New("empty list: want at least one scheme")
		}
	default:
		return fmt.Errorf("unexpected value of type %s: want a string or a list of strings", literal.TypeName(v))
	}
	for i, name := range names {
		canonical, err := password.Canonical(name, list)
		if err != nil {
			return err
		}
		names[i] = canonical
	}
	c.PasswordScheme = names
	return nil
}

func setPasswordOpts(c *Config, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a dict", literal.TypeName(v))
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
		return fmt.Errorf("unexpected value of type %s: want a dict", literal.TypeName(v))
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

func setOpenAPI(c *Config, v any) error {
	if v == nil {
		c.OpenAPI = ""
		return nil
	}
	s, err := asString(v)
	if err == nil && (!strings.HasPrefix(s, "/") || strings.ContainsAny(s, "<>:*?# ")) {
		err = fmt.Errorf("must be a path with no variable, such as /openapi.json, not %q", s)
	}
	if err == nil {
		c.OpenAPI = s
	}
	return err
}

// oauthFlowURLs are the URLs of each OAuth 2 flow, true when required.
var oauthFlowURLs = map[string]map[string]bool{
	"implicit":          {"authorizationUrl": true, "refreshUrl": false},
	"password":          {"tokenUrl": true, "refreshUrl": false},
	"clientCredentials": {"tokenUrl": true, "refreshUrl": false},
	"authorizationCode": {"authorizationUrl": true, "tokenUrl": true, "refreshUrl": false},
}

// setOpenAPIOAuth reads FSA_OPENAPI_OAUTH: a dict of flows, each a dict
// of its URLs (OAuthFlow); None for none.
func setOpenAPIOAuth(c *Config, v any) error {
	if v == nil {
		c.OpenAPIOAuth = nil
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return fmt.Errorf("unexpected value of type %s: want a dict of OAuth flows (%s), each a dict of its URLs",
			literal.TypeName(v), strings.Join(slices.Sorted(maps.Keys(oauthFlowURLs)), ", "))
	}
	flows := make(map[string]OAuthFlow, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		want, known := oauthFlowURLs[name]
		if !known {
			return fmt.Errorf("unknown OAuth flow %q: want %s", name, strings.Join(slices.Sorted(maps.Keys(oauthFlowURLs)), ", "))
		}
		urls, ok := m[name].(map[string]any)
		if !ok {
			return fmt.Errorf("flow %s: unexpected value of type %s: want a dict of its URLs", name, literal.TypeName(m[name]))
		}
		got := map[string]string{}
		for _, key := range slices.Sorted(maps.Keys(urls)) {
			if _, ok := want[key]; !ok {
				return fmt.Errorf("flow %s: unexpected %q: want %s", name, key, strings.Join(slices.Sorted(maps.Keys(want)), ", "))
			}
			s, ok := urls[key].(string)
			if !ok {
				return fmt.Errorf("flow %s: %s: unexpected value of type %s: want a URL", name, key, literal.TypeName(urls[key]))
			}
			u, err := url.Parse(s)
			if err != nil || !(u.IsAbs() && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" || u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/")) {
				return fmt.Errorf("flow %s: %s must be an http or https URL, or a path, not %q", name, key, s)
			}
			got[key] = s
		}
		for _, key := range slices.Sorted(maps.Keys(want)) {
			if want[key] && got[key] == "" {
				return fmt.Errorf("flow %s: %s is missing", name, key)
			}
		}
		flows[name] = OAuthFlow{AuthorizationURL: got["authorizationUrl"], TokenURL: got["tokenUrl"], RefreshURL: got["refreshUrl"]}
	}
	c.OpenAPIOAuth = flows
	return nil
}

func setCache(c *Config, v any) error {
	switch v {
	case nil, "none":
		c.Cache = "none"
		return nil
	case "memcached", "redis":
		c.Cache = v.(string)
		return nil
	}
	if name, ok := v.(string); ok {
		if _, ok := parseCacheKind(name); ok {
			c.Cache = name
			return nil
		}
	}
	return fmt.Errorf("unexpected FSA_CACHE %v: want ttl, lru, tlru, lfu, fifo, rr, dict, redis, memcached or none", v)
}

func setCacheSize(c *Config, v any) error {
	n, ok := v.(int64)
	if !ok || n < 1 || n > 1<<30 {
		return fmt.Errorf("unexpected value %v: want a number of entries from 1", v)
	}
	c.CacheSize = int(n)
	return nil
}

// setCacheOpts reads FSA_CACHE_OPTS: "ttl", seconds, the life of every
// entry, whatever the kind. "ttu" is tlru's name for it (FlaskSimpleAuth's
// is a Python function that gives an entry's expiry; a number of seconds
// stands for now+seconds). The other options are the server's of redis
// and memcached, kept in cacheOpts for New to check against FSA_CACHE.
func setCacheOpts(c *Config, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a dict", literal.TypeName(v))
	}
	_, ttl := m["ttl"]
	if _, ttu := m["ttu"]; ttl && ttu {
		return errors.New("ttl and ttu are the same option: give one")
	}
	c.cacheTTU = false
	c.cacheOpts = map[string]any{}
	for name, value := range m {
		if name != "ttl" && name != "ttu" {
			c.cacheOpts[name] = value
			continue
		}
		if err := setSeconds(&c.CacheTTL, name, value); err != nil {
			return err
		}
		c.cacheTTU = name == "ttu"
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
		return fmt.Errorf("unexpected value of type %s: want minutes", literal.TypeName(v))
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
		return fmt.Errorf("unexpected value of type %s: want True or False", literal.TypeName(v))
	}
	*dst = b
	return nil
}

func asString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("unexpected value of type %s: want a string", literal.TypeName(v))
	}
	return s, nil
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

// setThrottleOpts reads FSA_THROTTLE_OPTS: counts (failures,
// address_failures, login_failures, size) and seconds (delay, max_delay,
// window, trust); the options not given keep their defaults.
func setThrottleOpts(c *Config, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want a dict", literal.TypeName(v))
	}
	o := &c.ThrottleOpts
	counts := map[string]*int{"failures": &o.Failures, "address_failures": &o.AddressFailures,
		"login_failures": &o.LoginFailures, "size": &o.Size}
	durations := map[string]*time.Duration{"delay": &o.Delay, "max_delay": &o.MaxDelay, "window": &o.Window, "trust": &o.Trust}

	for _, name := range slices.Sorted(maps.Keys(m)) {
		value := m[name]
		if dst, ok := counts[name]; ok {
			n, ok := value.(int64)
			if !ok {
				return fmt.Errorf("%s: unexpected value of type %s: want an integer", name, literal.TypeName(value))
			}
			if n < 1 || n > 1<<30 {
				return fmt.Errorf("%s: unexpected value %d: want an integer from 1", name, n)
			}
			*dst = int(n)
			continue
		}
		dst, ok := durations[name]
		if !ok {
			return fmt.Errorf("unexpected option %q: want failures, address_failures, login_failures, delay, max_delay, window, trust or size", name)
		}
		if err := setSeconds(dst, name, value); err != nil {
			return err
		}
	}
	if o.MaxDelay < o.Delay {
		return fmt.Errorf("max_delay (%v) is less than delay (%v)", o.MaxDelay, o.Delay)
	}
	return nil
}

// setPasswordConcurrency reads FSA_PASSWORD_CONCURRENCY, at least 1.
func setPasswordConcurrency(c *Config, v any) error {
	n, ok := v.(int64)
	if !ok {
		return fmt.Errorf("unexpected value of type %s: want an integer", literal.TypeName(v))
	}
	if n < 1 || n > 1<<16 {
		return fmt.Errorf("unexpected value %d: want an integer from 1", n)
	}
	c.PasswordConcurrency = int(n)
	return nil
}

// setSeconds sets dst to the option name's value, seconds more than 0 and
// at most a year, an integer or a float.
func setSeconds(dst *time.Duration, name string, value any) error {
	var seconds float64
	switch value := value.(type) {
	case int64:
		seconds = float64(value)
	case float64:
		seconds = value
	default:
		return fmt.Errorf("%s: unexpected value of type %s: want seconds", name, literal.TypeName(value))
	}
	if !(seconds > 0 && seconds <= 365*24*3600) {
		return fmt.Errorf("%s: unexpected value %v: want seconds, more than 0 and at most a year", name, value)
	}
	*dst = time.Duration(seconds * float64(time.Second))
	return nil
}
