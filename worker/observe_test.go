package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
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
	require.Contains(t, body, "postgres: ")
	require.Contains(t, body, "temporal: ")
	require.Contains(t, body, "worker: not polling yet")
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
