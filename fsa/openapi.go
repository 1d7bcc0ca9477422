package fsa

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// This file builds the app's OpenAPI 3.1 document from its declarations,
// once, at Check: the routes' paths, inputs, results, schemes and
// authorizations. docs/DOCUMENTATION.md's "OpenAPI" section has the
// mapping.

// OpenAPI returns the app's OpenAPI 3.1 document, as JSON. It checks the
// app first (see Check) and returns Check's error if any. The document is
// built once, by Check; FSA_OPENAPI serves the same bytes.
func (a *App) OpenAPI() ([]byte, error) {
	if err := a.Check(); err != nil {
		return nil, err
	}
	return a.openapi, nil
}

// jsonBytes is a result already encoded as JSON: render writes it as is,
// as application/json.
type jsonBytes []byte

// serveOpenAPI declares the FSA_OPENAPI route: open, whatever the app's
// schemes, answering the stored document.
func (a *App) serveOpenAPI(path string) {
	Get(a, path, Open, func(c *Context, _ struct{}) (jsonBytes, error) {
		return c.app.openapi, nil
	}, func(r *route) { r.authn, r.builtin = []string{"none"}, true }, Summary("This OpenAPI document"))
}

// buildOpenAPI builds the document of the compiled routes, and returns
// the declaration errors it finds: types it cannot describe.
func (a *App) buildOpenAPI() ([]byte, []error) {
	doc := &openapi3.T{
		OpenAPI:    "3.1.0",
		Info:       &openapi3.Info{Title: a.name, Version: "0"},
		Paths:      openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{}, SecuritySchemes: openapi3.SecuritySchemes{}},
	}
	g := &schemaGen{comps: doc.Components.Schemas, names: map[nameKey]string{}}
	doc.Components.Schemas["Error"] = openapi3.NewSchemaRef("", a.errorSchema())

	var errs []error
	used := map[string]bool{}
	ids := map[string]int{} // operation ids given, and how often
	for _, r := range a.routes {
		if r.access.level == Close {
			continue // refused to everybody: not part of the API
		}
		op, err := a.operation(g, r, used)
		if err != nil {
			errs = append(errs, fmt.Errorf("route %s: %w", r, err))
			continue
		}
		// /docs and /docs/ would both be getDocs: the second is getDocs2
		if ids[op.OperationID]++; ids[op.OperationID] > 1 {
			op.OperationID += strconv.Itoa(ids[op.OperationID])
		}
		doc.AddOperation(openAPIPath(r.declared), r.method, op)
	}
	for _, name := range slices.Sorted(maps.Keys(used)) {
		if name == "oauth" && len(a.config.OpenAPIOAuth) > 0 {
			doc.Components.SecuritySchemes[name] = &openapi3.SecuritySchemeRef{Value: a.oauth2Scheme()}
		} else if s := a.securityScheme(name); s != nil {
			doc.Components.SecuritySchemes[name] = &openapi3.SecuritySchemeRef{Value: s}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, []error{fmt.Errorf("OpenAPI document: %w", err)}
	}
	return append(b, '\n'), nil
}

// openAPIPath writes a declared path in OpenAPI's form: /stuff/{sid}.
func openAPIPath(declared string) string {
	return pathVariable.ReplaceAllStringFunc(declared, func(m string) string {
		name := strings.Trim(m, "<>:")
		if _, n, ok := strings.Cut(name, ":"); ok {
			name = n
		}
		return "{" + name + "}"
	})
}

// canonicalScheme is the security scheme's name of an authentication
// scheme, "" when OpenAPI cannot describe it.
func (a *App) canonicalScheme(name string) string {
	switch name {
	case "basic", "http-basic":
		return "basic"
	case "digest", "http-digest":
		return "digest"
	case "token", "http-token":
		return "token"
	case "oauth", "fake", "httpd":
		return name
	}
	return ""
}

