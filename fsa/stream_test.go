package fsa_test

import (
	"errors"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// count is range(n) as an iterator.
func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// failing yields n items, then an error.
func failing(n int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := range n {
			if !yield(i, nil) {
				return
			}
		}
		yield(0, errors.New("cursor lost on 10.0.0.1"))
	}
}

// streamRoutes declares routes answering iterators.
func streamRoutes(app *fsa.App) {
	type n struct {
		N int `default:"3"`
	}
	fsa.Get(app, "/seq", fsa.Open, func(_ *fsa.Context, in n) (any, error) { return count(in.N), nil })
	fsa.Get(app, "/chan", fsa.Open, func(_ *fsa.Context, in n) (any, error) {
		ch := make(chan string)
		go func() {
			defer close(ch)
			for i := range in.N {
				ch <- strings.Repeat("x", i)
			}
		}()
		return (<-chan string)(ch), nil
	})
	fsa.Get(app, "/fail", fsa.Open, func(_ *fsa.Context, in n) (any, error) { return failing(in.N), nil })
	fsa.Get(app, "/teapot", fsa.Open, func(_ *fsa.Context, in n) (any, error) {
		return iter.Seq2[int, error](func(yield func(int, error) bool) { yield(0, fsa.Err(418, "teapot")) }), nil
	})
	fsa.Get(app, "/bad-item", fsa.Open, func(*fsa.Context, struct{}) (any, error) {
		return iter.Seq[any](func(yield func(any) bool) { yield(func() {}) }), nil
	})
	fsa.Get(app, "/pairs", fsa.Open, func(*fsa.Context, struct{}) (any, error) {
		return iter.Seq2[int, int](func(yield func(int, int) bool) { yield(1, 2) }), nil
	})
}

func TestJSONStreaming(t *testing.T) {
	for _, streaming := range []bool{true, false} {
		name := map[bool]string{true: "streaming", false: "collected"}[streaming]
		t.Run(name, func(t *testing.T) {
			app := newApp(t, nil, "FSA_AUTH", "none", "FSA_JSON_STREAMING", streaming)
			streamRoutes(app)
			json := map[string]string{"Content-Type": "application/json"}
			client(t, app).Run(t, []fsatest.Case{
				{Name: "iter.Seq", Path: "/seq", WantStatus: 200, WantExact: fsatest.String("[0,1,2]\n"), WantHeader: json},
				{Name: "empty", Path: "/seq?n=0", WantStatus: 200, WantExact: fsatest.String("[]\n"), WantHeader: json},
				{Name: "one", Path: "/seq?n=1", WantStatus: 200, WantExact: fsatest.String("[0]\n")},
				{Name: "channel", Path: "/chan", WantStatus: 200, WantExact: fsatest.String(`["","x","xx"]` + "\n")},
				{Name: "error before the first item", Path: "/fail?n=0", WantStatus: 500,
					WantExact: fsatest.String("internal error caught at handler on /fail")},
				{Name: "an *Error before the first item", Path: "/teapot", WantStatus: 418, WantExact: fsatest.String("teapot")},
				{Name: "an item JSON cannot encode", Path: "/bad-item", WantStatus: 500},
				{Name: "a Seq2 of other pairs is no stream", Path: "/pairs", WantStatus: 500},
				{Name: "HEAD", Method: "HEAD", Path: "/seq", WantStatus: 200, WantExact: fsatest.String(""), WantHeader: json},
			})
			if !streaming {
				client(t, app).Check(t, fsatest.Case{Name: "error after items, collected", Path: "/fail?n=2", WantStatus: 500})
			}
		})
	}
}

// TestJSONStreamCut checks, over a real connection, that an error after
// the 200 cuts the array: the client reads a truncated body and an error,
// never a complete array.
func TestJSONStreamCut(t *testing.T) {
	app := newApp(t, nil, "FSA_AUTH", "none")
	streamRoutes(app)
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/fail?n=2000")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if res.StatusCode != 200 || err == nil {
		t.Fatalf("status %d, read error %v, want 200 and a read error", res.StatusCode, err)
	}
	if !strings.HasPrefix(string(body), "[0,1,2,") || strings.HasSuffix(string(body), "]\n") || strings.Contains(string(body), "10.0.0.1") {
		t.Errorf("body %.40q...%q: want the array's start, cut", body, body[max(0, len(body)-10):])
	}

	// a long stream is written as it comes, and whole
	res, err = http.Get(srv.URL + "/seq?n=100000")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err = io.ReadAll(res.Body)
	if err != nil || res.ContentLength != -1 || !strings.HasSuffix(string(body), ",99999]\n") {
		t.Errorf("length %d, error %v, end %q: want a chunked, complete array", res.ContentLength, err, body[max(0, len(body)-10):])
	}
}
