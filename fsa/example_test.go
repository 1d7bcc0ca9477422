package fsa_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/fsa-go/fsa-go/fsa"
)

// An app with an open route and a closed one. The authorization is a
// required argument of every route.
func ExampleNew() {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.ConfigData("acme.conf", []byte(`
FSA_MODE = "prod"
FSA_ERROR_RESPONSE = "json:error"
`)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fsa.Get(app, "/hello", fsa.Open, func(*fsa.Context, struct{}) (any, error) {
		return map[string]string{"msg": "hello"}, nil
	})
	fsa.Delete(app, "/hello", fsa.Close, func(*fsa.Context, struct{}) (any, error) {
		return nil, nil
	})
	h, err := app.Handler()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, method := range []string{"GET", "DELETE"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, "/hello", nil))
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// Output:
	// 200 {"msg":"hello"}
	// 403 {"error":"currently closed route"}
}

// Handler input: fields are request parameters, named in snake_case (or
// by a param tag), converted to their types and validated; problems come
// back all at once in one 400.
func ExampleGet() {
	type Sum struct {
		A     int  `validate:"gte=0"`
		B     int  `default:"1"`
		Twice bool `param:"x2" default:"false"`
	}
	app, _ := fsa.New("calc", fsa.LookupEnv(nil))
	fsa.Get(app, "/sum", fsa.Open, func(c *fsa.Context, in Sum) (any, error) {
		sum := in.A + in.B
		if in.Twice {
			sum *= 2
		}
		return fmt.Sprint(sum), nil
	})
	h, _ := app.Handler()
	for _, query := range []string{"a=0x10", "a=2&b=3&x2=true", "a=-1&c=3"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/sum?"+query, nil))
		fmt.Printf("%d %s\n", rec.Code, strings.ReplaceAll(rec.Body.String(), "\n", "; "))
	}
	// Output:
	// 200 17
	// 200 10
	// 400 parameter "a" fails validation "gte=0"; unexpected http parameter "c"
}

// A handler's error: an *fsa.Error keeps its status; any other error is an
// internal error whose cause is logged, never shown.
func ExampleErr() {
	type Stuff struct {
		Name string
	}
	app, _ := fsa.New("acme", fsa.LookupEnv(nil), fsa.Set("FSA_ERROR_RESPONSE", "json:error"))
	fsa.Post(app, "/stuff", fsa.Open, func(c *fsa.Context, in Stuff) (any, error) {
		if in.Name == "pinte" {
			return nil, fsa.Err("cannot overwrite existing stuff: pinte", http.StatusConflict)
		}
		c.Status(http.StatusCreated)
		return "stuff added: " + in.Name, nil
	})
	h, _ := app.Handler()
	for _, name := range []string{"verre", "pinte"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/stuff", strings.NewReader(url.Values{"name": {name}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 201 stuff added: verre
	// 409 {"error":"cannot overwrite existing stuff: pinte"}
}
