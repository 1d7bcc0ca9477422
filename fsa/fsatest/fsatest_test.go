package fsatest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// mirror responds with what it received, as JSON.
var mirror = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("X-Seen", "yes")
	parts := []string{} // multipart: name=value or name(filename)=content
	if ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ctype == "multipart/form-data" {
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
			content, _ := io.ReadAll(p)
			name := p.FormName()
			if p.FileName() != "" {
				name += "(" + p.FileName() + ")"
			}
			parts = append(parts, name+"="+string(content))
		}
	}
	json.NewEncoder(w).Encode(map[string]any{
		"method": r.Method, "uri": r.URL.RequestURI(), "remote": r.RemoteAddr,
		"authorization": r.Header.Get("Authorization"), "type": r.Header.Get("Content-Type"),
		"body": string(body), "parts": parts,
	})
})

func TestRequests(t *testing.T) {
	c := New(mirror)
	c.Passwords = map[string]string{"calvin": "hobbes"}
	c.Run(t, []Case{
		{Name: "defaults", Path: "/x", WantStatus: 200,
			WantJSON: map[string]any{"method": "GET", "uri": "/x", "remote": DefaultRemoteAddr, "body": ""}},
		{Name: "query", Path: "/x?a=1", Query: url.Values{"b": {"2"}}, WantJSON: map[string]any{"uri": "/x?a=1&b=2"}},
		{Name: "basic", Auth: Basic("calvin", "hobbes"), Path: "/", WantJSON: map[string]any{"authorization": "Basic Y2FsdmluOmhvYmJlcw=="}},
		{Name: "user", User: "calvin", Path: "/", WantJSON: map[string]any{"authorization": "Basic Y2FsdmluOmhvYmJlcw=="}},
		{Name: "bearer", Auth: Bearer("tok"), Path: "/", WantJSON: map[string]any{"authorization": "Bearer tok"}},
		{Name: "param in form", Auth: Param("calvin", "hobbes"), Method: "POST", Path: "/", Form: url.Values{"x": {"1"}},
			WantJSON: map[string]any{"type": "application/x-www-form-urlencoded", "body": "PASS=hobbes&USER=calvin&x=1"}},
		{Name: "param in JSON", Auth: Param("calvin", "hobbes"), Path: "/", JSON: map[string]any{"x": 1},
			WantJSON: map[string]any{"type": "application/json", "body": `{"PASS":"hobbes","USER":"calvin","x":1}`}},
		{Name: "raw body", Method: "PUT", Path: "/", Body: "raw", Header: http.Header{"Content-Type": {"text/plain"}},
			WantJSON: map[string]any{"type": "text/plain", "body": "raw"}},
		{Name: "files", Method: "POST", Path: "/", Form: url.Values{"x": {"1"}}, Files: url.Values{"f": {"a", "b"}, "e": {""}},
			WantBody: `"type":"multipart/form-data; boundary=`, WantJSON: map[string]any{"parts": []string{"x=1", "e(e)=", "f(f)=a", "f(f)=b"}}},
		{Name: "files and param credentials", Auth: Param("calvin", "hobbes"), Method: "POST", Path: "/", Files: url.Values{"f": {"a"}},
			WantJSON: map[string]any{"parts": []string{"PASS=hobbes", "USER=calvin", "f(f)=a"}}},
		{Name: "remote", Path: "/", RemoteAddr: "192.0.2.1:1234", WantJSON: map[string]any{"remote": "192.0.2.1:1234"}},
		{Name: "headers", Path: "/", WantHeader: map[string]string{"X-Seen": "yes", "X-Absent": ""}},
	})
}

// TestProblems checks that every expectation can fail.
func TestProblems(t *testing.T) {
	res := New(mirror).Do(t, Case{Path: "/x"})
	tc := Case{Path: "/x", WantStatus: 201, WantBody: "nope", WantExact: String("nope"),
		WantJSON:   map[string]any{"method": "POST"},
		WantHeader: map[string]string{"X-Seen": "", "X-Absent": "x"}}
	got := tc.problems(res)
	if len(got) != 6 {
		t.Fatalf("%d problems, want 6: %s", len(got), strings.Join(got, "\n"))
	}
	ok := Case{WantStatus: 200, WantBody: `"uri":"/x"`, WantJSON: map[string]any{"method": "GET"},
		WantHeader: map[string]string{"X-Seen": "yes"}}
	if p := ok.problems(res); len(p) != 0 {
		t.Errorf("problems on a matching answer: %v", p)
	}
}

