// Package contract is the contract check of issue 28, for the test suites
// of Acme and the examples: every request a suite makes through a
// Handler is validated, with its response, against the app's own OpenAPI
// document by libopenapi-validator. The response always (its status
// listed by the operation, not only covered by "default", and its body
// matching the schema); the request when the app accepted it (2xx); and
// a request the app answered 400 must be refused by the document too,
// unless its fault is one the document cannot describe (CannotTell) or
// one the route declares its handler returns (Declared).
// Mismatches are recorded and fail the test at its end, all listed.
//
// Left out, since the document does not describe them: HEAD requests
// (HEAD operations are left out of the document), requests to paths or
// methods the document does not have (404 and 405 answers of the
// router), and OPTIONS.
//
// fsa reads parameters from the query and the body on every method; the
// document describes a GET's or DELETE's as query parameters (and an
// optional body of the same members), a POST's, PUT's or PATCH's as its
// body. The check validates a request in that form: a GET's body members
// added to its query, a POST's query parameters moved to its form body.
package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	vErrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/paths"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/fsa-go/fsa-go/fsa"
)

// Suite holds the validators of the documents a test package checks
// against (one per document: the many apps of a suite that share a
// configuration share it) and counts what it validated. Its zero value
// is ready; a test package keeps one for its run.
type Suite struct {
	validators sync.Map // string(doc) -> *Validator
	responses  atomic.Int64
	requests   atomic.Int64
	refusals   atomic.Int64
	bodied     atomic.Int64
}

// Run runs the package's tests, for its TestMain, and prints the Report
// under go test -v. It returns m.Run's code.
func (s *Suite) Run(m *testing.M) int {
	code := m.Run()
	if testing.Verbose() {
		fmt.Println(s.Report())
	}
	return code
}

// Report says what the suite validated.
func (s *Suite) Report() string {
	return fmt.Sprintf("contract: %d responses and %d requests (2xx) validated, %d answered 400 checked refused by the document, %d GET or DELETE requests with a body validated in the document's form",
		s.responses.Load(), s.requests.Load(), s.refusals.Load(), s.bodied.Load())
}

// Validator validates requests and responses against one document.
type Validator struct {
	mu    sync.Mutex // the validator is used by one request at a time
	v     validator.Validator
	model *v3.Document
}

// Validator returns the validator of app's document; an app whose
// document cannot be built or read is fatal to t.
func (s *Suite) Validator(t testing.TB, app *fsa.App) *Validator {
	t.Helper()
	doc, err := app.OpenAPI()
	if err != nil {
		t.Fatalf("contract: OpenAPI: %v", err)
	}
	if v, ok := s.validators.Load(string(doc)); ok {
		return v.(*Validator)
	}
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatalf("contract: libopenapi: %v", err)
	}
	v, errs := validator.NewValidator(d, config.WithURLEncodedBodyValidation(), config.WithFormatAssertions(), config.WithContentAssertions(),
		config.WithContentParameterValidation(), config.WithCustomFormat("int64", int64Format))
	if len(errs) > 0 {
		t.Fatalf("contract: validator: %v", errs)
	}
	model, err := d.BuildV3Model()
	if err != nil {
		t.Fatalf("contract: model: %v", err)
	}
	cv, _ := s.validators.LoadOrStore(string(doc), &Validator{v: v, model: &model.Model})
	return cv.(*Validator)
}