// securityScheme describes one of canonicalScheme's names.
func (a *App) securityScheme(name string) *openapi3.SecurityScheme {
	cfg := a.config
	switch name {
	case "basic":
		return &openapi3.SecurityScheme{Type: "http", Scheme: "basic", Description: "HTTP Basic, realm " + strconv.Quote(cfg.Realm) + " unless the route sets its own"}
	case "digest":
		return &openapi3.SecurityScheme{Type: "http", Scheme: "digest", Description: "HTTP Digest, realm " + strconv.Quote(cfg.Realm) + " unless the route sets its own"}
	case "token", "oauth":
		t := a.tokens
		if t == nil {
			return nil
		}
		desc := map[bool]string{true: "a JWT", false: "an fsa token"}[t.jwt] + " of the route's realm"
		if name == "oauth" {
			desc = "an OAuth bearer JWT issued by " + strconv.Quote(t.issuer) + "; the requirement lists the scopes the route needs"
		}
		switch t.carrier {
		case "bearer":
			s := &openapi3.SecurityScheme{Type: "http", Scheme: "bearer", Description: desc}
			if t.name != "Bearer" {
				s.Description += "; the Authorization scheme is " + strconv.Quote(t.name)
			}
			if t.jwt {
				s.BearerFormat = "JWT"
			}
			return s
		case "param":
			return &openapi3.SecurityScheme{Type: "apiKey", In: "query", Name: t.name, Description: desc + ", a request parameter (query, form or JSON)"}
		case "cookie":
			return &openapi3.SecurityScheme{Type: "apiKey", In: "cookie", Name: t.name, Description: desc}
		case "header":
			return &openapi3.SecurityScheme{Type: "apiKey", In: "header", Name: t.name, Description: desc}
		}
	case "fake":
		return &openapi3.SecurityScheme{Type: "apiKey", In: "query", Name: cfg.FakeLogin, Description: "fake: the login a loopback client names, for tests only"}
	case "httpd":
		return &openapi3.SecurityScheme{Type: "apiKey", In: "header", Name: cfg.HTTPDHeader, Description: "the login a trusted proxy authenticated"}
	}
	return nil
}

// oauth2Scheme describes the oauth scheme as the OAuth 2 flows of
// FSA_OPENAPI_OAUTH, each with the scopes of FSA_AUTHZ_SCOPES and of the
// routes.
func (a *App) oauth2Scheme() *openapi3.SecurityScheme {
	scopes := map[string]string{}
	for _, s := range a.config.AuthzScopes {
		scopes[s] = "scope " + s
	}
	for _, r := range a.routes {
		if r.access.level == Auth {
			for _, s := range r.access.scopes {
				scopes[s] = "scope " + s
			}
		}
	}
	flows := &openapi3.OAuthFlows{}
	for name, f := range a.config.OpenAPIOAuth {
		flow := &openapi3.OAuthFlow{AuthorizationURL: f.AuthorizationURL, TokenURL: f.TokenURL, RefreshURL: f.RefreshURL,
			Scopes: maps.Clone(scopes)}
		switch name {
		case "implicit":
			flows.Implicit = flow
		case "password":
			flows.Password = flow
		case "clientCredentials":
			flows.ClientCredentials = flow
		case "authorizationCode":
			flows.AuthorizationCode = flow
		}
	}
	return &openapi3.SecurityScheme{Type: "oauth2", Flows: flows,
		Description: "OAuth 2 bearer JWTs issued by " + strconv.Quote(a.tokens.issuer) + "; the requirement lists the scopes the route needs"}
}

