// Package browser tests what a browser sees of Acme: its page to browse
// the OpenAPI document (fsa/openapiui), rendered by Debian's Chromium,
// headless, through github.com/chromedp/chromedp. Without Chromium the
// test is skipped, naming the package (it fails with CI=true).
package browser

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/internal/srvtest"
)

// The page at /docs renders Acme's operations from /openapi.json, and the
// browser asks nothing of any host but Acme: no CDN, no online validator.
func TestSwaggerUI(t *testing.T) {
	chromium := srvtest.Program(t, "chromium")
	env := map[string]string{"ACME_DB": ":memory:", "ACME_PASS": "Hello-World-1"}
	app, db, err := acmeapp.Open(func(name string) string { return env[name] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(h)
	t.Cleanup(server.Close)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true))
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, time.Minute)
	t.Cleanup(cancel)

	if err := chromedp.Do(ctx); err != nil { // starts the browser and its tab
		t.Fatalf("Chromium (%s): %v", chromium, err)
	}
	var mu sync.Mutex
	var asked []string
	err = chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			asked = append(asked, e.Request.URL)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(server.URL+"/docs"), chromedp.WaitVisible(chromedp.CSS(`.opblock`))); err != nil {
		t.Fatalf("Chromium on %s/docs: %v", server.URL, err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#swagger-ui`)))
	if err != nil {
		t.Fatal(err)
	}
	operations, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".opblock").length`))
	if err != nil {
		t.Fatal(err)
	}
	if title != "acme - Swagger UI" {
		t.Errorf("title %q", title)
	}
	for _, want := range []string{"/hello-me", "/user/{login}/tokens", "/stuff/{sid}", "/openapi.json", "Authorize"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not show %s", want)
		}
	}
	doc, err := app.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Count(string(doc), `"operationId"`); operations != want {
		t.Errorf("%d operations shown, want the document's %d", operations, want)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(asked) < 5 {
		t.Errorf("the browser asked for %d URLs, want the page, its scripts, its style and the document: %q", len(asked), asked)
	}
	for _, u := range asked {
		if !strings.HasPrefix(u, server.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the browser asked for %s: not Acme", u)
		}
	}
	t.Logf("%d operations shown; the browser asked for %d URLs, all Acme's", operations, len(asked))
}
