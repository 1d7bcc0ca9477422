package tests

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// Acme's OpenAPI document is valid, describes every route but the HEADs,
// and says each one's security, parameters and responses; the app serves
// it at /openapi.json.
func TestAcmeOpenAPI(t *testing.T) {
	app := openAcme(t, testEnv(), io.Discard, fsa.LookupEnv(nil))
	b, err := app.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("version %q", doc.OpenAPI)
	}

	// every route of the security table, and nothing else
	routes, err := app.Routes()
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, r := range routes {
		want = append(want, r.Method+" "+r.Declared)
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			got = append(got, method+" "+strings.NewReplacer("{", ":", "}", "").Replace(path))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("operations %v\nwant %v", got, want)
	}

	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	at := func(keys ...string) string {
		t.Helper()
		var v any = raw
		for _, k := range keys {
			m, _ := v.(map[string]any)
			if v = m[k]; v == nil {
				t.Fatalf("no %q in %v", k, keys)
			}
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	for _, c := range []struct {
		keys []string
		want string
	}{
		{[]string{"paths", "/user", "post", "security"}, `[{"token":["admin"]},{"basic":["admin"]}]`},
		{[]string{"paths", "/user", "post", "x-fsa-authz"}, `"AUTH group(admin)"`},
		{[]string{"paths", "/stuff/{sid}", "patch", "x-fsa-authz"}, `"AUTH object(stuff:sid:owner)"`},
		{[]string{"paths", "/stuff/{sid}", "patch", "parameters"}, `[{"in":"path","name":"sid","required":true,"schema":{"type":"string"}}]`},
		{[]string{"paths", "/hello", "get", "security"}, `[]`},
		{[]string{"paths", "/token", "get", "security"}, `[{"basic":[]}]`},
		{[]string{"paths", "/token", "get", "responses", "200", "content", "application/json", "schema"}, `{"$ref":"#/components/schemas/acmeapp.Token"}`},
		{[]string{"paths", "/days", "get", "parameters"}, `[{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/acmeapp.SomeoneInput"}}},"in":"query","name":"who","required":true}]`},
		{[]string{"paths", "/user", "post", "requestBody", "content", "application/json", "schema", "properties", "email"}, `{"format":"email","minLength":1,"type":"string"}`},
		{[]string{"paths", "/stuff/{sid}", "patch", "responses", "404", "content"}, `{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}`},
		{[]string{"components", "schemas", "Error"}, `{"properties":{"error":{"type":"string"}},"required":["error"],"type":"object"}`},
		{[]string{"components", "securitySchemes", "token"}, `{"description":"an fsa token of the route's realm","scheme":"bearer","type":"http"}`},
	} {
		if got := at(c.keys...); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.keys, got, c.want)
		}
	}
	// POST /token takes param credentials only, which OpenAPI's security
	// schemes cannot say: the body and the description do
	if strings.Contains(at("paths", "/token", "post"), `"security"`) {
		t.Error("POST /token has a security")
	}
	if got := at("paths", "/token", "post", "requestBody", "content", "application/json", "schema", "required"); got != `["username","password"]` {
		t.Errorf("POST /token body requires %s", got)
	}

	client := fsatest.NewClient(t, app)
	client.Handler = contract(t, app)
	res := client.Check(t, fsatest.Case{Path: "/openapi.json", WantStatus: 200, WantHeader: map[string]string{"Content-Type": "application/json"}})
	if string(res.Body) != string(b) {
		t.Error("GET /openapi.json is not App.OpenAPI")
	}
}
