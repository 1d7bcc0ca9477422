package tests

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
)

// The security table of the Acme app, as acme -routes prints it: every
// route with its authorization and schemes.
func TestAcmeRoutes(t *testing.T) {
	app := openAcme(t, testEnv(), io.Discard, fsa.LookupEnv(nil))
	var b strings.Builder
	if err := app.WriteRoutes(&b); err != nil {
		t.Fatal(err)
	}
	all := "token,basic,param,none"
	want := [][]string{ // METHOD PATH AUTHZ SCHEMES PARAMS
		{"METHOD", "PATH", "AUTHZ", "SCHEMES", "PARAMS"},
		{"GET", "/days", "OPEN", "none", "who:acmeapp.Someone"},
		{"GET", "/docs", "OPEN", "none", "(echo:echo.Context)"},
		{"GET", "/docs/", "OPEN", "none", "(echo:echo.Context)"},
		{"GET", "/docs/:file", "OPEN", "none", ":file:string (echo:echo.Context)"},
		{"GET", "/hello", "OPEN", "none", "-"},
		{"GET", "/hello-me", "AUTH", all, "(user:fsa.CurrentUser)"},
		{"GET", "/len", "OPEN", "none", "p:any"},
		{"GET", "/openapi.json", "OPEN", "none", "-"},
		{"GET", "/primes", "OPEN", "none", "li:[]int64"},
		{"GET", "/stuff", "AUTH", all, "(user:fsa.CurrentUser)"},
		{"POST", "/stuff", "AUTH", all, "stuff:string price:float64 (user:fsa.CurrentUser)"},
		{"PATCH", "/stuff/:sid", "AUTH object(stuff:sid:owner)", all, ":sid:string price:float64"},
		{"GET", "/token", "AUTH", "basic,param", "-"},
		{"POST", "/token", "AUTH", "param", "-"},
		{"DELETE", "/token", "AUTH", "token", "-"},
		{"POST", "/user", "AUTH group(admin)", all, "login:string password:string email:string"},
		{"DELETE", "/user/:login/tokens", "AUTH group(admin)", all, ":login:string"},
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	columns := regexp.MustCompile(`  +`) // cells hold single spaces only
	for i, line := range lines {
		if i >= len(want) {
			t.Errorf("unexpected line %q", line)
			continue
		}
		if got := columns.Split(line, -1); strings.Join(got, "|") != strings.Join(want[i], "|") {
			t.Errorf("line %d: %q\nwant %q", i, got, want[i])
		}
	}
	if len(lines) != len(want) {
		t.Errorf("%d lines, want %d:\n%s", len(lines), len(want), b.String())
	}
}
