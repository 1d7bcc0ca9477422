// Command digestapp is the cluster tests' app with HTTP Digest
// authentication, which Acme cannot offer (it stores bcrypt hashes, and
// Digest needs the password or its HA1): GET /who answers the login, for
// calvin (password hobbes) and hobbes (calvin), in realm "acme". Its
// directives come from the environment, as Acme's do: FSA_CACHE and
// FSA_CACHE_OPTS name the shared redis, FSA_TOKEN_SECRET keys the nonces
// that every instance accepts.
//
//	FSA_TOKEN_SECRET=... go run ./tests/cluster/digestapp -addr localhost:5001
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/fsa-go/fsa-go/fsa"
)

func main() {
	addr := flag.String("addr", "localhost:5001", "address to listen on, host:port")
	flag.Parse()
	app, err := fsa.New("digestapp", fsa.Set("FSA_AUTH", []any{"digest", "none"}), fsa.Set("FSA_REALM", "acme"),
		fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"))
	if err == nil {
		passwords := map[string]string{"calvin": "hobbes", "hobbes": "calvin"}
		app.GetUserPass(func(_ context.Context, login string) (string, error) { return passwords[login], nil })
		fsa.Get(app, "/who", fsa.Auth, func(c *fsa.Context, _ struct{}) (string, error) { return c.User(), nil })
		fsa.Get(app, "/hello", fsa.Open, func(*fsa.Context, struct{}) (string, error) { return "hello", nil }, fsa.Authn("none"))
		err = app.Start(*addr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "digestapp:", err)
		os.Exit(1)
	}
}
