package fsa

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// connGuard bounds how long a connection of the Server stays in one state,
// and closes it when it overstays: a new connection that has not sent a
// request header (TLS handshake included) within Limits.HeaderTimeout, a
// request that is not answered within Limits.RequestTimeout of its header
// (a slow body, a slow handler, a client that does not read the answer),
// a kept-alive connection that has not sent its next request's header
// within Limits.IdleTimeout.
//
// It does what http.Server's ReadHeaderTimeout, ReadTimeout, WriteTimeout
// and IdleTimeout do, without their price: with them, net/http moves a
// connection's read and write deadlines, runtime timers, four times per
// request (docs/PERFORMANCE.md). The guard keeps each connection's state
// (new, active, idle) and when it began in one word, stored on each change
// (by the App's ServeHTTP for a plain connection, by Server.ConnState for
// a TLS one), and one goroutine checks them on a coarse clock, while
// connections are open.
type connGuard struct {
	limits  [guardExempt]int64 // milliseconds, by state
	request time.Duration      // Limits.RequestTimeout, for HTTP/2 streams
	tick    time.Duration
	now     atomic.Int64 // the coarse clock: Unix milliseconds, moved each tick
	conns   sync.Map     // net.Conn -> *guardedConn
	open    atomic.Int64 // len(conns)

	mu      sync.Mutex
	running bool // the sweeper goroutine
}

// The states of a guarded connection; a limit applies to the first three.
const (
	guardNew    = iota // accepted, no request header read yet
	guardActive        // a request read, its answer not finished
	guardIdle          // kept alive, waiting for the next request
	guardExempt        // an HTTP/2 connection with streams: requestStarts bounds each
	guardClosed        // closed by the guard, StateClosed to come
)

// guardedConn is a connection's state and the coarse time it entered it,
// in one word: milliseconds << 3 | state.
type guardedConn struct {
	word  atomic.Int64
	guard *connGuard
	tls   bool // its states come from connState
}

func guardWord(ms int64, state int) int64 { return ms<<3 | int64(state) }

func (c *guardedConn) set(ms int64, state int) { c.word.Store(guardWord(ms, state)) }

// newConnGuard returns the guard of l's timeouts, which must be set.
func newConnGuard(l Limits) *connGuard {
	g := &connGuard{request: l.RequestTimeout}
	// a tick is a tenth of the shortest limit, within [10ms, 1s]; the
	// clock may be a tick behind when a connection changes state, so it is
	// closed between its limit and two ticks later, never early
	g.tick = min(l.HeaderTimeout, l.RequestTimeout, l.IdleTimeout) / 10
	g.tick = min(max(g.tick, 10*time.Millisecond), time.Second)
	limit := func(d time.Duration) int64 { return (d + g.tick).Milliseconds() }
	g.limits = [guardExempt]int64{limit(l.HeaderTimeout), limit(l.RequestTimeout), limit(l.IdleTimeout)}
	return g
}

// connContext is the Server's ConnContext hook, called for each new
// connection: the guard follows it from then on, and its requests know it
// (see guardedConnOf).
func (g *connGuard) connContext(ctx context.Context, conn net.Conn) context.Context {
	g.mu.Lock()
	if !g.running { // the clock is stale: the sweeper stopped with the last connection
		g.now.Store(time.Now().UnixMilli())
		g.running = true
		go g.sweep()
	}
	g.open.Add(1)
	g.mu.Unlock()
	c := &guardedConn{guard: g}
	_, c.tls = conn.(*tls.Conn)
	c.set(g.now.Load(), guardNew)
	g.conns.Store(conn, c)
	return context.WithValue(ctx, guardKey{}, c)
}

// connState is the Server's ConnState hook. A plain connection speaks
// HTTP/1 only, one request at a time: the App's ServeHTTP tells when a
// request starts and ends (requestStarts, requestEnds), which costs less
// than a lookup of the connection here. A TLS connection may speak HTTP/2:
// its states come from here.
func (g *connGuard) connState(conn net.Conn, state http.ConnState) {
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
		next := guardIdle
		if state == http.StateActive {
			next = guardActive
			if tc.ConnectionState().NegotiatedProtocol == "h2" {
				// HTTP/2 multiplexes requests: a busy connection stays
				// active, and requestStarts bounds each stream
				next = guardExempt
			}
		}
		v.(*guardedConn).set(g.now.Load(), next)
	case http.StateHijacked, http.StateClosed:
		if _, ok := g.conns.LoadAndDelete(conn); ok {
			g.open.Add(-1)
		}
	}
}

// sweep closes the connections that overstay, each tick, until no
// connection is left.
func (g *connGuard) sweep() {
	ticker := time.NewTicker(g.tick)
	defer ticker.Stop()
	for range ticker.C {
		now := time.Now().UnixMilli()
		g.now.Store(now)
		g.conns.Range(func(k, v any) bool {
			c := v.(*guardedConn)
			w := c.word.Load()
			since, state := w>>3, int(w&7)
			// unless the connection changed state meanwhile, close it; its
			// server goroutine then reports StateClosed
			if state < guardExempt && now-since > g.limits[state] && c.word.CompareAndSwap(w, guardWord(since, guardClosed)) {
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

// guardKey is the context key of a guarded connection's requests.
type guardKey struct{}

// guardedConnOf returns the guarded connection of a request, or nil when
// the request came through another server than the App's.
func guardedConnOf(r *http.Request) *guardedConn {
	c, _ := r.Context().Value(guardKey{}).(*guardedConn)
	return c
}

// requestStarts marks a plain connection active. An HTTP/2 request gets
// deadlines RequestTimeout away, its stream's own timers: the connection
// is left to them.
func (c *guardedConn) requestStarts(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.ProtoMajor == 2:
		deadline := time.Now().Add(c.guard.request)
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(deadline)
		rc.SetWriteDeadline(deadline)
	case !c.tls:
		c.set(c.guard.now.Load(), guardActive)
	}
}

// requestEnds marks a plain connection idle, its answer written but for
// what net/http still buffers (up to 4 KiB), which the idle limit bounds.
func (c *guardedConn) requestEnds() {
	if !c.tls {
		c.set(c.guard.now.Load(), guardIdle)
	}
}
