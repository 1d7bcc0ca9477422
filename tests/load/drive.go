package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// result is one run against one target.
type result struct {
	reqPerSec float64
	p50, p99  time.Duration
	requests  int           // responses received, whatever their status
	errors    int           // responses other than 200 (wrk: not 2xx or 3xx) and socket errors
	cpu       time.Duration // the server's CPU time during the run; 0 when unknown
}

// runWrk drives url with wrk and reads its report.
func runWrk(ctx context.Context, url, header string, o options) (result, error) {
	args := []string{
		"-t" + strconv.Itoa(o.threads), "-c" + strconv.Itoa(o.connections),
		"-d" + strconv.Itoa(int(math.Ceil(o.duration.Seconds()))) + "s", "--latency",
	}
	if header != "" {
		args = append(args, "-H", "Authorization: "+header)
	}
	out, err := exec.CommandContext(ctx, "wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %w: %s", err, out)
	}
	return parseWrk(string(out))
}

// parseWrk reads wrk's report, run with --latency: Requests/sec, the 50%
// and 99% lines of the latency distribution, the count of requests, the
// non-2xx-or-3xx responses and the socket errors.
func parseWrk(out string) (result, error) {
	var r result
	var seen struct{ rate, p50, p99 bool }
	lines := bufio.NewScanner(strings.NewReader(out))
	for lines.Scan() {
		f := strings.Fields(lines.Text())
		var err error
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.reqPerSec, err = strconv.ParseFloat(f[1], 64)
			seen.rate = true
		case len(f) == 2 && f[0] == "50%":
			r.p50, err = parseWrkTime(f[1])
			seen.p50 = true
		case len(f) == 2 && f[0] == "99%":
			r.p99, err = parseWrkTime(f[1])
			seen.p99 = true
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			r.requests, err = strconv.Atoi(f[0])
		case len(f) == 5 && strings.Join(f[:4], " ") == "Non-2xx or 3xx responses:":
			var n int
			n, err = strconv.Atoi(f[4])
			r.errors += n
		case len(f) == 10 && f[0] == "Socket" && f[1] == "errors:":
			for _, count := range []string{f[3], f[5], f[7], f[9]} { // connect N, read N, write N, timeout N
				n, e := strconv.Atoi(strings.TrimSuffix(count, ","))
				err = errors.Join(err, e)
				r.errors += n
			}
		}
		if err != nil {
			return result{}, fmt.Errorf("wrk output %q: %w", lines.Text(), err)
		}
	}
	if !seen.rate || !seen.p50 || !seen.p99 {
		return result{}, fmt.Errorf("wrk output without Requests/sec or the 50%%/99%% latencies:\n%s", out)
	}
	return r, nil
}

// parseWrkTime reads a wrk duration: a number and a unit, us to h.
func parseWrkTime(s string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}}
	for _, u := range units { // "us" and "ms" before "s"
		if number, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(number, 64)
			if err != nil {
				return 0, err
			}
			return time.Duration(v * float64(u.unit)), nil
		}
	}
	return 0, fmt.Errorf("unknown wrk time %q", s)
}

// runGo drives url for o.duration with o.connections workers, each on its
// own keep-alive connection, each sending its next request when the last
// response is read.
func runGo(ctx context.Context, url, header string, o options) (result, error) {
	transport := &http.Transport{
		MaxIdleConns:        o.connections,
		MaxIdleConnsPerHost: o.connections,
		MaxConnsPerHost:     o.connections,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	workers := make([]worker, o.connections)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range workers {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return result{}, err
		}
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		wg.Go(func() { workers[i].loop(ctx, client, req) })
	}
	wg.Wait()
	return summarizeWorkers(workers, time.Since(start)), nil
}

// worker is one connection of the Go load generator.
type worker struct {
	latencies []time.Duration // of the responses received
	errors    int             // responses other than 200, and failed requests
}

// loop sends req again and again until ctx is done.
func (w *worker) loop(ctx context.Context, client *http.Client, req *http.Request) {
	w.latencies = make([]time.Duration, 0, 1<<16)
	for ctx.Err() == nil {
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() == nil { // not a request cut by the end of the run
				w.errors++
			}
			continue
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil && ctx.Err() != nil {
			continue
		}
		w.latencies = append(w.latencies, time.Since(start))
		if err != nil || resp.StatusCode != http.StatusOK {
			w.errors++
		}
	}
}

// summarizeWorkers merges the workers' latencies into a result.
func summarizeWorkers(workers []worker, elapsed time.Duration) result {
	var all []time.Duration
	var r result
	for _, w := range workers {
		all = append(all, w.latencies...)
		r.errors += w.errors
	}
	slices.Sort(all)
	r.requests = len(all)
	r.reqPerSec = float64(len(all)) / elapsed.Seconds()
	r.p50, r.p99 = percentile(all, 50), percentile(all, 99)
	return r
}

// percentile returns the p-th percentile of sorted latencies, by nearest
// rank: the smallest value with at least p% of the values at or below it.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// median returns the median of values, the mean of the middle two for an
// even count; 0 for none.
func median[T ~int64 | ~float64](values []T) T {
	if len(values) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(values))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
