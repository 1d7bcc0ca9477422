package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/fsa-go/fsa-go/internal/wrk"
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
	r, err := wrk.Parse(string(out))
	return result{reqPerSec: r.ReqPerSec, p50: r.P50, p99: r.P99, requests: r.Requests, errors: r.Errors}, err
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
