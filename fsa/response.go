package fsa

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fsa-go/fsa-go/internal/digest"
	"github.com/labstack/echo/v4"
)

// render writes a handler's result: nil is an empty body, a string
// text/plain, []byte application/octet-stream, anything else JSON.
func (a *App) render(c *Context, result any) {
	status := c.status
	if status == 0 {
		status = http.StatusOK
	}
	var body []byte
	var ctype string
	switch v := result.(type) {
	case nil: // an empty body, typed as FlaskSimpleAuth types it
		ctype = mimeText
	case string:
		body, ctype = []byte(v), cmp.Or(a.config.DefaultContentType, mimeText)
	case []byte:
		body, ctype = v, cmp.Or(a.config.DefaultContentType, "application/octet-stream")
	default:
		b, err := json.Marshal(v)
		if err != nil {
			a.writeError(c, fmt.Errorf("cannot encode the result as JSON: %w", err))
			return
		}
		body, ctype = append(b, '\n'), mimeJSON
	}
	a.afterRequest(c, status)
	c.ctype[0] = ctype // the header's value in the Context: no allocation
	c.ec.Response().Header()[echo.HeaderContentType] = c.ctype[:1:1]
	write(c.ec, status, "", body)
}

// writeError answers with an error: an *Error or echo's *HTTPError keep
// their status and message; any other error is logged and answered with
// FSA_SERVER_ERROR and a message that names only where it happened.
func (a *App) writeError(c *Context, err error) {
	status, msg, header := a.errorAnswer(err)
	switch {
	case msg == "":
		a.log.Error("fsa: internal error", "route", c.route.String(), "stage", c.stage, "error", err)
		msg = fmt.Sprintf("internal error caught at %s on %s", c.stage, c.route.path)
		if a.config.KeepUserErrors {
			msg = "internal server error"
		}
	case status >= 500:
		a.log.Error("fsa: server error", "route", c.route.String(), "stage", c.stage, "status", status, "error", err)
	}
	for name, values := range header {
		for _, v := range values {
			c.ec.Response().Header().Add(name, v)
		}
	}
	if status == http.StatusUnauthorized && a.config.Redirect401 != "" {
		c.ec.Response().Header().Set("Location", a.loginURL(c.ec.Request()))
		a.afterRequest(c, http.StatusTemporaryRedirect)
		write(c.ec, http.StatusTemporaryRedirect, "", nil)
		return
	}
	if challenge := c.challenge(status); challenge != "" {
		c.ec.Response().Header().Set("WWW-Authenticate", challenge)
	}
	if status == http.StatusUnauthorized && c.route.digest {
		for _, challenge := range a.digest.Challenges(c.route.realm, errors.Is(err, digest.ErrStale)) {
			c.ec.Response().Header().Add("WWW-Authenticate", challenge)
		}
	}
	body, ctype := a.format(msg, status)
	a.afterRequest(c, status)
	write(c.ec, status, ctype, body)
}

// loginURL is FSA_401_REDIRECT, with the URL asked for in FSA_URL_NAME
// when it is a GET, for the login page to come back to.
func (a *App) loginURL(r *http.Request) string {
	if r.Method != http.MethodGet {
		return a.config.Redirect401
	}
	scheme := "http"
	if a.proxies.isHTTPS(r) {
		scheme = "https"
	}
	sep := "?"
	if strings.Contains(a.config.Redirect401, "?") {
		sep = "&"
	}
	target := r.URL.RequestURI()
	if r.Host != "" {
		target = scheme + "://" + r.Host + target
	}
	return a.config.Redirect401 + sep + url.Values{a.config.URLName: {target}}.Encode()
}

// challenge returns the WWW-Authenticate header of an answer, if it is a
// 401.
func (c *Context) challenge(status int) string {
	if status != http.StatusUnauthorized {
		return ""
	}
	return c.route.challenge
}

// errorAnswer returns the status, message and headers of an error; an
// internal error has an empty message, for the caller to log and word.
func (a *App) errorAnswer(err error) (int, string, http.Header) {
	if e := asError(err); e != nil {
		msg := e.Message
		if msg == "" {
			msg = strings.ToLower(http.StatusText(e.Status))
		}
		return e.Status, msg, e.Header
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg, ok := he.Message.(string)
		if !ok || msg == http.StatusText(he.Code) {
			msg = strings.ToLower(http.StatusText(he.Code))
		}
		return he.Code, msg, nil
	}
	return a.config.ServerError, "", nil
}

// echoError answers the errors raised by echo itself, such as 404 and 405
// (which keeps its Allow header), through the error format.
func (a *App) echoError(err error, ec echo.Context) {
	if ec.Response().Committed {
		return
	}
	status, msg, _ := a.errorAnswer(err)
	if msg == "" {
		a.log.Error("fsa: internal error", "path", ec.Request().URL.Path, "error", err)
		msg = "internal error"
	}
	body, ctype := a.format(msg, status)
	write(ec, status, ctype, body)
}

// write sends an answer, unless the handler already did through echo.
func write(ec echo.Context, status int, ctype string, body []byte) {
	res := ec.Response()
	if res.Committed {
		return
	}
	if ctype != "" {
		res.Header().Set(echo.HeaderContentType, ctype)
	}
	res.WriteHeader(status)
	if len(body) > 0 && status != http.StatusNoContent && status != http.StatusNotModified && ec.Request().Method != http.MethodHead {
		res.Write(body)
	}
}

// devWriter adds the FSA-User and FSA-Delay headers of modes above prod
// when the answer's header is written.
type devWriter struct {
	http.ResponseWriter
	start       time.Time
	ctx         *Context // set when a route runs
	wroteHeader bool
	status      int
}

func (w *devWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.wroteHeader, w.status = true, status
		user := "None (None)"
		if w.ctx != nil && w.ctx.user != "" {
			user = w.ctx.user + " (" + w.ctx.scheme + ")"
		}
		h := w.Header()
		h.Set("FSA-User", user)
		h.Set("FSA-Delay", fmt.Sprintf("%.6f", time.Since(w.start).Seconds()))
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *devWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *devWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
