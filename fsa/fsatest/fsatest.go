// Package fsatest sends requests to an http.Handler, such as an *fsa.App,
// for table-driven tests: each Case gives the credentials, the request
// and what the response must show.
//
// Requests come from 127.0.0.1 unless a RemoteAddr says otherwise, so
// features limited to loopback clients work in tests.
package fsatest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// DefaultRemoteAddr is the client address of requests that set none.
const DefaultRemoteAddr = "127.0.0.1:40000"

// Client sends requests to a handler.
type Client struct {
	Handler    http.Handler
	RemoteAddr string // client address; DefaultRemoteAddr if empty
	ParamUser  string // request parameter of the login for Param (default "USER")
	ParamPass  string // request parameter of the password for Param (default "PASS")

	// Passwords holds the test users' passwords, for Case.User.
	Passwords map[string]string
	// Login presents a user's credentials for Case.User; Basic if nil,
	// or TokenLogin to log in once and send tokens.
	Login func(login, password string) Auth

	mu     sync.Mutex
	tokens map[string]string // by path, login and password
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

func (f authFunc) apply(c *Client, r *request) { f(c, r) }

// Basic presents a login and password in an Authorization: Basic header.
func Basic(login, password string) Auth {
	return authFunc(func(_ *Client, r *request) {
		r.header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(login+":"+password)))
	})
}

// TokenLogin returns a Client.Login that gets a token once per user, with
// Basic credentials on GET path (whose response is {"token": "..."}), and
// then presents it as a bearer token.
func TokenLogin(path string) func(login, password string) Auth {
	return func(login, password string) Auth {
		return authFunc(func(c *Client, r *request) {
			r.t.Helper()
			token, err := c.token(r.t, path, login, password)
			if err != nil {
				r.t.Fatalf("TokenLogin %s as %s: %v", path, login, err)
			}
			r.header.Set("Authorization", "Bearer "+token)
		})
	}
}

// token returns the token of a user, asking path for it the first time.
func (c *Client) token(t testing.TB, path, login, password string) (string, error) {
	key := path + "\x00" + login + "\x00" + password
	c.mu.Lock()
	token, ok := c.tokens[key]
	c.mu.Unlock()
	if ok {
		return token, nil
	}
	res := c.Do(t, Case{Path: path, Auth: Basic(login, password)})
	var answer struct{ Token string }
	if res.StatusCode != http.StatusOK || json.Unmarshal(res.Body, &answer) != nil || answer.Token == "" {
		return "", fmt.Errorf("status %d, body %q: want 200 and {\"token\": ...}", res.StatusCode, res.Body)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens == nil {
		c.tokens = map[string]string{}
	}
	c.tokens[key] = answer.Token
	return answer.Token, nil
}

// Bearer presents a token in an Authorization: Bearer header.
func Bearer(token string) Auth {
	return authFunc(func(_ *Client, r *request) {
		r.header.Set("Authorization", "Bearer "+token)
	})
}

// Param presents a login and password as request parameters, in the JSON
// body when the case has one, else in the form.
func Param(login, password string) Auth {
	return authFunc(func(c *Client, r *request) {
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
	User       string      // a user of Client.Passwords, logged in with Client.Login
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
	WantJSON   map[string]any    // members the JSON object body must have
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

// Do sends the request of tc and returns the response; it checks nothing.
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
		t.Fatalf("%s: a case sends one body: JSON, Form (with Files) or Body", tc.Name)
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
			t.Fatalf("%s: no password for user %q in Client.Passwords", tc.Name, tc.User)
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
		t.Fatalf("%s: a case sends one body: Form (or Param credentials), Files or Body", tc.Name)
	}
	var body io.Reader
	switch {
	case rawJSON != nil:
		b, err := json.Marshal(rawJSON)
		if err != nil {
			t.Fatalf("%s: cannot encode JSON body: %v", tc.Name, err)
		}
		body = bytes.NewReader(b)
		r.header.Set("Content-Type", "application/json")
	case tc.Files != nil:
		b, ctype, err := multipartBody(r.form, tc.Files)
		if err != nil {
			t.Fatalf("%s: cannot encode multipart body: %v", tc.Name, err)
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
		t.Fatalf("%s: %v", tc.Name, err)
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
		var got map[string]any
		if err := json.Unmarshal(res.Body, &got); err != nil {
			out = append(out, fmt.Sprintf("body %q is not a JSON object: %v", body, err))
		}
		for k, want := range tc.WantJSON {
			if !sameJSON(got[k], want) {
				out = append(out, fmt.Sprintf("JSON member %q is %v, want %v", k, got[k], want))
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

// sameJSON compares a decoded JSON value with an expected Go value.
func sameJSON(got, want any) bool {
	b, err := json.Marshal(want)
	if err != nil {
		return false
	}
	var norm any
	if json.Unmarshal(b, &norm) != nil {
		return false
	}
	return reflect.DeepEqual(got, norm)
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
