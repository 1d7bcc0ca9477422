package fsa

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"
)

// The guard's goroutine runs while it follows connections, and only then.
func TestConnGuardSweeperStops(t *testing.T) {
	g := newConnGuard(Limits{HeaderTimeout: time.Second, RequestTimeout: time.Second, IdleTimeout: time.Second})
	running := func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.running
	}
	for round := range 2 { // it starts again after it stopped
		a, b := net.Pipe()
		defer b.Close()
		g.connContext(context.Background(), a)
		g.connState(a, http.StateNew)
		if !running() {
			t.Fatalf("round %d: no sweeper with a connection open", round)
		}
		g.connState(a, http.StateClosed)
		for end := time.Now().Add(2 * time.Second); running() && time.Now().Before(end); {
			time.Sleep(g.tick)
		}
		if running() {
			t.Fatalf("round %d: the sweeper still runs with no connection", round)
		}
	}
}
