// Command restauth serves Miguel Grinberg's REST-auth API on fsa-go (see
// package restauthapp): users in the SQLite file RESTAUTH_DB (default
// restauth.db), password or token authentication.
//
//	go run ./examples/restauth -addr localhost:5000
//
// FSA_* environment variables override its configuration: FSA_TOKEN_SECRET
// keeps tokens valid across restarts, FSA_PASSWORD_LENGTH sets a minimum
// password length.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/fsa-go/fsa-go/examples/restauth/restauthapp"
)

func main() {
	addr := flag.String("addr", "localhost:5000", "address to listen on, host:port")
	flag.Parse()
	app, users, err := restauthapp.Open(os.Getenv)
	if err == nil {
		// plain HTTP, as the article's development server: FSA_SECURE lets
		// loopback clients through; others need TLS or a trusted proxy
		err = app.Start(*addr)
	}
	if users != nil {
		err = errors.Join(err, users.Close())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "restauth:", err)
		os.Exit(1)
	}
}
