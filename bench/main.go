// Command bench measures what a campaign costs in Temporal and how far one
// machine goes: history events and billable actions per collaboration and per
// campaign, throughput against the empty-workflow ceiling, human-loop latency,
// worker memory and CPU with many open collaborations, and snapshot ingest
// into PostgreSQL. It starts its own stack (PostgreSQL, the Temporal dev
// server, an SMTP sink, slacktest) and runs the real worker binary.
//
//	make bench                                  # defaults, a few minutes
//	go run ./bench -worker bin/worker -scale 1000,10000 -large-campaign 5000
//
// Progress goes to stdout as it runs; the markdown table comes last.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.temporal.io/sdk/client"
)

type config struct {
	worker        string
	collabs       int // cost: single collaborations on the happy path
	campaign      int // cost: creators in the campaign
	largeCampaign int // parent history: creators in the large campaign (0 skips)
	throughput    int // collaborations started at once
	latency       int // samples for each latency
	scale         []int
	snapshots     int
	batch         int
	concurrency   int
	workerEnv     []string
	skip          map[string]bool
	logFile       string
	vettingN      int // vetting: creators in the generated roster
}

func main() {
	var c config
	var scale, env, skip string
	flag.StringVar(&c.worker, "worker", "bin/worker", "the worker binary to run (make build)")
	flag.IntVar(&c.collabs, "collabs", 3, "cost: collaborations run alone on the happy path (six monitoring pulls)")
	flag.IntVar(&c.campaign, "campaign", 100, "cost: creators in the campaign run on the happy path")
	flag.IntVar(&c.largeCampaign, "large-campaign", 500, "parent history: creators in a campaign whose creators never reply (0 skips)")
	flag.IntVar(&c.throughput, "throughput", 500, "throughput: collaborations started with the creator accepting at once")
	flag.IntVar(&c.latency, "latency", 50, "latency: samples of the approval click and of the reply signal")
	flag.StringVar(&scale, "scale", "1000", "scale: open collaborations to hold, in steps (e.g. 1000,10000)")
	flag.IntVar(&c.snapshots, "snapshots", 5000, "storage: snapshot rows inserted each way")
	flag.IntVar(&c.batch, "batch", 1000, "storage: rows per CopyFrom batch")
	flag.IntVar(&c.concurrency, "concurrency", 32, "client calls in flight when starting workflows")
	flag.StringVar(&env, "worker-env", "", "extra worker environment, comma-separated KEY=VALUE")
	flag.StringVar(&skip, "skip", "", "sections to skip, comma-separated: cost,campaign,large,throughput,latency,storage,scale,vetting")
	flag.StringVar(&c.logFile, "log", "bench.log", "where the stack's and the worker's output goes")
	flag.IntVar(&c.vettingN, "vetting", 100_000, "vetting: creators in the generated roster (import, shortlist, quality)")
	flag.Parse()
	for _, s := range strings.Split(scale, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bench: -scale wants positive counts like 1000,10000 (got %q)\n", scale)
			os.Exit(2)
		}
		c.scale = append(c.scale, n)
	}
	if env != "" {
		c.workerEnv = strings.Split(env, ",")
	}
	c.skip = map[string]bool{}
	for _, s := range strings.Split(skip, ",") {
		if s != "" {
			c.skip[strings.TrimSpace(s)] = true
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func progress(format string, a ...any) {
	fmt.Printf("%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
}

// row is one line of the final table.
type row struct{ section, measure, value, note string }

type bench struct {
	cfg  config
	st   *stack
	tc   client.Client
	rows []row
}

func (b *bench) add(section, measure, value, note string) {
	b.rows = append(b.rows, row{section, measure, value, note})
	progress("  → %s: %s = %s %s", section, measure, value, note)
}

func run(ctx context.Context, c config) error {
	if _, err := os.Stat(c.worker); err != nil {
		return fmt.Errorf("worker binary %s: %w (run `make build` first)", c.worker, err)
	}
	logf, err := os.Create(c.logFile)
	if err != nil {
		return err
	}
	defer logf.Close()
	progress("starting the stack (PostgreSQL, Temporal dev server, SMTP sink, slacktest); logs in %s", c.logFile)
	st, err := startStack(ctx, logf)
	if err != nil {
		return err
	}
	defer st.stop()
	if err := st.startWorker(c.worker, c.workerEnv); err != nil {
		return err
	}
	tc, err := client.Dial(client.Options{HostPort: st.temporal.Address, Logger: quietLogger{}})
	if err != nil {
		return err
	}
	defer tc.Close()
	b := &bench{cfg: c, st: st, tc: tc}
	started := time.Now()
	load := loadAvg()
	progress("load average before: %s", load)

	sections := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"cost", b.costCollaboration},
		{"campaign", b.costCampaign},
		{"latency", b.latencies},
		{"throughput", b.throughput},
		{"storage", b.storage},
		{"large", b.largeCampaign},
		{"scale", b.scale},
		{"vetting", b.vetting}, // bench/vetting.go
	}
	for _, s := range sections {
		if c.skip[s.name] {
			continue
		}
		progress("== %s (load %s)", s.name, loadAvg())
		if err := s.fn(ctx); err != nil {
			b.table(started, load)
			return fmt.Errorf("%s: %w (the table has what was measured before)", s.name, err)
		}
	}
	b.table(started, load)
	return nil
}

func (b *bench) table(started time.Time, load string) {
	fmt.Println()
	fmt.Printf("creatorflow bench — %s, %s, load average %s at start, %s at end; flags: %s\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), time.Since(started).Round(time.Second), load, loadAvg(), strings.Join(os.Args[1:], " "))
	fmt.Println("| section | measure | value | note |")
	fmt.Println("|---|---|---|---|")
	for _, r := range b.rows {
		fmt.Printf("| %s | %s | %s | %s |\n", r.section, r.measure, r.value, r.note)
	}
}

// quietLogger keeps the SDK client's logs out of the progress lines.
type quietLogger struct{}

func (quietLogger) Debug(string, ...any) {}
func (quietLogger) Info(string, ...any)  {}
func (quietLogger) Warn(string, ...any)  {}
func (quietLogger) Error(msg string, kv ...any) {
	fmt.Fprintln(os.Stderr, append([]any{"temporal client:", msg}, kv...)...)
}