// errorSchema is the body of an error response in FSA_ERROR_RESPONSE's
// format.
func (a *App) errorSchema() *openapi3.Schema {
	mode := a.config.ErrorResponse
	switch key, keyed := strings.CutPrefix(mode, "json:"); {
	case keyed:
		s := openapi3.NewObjectSchema()
		s.Properties = openapi3.Schemas{key: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}
		s.Required = []string{key}
		return s
	case mode == "problem":
		s := openapi3.NewObjectSchema()
		problem := openapi3.NewObjectSchema()
		problem.Properties = openapi3.Schemas{
			"name": openapi3.NewSchemaRef("", openapi3.NewStringSchema()), "in": openapi3.NewSchemaRef("", openapi3.NewStringSchema()),
			"detail": openapi3.NewSchemaRef("", openapi3.NewStringSchema())}
		problem.Required = []string{"name", "in", "detail"}
		list := openapi3.NewArraySchema()
		list.Items = openapi3.NewSchemaRef("", problem)
		s.Properties = openapi3.Schemas{
			"type": openapi3.NewSchemaRef("", openapi3.NewStringSchema()), "title": openapi3.NewSchemaRef("", openapi3.NewStringSchema()),
			"status": openapi3.NewSchemaRef("", openapi3.NewIntegerSchema()), "detail": openapi3.NewSchemaRef("", openapi3.NewStringSchema()),
			"errors": openapi3.NewSchemaRef("", list)}
		s.Required = []string{"type", "status", "detail"}
		s.Description = "RFC 9457 problem details"
		return s
	}
	return openapi3.NewStringSchema()
}

// errorMedia is the content type of error responses.
func (a *App) errorMedia() string {
	switch mode := a.config.ErrorResponse; {
	case mode == "problem":
		return mimeProblem
	case mode == "json" || strings.HasPrefix(mode, "json:"):
		return mimeJSON
	}
	return "text/plain"
}

// passwordSchemes check passwords, with the throttle and the gate.
var passwordSchemes = []string{"basic", "http-basic", "param", "digest", "http-digest"}

