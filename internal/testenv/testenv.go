// Package testenv gives tests the real parts they need — PostgreSQL, the
// Temporal dev server, an SMTP server — started on first use and stopped when
// the test binary ends. DATABASE_URL and TEMPORAL_ADDRESS point tests at
// existing infrastructure instead.
package testenv

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatorflow/creatorflow/internal/devstack"
)

var (
	mu       sync.Mutex
	pg       *devstack.Postgres
	pgDir    string
	temporal *devstack.Temporal
	dbSeq    atomic.Int64
)

// Main runs the tests, then stops what the helpers started. Use it from TestMain.
func Main(m *testing.M) int {
	// Tests never read the developer's own Temporal profiles
	// (~/.config/temporalio/temporal.toml, a Temporal Cloud one say).
	if os.Getenv("TEMPORAL_CONFIG_FILE") == "" {
		if dir, err := os.MkdirTemp("", "creatorflow-xdg-"); err == nil {
			_ = os.Setenv("XDG_CONFIG_HOME", dir)
			defer os.RemoveAll(dir)
		}
	}
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if temporal != nil {
		temporal.Stop()
	}
	if pg != nil {
		pg.Stop()
		_ = os.RemoveAll(pgDir)
	}
	return code
}

// DatabaseURL returns a fresh, empty database for one test.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("needs PostgreSQL (not in -short mode)")
	}
	if url := os.Getenv("DATABASE_URL"); url != "" {
		return url
	}
	mu.Lock()
	if pg == nil {
		dir, err := os.MkdirTemp("", "creatorflow-pg-")
		if err != nil {
			mu.Unlock()
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		p, err := devstack.StartPostgres(ctx, devstack.PostgresOptions{Dir: dir, Database: "postgres", Fast: true})
		cancel()
		if err != nil {
			mu.Unlock()
			_ = os.RemoveAll(dir)
			t.Fatalf("starting PostgreSQL for the tests: %v", err)
		}
		pg, pgDir = p, dir
	}
	port := pg.Port
	mu.Unlock()

	name := fmt.Sprintf("test_%d_%d", os.Getpid(), dbSeq.Add(1))
	ctx := context.Background()
	admin := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", port, name)
}

// TemporalAddress returns the address of a dev server with creatorflow's
// search attributes registered (in memory, shared by the binary's tests).
func TemporalAddress(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("needs the Temporal dev server (not in -short mode)")
	}
	if addr := os.Getenv("TEMPORAL_ADDRESS"); addr != "" {
		return addr
	}
	mu.Lock()
	defer mu.Unlock()
	if temporal == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		// Its ports are picked free, then bound by the server: another test
		// package's stack starting at the same moment may take one in between,
		// and the server exits. A fresh pick then succeeds.
		var log bytes.Buffer
		var tmp *devstack.Temporal
		var err error
		for attempt := 1; attempt <= 3; attempt++ {
			log.Reset()
			if tmp, err = devstack.StartTemporal(ctx, devstack.TemporalOptions{Log: &log}); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("starting the Temporal dev server for the tests (3 attempts): %v\nits log:\n%s", err, lastLines(log.String(), 30))
		}
		temporal = tmp
	}
	return temporal.Address
}

// lastLines is the end of a log, for a failure message.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
