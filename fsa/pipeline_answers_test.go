package fsa_test

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/labstack/echo/v4"
)

// TestBeforeRequestAnswers checks that BeforeRequest hooks run before
// routing, and answer with Context.Respond and Redirect, errors, panics.
func TestBeforeRequestAnswers(t *testing.T) {
	var logs bytes.Buffer
	app := newApp(t, &logs, "FSA_AUTH", []string{"basic", "none"})
	var maintenance atomic.Bool
	var after []int
	app.BeforeRequest(func(c *fsa.Context) error {
		switch p := c.Request().URL.Path; {
		case maintenance.Load():
			return c.Respond(http.StatusServiceUnavailable, "back soon")
		case p == "/cached":
			return c.Respond(http.StatusOK, map[string]int{"answer": 42})
		case p == "/old":
			return c.Redirect(http.StatusMovedPermanently, "/new")
		case p == "/bad-redirect":
			return c.Redirect(http.StatusOK, "/new")
		case p == "/bad-status":
			return c.Respond(99, "x")
		case p == "/teapot":
			return fsa.Err(http.StatusTeapot, "short and stout")
		case p == "/crash":
			return errors.New("hook failed on secret 1234")
		case p == "/panic":
			panic("hook panicked")
		}
		return nil
	})
	app.AfterRequest(func(_ *fsa.Context, status int) { after = append(after, status) })
	fsa.Get(app, "/hello", fsa.Open, hello)
	fsa.Get(app, "/private", fsa.Auth, hello)
	c := client(t, app)
	c.Run(t, []fsatest.Case{
		{Name: "no answer: routed", Path: "/hello", WantStatus: 200, WantExact: fsatest.String("hello")},
		{Name: "no route: still 404", Path: "/nowhere", WantStatus: 404},
		{Name: "a 200 before routing, no route", Path: "/cached", WantStatus: 200, WantJSON: map[string]any{"answer": 42},
			WantHeader: map[string]string{"Content-Type": "application/json"}},
		{Name: "a redirect", Path: "/old", WantStatus: 301, WantHeader: map[string]string{"Location": "/new"}},
		{Name: "an error", Path: "/teapot", WantStatus: 418, WantExact: fsatest.String("short and stout")},
		{Name: "an internal error tells nothing", Path: "/crash", WantStatus: 500,
			WantExact: fsatest.String("internal error caught at before request hook on /crash")},
		{Name: "a panic", Path: "/panic", WantStatus: 500, WantExact: fsatest.String("internal error caught at before request hook on /panic")},
		{Name: "Redirect needs a 3xx", Path: "/bad-redirect", WantStatus: 500},
		{Name: "Respond needs 200 to 599", Path: "/bad-status", WantStatus: 500},
		{Name: "before authentication", Path: "/private", WantStatus: 401},
	})
	if !strings.Contains(logs.String(), "Redirect with status 200") || !strings.Contains(logs.String(), "hook panicked") {
		t.Errorf("logs %q: want the bad Redirect and the panic", logs.String())
	}
	maintenance.Store(true)
	after = nil
	c.Run(t, []fsatest.Case{
		{Name: "maintenance, a route", Path: "/private", WantStatus: 503, WantExact: fsatest.String("back soon")},
		{Name: "maintenance, no route", Path: "/nowhere", WantStatus: 503},
	})
	if len(after) != 2 || after[0] != 503 {
		t.Errorf("AfterRequest saw %v, want the two answers", after)
	}
}

