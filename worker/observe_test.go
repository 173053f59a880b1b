package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/internal/devstack"
)

// /readyz names everything that is not ready, with 503; /healthz still answers.
func TestReadyzNamesWhatIsDown(t *testing.T) {
	dead, err := devstack.FreePort() // nothing listens there
	require.NoError(t, err)
	pool, err := pgxpool.New(context.Background(), fmt.Sprintf("postgres://x@127.0.0.1:%d/x?connect_timeout=1", dead))
	require.NoError(t, err)
	defer pool.Close()
	c, err := client.NewLazyClient(client.Options{HostPort: fmt.Sprintf("127.0.0.1:%d", dead)})
	require.NoError(t, err)
	defer c.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	obs, err := newObservability(quiet)
	require.NoError(t, err)
	port, err := devstack.FreePort()
	require.NoError(t, err)
	srv, err := obs.serveHTTP(fmt.Sprintf("127.0.0.1:%d", port), quiet, pool, c, nil)
	require.NoError(t, err)
	defer srv.Close()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)

	code, body := get(t, base+"/readyz")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Contains(t, body, "postgres: unreachable")
	require.Contains(t, body, "temporal: unreachable")
	require.Contains(t, body, "worker: not polling yet")
	for _, internal := range []string{"127.0.0.1", fmt.Sprint(dead), "x@", "user", "database", "dial"} {
		require.NotContains(t, body, internal, "/readyz tells no internals")
	}
	code, _ = get(t, base+"/healthz")
	require.Equal(t, http.StatusOK, code)
	code, body = get(t, base+"/metrics")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, "go_goroutines")
}

func TestLogFieldsFromWorkflowID(t *testing.T) {
	require.Equal(t, []any{"campaign", "spring", "creator", "jane.glows"}, fieldsOf("campaign/spring/creator/jane.glows"))
	require.Equal(t, []any{"campaign", "spring"}, fieldsOf("campaign/spring"))
	require.Nil(t, fieldsOf("mailbox/ops@lumen.test"))
}

// countingClient answers CountWorkflow and counts the calls.
type countingClient struct {
	client.Client
	calls atomic.Int32
}

func (c *countingClient) CountWorkflow(context.Context, *workflowservice.CountWorkflowExecutionsRequest) (*workflowservice.CountWorkflowExecutionsResponse, error) {
	c.calls.Add(1)
	return &workflowservice.CountWorkflowExecutionsResponse{Count: 3}, nil
}

// Scrapes read the cached count: many scrapes, one visibility query per refresh.
func TestMetricsScrapesDoNotQueryVisibility(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	obs, err := newObservability(quiet)
	require.NoError(t, err)
	c := &countingClient{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	obs.countApprovalsPending(ctx, c, "default", time.Hour)
	h := promhttp.HandlerFor(obs.registry, promhttp.HandlerOpts{})
	scrape := func() float64 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		v, _ := metricValue(w.Body.String(), "creatorflow_approvals_pending")
		return v
	}
	deadline := time.Now().Add(10 * time.Second)
	for scrape() != 3 {
		require.True(t, time.Now().Before(deadline), "the first count never landed")
		time.Sleep(10 * time.Millisecond)
	}
	for range 50 {
		require.Equal(t, float64(3), scrape())
	}
	require.Equal(t, int32(1), c.calls.Load(), "50 scrapes, one count")
}
