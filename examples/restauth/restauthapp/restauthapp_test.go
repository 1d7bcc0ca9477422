package restauthapp_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/examples/restauth/restauthapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/internal/contract"
	"github.com/golang-jwt/jwt/v5"
)

// contracts validates every request of the suite, with its response,
// against the app's OpenAPI document (see package internal/contract).
var contracts contract.Suite

func TestMain(m *testing.M) { os.Exit(contracts.Run(m)) }

// client is fsatest.NewClient on app under the contract check.
func client(t *testing.T, app *fsa.App) *fsatest.Client {
	t.Helper()
	c := fsatest.NewClient(t, app)
	c.Handler = contracts.Handler(t, app)
	return c
}

// testApp returns the app on its own SQLite file in a temporary
// directory, the host's FSA_* variables ignored, bcrypt's cost lowered
// and throttling off (rows fail passwords on purpose), with its users.
func testApp(t *testing.T, opts ...fsa.Option) (*fsa.App, *restauthapp.Users) {
	t.Helper()
	return openDB(t, filepath.Join(t.TempDir(), "restauth.db"), opts...)
}

// openDB opens the app on the SQLite file path.
func openDB(t *testing.T, path string, opts ...fsa.Option) (*fsa.App, *restauthapp.Users) {
	t.Helper()
	env := func(name string) string {
		if name == "RESTAUTH_DB" {
			return path
		}
		return ""
	}
	base := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler)),
		fsa.Set("FSA_PASSWORD_OPTS", map[string]any{"rounds": 4}), fsa.Set("FSA_THROTTLE", false)}
	app, users, err := restauthapp.Open(env, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { users.Close() })
	return app, users
}

// post is a POST /api/users of a JSON body.
func post(body map[string]any) fsatest.Case {
	return fsatest.Case{Method: "POST", Path: "/api/users", JSON: body}
}

// with returns tc with its expectations.
func with(tc fsatest.Case, name string, status int, wantJSON map[string]any, wantHeader map[string]string) fsatest.Case {
	tc.Name, tc.WantStatus, tc.WantJSON, tc.WantHeader = name, status, wantJSON, wantHeader
	return tc
}

// getToken logs a user in on GET /api/token and returns the token.
func getToken(t *testing.T, c *fsatest.Client, user, password string) string {
	t.Helper()
	res := c.Check(t, fsatest.Case{Path: "/api/token", Auth: fsatest.Basic(user, password), WantStatus: 200,
		WantJSON: map[string]any{"duration": 600}})
	var answer restauthapp.Token
	if err := json.Unmarshal(res.Body, &answer); err != nil || answer.Token == "" {
		t.Fatalf("GET /api/token: %q: want a token", res.Body)
	}
	return answer.Token
}

