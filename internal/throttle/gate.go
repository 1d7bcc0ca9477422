package throttle

import (
	"context"
	"time"
)

// A Gate lets at most a given number of callers in at once; the others
// wait a bounded time for a place, then are turned away. It is safe for
// concurrent use.
type Gate struct {
	slots chan struct{}
	wait  time.Duration
}

// NewGate returns a gate of n places (at least 1) where a caller waits at
// most wait for one.
func NewGate(n int, wait time.Duration) *Gate {
	return &Gate{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// Enter takes a place: true once it has one, false when none came free
// within the gate's wait or ctx ended. A caller that entered must Leave.
func (g *Gate) Enter(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-timer.C:
	case <-ctx.Done():
	}
	return false
}

// Leave gives back a place taken by Enter.
func (g *Gate) Leave() { <-g.slots }
