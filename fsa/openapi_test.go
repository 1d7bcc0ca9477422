package fsa_test

import (
	"context"
	"encoding/json"
	"iter"
	"maps"
	"mime/multipart"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/srvtest"
)

// oaStuff is a result type.
type oaStuff struct {
	ID      int       `json:"id"`
	Name    string    `json:"name"`
	Note    *string   `json:"note,omitempty"`
	Tags    []string  `json:"tags"`
	When    time.Time `json:"when"`
	Owner   *oaStuff  `json:"owner,omitempty"` // recursive
	Ignored string    `json:"-"`
	Parts   []oaPart  `json:"parts"`
	Meta    map[string]int
	oaEmbed
}

type oaPart struct {
	Label string `json:"label"`
}

type oaEmbed struct {
	Extra bool `json:"extra"`
}

// oaIn is an input with every source and the main validator tags.
type oaIn struct {
	Sid    int      `validate:"min=1,max=999"`
	Page   int      `default:"1" validate:"gte=1"`
	Kind   string   `validate:"oneof=big small"`
	Email  *string  `validate:"omitempty,email"`
	Tags   []string `validate:"max=3"`
	Code   string   `validate:"len=4,alphanum"`
	Ratio  float64  `validate:"gt=0,lt=1"`
	ReqID  string   `header:"X-Request-Id" validate:"uuid"`
	Sess   *string  `cookie:"session"`
	User   fsa.CurrentUser
	Logged time.Time `validate:"omitempty"`
}

type oaUpload struct {
	Title string
	File  multipart.FileHeader
}

func oaApp(t *testing.T, directives ...any) *fsa.App {
	t.Helper()
	app := rtApp(t, directives...)
	fsa.Get(app, "/stuff/<int:sid>", fsa.Group("admin"), func(*fsa.Context, oaIn) (oaStuff, error) { return oaStuff{}, nil })
	fsa.Post(app, "/stuff/<int:sid>", fsa.Auth, func(*fsa.Context, oaIn) (*oaStuff, error) { return nil, nil })
	fsa.Get(app, "/open", fsa.Open, func(*fsa.Context, struct{}) (string, error) { return "hi", nil })
	fsa.Get(app, "/list", fsa.Open, func(*fsa.Context, struct{}) (iter.Seq[oaPart], error) { return nil, nil })
	fsa.Get(app, "/any", fsa.Auth, func(*fsa.Context, struct{}) (any, error) { return nil, nil },
		fsa.Summary("Anything"), fsa.Description("Returns *anything*."))
	fsa.Post(app, "/upload", fsa.Auth, func(*fsa.Context, oaUpload) (map[string]any, error) { return nil, nil })
	fsa.Patch(app, "/object/:sid", fsa.Object("stuff", "sid", "owner"), rtOK[rtSid])
	fsa.Delete(app, "/closed", fsa.Close, rtOK[struct{}])
	fsa.Get(app, "/mfa", fsa.Auth, rtOK[struct{}], fsa.Realm("mfa"))
	return app
}

