package fsa_test

import (
	"html/template"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

func TestHTMLAnswers(t *testing.T) {
	app := newApp(t, nil, "FSA_AUTH", "none")
	page := template.Must(template.New("hello").Parse(`<h1>Hello, {{.}}!</h1>`))
	type who struct{ Who string }
	fsa.Get(app, "/page", fsa.Open, func(_ *fsa.Context, in who) (any, error) { return fsa.RenderHTML(page, in.Who) })
	fsa.Get(app, "/broken", fsa.Open, func(*fsa.Context, struct{}) (any, error) {
		return fsa.RenderHTML(template.Must(template.New("x").Parse(`{{.Missing}}`)), 42)
	})
	html := map[string]string{"Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": "nosniff"}
	fsa.Get(app, "/text", fsa.Open, func(_ *fsa.Context, in who) (any, error) { return "Hello, " + in.Who, nil })
	client(t, app).Run(t, []fsatest.Case{
		{Name: "a page", Path: "/page?who=calvin", WantStatus: 200, WantExact: fsatest.String("<h1>Hello, calvin!</h1>"), WantHeader: html},
		{Name: "a value is escaped", Path: "/page?who=%3Cscript%3Ealert(1)%3C/script%3E", WantStatus: 200,
			WantExact: fsatest.String("<h1>Hello, &lt;script&gt;alert(1)&lt;/script&gt;!</h1>"), WantHeader: html},
		{Name: "a template error is an internal error", Path: "/broken", WantStatus: 500},
		{Name: "a string stays text", Path: "/text?who=%3Cscript%3E", WantStatus: 200,
			WantExact: fsatest.String("Hello, <script>"), WantHeader: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
	})
}

// TestTypedResults checks handlers that return a concrete type: rendered
// as the same value returned as any.
func TestTypedResults(t *testing.T) {
	type stuff struct {
		Name  string  `json:"name"`
		Price float64 `json:"price"`
	}
	app := newApp(t, nil, "FSA_AUTH", "none")
	fsa.Get(app, "/struct", fsa.Open, func(*fsa.Context, struct{}) (stuff, error) { return stuff{"pen", 1.5}, nil })
	fsa.Get(app, "/text", fsa.Open, func(*fsa.Context, struct{}) (string, error) { return "hello", nil })
	fsa.Get(app, "/nil", fsa.Open, func(*fsa.Context, struct{}) (*stuff, error) { return nil, nil })
	fsa.Get(app, "/error", fsa.Open, func(*fsa.Context, struct{}) (stuff, error) { return stuff{}, fsa.Err(404, "no stuff") })
	fsa.Get(app, "/html", fsa.Open, func(*fsa.Context, struct{}) (fsa.HTML, error) { return "<p>hi</p>", nil })
	client(t, app).Run(t, []fsatest.Case{
		{Name: "struct", Path: "/struct", WantStatus: 200, WantExact: fsatest.String(`{"name":"pen","price":1.5}` + "\n")},
		{Name: "string", Path: "/text", WantStatus: 200, WantExact: fsatest.String("hello"),
			WantHeader: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
		{Name: "a nil pointer is JSON null", Path: "/nil", WantStatus: 200, WantExact: fsatest.String("null\n")},
		{Name: "error", Path: "/error", WantStatus: 404, WantExact: fsatest.String("no stuff")},
		{Name: "html", Path: "/html", WantStatus: 200, WantExact: fsatest.String("<p>hi</p>"),
			WantHeader: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
	})
}
