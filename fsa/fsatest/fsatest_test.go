package fsatest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
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
