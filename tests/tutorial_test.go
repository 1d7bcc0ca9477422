package tests

import (
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/tests/internal/tutorial"
)

// TestTutorialCurls runs every curl line of docs/TUTORIAL.md against the
// Acme app on its embedded configuration, in order. ACME_TOKEN is the
// last token returned, as the reader copies it. It runs on each backend.
func TestTutorialCurls(t *testing.T) {
	forEachBackend(t, testTutorialCurls)
}

func testTutorialCurls(t *testing.T, b backend) {
	client := acmeClient(t, openAcme(t, b.env(t), io.Discard, fsa.LookupEnv(fastHashes)))
	curls, err := tutorial.Curls("../docs/TUTORIAL.md")
	if err != nil {
		t.Error(err)
	}
	if len(curls) < 4 {
		t.Fatalf("only %d curl lines found in the tutorial", len(curls))
	}
	env := testEnv()
	token := ""
	for _, c := range curls {
		name := "TUTORIAL.md:" + strconv.Itoa(c.Line)
		t.Run(name, func(t *testing.T) {
			req, err := tutorial.Parse(c.Cmd, func(v string) string {
				if v == "ACME_TOKEN" {
					return token
				}
				return env(v)
			})
			if err != nil {
				t.Fatal(err)
			}
			req.Name, req.WantStatus = name, c.Status
			var answer struct{ Token string }
			if json.Unmarshal(client.Check(t, req).Body, &answer) == nil && answer.Token != "" {
				token = answer.Token
			}
		})
	}
}

// TestTutorialConfig checks that the acme.conf shown in the tutorial is the
// one the app embeds.
func TestTutorialConfig(t *testing.T) {
	doc, err := os.ReadFile("../docs/TUTORIAL.md")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(acmeapp.DefaultConfig())
	if !strings.Contains(string(doc), "```python\n"+conf+"```\n") {
		t.Errorf("docs/TUTORIAL.md does not show the embedded acme.conf:\n%s", conf)
	}
}