// oaDoc returns the app's document, loaded back and validated.
func oaDoc(t *testing.T, app *fsa.App) (*openapi3.T, map[string]any) {
	t.Helper()
	b, err := app.OpenAPI()
	if err != nil {
		t.Fatalf("OpenAPI: %v", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatalf("load: %v\n%s", err, b)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("Validate: %v\n%s", err, b)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	return doc, raw
}

func TestOpenAPIValid(t *testing.T) {
	for _, dirs := range [][]any{
		{"FSA_AUTH", []string{"token", "basic", "param", "none"}},
		{"FSA_AUTH", []string{"token", "digest", "none"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_SECRET", strings.Repeat("s", 32), "FSA_ERROR_RESPONSE", "problem", "FSA_PASSWORD_SCHEME", "plaintext"},
		{"FSA_AUTH", []string{"token", "none"}, "FSA_TOKEN_CARRIER", "cookie", "FSA_ERROR_RESPONSE", "json:error"},
		{"FSA_AUTH", []string{"token", "fake", "httpd", "none"}, "FSA_TOKEN_CARRIER", "param", "FSA_TRUSTED_PROXIES", []string{"127.0.0.1"}},
	} {
		oaDoc(t, oaApp(t, dirs...))
	}
}

// oaAt returns the JSON of the document's value at a path of keys.
func oaAt(t *testing.T, raw any, keys ...string) string {
	t.Helper()
	v := raw
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok || m[k] == nil {
			t.Fatalf("no %q in %v", k, keys)
		}
		v = m[k]
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// oaHas tells whether the document has a value at a path of keys.
func oaHas(raw any, keys ...string) bool {
	v := raw
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok || m[k] == nil {
			return false
		}
		v = m[k]
	}
	return true
}

// oaStatuses returns an operation's response statuses, sorted.
func oaStatuses(t *testing.T, raw any, path, method string) string {
	t.Helper()
	var responses map[string]any
	if err := json.Unmarshal([]byte(oaAt(t, raw, "paths", path, method, "responses")), &responses); err != nil {
		t.Fatal(err)
	}
	return strings.Join(slices.Sorted(maps.Keys(responses)), " ")
}

func TestOpenAPIOperations(t *testing.T) {
	app := oaApp(t, "FSA_AUTH", []string{"token", "basic", "param", "none"}, "FSA_ERROR_RESPONSE", "problem")
	_, raw := oaDoc(t, app)
	for _, c := range []struct {
		keys []string
		want string
	}{
		// security: the route's schemes as alternatives, groups as roles
		{[]string{"paths", "/stuff/{sid}", "get", "security"}, `[{"token":["admin"]},{"basic":["admin"]}]`},
		{[]string{"paths", "/stuff/{sid}", "get", "x-fsa-authz"}, `"AUTH group(admin)"`},
		{[]string{"paths", "/stuff/{sid}", "post", "security"}, `[{"token":[]},{"basic":[]}]`},
		{[]string{"paths", "/open", "get", "security"}, `[]`},
		{[]string{"paths", "/object/{sid}", "patch", "x-fsa-authz"}, `"AUTH object(stuff:sid:owner)"`},
		{[]string{"components", "securitySchemes"}, `{"basic":{"description":"HTTP Basic, realm \"test\" unless the route sets its own","scheme":"basic","type":"http"},` +
			`"token":{"description":"an fsa token of the route's realm","scheme":"bearer","type":"http"}}`},
		// parameters: names, sources, types, constraints, defaults
		{[]string{"paths", "/stuff/{sid}", "get", "operationId"}, `"getStuffSid"`},
		{[]string{"paths", "/stuff/{sid}", "get", "parameters"}, `[` +
			`{"in":"path","name":"sid","required":true,"schema":{"format":"int64","maximum":999,"minimum":1,"type":"integer"}},` +
			`{"in":"query","name":"page","schema":{"default":1,"format":"int64","minimum":1,"type":"integer"}},` +
			`{"in":"query","name":"kind","required":true,"schema":{"enum":["big","small"],"type":"string"}},` +
			`{"in":"query","name":"email","schema":{"format":"email","type":"string"}},` +
			`{"in":"query","name":"tags","required":true,"schema":{"items":{"type":"string"},"maxItems":3,"type":"array"}},` +
			`{"in":"query","name":"code","required":true,"schema":{"maxLength":4,"minLength":4,"pattern":"^[a-zA-Z0-9]+$","type":"string"}},` +
			`{"in":"query","name":"ratio","required":true,"schema":{"exclusiveMaximum":1,"exclusiveMinimum":0,"type":"number"}},` +
			`{"in":"header","name":"X-Request-Id","required":true,"schema":{"format":"uuid","type":"string"}},` +
			`{"in":"cookie","name":"session","schema":{"type":"string"}},` +
			`{"in":"query","name":"logged","required":true,"schema":{"description":"a date (2006-01-02) or a time (RFC 3339; without a zone, UTC)",` +
			`"pattern":"^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?\\s*$","type":"string"}}]`},
		// a writing method's parameters are its body
		{[]string{"paths", "/upload", "post", "requestBody"}, `{"content":{"multipart/form-data":{"schema":{"additionalProperties":false,` +
			`"properties":{"PASS":{"description":"credentials of the route's authentication","type":"string"},` +
			`"USER":{"description":"credentials of the route's authentication","type":"string"},` +
			`"file":{"contentMediaType":"application/octet-stream","type":"string"},"title":{"type":"string"}},` +
			`"required":["title","file"],"type":"object"}}},"description":"A member that is no file may be sent as a query parameter instead.","required":true}`},
		// a reading method's query parameters may come in its body (curl -X GET -d): optional, nothing required
		{[]string{"paths", "/stuff/{sid}", "get", "requestBody", "required"}, "no"},
		{[]string{"paths", "/stuff/{sid}", "get", "requestBody", "content", "application/x-www-form-urlencoded", "schema", "required"}, "no"},
		{[]string{"paths", "/stuff/{sid}", "get", "requestBody", "content", "application/json", "schema", "properties", "kind"}, `{"enum":["big","small"],"type":"string"}`},
		{[]string{"paths", "/stuff/{sid}", "get", "requestBody", "description"}, `"The query parameters, sent in the body instead (curl -X GET -d): a parameter the query requires may be in the body."`},
		// responses: the result's schema, the error format's
		{[]string{"paths", "/stuff/{sid}", "get", "responses", "200"}, `{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/fsa_test.oaStuff"}}},"description":"OK"}`},
		{[]string{"paths", "/stuff/{sid}", "post", "responses", "200", "content", "application/json", "schema"}, `{"anyOf":[{"$ref":"#/components/schemas/fsa_test.oaStuff"},{"type":"null"}]}`},
		{[]string{"paths", "/open", "get", "responses", "200"}, `{"content":{"text/plain":{"schema":{"type":"string"}}},"description":"OK"}`},
		{[]string{"paths", "/list", "get", "responses", "200"}, `{"content":{"application/json":{"schema":{"items":{"$ref":"#/components/schemas/fsa_test.oaPart"},"type":"array"}}},"description":"OK"}`},
		{[]string{"paths", "/any", "get", "responses", "200"}, `{"description":"OK"}`},
		{[]string{"paths", "/any", "get", "summary"}, `"Anything"`},
		{[]string{"paths", "/any", "get", "description"}, `"Returns *anything*.\n\nAccepts param authentication: the login in the USER and the password in the PASS request parameters, in the body."`},
		{[]string{"paths", "/any", "get", "responses", "401", "content"}, `{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Error"}}}`},
		{[]string{"paths", "/any", "get", "responses", "401", "headers"}, `{"WWW-Authenticate":{"description":"the route's challenges","schema":{"type":"string"}}}`},
		{[]string{"paths", "/any", "get", "responses", "429", "headers"}, `{"Retry-After":{"description":"seconds to wait","schema":{"type":"string"}}}`},
		{[]string{"components", "schemas", "fsa_test.oaStuff", "required"}, `["id","name","tags","when","parts","Meta","extra"]`},
	} {
		if c.want == "no" {
			if oaHas(raw, c.keys...) {
				t.Errorf("%v: %s, want none", c.keys, oaAt(t, raw, c.keys...))
			}
		} else if got := oaAt(t, raw, c.keys...); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.keys, got, c.want)
		}
	}

	for _, c := range []struct{ path, method, want string }{
		{"/stuff/{sid}", "get", "200 400 401 403 404 413 414 429 431 500 503 default"},
		{"/object/{sid}", "patch", "200 400 401 403 404 413 414 429 431 500 503 default"},
		{"/open", "get", "200 400 403 413 414 431 500 default"},
	} {
		if got := oaStatuses(t, raw, c.path, c.method); got != c.want {
			t.Errorf("%s %s: statuses %s, want %s", c.method, c.path, got, c.want)
		}
	}
	if got := oaAt(t, raw, "paths", "/mfa", "get", "description"); !strings.Contains(got, `Realm \"mfa\"`) {
		t.Errorf("realm not described: %s", got)
	}
	if oaHas(raw, "paths", "/closed") {
		t.Error("a CLOSE route is in the document")
	}
	if oaHas(raw, "paths", "/stuff/{sid}", "head") {
		t.Error("HEAD is in the document")
	}
}

// Other schemes and formats: JWT bearer, apiKey carriers, digest, json:KEY.
func TestOpenAPISchemes(t *testing.T) {
	_, raw := oaDoc(t, oaApp(t, "FSA_AUTH", []string{"token", "digest", "none"}, "FSA_TOKEN_TYPE", "jwt",
		"FSA_TOKEN_SECRET", strings.Repeat("s", 32), "FSA_PASSWORD_SCHEME", "plaintext", "FSA_ERROR_RESPONSE", "json:error"))
	for _, c := range []struct {
		keys []string
		want string
	}{
		{[]string{"components", "securitySchemes", "token", "bearerFormat"}, `"JWT"`},
		{[]string{"components", "securitySchemes", "digest", "scheme"}, `"digest"`},
		{[]string{"components", "schemas", "Error"}, `{"properties":{"error":{"type":"string"}},"required":["error"],"type":"object"}`},
		{[]string{"paths", "/any", "get", "responses", "500", "content"}, `{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}`},
	} {
		if got := oaAt(t, raw, c.keys...); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.keys, got, c.want)
		}
	}

	_, raw = oaDoc(t, oaApp(t, "FSA_AUTH", []string{"token", "none"}, "FSA_TOKEN_CARRIER", "cookie", "FSA_TOKEN_NAME", "tok",
		"FSA_401_REDIRECT", "/login"))
	if got, want := oaStatuses(t, raw, "/any", "get"), "200 307 400 403 413 414 429 431 500 default"; got != want {
		t.Errorf("with FSA_401_REDIRECT: statuses %s, want %s", got, want)
	}
	if got, want := oaAt(t, raw, "components", "securitySchemes", "token"), `{"description":"an fsa token of the route's realm","in":"cookie","name":"tok","type":"apiKey"}`; got != want {
		t.Errorf("cookie token: %s, want %s", got, want)
	}
}

