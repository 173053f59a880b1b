package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestUnsureReplyHeldThenCorrectedOnce: a reply the reader is not sure of
// ("yes" with a question) is held, not acted on; `starter inbox` lists it,
// `show` explains the reading, a person's correction reaches the workflow
// exactly once, and a second settlement is refused.
func TestUnsureReplyHeldThenCorrectedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: needs the Temporal dev server and PostgreSQL")
	}
	ctx := context.Background()
	dsn, addr, sink := testenv.DatabaseURL(t), testenv.TemporalAddress(t), testenv.SMTP(t)
	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()
	_, _, err = store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "jane", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200}})
	require.NoError(t, err)

	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	httpAddr, secret := freeAddr(t), "webhook-secret-for-tests-0123456789abcdef"
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TEMPORAL_ADDRESS": addr, "DATABASE_URL": dsn, "SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(p),
			"SMTP_TLS": "none", "MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>", "REPLY_HMAC_KEY": "an-hmac-key-for-tests-only-0123456789",
			"WORKER_HTTP_ADDR": httpAddr, "INBOUND_WEBHOOK_SECRET": secret, "MAIL_PACING": "0s"}[k]
	})
	require.NoError(t, err)
	wctx, stopWorker := context.WithCancel(ctx)
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() {
		done <- run(wctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) })
	}()
	defer func() { stopWorker(); require.NoError(t, <-done) }()
	<-ready

	brief := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(brief, []byte(strings.Replace(inboundBrief, "id: inbound-e2e", "id: triage-e2e", 1)), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out)
	var replyTo string
	eventually(t, "the outreach email", func() bool {
		for _, m := range sink.Messages() {
			replyTo = strings.Trim(m.Header.Get("Reply-To"), "<>")
			return replyTo != ""
		}
		return false
	})
	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	wid := workflows.CollaborationWorkflowID("triage-e2e", "jane")
	status := func() workflows.CollaborationStatus {
		var st workflows.CollaborationStatus
		if v, err := tc.QueryWorkflow(ctx, wid, "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		return st
	}

	// A yes with a question: the answer may change the yes. Held.
	msg := []byte("Message-ID: <held1@creators.test>\r\nFrom: Jane Ito <jane@creators.test>\r\nTo: " + replyTo +
		"\r\nSubject: Re: Inbound\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Count me in! Would the reel be used in paid ads?\r\n\r\nJane\r\n")
	req, _ := http.NewRequest(http.MethodPost, "http://"+httpAddr+inbox.WebhookPath, bytes.NewReader(msg))
	req.Header.Set(inbox.SignatureHeader, inbox.Sign([]byte(secret), msg))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var res map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&res))
	resp.Body.Close()
	require.Equal(t, inbox.StatusHeld, res["status"], res)
	require.Equal(t, workflows.StageAwaitingReply, status().Stage, "a held reply is not acted on")

	out, code = starter(t, addr, "inbox", "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "held")
	id := regexp.MustCompile(`(?m)^(\d+)\s.*held`).FindStringSubmatch(out)
	require.NotNil(t, id, out)
	out, code = starter(t, addr, "inbox", "show", id[1], "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "confidence")
	require.Contains(t, out, "Would the reel be used in paid ads?")

	// A person says it is a no: delivered once; a second try is refused.
	out, code = starter(t, addr, "inbox", "correct", id[1], "--intent", "decline", "--by", "ops@lumen.test", "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "decline")
	out, code = starter(t, addr, "inbox", "confirm", id[1], "--by", "ops@lumen.test", "--database-url", dsn)
	require.NotEqual(t, 0, code, out)
	require.Contains(t, out, "settled already")
	eventually(t, "the collaboration to end as declined", func() bool {
		d, err := tc.DescribeWorkflowExecution(ctx, wid, "")
		return err == nil && d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	})
	signals := 0
	it := tc.GetWorkflowHistory(ctx, wid, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		if a := e.GetWorkflowExecutionSignaledEventAttributes(); a != nil && a.SignalName == workflows.SignalCreatorMessage {
			signals++
		}
	}
	require.Equal(t, 1, signals, "the correction signals the workflow exactly once")
	row, err := store.Inbound(ctx, mustInt(t, id[1]))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusAssigned, row.Status)
	require.Contains(t, row.Note, "settled by ops@lumen.test")
}

func mustInt(t *testing.T, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return n
}
