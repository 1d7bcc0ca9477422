package fsa

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"runtime/debug"
	"strings"
	"time"

	"github.com/fsa-go/fsa-go/internal/digest"
	"github.com/fsa-go/fsa-go/internal/guard"
	"github.com/labstack/echo/v4"
)

// This file is the request path, in call order: ServeHTTP, then echo's
// routing, then run, the route's pipeline (authorization, authentication,
// parameters, object permissions, hooks, the handler) and the response,
// rendered or an error, with the after-request hooks.

// A stage is the step of the pipeline a request is in; an internal error
// names it in its log line and its response.
type stage uint8

// The stages of the pipeline, in order.
const (
	stageAuthorization stage = iota
	stageBeforeRequest
	stageAuthentication
	stageGroups
	stageScopes
	stageParameters
	stageObjects
	stageBeforeExec
	stageHandler
)

// stageNames are the stages as FlaskSimpleAuth names them.
var stageNames = [...]string{
	stageAuthorization:  "authorization",
	stageBeforeRequest:  "before request hook",
	stageAuthentication: "authentication",
	stageGroups:         "group authorization",
	stageScopes:         "oauth authorization",
	stageParameters:     "parameters",
	stageObjects:        "perm authorization",
	stageBeforeExec:     "before exec hook",
	stageHandler:        "handler",
}

func (s stage) String() string { return stageNames[s] }

// ServeHTTP serves a request. An app whose declarations do not check
// responds to every request with a 500 and serves nothing.
//
// Before routing, it sets the headers of every response, refuses request
// targets over Limits.URLBytes (414) and, with FSA_SECURE, requests that
// did not come over HTTPS (403); in modes above prod it adds the FSA-*
// headers.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if c := guard.ConnOf(r); c != nil { // served by the App's Server
		c.RequestStarts(w, r)
		defer c.RequestEnds()
	}

	h := w.Header()
	// the headers of every response, their values in one allocation; each
	// slice's capacity is its length, so that an Add copies it
	values := make([]string, 1+len(a.addHeaders))
	values[0] = "nosniff"
	h["X-Content-Type-Options"] = values[0:1:1]
	for i, header := range a.addHeaders {
		values[i+1] = header[1]
		h[header[0]] = values[i+1 : i+2 : i+2]
	}

	if err := a.Check(); err != nil {
		a.log.Error("fsa: refusing to serve an app that does not check", "error", err)
		a.refuse(w, "internal error: the app's declarations do not check", http.StatusInternalServerError)
		return
	}
	if size := len(r.RequestURI); size > a.limits.URLBytes || size == 0 && len(r.URL.Path)+1+len(r.URL.RawQuery) > a.limits.URLBytes {
		a.refuse(w, "request URI too long", http.StatusRequestURITooLong)
		return
	}
	if r.URL.RawPath != "" && !strings.Contains(strings.ToLower(r.URL.RawPath), "%2f") {
		// route on the decoded path (/hel%6Co is /hello), unless an encoded
		// slash would then split a segment in two
		r.URL.RawPath = ""
	}
	if a.config.Secure && !a.proxies.secure(r) {
		// credentials sent in clear are compromised: refuse before reading them
		a.refuse(w, "insecure request: use HTTPS", http.StatusForbidden)
		return
	}

	if a.config.mode < modeDev {
		a.echo.ServeHTTP(w, r)
		return
	}
	dw := &devWriter{ResponseWriter: w, start: time.Now()}
	h.Set("FSA-Request", r.Method+" "+r.URL.EscapedPath())
	a.echo.ServeHTTP(dw, r)
	if a.config.mode >= modeDebug1 {
		a.log.Debug("fsa: request", "method", r.Method, "path", r.URL.Path, "status", dw.status,
			"user", dw.Header().Get("FSA-User"), "delay", time.Since(dw.start))
	}
}

// refuse responds to a request the app does not route, with the error
// formatter's body.
func (a *App) refuse(w http.ResponseWriter, msg string, status int) {
	body, ctype := a.format(msg, status)
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	w.Write(body)
}

// msgServerError answers an internal error that reaches echoError: Flask's
// generic words, which say nothing of the cause.
const msgServerError = "The server encountered an internal error and was unable to complete your request."

// echoError responds to the errors raised by echo itself, such as 404 and
// 405 (which keeps its Allow header), and to the internal errors
// FSA_KEEP_USER_ERRORS hands to echo, through the error format.
func (a *App) echoError(err error, ec echo.Context) {
	if ec.Response().Committed {
		return
	}
	status, msg, _, _ := a.errorResponse(err)
	if msg == "" {
		a.log.Error("fsa: internal error", "path", ec.Request().URL.Path, "error", err)
		msg = msgServerError
	}
	body, ctype := a.format(msg, status)
	write(ec, status, ctype, body)
}

