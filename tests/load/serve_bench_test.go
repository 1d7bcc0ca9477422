package main

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// BenchmarkServe serves Acme's GET /hello-me with an fsa bearer token
// through the whole server side (net/http's http.Server, echo, the
// handler), over an in-memory keep-alive connection that sends the same
// request again and again: no kernel and no load generator share the
// measure, which is then steadier than wrk's. Three sides give the same
// response, byte for byte but the Date header (checked):
//
//   - acme: the Acme app in prod mode, served by fsa.App.Server;
//   - hand: echo with the fsa token checked by hand (handFSA);
//   - raw: echo alone, no authentication (the limit).
//
// acme's run alternates with the others' in ten slices, so that a change
// of the machine's speed hits every side alike; x-vs-hand and x-vs-raw are
// the other side's ns/op over acme's: above 1, acme is faster.
func BenchmarkServe(b *testing.B) {
	secret, realm, err := acmeSecret()
	if err != nil {
		b.Fatal(err)
	}
	b.Setenv("ACME_PASS", "Bench-Pass-1")
	b.Setenv("ACME_DB", filepath.Join(b.TempDir(), "acme.db"))
	srv, err := acmeServer("", "fsa")
	if err != nil {
		b.Fatal(err)
	}
	e := echo.New()
	e.GET(handFSAPath, handFSA(secret, realm))
	e.GET("/raw/hello-me", func(c echo.Context) error {
		acmeHeaders(c)
		return c.JSON(http.StatusOK, map[string]string{"msg": "hello", "user": "acme"})
	})
	request := func(path string) []byte {
		return []byte("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:5000\r\nUser-Agent: bench\r\n" +
			"Authorization: Bearer " + acmeToken(b, "acme", time.Now()) + "\r\n\r\n")
	}
	acme := newSide(b, srv, request("/hello-me"))
	hand := newSide(b, &http.Server{Handler: e}, request(handFSAPath))
	raw := newSide(b, &http.Server{Handler: e}, request("/raw/hello-me"))
	if !bytes.Equal(acme.answer, hand.answer) || !bytes.Equal(acme.answer, raw.answer) {
		b.Fatalf("the sides answer differently:\nacme %q\nhand %q\nraw  %q", acme.answer, hand.answer, raw.answer)
	}
	b.Run("acme", func(b *testing.B) {
		b.ReportAllocs()
		var handTime, rawTime time.Duration
		for _, n := range split(b.N) {
			b.StartTimer()
			acme.serve(b, n)
			b.StopTimer()
			handTime += hand.timed(b, n)
			rawTime += raw.timed(b, n)
		}
		acmeNs := float64(b.Elapsed().Nanoseconds())
		b.ReportMetric(float64(handTime.Nanoseconds())/acmeNs, "x-vs-hand")
		b.ReportMetric(float64(rawTime.Nanoseconds())/acmeNs, "x-vs-raw")
	})
	for name, s := range map[string]*side{"hand": hand, "raw": raw} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			s.serve(b, b.N)
		})
	}
}

// split splits n requests in ten slices, or fewer when n is small.
func split(n int) []int {
	k := min(n, 10)
	out := make([]int, k)
	for i := range out {
		out[i] = n / k
	}
	out[0] += n % k
	return out
}

// side is a server under measurement and the request it is sent.
type side struct {
	requests chan<- net.Conn
	request  []byte
	answer   []byte // its first response, without the Date header
}

// newSide starts srv on an in-memory listener and checks that it responds
// request with a 200.
func newSide(b *testing.B, srv *http.Server, request []byte) *side {
	b.Helper()
	conns := make(chan net.Conn)
	go srv.Serve(chanListener(conns))
	b.Cleanup(func() { close(conns); srv.Close() })
	s := &side{requests: conns, request: request}
	c := s.send(1)
	s.answer = regexp.MustCompile(`(?m)^Date: .*\r\n`).ReplaceAll(c.written.Bytes(), nil)
	if !bytes.HasPrefix(s.answer, []byte("HTTP/1.1 200 OK\r\n")) {
		b.Fatalf("answer %q, want a 200", s.answer)
	}
	return s
}

// serve sends the side's request n times on one connection and waits for
// the server to close it.
func (s *side) serve(b *testing.B, n int) {
	if c := s.send(n); c.answers != n {
		b.Fatalf("%d answers to %d requests", c.answers, n)
	}
}

// timed is serve, timed.
func (s *side) timed(b *testing.B, n int) time.Duration {
	start := time.Now()
	s.serve(b, n)
	return time.Since(start)
}

func (s *side) send(n int) *feedConn {
	c := &feedConn{request: s.request, left: n, closed: make(chan struct{})}
	s.requests <- c
	<-c.closed
	return c
}

// feedConn is a connection that reads its request left times, then EOF;
// it keeps the first 4 KiB written to it and counts the responses.
type feedConn struct {
	request []byte
	left    int // requests still to read
	off     int // in request
	written bytes.Buffer
	answers int // status lines written
	closed  chan struct{}
	once    sync.Once
}

func (c *feedConn) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.request[c.off:])
	if c.off += n; c.off == len(c.request) {
		c.off, c.left = 0, c.left-1
	}
	return n, nil
}

func (c *feedConn) Write(p []byte) (int, error) {
	c.answers += bytes.Count(p, []byte("HTTP/1.1 "))
	if room := 4096 - c.written.Len(); room > 0 {
		c.written.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (c *feedConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

func (c *feedConn) LocalAddr() net.Addr              { return loopback(5000) }
func (c *feedConn) RemoteAddr() net.Addr             { return loopback(40000) }
func (c *feedConn) SetDeadline(time.Time) error      { return nil }
func (c *feedConn) SetReadDeadline(time.Time) error  { return nil }
func (c *feedConn) SetWriteDeadline(time.Time) error { return nil }

// chanListener accepts the connections sent on it, until it is closed.
type chanListener chan net.Conn

func (l chanListener) Accept() (net.Conn, error) {
	if c, ok := <-l; ok {
		return c, nil
	}
	return nil, errors.New("listener closed")
}

func (l chanListener) Close() error   { return nil }
func (l chanListener) Addr() net.Addr { return loopback(5000) }

// loopback is 127.0.0.1:port.
func loopback(port int) net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port} }