// TestRespondFromHandlerAndBeforeExec checks that BeforeExec hooks and
// handlers answer with Respond too.
func TestRespondFromHandlerAndBeforeExec(t *testing.T) {
	app := newApp(t, nil, "FSA_AUTH", "none")
	app.BeforeExec(func(c *fsa.Context) error {
		if c.Request().Header.Get("Early") != "" {
			return c.Respond(http.StatusAccepted, "from before exec")
		}
		return nil
	})
	fsa.Get(app, "/h", fsa.Open, func(c *fsa.Context, _ none) (any, error) {
		return nil, c.Respond(http.StatusCreated, []byte("made"))
	})
	client(t, app).Run(t, []fsatest.Case{
		{Name: "handler", Path: "/h", WantStatus: 201, WantExact: fsatest.String("made")},
		{Name: "before exec", Path: "/h", Header: http.Header{"Early": {"1"}}, WantStatus: 202, WantExact: fsatest.String("from before exec")},
	})
}

// TestKeepUserErrors checks that FSA_KEEP_USER_ERRORS hands internal
// errors to echo: its middleware sees the handler's error, and its
// HTTPErrorHandler answers; an *fsa.Error keeps its answer.
func TestKeepUserErrors(t *testing.T) {
	dbDown := errors.New("database down")
	app := newApp(t, nil, "FSA_AUTH", "none", "FSA_KEEP_USER_ERRORS", true)
	var seen error
	app.Echo().Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(ec echo.Context) error {
			err := next(ec)
			seen = err
			return err
		}
	})
	fsa.Get(app, "/crash", fsa.Open, func(*fsa.Context, none) (any, error) { return nil, dbDown })
	fsa.Get(app, "/panic", fsa.Open, func(*fsa.Context, none) (any, error) { panic("oops") })
	fsa.Get(app, "/teapot", fsa.Open, func(*fsa.Context, none) (any, error) { return nil, fsa.Err(418, "teapot") })
	c := client(t, app)
	c.Check(t, fsatest.Case{Name: "kept", Path: "/crash", WantStatus: 500,
		WantExact: fsatest.String("The server encountered an internal error and was unable to complete your request.")})
	if !errors.Is(seen, dbDown) {
		t.Errorf("echo middleware saw %v, want the handler's error", seen)
	}
	c.Check(t, fsatest.Case{Name: "panic", Path: "/panic", WantStatus: 500, WantBody: "The server encountered an internal error"})
	if seen == nil || !strings.Contains(seen.Error(), "panic: oops") {
		t.Errorf("echo middleware saw %v for a panic", seen)
	}
	c.Check(t, fsatest.Case{Name: "an *Error is an answer", Path: "/teapot", WantStatus: 418, WantExact: fsatest.String("teapot")})
	if seen != nil {
		t.Errorf("echo middleware saw %v for an *Error", seen)
	}

	// an app's own HTTPErrorHandler gets the error itself
	custom := newApp(t, nil, "FSA_AUTH", "none", "FSA_KEEP_USER_ERRORS", true)
	custom.Echo().HTTPErrorHandler = func(err error, ec echo.Context) {
		if errors.Is(err, dbDown) {
			ec.String(http.StatusServiceUnavailable, "try again later")
			return
		}
		ec.NoContent(http.StatusInternalServerError)
	}
	fsa.Get(custom, "/crash", fsa.Open, func(*fsa.Context, none) (any, error) { return nil, dbDown })
	client(t, custom).Check(t, fsatest.Case{Path: "/crash", WantStatus: 503, WantExact: fsatest.String("try again later")})
}

// TestContextOutlivesRequest checks that a Context read after its request
// (database/sql reads a context's Done from its own goroutines) reads the
// request's context, not echo's context that the next request reuses: a
// data race under -race otherwise.
func TestContextOutlivesRequest(t *testing.T) {
	app := newApp(t, nil, "FSA_AUTH", "none")
	var wg sync.WaitGroup
	fsa.Get(app, "/late", fsa.Open, func(c *fsa.Context, _ none) (any, error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond)
			select {
			case <-c.Done():
			default:
			}
			_ = c.Err()
		}()
		return "ok", nil
	})
	c := client(t, app)
	for range 50 {
		c.Check(t, fsatest.Case{Path: "/late", WantStatus: 200})
	}
	wg.Wait()
}
