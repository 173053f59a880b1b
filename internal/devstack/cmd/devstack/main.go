// Command devstack is `make run`: PostgreSQL, the Temporal dev server with its
// UI, Mailpit and the worker, in the foreground, with data kept in .data/.
// Ctrl-C stops all of it.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/devstack"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "make run:", err)
		os.Exit(1)
	}
}

func port(env string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(env)); err == nil && v > 0 {
		return v
	}
	return def
}

func line(service, where string) { fmt.Printf("%-12s %s\n", service, where) }

func run() error {
	root, err := devstack.RepoRoot()
	if err != nil {
		return err
	}
	data := filepath.Join(root, ".data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return err
	}
	logf, err := os.OpenFile(filepath.Join(data, "stack.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var (
		temporalPort = port("TEMPORAL_PORT", 7233)
		uiPort       = port("TEMPORAL_UI_PORT", 8233)
		pgPort       = port("PGPORT", 15432)
		smtpPort     = port("MAILPIT_SMTP_PORT", 1025)
		mailpitPort  = port("MAILPIT_HTTP_PORT", 8025)
		workerAddr   = "127.0.0.1:" + strconv.Itoa(port("WORKER_HTTP_PORT", 8090))
	)
	// Check every port first: a clash is reported before anything starts.
	checks := [][2]string{{"temporal", fmt.Sprint("127.0.0.1:", temporalPort)}, {"temporal web UI", fmt.Sprint("127.0.0.1:", uiPort)},
		{"mailpit SMTP", fmt.Sprint("127.0.0.1:", smtpPort)}, {"mailpit HTTP", fmt.Sprint("127.0.0.1:", mailpitPort)}, {"worker HTTP", workerAddr}}
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		checks = append(checks, [2]string{"postgres", fmt.Sprint("127.0.0.1:", pgPort)})
	}
	for _, c := range checks {
		if err := devstack.CheckPortFree(c[0], c[1]); err != nil {
			return fmt.Errorf("%w (ports are set by TEMPORAL_PORT, TEMPORAL_UI_PORT, PGPORT, MAILPIT_SMTP_PORT, MAILPIT_HTTP_PORT, WORKER_HTTP_PORT)", err)
		}
	}

	var stops []func()
	defer func() {
		fmt.Println("stopping…")
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
		fmt.Println("stopped; data kept in .data/")
	}()

	if dsn == "" {
		pg, err := devstack.StartPostgres(ctx, devstack.PostgresOptions{Dir: filepath.Join(data, "postgres"), Port: pgPort,
			Database: "creatorflow", Log: logf})
		if err != nil {
			return err
		}
		stops = append(stops, pg.Stop)
		dsn = pg.DSN
		line("postgres", dsn+"  (cluster in .data/postgres)")
	} else {
		line("postgres", "DATABASE_URL (existing database)")
	}
	store, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	if err := seedRoster(ctx, store, root); err != nil {
		store.Close()
		return err
	}
	store.Close()

	tmp, err := devstack.StartTemporal(ctx, devstack.TemporalOptions{DBFile: filepath.Join(data, "temporal.db"),
		Port: temporalPort, UIPort: uiPort, Log: logf})
	if err != nil {
		return err
	}
	stops = append(stops, tmp.Stop)
	line("temporal", tmp.Address+"  (search attributes CampaignId, CreatorHandle, Stage)")
	line("temporal-ui", tmp.UIURL)

	mailpitBin, err := devstack.Binary("mailpit")
	if err != nil {
		return err
	}
	mp, err := devstack.StartProcess("mailpit", os.Environ(), logf, mailpitBin,
		"--smtp", fmt.Sprint("127.0.0.1:", smtpPort), "--listen", fmt.Sprint("127.0.0.1:", mailpitPort),
		"--database", filepath.Join(data, "mailpit.db"))
	if err != nil {
		return err
	}
	stops = append(stops, mp.Stop)
	if err := devstack.WaitForPort(fmt.Sprint("127.0.0.1:", mailpitPort), 30*time.Second); err != nil {
		return fmt.Errorf("mailpit: %w", err)
	}
	line("mailpit", fmt.Sprintf("SMTP 127.0.0.1:%d, messages at http://127.0.0.1:%d/api/v1/messages", smtpPort, mailpitPort))

	key, err := replyKey(data)
	if err != nil {
		return err
	}
	workerBin, err := devstack.Binary("worker")
	if err != nil {
		return err
	}
	env := append(os.Environ(), "DATABASE_URL="+dsn, "TEMPORAL_ADDRESS="+tmp.Address,
		"SMTP_HOST=127.0.0.1", fmt.Sprint("SMTP_PORT=", smtpPort), "SMTP_TLS=none",
		"REPLY_HMAC_KEY="+key, "WORKER_HTTP_ADDR="+workerAddr,
		// Its own dev server: a personal Temporal profile (TLS, API key, namespace) must not apply.
		"TEMPORAL_CONFIG_FILE="+os.DevNull)
	if os.Getenv("MAIL_PACING") == "" { // Mailpit needs no deliverability pacing
		env = append(env, "MAIL_PACING=1s")
	}
	if os.Getenv("MAIL_FROM") == "" {
		env = append(env, "MAIL_FROM=creatorflow demo <partnerships@creatorflow.localhost>")
	}
	wk, err := devstack.StartProcess("worker", env, io.MultiWriter(logf, os.Stderr), workerBin)
	if err != nil {
		return err
	}
	stops = append(stops, wk.Stop)
	if err := devstack.WaitForPort(workerAddr, 60*time.Second); err != nil {
		return fmt.Errorf("worker: %w (see .data/stack.log)", err)
	}
	line("worker", "http://"+workerAddr+"/healthz  (logs below and in .data/stack.log)")
	fmt.Println("\nReady. In another terminal:\n  bin/starter campaign start -f examples/spring-glow.yaml\nCtrl-C stops everything.")

	select {
	case <-ctx.Done():
		return nil
	case <-wk.Exited():
		return fmt.Errorf("the worker exited: %v (see .data/stack.log)", wk.Err())
	case <-mp.Exited():
		return fmt.Errorf("mailpit exited: %v (see .data/stack.log)", mp.Err())
	}
}

// seedRoster imports examples/roster.json once, into an empty roster.
func seedRoster(ctx context.Context, store *postgres.Store, root string) error {
	n, err := store.CountCreators(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		line("roster", fmt.Sprintf("%d creators (kept)", n))
		return nil
	}
	raw, err := os.ReadFile(filepath.Join(root, "examples", "roster.json"))
	if err != nil {
		return err
	}
	cs, err := campaign.ParseRosterJSON(raw)
	if err != nil {
		return err
	}
	added, _, err := store.UpsertCreators(ctx, cs)
	if err != nil {
		return err
	}
	line("roster", fmt.Sprintf("seeded %d creators from examples/roster.json", added))
	return nil
}

// replyKey makes the dev stack's reply-address signing key once and keeps it,
// so replies to earlier emails still verify after a restart.
func replyKey(data string) (string, error) {
	if k := os.Getenv("REPLY_HMAC_KEY"); k != "" {
		return k, nil
	}
	path := filepath.Join(data, "reply-hmac-key")
	if b, err := os.ReadFile(path); err == nil && len(b) >= 16 {
		return string(b), nil
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	k := hex.EncodeToString(b)
	return k, os.WriteFile(path, []byte(k), 0o600)
}
