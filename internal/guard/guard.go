// Package guard bounds how long a connection of an http.Server stays in one
// state, and closes it when it overstays: a new connection that has not sent
// a request header (TLS handshake included) within Options.HeaderTimeout, a
// request whose response is not finished within Options.RequestTimeout of
// its header (a slow body, a slow handler, a client that does not read the
// response), a kept-alive connection that has not sent its next request's
// header within Options.IdleTimeout.
//
// It does what http.Server's ReadHeaderTimeout, ReadTimeout, WriteTimeout
// and IdleTimeout do, without their price: with them, net/http moves a
// connection's read and write deadlines, runtime timers, four times per
// request (docs/PERFORMANCE.md). A Guard keeps each connection's state
// (new, active, idle) and when it began in one word, stored on each change
// (by the handler for a plain connection, by Guard.ConnState for a TLS
// one), and one goroutine checks them on a coarse clock, while connections
// are open.
//
// A server installs both hooks, Guard.ConnContext and Guard.ConnState, and
// its handler brackets each request with Conn.RequestStarts and
// Conn.RequestEnds (see ConnOf): without them, a plain connection counts
// as new until HeaderTimeout closes it.
package guard

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Options are the limits of a Guard, each of which must be positive.
type Options struct {
	// HeaderTimeout bounds the time from a connection's accept to its first
	// request header, TLS handshake included.
	HeaderTimeout time.Duration
	// RequestTimeout bounds the time from a request's header to the end of
	// its response: reading its body, the handler, writing the response.
	RequestTimeout time.Duration
	// IdleTimeout bounds the time a kept-alive connection waits for its
	// next request header.
	IdleTimeout time.Duration
}

// A Guard follows the connections of one http.Server and closes those that
// overstay their limit. Its methods are safe for concurrent use.
type Guard struct {
	limits  [stateExempt]int64 // milliseconds, by state
	request time.Duration      // Options.RequestTimeout, for HTTP/2 streams
	tick    time.Duration
	now     atomic.Int64 // the coarse clock: Unix milliseconds, moved each tick
	conns   sync.Map     // net.Conn -> *Conn
	open    atomic.Int64 // len(conns)

	mu      sync.Mutex
	running bool // the sweeper goroutine
}

// The states of a guarded connection; a limit applies to the first three.
const (
	stateNew    = iota // accepted, no request header read yet
	stateActive        // a request read, its response not finished
	stateIdle          // kept alive, waiting for the next request
	stateExempt        // an HTTP/2 connection with streams: RequestStarts bounds each
	stateClosed        // closed by the guard, StateClosed to come
)

// A Conn is a connection followed by a Guard: its state and the coarse time
// it entered it, in one word: milliseconds << 3 | state.
type Conn struct {
	word  atomic.Int64
	guard *Guard
	tls   bool // its states come from ConnState
}

func pack(ms int64, state int) int64 { return ms<<3 | int64(state) }

func (c *Conn) set(ms int64, state int) { c.word.Store(pack(ms, state)) }

// New returns a Guard of o's limits. It closes a connection between its
// limit and two ticks later, never early: a tick is a tenth of the
// shortest limit, within [10ms, 1s]. Its goroutine runs while it follows
// connections, and only then.
func New(o Options) *Guard {
	g := &Guard{request: o.RequestTimeout}

	// the clock may be a tick behind when a connection changes state,
	// hence the tick added to each limit
	g.tick = min(o.HeaderTimeout, o.RequestTimeout, o.IdleTimeout) / 10
	g.tick = min(max(g.tick, 10*time.Millisecond), time.Second)
	limit := func(d time.Duration) int64 { return (d + g.tick).Milliseconds() }
	g.limits = [stateExempt]int64{limit(o.HeaderTimeout), limit(o.RequestTimeout), limit(o.IdleTimeout)}
	return g
}

// ConnContext is an http.Server's ConnContext hook, called for each new
// connection: the guard follows it from then on, and its requests know it
// (see ConnOf).
func (g *Guard) ConnContext(ctx context.Context, conn net.Conn) context.Context {
	g.mu.Lock()
	if !g.running { // the clock is stale: the sweeper stopped with the last connection
		g.now.Store(time.Now().UnixMilli())
		g.running = true
		go g.sweep()
	}
	g.open.Add(1)
	g.mu.Unlock()

	c := &Conn{guard: g}
	_, c.tls = conn.(*tls.Conn)
	c.set(g.now.Load(), stateNew)
	g.conns.Store(conn, c)
	return context.WithValue(ctx, connKey{}, c)
}

// ConnState is an http.Server's ConnState hook. A plain connection speaks
// HTTP/1 only, one request at a time: the handler tells when a request
// starts and ends (Conn.RequestStarts, Conn.RequestEnds), which costs less
// than a lookup of the connection here. A TLS connection may speak HTTP/2:
// its states come from here. A hijacked or closed connection is forgotten.
func (g *Guard) ConnState(conn net.Conn, state http.ConnState) {
	switch state {
	case http.StateActive, http.StateIdle:
		tc, ok := conn.(*tls.Conn)
		if !ok {
			return
		}
		v, ok := g.conns.Load(conn)
		if !ok {
			return
		}
		next := stateIdle
		if state == http.StateActive {
			next = stateActive
			if tc.ConnectionState().NegotiatedProtocol == "h2" {
				// HTTP/2 multiplexes requests: a busy connection stays
				// active, and RequestStarts bounds each stream
				next = stateExempt
			}
		}
		v.(*Conn).set(g.now.Load(), next)
	case http.StateHijacked, http.StateClosed:
		if _, ok := g.conns.LoadAndDelete(conn); ok {
			g.open.Add(-1)
		}
	}
}

// sweep closes the connections that overstay, each tick, until no
// connection is left.
func (g *Guard) sweep() {
	ticker := time.NewTicker(g.tick)
	defer ticker.Stop()
	for range ticker.C {
		now := time.Now().UnixMilli()
		g.now.Store(now)
		g.conns.Range(func(k, v any) bool {
			c := v.(*Conn)
			w := c.word.Load()
			since, state := w>>3, int(w&7)
			// unless the connection changed state meanwhile, close it; its
			// server goroutine then reports StateClosed
			if state < stateExempt && now-since > g.limits[state] && c.word.CompareAndSwap(w, pack(since, stateClosed)) {
				k.(net.Conn).Close()
			}
			return true
		})

		g.mu.Lock()
		if g.open.Load() == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
	}
}

// connKey is the context key of a guarded connection's requests.
type connKey struct{}

// ConnOf returns the connection a Guard follows of a request, or nil when
// the request came through a server without a Guard's ConnContext hook.
func ConnOf(r *http.Request) *Conn {
	c, _ := r.Context().Value(connKey{}).(*Conn)
	return c
}

// RequestStarts marks a plain connection active; the handler calls it
// first. An HTTP/2 request gets deadlines RequestTimeout away, its
// stream's own timers: the connection is left to them. A TLS connection's
// HTTP/1 requests are left to ConnState.
func (c *Conn) RequestStarts(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.ProtoMajor == 2:
		deadline := time.Now().Add(c.guard.request)
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(deadline)
		rc.SetWriteDeadline(deadline)
	case !c.tls:
		c.set(c.guard.now.Load(), stateActive)
	}
}

// RequestEnds marks a plain connection idle; the handler calls it last,
// its response written but for what net/http still buffers (up to 4 KiB),
// which IdleTimeout bounds.
func (c *Conn) RequestEnds() {
	if !c.tls {
		c.set(c.guard.now.Load(), stateIdle)
	}
}
