package throttle

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// clock is a test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func newThrottler(o Options) (*Throttler, *clock, *MemoryStore) {
	c := &clock{now: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	s := NewMemoryStore(1000, c.Now)
	return New(o, s), c, s
}

func wait(t *testing.T, th *Throttler, login, addr string) time.Duration {
	t.Helper()
	d, err := th.Wait(login, addr)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func fail(t *testing.T, th *Throttler, login, addr string, n int) {
	t.Helper()
	for range n {
		if err := th.Failure(login, addr); err != nil {
			t.Fatal(err)
		}
	}
}

// The per-pair threshold: free failures, then a delay that doubles with
// each failure up to the cap; an honest wait (not refused after it).
func TestPairDelays(t *testing.T) {
	th, clk, _ := newThrottler(Options{Failures: 3, Delay: time.Second, MaxDelay: 10 * time.Second})
	fail(t, th, "calvin", "10.0.0.1", 2)
	if d := wait(t, th, "calvin", "10.0.0.1"); d != 0 {
		t.Errorf("after 2 failures: wait %v, want 0", d)
	}
	tests := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, want := range tests {
		fail(t, th, "calvin", "10.0.0.1", 1)
		if d := wait(t, th, "calvin", "10.0.0.1"); d != want {
			t.Errorf("after %d failures: wait %v, want %v", 3+i, d, want)
		}
		clk.Add(want) // honest: once waited, not refused
		if d := wait(t, th, "calvin", "10.0.0.1"); d != 0 {
			t.Errorf("after waiting %v: wait %v, want 0", want, d)
		}
	}
	if d := wait(t, th, "susie", "10.0.0.1"); d != 0 {
		t.Errorf("another login: wait %v", d)
	}
}

// A success forgets the pair's failures.
func TestSuccessResets(t *testing.T) {
	th, _, _ := newThrottler(Options{Failures: 3})
	fail(t, th, "calvin", "10.0.0.1", 3)
	if d := wait(t, th, "calvin", "10.0.0.1"); d == 0 {
		t.Fatal("not locked after 3 failures")
	}
	if err := th.Success("calvin", "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if d := wait(t, th, "calvin", "10.0.0.1"); d != 0 {
		t.Errorf("after a success: wait %v", d)
	}
	fail(t, th, "calvin", "10.0.0.1", 2)
	if d := wait(t, th, "calvin", "10.0.0.1"); d != 0 {
		t.Errorf("2 failures after a success: wait %v, want 0", d)
	}
}

// Credential stuffing: one address, many logins, each under its own
// threshold, is locked by the address's.
func TestAddressThreshold(t *testing.T) {
	th, _, _ := newThrottler(Options{Failures: 5, AddressFailures: 10})
	for i := range 10 {
		fail(t, th, fmt.Sprintf("user%d", i), "10.0.0.9", 1)
	}
	if d := wait(t, th, "anybody", "10.0.0.9"); d != time.Second {
		t.Errorf("after 10 logins failed: wait %v, want 1s", d)
	}
	if d := wait(t, th, "", "10.0.0.9"); d != time.Second {
		t.Errorf("a token from the address: wait %v, want 1s", d)
	}
	if d := wait(t, th, "anybody", "10.0.0.8"); d != 0 {
		t.Errorf("another address: wait %v", d)
	}
}

// Distributed guessing: one login from many addresses is locked by the
// login's threshold, except from an address where it succeeded before.
func TestLoginThresholdSparesTrustedAddress(t *testing.T) {
	th, _, _ := newThrottler(Options{Failures: 5, AddressFailures: 5, LoginFailures: 10})
	if err := th.Success("calvin", "192.168.1.7"); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		fail(t, th, "calvin", fmt.Sprintf("10.0.1.%d", i), 1)
	}
	if d := wait(t, th, "calvin", "10.0.2.1"); d != time.Second {
		t.Errorf("a new address: wait %v, want 1s", d)
	}
	if d := wait(t, th, "calvin", "192.168.1.7"); d != 0 {
		t.Errorf("the address calvin logged in from: wait %v, want 0", d)
	}
}

// Wait counts nothing: refused attempts, however many, do not lengthen a
// lock nor lock the login.
func TestRefusedAttemptsNotCounted(t *testing.T) {
	th, clk, _ := newThrottler(Options{Failures: 2, LoginFailures: 3})
	fail(t, th, "calvin", "10.0.0.1", 2)
	for range 1000 {
		wait(t, th, "calvin", "10.0.0.1")
	}
	if d := wait(t, th, "calvin", "10.0.0.1"); d != time.Second {
		t.Errorf("wait %v, want 1s", d)
	}
	clk.Add(time.Second)
	if d := wait(t, th, "calvin", "10.0.0.2"); d != 0 {
		t.Errorf("the login from elsewhere: wait %v, want 0 (2 failures of 3)", d)
	}
}

// Failures expire after the window.
func TestWindow(t *testing.T) {
	th, clk, _ := newThrottler(Options{Failures: 3, Window: time.Minute})
	fail(t, th, "calvin", "10.0.0.1", 2)
	clk.Add(time.Minute)
	fail(t, th, "calvin", "10.0.0.1", 2)
	if d := wait(t, th, "calvin", "10.0.0.1"); d != 0 {
		t.Errorf("2+2 failures a window apart: wait %v, want 0", d)
	}
}

// The memory store stays within its size whatever an attacker rotates,
// and rotation does not evict a live counter of several failures, nor a
// lock.
func TestMemoryBoundUnderRotation(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	s := NewMemoryStore(500, c.Now)
	th := New(Options{Failures: 5, AddressFailures: 1 << 30, LoginFailures: 1 << 30}, s)
	fail(t, th, "calvin", "10.0.0.1", 4) // live, one under the threshold
	fail(t, th, "susie", "10.0.0.2", 5)  // locked
	for i := range 20000 {
		fail(t, th, fmt.Sprintf("rot%d", i), fmt.Sprintf("10.1.%d.%d", i/250, i%250), 1)
		if n := s.Len(); n > 500 {
			t.Fatalf("after %d rotations: %d entries, more than 500", i+1, n)
		}
	}
	if d := wait(t, th, "susie", "10.0.0.2"); d == 0 {
		t.Error("susie's lock was evicted")
	}
	fail(t, th, "calvin", "10.0.0.1", 1)
	if d := wait(t, th, "calvin", "10.0.0.1"); d == 0 {
		t.Error("calvin's counter of 4 was evicted: the 5th failure did not lock")
	}
}

// The gate lets n in, turns the next away after its wait, and lets it in
// once a place is free.
func TestGate(t *testing.T) {
	g := NewGate(2, 20*time.Millisecond)
	ctx := context.Background()
	if !g.Enter(ctx) || !g.Enter(ctx) {
		t.Fatal("a free place refused")
	}
	start := time.Now()
	if g.Enter(ctx) {
		t.Fatal("a third caller entered a gate of 2")
	}
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Errorf("turned away after %v, before the wait", waited)
	}
	go func() { time.Sleep(5 * time.Millisecond); g.Leave() }()
	if !g.Enter(ctx) {
		t.Error("a place freed within the wait was not taken")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if g.Enter(cancelled) {
		t.Error("entered with a cancelled context and no place")
	}
}
