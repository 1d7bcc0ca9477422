package fsa_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// FSA_ERROR_RESPONSE = "problem": every error response is an RFC 9457
// problem details object, application/problem+json, from the pipeline,
// from echo and from before routing.
func TestProblemErrors(t *testing.T) {
	app := newApp(t, nil, "FSA_ERROR_RESPONSE", "problem", "FSA_AUTH", []string{"basic", "none"},
		"FSA_PASSWORD_SCHEME", "plaintext")
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes"}[login], nil
	})
	app.GroupCheck("admin", func(context.Context, string) (bool, error) { return false, nil })
	fsa.Get(app, "/hello", fsa.Open, hello)
	fsa.Get(app, "/me", fsa.Auth, hello)
	fsa.Get(app, "/admin", fsa.Group("admin"), hello)
	fsa.Get(app, "/closed", fsa.Close, hello)
	fsa.Get(app, "/oops", fsa.Open, func(*fsa.Context, none) (any, error) { return nil, context.Canceled })
	fsa.Get(app, "/teapot", fsa.Open, func(*fsa.Context, none) (any, error) {
		return nil, &fsa.Error{Status: 418, Message: "no coffee", Problems: []fsa.Problem{{Name: "drink", In: "query", Detail: "no coffee"}}}
	})
	fsa.Post(app, "/upload", fsa.Open, func(*fsa.Context, struct{ Data string }) (any, error) { return "ok", nil })
	c := client(t, app)

	problem := func(status int, title, detail string) *string {
		d, _ := json.Marshal(detail)
		s := fmt.Sprintf(`{"type":"about:blank",%s"status":%d,"detail":%s}`+"\n", title, status, d)
		return &s
	}
	ctype := map[string]string{"Content-Type": "application/problem+json"}
	calvin := fsatest.Basic("calvin", "hobbes")
	c.Run(t, []fsatest.Case{
		{Name: "401", Path: "/me", WantStatus: 401, WantHeader: ctype,
			WantExact: problem(401, `"title":"Unauthorized",`, "missing authentication")},
		{Name: "403 group", Path: "/admin", Auth: calvin, WantStatus: 403, WantHeader: ctype,
			WantExact: problem(403, `"title":"Forbidden",`, `not in group "admin"`)},
		{Name: "403 closed", Path: "/closed", WantStatus: 403, WantHeader: ctype,
			WantExact: problem(403, `"title":"Forbidden",`, "currently closed route")},
		{Name: "404 echo", Path: "/nowhere", WantStatus: 404, WantHeader: ctype,
			WantExact: problem(404, `"title":"Not Found",`, "not found")},
		{Name: "405 echo", Method: "DELETE", Path: "/hello", WantStatus: 405, WantHeader: ctype,
			WantExact: problem(405, `"title":"Method Not Allowed",`, "method not allowed")},
		{Name: "413", Method: "POST", Path: "/upload", Form: map[string][]string{"data": {strings.Repeat("x", 2<<20)}},
			WantStatus: 413, WantHeader: ctype, WantBody: `"status":413`},
		{Name: "414 before routing", Path: "/hello?" + strings.Repeat("x", 9<<10), WantStatus: 414, WantHeader: ctype,
			WantExact: problem(414, `"title":"Request URI Too Long",`, "request URI too long")},
		{Name: "500", Path: "/oops", WantStatus: 500, WantHeader: ctype,
			WantExact: problem(500, `"title":"Internal Server Error",`, "internal error caught at handler on /oops")},
		{Name: "a handler's problems", Path: "/teapot", WantStatus: 418, WantHeader: ctype,
			WantExact: exactBody(`{"type":"about:blank","title":"I'm a teapot","status":418,"detail":"no coffee",` +
				`"errors":[{"name":"drink","in":"query","detail":"no coffee"}]}` + "\n")},
	})
}

// A 400 in the problem format lists each problem: the parameter's request
// name, where it was or would have been, and the message's line.
func TestProblemParameters(t *testing.T) {
	app := newApp(t, nil, "FSA_ERROR_RESPONSE", "problem")
	type in struct {
		ID    int    `validate:"gt=0"`
		Page  int    `validate:"gte=1"`
		Name  string `validate:"min=2"`
		Agent string `header:"X-Agent" validate:"len=3"`
		Lang  string `cookie:"lang"`
	}
	fsa.Put(app, "/items/<int:id>", fsa.Open, func(*fsa.Context, in) (any, error) { return "ok", nil })
	c := client(t, app)

	body := func(detail string, problems ...fsa.Problem) *string {
		b, _ := json.Marshal(struct {
			Type   string        `json:"type"`
			Title  string        `json:"title"`
			Status int           `json:"status"`
			Detail string        `json:"detail"`
			Errors []fsa.Problem `json:"errors"`
		}{"about:blank", "Bad Request", 400, detail, problems})
		return exactBody(string(b) + "\n")
	}
	join := func(problems ...fsa.Problem) string {
		lines := make([]string, len(problems))
		for i, p := range problems {
			lines[i] = p.Detail
		}
		return strings.Join(lines, "\n")
	}
	p := func(name, in, detail string) fsa.Problem { return fsa.Problem{Name: name, In: in, Detail: detail} }

	form := []fsa.Problem{
		p("id", "path", `parameter "id" must be greater than 0`),
		p("page", "query", `parameter "page" must be an integer`),
		p("name", "form", `parameter "name" is missing`),
		p("X-Agent", "header", `header "X-Agent" is missing`),
		p("lang", "cookie", `cookie "lang" is missing`),
		p("extra", "form", `unexpected http parameter "extra"`),
	}
	jsonBody := []fsa.Problem{
		p("id", "path", `parameter "id" must be greater than 0`),
		p("page", "json", `parameter "page" must be at least 1`),
		p("name", "json", `parameter "name" must have at least 2 characters`),
		p("X-Agent", "header", `header "X-Agent" must have 3 characters`),
		p("lang", "cookie", `cookie "lang" is missing`),
		p("extra", "json", `unexpected json parameter "extra"`),
	}
	c.Run(t, []fsatest.Case{
		{Name: "query and form", Method: "PUT", Path: "/items/0?page=one", Form: map[string][]string{"extra": {"1"}},
			WantStatus: 400, WantHeader: map[string]string{"Content-Type": "application/problem+json"},
			WantExact: body(join(form...), form...)},
		{Name: "json", Method: "PUT", Path: "/items/0", JSON: map[string]any{"page": 0, "name": "x", "extra": 1},
			Header: map[string][]string{"X-Agent": {"abcd"}}, WantStatus: 400, WantExact: body(join(jsonBody...), jsonBody...)},
	})
}