// run is the echo handler of route r: it runs the pipeline and writes its
// result, its answer or its error. A panic is an internal error.
func (a *App) run(r *route, ec echo.Context) (err error) {
	c := &Context{ctx: ec.Request().Context(), ec: ec, app: a, route: r}
	if dw, ok := ec.Response().Writer.(*devWriter); ok { // made by ServeHTTP
		dw.ctx = c
	}
	defer func() {
		if p := recover(); p != nil {
			err = a.finish(c, nil, panicError(p))
		}
	}()
	result, err := a.pipeline(c, r)
	return a.finish(c, result, err)
}

// beforeRouting is echo's Pre middleware when there are BeforeRequest
// hooks: they run before the request is routed, so on requests that no
// route serves too, and may answer it (Context.Respond) or stop it with
// an error; else echo routes it.
func (a *App) beforeRouting(next echo.HandlerFunc) echo.HandlerFunc {
	return func(ec echo.Context) error {
		req := ec.Request()
		c := &Context{ctx: req.Context(), ec: ec, app: a, route: &route{method: req.Method, path: req.URL.Path}, stage: stageBeforeRequest}
		if dw, ok := ec.Response().Writer.(*devWriter); ok {
			dw.ctx = c
		}
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = panicError(p)
				}
			}()
			return runHooks(c, a.beforeRequest)
		}()
		if err != nil {
			return a.finish(c, nil, err)
		}
		return next(ec)
	}
}

// panicError is the internal error of a panic, with its stack; net/http's
// http.ErrAbortHandler goes on, as net/http's way to abort a response.
func panicError(p any) error {
	if p == http.ErrAbortHandler {
		panic(p)
	}
	return fmt.Errorf("panic: %v\n%s", p, debug.Stack())
}

// finish writes the end of a request: its answer (Context.Respond), its
// error, or its result. With FSA_KEEP_USER_ERRORS an internal error is
// returned instead, for echo's middleware and HTTPErrorHandler.
func (a *App) finish(c *Context, result any, err error) error {
	switch {
	case err == nil:
		a.render(c, result)
	case errors.Is(err, errAnswered) && c.answer != nil:
		c.status = c.answer.status
		a.render(c, c.answer.result)
	case a.config.KeepUserErrors && asError(err) == nil && !isHTTPError(err):
		a.log.Error("fsa: internal error, kept for echo", "route", c.route.String(), "stage", c.stage.String(), "error", err)
		return err
	default:
		a.writeError(c, err)
	}
	return nil
}

// isHTTPError tells whether err is echo's *HTTPError, which keeps its
// status and message.
func isHTTPError(err error) bool {
	var he *echo.HTTPError
	return errors.As(err, &he)
}

// pipeline runs the steps of a request up to the handler's result, in
// FlaskSimpleAuth's order (the before-request hooks ran before routing):
// the Close check, authentication, groups and scopes, then r.call, which
// fills the input and calls prepare and the handler.
func (a *App) pipeline(c *Context, r *route) (any, error) {
	c.stage = stageAuthorization
	if r.access.level == Close {
		return nil, Err(http.StatusForbidden, "currently closed route")
	}

	if r.access.level != Open {
		c.stage = stageAuthentication
		if err := c.authenticate(r.schemes); err != nil {
			return nil, err
		}

		c.stage = stageGroups
		if err := a.checkGroups(c, r.access.groups); err != nil {
			return nil, err
		}

		c.stage = stageScopes
		for _, scope := range r.access.scopes {
			if !c.HasScope(scope) {
				return nil, Errorf(http.StatusForbidden, "missing permission %q", scope)
			}
		}
		a.setTokenCookie(c)
	}

	c.stage = stageParameters
	return r.call(c)
}

// callHandler returns the function that fills a route's input and calls its
// handler: the only part of the pipeline that knows the input's type.
func callHandler[In, Out any](h HandlerFunc[In, Out]) func(*Context) (any, error) {
	return func(c *Context) (any, error) {
		var in In
		var v reflect.Value
		if p := c.route.plan; len(p.fields) > 0 || c.app.config.RejectUnexpectedParam {
			v = reflect.ValueOf(&in).Elem() // else nothing to fill: in is not touched
		}
		if err := c.app.prepare(c, v); err != nil {
			return nil, err
		}
		c.stage = stageHandler
		out, err := h(c, in)
		return out, err
	}
}

