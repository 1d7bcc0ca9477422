package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/internal/srvtest"
	"github.com/fsa-go/fsa-go/internal/wrk"
)

// TestClusterBench measures the token route, GET /hello-me with a bearer
// token, with wrk (Debian's package wrk): through nginx in front of 3
// instances, through nginx in front of 1, and straight to that one, in
// turn for a few rounds, and logs the median requests/s and p99 of each
// and the ratio of 3 to 1. It runs with CLUSTER_BENCH=1 only, and -v to
// see the numbers:
//
//	CLUSTER_BENCH=1 go test -count=1 -v -run Bench ./tests/cluster/
//
// CLUSTER_BENCH_DURATION (default 5s) is the length of a run,
// CLUSTER_BENCH_ROUNDS (default 3) the rounds, CLUSTER_BENCH_CONNECTIONS
// (default 64) wrk's connections.
func TestClusterBench(t *testing.T) {
	if os.Getenv("CLUSTER_BENCH") != "1" {
		t.Skip("a measurement: CLUSTER_BENCH=1 runs it")
	}
	if raceEnabled {
		t.Skip("a measurement: run it without -race")
	}
	wrkPath, err := exec.LookPath("wrk")
	if err != nil {
		t.Fatalf("wrk not found: install Debian's package wrk: %v", err)
	}
	duration := envDuration(t, "CLUSTER_BENCH_DURATION", 5*time.Second)
	rounds := envInt(t, "CLUSTER_BENCH_ROUNDS", 3)
	connections := envInt(t, "CLUSTER_BENCH_CONNECTIONS", 64)

	c := startCluster(t, 3)
	one := srvtest.Nginx(t, c.acme[0].Addr)
	_, body, err := get(context.Background(), httpClient("127.0.0.1"), c.URL()+"/token", "acme", acmePass)
	var answer struct{ Token string }
	if err != nil || json.Unmarshal([]byte(body), &answer) != nil || answer.Token == "" {
		t.Fatalf("GET /token: %q %v", body, err)
	}
	header := "Authorization: Bearer " + answer.Token

	targets := []struct{ name, url string }{
		{"nginx, 3 instances", c.URL() + "/hello-me"},
		{"nginx, 1 instance", "http://" + one.Addr + "/hello-me"},
		{"1 instance, no nginx", c.acme[0].URL() + "/hello-me"},
	}
	results := make([][]wrkResult, len(targets))
	for round := range rounds {
		for i, target := range targets {
			out, err := exec.Command(wrkPath, "--latency", "-t", "2", "-c", strconv.Itoa(connections),
				"-d", duration.String(), "-H", header, target.url).CombinedOutput()
			if err != nil {
				t.Fatalf("wrk %s: %v\n%s", target.url, err, out)
			}
			report, err := wrk.Parse(string(out))
			if err == nil && report.Errors > 0 {
				err = fmt.Errorf("%d errors or responses other than 2xx and 3xx", report.Errors)
			}
			if err != nil {
				t.Fatalf("wrk %s: %v\n%s", target.url, err, out)
			}
			r := wrkResult{rate: report.ReqPerSec, p99: report.P99}
			t.Logf("round %d, %s: %.0f requests/s, p99 %v", round+1, target.name, r.rate, r.p99)
			results[i] = append(results[i], r)
		}
	}
	medians := make([]wrkResult, len(targets))
	for i, target := range targets {
		medians[i] = median(results[i])
		t.Logf("%-22s %8.0f requests/s  p99 %v (median of %d runs of %v, %d connections)",
			target.name, medians[i].rate, medians[i].p99, rounds, duration, connections)
	}
	t.Logf("3 instances / 1 behind nginx: requests/s x%.2f, p99 x%.2f", medians[0].rate/medians[1].rate,
		float64(medians[0].p99)/float64(medians[1].p99))
}

// wrkResult is what a wrk run measured.
type wrkResult struct {
	rate float64 // requests per second
	p99  time.Duration
}

// median returns the median rate and the median p99 of runs.
func median(runs []wrkResult) wrkResult {
	rates, p99s := make([]float64, len(runs)), make([]time.Duration, len(runs))
	for i, r := range runs {
		rates[i], p99s[i] = r.rate, r.p99
	}
	slices.Sort(rates)
	slices.Sort(p99s)
	return wrkResult{rate: rates[len(rates)/2], p99: p99s[len(p99s)/2]}
}

// envDuration reads a duration from the environment, def if unset.
func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a positive duration: %v", name, s, err)
	}
	return d
}

// envInt reads a positive integer from the environment, def if unset.
func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive integer: %v", name, s, err)
	}
	return n
}