func TestTokenLogin(t *testing.T) {
	logins := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			login, password, _ := r.BasicAuth()
			if password != "hobbes" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			logins++
			json.NewEncoder(w).Encode(map[string]string{"token": "tok-" + login})
			return
		}
		w.Write([]byte(r.Header.Get("Authorization")))
	})
	c := New(h)
	c.Passwords = map[string]string{"calvin": "hobbes", "susie": "hobbes"}
	c.Login = TokenLogin("/token")
	c.Run(t, []Case{
		{Name: "first", User: "calvin", Path: "/x", WantExact: String("Bearer tok-calvin")},
		{Name: "again", User: "calvin", Path: "/y", WantExact: String("Bearer tok-calvin")},
		{Name: "another user", User: "susie", Path: "/x", WantExact: String("Bearer tok-susie")},
	})
	if logins != 2 {
		t.Errorf("%d logins, want one per user", logins)
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	c := NewClock(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	c.Add(90 * time.Second)
	if got, want := c.Now(), start.Add(90*time.Second); !got.Equal(want) {
		t.Errorf("after Add: %v, want %v", got, want)
	}
	c.Set(start)
	if got := c.Now(); !got.Equal(start) {
		t.Errorf("after Set: %v, want %v", got, start)
	}
}

// WantJSON compares by JSON value and type, and shows both.
func TestWantJSON(t *testing.T) {
	const body = `{"x": false, "n": 1, "f": 1.0, "s": "1", "z": null, "o": {"a": [1, 2]}, "big": 9007199254740993, "html": "<b>"}`
	rows := []struct {
		name string
		body string
		want map[string]any
		prob string // the problem reported, "" for none
	}{
		{"boolean", body, map[string]any{"x": false}, ""},
		{"string for a boolean", body, map[string]any{"x": "false"}, `JSON member "x": got false (boolean), want "false" (string)`},
		{"int for an integer", body, map[string]any{"n": 1}, ""},
		{"float for an integer", body, map[string]any{"n": 1.0}, ""},
		{"int for a float", body, map[string]any{"f": 1}, ""},
		{"string for a number", body, map[string]any{"n": "1"}, `JSON member "n": got 1 (number), want "1" (string)`},
		{"number for a string", body, map[string]any{"s": 1}, `JSON member "s": got "1" (string), want 1 (number)`},
		{"other number", body, map[string]any{"n": 2}, `JSON member "n": got 1 (number), want 2 (number)`},
		{"large integer", body, map[string]any{"big": int64(9007199254740993)}, ""},
		{"large integer off by one", body, map[string]any{"big": int64(9007199254740992)},
			`JSON member "big": got 9007199254740993 (number), want 9007199254740992 (number)`},
		{"null", body, map[string]any{"z": nil}, ""},
		{"string for null", body, map[string]any{"z": "null"}, `JSON member "z": got null (null), want "null" (string)`},
		{"null for an absent member", body, map[string]any{"nope": nil}, ""},
		{"Null", body, map[string]any{"z": Null}, ""},
		{"Null for an absent member", body, map[string]any{"nope": Null}, `JSON member "nope": absent, want null (null)`},
		{"Null for a string", body, map[string]any{"s": Null}, `JSON member "s": got "1" (string), want null (null)`},
		{"string for an absent member", body, map[string]any{"nope": "null"}, `JSON member "nope": absent, want "null" (string)`},
		{"nested", body, map[string]any{"o": map[string]any{"a": []int{1, 2}}}, ""},
		{"nested float", body, map[string]any{"o": map[string][]float64{"a": {1.0, 2.0}}}, ""},
		{"nested string", body, map[string]any{"o": map[string]any{"a": []any{1, "2"}}},
			`JSON member "o": got {"a":[1,2]} (object), want {"a":[1,"2"]} (object)`},
		{"extra member", body, map[string]any{"o": map[string]any{"a": []int{1, 2}, "b": nil}},
			`JSON member "o": got {"a":[1,2]} (object), want {"a":[1,2],"b":null} (object)`},
		{"array for an object", body, map[string]any{"o": []int{1, 2}}, `JSON member "o": got {"a":[1,2]} (object), want [1,2] (array)`},
		{"HTML not escaped", body, map[string]any{"html": "<i>"}, `JSON member "html": got "<b>" (string), want "<i>" (string)`},
		{"unencodable", body, map[string]any{"n": math.NaN()}, `JSON member "n": cannot encode the expected value: json: unsupported value: NaN`},
		{"not an object", `[1]`, map[string]any{"n": 1},
			`body "[1]" is not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage`},
		{"null body", `null`, map[string]any{"n": 1}, `body "null" is not a JSON object`},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			res := &Response{Response: &http.Response{StatusCode: 200}, Body: []byte(row.body)}
			got := strings.Join(Case{WantJSON: row.want}.problems(res), "\n")
			if got != row.prob {
				t.Errorf("problems:\n%s\nwant:\n%s", got, row.prob)
			}
		})
	}
}

