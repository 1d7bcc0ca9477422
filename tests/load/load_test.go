package main

import (
	"io"
	"os"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(values ...int) []time.Duration {
		var d []time.Duration
		for _, v := range values {
			d = append(d, time.Duration(v)*time.Millisecond)
		}
		return d
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"none", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"p0 is the least", ms(1, 2, 3), 0, time.Millisecond},
		{"p50 of odd", ms(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"p50 of even", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p50 of 100", ms(hundred...), 50, 50 * time.Millisecond},
		{"p100 is the most", ms(hundred...), 100, 100 * time.Millisecond},
		{"p99 of 10 is the most", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tc.sorted, tc.p, got, tc.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0}, {[]float64{3}, 3}, {[]float64{9, 1, 5}, 5}, {[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestRatios(t *testing.T) {
	runs := func(rates ...float64) []result {
		var rs []result
		for _, r := range rates {
			rs = append(rs, result{reqPerSec: r})
		}
		return rs
	}
	results := map[string][]result{
		rawTarget:     runs(1000, 2000, 1600),
		handTarget:    runs(800, 800, 800),
		acmeTarget:    runs(850, 1000, 1600),
		acmeJWTTarget: runs(600),
	}
	// CPU per request: 20µs for raw (1 run of 3 unknown), 30µs for hand,
	// 24µs for acme (the median of 24, 25 and 20)
	withCPU := func(runs []result, cpu ...time.Duration) {
		for i := range runs {
			runs[i].cpu, runs[i].requests = cpu[i], 1000
		}
	}
	withCPU(results[rawTarget], 20*time.Millisecond, 0, 20*time.Millisecond)
	withCPU(results[handTarget], 30*time.Millisecond, 30*time.Millisecond, 30*time.Millisecond)
	withCPU(results[acmeTarget], 24*time.Millisecond, 25*time.Millisecond, 20*time.Millisecond)
	got := ratios(results)
	want := []ratio{
		{num: acmeTarget, den: rawTarget, want: 0.90, got: 1000.0 / 1600, low: 0.5, high: 1},
		{num: acmeTarget, den: handTarget, want: 1.00, got: 1.25, low: 850.0 / 800, high: 2, cpu: 30.0 / 24},
		{num: acmeTarget, den: handFSATarget, want: 1.00, missing: true},
		{num: acmeJWTTarget, den: handJWTTarget, want: 1.00, missing: true},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ratio %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestSummarize(t *testing.T) {
	targets := []target{{name: rawTarget}, {name: acmeTarget}}
	results := map[string][]result{
		rawTarget: {
			{reqPerSec: 900, p50: 3 * time.Millisecond, p99: 9 * time.Millisecond, errors: 1},
			{reqPerSec: 1100, p50: 1 * time.Millisecond, p99: 7 * time.Millisecond},
			{reqPerSec: 1000, p50: 2 * time.Millisecond, p99: 8 * time.Millisecond, errors: 2},
		},
	}
	for i, cpu := range []time.Duration{30, 10, 20} { // µs per request
		results[rawTarget][i].cpu, results[rawTarget][i].requests = cpu*time.Millisecond, 1000
	}
	got := summarize(targets, results)
	want := []row{
		{name: rawTarget, reqPerSec: 1000, spread: 0.2, p50: 2 * time.Millisecond, p99: 8 * time.Millisecond, cpu: 20 * time.Microsecond, errors: 3, runs: 3},
		{name: acmeTarget},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("summarize = %+v, want %+v", got, want)
	}
}

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr bool
	}{
		{[]string{"-tool", "go"}, false},
		{[]string{"-tool", "go", "-duration", "5s", "-rounds", "2", "-warmup", "0"}, false},
		{[]string{"-tool", "ab"}, true},
		{[]string{"-tool", "go", "-duration", "100ms"}, true},
		{[]string{"-tool", "go", "-warmup", "100ms"}, true},
		{[]string{"-tool", "go", "-rounds", "0"}, true},
		{[]string{"-tool", "wrk", "-threads", "4", "-connections", "2"}, true},
		{[]string{"-tool", "go", "extra"}, true},
	} {
		o, err := parseFlags(tc.args, io.Discard)
		if (err != nil) != tc.wantErr {
			t.Errorf("parseFlags(%q) = %+v, %v; want error %v", tc.args, o, err, tc.wantErr)
		}
	}
}

func TestParseStat(t *testing.T) {
	for _, tc := range []struct {
		name string
		stat string
		want time.Duration
		ok   bool
	}{
		{"server", "4242 (load) S 1 4242 4242 0 -1 4194560 2231 0 0 0 1234 567 0 0 20 0 9 0 123 0 0", 18010 * time.Millisecond, true},
		{"name with spaces and parentheses", "7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 5", 70 * time.Millisecond, true},
		{"cut short", "7 (x) R 1 7 7 0 -1 0 0 0 0 0 3", 0, false},
		{"not a number", "7 (x) R 1 7 7 0 -1 0 0 0 0 0 3 x 0 0", 0, false},
		{"no name", "7 x R 1", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseStat([]byte(tc.stat))
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseStat(%q) = %v, %v; want %v, %v", tc.stat, got, ok, tc.want, tc.ok)
			}
		})
	}
	if _, err := os.Stat("/proc/self/stat"); err == nil {
		if cpu, ok := processCPU(os.Getpid()); !ok || cpu < 0 {
			t.Errorf("processCPU(self) = %v, %v", cpu, ok)
		}
	}
}
