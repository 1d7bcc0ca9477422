package srvtest

import (
	"os"
	"testing"
)

// Require skips a test for a missing program (off CI).
func TestRequireMissing(t *testing.T) {
	if os.Getenv("CI") == "true" {
		t.Skip("with CI=true a missing program fails the test")
	}
	skipped := false
	t.Run("missing", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Require(t, "redis-server", "no-such-program-fsa")
	})
	if !skipped {
		t.Error("Require did not skip for a missing program")
	}
}
