package openapiui_test

import (
	"fmt"
	"log/slog"
	"net/http/httptest"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/openapiui"
)

// The app serves its OpenAPI document at /openapi.json, and a page to
// browse it at /docs, with its scripts from /docs/ too.
func ExampleServe() {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler)),
		fsa.Set("FSA_AUTH", []any{"token", "none"}), fsa.Set("FSA_OPENAPI", "/openapi.json"))
	if err != nil {
		panic(err)
	}
	fsa.Get(app, "/hello", fsa.Open, func(*fsa.Context, struct{}) (string, error) { return "hello", nil })
	if err := openapiui.Serve(app, "/docs"); err != nil {
		panic(err)
	}
	h, err := app.Handler()
	if err != nil {
		panic(err)
	}
	for _, path := range []string{"/docs", "/docs/swagger-ui-bundle.js", "/openapi.json"} {
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = "127.0.0.1:40000" // FSA_SECURE: plain HTTP from this host only
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(path, rec.Code, rec.Header().Get("Content-Type"))
	}
	// Output:
	// /docs 200 text/html
	// /docs/swagger-ui-bundle.js 200 application/javascript
	// /openapi.json 200 application/json
}
