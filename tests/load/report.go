package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// row is a target's median over its runs.
type row struct {
	name      string
	reqPerSec float64
	spread    float64 // (max - min) / median of the runs' requests/s
	p50, p99  time.Duration
	cpu       time.Duration // median server CPU time per request; 0 when unknown
	errors    int           // over all runs
	runs      int
}

// summarize takes the median of each target's runs, in the targets' order.
func summarize(targets []target, results map[string][]result) []row {
	rows := make([]row, 0, len(targets))
	for _, t := range targets {
		runs := results[t.name]
		r := row{name: t.name, runs: len(runs)}
		var p50s, p99s []time.Duration
		for _, run := range runs {
			p50s, p99s = append(p50s, run.p50), append(p99s, run.p99)
			r.errors += run.errors
		}
		rs := rates(runs)
		r.reqPerSec, r.p50, r.p99, r.cpu = median(rs), median(p50s), median(p99s), cpuPerRequest(runs)
		if r.reqPerSec > 0 {
			r.spread = (slices.Max(rs) - slices.Min(rs)) / r.reqPerSec
		}
		rows = append(rows, r)
	}
	return rows
}

// writeTable prints the rows; the spread is the range of the runs'
// requests/s over their median, a measure of the noise.
func writeTable(out io.Writer, rows []row) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "target\treq/s (median)\tspread\tp50\tp99\tserver CPU/req\terrors\truns\t")
	for _, r := range rows {
		cpu := "-"
		if r.cpu > 0 {
			cpu = roundCPU(r.cpu).String()
		}
		fmt.Fprintf(w, "%s\t%.0f\t%.0f%%\t%v\t%v\t%s\t%d\t%d\t\n",
			r.name, r.reqPerSec, 100*r.spread, round(r.p50), round(r.p99), cpu, r.errors, r.runs)
	}
	w.Flush()
}

// round shortens a latency to three significant figures or so.
func round(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// ratio is a throughput ratio that the project aims at: num's requests/s
// over den's, at least want.
type ratio struct {
	num, den  string
	want      float64
	got       float64 // of the medians
	low, high float64 // the least and the most of the rounds' own ratios
	cpu       float64 // den's median server CPU per request over num's; 0 when unknown
	missing   bool    // a target was not measured
}

// ratios computes the project's throughput ratios from each target's runs,
// one a round: the ratio of the median requests/s, and the range of the
// ratios within each round, which shows how much the noise may move it.
func ratios(results map[string][]result) []ratio {
	rs := []ratio{
		{num: acmeTarget, den: rawTarget, want: 0.90},
		{num: acmeTarget, den: handTarget, want: 1.00},
		{num: acmeTarget, den: handFSATarget, want: 1.00},
		{num: acmeJWTTarget, den: handJWTTarget, want: 1.00},
	}
	if _, ok := results[acmeRedis]; ok {
		rs = append(rs, ratio{num: acmeRedis, den: acmeTarget, want: 0.90})
	}
	for i, r := range rs {
		num, den := rates(results[r.num]), rates(results[r.den])
		if len(num) == 0 || len(num) != len(den) || slices.Contains(den, 0) {
			rs[i].missing = true
			continue
		}
		rs[i].got = median(num) / median(den)
		var rounds []float64
		for k := range num {
			rounds = append(rounds, num[k]/den[k])
		}
		rs[i].low, rs[i].high = slices.Min(rounds), slices.Max(rounds)
		if num, den := cpuPerRequest(results[r.num]), cpuPerRequest(results[r.den]); num > 0 && den > 0 {
			rs[i].cpu = float64(den) / float64(num)
		}
	}
	return rs
}

// cpuPerRequest is the median of the runs' server CPU per request, 0 when
// a run's is unknown.
func cpuPerRequest(runs []result) time.Duration {
	var cpus []time.Duration
	for _, r := range runs {
		if r.cpuPerRequest() == 0 {
			return 0
		}
		cpus = append(cpus, r.cpuPerRequest())
	}
	return median(cpus)
}

// rates returns the runs' requests/s.
func rates(runs []result) []float64 {
	var rs []float64
	for _, r := range runs {
		rs = append(rs, r.reqPerSec)
	}
	return rs
}

// writeRatios prints the ratios, each marked PASS or FAIL: a measure,
// not a test, so nothing fails the command. The CPU column is the inverse
// ratio of the servers' CPU time per request (above 1, the first target
// costs less CPU), which the sharing of the cores disturbs less than
// throughput.
func writeRatios(out io.Writer, rs []ratio) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ratio (req/s)\tof medians\trounds\ttarget\t\tCPU/req inverse ratio\t")
	for _, r := range rs {
		name := r.num + " / " + r.den
		if r.missing {
			fmt.Fprintf(w, "%s\t-\t-\t>= %.2f\tSKIP (not measured)\t-\t\n", name, r.want)
			continue
		}
		verdict := "PASS"
		if r.got < r.want {
			verdict = "FAIL"
		}
		cpu := "-"
		if r.cpu > 0 {
			cpu = fmt.Sprintf("%.2f", r.cpu)
		}
		fmt.Fprintf(w, "%s\t%.2f\t%.2f-%.2f\t>= %.2f\t%s\t%s\t\n", name, r.got, r.low, r.high, r.want, verdict, cpu)
	}
	w.Flush()
}
