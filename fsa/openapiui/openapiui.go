// Package openapiui serves a page to browse an app's OpenAPI document:
// Swagger UI 5, whose assets are embedded in the program (through
// github.com/swaggest/swgui's v5emb) and served by the app itself, never
// loaded from a CDN. Importing the package adds about 600 KB of
// compressed assets to the program; apps that do not import it carry none.
package openapiui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/swaggest/swgui"
	"github.com/swaggest/swgui/v5emb"

	"github.com/fsa-go/fsa-go/fsa"
)

// Serve declares open GET routes that serve Swagger UI at path ("/docs",
// and "/docs/") and its assets below it (path + "/:file"), on the document the app
// serves at FSA_OPENAPI, with the scheme none (FSA_AUTH must have it).
// The page is the app's own (its title, no top bar,
// no proxy, no online validator): the browser asks nothing of any other
// host. An app without FSA_OPENAPI, or a path that is not a rooted path
// without a trailing slash, is an error.
func Serve(app *fsa.App, path string) error {
	cfg := app.Config()
	doc := cfg.OpenAPI
	switch {
	case doc == "":
		return errors.New("openapiui: FSA_OPENAPI is not set: the page has no document to show")
	case !slices.Contains(cfg.Auth, "none"):
		return errors.New("openapiui: FSA_AUTH lacks none: the page's routes could not be open")
	case !strings.HasPrefix(path, "/") || strings.HasSuffix(path, "/") || strings.ContainsAny(path, ":<>*?#"):
		return fmt.Errorf("openapiui: path %q: want a rooted path without a trailing slash, such as /docs", path)
	}
	ui := v5emb.NewHandlerWithConfig(swgui.Config{Title: app.Name(), SwaggerJSON: doc, BasePath: path + "/"})
	serve := func(_ *fsa.Context, in struct{ Echo echo.Context }) (any, error) {
		ui.ServeHTTP(in.Echo.Response(), in.Echo.Request())
		return nil, nil
	}
	open := fsa.Authn("none") // whatever FSA_AUTH_DEFAULT says
	fsa.Get(app, path, fsa.Open, serve, open, fsa.Summary("A page to browse this OpenAPI document (Swagger UI)"))
	fsa.Get(app, path+"/", fsa.Open, serve, open, fsa.Summary("The same page"))
	fsa.Get(app, path+"/:file", fsa.Open, func(c *fsa.Context, in struct {
		File string
		Echo echo.Context
	}) (any, error) {
		return serve(c, struct{ Echo echo.Context }{in.Echo})
	}, open, fsa.Summary("The page's assets"))
	return nil
}