// sign returns a JWT of claims signed with key.
func sign(t *testing.T, key string, claims jwt.MapClaims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// TestUsers runs the article's user rows: registration, look-up.
func TestUsers(t *testing.T) {
	app, _ := testApp(t)
	c := client(t, app)
	missing := func(name string) map[string]any {
		return map[string]any{"error": `parameter "` + name + `" is missing`}
	}
	c.Run(t, []fsatest.Case{
		with(post(map[string]any{"username": "miguel", "password": "python"}), "new user", 201,
			map[string]any{"username": "miguel"}, map[string]string{"Location": "/api/users/1", "Content-Type": "application/json"}),
		with(post(map[string]any{"username": "susan", "password": "cat"}), "second user", 201,
			map[string]any{"username": "susan"}, map[string]string{"Location": "/api/users/2"}),
		with(post(map[string]any{"username": "miguel", "password": "other"}), "existing user", 400,
			map[string]any{"error": "existing user"}, map[string]string{"Location": ""}),
		with(post(map[string]any{"username": "nopass"}), "missing password", 400, missing("password"), nil),
		with(post(map[string]any{"password": "python"}), "missing username", 400, missing("username"), nil),
		with(post(map[string]any{"username": "", "password": "python"}), "empty username", 400, nil, nil),
		with(post(map[string]any{"username": "a:b", "password": "python"}), "colon in username", 400, nil, nil),
		{Name: "no body", Method: "POST", Path: "/api/users", WantStatus: 400},
		{Name: "in the query string", Method: "POST", Path: "/api/users?username=calvin&password=hobbes", WantStatus: 201,
			WantJSON: map[string]any{"username": "calvin"}, WantHeader: map[string]string{"Location": "/api/users/3"}},
		{Name: "in a form", Method: "POST", Path: "/api/users", Form: url.Values{"username": {"hobbes"}, "password": {"tiger"}}, WantStatus: 201,
			WantHeader: map[string]string{"Location": "/api/users/4"}},
		{Name: "half in the query, half in a form", Method: "POST", Path: "/api/users?username=susie", Form: url.Values{"password": {"x"}},
			WantStatus: 201, WantHeader: map[string]string{"Location": "/api/users/5"}},
		{Name: "colon in username, in the query string", Method: "POST", Path: "/api/users?username=a:b&password=x", WantStatus: 400},
		{Name: "get user", Path: "/api/users/1", WantStatus: 200, WantJSON: map[string]any{"username": "miguel"}},
		{Name: "get second user", Path: "/api/users/2", WantStatus: 200, WantJSON: map[string]any{"username": "susan"}},
		{Name: "unknown id", Path: "/api/users/9", WantStatus: 404, WantJSON: map[string]any{"error": "no such user"}},
		{Name: "id not a number", Path: "/api/users/miguel", WantStatus: 404},
		{Name: "users list is no route", Path: "/api/users", WantStatus: 405},
	})
}

// TestTokensAndResource runs the article's authentication rows: a token
// for a password, then the resource with a password, the token as the
// Basic user name and any password, or the token as a Bearer token.
func TestTokensAndResource(t *testing.T) {
	app, _ := testApp(t)
	c := client(t, app)
	c.Check(t, with(post(map[string]any{"username": "miguel", "password": "python"}), "new user", 201, nil, nil))
	token := getToken(t, c, "miguel", "python")
	secret := app.Config().TokenSecret
	now := time.Now()
	valid := jwt.MapClaims{"sub": "miguel", "aud": "restauth", "exp": now.Add(time.Minute).Unix()}
	claims := func(change map[string]any) jwt.MapClaims {
		cl := jwt.MapClaims{}
		for k, v := range valid {
			cl[k] = v
		}
		for k, v := range change {
			if v == nil {
				delete(cl, k)
			} else {
				cl[k] = v
			}
		}
		return cl
	}
	hello := map[string]any{"data": "Hello, miguel!"}
	challenge := map[string]string{"WWW-Authenticate": `Basic realm="restauth", Bearer realm="restauth"`}
	tokenUser := func(token, password string) fsatest.Auth { return fsatest.Basic(token, password) }
	forged := func(name string, tok string) fsatest.Case {
		return fsatest.Case{Name: name, Path: "/api/resource", Auth: tokenUser(tok, "x"), WantStatus: 401, WantHeader: challenge}
	}
	c.Run(t, []fsatest.Case{
		{Name: "token, no credentials", Path: "/api/token", WantStatus: 401,
			WantHeader: map[string]string{"WWW-Authenticate": `Basic realm="restauth"`}},
		{Name: "token, wrong password", Path: "/api/token", Auth: fsatest.Basic("miguel", "java"), WantStatus: 401,
			WantJSON: map[string]any{"error": "invalid user or password"}},
		{Name: "token, unknown user", Path: "/api/token", Auth: fsatest.Basic("nobody", "python"), WantStatus: 401},
		{Name: "token for a token: a password is needed", Path: "/api/token", Auth: tokenUser(token, "x"), WantStatus: 401},
		{Name: "token, a new one", Path: "/api/token", Auth: fsatest.Basic("miguel", "python"), WantStatus: 200,
			WantJSON: map[string]any{"duration": 600}},

		{Name: "resource, password", Path: "/api/resource", Auth: fsatest.Basic("miguel", "python"), WantStatus: 200, WantJSON: hello},
		{Name: "resource, token as user name", Path: "/api/resource", Auth: tokenUser(token, "anything"), WantStatus: 200, WantJSON: hello},
		{Name: "resource, token as user name, empty password", Path: "/api/resource", Auth: tokenUser(token, ""), WantStatus: 200, WantJSON: hello},
		{Name: "resource, bearer token", Path: "/api/resource", Auth: fsatest.Bearer(token), WantStatus: 200, WantJSON: hello},
		{Name: "resource, no credentials", Path: "/api/resource", WantStatus: 401, WantHeader: challenge,
			WantJSON: map[string]any{"error": "missing authentication"}},
		{Name: "resource, wrong password", Path: "/api/resource", Auth: fsatest.Basic("miguel", "java"), WantStatus: 401, WantHeader: challenge},
		{Name: "resource, unknown user", Path: "/api/resource", Auth: fsatest.Basic("susan", "python"), WantStatus: 401},
		{Name: "resource, user name and the token as password", Path: "/api/resource", Auth: fsatest.Basic("miguel", token), WantStatus: 401},
		{Name: "resource, a bad bearer token", Path: "/api/resource", Auth: fsatest.Bearer(token + "x"), WantStatus: 401},

		{Name: "resource, a token signed here (control)", Path: "/api/resource", Auth: tokenUser(sign(t, secret, valid), "x"), WantStatus: 200, WantJSON: hello},
		forged("resource, token of another secret", sign(t, secret+"x", valid)),
		forged("resource, token altered", token[:len(token)-2]+"xx"),
		forged("resource, token expired", sign(t, secret, claims(map[string]any{"exp": now.Add(-time.Second).Unix()}))),
		forged("resource, token without expiry", sign(t, secret, claims(map[string]any{"exp": nil}))),
		forged("resource, token of another audience", sign(t, secret, claims(map[string]any{"aud": "other"}))),
		forged("resource, token without subject", sign(t, secret, claims(map[string]any{"sub": nil}))),
		forged("resource, token issued in the future", sign(t, secret, claims(map[string]any{"iat": now.Add(time.Hour).Unix()}))),
		forged("resource, token of method none", func() string {
			s, _ := jwt.NewWithClaims(jwt.SigningMethodNone, valid).SignedString(jwt.UnsafeAllowNoneSignatureType)
			return s
		}()),
		forged("resource, token of HS512", func() string {
			s, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, valid).SignedString([]byte(secret))
			return s
		}()),
	})
}

