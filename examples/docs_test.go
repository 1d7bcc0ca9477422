package examples_test

import (
	"os"
	"strings"
	"testing"
)

// TestRecipeShowsCode checks that docs/RECIPES.md's Flask section shows
// the custom scheme of restauthapp as it is, between its recipe markers.
func TestRecipeShowsCode(t *testing.T) {
	doc, err := os.ReadFile("../docs/RECIPES.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("restauth/restauthapp/restauthapp.go")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "## Coming from Flask: REST-auth")
	_, shown, _ := strings.Cut(section, "```go\n")
	shown, _, _ = strings.Cut(shown, "```\n")
	_, code, _ := strings.Cut(string(src), "// recipe:begin")
	_, code, _ = strings.Cut(code, "\n")
	code, _, _ = strings.Cut(code, "// recipe:end")
	if !ok || strings.TrimSpace(shown) != strings.TrimSpace(code) || code == "" {
		t.Errorf("docs/RECIPES.md's Flask section does not show restauthapp's custom scheme:\n%s", code)
	}
}
