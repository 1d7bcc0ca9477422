package fsa

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fsa-go/fsa-go/internal/digest"
)

// errNoCredentials is what a scheme returns when the request carries none
// of its credentials, so that the next scheme is tried.
var errNoCredentials = errors.New("no credentials")

// scheme authenticates a request: it returns the login, or
// errNoCredentials, or the error that refuses the credentials found.
type scheme func(c *Context) (string, error)

// namedScheme is a scheme and the name that enables it.
type namedScheme struct {
	name string
	run  scheme
}

// isKnownScheme tells whether name is one of FlaskSimpleAuth's schemes.
func isKnownScheme(name string) bool {
	switch name {
	case "none", "basic", "param", "password", "token", "oauth",
		"fake", "httpd", "digest", "http-basic", "http-digest", "http-token":
		return true
	}
	return false
}

// builtSchemes returns the schemes the framework implements so far.
func (a *App) builtSchemes() map[string]scheme {
	schemes := map[string]scheme{
		"none":        func(*Context) (string, error) { return "", errNoCredentials },
		"basic":       a.basic,
		"http-basic":  a.basic, // Flask-HTTPAuth's, ours
		"param":       a.param,
		"fake":        a.fake,
		"httpd":       a.httpd,
		"digest":      a.digestScheme,
		"http-digest": a.digestScheme,
	}

	if a.tokens != nil {
		schemes["token"] = a.token
		schemes["http-token"] = a.token
		if a.tokens.jwt && a.tokens.issuer != "" {
			schemes["oauth"] = a.token
		}
	}
	return schemes
}

// digestScheme checks HTTP Digest credentials in the route's realm. A
// refusal is a 401 with the checker's message; a stale nonce's wraps
// digest.ErrStale, for the response to say stale=true.
//
// The throttle counts a wrong response, and a right one resets its count;
// a locked login is a 429 whatever the response (Digest's hashing is
// cheap: the check runs first, to know the login).
func (a *App) digestScheme(c *Context) (string, error) {
	login, err := a.digest.Check(c, c.ec.Request(), c.route.realm)
	var refused *digest.Error
	switch {
	case errors.Is(err, digest.ErrNoCredentials):
		return "", errNoCredentials
	case errors.As(err, &refused) && refused.Login != "":
		if err := a.throttleWait(c, refused.Login); err != nil {
			return "", err
		}
		if err := a.throttleResult(c, refused.Login, false); err != nil {
			return "", err
		}
		return "", &Error{Status: http.StatusUnauthorized, Message: refused.Msg, Err: refused.Err}
	case errors.As(err, &refused):
		return "", &Error{Status: http.StatusUnauthorized, Message: refused.Msg, Err: refused.Err}
	case errors.Is(err, digest.ErrCountsUnavailable): // fail closed: it may be a replay
		a.digestWarn.warn("nonce counts", err)
		return "", &Error{Status: http.StatusServiceUnavailable, Message: "digest nonce count store unavailable",
			Header: http.Header{"Retry-After": {"1"}}, Err: fmt.Errorf("%w: %w", errStateDown, err)}
	case err != nil:
		return "", err
	}
	if err := a.throttleWait(c, login); err != nil {
		return "", err
	}
	return login, a.throttleResult(c, login, true)
}

// ha1 is Digest's HA1 of a login: the DigestHA1 hook's, else computed
// from the plaintext password GetUserPass gives. An error is the
// response when it is an *Error, else an internal error.
func (a *App) ha1(ctx context.Context, login, realm, algorithm string) (string, error) {
	var ha1, password string
	var err error
	if a.digestHA1 != nil {
		ha1, err = a.digestHA1(ctx, login, realm, algorithm)
	} else if password, err = a.getUserPass(ctx, login); err == nil && password != "" {
		ha1 = digest.HA1(algorithm, login, realm, password)
	}
	if err != nil && asError(err) == nil {
		return "", fmt.Errorf("digest HA1 hook: %w", err)
	}
	return ha1, err
}

// digestSecret keys Digest's nonces: derived from FSA_TOKEN_SECRET, so
// that processes that share it accept each other's nonces, else random.
func (a *App) digestSecret() []byte {
	if a.config.TokenSecret == "" {
		return nil // random
	}
	mac := hmac.New(sha256.New, []byte(a.config.TokenSecret))
	mac.Write([]byte("fsa-go digest nonces"))
	return mac.Sum(nil)
}

// fake takes the login of the FSA_FAKE_LOGIN parameter as is, from
// loopback clients only: for tests. Elsewhere it finds nothing.
func (a *App) fake(c *Context) (string, error) {
	if !c.isLoopback() {
		return "", errNoCredentials
	}
	d, err := c.requestData()
	if err != nil {
		return "", err
	}

	login, ok := paramString(d, a.config.FakeLogin)
	switch {
	case !ok:
		return "", errNoCredentials
	case login == "":
		return "", Err(http.StatusUnauthorized, "missing fake login parameter: "+a.config.FakeLogin)
	}
	return login, nil
}

