package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// TestHostileInboundEndToEnd probes both doors of a running worker (real
// PostgreSQL, Temporal dev server, SMTP and IMAP servers) as an outsider
// would: a stranger who knows the thread is held and the workflow does not
// move; a poison mail is quarantined and the creator's next mail is acted
// on; 50,000-deep nesting is quarantined; an oversized or unsigned webhook
// request is answered before its body is even sent.
func TestHostileInboundEndToEnd(t *testing.T) {
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
	appendMail := func(raw string) {
		ic, err := imapclient.DialInsecure(iln.Addr().String(), nil)
		require.NoError(t, err)
		defer ic.Close()
		require.NoError(t, ic.Login("partnerships", "secret").Wait())
		app := ic.Append("INBOX", int64(len(raw)), nil)
		_, _ = app.Write([]byte(raw))
		require.NoError(t, app.Close())
		_, err = app.Wait()
		require.NoError(t, err)
	}

	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()
	_, _, err = store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "jane", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200}})
	require.NoError(t, err)

	host, port, _ := net.SplitHostPort(sink.Addr)
	httpAddr, secret := freeAddr(t), "webhook-secret-for-tests-0123456789abcdef"
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TEMPORAL_ADDRESS": addr, "DATABASE_URL": dsn, "SMTP_HOST": host, "SMTP_PORT": port,
			"SMTP_TLS": "none", "MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>", "REPLY_HMAC_KEY": "an-hmac-key-for-tests-only-0123456789",
			"WORKER_HTTP_ADDR": httpAddr, "IMAP_ADDR": iln.Addr().String(), "IMAP_USERNAME": "partnerships", "IMAP_PASSWORD": "secret",
			"IMAP_TLS": "none", "IMAP_POLL_INTERVAL": "1s", "INBOUND_WEBHOOK_SECRET": secret, "MAIL_PACING": "0s",
			"INBOUND_MAX_BYTES": strconv.Itoa(8 << 20)}[k]
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
	require.NoError(t, os.WriteFile(brief, []byte(strings.ReplaceAll(inboundBrief, "id: inbound-e2e", "id: hostile-e2e")), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out)

	var replyTo, outreachID string
	eventually(t, "the outreach email", func() bool {
		for _, m := range sink.Messages() {
			replyTo, outreachID = strings.Trim(m.Header.Get("Reply-To"), "<>"), strings.Trim(m.Header.Get("Message-Id"), "<>")
			return true
		}
		return false
	})
	// Its Message-ID says nothing a stranger could rebuild from what they know.
	require.NotEqual(t, "outreach.jane.hostile-e2e@lumen.test", outreachID)
	for _, known := range []string{"outreach", "jane", "hostile-e2e"} {
		require.NotContains(t, strings.TrimSuffix(outreachID, "@lumen.test"), known)
	}

	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	collab := workflows.CollaborationWorkflowID("hostile-e2e", "jane")
	defer func() {
		starter(t, addr, "campaign", "cancel", "hostile-e2e")
		eventually(t, "the cancelled collaboration to close", func() bool {
			d, err := tc.DescribeWorkflowExecution(ctx, collab, "")
			return err == nil && d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
		})
	}()
	defer func() {
		_ = tc.TerminateWorkflow(ctx, workflows.MailboxWorkflowID("partnerships@127.0.0.1"), "", "test over")
	}()
	status := func() workflows.CollaborationStatus {
		var st workflows.CollaborationStatus
		if v, err := tc.QueryWorkflow(ctx, collab, "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		return st
	}
	eventually(t, "the collaboration waiting for a reply", func() bool { return status().Stage == workflows.StageAwaitingReply })
	row := func(messageID string) postgres.InboundEmail {
		var r postgres.InboundEmail
		eventually(t, "inbound "+messageID+" settled", func() bool {
			r, err = store.InboundByMessageID(ctx, messageID)
			return err == nil && r.Status != inbox.StatusReceived
		})
		return r
	}

	// 1. Strangers who know the thread: their own From; the creator's From
	// failing DMARC. Both held, the workflow does not move.
	accept := "Yes, I accept the fee! Draft: https://evil.test/d/1\r\n"
	appendMail("Message-ID: <s1@evil.test>\r\nFrom: Mallory <mallory@evil.test>\r\nTo: partnerships@lumen.test\r\n" +
		"In-Reply-To: <" + outreachID + ">\r\nSubject: Re: Inbound\r\n\r\n" + accept)
	appendMail("Message-ID: <s2@evil.test>\r\nFrom: Jane Ito <jane@creators.test>\r\nTo: partnerships@lumen.test\r\n" +
		"Authentication-Results: mx.lumen.test; spf=fail smtp.mailfrom=evil.test; dmarc=fail (p=reject) header.from=creators.test\r\n" +
		"In-Reply-To: <" + outreachID + ">\r\nSubject: Re: Inbound\r\n\r\n" + accept)
	for id, why := range map[string]string{"s1@evil.test": "From mallory@evil.test is not the creator's known address",
		"s2@evil.test": "dmarc=fail for creators.test"} {
		r := row(id)
		require.Equal(t, inbox.StatusHeld, r.Status, id)
		require.Equal(t, inbox.HoldSender, r.HoldKind)
		require.Equal(t, "hostile-e2e/jane", r.CampaignID+"/"+r.Handle)
		require.Contains(t, r.Note, why)
	}
	st := status()
	require.Equal(t, workflows.StageAwaitingReply, st.Stage, "a held message is not acted on")
	require.Nil(t, st.Fee)
	out, code = starter(t, addr, "inbox", "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "held")
	require.Contains(t, out, "is not the creator's known address")

	// 2. A poison mail, then the creator's real reply right behind it.
	appendMail("Message-ID: <p1@evil.test>\r\nFrom: jane@creators.test\r\nTo: " + replyTo +
		"\r\nSubject: =?utf-8?B?/w==?= =?utf-8?Q?=C3=28=00?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYes\x00 \xff I accept\r\n")
	appendMail("Message-ID: <g1@creators.test>\r\nFrom: Jane Ito <jane@creators.test>\r\nTo: " + replyTo +
		"\r\nIn-Reply-To: <" + outreachID + ">\r\nSubject: Re: Inbound\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYes, I'm in!\r\n")
	eventually(t, "the creator's acceptance acted on", func() bool { return status().Stage == workflows.StageAwaitingDraft })
	require.Equal(t, inbox.StatusQuarantined, row("p1@evil.test").Status)
	require.Equal(t, inbox.StatusSignalled, row("g1@creators.test").Status)

	// 3. 50,000-deep nesting through the signed webhook: quarantined.
	var deep strings.Builder
	deep.WriteString("Message-ID: <deep@evil.test>\r\nFrom: jane@creators.test\r\nTo: " + replyTo + "\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := 1; i < 50_000; i++ {
		fmt.Fprintf(&deep, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i-1, i)
	}
	body := []byte(deep.String())
	req, _ := http.NewRequest(http.MethodPost, "http://"+httpAddr+inbox.WebhookPath, bytes.NewReader(body))
	req.Header.Set(inbox.SignatureHeader, inbox.Sign([]byte(secret), body))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var res map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&res))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "quarantined", res["status"])
	require.Contains(t, row("deep@evil.test").Note, "nested deeper than 20 levels")

	// 4. Oversized and unsigned requests are answered from their headers:
	// the body is never sent, and the answer still comes.
	headersOnly := func(length int, signature string) (int, string) {
		c, err := net.Dial("tcp", httpAddr)
		require.NoError(t, err)
		defer c.Close()
		require.NoError(t, c.SetDeadline(time.Now().Add(30*time.Second)))
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: worker\r\nContent-Length: %d\r\n", inbox.WebhookPath, length)
		if signature != "" {
			fmt.Fprintf(c, "%s: %s\r\n", inbox.SignatureHeader, signature)
		}
		fmt.Fprint(c, "\r\n")
		r, err := http.ReadResponse(bufio.NewReader(c), nil)
		require.NoError(t, err)
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, string(b)
	}
	code, msg := headersOnly(50<<20, inbox.Sign([]byte(secret), []byte("whatever")))
	require.Equal(t, http.StatusRequestEntityTooLarge, code)
	require.Contains(t, msg, "over the 8388608-byte limit")
	code, msg = headersOnly(1000, "")
	require.Equal(t, http.StatusUnauthorized, code)
	require.Contains(t, msg, inbox.SignatureHeader)

	require.Equal(t, workflows.StageAwaitingDraft, status().Stage)
	require.Empty(t, status().DraftURL, "no stranger's link reached the workflow")
}