// operation describes one route.
func (a *App) operation(g *schemaGen, r *route, used map[string]bool) (*openapi3.Operation, error) {
	op := &openapi3.Operation{
		OperationID: operationID(r.method, r.declared),
		Responses:   openapi3.NewResponses(),
		Extensions:  map[string]any{"x-fsa-authz": r.authzString()},
	}
	var notes []string
	names := make([]string, len(r.schemes))
	for i, s := range r.schemes {
		names[i] = s.name
	}
	auth := r.access.level == Auth

	// security: the route's schemes, as alternatives
	security := openapi3.SecurityRequirements{}
	if auth {
		roles := append(append([]string{}, r.access.groups...), r.access.scopes...)
		seen := map[string]bool{}
		for _, n := range names {
			c := a.canonicalScheme(n)
			switch {
			case n == "none":
			case n == "param":
				notes = append(notes, fmt.Sprintf("Accepts param authentication: the login in the %s and the password in the %s request parameters, in the body.",
					a.config.ParamUser, a.config.ParamPass))
			case c == "" || a.securityScheme(c) == nil:
				notes = append(notes, fmt.Sprintf("Accepts the application's %q authentication scheme.", n))
			case !seen[c]:
				seen[c], used[c] = true, true
				security = append(security, openapi3.SecurityRequirement{c: slices.Clone(roles)})
			}
		}
	}
	if !auth || len(security) > 0 {
		op.Security = &security
	} // else its schemes have no OpenAPI equivalent: the description says them, and x-fsa-authz

	// parameters and body
	body := openapi3.NewObjectSchema()
	var files bool
	var jsonText []string // body members whose text in a form is JSON
	writes := slices.Contains([]string{http.MethodPost, http.MethodPut, http.MethodPatch}, r.method)
	readsRequest := r.plan != nil && (len(r.plan.fields) > 0 || a.config.RejectUnexpectedParam)
	if r.plan != nil {
		for _, f := range r.plan.fields {
			sf := r.plan.typ.Field(f.index)
			fail := func(err error) error { return fmt.Errorf("field %s (parameter %q): %w", sf.Name, f.name, err) }
			var in string
			switch f.kind {
			case kindPath:
				in = openapi3.ParameterInPath
			case kindHeader:
				in = openapi3.ParameterInHeader
			case kindCookie:
				in = openapi3.ParameterInCookie
			case kindParam, kindList, kindFile, kindFiles:
				if !writes {
					in = openapi3.ParameterInQuery
				}
			case kindRest:
				body.AdditionalProperties = openapi3.AdditionalProperties{Has: ptr(true)}
				continue
			default:
				continue // filled by the framework
			}
			var s *openapi3.SchemaRef
			if f.kind == kindFile || f.kind == kindFiles {
				files = true
				if in != "" {
					continue // no body on this method: lintRoutes warns
				}
				file := openapi3.NewStringSchema()
				file.ContentMediaType = "application/octet-stream"
				s = openapi3.NewSchemaRef("", file)
				if f.kind == kindFiles {
					list := openapi3.NewArraySchema()
					list.Items = s
					s = openapi3.NewSchemaRef("", list)
				}
			} else {
				var err error
				if a.convs.casts[f.elem] != nil || f.item != nil && a.convs.casts[f.elem.Elem()] != nil {
					s = openapi3.NewSchemaRef("", openapi3.NewStringSchema()) // converted by a Cast
					if f.kind == kindList {
						list := openapi3.NewArraySchema()
						list.Items = s
						s = openapi3.NewSchemaRef("", list)
					}
				} else if s, err = g.inputs().schema(f.elem); err != nil {
					return nil, fail(err)
				}
				if s.Ref == "" && s.Value.Type != nil && s.Value.Type.IsMultiple() { // a parameter is never null
					s.Value.Type = &openapi3.Types{s.Value.Type.Slice()[0]}
				}
			}
			if f.kind == kindPath && f.match != nil && s.Ref == "" {
				switch pathConv(r.vars, f.name) {
				case "uuid":
					s.Value.Format = "uuid"
				case "int", "float": // digits, without a sign
					s.Value.Min = ptr(0.0)
				}
			}
			tag, _ := sf.Tag.Lookup("validate")
			s = constrain(s, tag, f.elem)
			if f.def.IsValid() && s.Ref == "" {
				s.Value.Default = jsonValue(f.def)
			}
			required := f.kind == kindPath || (f.kind != kindRest && !f.optional && !f.def.IsValid())
			if (in == "" || in == openapi3.ParameterInQuery) && f.kind == kindParam && a.convs.casts[f.elem] == nil && jsonTextParam(f.elem) {
				jsonText = append(jsonText, f.name)
			}
			if in == "" {
				body.Properties[f.name] = s
				if required {
					body.Required = append(body.Required, f.name)
				}
				continue
			}
			p := &openapi3.Parameter{Name: f.name, In: in, Required: required, Schema: s}
			if in == openapi3.ParameterInQuery { // or in the body: curl -X GET -d
				body.Properties[f.name] = s
			}
			if a.convs.casts[f.elem] == nil && jsonTextParam(f.elem) { // its text is JSON
				p.Schema, p.Content = nil, openapi3.Content{mimeJSON: &openapi3.MediaType{Schema: s}}
			}
			if f.kind == kindHeader || f.kind == kindCookie {
				p.Name = f.key
			}
			op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: p})
		}
	}
	paramOnly := auth && len(security) == 0 && slices.Contains(names, "param")
	if paramOnly && writes {
		for _, n := range []string{a.config.ParamUser, a.config.ParamPass} {
			if body.Properties[n] == nil {
				s := openapi3.NewStringSchema()
				s.Description = "credentials of the route's param authentication"
				body.Properties[n] = openapi3.NewSchemaRef("", s)
				body.Required = append(body.Required, n)
			}
		}
	}
	if len(body.Properties) > 0 || body.AdditionalProperties.Has != nil || writes && len(r.authParams) > 0 {
		if body.AdditionalProperties.Has == nil && a.config.RejectUnexpectedParam {
			for _, n := range r.authParams {
				if body.Properties[n] == nil {
					s := openapi3.NewStringSchema()
					s.Description = "credentials of the route's authentication"
					body.Properties[n] = openapi3.NewSchemaRef("", s)
				}
			}
			body.AdditionalProperties = openapi3.AdditionalProperties{Has: ptr(false)}
		}
		content := openapi3.Content{}
		ref := openapi3.NewSchemaRef("", body)
		form := func() *openapi3.MediaType {
			m := &openapi3.MediaType{Schema: ref}
			for _, n := range jsonText {
				if m.Encoding == nil {
					m.Encoding = map[string]*openapi3.Encoding{}
				}
				m.Encoding[n] = &openapi3.Encoding{ContentType: mimeJSON}
			}
			return m
		}
		if !files {
			content[mimeJSON] = &openapi3.MediaType{Schema: ref}
			content["application/x-www-form-urlencoded"] = form()
		}
		content["multipart/form-data"] = form()
		rb := &openapi3.RequestBody{Required: len(body.Required) > 0, Content: content}
		if writes {
			rb.Description = "A member that is no file may be sent as a query parameter instead."
		} else { // the query parameters, in the body
			rb.Description = "The query parameters, sent in the body instead (curl -X GET -d): " +
				"a parameter the query requires may be in the body."
		}
		op.RequestBody = &openapi3.RequestBodyRef{Value: rb}
	}

	// responses: the success, then the errors the pipeline may give
	ok, err := a.success(g, r)
	if err != nil {
		return nil, fmt.Errorf("result type %s: %w", typeString(r.out), err)
	}
	op.Responses.Set(strconv.Itoa(cmp.Or(r.status, http.StatusOK)), &openapi3.ResponseRef{Value: ok})
	header := func(resp *openapi3.Response, name, desc string) {
		if resp.Headers == nil {
			resp.Headers = openapi3.Headers{}
		}
		resp.Headers[name] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: desc, Schema: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}}}
	}
	errorResponse := func(status int, desc string) *openapi3.Response {
		key := strconv.Itoa(status)
		if prev := op.Responses.Value(key); prev != nil {
			*prev.Value.Description += "; " + desc
			return prev.Value
		}
		resp := openapi3.NewResponse().WithDescription(desc)
		resp.Content = openapi3.Content{a.errorMedia(): &openapi3.MediaType{
			Schema: openapi3.NewSchemaRef("#/components/schemas/Error", nil)}}
		op.Responses.Set(key, &openapi3.ResponseRef{Value: resp})
		return resp
	}
	if readsRequest {
		errorResponse(http.StatusBadRequest, "invalid parameters")
	}
	switch {
	case auth && a.config.Redirect401 != "":
		resp := openapi3.NewResponse().WithDescription("authentication required or refused: to the login page")
		header(resp, "Location", "FSA_401_REDIRECT, with the URL asked for")
		op.Responses.Set(strconv.Itoa(http.StatusTemporaryRedirect), &openapi3.ResponseRef{Value: resp})
	case auth:
		resp := errorResponse(http.StatusUnauthorized, "authentication required or refused")
		if r.challenge != "" || r.digest {
			header(resp, "WWW-Authenticate", "the route's challenges")
		}
	}
	if a.config.Secure {
		errorResponse(http.StatusForbidden, "insecure request (not HTTPS)")
	}
	if auth && (len(r.access.groups) > 0 || len(r.access.scopes) > 0 || len(r.objects) > 0) {
		errorResponse(http.StatusForbidden, "permission denied")
	}
	if len(r.objects) > 0 {
		errorResponse(a.config.NotFoundError, "object not found")
	}
	if slices.ContainsFunc(r.vars, func(v pathVar) bool { return v.conv != "" && v.conv != "string" && v.conv != "path" }) {
		errorResponse(http.StatusNotFound, "path variable does not match its converter")
	}
	if readsRequest {
		errorResponse(http.StatusRequestEntityTooLarge, "request body or parameters too large")
	}
	errorResponse(http.StatusRequestURITooLong, "request URI too long")
	errorResponse(http.StatusRequestHeaderFieldsTooLarge, "request headers too large")
	checksPasswords := auth && slices.ContainsFunc(names, func(n string) bool { return slices.Contains(passwordSchemes, n) })
	checksTokens := auth && a.tokens != nil && slices.ContainsFunc(names, func(n string) bool { return n == "token" || n == "http-token" || n == "oauth" })
	if a.config.Throttle && (checksPasswords || checksTokens) {
		header(errorResponse(http.StatusTooManyRequests, "too many failed attempts"), "Retry-After", "seconds to wait")
	}
	var unavailable []string // the 503s: shed load, a shared store lost (fail closed)
	if checksPasswords {
		unavailable = append(unavailable, "too many password checks at once")
	}
	if checksTokens && a.tokens.shared() {
		unavailable = append(unavailable, "revocation store unavailable")
	}
	if auth && a.digestWarn != nil && slices.ContainsFunc(names, func(n string) bool { return n == "digest" || n == "http-digest" }) {
		unavailable = append(unavailable, "digest nonce count store unavailable")
	}
	if len(unavailable) > 0 {
		header(errorResponse(http.StatusServiceUnavailable, strings.Join(unavailable, "; or ")), "Retry-After", "seconds to wait")
	}
	errorResponse(a.config.ServerError, "internal error")
	for _, e := range r.errs {
		errorResponse(e.status, e.desc)
	}
	resp := openapi3.NewResponse().WithDescription("another status: an error the handler returns, or a success status it sets")
	op.Responses.Set("default", &openapi3.ResponseRef{Value: resp})

	if auth && r.realm != a.config.Realm {
		notes = append(notes, fmt.Sprintf("Realm %q: its Basic challenge's, and its tokens'.", r.realm))
	}
	op.Summary = r.summary
	if r.description != "" {
		notes = append([]string{r.description}, notes...)
	}
	op.Description = strings.Join(notes, "\n\n")
	return op, nil
}

