package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
)

// TestStatusShowsQueuedEmails runs a worker whose mailbox may send one email
// a day: the first creator's outreach goes out, the second waits for
// tomorrow, and `starter campaign status` says so (table and JSON).
func TestStatusShowsQueuedEmails(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	ctx := context.Background()
	dsn := testenv.DatabaseURL(t)
	addr := testenv.TemporalAddress(t)
	sink := testenv.SMTP(t)
	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()
	_, _, err = store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "rita", Name: "Rita", Email: "rita@creators.test", Followers: 90_000},
		{Platform: "instagram", Handle: "cami", Name: "Cami", Email: "cami@creators.test", Followers: 60_000},
	})
	require.NoError(t, err)

	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TEMPORAL_ADDRESS": addr, "DATABASE_URL": dsn, "SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(p),
			"SMTP_TLS": "none", "MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>", "REPLY_HMAC_KEY": "an-hmac-key-for-tests-only-0123456789",
			"WORKER_HTTP_ADDR": "127.0.0.1:0", "MAIL_PACING": "0s", "MAIL_DAILY_LIMIT": "1"}[k]
	})
	require.NoError(t, err)
	wctx, stop := context.WithCancel(ctx)
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- run(wctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) })
	}()
	defer func() { stop(); require.NoError(t, <-done) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("worker did not start: %v", err)
	}

	const id = "mail-queued"
	f := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(f, []byte(fmt.Sprintf(pathsBrief, id, 2)), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", f)
	require.Equal(t, 0, code, out)

	var status string
	eventually(t, "a queued email in campaign status", func() bool {
		status, _ = starter(t, addr, "campaign", "status", id)
		return strings.Contains(status, "email queued")
	})
	assert.Len(t, sink.Messages(), 1, "the daily limit of 1 lets one outreach out")
	assert.Contains(t, status, "↳ email queued: email outreach: daily limit of 1 emails from partnerships@lumen.test reached")
	assert.Contains(t, status, "(next attempt at ")
	assert.Equal(t, 1, strings.Count(status, "email queued"), "only the second creator waits:\n%s", status)

	out, code = starter(t, addr, "campaign", "status", id, "--json")
	require.Equal(t, 0, code, out)
	var js struct {
		Creators []struct {
			Handle string `json:"handle"`
			Queued *struct {
				Reason      string    `json:"reason"`
				NextAttempt time.Time `json:"next_attempt"`
			} `json:"queued_email"`
		} `json:"creators"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &js), out)
	queued := 0
	for _, c := range js.Creators {
		if c.Queued != nil {
			queued++
			assert.Contains(t, c.Queued.Reason, "daily limit of 1 emails")
			assert.True(t, c.Queued.NextAttempt.After(time.Now()), "the next attempt is when the window opens: %v", c.Queued.NextAttempt)
		}
	}
	assert.Equal(t, 1, queued, out)

	out, code = starter(t, addr, "campaign", "cancel", id)
	require.Equal(t, 0, code, out)
}
