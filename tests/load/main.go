// Command load measures the throughput and latency of Acme's token route
// against the baseline server of ../shared/bench/baseline and against
// hand-written routes, side by side on this machine (docs/PERFORMANCE.md).
//
//	go run ./tests/load -duration 10s -rounds 3
//	go run ./tests/load -flood -duration 10s
//
// It starts every server in its own process on a loopback port, so that the
// load generator and the servers do not share a Go runtime: acme with an fsa
// token, acme with FSA_TOKEN_TYPE=jwt, the hand-written fsa and JWT routes
// (this command run again with -serve) and, when its directory exists, the
// baseline. Then it drives the targets in turn, for -rounds rounds of
// -duration each, with wrk when it is installed or with a Go load generator,
// and prints the median requests/s, p50 and p99 of each target and the
// ratios the project aims at. It exits non-zero only when it cannot set the
// measurement up: a ratio below its target is reported, not failed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	duration    time.Duration
	warmup      time.Duration
	rounds      int
	connections int
	threads     int
	tool        string // "wrk" or "go"
	baseline    string // directory of the baseline server's source
	cpuprofile  string // directory where the servers write CPU profiles
	serve       string // child mode: the server to run, see serveChild
	addr        string // child mode: where to listen
	profile     string // child mode: the CPU profile to write
	flood       bool   // measure the token route under a password flood instead
	redis       string // host:port of a redis-server: also drive acme with FSA_CACHE redis
}

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err == nil {
		if opts.serve != "" {
			err = serveChild(opts.serve, opts.addr, opts.profile)
		} else {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			err = run(ctx, opts, os.Stdout)
			stop()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line; the default tool is wrk when it is
// on the PATH, else the Go load generator.
func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of one run against one target")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured run against each target before the first round; 0 for none")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds: each drives every target once, in turn")
	fs.IntVar(&o.connections, "connections", 32, "concurrent keep-alive connections")
	fs.IntVar(&o.threads, "threads", 2, "wrk threads (with -tool go: GOMAXPROCS of the load generator)")
	fs.StringVar(&o.tool, "tool", defaultTool(), "load generator: wrk or go")
	fs.StringVar(&o.baseline, "baseline", "../shared/bench/baseline",
		"directory of the baseline server; a relative path is from the module's root")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "directory where acme, acme-jwt and hand write their CPU profiles")
	fs.StringVar(&o.serve, "serve", "", "internal: serve acme, acme-jwt or hand on -addr, and nothing else")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "internal: the address of -serve")
	fs.StringVar(&o.profile, "profile", "", "internal: the CPU profile file of -serve")
	fs.StringVar(&o.redis, "redis", "", "host:port of a running redis-server: also drive acme with FSA_CACHE redis on it (\"acme redis\")")
	fs.BoolVar(&o.flood, "flood", false, "measure acme's token route alone, then during a flood of wrong passwords, and the real user's logins meanwhile")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.tool != "wrk" && o.tool != "go":
		return o, fmt.Errorf("-tool %q: want wrk or go", o.tool)
	case o.duration < time.Second:
		return o, fmt.Errorf("-duration %v: want at least 1s", o.duration)
	case o.warmup != 0 && o.warmup < time.Second:
		return o, fmt.Errorf("-warmup %v: want 0 or at least 1s", o.warmup)
	case o.rounds < 1, o.connections < 1, o.threads < 1:
		return o, errors.New("-rounds, -connections and -threads must be at least 1")
	case o.tool == "wrk" && o.threads > o.connections:
		return o, errors.New("wrk wants at least as many connections as threads")
	}
	return o, nil
}

// defaultTool is wrk when it is installed, else go.
func defaultTool() string {
	if _, err := exec.LookPath("wrk"); err == nil {
		return "wrk"
	}
	return "go"
}

// run sets the servers up, measures every target and prints the report.
func run(ctx context.Context, o options, out io.Writer) error {
	if o.tool == "wrk" {
		if _, err := exec.LookPath("wrk"); err != nil {
			return fmt.Errorf("-tool wrk: %w", err)
		}
	} else {
		runtime.GOMAXPROCS(o.threads) // the generator's share of the cores, as wrk's threads
	}
	s, err := startServers(ctx, o, out)
	defer s.stop()
	if err != nil {
		return err
	}
	targets := s.targets()
	if err := checkTargets(ctx, targets); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nload average before measuring: %s (other work on the machine makes the numbers noisy)\n", loadAverage())
	if o.flood {
		return runFlood(ctx, o, s, out)
	}
	fmt.Fprintf(out, "%s, %d round(s) of %v per target, %d connections, %d threads, %d cores\n",
		o.tool, o.rounds, o.duration, o.connections, o.threads, runtime.NumCPU())
	results, err := measure(ctx, o, targets, out)
	if err != nil {
		return err
	}
	rows := summarize(targets, results)
	fmt.Fprintln(out)
	writeTable(out, rows)
	fmt.Fprintln(out)
	writeRatios(out, ratios(results))
	return nil
}

// measure warms every target up, then drives every target once per round,
// in turn, starting each round one target further so that no target always
// runs first.
func measure(ctx context.Context, o options, targets []target, out io.Writer) (map[string][]result, error) {
	if o.warmup > 0 {
		warm := o
		warm.duration = o.warmup
		for _, t := range targets {
			if _, err := drive(ctx, t, warm); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(out, "warmed up: %v per target\n", o.warmup)
	}
	results := map[string][]result{}
	for n := range o.rounds {
		for i := range targets {
			t := targets[(i+n)%len(targets)]
			r, err := drive(ctx, t, o)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(out, "round %d  %-18s %8.0f req/s  p50 %-8v p99 %-8v CPU/req %-8v errors %d\n",
				n+1, t.name, r.reqPerSec, round(r.p50), round(r.p99), roundCPU(r.cpuPerRequest()), r.errors)
			results[t.name] = append(results[t.name], r)
		}
	}
	return results, nil
}

// drive runs the load tool against one target for o.duration, with a fresh
// token (so that no token expires however long the command runs), then
// lets the machine settle a moment.
func drive(ctx context.Context, t target, o options) (result, error) {
	header, err := t.header(ctx)
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", t.name, err)
	}
	var r result
	before, cpuKnown := processCPU(t.pid)
	if o.tool == "wrk" {
		r, err = runWrk(ctx, t.url, header, o)
	} else {
		r, err = runGo(ctx, t.url, header, o)
	}
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", t.name, err)
	}
	if after, ok := processCPU(t.pid); ok && cpuKnown {
		r.cpu = after - before
	}
	return r, pause(ctx, 500*time.Millisecond)
}

// pause waits d, or until ctx is done.
func pause(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// loadAverage returns the machine's load averages over 1, 5 and 15
// minutes, where Linux tells them.
func loadAverage() string {
	load, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(load)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
