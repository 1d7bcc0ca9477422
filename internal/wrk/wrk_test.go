package wrk_test

import (
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/internal/wrk"
)

// wrkReport is wrk 4.1's report of a run with --latency.
const wrkReport = `Running 2s test @ http://127.0.0.1:5001/raw/hello-me
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.14ms    2.16ms  16.04ms   86.16%
    Req/Sec     8.88k     1.60k   12.53k    60.00%
  Latency Distribution
     50%    1.74ms
     75%    3.16ms
     90%    4.81ms
     99%    9.91ms
  35338 requests in 2.00s, 4.65MB read
Requests/sec:  17632.51
Transfer/sec:      2.32MB
`

// wrkErrors is a report with failed responses and socket errors.
const wrkErrors = `Running 1s test @ http://127.0.0.1:5001/hand/hello-me
  2 threads and 32 connections
  Latency Distribution
     50%  812.00us
     75%    2.90ms
     90%    6.37ms
     99%    1.20s
  16836 requests in 1.00s, 2.31MB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 100
Requests/sec:  16772.25
`

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name    string
		out     string
		want    wrk.Report
		wantErr bool
	}{
		{"report", wrkReport, wrk.Report{ReqPerSec: 17632.51, P50: 1740 * time.Microsecond, P99: 9910 * time.Microsecond, Requests: 35338}, false},
		{"errors", wrkErrors, wrk.Report{ReqPerSec: 16772.25, P50: 812 * time.Microsecond, P99: 1200 * time.Millisecond, Requests: 16836, Errors: 110}, false},
		{"no rate", "     50%    1.74ms\n     99%    9.91ms\n", wrk.Report{}, true},
		{"no latencies", "Requests/sec:  17632.51\n", wrk.Report{}, true},
		{"bad unit", "Requests/sec:  1\n     50%    1.74xs\n     99%    9.91ms\n", wrk.Report{}, true},
		{"empty", "", wrk.Report{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := wrk.Parse(tc.out)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Parse: error %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("Parse = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"950.00us", 950 * time.Microsecond},
		{"1.74ms", 1740 * time.Microsecond},
		{"2.00s", 2 * time.Second},
		{"1.50m", 90 * time.Second},
	} {
		if got, err := wrk.ParseTime(tc.in); err != nil || got != tc.want {
			t.Errorf("wrk.ParseTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}
