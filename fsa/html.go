package fsa

import (
	"html/template"
	"strings"
)

// HTML is a handler's result answered as an HTML page (text/html;
// charset=utf-8). A string result is text/plain, so that a value the
// client sent can never be read as markup: HTML is for markup the app
// made, with html/template, which escapes the values it is given (see
// RenderHTML).
type HTML string

// RenderHTML executes a template (of package html/template, which escapes
// every value by its context: a "<script>" in data is shown, never run)
// with data, and returns the page.
//
//	page := template.Must(template.New("home").Parse(`<h1>Hello, {{.}}!</h1>`))
//	fsa.Get(app, "/", fsa.Auth, func(c *fsa.Context, _ struct{}) (any, error) {
//		return fsa.RenderHTML(page, c.User())
//	})
func RenderHTML(t *template.Template, data any) (HTML, error) {
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	return HTML(b.String()), nil
}
