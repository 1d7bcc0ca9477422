// Package wrk reads the report of the load generator wrk (Debian's wrk
// 4.1), run with --latency, for the project's load measurements
// (tests/load, tests/cluster).
package wrk

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Report is what a run of wrk measured.
type Report struct {
	ReqPerSec float64
	P50, P99  time.Duration
	Requests  int // responses received, whatever their status
	Errors    int // responses other than 2xx or 3xx, and socket errors
}

// Parse reads wrk's report, run with --latency: Requests/sec, the 50% and
// 99% lines of the latency distribution, the count of requests, the
// non-2xx-or-3xx responses and the socket errors.
func Parse(out string) (Report, error) {
	var r Report
	var seen struct{ rate, p50, p99 bool }
	lines := bufio.NewScanner(strings.NewReader(out))
	for lines.Scan() {
		f := strings.Fields(lines.Text())
		var err error
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.ReqPerSec, err = strconv.ParseFloat(f[1], 64)
			seen.rate = true
		case len(f) == 2 && f[0] == "50%":
			r.P50, err = ParseTime(f[1])
			seen.p50 = true
		case len(f) == 2 && f[0] == "99%":
			r.P99, err = ParseTime(f[1])
			seen.p99 = true
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			r.Requests, err = strconv.Atoi(f[0])
		case len(f) == 5 && strings.Join(f[:4], " ") == "Non-2xx or 3xx responses:":
			var n int
			n, err = strconv.Atoi(f[4])
			r.Errors += n
		case len(f) == 10 && f[0] == "Socket" && f[1] == "errors:":
			for _, count := range []string{f[3], f[5], f[7], f[9]} { // connect N, read N, write N, timeout N
				n, e := strconv.Atoi(strings.TrimSuffix(count, ","))
				err = errors.Join(err, e)
				r.Errors += n
			}
		}
		if err != nil {
			return Report{}, fmt.Errorf("wrk output %q: %w", lines.Text(), err)
		}
	}
	if !seen.rate || !seen.p50 || !seen.p99 {
		return Report{}, fmt.Errorf("wrk output without Requests/sec or the 50%%/99%% latencies:\n%s", out)
	}
	return r, nil
}

// ParseTime reads a wrk duration: a number and a unit, us to h.
func ParseTime(s string) (time.Duration, error) {
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
