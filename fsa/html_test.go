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
