package tests

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// dbClient returns a client of an Acme app on the database acmeDB, with
// acme's password given, and a function that stops the app, closing its
// database.
func dbClient(t *testing.T, acmeDB, adminPass string, opts ...fsa.Option) (*fsatest.Client, func()) {
	t.Helper()
	app, db, err := acmeapp.Open(testEnv("ACME_DB", acmeDB, "ACME_PASS", adminPass), io.Discard,
		append([]fsa.Option{fsa.LookupEnv(fastHashes)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	t.Cleanup(stop)
	c := acmeClient(t, app)
	c.ParamUser, c.ParamPass = "username", "password"
	c.Passwords = map[string]string{"acme": acmePass, "calvin": "Hobbes-2024"}
	return c, stop
}

// Acme's data survives a restart: a user and a stuff made by the first
// run are there for the second, which does not overwrite the
// administrator with its own ACME_PASS.
func TestAcmePersistence(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		acmeDB := b.newDB(t)
		first, stop := dbClient(t, acmeDB, acmePass)
		first.Run(t, []fsatest.Case{
			{Name: "add calvin", User: "acme", Method: "POST", Path: "/user",
				Form: url.Values{"login": {"calvin"}, "password": {"Hobbes-2024"}, "email": {"calvin@acme.org"}}, WantStatus: 201},
			{Name: "calvin adds verre", User: "calvin", Method: "POST", Path: "/stuff",
				Form: url.Values{"stuff": {"verre"}, "price": {"2.5"}}, WantStatus: 201},
			{Name: "calvin adds bol", User: "calvin", Method: "POST", Path: "/stuff",
				Form: url.Values{"stuff": {"bol"}, "price": {"1"}}, WantStatus: 201},
		})
		stop()

		second, _ := dbClient(t, acmeDB, "Another-Pass-1")
		second.Run(t, []fsatest.Case{
			{Name: "calvin logs in", Path: "/hello-me", User: "calvin", WantStatus: 200, WantJSON: map[string]any{"user": "calvin"}},
			{Name: "stuff listed in order", Path: "/stuff", User: "calvin", WantStatus: 200,
				WantExact: fsatest.String(`[["verre",2.5],["bol",1]]` + "\n")},
			{Name: "stuff patched", Method: "PATCH", Path: "/stuff/verre", User: "calvin", Form: url.Values{"price": {"3"}},
				WantStatus: 200, WantExact: fsatest.String("stuff updated: verre")},
			{Name: "price kept", Path: "/stuff", User: "calvin", WantStatus: 200,
				WantExact: fsatest.String(`[["verre",3],["bol",1]]` + "\n")},
			{Name: "calvin exists", User: "acme", Method: "POST", Path: "/user",
				Form: url.Values{"login": {"calvin"}, "password": {"Hobbes-2024"}, "email": {"calvin@acme.org"}}, WantStatus: 409,
				WantJSON: map[string]any{"error": "cannot overwrite existing user: calvin"}},
			{Name: "verre exists", User: "calvin", Method: "POST", Path: "/stuff",
				Form: url.Values{"stuff": {"verre"}, "price": {"1"}}, WantStatus: 409,
				WantJSON: map[string]any{"error": "cannot overwrite existing stuff: verre"}},
			{Name: "acme keeps its first password", Path: "/hello-me", User: "acme", WantStatus: 200},
			{Name: "the new ACME_PASS is not acme's", Path: "/hello-me", Auth: fsatest.Basic("acme", "Another-Pass-1"), WantStatus: 401},
		})
	})
}

// Without ACME_PASS, a random password is shown only when acme is
// created: a second run on the same database shows none.
func TestAcmeRandomPasswordOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		acmeDB := b.newDB(t)
		for run, want := range []bool{true, false} {
			var out strings.Builder
			app, db, err := acmeapp.Open(testEnv("ACME_DB", acmeDB, "ACME_PASS", ""), &out, fsa.LookupEnv(fastHashes))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(out.String(), "with password"); got != want || app == nil {
				t.Errorf("run %d: password shown %v, want %v: %q", run, got, want, out.String())
			}
			db.Close()
		}
	})
}

