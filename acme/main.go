// Command acme serves the Acme application of the tutorial
// (docs/TUTORIAL.md) on its embedded configuration, or on the file that
// the ACME_CONFIG environment variable names. ACME_PASS is the password of
// the administrator, acme, created when missing; without it a random one
// is made and shown. ACME_DB names the database: a SQLite file (default
// acme.db in the working directory), :memory: for a throwaway run, or a
// postgres:// URL.
//
//	ACME_PASS='Hello-World-1' go run ./acme -addr localhost:5000
//
// With -routes it serves nothing: it builds the app as it would serve it,
// prints its routes' security table (see fsa.App.WriteRoutes) and exits.
//
//	go run ./acme -routes
//
// With -openapi it serves nothing either: it prints the app's OpenAPI 3.1
// document (see fsa.App.OpenAPI), which the app serves at /openapi.json.
//
//	go run ./acme -openapi
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
)

func main() {
	addr := flag.String("addr", "localhost:5000", "address to listen on, host:port")
	routes := flag.Bool("routes", false, "print the routes' security table and exit, without serving")
	openapi := flag.Bool("openapi", false, "print the OpenAPI document and exit, without serving")
	flag.Parse()
	app, db, err := acmeapp.Open(os.Getenv, os.Stderr)
	switch {
	case err == nil && *routes:
		err = app.WriteRoutes(os.Stdout)
	case err == nil && *openapi:
		var doc []byte
		if doc, err = app.OpenAPI(); err == nil {
			_, err = os.Stdout.Write(doc)
		}
	case err == nil:
		err = app.Start(*addr)
	}
	if db != nil {
		err = errors.Join(err, db.Close())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "acme:", err)
		os.Exit(1)
	}
}
