// Package fsatest sends requests to an http.Handler, such as an *fsa.App,
// for table-driven tests: each Case gives the credentials, the request
// and what the response must show.
//
// Requests come from 127.0.0.1 (DefaultRemoteAddr) unless a RemoteAddr
// says otherwise, so features limited to loopback clients work in tests:
// FSA_SECURE lets plain HTTP through from loopback only, and the fake
// scheme serves loopback clients only. A request made with
// httptest.NewRequest comes from 192.0.2.1, which is not loopback: over
// plain HTTP an app with FSA_SECURE on (the default) refuses it with 403,
// and the fake scheme finds no login in it.
//
// Failures are reported at the line of the test that calls Do, Check or
// Run, not inside fsatest.
package fsatest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"math/big"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultRemoteAddr is the client address of requests that set none.
const DefaultRemoteAddr = "127.0.0.1:40000"

// Client sends requests to a handler.
type Client struct {
	Handler    http.Handler
	RemoteAddr string // client address; DefaultRemoteAddr if empty
	ParamUser  string // request parameter of the login for Param (default "USER")
	ParamPass  string // request parameter of the password for Param (default "PASS")
	// TokenCarrier and TokenName say how Token and TokenLogin present a
	// token, as FSA_TOKEN_CARRIER and FSA_TOKEN_NAME: "bearer" (the
	// default) in an Authorization header of scheme TokenName (default
	// "Bearer"), "header" in the header TokenName (default "Auth"),
	// "cookie" in the cookie TokenName (default "auth"), "param" in the
	// request parameter TokenName (default "AUTH"). NewClient sets them
	// from the app.
	TokenCarrier, TokenName string

	// Passwords holds the test users' passwords, for Case.User.
	Passwords map[string]string
	// Login presents a user's credentials for Case.User; Basic if nil,
	// or TokenLogin to log in once and send tokens.
	Login func(login, password string) Auth
	// Now is the app's clock, by which TokenLogin tells that a token it
	// holds has expired; time.Now if nil. For an app given a test clock
	// with fsa.Clock(clock.Now), set it to clock.Now too.
	Now func() time.Time

	mu     sync.Mutex
	tokens map[string]heldToken // by path, login and password
}

// heldToken is a token TokenLogin got, with its expiry (zero if unknown).
type heldToken struct {
	token   string
	expires time.Time
}

// New returns a client of h.
func New(h http.Handler) *Client {
	return &Client{Handler: h}
}

// Auth is a way of presenting credentials.
type Auth interface {
	apply(c *Client, r *request)
}

type authFunc func(c *Client, r *request)

func (f authFunc) apply(c *Client, r *request) {
	r.t.Helper()
	f(c, r)
}

// Basic presents a login and password in an Authorization: Basic header.
func Basic(login, password string) Auth {
	return authFunc(func(_ *Client, r *request) {
		r.t.Helper()
		r.header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(login+":"+password)))
	})
}

// TokenLogin returns a Client.Login that gets a token once per user, with
// Basic credentials on GET path (whose response is {"token": "..."}), and
// then presents it as Token does. It logs the user in again once the
// token has expired by Client.Now: the expiry is read from the token, an
// fsa token's (REALM:USER:YYYYMMDDHHMMSS:SIG, in UTC) or a JWT's exp
// claim; a token of another form is kept for the life of the Client. A
// failed login is fatal to the test.
func TokenLogin(path string) func(login, password string) Auth {
	return func(login, password string) Auth {
		return authFunc(func(c *Client, r *request) {
			r.t.Helper()
			token, err := c.token(r.t, path, login, password)
			if err != nil {
				r.t.Fatalf("TokenLogin %s as %s: %v", path, login, err)
			}
			c.present(r, token)
		})
	}
}

// Token presents a token as the client's TokenCarrier and TokenName say:
// by default, as Bearer does.
func Token(token string) Auth {
	return authFunc(func(c *Client, r *request) {
		r.t.Helper()
		c.present(r, token)
	})
}

// present adds token to r as the client's carrier carries it.
func (c *Client) present(r *request, token string) {
	r.t.Helper()
	carrier := c.TokenCarrier
	if carrier == "" {
		carrier = "bearer"
	}
	name := c.TokenName
	if name == "" {
		name = map[string]string{"bearer": "Bearer", "param": "AUTH", "cookie": "auth", "header": "Auth"}[carrier]
	}
	switch carrier {
	case "bearer":
		r.header.Set("Authorization", name+" "+token)
	case "header":
		r.header.Set(name, token)
	case "cookie":
		r.header.Add("Cookie", (&http.Cookie{Name: name, Value: token}).String())
	case "param":
		r.setParam(name, token)
	default:
		r.t.Fatalf("fsatest: unknown TokenCarrier %q: want bearer, header, cookie or param", carrier)
	}
}