// prepare fills the input in (when valid) from the request, checks the
// route's object permissions on its values, then runs the before-exec
// hooks.
func (a *App) prepare(c *Context, in reflect.Value) error {
	if in.IsValid() {
		if err := c.route.plan.fill(c, in, c.route.authParams); err != nil {
			return err
		}
		if objects := c.route.objects; len(objects) > 0 {
			c.stage = stageObjects
			if err := a.checkObjects(c, objects, in); err != nil {
				return err
			}
		}
	}

	if hooks := a.beforeExec; len(hooks) > 0 {
		c.stage = stageBeforeExec
		if err := runHooks(c, hooks); err != nil {
			return err
		}
	}
	return nil
}

// runHooks runs before-hooks in order; the first error stops.
func runHooks(c *Context, hooks []func(*Context) error) error {
	for _, hook := range hooks {
		if err := hook(c); err != nil {
			return err
		}
	}
	return nil
}

// render writes a handler's result: nil is an empty body, a string
// text/plain, HTML text/html, []byte application/octet-stream, an
// iterator a JSON array (stream), anything else JSON; unless the handler
// wrote the response itself, through echo.
func (a *App) render(c *Context, result any) {
	if res := c.ec.Response(); res.Committed { // the handler wrote it, through echo
		a.afterRequest(c, res.Status)
		return
	}
	status := c.status
	if status == 0 && c.route != nil {
		status = c.route.status
	}
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
	case HTML:
		body, ctype = []byte(v), mimeHTML
	case []byte:
		body, ctype = v, cmp.Or(a.config.DefaultContentType, "application/octet-stream")
	case jsonBytes:
		body, ctype = v, mimeJSON
	default:
		if it, ok := iterable(v); ok {
			a.stream(c, status, it)
			return
		}
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

// writeError responds with an error: an *Error or echo's *HTTPError keep
// their status and message; any other error is logged and responded to
// with FSA_SERVER_ERROR and a message that names only where it happened.
// A 401 carries the route's challenges, or redirects to FSA_401_REDIRECT.
func (a *App) writeError(c *Context, err error) {
	status, msg, header, problems := a.errorResponse(err)
	switch {
	case msg == "":
		a.log.Error("fsa: internal error", "route", c.route.String(), "stage", c.stage.String(), "error", err)
		msg = fmt.Sprintf("internal error caught at %s on %s", c.stage, c.route.path)
	case status >= 500 && !errors.Is(err, errGateFull) && !errors.Is(err, errStateDown):
		// shedding is counted, a shared store lost warned of once a minute
		a.log.Error("fsa: server error", "route", c.route.String(), "stage", c.stage.String(), "status", status, "error", err)
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
	if status == http.StatusUnauthorized && c.route.challenge != "" {
		c.ec.Response().Header().Set("WWW-Authenticate", c.route.challenge)
	}
	if status == http.StatusUnauthorized && c.route.digest {
		for _, challenge := range a.digest.Challenges(c.route.realm, errors.Is(err, digest.ErrStale)) {
			c.ec.Response().Header().Add("WWW-Authenticate", challenge)
		}
	}

	body, ctype := a.format(msg, status)
	if a.problemFormat && len(problems) > 0 {
		body = problemBody(msg, status, problems)
	}
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

// errorResponse returns the status, message, headers and parameter
// problems of an error; an internal error has an empty message, for the
// caller to log and word.
func (a *App) errorResponse(err error) (int, string, http.Header, []Problem) {
	if e := asError(err); e != nil {
		msg := e.Message
		if msg == "" {
			msg = strings.ToLower(http.StatusText(e.Status))
		}
		return e.Status, msg, e.Header, e.Problems
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg, ok := he.Message.(string)
		if !ok || msg == http.StatusText(he.Code) {
			msg = strings.ToLower(http.StatusText(he.Code))
		}
		return he.Code, msg, nil, nil
	}
	return a.config.ServerError, "", nil, nil
}

// afterRequest runs the AfterRequest hooks, once per request.
func (a *App) afterRequest(c *Context, status int) {
	if len(a.afterHooks) == 0 || c.afterDone {
		return
	}
	c.afterDone = true
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("fsa: panic in an AfterRequest hook", "route", c.route.String(), "panic", p)
		}
	}()
	for _, hook := range a.afterHooks {
		hook(c, status)
	}
}

// write sends a response, unless the handler already did through echo.
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
// when the response's header is written. ServeHTTP makes it; run gives it
// the route's Context, which knows the user.
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