// int64Format is the int64 format as far as the validator can tell: it
// decodes JSON numbers as float64s, which round an int64 beyond 2^53 (the
// largest int64 prime, 2^63-25, becomes 2^63), so a whole number up to
// 2^63 in magnitude passes.
func int64Format(v any) error {
	f, ok := v.(float64)
	if !ok {
		return nil // the format is for numbers only
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<63 {
		return fmt.Errorf("%v is not an int64", f)
	}
	return nil
}

// operation returns the document's operation of req, nil if none.
func (v *Validator) operation(req *http.Request) *v3.Operation {
	item, errs, _ := paths.FindPath(req, v.model, config.NewValidationOptions())
	if item == nil || len(errs) > 0 {
		return nil
	}
	return item.GetOperations().GetOrZero(strings.ToLower(req.Method))
}

// Listed tells whether the document lists the status of a response to
// req, rather than covering it by "default" only.
func (v *Validator) Listed(req *http.Request, status int) bool {
	op := v.operation(req)
	if op == nil || op.Responses == nil || op.Responses.Codes == nil {
		return false
	}
	_, ok := op.Responses.Codes.Get(strconv.Itoa(status))
	return ok
}

// queryToForm moves the query parameters that are members of the
// urlencoded body of req's operation to its body, if it has none or a
// form: it returns the new body, and sets the request's query and
// Content-Type. A JSON or multipart body is left as is (fsa reads the
// query's parameters with them too, which this check cannot describe).
func (v *Validator) queryToForm(req *http.Request, body []byte) []byte {
	media, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if len(body) > 0 && media != "application/x-www-form-urlencoded" {
		return body
	}
	op := v.operation(req)
	if op == nil || op.RequestBody == nil || op.RequestBody.Content == nil {
		return body
	}
	mt := op.RequestBody.Content.GetOrZero("application/x-www-form-urlencoded")
	if mt == nil || mt.Schema == nil || mt.Schema.Schema() == nil || mt.Schema.Schema().Properties == nil {
		return body
	}
	members := mt.Schema.Schema().Properties
	query, form := req.URL.Query(), url.Values{}
	if len(body) > 0 {
		form, _ = url.ParseQuery(string(body))
	}
	for name, values := range query {
		if _, ok := members.Get(name); ok && !form.Has(name) {
			form[name] = values
			delete(query, name)
		}
	}
	req.URL.RawQuery = query.Encode()
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return []byte(form.Encode())
}

// Declared tells whether answer, the body of a response to req of an
// error status, is one the route declares its handler returns
// (fsa.Errors): the response's description, which joins the reasons of
// the status with "; ", has a reason that the answer holds. A 400 the
// handler returns for the application's own rule (an existing user) is
// not the document's to refuse.
func (v *Validator) Declared(req *http.Request, status int, answer string) bool {
	op := v.operation(req)
	if op == nil || op.Responses == nil || op.Responses.Codes == nil {
		return false
	}
	resp, ok := op.Responses.Codes.Get(strconv.Itoa(status))
	if !ok || resp == nil {
		return false
	}
	for _, reason := range strings.Split(resp.Description, "; ") {
		if reason != "invalid parameters" && strings.Contains(answer, reason) {
			return true
		}
	}
	return false
}

// Response validates a response to req against the document, and
// returns its mismatches.
func (v *Validator) Response(req *http.Request, res *http.Response) []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, errs := v.v.ValidateHttpResponse(req, res)
	return messages(errs)
}

// Request validates a request against the document, and returns its
// mismatches.
func (v *Validator) Request(req *http.Request) []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, errs := v.v.ValidateHttpRequest(req)
	return messages(errs)
}

// handler wraps an app, validating every request and response.
type handler struct {
	app        *fsa.App
	suite      *Suite
	v          *Validator
	mu         sync.Mutex
	mismatches []string
	accepted   []string // requests answered 400 that the document accepts
}

// Handler returns app wrapped in a contract check that fails t at its
// end with every mismatch found.
func (s *Suite) Handler(t testing.TB, app *fsa.App) http.Handler {
	t.Helper()
	h := &handler{app: app, suite: s, v: s.Validator(t, app)}
	t.Cleanup(func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if len(h.mismatches) > 0 {
			t.Errorf("contract: %d mismatches with the OpenAPI document:\n%s", len(h.mismatches), strings.Join(h.mismatches, "\n"))
		}
		if len(h.accepted) > 0 {
			t.Logf("contract: %d requests answered 400 that the document accepts:\n  %s", len(h.accepted), strings.Join(h.accepted, "\n  "))
		}
	})
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	// the request as the app got it, for the validator
	seen := r.Clone(r.Context())
	seen.Body = io.NopCloser(bytes.NewReader(body))

	rec := httptest.NewRecorder()
	h.app.ServeHTTP(rec, r)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())

	if r.Method == http.MethodHead || r.Method == http.MethodOptions {
		return
	}
	res := rec.Result()
	res.Body = io.NopCloser(bytes.NewReader(rec.Body.Bytes()))
	h.check(seen, body, res, rec.Body.Bytes())
}

