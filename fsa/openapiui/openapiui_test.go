package openapiui_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/openapiui"
)

// app returns an app with the page at /docs.
func app(t *testing.T, directives ...fsa.Option) http.Handler {
	t.Helper()
	opts := append([]fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler)),
		fsa.Set("FSA_OPENAPI", "/openapi.json"), fsa.Set("FSA_AUTH", []any{"token", "none"})}, directives...)
	a, err := fsa.New("acme", opts...)
	if err != nil {
		t.Fatal(err)
	}
	fsa.Get(a, "/hello", fsa.Open, func(*fsa.Context, struct{}) (string, error) { return "hello", nil })
	if err := openapiui.Serve(a, "/docs"); err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// get sends a GET from this host, without compression.
func get(h http.Handler, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// The page and its assets come from the app: every URL the page names is
// one of its own paths, and each answers.
func TestServe(t *testing.T) {
	h := app(t)
	page := get(h, "/docs")
	if page.Code != 200 || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /docs: %d %q", page.Code, page.Header().Get("Content-Type"))
	}
	body := page.Body.String()
	for _, want := range []string{`<title>acme - Swagger UI</title>`, `"swaggerJsonUrl":"/openapi.json"`, `validatorUrl: null`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	urls := regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(body, -1)
	if len(urls) < 4 {
		t.Fatalf("%d URLs in the page, want its scripts, style and icons", len(urls))
	}
	for _, u := range urls {
		if !strings.HasPrefix(u[1], "/docs/") {
			t.Errorf("the page loads %s: not one of the app's paths", u[1])
		}
	}
	if host := regexp.MustCompile(`https?://[\w.-]+`).FindString(body); host != "" {
		t.Errorf("the page names another host: %s", host)
	}

	tests := []struct{ path, ctype string }{
		{"/docs/", "text/html"},
		{"/docs/swagger-ui-bundle.js", "javascript"},
		{"/docs/swagger-ui-standalone-preset.js", "javascript"},
		{"/docs/swagger-ui.css", "text/css"},
		{"/docs/favicon-32x32.png", "image/png"},
	}
	for _, u := range urls {
		tests = append(tests, struct{ path, ctype string }{u[1], ""})
	}
	for _, tt := range tests {
		res := get(h, tt.path)
		b, _ := io.ReadAll(res.Body)
		if res.Code != 200 || len(b) == 0 || !strings.Contains(res.Header().Get("Content-Type"), tt.ctype) {
			t.Errorf("GET %s: %d, %d bytes, %q, want 200 %s", tt.path, res.Code, len(b), res.Header().Get("Content-Type"), tt.ctype)
		}
	}
	if res := get(h, "/docs/nothing.js"); res.Code != 404 {
		t.Errorf("GET /docs/nothing.js: %d, want 404", res.Code)
	}
	if res := get(h, "/openapi.json"); res.Code != 200 || !strings.Contains(res.Body.String(), `"/docs/{file}"`) {
		t.Errorf("GET /openapi.json: %d, want the document, the page's routes in it", res.Code)
	}
}

// Serve refuses what would not work, saying why.
func TestServeErrors(t *testing.T) {
	noDoc, err := fsa.New("acme", fsa.LookupEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	withDoc, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Set("FSA_OPENAPI", "/openapi.json"), fsa.Set("FSA_AUTH", "none"))
	if err != nil {
		t.Fatal(err)
	}
	closed, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.Set("FSA_OPENAPI", "/openapi.json"), fsa.Set("FSA_AUTH", []any{"token"}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		app  *fsa.App
		path string
		want string
	}{
		{noDoc, "/docs", "FSA_OPENAPI is not set"},
		{closed, "/docs", "FSA_AUTH lacks none"},
		{withDoc, "docs", `path "docs": want a rooted path without a trailing slash`},
		{withDoc, "/docs/", `path "/docs/": want a rooted path without a trailing slash`},
		{withDoc, "/:docs", `path "/:docs"`},
	}
	for _, tt := range tests {
		if err := openapiui.Serve(tt.app, tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Serve(%q): %v, want %q", tt.path, err, tt.want)
		}
	}
}
