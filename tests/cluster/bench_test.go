package cluster

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/internal/srvtest"
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
	wrk, err := exec.LookPath("wrk")
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
			out, err := exec.Command(wrk, "--latency", "-t", "2", "-c", strconv.Itoa(connections),
				"-d", duration.String(), "-H", header, target.url).CombinedOutput()
			if err != nil {
				t.Fatalf("wrk %s: %v\n%s", target.url, err, out)
			}
			r, err := parseWrk(string(out))
			if err != nil {
				t.Fatalf("wrk %s: %v\n%s", target.url, err, out)
			}
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

// parseWrk reads the requests/s and the p99 of wrk --latency's output;
// errors or responses other than 2xx and 3xx are an error.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			rate, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, fmt.Errorf("requests/s: %w", err)
			}
			r.rate = rate
		case len(f) == 2 && f[0] == "99%":
			d, err := parseWrkTime(f[1])
			if err != nil {
				return r, fmt.Errorf("p99: %w", err)
			}
			r.p99 = d
		case len(f) > 0 && (f[0] == "Non-2xx" || f[0] == "Socket"):
			return r, fmt.Errorf("wrk: %s", sc.Text())
		}
	}
	if r.rate == 0 || r.p99 == 0 {
		return r, fmt.Errorf("no Requests/sec or 99%% line in wrk's output")
	}
	return r, nil
}

// parseWrkTime reads a wrk duration: 812.00us, 1.23ms, 2.00s, 1.00m.
func parseWrkTime(s string) (time.Duration, error) {
	for _, unit := range []struct {
		suffix string
		d      time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}} {
		if v, ok := strings.CutSuffix(s, unit.suffix); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return 0, fmt.Errorf("%q: %w", s, err)
			}
			return time.Duration(n * float64(unit.d)), nil
		}
	}
	return 0, fmt.Errorf("%q: unknown unit", s)
}

// TestParseWrk reads wrk --latency's output, and refuses failed requests.
func TestParseWrk(t *testing.T) {
	out := `Running 5s test @ http://127.0.0.1:1/hello-me
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    2.01ms  40.00ms   80.00%
    Req/Sec    10.50k     1.00k   12.00k    70.00%
  Latency Distribution
     50%    2.80ms
     75%    3.90ms
     90%    5.10ms
     99%  812.00us
  104500 requests in 5.00s, 20.00MB read
Requests/sec:  20900.12
Transfer/sec:      4.00MB
`
	r, err := parseWrk(out)
	if err != nil || r.rate != 20900.12 || r.p99 != 812*time.Microsecond {
		t.Errorf("parseWrk: %+v %v", r, err)
	}
	if _, err := parseWrk(strings.Replace(out, "Transfer/sec", "Non-2xx or 3xx responses: 3\nTransfer/sec", 1)); err == nil {
		t.Error("parseWrk: non-2xx responses accepted")
	}
	for in, want := range map[string]time.Duration{"1.50ms": 1500 * time.Microsecond, "2.00s": 2 * time.Second, "1.00m": time.Minute} {
		if got, err := parseWrkTime(in); err != nil || got != want {
			t.Errorf("parseWrkTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
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
