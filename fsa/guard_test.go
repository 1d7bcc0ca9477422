package fsa_test

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// The connection limits of the guard tests, short for the tests' sake: a
// connection is closed between its limit and two ticks (a tenth of the
// shortest limit) later.
const (
	gHeader  = 300 * time.Millisecond
	gRequest = 500 * time.Millisecond
	gIdle    = 700 * time.Millisecond
	gLate    = 2*gHeader/10 + 250*time.Millisecond // two ticks, and slack for a busy machine
)

// guardServer serves an app with the guard tests' limits on a loopback
// port, over TLS if tlsConfig is set: /hello, and /sleep?ms=N, which
// responds after N milliseconds.
func guardServer(t *testing.T, tlsConfig *tls.Config) string {
	t.Helper()
	app := fsatest.NewApp(t, "test", fsa.RequestLimits(fsa.Limits{HeaderTimeout: gHeader, RequestTimeout: gRequest, IdleTimeout: gIdle}))
	fsa.Get(app, "/hello", fsa.Open, hello)
	fsa.Post(app, "/hello", fsa.Open, hello)
	fsa.Get(app, "/sleep", fsa.Open, func(_ *fsa.Context, in struct{ Ms int }) (any, error) {
		time.Sleep(time.Duration(in.Ms) * time.Millisecond)
		return "slept", nil
	})
	if err := app.Check(); err != nil {
		t.Fatal(err)
	}
	srv := app.Server("127.0.0.1:0")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tlsConfig != nil {
		srv.TLSConfig = tlsConfig
		go srv.ServeTLS(ln, "", "")
	} else {
		go srv.Serve(ln)
	}
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// closedAfter reads conn until the server closes it, and returns how long
// that took since start; it fails the test if the server keeps the
// connection open for 5 seconds, or sends something that does not contain
// want ("" wants nothing, "*" anything).
func closedAfter(t *testing.T, conn net.Conn, start time.Time, want string) time.Duration {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(conn)
	elapsed := time.Since(start)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("connection still open after 5s (read %q)", got)
	}
	if want == "" && len(got) > 0 || want != "" && want != "*" && !strings.Contains(string(got), want) {
		t.Errorf("read %q before the close, want %q", got, want)
	}
	return elapsed
}

// within fails the test unless d is in [limit, limit+gLate].
func within(t *testing.T, what string, d, limit time.Duration) {
	t.Helper()
	if d < limit || d > limit+gLate {
		t.Errorf("%s: closed after %v, want between %v and %v", what, d, limit, limit+gLate)
	}
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// The Server closes connections that overstay, in each state, and only
// those.
func TestConnectionLimits(t *testing.T) {
	addr := guardServer(t, nil)
	const get = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
	t.Run("silent new connection: header timeout", func(t *testing.T) {
		start := time.Now()
		within(t, "silent", closedAfter(t, dial(t, addr), start, ""), gHeader)
	})
	t.Run("header sent slowly: header timeout", func(t *testing.T) {
		conn, start := dial(t, addr), time.Now()
		go func() {
			for _, b := range []byte("GET /hello HTTP/1.1\r\nHost: x\r\n") {
				if _, err := conn.Write([]byte{b}); err != nil {
					return
				}
				time.Sleep(gHeader / 10)
			}
		}()
		within(t, "slow header", closedAfter(t, conn, start, ""), gHeader)
	})
	t.Run("body sent slowly: request timeout", func(t *testing.T) {
		conn := dial(t, addr)
		conn.Write([]byte("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nab"))
		start := time.Now()
		within(t, "slow body", closedAfter(t, conn, start, "*"), gRequest)
	})
	t.Run("handler slower than the request timeout", func(t *testing.T) {
		conn := dial(t, addr)
		start := time.Now()
		conn.Write([]byte("GET /sleep?ms=" + "2000" + " HTTP/1.1\r\nHost: x\r\n\r\n"))
		within(t, "slow handler", closedAfter(t, conn, start, ""), gRequest)
	})
	t.Run("kept alive, then silent: idle timeout", func(t *testing.T) {
		conn := dial(t, addr)
		conn.Write([]byte(get))
		r := bufio.NewReader(conn)
		res, err := http.ReadResponse(r, nil)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("first request: %v %v", res, err)
		}
		io.Copy(io.Discard, res.Body)
		start := time.Now()
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if n, err := r.Read(make([]byte, 1)); n > 0 || err == nil {
			t.Fatalf("read %d bytes, %v: want the close", n, err)
		}
		within(t, "idle", time.Since(start), gIdle)
	})
	t.Run("requests in time keep the connection", func(t *testing.T) {
		conn := dial(t, addr)
		r := bufio.NewReader(conn)
		// 3 requests a tick short of the idle limit apart, the last one's
		// handler a tick short of the request limit: longer than any
		// limit in all, each in time
		for i, path := range []string{"/hello", "/hello", "/sleep?ms=" + "400"} {
			if i > 0 {
				time.Sleep(gIdle - 100*time.Millisecond)
			}
			conn.Write([]byte("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"))
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			res, err := http.ReadResponse(r, nil)
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("request %d (%s): %v %v", i, path, res, err)
			}
			io.Copy(io.Discard, res.Body)
		}
	})
}

// Over HTTP/2 the connection's streams overlap: a connection kept busy
// longer than the request timeout, each request in time, stays open; a
// request slower than it is cut.
func TestConnectionLimitsHTTP2(t *testing.T) {
	certFile, keyFile := selfSigned(t)
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	addr := guardServer(t, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}})
	transport := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, ForceAttemptHTTP2: true} // the test's certificate
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	get := func(path string) (*http.Response, error) {
		res, err := client.Get("https://" + addr + path)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		return res, err
	}
	if res, err := get("/hello"); err != nil || res.ProtoMajor != 2 {
		t.Fatalf("no HTTP/2: %v %v", res, err)
	}
	// three clients, a request of 150ms each after the other, for 1s: the
	// connection is never idle
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for range 3 {
		wg.Go(func() {
			for end := time.Now().Add(time.Second); time.Now().Before(end); {
				if res, err := get("/sleep?ms=150"); err != nil || res.StatusCode != 200 {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("a busy HTTP/2 connection was cut: %q", failures)
	}
	if res, err := get("/sleep?ms=2000"); err == nil {
		t.Errorf("a stream slower than the request timeout answered: %d", res.StatusCode)
	}
}