// httpd takes the login a trusted reverse proxy puts in FSA_HTTPD_HEADER
// (as a web server sets REMOTE_USER). From any other peer the header is
// the client's word, and is ignored.
func (a *App) httpd(c *Context) (string, error) {
	r := c.ec.Request()
	login := r.Header.Get(a.config.HTTPDHeader)
	if login == "" || !a.proxies.trusts(peerAddr(r)) {
		return "", errNoCredentials
	}
	if !utf8.ValidString(login) {
		return "", Err(http.StatusUnauthorized, "invalid user header")
	}
	return login, nil
}

// token reads the token of FSA_TOKEN_CARRIER and checks it in the route's
// realm.
func (a *App) token(c *Context) (string, error) {
	token, err := a.tokens.carried(c)
	if err != nil {
		return "", err
	}
	return c.CheckToken(token)
}

// CheckToken returns the login of a token valid in the route's realm,
// checked as the token scheme checks the token it carries (signature,
// expiry, realm, issuer; valid tokens cached), with its scopes: for a
// custom scheme that finds a token elsewhere, such as the Basic user name
// of Flask-HTTPAuth's REST-auth. A refused token is a 401 *Error saying
// why, and counts as a failure of the client's address (FSA_THROTTLE).
// Without tokens (FSA_TOKEN_TYPE None) it is an internal error.
func (c *Context) CheckToken(token string) (string, error) {
	a := c.app
	if a.tokens == nil {
		return "", errors.New("fsa: CheckToken without tokens (FSA_TOKEN_TYPE is None)")
	}
	info, err := a.tokens.check(c, token, c.route.realm)
	var refused *Error
	if errors.As(err, &refused) && refused.Status != http.StatusUnauthorized {
		return "", err // the revocation store's 503: not the client's failure
	}
	if err != nil {
		// a failed token counts against its address, whose lock turns
		// the next failures into 429s; a valid token is never refused
		if werr := a.throttleWait(c, ""); werr != nil {
			return "", werr
		}
		if terr := a.throttleResult(c, "", false); terr != nil {
			return "", terr
		}
		return "", err
	}
	c.scopes, c.tokenExpires, c.token = info.scopes, info.expires, token
	return info.user, nil
}

// expandPassword replaces "password" with basic then param, at the end of
// the list, and drops repeated names.
func expandPassword(names []string) []string {
	var out []string
	password := false
	for _, n := range names {
		if n == "password" {
			password = true
			continue
		}
		out = append(out, n)
	}
	if password {
		out = append(out, "basic", "param")
	}

	var uniq []string
	for _, n := range out {
		if !slices.Contains(uniq, n) {
			uniq = append(uniq, n)
		}
	}
	return uniq
}

// checkSchemes checks that every name is a scheme the app can run.
func checkSchemes(names []string, built map[string]scheme) []error {
	var errs []error
	for _, n := range names {
		switch {
		case built[n] != nil:
		case n == "token":
			errs = append(errs, errors.New("token authentication needs FSA_TOKEN_TYPE fsa or jwt"))
		case n == "oauth":
			errs = append(errs, errors.New("oauth token authorizations require JWT (FSA_TOKEN_TYPE jwt) and FSA_TOKEN_ISSUER"))
		default:
			errs = append(errs, fmt.Errorf("unknown authentication scheme %q", n))
		}
	}
	return errs
}

// authenticate tries the route's schemes in order. The first login wins.
// When all fail, the response is the failure of the first scheme that found
// credentials, else "missing authentication".
func (c *Context) authenticate(schemes []namedScheme) error {
	if len(c.ec.Request().Header["Authorization"]) > 1 {
		// schemes read the first: which one the client meant is unknown
		return Err(http.StatusUnauthorized, "more than one Authorization header")
	}

	var refused error
	for _, s := range schemes {
		login, err := s.run(c)
		switch {
		case err == nil && login != "":
			c.user, c.scheme = login, s.name
			return nil
		case err == nil || errors.Is(err, errNoCredentials):
		case refused == nil:
			refused = err
		}
	}

	if refused != nil {
		return refused
	}
	return Err(401, "missing authentication")
}

// basic reads the Authorization: Basic header. Another Authorization
// header is no basic credentials: the next scheme may take it.
func (a *App) basic(c *Context) (string, error) {
	header := c.ec.Request().Header.Get("Authorization")
	encoded, ok := strings.CutPrefix(header, "Basic ")
	if !ok {
		return "", errNoCredentials
	}

	decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil {
		decoded, err = base64.RawStdEncoding.DecodeString(strings.TrimSpace(encoded))
	}
	login, password, found := strings.Cut(string(decoded), ":")
	if err != nil || !found || !utf8.ValidString(login) {
		return "", Err(http.StatusUnauthorized, "decoding error on authorization header")
	}
	return a.checkUserPassword(c, login, password)
}