// Writers at once, on two apps sharing one database (two instances, each
// with its own cache): every user and stuff added once, a name wanted by
// all added by one and refused (409) to the others, no 5xx.
func TestAcmeConcurrentWrites(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		const workers, each = 8, 6
		acmeDB := b.newDB(t)
		apps := make([]*fsatest.Client, 2)
		for i := range apps {
			apps[i], _ = dbClient(t, acmeDB, acmePass, fsa.LookupEnv(func(name string) (string, bool) {
				if name == "FSA_PASSWORD_CONCURRENCY" { // every worker hashes at once
					return "64", true
				}
				return fastHashes(name)
			}))
		}
		admin := fsatest.Basic("acme", acmePass)
		statuses := make([][]int, workers) // of the rows wanted by all
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				c := apps[w%2]
				for i := range each {
					login, password := fmt.Sprintf("user%dx%d", w, i), fmt.Sprintf("Pass-%d-%d", w, i)
					c.Check(t, fsatest.Case{Name: "add " + login, Method: "POST", Path: "/user", Auth: admin,
						Form: newUserForm(login, password), WantStatus: 201})
					c.Check(t, fsatest.Case{Name: login + " adds stuff", Method: "POST", Path: "/stuff",
						Auth: fsatest.Basic(login, password), Form: url.Values{"stuff": {"stuff-" + login}, "price": {"1"}}, WantStatus: 201})
					c.Check(t, fsatest.Case{Name: "acme adds stuff", Method: "POST", Path: "/stuff", Auth: admin,
						Form: url.Values{"stuff": {fmt.Sprintf("acme-%d-%d", w, i)}, "price": {"2"}}, WantStatus: 201})
				}
				for _, r := range []fsatest.Case{
					{Method: "POST", Path: "/user", Auth: admin, Form: newUserForm("everybody", "Every-Body-1")},
					{Method: "POST", Path: "/stuff", Auth: admin, Form: url.Values{"stuff": {"shared"}, "price": {"3"}}},
				} {
					res := c.Do(t, r)
					statuses[w] = append(statuses[w], res.StatusCode)
				}
			})
		}
		wg.Wait()
		for row, want := range []string{"cannot overwrite existing user: everybody", "cannot overwrite existing stuff: shared"} {
			created := 0
			for w := range workers {
				switch statuses[w][row] {
				case 201:
					created++
				case 409:
				default:
					t.Errorf("worker %d, row %q: status %d, want 201 or 409", w, want, statuses[w][row])
				}
			}
			if created != 1 {
				t.Errorf("%q: %d created, want 1", want, created)
			}
		}

		// every row once, seen from either app
		var acmeStuff []string
		for w := range workers {
			for i := range each {
				acmeStuff = append(acmeStuff, fmt.Sprintf(`"acme-%d-%d"`, w, i))
				login := fmt.Sprintf("user%dx%d", w, i)
				apps[(w+1)%2].Check(t, fsatest.Case{Name: "stuff of " + login, Path: "/stuff",
					Auth: fsatest.Basic(login, fmt.Sprintf("Pass-%d-%d", w, i)), WantStatus: 200,
					WantExact: fsatest.String(`[["stuff-` + login + `",1]]` + "\n")})
			}
		}
		res := apps[0].Check(t, fsatest.Case{Name: "stuff of acme", Path: "/stuff", Auth: admin, WantStatus: 200})
		for _, name := range append(acmeStuff, `"shared"`) {
			if n := strings.Count(string(res.Body), name+","); n != 1 {
				t.Errorf("stuff %s listed %d times", name, n)
			}
		}
		if n := strings.Count(string(res.Body), `],[`) + 1; n != workers*each+1 {
			t.Errorf("acme has %d stuff, want %d", n, workers*each+1)
		}
	})
}

// A bad ACME_DB is a startup error that names it, never with a password;
// ACME_DB unset is acme.db in the working directory.
func TestAcmeBadDB(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file") // not SQLite's (an empty file would be)
	if err := os.WriteFile(file, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, acmeDB, want string
	}{
		{"server unreachable", "postgres://acme:Db-Secret-7@127.0.0.1:1/acme?sslmode=disable", "ACME_DB postgres://acme:xxxxx@127.0.0.1:1/acme?sslmode=disable: "},
		{"bad URL", "postgres://acme:Db-Secret-7@host:port/acme", "ACME_DB: not a valid postgres:// URL"},
		{"not a database", file, `ACME_DB "` + file + `": `},
		{"unwritable place", filepath.Join(file, "acme.db"), `ACME_DB "` + filepath.Join(file, "acme.db") + `": `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := acmeapp.New(testEnv("ACME_DB", tc.acmeDB), io.Discard, fsa.LookupEnv(fastHashes))
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "Db-Secret-7") {
				t.Errorf("error %v, want it to contain %q and no password", err, tc.want)
			}
		})
	}
	t.Run("default", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		openAcme(t, testEnv("ACME_DB", ""), io.Discard, fsa.LookupEnv(fastHashes))
		if _, err := os.Stat(filepath.Join(dir, acmeapp.DefaultDB)); err != nil {
			t.Errorf("ACME_DB unset: %v", err)
		}
	})
}

// A token route reads no database: with the database closed, a bearer
// token still opens /hello-me (a read would be a 500), and a password,
// which needs the database, does not.
func TestAcmeTokenReadsNoDatabase(t *testing.T) {
	c, stop := dbClient(t, filepath.Join(t.TempDir(), "acme.db"), acmePass)
	token := tokenOf(t, c.Check(t, fsatest.Case{Name: "token", Path: "/token", User: "acme", WantStatus: 200}))
	stop()
	c.Run(t, []fsatest.Case{
		{Name: "token, no database", Path: "/hello-me", Auth: fsatest.Bearer(token), WantStatus: 200,
			WantJSON: map[string]any{"user": "acme"}},
		{Name: "password, no database", Path: "/hello-me", Auth: fsatest.Basic("calvin", "Hobbes-2024"), WantStatus: 500},
	})
}
