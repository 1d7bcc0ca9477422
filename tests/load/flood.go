package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// floodRate is the wrong passwords a second the flood sends, over the
// load's connections.
const floodRate = 100

// floodResult is what a flood of wrong passwords got, by status, and how
// the real user fared meanwhile.
type floodResult struct {
	statuses map[int]int
	logins   []time.Duration // the real user's logins during the flood, each until its 200
	failed   []string        // the real user's logins that did not get a 200
}

// runFlood measures acme's token route alone, then during a flood of wrong
// Basic passwords from 127.0.0.1, for the login acme and then for rotating
// logins, while the real user, who logged in from 127.0.0.1 before, logs in
// from 127.0.0.2 (docs/PERFORMANCE.md, "Under a password flood").
func runFlood(ctx context.Context, o options, s *servers, out io.Writer) error {
	var token target
	for _, t := range s.targets() {
		if t.name == acmeTarget {
			token = t
		}
	}
	// the real user logs in from 127.0.0.1, and the token route is driven
	// with the header got now: the flood locks acme's logins from there
	header, err := token.header(ctx)
	if err != nil {
		return err
	}
	token.header = func(context.Context) (string, error) { return header, nil }

	alone, err := drive(ctx, token, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "token route alone: %8.0f req/s  p99 %v\n", alone.reqPerSec, round(alone.p99))

	for _, rotate := range []bool{false, true} {
		name := "one login"
		if rotate {
			name = "rotating logins"
		}
		fctx, stop := context.WithCancel(ctx)
		var fr floodResult
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); fr.statuses = flood(fctx, s.acme.url, o.connections, rotate) }()
		go func() { defer wg.Done(); fr.logins, fr.failed = realUser(fctx, s.acme.url, s.password) }()
		time.Sleep(time.Second) // the flood under way
		during, err := drive(ctx, token, o)
		stop()
		wg.Wait()
		if err != nil {
			return err
		}

		fmt.Fprintf(out, "\nflood of wrong passwords, %s, ~%d/s over %d connections from 127.0.0.1:\n", name, floodRate, o.connections)
		fmt.Fprintf(out, "  token route during it: %8.0f req/s  p99 %v  (%.2fx alone; target >= 0.80x, p99 <= 20ms)\n",
			during.reqPerSec, round(during.p99), during.reqPerSec/alone.reqPerSec)
		codes := slices.Sorted(maps.Keys(fr.statuses))
		fmt.Fprint(out, "  the flood got:")
		for _, code := range codes {
			fmt.Fprintf(out, " %d×%d", fr.statuses[code], code)
		}
		fmt.Fprintln(out)
		fmt.Fprintf(out, "  the real user from 127.0.0.2, honouring Retry-After: %d logins, slowest %v, failed %v (target: each within 2s)\n",
			len(fr.logins), round(slices.Max(append(fr.logins, 0))), fr.failed)
	}
	return nil
}

// flood sends wrong Basic passwords to base at floodRate a second over n
// connections from 127.0.0.1, for acme or for a new login each time, until
// ctx ends, and counts the statuses.
func flood(ctx context.Context, base string, n int, rotate bool) map[int]int {
	var mu sync.Mutex
	statuses := map[int]int{}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Duration(n) * time.Second / floodRate)
			defer tick.Stop()
			for i := 0; ; i++ {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				login := "acme"
				if rotate {
					login = fmt.Sprintf("guess-%d-%d", w, i)
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/hello-me", nil)
				req.SetBasicAuth(login, "not-the-password")
				status := 0 // a socket error
				if res, err := client.Do(req); err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					status = res.StatusCode
				} else if ctx.Err() != nil {
					return
				}
				mu.Lock()
				statuses[status]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return statuses
}

// realUser logs acme in with the right password from 127.0.0.2 every
// second until ctx ends, as a client that honours Retry-After: a 503 or a
// 429 is retried after the wait it gives. It returns how long each login
// took until its 200, retries included, and those that got none within 10
// seconds.
func realUser(ctx context.Context, base, password string) (took []time.Duration, failed []string) {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: dialer.DialContext}}
	for {
		select {
		case <-ctx.Done():
			return took, failed
		case <-time.After(time.Second):
		}
		start := time.Now()
		var last string
		for time.Since(start) < 10*time.Second {
			req, _ := http.NewRequest(http.MethodGet, base+"/token", nil) // not cut short by ctx
			req.SetBasicAuth("acme", password)
			res, err := client.Do(req)
			if err != nil {
				last = err.Error()
				break
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				took, last = append(took, time.Since(start)), ""
				break
			}
			last = res.Status
			wait, err := strconv.Atoi(res.Header.Get("Retry-After"))
			if err != nil || res.StatusCode != http.StatusServiceUnavailable && res.StatusCode != http.StatusTooManyRequests {
				break
			}
			time.Sleep(time.Duration(wait) * time.Second)
		}
		if last != "" {
			failed = append(failed, last)
		}
	}
}
