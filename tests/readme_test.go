package tests

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The README's Go code and docs call Start as its result asks: Start
// returns nil after a graceful shutdown, so log.Fatal(app.Start(addr))
// would print <nil> and exit 1 on a clean SIGTERM.
func TestDocsStartPattern(t *testing.T) {
	fatalStart := regexp.MustCompile(`log\.Fatal(ln|f)?\(\s*\w+\.Start(TLS)?\(`)
	for _, path := range []string{"../README.md", "../docs/DOCUMENTATION.md", "../docs/TUTORIAL.md", "../docs/RECIPES.md"} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if fatalStart.MatchString(line) {
				t.Errorf("%s:%d: %s: a graceful stop (nil) would be fatal; test the error first", path, i+1, strings.TrimSpace(line))
			}
		}
	}
}
