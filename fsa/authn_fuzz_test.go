package fsa

import (
	"context"
	"encoding/base64"
	"go/ast"
	goparser "go/parser"
	gotoken "go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// The helpers of the fuzz targets of this file, token_fuzz_test.go and
// params_fuzz_test.go.

// fzApp returns an app named test configured by the given directives only
// (the environment is ignored), with its logs discarded. Directives come
// in name, value pairs.
func fzApp(tb testing.TB, opts []Option, directives ...any) *App {
	tb.Helper()
	// fuzzing fails credentials all the time, from one address: no throttle
	all := []Option{LookupEnv(nil), Logger(slog.New(slog.NewTextHandler(io.Discard, nil))), Set("FSA_THROTTLE", false)}
	for i := 0; i+1 < len(directives); i += 2 {
		all = append(all, Set(directives[i].(string), directives[i+1]))
	}
	a, err := New("test", append(all, opts...)...)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return a
}

// fzCheck checks an app once its routes are declared.
func fzCheck(tb testing.TB, a *App) {
	tb.Helper()
	if err := a.Check(); err != nil {
		tb.Fatalf("Check: %v", err)
	}
}

// fzServe serves r from a loopback client, as fsatest does, so that
// FSA_SECURE lets plain HTTP through.
func fzServe(a *App, r *http.Request) *httptest.ResponseRecorder {
	r.RemoteAddr = "127.0.0.1:40000"
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	return w
}

// fzVocabulary is the text of the package's string literals (those short
// or with a space: messages and their parts) and of the HTTP status
// texts, lower-cased as errors word them. An input that is part of it and
// shows in a response may be the framework's own words, not an echo.
var fzVocabulary = sync.OnceValue(func() string {
	var b strings.Builder
	for status := 100; status < 600; status++ {
		b.WriteString(strings.ToLower(http.StatusText(status)) + "\n")
	}
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := goparser.ParseFile(gotoken.NewFileSet(), name, nil, goparser.SkipObjectResolution)
		if err != nil {
			panic(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == gotoken.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && (len(s) <= 24 || strings.Contains(s, " ")) {
					b.WriteString(s + "\n")
				}
			}
			return true
		})
	}
	return b.String()
})

// fzEchoes tells whether response shows secret, as is or quoted as Go and
// JSON quote it, unless secret is short (a coincidence is likely), or
// part of the framework's words, or of one of the names given (what an
// response may show).
func fzEchoes(answer, secret string, names ...string) bool {
	inName := func(n string) bool { // as sent, or as a message quotes it (\x00 shows two zeros)
		return strings.Contains(n, secret) || strings.Contains(strconv.Quote(n), secret) || strings.Contains(quote(n), secret)
	}
	if len(secret) <= 8 || strings.Contains(fzVocabulary(), secret) || slices.ContainsFunc(names, inName) {
		return false
	}
	quoted := strconv.Quote(secret)
	return strings.Contains(answer, secret) || strings.Contains(answer, quoted[1:len(quoted)-1])
}

// fzUsers are the users of FuzzBasicAuth, and their plaintext passwords:
// a colon in a password, non-ASCII in a login and a password. No password
// is part of a login.
var fzUsers = map[string]string{
	"calvin":  "hobbes",
	"susie":   "der:kins",
	"rosalyn": "pässwörd ✓",
	"jösé":    "tiger tiger",
}

// fzBasicModel reads Basic credentials as RFC 7617 and the framework's
// documented rules say: the scheme "Basic" (as written) and one space,
// then base64 of login:password around spaces, padding optional, line
// breaks ignored (as Go's base64 ignores them). It returns the login of
// valid credentials of a known user.
func fzBasicModel(header string) (login string, ok bool) {
	rest, found := strings.CutPrefix(header, "Basic ")
	if !found {
		return "", false
	}
	b64 := strings.NewReplacer("\r", "", "\n", "").Replace(strings.TrimSpace(rest))
	if !strings.Contains(b64, "=") && len(b64)%4 != 0 {
		b64 += strings.Repeat("=", 4-len(b64)%4)
	}
	decoded, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return "", false
	}
	login, password, found := strings.Cut(string(decoded), ":")
	want, known := fzUsers[login]
	return login, found && known && password == want
}

// fzBasicMessages are the responses of FuzzBasicAuth's 401s.
var fzBasicMessages = []string{"missing authentication", "invalid user or password",
	"decoding error on authorization header", "missing param login parameter: USER",
	"missing param password parameter: PASS"}

