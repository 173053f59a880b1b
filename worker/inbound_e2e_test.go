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
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

const inboundBrief = `
id: inbound-e2e
name: Inbound
brand: Lumen
platforms: [instagram]
tiers: [micro]
creators_wanted: 1
budget: "3000.00 USD"
offer:
  fee: "1000.00 USD"
  auto_accept_up_to: "1500.00 USD"
  deliverables: ["1 reel"]
approvers: [ops@lumen.test]
timing:
  follow_ups: [10m]
  reply_window: 10m
  draft_due: 10m
  publish_due: 10m
  grace: 5m
  monitoring: [1s]
`

// TestRepliesByEmailEndToEnd: the outreach goes out over SMTP, the creator's
// counter-offer is appended to the IMAP mailbox, the poller stores and
// signals it and the workflow agrees at that fee; the draft comes through the
// signed webhook (twice: acted on once); a forged token is stored for ops.
func TestRepliesByEmailEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: needs the Temporal dev server and PostgreSQL")
	}
	ctx := context.Background()
	dsn, addr, sink := testenv.DatabaseURL(t), testenv.TemporalAddress(t), testenv.SMTP(t)

	mem := imapmemserver.New()
	u := imapmemserver.NewUser("partnerships", "secret")
	require.NoError(t, u.Create("INBOX", nil))
	mem.AddUser(u)
	isrv := imapserver.New(&imapserver.Options{InsecureAuth: true, Caps: imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		}})
	iln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = isrv.Serve(iln) }()
	defer isrv.Close()

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
			"WORKER_HTTP_ADDR": httpAddr, "IMAP_ADDR": iln.Addr().String(), "IMAP_USERNAME": "partnerships", "IMAP_PASSWORD": "secret",
			"IMAP_TLS": "none", "IMAP_POLL_INTERVAL": "1s", "INBOUND_WEBHOOK_SECRET": secret, "MAIL_PACING": "0s"}[k]
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
	require.NoError(t, os.WriteFile(brief, []byte(inboundBrief), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out)

	// The outreach, with its signed Reply-To.
	var replyTo, outreachID string
	eventually(t, "the outreach email", func() bool {
		for _, m := range sink.Messages() {
			replyTo, outreachID = m.Header.Get("Reply-To"), strings.Trim(m.Header.Get("Message-Id"), "<>")
			return true
		}
		return false
	})
	require.True(t, strings.HasPrefix(replyTo, "<reply+inbound-e2e.jane.") || strings.HasPrefix(replyTo, "reply+inbound-e2e.jane."), replyTo)
	replyTo = strings.Trim(replyTo, "<>")

	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	// Cancel the campaign and wait for its collaboration to close while the
	// worker still runs: a draft left awaiting approval would be counted by the
	// next test's creatorflow_approvals_pending (a namespace-wide count).
	defer func() {
		starter(t, addr, "campaign", "cancel", "inbound-e2e")
		eventually(t, "the cancelled collaboration to close", func() bool {
			d, err := tc.DescribeWorkflowExecution(ctx, workflows.CollaborationWorkflowID("inbound-e2e", "jane"), "")
			return err == nil && d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
		})
	}()
	// The poller runs as the workflow mailbox/<address>, one cluster-wide.
	mailboxID := workflows.MailboxWorkflowID("partnerships@127.0.0.1")
	desc, err := tc.DescribeWorkflowExecution(ctx, mailboxID, "")
	require.NoError(t, err)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, desc.WorkflowExecutionInfo.Status)
	defer func() { _ = tc.TerminateWorkflow(ctx, mailboxID, "", "test over") }()
	status := func() workflows.CollaborationStatus {
		var st workflows.CollaborationStatus
		v, err := tc.QueryWorkflow(ctx, workflows.CollaborationWorkflowID("inbound-e2e", "jane"), "", workflows.QueryStatus)
		if err == nil {
			_ = v.Get(&st)
		}
		return st
	}

	// 1. A counter-offer by IMAP, Gmail-style with the quoted outreach below.
	reply := "Message-ID: <r1@creators.test>\r\nFrom: Jane Ito <jane@creators.test>\r\nTo: " + replyTo +
		"\r\nIn-Reply-To: <" + outreachID + ">\r\nSubject: Re: Inbound\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Love it! My rate for a reel is $1,200.\r\n\r\nOn Tue, 3 Nov 2026 at 10:00, Lumen <partnerships@lumen.test> wrote:\r\n> The fee is 1,000.00 USD.\r\n"
	ic, err := imapclient.DialInsecure(iln.Addr().String(), nil)
	require.NoError(t, err)
	require.NoError(t, ic.Login("partnerships", "secret").Wait())
	app := ic.Append("INBOX", int64(len(reply)), nil)
	_, _ = app.Write([]byte(reply))
	require.NoError(t, app.Close())
	_, err = app.Wait()
	require.NoError(t, err)
	ic.Close()
	eventually(t, "the counter-offer agreed and the terms sent", func() bool { return status().Stage == workflows.StageAwaitingDraft })
	st := status()
	require.NotNil(t, st.Fee)
	require.Equal(t, campaign.Money{Amount: 120000, Currency: "USD"}, *st.Fee)
	eventually(t, "the terms email naming the agreed fee", func() bool {
		for _, m := range sink.Messages() {
			if strings.Contains(m.Text(), "1,200.00 USD") {
				return true
			}
		}
		return false
	})

	// 2. The draft through the signed webhook, delivered twice.
	draft := []byte("Message-ID: <r2@creators.test>\r\nFrom: jane@creators.test\r\nTo: " + replyTo +
		"\r\nSubject: draft\r\nContent-Type: text/plain\r\n\r\nHere's my draft: https://drive.example/d/9\r\n\r\nSent from my iPhone\r\n")
	post := func(body []byte) map[string]any {
		req, _ := http.NewRequest(http.MethodPost, "http://"+httpAddr+inbox.WebhookPath, bytes.NewReader(body))
		req.Header.Set(inbox.SignatureHeader, inbox.Sign([]byte(secret), body))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return out
	}
	require.Equal(t, "signalled", post(draft)["status"])
	require.Equal(t, "duplicate", post(draft)["status"])
	eventually(t, "the draft waiting for approval", func() bool { return status().Stage == workflows.StageAwaitingApproval })
	require.Equal(t, "https://drive.example/d/9", status().DraftURL)
	require.Equal(t, 1, status().Revision)

	// 3. A forged token: stored and listed for ops, never delivered.
	forged := []byte(strings.Replace(string(draft), "inbound-e2e.jane.", "inbound-e2e.omar.", 1))
	forged = []byte(strings.Replace(string(forged), "r2@creators.test", "r3@evil.test", 1))
	require.Equal(t, "forged", post(forged)["status"])
	out, code = starter(t, addr, "inbox", "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "forged")
	require.Contains(t, out, "reply token does not verify")
	time.Sleep(200 * time.Millisecond)
	require.Equal(t, 1, status().Revision, "nothing reached the workflow")

	// 4. A stranger's email: no token, no thread, unknown sender — unmatched.
	stranger := []byte("Message-ID: <r4@nowhere.test>\r\nFrom: who@nowhere.test\r\nTo: partnerships@lumen.test\r\n" +
		"Subject: hello\r\nContent-Type: text/plain\r\n\r\nAre you hiring?\r\n")
	require.Equal(t, "unmatched", post(stranger)["status"])

	// What became of each inbound email is counted on the worker's /metrics.
	code, body := get(t, "http://"+httpAddr+"/metrics")
	require.Equal(t, http.StatusOK, code)
	for outcome, want := range map[string]float64{"matched": 2, "duplicate": 1, "forged": 1, "unmatched": 1} {
		v, ok := metricValue(body, inbox.MetricInboundEmails, `outcome="`+outcome+`"`)
		if !ok {
			t.Log(grepLines(body, "creatorflow"))
		}
		require.True(t, ok, "%s{outcome=%q} on /metrics", inbox.MetricInboundEmails, outcome)
		require.Equal(t, want, v, "%s{outcome=%q}", inbox.MetricInboundEmails, outcome)
	}
}
