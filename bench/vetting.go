package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/internal/rostergen"
)

// vetting measures issue 17's figures on a generated roster (rostergen, seed
// 1): `starter roster import` of the CSV and of the JSON (time and peak RSS
// of the real binary), `starter campaign shortlist` on it, BuildShortlist in
// process, and the vetting quality (planted anomalies flagged, plain
// creators flagged, planted ideal creators in the top 30, severe anomalies
// in the top 50). It uses a database of its own, so the other sections'
// rosters are not touched.
func (b *bench) vetting(ctx context.Context) error {
	n := b.cfg.vettingN
	var err error
	starter := filepath.Join(filepath.Dir(b.cfg.worker), "starter")
	if _, err := os.Stat(starter); err != nil {
		return fmt.Errorf("starter binary %s: %w (run `make build` first)", starter, err)
	}
	// A fresh database per format: both imports add 100k rows.
	dsns := map[string]string{}
	for _, f := range []string{"csv", "json"} {
		if dsns[f], err = b.vettingDatabase(ctx, "creatorflow_vetting_"+f); err != nil {
			return err
		}
	}
	dsn := dsns["csv"]
	dir, err := os.MkdirTemp("", "creatorflow-bench-vetting-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ro := rostergen.Generate(rostergen.Options{N: n, Seed: 1})
	files := map[string]string{"csv": filepath.Join(dir, "roster.csv"), "json": filepath.Join(dir, "roster.json")}
	for format, path := range files {
		var buf bytes.Buffer
		if format == "csv" {
			err = rostergen.WriteCSV(&buf, ro.Creators)
		} else {
			err = rostergen.WriteJSON(&buf, ro.Creators)
		}
		if err == nil {
			err = os.WriteFile(path, buf.Bytes(), 0o644)
		}
		if err != nil {
			return err
		}
	}
	for _, format := range []string{"csv", "json"} {
		st, err := os.Stat(files[format])
		if err != nil {
			return err
		}
		wall, cpu, rss, out, err := runMeasured(ctx, starter, "roster", "import", files[format], "--database-url", dsns[format])
		if err != nil {
			return fmt.Errorf("roster import: %w\n%s", err, out)
		}
		b.add("vetting", fmt.Sprintf("roster import of %d creators (%s, %.0f MB)", n, format, float64(st.Size())/1e6),
			fmt.Sprintf("%.2f s, %s RSS", wall.Seconds(), mb(rss)),
			fmt.Sprintf("target < 5 s, < 200 MB; starter CPU %.2f s (PostgreSQL's not counted); %s", cpu.Seconds(), lastLine(out)))
	}
	const all = "all categories (every creator on the platforms and tiers scored)"
	briefs := map[string]string{"generated brief, right after the import": rostergen.BriefYAML,
		"generated brief, again": rostergen.BriefYAML, all: rostergen.BriefYAML + "all_categories: true\n"}
	for _, name := range []string{"generated brief, right after the import", "generated brief, again", all} {
		path := filepath.Join(dir, "brief.yaml")
		if err := os.WriteFile(path, []byte(briefs[name]), 0o644); err != nil {
			return err
		}
		wall, cpu, rss, out, err := runMeasured(ctx, starter, "campaign", "shortlist", "-f", path, "--database-url", dsn, "--format", "json")
		if err != nil {
			return fmt.Errorf("campaign shortlist: %w\n%s", err, out)
		}
		head := fmt.Sprintf("starter CPU %.2f s; ", cpu.Seconds())
		if i := strings.Index(out, "\"considered\":"); i >= 0 {
			head += strings.SplitN(out[i:], ",", 2)[0]
		}
		b.add("vetting", fmt.Sprintf("starter campaign shortlist on %d creators, %s", n, name),
			fmt.Sprintf("%.2f s, %s RSS", wall.Seconds(), mb(rss)), "target < 1 s; "+head)
	}
	return b.vettingInProcess(files["csv"], ro, n)
}

// vettingInProcess: BuildShortlist on the whole roster and the quality figures.
func (b *bench) vettingInProcess(csvPath string, ro rostergen.Roster, n int) error {
	data, err := os.ReadFile(csvPath)
	if err != nil {
		return err
	}
	rf, err := campaign.ReadRoster(data, "csv")
	if err != nil {
		return err
	}
	cs := make([]campaign.Creator, len(rf.Rows))
	for i, r := range rf.Rows {
		cs[i] = r.Creator
	}
	br := rostergen.Brief()
	all := br
	all.AllCategories = true
	for _, x := range []struct {
		name string
		b    campaign.Brief
	}{{"generated brief", br}, {"all categories", all}} {
		var ds []time.Duration
		for range 5 {
			start := time.Now()
			campaign.BuildShortlist(x.b, cs, nil)
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		b.add("vetting", fmt.Sprintf("BuildShortlist of %d creators, %s", n, x.name), ms(ds[len(ds)/2]), "median of 5; target < 200 ms")
	}
	q := rostergen.Measure(br, cs, ro.Kinds)
	b.add("vetting", "planted anomalies flagged with their kind", fmt.Sprintf("%d / %d", q.AnomaliesFlagged, q.Anomalies),
		"target: all; "+strings.Join(q.Missed[:min(3, len(q.Missed))], "; "))
	b.add("vetting", "plain creators flagged with anything", fmt.Sprintf("%d / %d (%.1f%%)", q.PlainFlagged, q.Plain,
		100*float64(q.PlainFlagged)/float64(max(q.Plain, 1))), fmt.Sprintf("target ≤ 5%%; %v", q.PlainFlags))
	b.add("vetting", "planted ideal creators in the top 30", fmt.Sprintf("%d / 30", q.IdealInTop30), "target ≥ 25")
	b.add("vetting", "severe anomalies in the top 50", fmt.Sprint(len(q.SevereInTop50)), "target 0")
	return nil
}

// vettingDatabase creates (or empties) a database of the bench's cluster for this section.
func (b *bench) vettingDatabase(ctx context.Context, name string) (string, error) {
	u, err := url.Parse(b.st.pg.DSN)
	if err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, b.st.pg.DSN)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// runMeasured runs a command and gives its wall time, CPU time (user +
// system), peak RSS and output.
// The peak is the child's VmHWM, sampled every 10 ms (rusage's maxrss would
// count this process's memory, inherited at fork).
func runMeasured(ctx context.Context, bin string, args ...string) (time.Duration, time.Duration, uint64, string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, "", err
	}
	var rss uint64
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var err error
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-tick.C:
			rss = max(rss, vmHWM(cmd.Process.Pid))
		}
	}
	wall := time.Since(start)
	text := out.String()
	if err != nil {
		text += errOut.String()
	}
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), rss, text, err
}

// vmHWM is a process's peak resident set (0 when it cannot be read).
func vmHWM(pid int) uint64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