// param reads FSA_PARAM_USER and FSA_PARAM_PASS from the query, the form
// or the JSON body.
func (a *App) param(c *Context) (string, error) {
	d, err := c.requestData()
	if err != nil {
		return "", err
	}

	user, pass := a.config.ParamUser, a.config.ParamPass
	if d.query.Has(user) || d.query.Has(pass) { // URLs end up in logs and histories
		return "", Err(http.StatusUnauthorized, "param credentials must be sent in the body, not the URL")
	}

	login, hasLogin := paramString(d, user)
	password, hasPassword := paramString(d, pass)
	switch {
	case !hasLogin && !hasPassword:
		return "", errNoCredentials
	case login == "":
		return "", Err(http.StatusUnauthorized, "missing param login parameter: "+user)
	case password == "":
		return "", Err(http.StatusUnauthorized, "missing param password parameter: "+pass)
	}
	return a.checkUserPassword(c, login, password)
}

// paramString returns a request parameter that must be a string; a JSON
// value of another type is taken as absent.
func paramString(d *requestData, name string) (string, bool) {
	raw, s, ok := d.value(name)
	if ok && raw != nil {
		if json.Unmarshal(raw, &s) != nil {
			return "", true
		}
	}
	return s, ok
}

// errBadCredentials is the one response to an unknown user and to a wrong
// password, so that a client cannot tell which users exist.
func errBadCredentials() error {
	return Err(http.StatusUnauthorized, "invalid user or password")
}

// checkUserPassword checks a login and password with the GetUserPass and
// PasswordCheck hooks. An unknown user costs a dummy hash check, as a
// wrong password costs a real one.
func (a *App) checkUserPassword(c *Context, login, password string) (string, error) {
	if login == "" {
		return "", errBadCredentials()
	}
	if a.passwords.Scheme() == "none" && a.passwordCheck == nil {
		return "", errNoPasswords()
	}
	if err := a.throttleWait(c, login); err != nil { // before any hashing
		return "", err
	}

	ok, err := a.verifyPassword(c, login, password)
	if err != nil {
		return "", err
	}
	if err := a.throttleResult(c, login, ok); err != nil {
		return "", err
	}
	if !ok {
		return "", errBadCredentials()
	}
	return login, nil
}

// verifyPassword tells whether password is login's: by the hash
// GetUserPass gives, verified at the gate (FSA_PASSWORD_CONCURRENCY), or
// by the PasswordCheck hook. An unknown login costs a verification against
// a dummy hash, as a known one does.
func (a *App) verifyPassword(c *Context, login, password string) (bool, error) {
	var hash string
	if a.getUserPass != nil {
		var err error
		if hash, err = a.userPass(c, login); err != nil {
			return false, hookError("GetUserPass", err)
		}
	}
	if a.passwords.Scheme() == "none" {
		hash = "" // no manager to check it: only the PasswordCheck hook decides
	}

	if a.passwords.Scheme() != "none" {
		if !a.gate.Enter(c) {
			a.shed.Add(1)
			return false, errBusy()
		}
		ok := hash != "" && a.passwords.Verify(password, hash)
		if hash == "" {
			a.passwords.Dummy(password)
		}
		a.gate.Leave()
		a.hashed.Add(1)
		if ok {
			a.rehash(c, login, password, hash)
			return true, nil
		}
	}

	if a.passwordCheck != nil {
		ok, err := a.passwordCheck(c, login, password)
		if err != nil {
			return false, hookError("PasswordCheck", err)
		}
		return ok, nil
	}
	return false, nil
}

// errNoPasswords is the response to a password when FSA_PASSWORD_SCHEME is
// None and no PasswordCheck hook decides: a server's configuration error.
func errNoPasswords() error {
	return Err(http.StatusInternalServerError, "password manager is disabled")
}

// hookError keeps an *Error of a hook, and makes any other error an
// internal one that names the hook.
func hookError(hook string, err error) error {
	if asError(err) != nil {
		return err
	}
	return fmt.Errorf("%s hook: %w", hook, err)
}

// wwwAuthenticate returns the WWW-Authenticate header of a 401 on a route:
// its challenges sorted and joined, as FlaskSimpleAuth sends them. Basic
// when basic is one of its schemes, the bearer carrier's name when a token
// scheme is.
func (a *App) wwwAuthenticate(r *route) string {
	var challenges []string
	for _, s := range r.schemes {
		switch {
		case s.name == "basic" || s.name == "http-basic":
			challenges = append(challenges, `Basic realm="`+quoteRealm(r.realm)+`"`)
		case (s.name == "token" || s.name == "oauth" || s.name == "http-token") && a.tokens.carrier == "bearer":
			challenges = append(challenges, a.tokens.name+` realm="`+quoteRealm(simpleRealm(r.realm))+`"`)
		}
	}
	slices.Sort(challenges)
	return strings.Join(slices.Compact(challenges), ", ")
}

// quoteRealm escapes a realm for a quoted-string.
func quoteRealm(realm string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(realm)
}
