package fsa_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/fsa-go/fsa-go/fsa"
)

// A blueprint groups routes under a path prefix; each keeps its own
// authorization. A function that takes a Router declares the same routes
// on the app or on any blueprint, as a Flask blueprint registered under
// several prefixes; blueprints nest.
func ExampleApp_Blueprint() {
	app := exampleApp(`
FSA_AUTH = ["basic", "none"]
FSA_PASSWORD_SCHEME = "plaintext"
`)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": "hobbes"}[login], nil // plaintext: a test only
	})
	words := func(r fsa.Router) {
		fsa.Get(r, "/words/<word>", fsa.Auth, func(_ *fsa.Context, in struct {
			Word string
			N    int `default:"1"`
		}) (any, error) {
			return strings.TrimSpace(strings.Repeat(in.Word+" ", in.N)), nil
		})
		fsa.Get(r, "", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return "words here", nil })
	}
	v1 := app.Blueprint("/v1")
	words(v1)
	words(v1.Blueprint("/fr"))
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}

	exampleDo(h, "GET", "/v1")
	exampleDo(h, "GET", "/v1/words/hello")
	exampleDo(h, "GET", "/v1/fr/words/salut?n=2", "Authorization", "Basic Y2FsdmluOmhvYmJlcw==") // calvin:hobbes
	exampleDo(h, "GET", "/words/hello")
	if err := app.WriteRoutes(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 200 words here
	// 401 missing authentication [Basic realm="acme"]
	// 200 salut salut
	// 404 not found
	// METHOD  PATH                 AUTHZ  SCHEMES     PARAMS
	// GET     /v1                  OPEN   basic,none  -
	// GET     /v1/fr               OPEN   basic,none  -
	// GET     /v1/fr/words/<word>  AUTH   basic,none  :word:string n?:int=1
	// GET     /v1/words/<word>     AUTH   basic,none  :word:string n?:int=1
}