// fakeTB records failures where testing reports them: at the first frame
// of the stack not in a function that called Helper. Fatalf ends the
// goroutine, as testing's does: call through run.
type fakeTB struct {
	testing.TB // nil: fsatest calls only the methods below

	mu       sync.Mutex
	helpers  map[string]bool // functions that called Helper
	failures []failure
}

type failure struct {
	fatal bool
	msg   string
	file  string
	line  int
}

func (f *fakeTB) Helper() {
	var pc [1]uintptr
	runtime.Callers(2, pc[:])
	frame, _ := runtime.CallersFrames(pc[:]).Next()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.helpers == nil {
		f.helpers = map[string]bool{}
	}
	f.helpers[frame.Function] = true
}

func (f *fakeTB) Errorf(format string, args ...any) { f.record(false, fmt.Sprintf(format, args...)) }

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.record(true, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

// record notes a failure at the first frame, from the caller of Errorf or
// Fatalf, that is not a helper.
func (f *fakeTB) record(fatal bool, msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	pc := make([]uintptr, 64)
	frames := runtime.CallersFrames(pc[:runtime.Callers(3, pc)])
	for {
		frame, more := frames.Next()
		if !f.helpers[frame.Function] || !more {
			f.failures = append(f.failures, failure{fatal, msg, frame.File, frame.Line})
			return
		}
	}
}

// run calls fn with f in a goroutine of its own, which Fatalf may end.
func (f *fakeTB) run(fn func(tb testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
}

// nextLine returns the number of the line after its caller's.
func nextLine() int {
	_, _, line, _ := runtime.Caller(1)
	return line + 1
}

// Failures are reported at the line of the test that calls fsatest.
func TestFailureLines(t *testing.T) {
	c := New(mirror)
	c.Passwords = map[string]string{"calvin": "hobbes"}
	tokens := New(mirror) // its token route does not give a token
	tokens.Passwords = map[string]string{"calvin": "hobbes"}
	tokens.Login = TokenLogin("/token")
	rows := []struct {
		name  string
		fatal bool
		call  func(tb testing.TB, line *int) // sets line before the call
	}{
		{"Check: a missed expectation", false, func(tb testing.TB, line *int) {
			*line = nextLine()
			c.Check(tb, Case{Path: "/x", WantStatus: 201})
		}},
		{"Do: an unknown user", true, func(tb testing.TB, line *int) {
			*line = nextLine()
			c.Do(tb, Case{Path: "/x", User: "hobbes"})
		}},
		{"Do: two bodies", true, func(tb testing.TB, line *int) {
			*line = nextLine()
			c.Do(tb, Case{Path: "/x", JSON: map[string]any{}, Body: "x"})
		}},
		{"Check: Param credentials and a JSON array", true, func(tb testing.TB, line *int) {
			*line = nextLine()
			c.Check(tb, Case{Path: "/x", Auth: Param("calvin", "hobbes"), JSON: []int{1}})
		}},
		{"Check: TokenLogin gets no token", true, func(tb testing.TB, line *int) {
			*line = nextLine()
			tokens.Check(tb, Case{Path: "/x", User: "calvin", WantStatus: 200})
		}},
		{"Check: TokenLogin on a path that is no URL", true, func(tb testing.TB, line *int) {
			badPath := New(mirror)
			badPath.Passwords = map[string]string{"calvin": "hobbes"}
			badPath.Login = TokenLogin("/%zz")
			*line = nextLine()
			badPath.Check(tb, Case{Path: "/x", User: "calvin"})
		}},
	}
	_, file, _, _ := runtime.Caller(0)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			var f fakeTB
			var line int
			f.run(func(tb testing.TB) { row.call(tb, &line) })
			if len(f.failures) != 1 {
				t.Fatalf("%d failures, want 1: %+v", len(f.failures), f.failures)
			}
			got := f.failures[0]
			if got.file != file || got.line != line || got.fatal != row.fatal {
				t.Errorf("failure %q (fatal %v) at %s:%d, want fatal %v at %s:%d", got.msg, got.fatal, got.file, got.line, row.fatal, file, line)
			}
		})
	}
}