// TestNewUserLogsIn shows that a login tried before the user existed,
// whose "no such user" the framework cached, works once it is registered.
func TestNewUserLogsIn(t *testing.T) {
	app, _ := testApp(t)
	resource := func(name string, status int) fsatest.Case {
		return fsatest.Case{Name: name, Path: "/api/resource", Auth: fsatest.Basic("susan", "cat"), WantStatus: status}
	}
	client(t, app).Run(t, []fsatest.Case{
		resource("before registering", 401),
		with(post(map[string]any{"username": "susan", "password": "cat"}), "register", 201, nil, nil),
		resource("after registering", 200),
	})
}

// migratedVector returns a hash of passlib 1.7.4 (REST-auth's
// custom_app_context) in scheme, of internal/password/testdata/migrated.json,
// with its password: the first of 1000 rounds, fast.
func migratedVector(t *testing.T, scheme string) (password, hash string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "internal", "password", "testdata", "migrated.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct{ Scheme, Password, Hash string }
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	for _, v := range vectors {
		if v.Scheme == scheme && strings.Contains(v.Hash, "$rounds=1000$") {
			return v.Password, v.Hash
		}
	}
	t.Fatalf("migrated.json: no %s vector of 1000 rounds", scheme)
	return "", ""
}

// TestPasslibUserLogsIn shows users of the Flask app, whose rows hold
// passlib's SHA-crypt hashes, logging in: their hash is then bcrypt's.
func TestPasslibUserLogsIn(t *testing.T) {
	for _, scheme := range []string{"sha256_crypt", "sha512_crypt"} {
		t.Run(scheme, func(t *testing.T) {
			app, users := testApp(t)
			password, hash := migratedVector(t, scheme)
			ctx := context.Background()
			if _, added, err := users.Add(ctx, "hobbes", hash); err != nil || !added {
				t.Fatalf("Add: %v, %v", added, err)
			}
			c := client(t, app)
			login := fsatest.Case{Name: "login on the passlib hash", Path: "/api/resource", Auth: fsatest.Basic("hobbes", password),
				WantStatus: 200, WantJSON: map[string]any{"data": "Hello, hobbes!"}}
			c.Check(t, login)
			stored, err := users.GetUserPass(ctx, "hobbes")
			if err != nil || !strings.HasPrefix(stored, "$2b$") {
				t.Fatalf("hash after login: %q, %v: want bcrypt's", stored, err)
			}
			login.Name = "login again, on the bcrypt hash"
			c.Run(t, []fsatest.Case{
				login,
				{Name: "wrong password", Path: "/api/resource", Auth: fsatest.Basic("hobbes", password+"x"), WantStatus: 401},
			})
		})
	}
}