// check validates a pair, recording its mismatches.
func (h *handler) check(req *http.Request, body []byte, res *http.Response, resBody []byte) {
	h.v.mu.Lock()
	defer h.v.mu.Unlock()
	label := fmt.Sprintf("%s %s -> %d", req.Method, req.URL.RequestURI(), res.StatusCode)
	_, errs := h.v.v.ValidateHttpResponse(req, res)
	if undescribed(errs) {
		return
	}
	h.suite.responses.Add(1)
	h.record(label, "response", messages(errs))
	if !h.v.Listed(req, res.StatusCode) {
		// "default" has no schema: a status only it covers would go
		// unchecked; routes declare theirs (fsa.Status, fsa.Errors).
		h.record(label, "response", []string{"status covered by \"default\" only: declare it with fsa.Status or fsa.Errors"})
	}
	if len(body) > 0 && (req.Method == http.MethodGet || req.Method == http.MethodDelete) {
		// fsa reads a GET's or DELETE's parameters from its body too (the
		// tutorial's curl -X GET -d): the document describes them as the
		// query parameters and an optional body of the same members. A
		// parameter the query requires may be in the body: the request is
		// validated with the body's parameters added to its query.
		if params := bodyParams(req.Header.Get("Content-Type"), body); len(params) > 0 {
			query := req.URL.Query()
			for name, values := range params {
				if !query.Has(name) {
					query[name] = values
				}
			}
			req.URL.RawQuery = query.Encode()
			h.suite.bodied.Add(1)
		}
	}
	if req.URL.RawQuery != "" && (req.Method == http.MethodPost || req.Method == http.MethodPut || req.Method == http.MethodPatch) {
		// fsa reads a writing request's parameters from its query too: the
		// document describes them as the body's members. A form body, or
		// none, is validated with the query's members moved to it.
		body = h.v.queryToForm(req, body)
	}
	switch {
	case res.StatusCode/100 == 2:
		req.Body = io.NopCloser(bytes.NewReader(body))
		_, errs := h.v.v.ValidateHttpRequest(req)
		if strings.HasSuffix(res.Header.Get("FSA-User"), "(param)") {
			// Known limitation: param authentication (login and password
			// as request parameters) is no OpenAPI security scheme; the
			// operation describes it, its security lists the others.
			errs = slices.DeleteFunc(errs, func(e *vErrors.ValidationError) bool {
				return e.ValidationType == helpers.SecurityValidation
			})
		}
		// libopenapi-validator v0.16.3 false positive: it looks for
		// reserved characters in the decoded form values (calvin@acme.org
		// is sent as calvin%40acme.org, as allowReserved false asks).
		errs = slices.DeleteFunc(errs, func(e *vErrors.ValidationError) bool {
			return e.ValidationType == helpers.URLEncodedValidation && strings.Contains(e.Message, "contains reserved characters")
		})
		h.suite.requests.Add(1)
		h.record(label, "request", messages(errs))
	case res.StatusCode == http.StatusBadRequest:
		req.Body = io.NopCloser(bytes.NewReader(body))
		ok, _ := h.v.v.ValidateHttpRequest(req)
		h.suite.refusals.Add(1)
		answer := strings.TrimSpace(string(resBody))
		if ok && !CannotTell(answer) && !h.v.Declared(req, res.StatusCode, answer) {
			h.record(label, "request", []string{"answered 400 but the document accepts it: " + answer})
		} else if ok {
			h.mu.Lock()
			h.accepted = append(h.accepted, label+" "+answer)
			h.mu.Unlock()
		}
	}
}

// bodyParams returns the parameters of a form or JSON body as their
// text, as a query would send them: a JSON string as is, an array's items
// as repeated values, another value as its JSON text; nil for another
// body.
func bodyParams(ctype string, body []byte) url.Values {
	media, params, _ := mime.ParseMediaType(ctype)
	switch {
	case media == "application/x-www-form-urlencoded":
		values, _ := url.ParseQuery(string(body))
		return values
	case media == "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(int64(len(body)))
		if err != nil {
			return nil
		}
		return form.Value
	case media == "application/json":
		var members map[string]json.RawMessage
		if json.Unmarshal(body, &members) != nil {
			return nil
		}
		text := func(raw json.RawMessage) string { // a string as is, another value as JSON
			var s string
			if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
				return s
			}
			return string(raw)
		}
		values := url.Values{}
		for name, raw := range members {
			var items []json.RawMessage
			if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
				values[name] = []string{text(raw)}
				continue
			}
			for _, item := range items {
				values.Add(name, text(item))
			}
		}
		return values
	}
	return nil
}

// CannotTell tells that a 400 answer is for a fault the document cannot
// describe: an unexpected query parameter (OpenAPI has no closed set of
// query parameters) and the checks of the app's hooks on a login or a
// password (FSA_PASSWORD_CHECK, FSA_PASSWORD_LENGTH and FSA_PASSWORD_RE,
// the login name's rule).
func CannotTell(answer string) bool {
	for _, s := range []string{"unexpected http parameter", "invalid login name", "password is too", "password must"} {
		if strings.Contains(answer, s) {
			return true
		}
	}
	return false
}

// undescribed tells that the document has no operation for the request.
func undescribed(errs []*vErrors.ValidationError) bool {
	for _, e := range errs {
		if e.IsPathMissingError() || e.IsOperationMissingError() {
			return true
		}
	}
	return false
}

// messages are the validator's errors, each with its reason and its
// schema's findings.
func messages(errs []*vErrors.ValidationError) []string {
	var out []string
	for _, e := range errs {
		msg := e.Message + ": " + e.Reason
		for _, f := range e.SchemaValidationErrors {
			msg += "; " + f.FieldPath + ": " + f.Reason
		}
		out = append(out, msg)
	}
	return out
}

func (h *handler) record(label, what string, msgs []string) {
	if len(msgs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, m := range msgs {
		h.mismatches = append(h.mismatches, fmt.Sprintf("  %s: %s: %s", label, what, m))
	}
}
