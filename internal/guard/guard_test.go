package guard

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"
)

// The guard's goroutine runs while it follows connections, and only then.
func TestSweeperStops(t *testing.T) {
	g := New(Options{HeaderTimeout: time.Second, RequestTimeout: time.Second, IdleTimeout: time.Second})
	running := func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.running
	}
	for round := range 2 { // it starts again after it stopped
		a, b := net.Pipe()
		defer b.Close()
		g.ConnContext(context.Background(), a)
		g.ConnState(a, http.StateNew)
		if !running() {
			t.Fatalf("round %d: no sweeper with a connection open", round)
		}
		g.ConnState(a, http.StateClosed)
		for end := time.Now().Add(2 * time.Second); running() && time.Now().Before(end); {
			time.Sleep(g.tick)
		}
		if running() {
			t.Fatalf("round %d: the sweeper still runs with no connection", round)
		}
	}
}
