package fsa

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
)

// Context is the request context given to handlers. It is a
// context.Context (the request's), knows the authenticated user and the
// scheme that authenticated it, and sets the response's status and headers.
type Context struct {
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
}

// Deadline is the request context's Deadline.
func (c *Context) Deadline() (time.Time, bool) { return c.ec.Request().Context().Deadline() }

// Done is the request context's Done: closed when the client goes away.
func (c *Context) Done() <-chan struct{} { return c.ec.Request().Context().Done() }

// Err is the request context's Err.
func (c *Context) Err() error { return c.ec.Request().Context().Err() }

// Value is the request context's Value.
func (c *Context) Value(key any) any { return c.ec.Request().Context().Value(key) }

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