// TestFlaskDatabase opens the app on the Flask app's db.sqlite, as
// SQLAlchemy made it, with a user of passlib's sha512_crypt: the user logs
// in, and user names stay unique.
func TestFlaskDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	password, hash := migratedVector(t, "sha512_crypt")
	for _, stmt := range []string{
		"CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(32), password_hash VARCHAR(64), PRIMARY KEY (id))",
		"CREATE INDEX ix_users_username ON users (username)",
		"INSERT INTO users (username, password_hash) VALUES ('miguel', '" + hash + "')",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	app, _ := openDB(t, path)
	client(t, app).Run(t, []fsatest.Case{
		{Name: "Flask user logs in", Path: "/api/resource", Auth: fsatest.Basic("miguel", password), WantStatus: 200},
		{Name: "Flask user, by id", Path: "/api/users/1", WantStatus: 200, WantJSON: map[string]any{"username": "miguel"}},
		with(post(map[string]any{"username": "miguel", "password": "x"}), "Flask user exists", 400, nil, nil),
		with(post(map[string]any{"username": "susan", "password": "cat"}), "new user", 201, nil, map[string]string{"Location": "/api/users/2"}),
	})
}

// TestPersistence shows the users surviving a restart on the same file.
func TestPersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "restauth.db")
	app, users := openDB(t, path)
	client(t, app).Check(t, with(post(map[string]any{"username": "miguel", "password": "python"}), "new user", 201, nil, nil))
	if err := users.Close(); err != nil {
		t.Fatal(err)
	}
	app, _ = openDB(t, path)
	client(t, app).Run(t, []fsatest.Case{
		{Name: "login after restart", Path: "/api/resource", Auth: fsatest.Basic("miguel", "python"), WantStatus: 200},
		with(post(map[string]any{"username": "miguel", "password": "x"}), "still existing", 400, nil, nil),
		with(post(map[string]any{"username": "susan", "password": "cat"}), "next id", 201, nil, map[string]string{"Location": "/api/users/2"}),
	})
}

// TestConcurrentRegistration registers one user name from 8 requests at
// once: the unique constraint lets one in, the others get 400, none 5xx.
func TestConcurrentRegistration(t *testing.T) {
	app, _ := testApp(t)
	h := contracts.Handler(t, app)
	const n = 8
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body := `{"username": "miguel", "password": "p` + string(rune('a'+i)) + `"}`
			r := httptest.NewRequest("POST", "/api/users", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.RemoteAddr = fsatest.DefaultRemoteAddr
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			statuses <- w.Code
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusCreated] != 1 || count[http.StatusBadRequest] != n-1 {
		t.Fatalf("statuses %v: want one 201 and %d 400", count, n-1)
	}
}

// TestTokenConfiguration shows the app refusing tokens that cannot be sent
// as a Basic user name.
func TestTokenConfiguration(t *testing.T) {
	env := func(string) string { return filepath.Join(t.TempDir(), "restauth.db") }
	for _, opts := range [][]fsa.Option{
		{fsa.Set("FSA_TOKEN_TYPE", "fsa")},
		{fsa.Set("FSA_TOKEN_TYPE", "jwt"), fsa.Set("FSA_TOKEN_ALGO", "RS256")},
	} {
		_, _, err := restauthapp.Open(env, append([]fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.DiscardHandler))}, opts...)...)
		if err == nil || !strings.Contains(err.Error(), "FSA_TOKEN") {
			t.Errorf("Open: %v: want an error naming FSA_TOKEN_*", err)
		}
	}
}
