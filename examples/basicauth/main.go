// Command basicauth serves a small home-automation web app (see package
// basicauthapp) to one user, over HTTPS, behind HTTP basic
// authentication.
//
//	BASICAUTH_PASS='a good password' go run ./examples/basicauth -u calvin
//
// Flags: -u USER, -p PASSWORD (else BASICAUTH_PASS; a flag shows in ps),
// -addr host:port (default localhost:8443), -cert and -key (PEM files;
// without them a self-signed certificate is made at start).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/fsa-go/fsa-go/examples/basicauth/basicauthapp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := basicauthapp.Run(ctx, os.Args[1:], os.Getenv, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return
	case err != nil:
		fmt.Fprintln(os.Stderr, "basicauth:", err)
		os.Exit(1)
	}
}
