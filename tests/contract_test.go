package tests

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	contractcheck "github.com/fsa-go/fsa-go/internal/contract"
)

// contracts is the contract check of the package's run (see package
// internal/contract): every request the Acme tests make through an
// fsatest client of acmeClient is validated, with its response, against
// the app's OpenAPI document. TestMain reports its counts under -v.
var contracts contractcheck.Suite

// contract returns app wrapped in the contract check, which fails t at
// its end with every mismatch found.
func contract(t *testing.T, app *fsa.App) http.Handler {
	t.Helper()
	return contracts.Handler(t, app)
}

// acmeClient is fsatest.New on app under the contract check.
func acmeClient(t *testing.T, app *fsa.App) *fsatest.Client {
	t.Helper()
	return fsatest.New(contract(t, app))
}

// The contract check catches what it is for: a response of a status the
// document does not list, a body off its schema, a request off its
// parameters' schemas.
func TestContractCatches(t *testing.T) {
	cv := contracts.Validator(t, openAcme(t, testEnv(), io.Discard, fsa.LookupEnv(nil)))
	response := func(status int, body string) *http.Response {
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "application/json")
		rec.WriteHeader(status)
		rec.WriteString(body)
		return rec.Result()
	}
	for _, c := range []struct {
		name string
		res  *http.Response
		ok   bool
	}{
		{"conforms", response(200, `{"msg": "hello", "version": "1"}`), true},
		{"body off schema", response(200, `{"msg": 3, "version": "1"}`), false},
		{"error body off schema", response(400, `{"message": "bad"}`), false},
	} {
		errs := cv.Response(httptest.NewRequest("GET", "/hello", nil), c.res)
		if ok := len(errs) == 0; ok != c.ok {
			t.Errorf("%s: valid %v, want %v: %v", c.name, ok, c.ok, errs)
		}
	}
	// a status the route does not declare is covered by "default" (no
	// schema): the check tells it apart
	hello := httptest.NewRequest("GET", "/hello", nil)
	if !cv.Listed(hello, 200) || cv.Listed(hello, 418) {
		t.Errorf("listed: 200 %v, 418 %v", cv.Listed(hello, 200), cv.Listed(hello, 418))
	}
	if errs := cv.Request(httptest.NewRequest("GET", "/primes?li=prime", nil)); len(errs) == 0 {
		t.Errorf("GET /primes?li=prime accepted")
	}
}
