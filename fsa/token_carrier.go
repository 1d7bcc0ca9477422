package fsa

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// carried returns the token a request carries, if any.
func (t *tokens) carried(c *Context) (string, error) {
	r := c.ec.Request()
	var token string
	switch t.carrier {
	case "bearer":
		var ok bool
		if token, ok = strings.CutPrefix(r.Header.Get("Authorization"), t.name+" "); !ok {
			return "", errNoCredentials
		}
	case "header":
		values := r.Header.Values(t.name)
		if len(values) > 1 {
			return "", errToken("more than one " + t.name + " header")
		}
		if len(values) == 1 {
			token = values[0]
		}
	case "cookie":
		cookies := r.CookiesNamed(t.name)
		if len(cookies) > 1 {
			return "", errToken("more than one " + t.name + " cookie")
		}
		if len(cookies) == 1 {
			token = cookies[0].Value
		}
	case "param":
		d, err := c.requestData()
		if err != nil {
			return "", err
		}
		token, _ = paramString(d, t.name)
	}

	if token = strings.TrimSpace(token); token == "" {
		return "", errNoCredentials
	}
	return token, nil
}

// deleteTokenCookie replaces the token cookie that the response would set
// with one that deletes it, with the cookie carrier.
func (a *App) deleteTokenCookie(c *Context) {
	t := a.tokens
	if t.carrier != "cookie" {
		return
	}
	h := c.ec.Response().Header()
	cookies := slices.DeleteFunc(h.Values("Set-Cookie"), func(v string) bool { return strings.HasPrefix(v, t.name+"=") })
	h.Del("Set-Cookie")
	for _, v := range cookies {
		h.Add("Set-Cookie", v)
	}
	http.SetCookie(c.ec.Response(), &http.Cookie{Name: t.name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.ec.Request().TLS != nil})
}

// setTokenCookie gives an authenticated user a token cookie, with the
// cookie carrier: a new one on every response or, with FSA_TOKEN_RENEWAL,
// only when the cookie sent expires within that fraction of the delay.
// The cookie is HttpOnly, SameSite=Lax, and Secure over TLS. A token
// (token or oauth scheme) is renewed with its scopes.
func (a *App) setTokenCookie(c *Context) {
	t := a.tokens
	if t == nil || t.carrier != "cookie" || t.signKey == nil || c.user == "" {
		return
	}

	now := t.now()
	byToken := c.scheme == "token" || c.scheme == "oauth"
	if byToken && t.renewal > 0 && c.tokenExpires.After(now.Add(time.Duration(t.renewal*float64(t.delay)))) {
		return
	}

	var opts []TokenOption
	if len(c.scopes) > 0 {
		opts = append(opts, TokenScopes(c.scopes...))
	}
	token, err := c.CreateToken(opts...)
	if err != nil {
		a.log.Warn("fsa: no token cookie", "route", c.route.String(), "error", err)
		return
	}
	http.SetCookie(c.ec.Response(), &http.Cookie{Name: t.name, Value: token, Path: "/",
		MaxAge: int(t.delay.Seconds()), Expires: now.Add(t.delay), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: c.ec.Request().TLS != nil})
}
