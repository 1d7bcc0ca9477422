package fsa

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
)

// Context is the request context given to handlers. It is a
// context.Context (the request's), knows the authenticated user and the
// scheme that authenticated it, and sets the response's status and headers.
type Context struct {
	ctx    context.Context // the request's, kept: echo reuses ec once the request ends
	ec     echo.Context
	app    *App
	route  *route
	user   string
	scheme string
	status int
	stage  stage // of the pipeline, named in internal errors
	data   *requestData

	ctype        [1]string // the response's Content-Type, which render sets
	afterDone    bool      // the AfterRequest hooks ran
	scopes       []string  // of the token that authenticated the user
	tokenExpires time.Time // of that token
	token        string    // that token
	answer       *answer   // set by Respond
}

// answer is the response Respond asked for.
type answer struct {
	status int
	result any
}

// errAnswered is what Respond returns: the request ends with its answer.
var errAnswered = errors.New("fsa: the request was answered (Context.Respond)")

// Respond ends the request with an answer of any status from 200 to 599,
// its result written as a handler's is (nil, a string, []byte, or JSON):
// a BeforeRequest or BeforeExec hook returns it to answer the request
// itself (a maintenance page, a cached answer), as a handler may.
//
//	app.BeforeRequest(func(c *fsa.Context) error {
//		if maintenance.Load() {
//			return c.Respond(http.StatusServiceUnavailable, "back soon")
//		}
//		return nil
//	})
//
// AfterRequest hooks run on the answer. Another status is an internal
// error.
func (c *Context) Respond(status int, result any) error {
	if status < 200 || status > 599 {
		return fmt.Errorf("fsa: Respond with status %d: want 200 to 599", status)
	}
	c.answer = &answer{status: status, result: result}
	return errAnswered
}

// Redirect ends the request with a redirection to url, status a 3xx
// (http.StatusFound, http.StatusSeeOther...), as Respond does. Another
// status is an internal error.
func (c *Context) Redirect(status int, url string) error {
	if status < 300 || status > 399 {
		return fmt.Errorf("fsa: Redirect with status %d: want 300 to 399", status)
	}
	c.Header().Set("Location", url)
	return c.Respond(status, nil)
}

// Deadline is the request context's Deadline.
func (c *Context) Deadline() (time.Time, bool) { return c.ctx.Deadline() }

// Done is the request context's Done: closed when the client goes away.
func (c *Context) Done() <-chan struct{} { return c.ctx.Done() }

// Err is the request context's Err.
func (c *Context) Err() error { return c.ctx.Err() }

// Value is the request context's Value.
func (c *Context) Value(key any) any { return c.ctx.Value(key) }

// Request returns the HTTP request.
func (c *Context) Request() *http.Request { return c.ec.Request() }

// Header returns the response's headers, to set before the handler returns.
func (c *Context) Header() http.Header { return c.ec.Response().Header() }

// Status sets the response's status, 200 unless set.
func (c *Context) Status(code int) { c.status = code }

// User returns the authenticated login, "" on a route that needs none.
func (c *Context) User() string { return c.user }

// Scheme returns the scheme that authenticated the user ("basic",
// "token"...), "" when nobody is authenticated.
func (c *Context) Scheme() string { return c.scheme }

// HasScope tells whether the token that authenticated the user carries
// an OAuth scope.
func (c *Context) HasScope(scope string) bool { return slices.Contains(c.scopes, scope) }

// App returns the application serving the request.
func (c *Context) App() *App { return c.app }

// Echo returns the underlying echo context: an escape hatch for echo
// features the framework does not wrap. Writing the response through it
// bypasses the framework's rendering.
func (c *Context) Echo() echo.Context { return c.ec }