func ptr[T any](v T) *T { return &v }

// pathConv is the converter of a path variable.
func pathConv(vars []pathVar, name string) string {
	for _, v := range vars {
		if v.name == name {
			return v.conv
		}
	}
	return ""
}

// operationID is the method and path in camel case: getStuffSid.
func operationID(method, declared string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	up := true
	for _, c := range openAPIPath(declared) {
		isWord := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		switch {
		case !isWord:
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(c)))
			up = false
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// success is the success response of a route (200 or its Status), from its result type.
func (a *App) success(g *schemaGen, r *route) (*openapi3.Response, error) {
	resp := openapi3.NewResponse().WithDescription("OK")
	t := r.out
	text := func(media string) *openapi3.Response {
		resp.Content = openapi3.Content{media: &openapi3.MediaType{Schema: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}}
		return resp
	}
	switch {
	case t == nil || t.Kind() == reflect.Interface:
		return resp, nil // any: it could be anything
	case t == reflect.TypeFor[jsonBytes]():
		resp.Content = openapi3.Content{mimeJSON: &openapi3.MediaType{Schema: openapi3.NewSchemaRef("", openapi3.NewSchema())}}
		return resp, nil
	case t == reflect.TypeFor[HTML]():
		return text("text/html"), nil
	case t.Kind() == reflect.String:
		return text(cmp.Or(a.config.DefaultContentType, "text/plain")), nil
	case t == reflect.TypeFor[[]byte]():
		resp.Content = openapi3.Content{cmp.Or(a.config.DefaultContentType, "application/octet-stream"): &openapi3.MediaType{}}
		return resp, nil
	}
	if item := iterItem(t); item != nil {
		s, err := g.schema(item)
		if err != nil {
			return nil, err
		}
		list := openapi3.NewArraySchema()
		list.Items = s
		resp.Content = openapi3.Content{mimeJSON: &openapi3.MediaType{Schema: openapi3.NewSchemaRef("", list)}}
		return resp, nil
	}
	s, err := g.schema(t)
	if err != nil {
		return nil, err
	}
	resp.Content = openapi3.Content{mimeJSON: &openapi3.MediaType{Schema: s}}
	return resp, nil
}
