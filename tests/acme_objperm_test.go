package tests

import (
	"net/url"
	"testing"

	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// The tutorial's test_objperm_authz: only the owner of a stuff may change
// it; a stuff created after a 404 is found (POST /stuff uncaches).
func TestAcmeObjectPermissions(t *testing.T) {
	forEachBackend(t, testAcmeObjectPermissions)
}

func testAcmeObjectPermissions(t *testing.T, b backend) {
	c := acme(t, b)
	c.Passwords["calvin"], c.Passwords["susie"] = "Hobbes-2024", "Derkins-2024"
	price := func(p string) url.Values { return url.Values{"price": {p}} }
	users := []fsatest.Case{
		{Name: "add calvin", User: "acme", Method: "POST", Path: "/user",
			Form: url.Values{"login": {"calvin"}, "password": {"Hobbes-2024"}, "email": {"calvin@acme.org"}}, WantStatus: 201},
		{Name: "add susie", User: "acme", Method: "POST", Path: "/user",
			Form: url.Values{"login": {"susie"}, "password": {"Derkins-2024"}, "email": {"susie@acme.org"}}, WantStatus: 201},
		{Name: "calvin adds verre", User: "calvin", Method: "POST", Path: "/stuff", Form: url.Values{"stuff": {"verre"}, "price": {"2.5"}}, WantStatus: 201},
	}
	c.Run(t, users)
	c.Run(t, []fsatest.Case{
		{Name: "no credentials", Method: "PATCH", Path: "/stuff/verre", Form: price("3"), WantStatus: 401},
		{Name: "other user", User: "susie", Method: "PATCH", Path: "/stuff/verre", Form: price("3"), WantStatus: 403,
			WantJSON: map[string]any{"error": "permission denied on stuff (owner)"}},
		{Name: "admin is no owner", User: "acme", Method: "PATCH", Path: "/stuff/verre", Form: price("3"), WantStatus: 403},
		{Name: "owner", User: "calvin", Method: "PATCH", Path: "/stuff/verre", Form: price("3.5"), WantStatus: 200,
			WantExact: fsatest.String("stuff updated: verre")},
		{Name: "price changed", User: "calvin", Path: "/stuff", WantStatus: 200, WantExact: fsatest.String("[[\"verre\",3.5]]\n")},
		{Name: "bad price before permission", User: "susie", Method: "PATCH", Path: "/stuff/verre", Form: price("-1"), WantStatus: 400},
		{Name: "unknown stuff", User: "calvin", Method: "PATCH", Path: "/stuff/bol", Form: price("1"), WantStatus: 404,
			WantJSON: map[string]any{"error": "object not found"}},
		{Name: "unknown stuff again, cached", User: "calvin", Method: "PATCH", Path: "/stuff/bol", Form: price("1"), WantStatus: 404},
		{Name: "created", User: "calvin", Method: "POST", Path: "/stuff", Form: url.Values{"stuff": {"bol"}, "price": {"1.5"}}, WantStatus: 201},
		{Name: "found after creation", User: "calvin", Method: "PATCH", Path: "/stuff/bol", Form: price("1"), WantStatus: 200},
	})
}

// A login tried before the user exists is cached as unknown; POST /user
// forgets it, so that the new user can log in at once.
func TestAcmeNewUserLogsIn(t *testing.T) {
	forEachBackend(t, testAcmeNewUserLogsIn)
}

func testAcmeNewUserLogsIn(t *testing.T, b backend) {
	c := acme(t, b)
	c.Run(t, []fsatest.Case{
		{Name: "unknown", Path: "/hello-me", Auth: fsatest.Basic("hobbes", "Tiger-2024"), WantStatus: 401},
		{Name: "added", User: "acme", Method: "POST", Path: "/user",
			Form: url.Values{"login": {"hobbes"}, "password": {"Tiger-2024"}, "email": {"hobbes@acme.org"}}, WantStatus: 201},
		{Name: "known at once", Path: "/hello-me", Auth: fsatest.Basic("hobbes", "Tiger-2024"), WantStatus: 200},
	})
}