// FuzzBasicAuth sends an Authorization header, and maybe USER and PASS
// form parameters, to a route of the basic and param schemes, whose users
// have plaintext passwords. Properties: no panic; the response is a 200
// exactly when the header holds the right credentials of a known user (as
// fzBasicModel reads them), else when the parameters do, and then its body
// is that user's login (the header's first); otherwise a 401 with one of
// the schemes' messages and the Basic challenge; no response shows the
// password sent, the header's credentials or a user's password (when
// longer than 8 bytes, see fzEchoes).
func FuzzBasicAuth(f *testing.F) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, seed := range [][3]string{
		{"Basic " + b64("calvin:hobbes"), "", ""},
		{"Basic " + b64("susie:der:kins"), "", ""},
		{"Basic " + b64("rosalyn:pässwörd ✓"), "", ""},
		{"Basic " + b64("jösé:tiger tiger"), "", ""},
		{"Basic " + b64("calvin:hobbes!"), "", ""},
		{"Basic " + b64("calvin:"), "", ""},
		{"Basic " + b64(":hobbes"), "", ""},
		{"Basic " + b64("calvinhobbes"), "", ""},
		{"Basic " + b64("hobbes:hobbes"), "", ""},
		{"Basic !!!not base64!!!", "", ""},
		{"Basic " + strings.TrimRight(b64("calvin:hobbes"), "="), "", ""},
		{"Basic " + b64("calvin:hobbes") + "==", "", ""},
		{"Basic " + b64("\xff\xfe:hobbes"), "", ""},
		{"Basic " + b64("calvin:\xff"), "", ""},
		{"Basic " + b64("calvin:"+strings.Repeat("x", 9000)), "", ""},
		{"Basic", "", ""},
		{"Basic ", "", ""},
		{"basic " + b64("calvin:hobbes"), "", ""},
		{"BASIC " + b64("calvin:hobbes"), "", ""},
		{"Basic  " + b64("calvin:hobbes") + " ", "", ""},
		{"Basic\t" + b64("calvin:hobbes"), "", ""},
		{"Basic " + b64("calvin:hobbes")[:8] + "\r\n" + b64("calvin:hobbes")[8:], "", ""},
		{"Bearer " + b64("calvin:hobbes"), "", ""},
		{"Digest username=\"calvin\"", "", ""},
		{"", "calvin", "hobbes"},
		{"", "susie", "der:kins"},
		{"", "calvin", "nope"},
		{"", "calvin", ""},
		{"", "", "hobbes"},
		{"Basic " + b64("calvin:nope"), "susie", "der:kins"},
		{"Basic " + b64("calvin:hobbes"), "susie", "der:kins"},
		{"Basic !!!", "calvin", "hobbes"},
		{"", "calvin\xff", "hobbes"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	app := fzApp(f, nil, "FSA_AUTH", []string{"basic", "param"}, "FSA_PASSWORD_SCHEME", "plaintext")
	app.GetUserPass(func(_ context.Context, login string) (string, error) { return fzUsers[login], nil })
	who := func(c *Context, _ struct{}) (any, error) { return c.User(), nil }
	Get(app, "/who", Auth, who)
	Post(app, "/who", Auth, who)
	fzCheck(f, app)
	f.Fuzz(func(t *testing.T, header, login, password string) {
		// form values must be UTF-8 (else a 400, which FuzzRequestBody
		// checks): invalid bytes are replaced
		login, password = strings.ToValidUTF8(login, "\uFFFD"), strings.ToValidUTF8(password, "\uFFFD")
		r := httptest.NewRequest(http.MethodGet, "/who", nil)
		if login != "" || password != "" {
			form := url.Values{"USER": {login}, "PASS": {password}}.Encode()
			r = httptest.NewRequest(http.MethodPost, "/who", strings.NewReader(form))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if header != "" {
			r.Header["Authorization"] = []string{header}
		}
		res := fzServe(app, r)
		body := res.Body.String()

		want, ok := fzBasicModel(header)
		if pass, known := fzUsers[login]; !ok && known && password == pass {
			want, ok = login, true
		}
		switch {
		case res.Code >= 500:
			t.Fatalf("header %q, params %q %q: %d %q", header, login, password, res.Code, body)
		case ok && (res.Code != http.StatusOK || body != want):
			t.Fatalf("header %q, params %q %q: %d %q, want 200 %q", header, login, password, res.Code, body, want)
		case !ok && res.Code != http.StatusUnauthorized:
			t.Fatalf("header %q, params %q %q: %d %q, want a 401", header, login, password, res.Code, body)
		case !ok && !slices.Contains(fzBasicMessages, body):
			t.Fatalf("header %q, params %q %q: 401 %q, not a scheme's message", header, login, password, body)
		case !ok && res.Header().Get("WWW-Authenticate") != `Basic realm="test"`:
			t.Fatalf("header %q: 401 with challenge %q", header, res.Header().Get("WWW-Authenticate"))
		}
		secrets := []string{password, strings.TrimSpace(strings.TrimPrefix(header, "Basic "))}
		if decoded, err := base64.StdEncoding.DecodeString(secrets[1]); err == nil {
			if _, pass, found := strings.Cut(string(decoded), ":"); found {
				secrets = append(secrets, pass)
			}
		}
		for _, pass := range fzUsers {
			secrets = append(secrets, pass)
		}
		for _, secret := range secrets {
			if fzEchoes(body, secret, want) {
				t.Fatalf("header %q, params %q %q: the answer %d %q shows %q", header, login, password, res.Code, body, secret)
			}
		}
		if !utf8.ValidString(body) {
			t.Fatalf("header %q: answer %q is not UTF-8", header, body)
		}
	})
}