// A result type that JSON cannot encode is a declaration error naming the
// route and the field. (An input type that cannot be described cannot be
// converted either: its error comes first, from the input plan.)
func TestOpenAPIUndescribable(t *testing.T) {
	type bad struct {
		Name string
		Ch   chan int
	}
	app := rtApp(t)
	fsa.Get(app, "/bad", fsa.Open, func(*fsa.Context, struct{}) (bad, error) { return bad{}, nil })
	fsa.Get(app, "/func", fsa.Open, func(*fsa.Context, struct{}) (func() int, error) { return nil, nil })
	err := app.Check()
	for _, want := range []string{"route GET /bad: result type fsa_test.bad: field bad.Ch of type chan int cannot be described",
		"route GET /func: result type func() int: type func() int cannot be described"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// FSA_OPENAPI serves the document, open, whatever the app's schemes.
func TestOpenAPIServed(t *testing.T) {
	app := oaApp(t, "FSA_AUTH", []string{"basic"}, "FSA_OPENAPI", "/openapi.json")
	want, err := app.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	client := fsatest.NewClient(t, app)
	res := client.Check(t, fsatest.Case{Path: "/openapi.json", WantStatus: 200})
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	if string(res.Body) != string(want) {
		t.Error("served document differs from OpenAPI()")
	}
	_, raw := oaDoc(t, app)
	if got := oaAt(t, raw, "paths", "/openapi.json", "get", "security"); got != "[]" {
		t.Errorf("security %s", got)
	}
}

func TestOpenAPIDirective(t *testing.T) {
	if _, err := fsa.New("x", fsa.Set("FSA_OPENAPI", "openapi.json")); err == nil || !strings.Contains(err.Error(), "FSA_OPENAPI") {
		t.Errorf("relative path: %v", err)
	}
	app := rtApp(t)
	if app.Config().OpenAPI != "" {
		t.Error("FSA_OPENAPI is on by default")
	}
}

// An oauth route lists its scopes; the document is the same at each build.
func TestOpenAPIOAuth(t *testing.T) {
	newApp := func() *fsa.App {
		app := rtApp(t, "FSA_AUTH", []string{"oauth", "basic", "none"}, "FSA_TOKEN_TYPE", "jwt",
			"FSA_TOKEN_SECRET", strings.Repeat("s", 32), "FSA_TOKEN_ISSUER", "issuer")
		fsa.Get(app, "/read", fsa.Scope("read", "write"), rtOK[struct{}], fsa.Authn("oauth"))
		fsa.Get(app, "/stuff/<int:sid>", fsa.Group("admin"), func(*fsa.Context, oaIn) (oaStuff, error) { return oaStuff{}, nil },
			fsa.Authn("basic"))
		return app
	}
	app := newApp()
	_, raw := oaDoc(t, app)
	if got, want := oaAt(t, raw, "paths", "/read", "get", "security"), `[{"oauth":["read","write"]}]`; got != want {
		t.Errorf("security %s, want %s", got, want)
	}
	if got, want := oaAt(t, raw, "components", "securitySchemes", "oauth", "bearerFormat"), `"JWT"`; got != want {
		t.Errorf("oauth scheme %s", got)
	}
	first, _ := app.OpenAPI()
	second, _ := newApp().OpenAPI()
	if string(first) != string(second) {
		t.Error("two builds of the same app differ")
	}
}

// A route's Status is its answers' status unless the handler sets
// another, and the document lists it, with the result's schema, instead
// of 200.
func TestOpenAPIStatus(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", []string{"none"})
	fsa.Post(app, "/made", fsa.Open, func(*fsa.Context, struct{}) (oaStuff, error) { return oaStuff{}, nil }, fsa.Status(201),
		fsa.Errors(409, "it exists"))
	fsa.Post(app, "/other", fsa.Open, func(c *fsa.Context, _ struct{}) (string, error) { c.Status(202); return "later", nil }, fsa.Status(201))
	_, raw := oaDoc(t, app)
	if got := oaStatuses(t, raw, "/made", "post"); strings.Contains(got, "200") || !strings.Contains(got, "201") {
		t.Errorf("statuses %s", got)
	}
	if got := oaAt(t, raw, "paths", "/made", "post", "responses", "409"); !strings.Contains(got, "it exists") || !strings.Contains(got, "Error") {
		t.Errorf("409 %s", got)
	}
	if !strings.Contains(oaAt(t, raw, "paths", "/made", "post", "responses", "201"), "schema") {
		t.Errorf("201 without the result's schema")
	}
	fsatest.New(app).Run(t, []fsatest.Case{
		{Method: "POST", Path: "/made", WantStatus: 201},
		{Method: "POST", Path: "/other", WantStatus: 202},
	})
}

// String rules that a regular expression says are a schema's pattern,
// which accepts what the validator accepts; the others stay described.
func TestOpenAPIPatterns(t *testing.T) {
	type in struct {
		Name   string `validate:"excludes=:"`
		Chars  string `validate:"excludesall=]^-\\"`
		Code   string `validate:"alpha"`
		Num    string `validate:"numeric"`
		Pre    string `validate:"startswith=a.b"`
		Post   string `validate:"endswith=$"`
		Has    string `validate:"contains=(x)"`
		Words  string `validate:"excludes=ab"`
		Twice  string `validate:"alpha,excludes=z"`
		Ignore string `validate:"lowercase"`
	}
	app := rtApp(t)
	fsa.Get(app, "/p", fsa.Open, rtOK[in])
	_, raw := oaDoc(t, app)
	var params []struct {
		Name   string
		Schema struct{ Pattern, Description string }
	}
	if err := json.Unmarshal([]byte(oaAt(t, raw, "paths", "/p", "get", "parameters")), &params); err != nil {
		t.Fatal(err)
	}
	got := map[string]struct{ Pattern, Description string }{}
	for _, p := range params {
		got[p.Name] = p.Schema
	}
	for _, c := range []struct {
		param, pattern, desc string
		match, miss          []string
	}{
		{"name", `^[^:]*$`, "", []string{"", "miguel"}, []string{"a:b", ":"}},
		{"chars", `^[^\]\^\-\\]*$`, "", []string{"abc"}, []string{"a]", "^", "-", `\`}},
		{"code", `^[a-zA-Z]+$`, "", []string{"abC"}, []string{"", "a1"}},
		{"num", `^[-+]?[0-9]+(?:\.[0-9]+)?$`, "", []string{"-1.5", "42"}, []string{"1.", "x"}},
		{"pre", `^a\.b`, "", []string{"a.bc"}, []string{"axb", "ca.b"}},
		{"post", `\$$`, "", []string{"1$"}, []string{"$1"}},
		{"has", `\(x\)`, "", []string{"a(x)b"}, []string{"x"}},
		{"words", "", "validate: excludes=ab", nil, nil},
		{"twice", `^[a-zA-Z]+$`, "validate: excludes=z", nil, nil},
		{"ignore", "", "validate: lowercase", nil, nil},
	} {
		s := got[c.param]
		if s.Pattern != c.pattern || s.Description != c.desc {
			t.Errorf("%s: pattern %q, description %q; want %q, %q", c.param, s.Pattern, s.Description, c.pattern, c.desc)
			continue
		}
		for _, v := range append(c.match, c.miss...) {
			if ok := regexp.MustCompile(s.Pattern).MatchString(v); ok != slices.Contains(c.match, v) {
				t.Errorf("%s: pattern %q matches %q: %v", c.param, s.Pattern, v, ok)
			}
		}
	}
}

// oaWho is a struct parameter, its text JSON, and a result too.
type oaWho struct {
	Name string    `json:"name" validate:"required,max=8"`
	Born time.Time `json:"born"`
	Nick *string   `json:"nick"`
}

// A struct is read otherwise than it is written: as an input, its
// component (named with Input) has its validate tags, pointer members
// optional, unknown members refused, and a time may be a date; a form
// says that its text is JSON.
func TestOpenAPIInputStruct(t *testing.T) {
	app := rtApp(t)
	fsa.Get(app, "/who", fsa.Open, func(_ *fsa.Context, in struct{ Who oaWho }) (oaWho, error) { return in.Who, nil })
	fsa.Post(app, "/who", fsa.Open, func(_ *fsa.Context, in struct{ Who oaWho }) (oaWho, error) { return in.Who, nil })
	_, raw := oaDoc(t, app)
	for _, c := range []struct {
		keys []string
		want string
	}{
		{[]string{"components", "schemas", "fsa_test.oaWho"}, `{"properties":{"born":{"format":"date-time","type":"string"},` +
			`"name":{"type":"string"},"nick":{"type":["string","null"]}},"required":["name","born","nick"],"type":"object"}`},
		{[]string{"components", "schemas", "fsa_test.oaWhoInput"}, `{"additionalProperties":false,"properties":{` +
			`"born":{"description":"a date (2006-01-02) or a time (RFC 3339; without a zone, UTC)","pattern":"^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?\\s*$","type":"string"},` +
			`"name":{"maxLength":8,"minLength":1,"type":"string"},"nick":{"type":["string","null"]}},"required":["name","born"],"type":"object"}`},
		{[]string{"paths", "/who", "get", "parameters"}, `[{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/fsa_test.oaWhoInput"}}},"in":"query","name":"who","required":true}]`},
		{[]string{"paths", "/who", "get", "requestBody", "content", "application/x-www-form-urlencoded", "encoding"}, `{"who":{"contentType":"application/json"}}`},
		{[]string{"paths", "/who", "post", "requestBody", "content", "multipart/form-data", "encoding"}, `{"who":{"contentType":"application/json"}}`},
		{[]string{"paths", "/who", "post", "responses", "200", "content", "application/json", "schema"}, `{"$ref":"#/components/schemas/fsa_test.oaWho"}`},
	} {
		if got := oaAt(t, raw, c.keys...); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.keys, got, c.want)
		}
	}
}

// The oauth scheme: an http bearer JWT whose requirements list scopes,
// or, with FSA_OPENAPI_OAUTH's flows, oauth2 with the scopes of the
// routes and of FSA_AUTHZ_SCOPES.
func TestOpenAPIOAuthFlows(t *testing.T) {
	oauth := []any{"FSA_AUTH", []string{"oauth"}, "FSA_TOKEN_TYPE", "jwt", "FSA_TOKEN_ISSUER", "god",
		"FSA_TOKEN_SECRET", strings.Repeat("s", 32), "FSA_AUTHZ_SCOPES", []string{"character", "sidekick", "admin"}}
	app := func(more ...any) *fsa.App {
		app := rtApp(t, append(slices.Clone(oauth), more...)...)
		fsa.Get(app, "/char", fsa.Scope("character"), rtOK[struct{}], fsa.Authn("oauth"))
		fsa.Get(app, "/both", fsa.Scope("character", "sidekick"), rtOK[struct{}], fsa.Authn("oauth"))
		return app
	}
	flows := map[string]any{
		"authorizationCode": map[string]any{"authorizationUrl": "https://auth.example/authorize", "tokenUrl": "https://auth.example/token"},
		"clientCredentials": map[string]any{"tokenUrl": "/token", "refreshUrl": "/token/refresh"},
	}
	scopes := `{"admin":"scope admin","character":"scope character","sidekick":"scope sidekick"}`
	for _, c := range []struct {
		name string
		app  *fsa.App
		keys []string
		want string
	}{
		{"bearer", app(), []string{"components", "securitySchemes", "oauth"},
			`{"bearerFormat":"JWT","description":"an OAuth bearer JWT issued by \"god\"; the requirement lists the scopes the route needs","scheme":"bearer","type":"http"}`},
		{"bearer", app(), []string{"paths", "/both", "get", "security"}, `[{"oauth":["character","sidekick"]}]`},
		{"flows", app("FSA_OPENAPI_OAUTH", flows), []string{"components", "securitySchemes", "oauth"},
			`{"description":"OAuth 2 bearer JWTs issued by \"god\"; the requirement lists the scopes the route needs",` +
				`"flows":{"authorizationCode":{"authorizationUrl":"https://auth.example/authorize","scopes":` + scopes + `,"tokenUrl":"https://auth.example/token"},` +
				`"clientCredentials":{"refreshUrl":"/token/refresh","scopes":` + scopes + `,"tokenUrl":"/token"}},"type":"oauth2"}`},
		{"flows", app("FSA_OPENAPI_OAUTH", flows), []string{"paths", "/char", "get", "security"}, `[{"oauth":["character"]}]`},
	} {
		_, raw := oaDoc(t, c.app)
		if got := oaAt(t, raw, c.keys...); got != c.want {
			t.Errorf("%s: %v:\n got %s\nwant %s", c.name, c.keys, got, c.want)
		}
	}
}

// FSA_OPENAPI_OAUTH's errors name the directive, the flow and the URL.
func TestOpenAPIOAuthDirective(t *testing.T) {
	for _, c := range []struct {
		name  string
		value any
		want  string
	}{
		{"not a dict", "https://auth.example", "FSA_OPENAPI_OAUTH: unexpected value of type str: want a dict of OAuth flows"},
		{"empty", map[string]any{}, "FSA_OPENAPI_OAUTH: unexpected value of type dict"},
		{"unknown flow", map[string]any{"code": map[string]any{}}, `FSA_OPENAPI_OAUTH: unknown OAuth flow "code": want authorizationCode, clientCredentials, implicit, password`},
		{"flow not a dict", map[string]any{"password": "/token"}, "FSA_OPENAPI_OAUTH: flow password: unexpected value of type str: want a dict of its URLs"},
		{"missing URL", map[string]any{"authorizationCode": map[string]any{"tokenUrl": "/token"}}, "FSA_OPENAPI_OAUTH: flow authorizationCode: authorizationUrl is missing"},
		{"unknown URL", map[string]any{"implicit": map[string]any{"authorizationUrl": "/a", "tokenUrl": "/t"}},
			`FSA_OPENAPI_OAUTH: flow implicit: unexpected "tokenUrl": want authorizationUrl, refreshUrl`},
		{"bad URL", map[string]any{"password": map[string]any{"tokenUrl": "ftp://auth.example/token"}},
			`FSA_OPENAPI_OAUTH: flow password: tokenUrl must be an http or https URL, or a path, not "ftp://auth.example/token"`},
		{"relative URL", map[string]any{"password": map[string]any{"tokenUrl": "token"}}, `tokenUrl must be an http or https URL, or a path, not "token"`},
		{"URL not a string", map[string]any{"password": map[string]any{"tokenUrl": int64(1)}}, "FSA_OPENAPI_OAUTH: flow password: tokenUrl: unexpected value of type int: want a URL"},
	} {
		_, err := fsa.New("x", fsa.LookupEnv(nil), fsa.Set("FSA_OPENAPI_OAUTH", c.value))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := fsa.New("x", fsa.LookupEnv(nil), fsa.Set("FSA_OPENAPI_OAUTH", nil)); err != nil {
		t.Errorf("None: %v", err)
	}
}

// With a shared store, the revocations and Digest nonce counts may be
// unavailable: token and Digest routes list that 503; in memory they
// cannot be, and only password routes' load shedding is a 503.
func TestOpenAPIStoreUnavailable(t *testing.T) {
	redis := srvtest.Redis(t)
	tests := []struct {
		name   string
		shared bool
		path   string
		want   string // the 503's description, "" for none
	}{
		{"memory, token", false, "/token", ""},
		{"memory, digest", false, "/digest", "too many password checks at once"},
		{"redis, token", true, "/token", "revocation store unavailable"},
		{"redis, digest", true, "/digest", "too many password checks at once; or digest nonce count store unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dirs := []any{"FSA_AUTH", []string{"token", "digest"}, "FSA_TOKEN_SECRET", strings.Repeat("s", 32)}
			if tt.shared {
				dirs = append(dirs, "FSA_CACHE", "redis", "FSA_CACHE_OPTS", map[string]any{"host": "127.0.0.1", "port": int64(redis.Port)})
			}
			app := rtApp(t, dirs...)
			t.Cleanup(func() { _ = app.Close() })
			app.DigestHA1(func(context.Context, string, string, string) (string, error) { return "", nil })
			fsa.Get(app, "/token", fsa.Auth, rtOK[struct{}], fsa.Authn("token"))
			fsa.Get(app, "/digest", fsa.Auth, rtOK[struct{}], fsa.Authn("digest"))
			_, raw := oaDoc(t, app)
			statuses := oaStatuses(t, raw, tt.path, "get")
			switch has := strings.Contains(statuses, "503"); {
			case tt.want == "" && has:
				t.Errorf("statuses %s: want no 503", statuses)
			case tt.want != "" && oaAt(t, raw, "paths", tt.path, "get", "responses", "503", "description") != `"`+tt.want+`"`:
				t.Errorf("503: %s, want %q", oaAt(t, raw, "paths", tt.path, "get", "responses", "503"), tt.want)
			}
		})
	}
}

// Operation ids are unique: paths that differ only by what an id drops
// (a trailing slash, punctuation) are numbered.
func TestOpenAPIOperationIDs(t *testing.T) {
	app := rtApp(t, "FSA_AUTH", "none")
	for _, path := range []string{"/docs", "/docs/", "/do-cs"} {
		fsa.Get(app, path, fsa.Open, rtOK[struct{}])
	}
	_, raw := oaDoc(t, app)
	for path, want := range map[string]string{"/docs": `"getDocs"`, "/docs/": `"getDocs2"`, "/do-cs": `"getDoCs"`} {
		if got := oaAt(t, raw, "paths", path, "get", "operationId"); got != want {
			t.Errorf("%s: operationId %s, want %s", path, got, want)
		}
	}
}
