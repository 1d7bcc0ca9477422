package fsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"reflect"

	"github.com/labstack/echo/v4"
)

// This file renders a handler's iterator result as a JSON array:
// iter.Seq[T], iter.Seq2[T, error], or a receive channel of T.

// errorType is the type of error values.
var errorType = reflect.TypeFor[error]()

// iterable tells whether a result is an iterator the framework writes as a
// JSON array: an iter.Seq[T] (any func(yield func(T) bool)), an
// iter.Seq2[T, error], or a channel it can receive from.
func iterable(result any) (reflect.Value, bool) {
	v := reflect.ValueOf(result)
	switch v.Kind() {
	case reflect.Func:
		t := v.Type()
		if t.CanSeq() || t.CanSeq2() && t.In(0).In(1) == errorType {
			return v, !v.IsNil()
		}
	case reflect.Chan:
		return v, v.Type().ChanDir()&reflect.RecvDir != 0 && !v.IsNil()
	}
	return reflect.Value{}, false
}

// items returns the items of an iterable value, each with the error an
// iter.Seq2[T, error] gives with it.
func items(v reflect.Value) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		if v.Kind() == reflect.Func && v.Type().CanSeq2() {
			for item, err := range v.Seq2() {
				e, _ := err.Interface().(error)
				if !yield(item.Interface(), e) {
					return
				}
			}
			return
		}
		for item := range v.Seq() {
			if !yield(item.Interface(), nil) {
				return
			}
		}
	}
}

// stream writes the items of an iterator result as a JSON array, "[0,1,2]"
// and a new line as a slice would be. An error (of an iter.Seq2, or an
// item that does not encode) before the first item is an ordinary error
// answer. With FSA_JSON_STREAMING (the default), items are written as they
// come, so that memory stays bounded whatever the length; an error after
// the first item, once the 200 is sent, cuts the array and aborts the
// connection (http.ErrAbortHandler), so that the client sees a truncated
// answer, never a complete one. Without it, the items are collected and
// the array written whole, and any error is an ordinary answer.
//
// A failed write (the client went away) stops the iteration. The iterator
// should also watch the request's context (c.Done()); a goroutine sending
// on a result channel should select on it too, as nothing reads the
// channel once the request ends.
func (a *App) stream(c *Context, status int, v reflect.Value) {
	next, stop := iter.Pull2(items(v))
	defer stop()
	first, err := a.nextItem(next)
	if err != nil {
		a.writeError(c, err)
		return
	}

	var buf bytes.Buffer
	buf.WriteByte('[')
	if !a.config.JSONStreaming {
		for item := first; item != nil; {
			if buf.Len() > 1 {
				buf.WriteByte(',')
			}
			buf.Write(item)
			if item, err = a.nextItem(next); err != nil {
				a.writeError(c, err)
				return
			}
		}
		buf.WriteString("]\n")
		a.afterRequest(c, status)
		write(c.ec, status, mimeJSON, buf.Bytes())
		return
	}

	a.afterRequest(c, status)
	res := c.ec.Response()
	res.Header().Set(echo.HeaderContentType, mimeJSON)
	res.WriteHeader(status)
	if c.ec.Request().Method == http.MethodHead {
		return
	}
	for item, comma := first, false; item != nil; comma = true {
		if comma {
			buf.WriteByte(',')
		}
		buf.Write(item)
		if _, err := res.Write(buf.Bytes()); err != nil { // net/http buffers, then sends chunks
			return // the client is gone: stop iterating
		}
		buf.Reset()
		if item, err = a.nextItem(next); err != nil {
			a.log.Error("fsa: JSON stream cut", "route", c.route.String(), "error", err)
			panic(http.ErrAbortHandler) // the client sees a truncated body
		}
	}
	buf.WriteString("]\n")
	res.Write(buf.Bytes())
}

// nextItem returns the JSON of the next item, nil at the end, or the
// iterator's error, or the item's encoding error.
func (a *App) nextItem(next func() (any, error, bool)) ([]byte, error) {
	item, err, ok := next()
	switch {
	case !ok:
		return nil, nil
	case err != nil:
		return nil, err
	}
	b, err := json.Marshal(item)
	if err != nil {
		return nil, fmt.Errorf("cannot encode an item of the result as JSON: %w", err)
	}
	return b, nil
}