// token returns the token of a user, asking path for it the first time
// and once the token expired.
func (c *Client) token(t testing.TB, path, login, password string) (string, error) {
	t.Helper()
	key := path + "\x00" + login + "\x00" + password
	c.mu.Lock()
	held, ok := c.tokens[key]
	c.mu.Unlock()
	if ok && (held.expires.IsZero() || c.now().Before(held.expires)) {
		return held.token, nil
	}
	res := c.Do(t, Case{Path: path, Auth: Basic(login, password)})
	var answer struct{ Token string }
	if res.StatusCode != http.StatusOK || json.Unmarshal(res.Body, &answer) != nil || answer.Token == "" {
		return "", fmt.Errorf("status %d, body %q: want 200 and {\"token\": ...}", res.StatusCode, res.Body)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens == nil {
		c.tokens = map[string]heldToken{}
	}
	c.tokens[key] = heldToken{answer.Token, tokenExpiry(answer.Token)}
	return answer.Token, nil
}

// now is the app's time, by Client.Now.
func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// tokenExpiry returns when a token expires: the LIMIT of an fsa token
// (PREFIX:USER:LIMIT:SIG) or the exp claim of a JWT; zero if it says
// neither.
func tokenExpiry(token string) time.Time {
	if parts := strings.Split(token, "."); len(parts) == 3 {
		payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
		var claims struct{ Exp json.Number }
		if err == nil && json.Unmarshal(payload, &claims) == nil {
			if exp, err := strconv.ParseFloat(claims.Exp.String(), 64); err == nil {
				sec, frac := math.Modf(exp)
				return time.Unix(int64(sec), int64(frac*1e9))
			}
		}
	}
	// not a JWT: an fsa token's login may hold dots
	if parts := strings.Split(token, ":"); len(parts) >= 4 {
		if limit, err := time.Parse(fsaLimitLayout, parts[len(parts)-2]); err == nil {
			return limit
		}
	}
	return time.Time{}
}

// fsaLimitLayout is the expiry of an fsa token, in UTC.
const fsaLimitLayout = "20060102150405"

// Bearer presents a token in an Authorization: Bearer header.
func Bearer(token string) Auth {
	return authFunc(func(_ *Client, r *request) {
		r.t.Helper()
		r.header.Set("Authorization", "Bearer "+token)
	})
}

// Param presents a login and password as request parameters, in the JSON
// body when the case has one, else in the form.
func Param(login, password string) Auth {
	return authFunc(func(c *Client, r *request) {
		r.t.Helper()
		user, pass := c.ParamUser, c.ParamPass
		if user == "" {
			user = "USER"
		}
		if pass == "" {
			pass = "PASS"
		}
		r.setParam(user, login)
		r.setParam(pass, password)
	})
}

// Case is one request and what its response must show.
type Case struct {
	Name       string
	User       string      // a user of Client.Passwords, logged in with Client.Login; another is fatal
	Auth       Auth        // credentials, if any (instead of User)
	Method     string      // GET if empty
	Path       string      // may hold a query string
	Query      url.Values  // added to the query string
	Form       url.Values  // sent as an urlencoded body, or multipart with Files
	Files      url.Values  // uploaded files: contents by parameter name (the file name too); with Files, Form goes multipart/form-data
	JSON       any         // sent as a JSON body (a map for Param credentials)
	Body       string      // sent as is, with the Content-Type set in Header
	Header     http.Header // request headers
	RemoteAddr string      // client address, if not the client's

	WantStatus int               // expected status
	WantBody   string            // a part the body must contain
	WantExact  *string           // the exact body, if set
	WantJSON   map[string]any    // members the JSON object body must have, by JSON type and value (nil: null or absent; Null: null)
	WantHeader map[string]string // exact header values; "" means absent
}

// request is a request being built.
type request struct {
	t         testing.TB
	nonObject bool // the JSON body is not a map
	header    http.Header
	form      url.Values
	json      map[string]any
}

func (r *request) setParam(name, value string) {
	r.t.Helper()
	if r.nonObject {
		r.t.Fatalf("Param credentials need a JSON object body (a map[string]any)")
	}
	if r.json != nil {
		r.json[name] = value
		return
	}
	if r.form == nil {
		r.form = url.Values{}
	}
	r.form.Set(name, value)
}

// Response is a response, with its body read.
type Response struct {
	*http.Response
	Body []byte
}

// label names tc in messages: its Name, or its method and path.
func (tc Case) label() string {
	if tc.Name != "" {
		return tc.Name
	}
	return firstOf(tc.Method, http.MethodGet) + " " + tc.Path
}

// knownUsers lists the users of Client.Passwords, for a message.
func (c *Client) knownUsers() string {
	if len(c.Passwords) == 0 {
		return "Client.Passwords is empty"
	}
	var quoted []string
	for _, user := range slices.Sorted(maps.Keys(c.Passwords)) {
		quoted = append(quoted, strconv.Quote(user))
	}
	return "Client.Passwords has " + strings.Join(quoted, ", ")
}

// Do sends the request of tc and returns the response; it checks nothing.
// Mistakes in tc (an unknown User, two bodies) and failed logins are
// fatal to the test.
func (c *Client) Do(t testing.TB, tc Case) *Response {
	t.Helper()
	r := request{t: t, header: http.Header{}}
	for name, values := range tc.Header {
		r.header[http.CanonicalHeaderKey(name)] = append([]string{}, values...)
	}
	if tc.Form != nil {
		r.form = url.Values{}
		for k, vs := range tc.Form {
			r.form[k] = append([]string{}, vs...)
		}
	}
	if tc.JSON != nil && (tc.Form != nil || tc.Files != nil || tc.Body != "") {
		t.Fatalf("%s: a case sends one body: JSON, Form (with Files) or Body", tc.label())
	}
	var rawJSON any
	if tc.JSON != nil {
		if m, ok := tc.JSON.(map[string]any); ok {
			r.json = make(map[string]any, len(m))
			for k, v := range m {
				r.json[k] = v
			}
			rawJSON = r.json
		} else {
			rawJSON, r.nonObject = tc.JSON, true
		}
	}
	auth := tc.Auth
	if auth == nil && tc.User != "" {
		password, ok := c.Passwords[tc.User]
		if !ok {
			t.Fatalf("%s: unknown user %q: %s", tc.label(), tc.User, c.knownUsers())
		}
		login := c.Login
		if login == nil {
			login = Basic
		}
		auth = login(tc.User, password)
	}
	if auth != nil {
		auth.apply(c, &r)
	}
	if (r.form != nil || tc.Files != nil) && tc.Body != "" {
		t.Fatalf("%s: a case sends one body: Form (or Param credentials), Files or Body", tc.label())
	}
	var body io.Reader
	switch {
	case rawJSON != nil:
		b, err := json.Marshal(rawJSON)
		if err != nil {
			t.Fatalf("%s: cannot encode JSON body: %v", tc.label(), err)
		}
		body = bytes.NewReader(b)
		r.header.Set("Content-Type", "application/json")
	case tc.Files != nil:
		b, ctype, err := multipartBody(r.form, tc.Files)
		if err != nil {
			t.Fatalf("%s: cannot encode multipart body: %v", tc.label(), err)
		}
		body = bytes.NewReader(b)
		r.header.Set("Content-Type", ctype)
	case r.form != nil:
		body = strings.NewReader(r.form.Encode())
		r.header.Set("Content-Type", "application/x-www-form-urlencoded")
	case tc.Body != "":
		body = strings.NewReader(tc.Body)
	}
	method := tc.Method
	if method == "" {
		method = http.MethodGet
	}
	target := tc.Path
	if len(tc.Query) > 0 {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + tc.Query.Encode()
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatalf("%s: %v", tc.label(), err)
	}
	if req.Body == nil {
		req.Body = http.NoBody // as a server gives it
	}
	for name, values := range r.header {
		req.Header[name] = values
	}
	req.RemoteAddr = firstOf(tc.RemoteAddr, c.RemoteAddr, DefaultRemoteAddr)
	rec := httptest.NewRecorder()
	c.Handler.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return &Response{Response: res, Body: b}
}

// multipartBody encodes form values, then files, as multipart/form-data,
// in the order of their sorted names; each file is named after its
// parameter. It returns the body and its content type.
func multipartBody(form, files url.Values) ([]byte, string, error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, name := range slices.Sorted(maps.Keys(form)) {
		for _, v := range form[name] {
			if err := w.WriteField(name, v); err != nil {
				return nil, "", err
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		for _, content := range files[name] {
			part, err := w.CreateFormFile(name, name)
			if err != nil {
				return nil, "", err
			}
			if _, err := io.WriteString(part, content); err != nil {
				return nil, "", err
			}
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), w.FormDataContentType(), nil
}

// Check sends the request of tc and reports every expectation it misses.
func (c *Client) Check(t testing.TB, tc Case) *Response {
	t.Helper()
	res := c.Do(t, tc)
	for _, problem := range tc.problems(res) {
		t.Errorf("%s %s: %s", firstOf(tc.Method, http.MethodGet), tc.Path, problem)
	}
	return res
}

// Run runs each case as a subtest named after it.
func (c *Client) Run(t *testing.T, cases []Case) {
	t.Helper()
	for _, tc := range cases {
		name := tc.Name
		if name == "" {
			name = firstOf(tc.Method, http.MethodGet) + " " + tc.Path
		}
		t.Run(name, func(t *testing.T) {
			t.Helper()
			c.Check(t, tc)
		})
	}
}

// problems lists how res misses the expectations of tc.
func (tc Case) problems(res *Response) []string {
	var out []string
	body := string(res.Body)
	if tc.WantStatus != 0 && res.StatusCode != tc.WantStatus {
		out = append(out, fmt.Sprintf("status %d, want %d (body %q)", res.StatusCode, tc.WantStatus, body))
	}
	if tc.WantBody != "" && !strings.Contains(body, tc.WantBody) {
		out = append(out, fmt.Sprintf("body %q does not contain %q", body, tc.WantBody))
	}
	if tc.WantExact != nil && body != *tc.WantExact {
		out = append(out, fmt.Sprintf("body %q, want %q", body, *tc.WantExact))
	}
	if tc.WantJSON != nil {
		var got map[string]json.RawMessage
		if err := json.Unmarshal(res.Body, &got); err != nil {
			out = append(out, fmt.Sprintf("body %q is not a JSON object: %v", body, err))
		} else if got == nil {
			out = append(out, fmt.Sprintf("body %q is not a JSON object", body))
		} else {
			for _, name := range slices.Sorted(maps.Keys(tc.WantJSON)) {
				if problem := jsonMismatch(got, name, tc.WantJSON[name]); problem != "" {
					out = append(out, fmt.Sprintf("JSON member %q: %s", name, problem))
				}
			}
		}
	}
	for name, want := range tc.WantHeader {
		got, present := res.Header[http.CanonicalHeaderKey(name)]
		switch {
		case want == "" && present:
			out = append(out, fmt.Sprintf("header %s is %q, want none", name, got))
		case want != "" && res.Header.Get(name) != want:
			out = append(out, fmt.Sprintf("header %s is %q, want %q", name, res.Header.Get(name), want))
		}
	}
	return out
}

// Null, as a WantJSON value, is a member that must be present and null
// (nil also accepts an absent member).
var Null = jsonNull{}

// jsonNull is the type of Null, encoded as JSON null.
type jsonNull struct{}

// MarshalJSON encodes JSON null.
func (jsonNull) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// jsonMismatch says how member name of a JSON object misses want, a Go
// value compared once encoded as JSON, or returns "". Values compare by
// JSON type and value: a string is never a number, a boolean or null;
// numbers compare exactly, whatever their spelling (1, 1.0 and 1e0 are
// equal); objects compare member by member, whatever their order. A want
// of nil matches null or an absent member; Null matches null only. The message shows both
// values as JSON, with their JSON types.
func jsonMismatch(obj map[string]json.RawMessage, name string, want any) string {
	wantJSON, err := encodeJSON(want)
	if err != nil {
		return fmt.Sprintf("cannot encode the expected value: %v", err)
	}
	wantValue, err := decodeJSON(wantJSON)
	if err != nil {
		return fmt.Sprintf("cannot encode the expected value: %v", err)
	}
	raw, present := obj[name]
	switch {
	case !present && wantValue == nil && want != Null:
		return ""
	case !present:
		return fmt.Sprintf("absent, want %s (%s)", wantJSON, jsonType(wantValue))
	}
	got, err := decodeJSON(raw)
	if err != nil { // not after json.Unmarshal accepted it
		return fmt.Sprintf("cannot decode %s: %v", raw, err)
	}
	if equalJSON(got, wantValue) {
		return ""
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		compact.Reset()
		compact.Write(raw)
	}
	return fmt.Sprintf("got %s (%s), want %s (%s)", compact.Bytes(), jsonType(got), wantJSON, jsonType(wantValue))
}

// encodeJSON encodes v as compact JSON, without escaping HTML.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// decodeJSON decodes one JSON value, its numbers as json.Number.
func decodeJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// equalJSON compares two values of decodeJSON.
func equalJSON(got, want any) bool {
	switch g := got.(type) {
	case json.Number:
		w, ok := want.(json.Number)
		return ok && equalNumber(g, w)
	case map[string]any:
		w, ok := want.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, gv := range g {
			wv, ok := w[k]
			if !ok || !equalJSON(gv, wv) {
				return false
			}
		}
		return true
	case []any:
		w, ok := want.([]any)
		return ok && slices.EqualFunc(g, w, equalJSON)
	default: // string, bool, nil
		return got == want
	}
}

// equalNumber compares two JSON numbers exactly, as decimals.
func equalNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, okA := new(big.Rat).SetString(string(a))
	y, okB := new(big.Rat).SetString(string(b))
	return okA && okB && x.Cmp(y) == 0
}

// jsonType is the JSON type name of a value of decodeJSON.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	default:
		return "object"
	}
}

// String returns a pointer to s, for Case.WantExact.
func String(s string) *string { return &s }

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
