package fsa

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is an error with the HTTP status it responds with. Return one (or
// wrap one with %w) from a handler or a hook to respond with its status and
// message; any other error is an internal error, logged and responded to with
// FSA_SERVER_ERROR and a message that tells nothing of it.
type Error struct {
	Status  int         // HTTP status, 400 to 599
	Message string      // shown to the client: never put a secret in it
	Header  http.Header // optional headers added to the response
	Err     error       // optional cause, never shown (logged with 5xx responses)
	// Problems are the problems of a 400 about the request's parameters,
	// one per line of Message, which the "problem" error format lists
	// (FSA_ERROR_RESPONSE); the framework fills them, a handler may too.
	Problems []Problem
}

// Problem is one problem with a request's parameters, as a 400 in the
// "problem" error format lists it.
type Problem struct {
	Name   string `json:"name"`   // the parameter's request name, or its header or cookie name
	In     string `json:"in"`     // where it was, or would have been: path, query, form, json, header or cookie
	Detail string `json:"detail"` // what is wrong: the Message's line
}

// Err returns an *Error with the given status and message, as FlaskSimpleAuth's
// err() does with its arguments the other way round:
// return fsa.Err(404, "no such stuff: pencil"). The status comes first, as
// in Errorf (whose format arguments must come last) and echo.NewHTTPError.
func Err(status int, msg string) *Error {
	return &Error{Status: status, Message: msg}
}

// Errorf returns an *Error with the given status and a formatted message.
func Errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// Error returns the message.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorFormatter writes the body of an error response: it returns the body and
// its content type for a message and a status. See the ErrorFormat option.
type ErrorFormatter func(msg string, status int) (body []byte, contentType string)

// errorFormatter returns the formatter of FSA_ERROR_RESPONSE.
func errorFormatter(mode string) ErrorFormatter {
	switch key, keyed := strings.CutPrefix(mode, "json:"); {
	case keyed:
		return func(msg string, _ int) ([]byte, string) {
			return jsonBody(map[string]string{key: msg}), mimeJSON
		}
	case mode == "json":
		return func(msg string, _ int) ([]byte, string) {
			return jsonBody(msg), mimeJSON
		}
	case mode == "problem":
		return func(msg string, status int) ([]byte, string) {
			return problemBody(msg, status, nil), mimeProblem
		}
	}
	return func(msg string, _ int) ([]byte, string) {
		return []byte(msg), mimeText
	}
}

const (
	mimeJSON    = "application/json"
	mimeText    = "text/plain; charset=utf-8"
	mimeHTML    = "text/html; charset=utf-8"
	mimeProblem = "application/problem+json"
)

// problemDetails is an RFC 9457 problem details object, of the generic
// type about:blank: the status says what kind of problem it is.
type problemDetails struct {
	Type   string    `json:"type"`
	Title  string    `json:"title,omitempty"`
	Status int       `json:"status"`
	Detail string    `json:"detail"`
	Errors []Problem `json:"errors,omitempty"`
}

// problemBody returns the problem details of an error response.
func problemBody(msg string, status int, problems []Problem) []byte {
	return jsonBody(problemDetails{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: msg, Errors: problems})
}

// jsonBody encodes v as a JSON document ending with a new line.
func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil { // strings, maps of strings and problem details always encode
		panic(err)
	}
	return append(b, '\n')
}

// asError returns the *Error in err's chain, or nil.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) && e.Status >= 400 && e.Status <= 599 {
		return e
	}
	return nil
}