// An unknown Case.User is fatal, with a message naming the case, the user
// and the known users.
func TestUnknownUser(t *testing.T) {
	rows := []struct {
		name      string
		passwords map[string]string
		tc        Case
		want      string
	}{
		{"unnamed case", map[string]string{"calvin": "hobbes", "susie": "derkins"}, Case{Path: "/x", User: "hobbes"},
			`GET /x: unknown user "hobbes": Client.Passwords has "calvin", "susie"`},
		{"named case", map[string]string{"calvin": "hobbes"}, Case{Name: "hello", Method: "POST", Path: "/x", User: "hobbes"},
			`hello: unknown user "hobbes": Client.Passwords has "calvin"`},
		{"no passwords", nil, Case{Path: "/x", User: "hobbes"},
			`GET /x: unknown user "hobbes": Client.Passwords is empty`},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			c := New(mirror)
			c.Passwords = row.passwords
			var f fakeTB
			f.run(func(tb testing.TB) { c.Do(tb, row.tc) })
			if len(f.failures) != 1 || !f.failures[0].fatal || f.failures[0].msg != row.want {
				t.Errorf("failures %+v, want one fatal %q", f.failures, row.want)
			}
		})
	}
}

// TokenLogin logs in again once the token it holds has expired by
// Client.Now, for fsa tokens and JWTs; it keeps a token it cannot read.
func TestTokenLoginExpiry(t *testing.T) {
	start := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	b64 := base64.RawURLEncoding.EncodeToString
	formats := []struct {
		name   string
		token  func(login string, limit time.Time) string
		logins int // after the token expired
	}{
		{"fsa", func(login string, limit time.Time) string {
			return "acme:" + login + ":" + limit.UTC().Format("20060102150405") + ":0123abcd"
		}, 2},
		{"fsa with issuer", func(login string, limit time.Time) string {
			return "acme/god:" + login + ":" + limit.UTC().Format("20060102150405") + ":0123abcd"
		}, 2},
		{"fsa with two dots in the login", func(login string, limit time.Time) string {
			return "acme:" + login + ".o.neil:" + limit.UTC().Format("20060102150405") + ":0123abcd"
		}, 2},
		{"jwt", func(login string, limit time.Time) string {
			return b64([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
				b64(fmt.Appendf(nil, `{"exp":%d,"sub":%q}`, limit.Unix(), login)) + ".c2ln"
		}, 2},
		{"unreadable", func(login string, _ time.Time) string { return "opaque-" + login }, 1},
	}
	for _, format := range formats {
		t.Run(format.name, func(t *testing.T) {
			clock := NewClock(start)
			logins := 0
			expiry := map[string]time.Time{}
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/token" {
					login, _, _ := r.BasicAuth()
					logins++
					token := format.token(login, clock.Now().Add(10*time.Minute))
					expiry[token] = clock.Now().Add(10 * time.Minute)
					json.NewEncoder(w).Encode(map[string]string{"token": token})
					return
				}
				token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				if !clock.Now().Before(expiry[token]) {
					w.WriteHeader(http.StatusUnauthorized)
				}
			})
			c := New(h)
			c.Passwords = map[string]string{"calvin": "hobbes"}
			c.Login = TokenLogin("/token")
			c.Now = clock.Now
			c.Check(t, Case{Name: "first", User: "calvin", Path: "/x", WantStatus: 200})
			clock.Add(9 * time.Minute)
			c.Check(t, Case{Name: "9 minutes later", User: "calvin", Path: "/x", WantStatus: 200})
			if logins != 1 {
				t.Errorf("%d logins before the token expired, want 1", logins)
			}
			clock.Add(2 * time.Minute)
			want := 200
			if format.logins == 1 {
				want = 401
			}
			c.Check(t, Case{Name: "11 minutes later", User: "calvin", Path: "/x", WantStatus: want})
			if logins != format.logins {
				t.Errorf("%d logins, want %d", logins, format.logins)
			}
		})
	}
}
