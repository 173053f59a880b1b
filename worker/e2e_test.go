package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/starter/cli"
	"github.com/creatorflow/creatorflow/workflows"
)

var record = flag.Bool("record", false, "re-record testdata/ histories from the end-to-end run")

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(testenv.Main(m))
}

// slackRecorder answers chat.postMessage and chat.update like Slack and keeps each call.
type slackRecorder struct {
	mu      sync.Mutex
	posts   []map[string][]string
	updates []map[string][]string
	srv     *slacktest.Server
}

func newSlack(t *testing.T) *slackRecorder {
	r := &slackRecorder{}
	n := 0
	handler := func(into *[]map[string][]string) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			_ = req.ParseForm()
			r.mu.Lock()
			*into = append(*into, req.PostForm)
			n++
			ts := fmt.Sprintf("1700000000.%06d", n)
			if v := req.PostForm.Get("ts"); v != "" {
				ts = v
			}
			r.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, req.PostForm.Get("channel"), ts)
		}
	}
	r.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", handler(&r.posts))
		c.Handle("/chat.update", handler(&r.updates))
	})
	r.srv.Start()
	t.Cleanup(r.srv.Stop)
	return r
}

func (r *slackRecorder) counts() (posts, updates int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.posts), len(r.updates)
}

func starter(t *testing.T, addr string, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(append([]string{"--address", addr}, args...), &out, &errOut)
	return out.String() + errOut.String(), code
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

const e2eBrief = `
id: e2e-spring
name: Spring Glow
brand: Lumen
platforms: [instagram, tiktok]
tiers: [micro, macro]
creators_wanted: 3
budget: "5000.00 USD"
offer:
  fee: "1200.00 USD"
  deliverables: ["1 reel"]
  posting_date: "2027-03-15"
  usage_rights: 90 days organic
approvers: [ops@lumen.test]
timing:
  follow_ups: [4s]
  reply_window: 4s
  draft_due: 60s
  publish_due: 60s
  grace: 30s
  monitoring: [1s, 2s, 3s]
kpis:
  cpm: "25.00 USD"
measurement:
  link: https://lumen.example/serum
  promo_prefix: GLOW
`

// TestCampaignEndToEnd runs one campaign through every stage on a real
// Temporal dev server, PostgreSQL and SMTP server, with Slack through slacktest,
// driving it with the starter CLI the way ops, creators and approvers would.
func TestCampaignEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	ctx := context.Background()
	dsn := testenv.DatabaseURL(t)
	addr := testenv.TemporalAddress(t)
	sink := testenv.SMTP(t)
	sl := newSlack(t)

	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()
	_, _, err = store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "jane.glows", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200},
		{Platform: "tiktok", Handle: "omar", Name: "Omar Haddad", Email: "omar@creators.test", Followers: 212_000},
		{Platform: "instagram", Handle: "lena", Name: "Lena Brandt", Email: "lena@creators.test", Followers: 15_800},
		{Platform: "instagram", Handle: "tiny", Name: "Tess", Email: "tess@creators.test", Followers: 6_100},
	})
	require.NoError(t, err)

	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	key := "an-hmac-key-for-tests-only-0123456789"
	httpAddr := freeAddr(t) // tracking links must name the worker's real port
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TEMPORAL_ADDRESS": addr, "DATABASE_URL": dsn, "SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(p),
			"SMTP_TLS": "none", "MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>", "REPLY_HMAC_KEY": key,
			"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_CHANNEL": "C-APPROVALS", "SLACK_API_URL": sl.srv.GetAPIURL(), "SLACK_SIGNING_SECRET": "e2e-signing-secret-0123456789abcdef",
			"WORKER_HTTP_ADDR": httpAddr, "CONVERSIONS_HMAC_KEY": key, "MAIL_PACING": "0s"}[k]
	})
	require.NoError(t, err)
	wctx, stopWorker := context.WithCancel(ctx)
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- run(wctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) })
	}()
	defer func() { stopWorker(); require.NoError(t, <-done) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("worker did not start: %v", err)
	}

	dir := t.TempDir()
	briefFile := filepath.Join(dir, "brief.yaml")
	require.NoError(t, os.WriteFile(briefFile, []byte(e2eBrief), 0o644))
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(e2eBrief, "creators_wanted: 3", "creators_wanted: 0\ncolour: red", 1)), 0o644))

	// A bad brief: every problem named, exit 2, nothing started.
	out, code := starter(t, addr, "campaign", "start", "-f", bad)
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "colour is not a brief field")
	out, code = starter(t, addr, "campaign", "status", "e2e-spring")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "no workflow campaign/e2e-spring")

	out, code = starter(t, addr, "campaign", "start", "-f", briefFile)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Started campaign e2e-spring")
	require.Contains(t, out, "/namespaces/default/workflows/campaign%2Fe2e-spring/")
	out, code = starter(t, addr, "campaign", "start", "-f", briefFile)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "already exists")

	mailTo := func(rcpt string) []testenv.Mail {
		var ms []testenv.Mail
		for _, m := range sink.Messages() {
			if strings.Contains(m.Header.Get("To"), rcpt) {
				ms = append(ms, m)
			}
		}
		return ms
	}
	eventually(t, "three outreach emails", func() bool { return len(sink.Messages()) >= 3 })

	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	stage := func(handle string) workflows.CollaborationStatus {
		var st workflows.CollaborationStatus
		v, err := tc.QueryWorkflow(ctx, workflows.CollaborationWorkflowID("e2e-spring", handle), "", workflows.QueryStatus)
		if err == nil {
			_ = v.Get(&st)
		}
		return st
	}
	waitStage := func(handle string, s workflows.Stage) {
		eventually(t, handle+" to reach "+string(s), func() bool { return stage(handle).Stage == s })
	}
	say := func(handle, text string) {
		out, code := starter(t, addr, "creator", "reply", "e2e-spring", handle, text)
		require.Equal(t, 0, code, out)
	}

	say("jane.glows", "Yes, count me in!")
	say("omar", "Thanks, but I'll pass this time.")
	waitStage("jane.glows", workflows.StageAwaitingDraft)
	measureE2E(t, httpAddr, key, sink) // a click on jane's link and an order with her code
	say("jane.glows", "Here's my draft: https://drive.example/d/1")
	waitStage("jane.glows", workflows.StageAwaitingApproval)
	eventually(t, "the first Slack approval request", func() bool { p, _ := sl.counts(); return p == 1 })

	out, code = starter(t, addr, "approve", "e2e-spring", "jane.glows", "--by", "mallory@evil.test")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "not an approver")
	out, code = starter(t, addr, "request-changes", "e2e-spring", "jane.glows", "--by", "ops@lumen.test", "--feedback", "Please show the label in the first 3 seconds.")
	require.Equal(t, 0, code, out)
	waitStage("jane.glows", workflows.StageAwaitingDraft)
	say("jane.glows", "v2: https://drive.example/d/2")
	waitStage("jane.glows", workflows.StageAwaitingApproval)
	out, code = starter(t, addr, "approve", "e2e-spring", "jane.glows", "--by", "ops@lumen.test", "--revision", "1")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "draft 2 is the current one")
	out, code = starter(t, addr, "approve", "e2e-spring", "jane.glows", "--by", "ops@lumen.test")
	require.Equal(t, 0, code, out)
	waitStage("jane.glows", workflows.StageAwaitingPublication)
	say("jane.glows", "It's live! https://www.instagram.com/p/SPRING1/")

	out, code = starter(t, addr, "campaign", "status", "e2e-spring")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "jane.glows")
	require.Contains(t, out, "declined")

	wctx2, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	var res workflows.CampaignResult
	require.NoError(t, tc.GetWorkflow(wctx2, workflows.CampaignWorkflowID("e2e-spring"), "").Get(wctx2, &res))

	// Emails: who got what, threaded, with a reply address that names the
	// collaboration. Message-IDs are keyed hashes: the step of each is what
	// the store recorded for it.
	sent, err := store.SentEmails(ctx, "e2e-spring")
	require.NoError(t, err)
	stepOf := map[string]string{}
	for _, e := range sent {
		stepOf[e.MessageID] = e.Step
	}
	steps := func(rcpt string) []string {
		var s []string
		for _, m := range mailTo(rcpt) {
			s = append(s, stepOf[strings.Trim(m.Header.Get("Message-Id"), "<>")])
		}
		return s
	}
	require.Equal(t, []string{"outreach", "terms", "changes-1", "go-ahead"}, steps("jane@creators.test"))
	require.Equal(t, []string{"outreach"}, steps("omar@creators.test"))
	require.Equal(t, []string{"outreach", "follow-up-1"}, steps("lena@creators.test"))
	require.Empty(t, mailTo("tess@creators.test"), "a nano creator is outside the brief's tiers")
	jane := mailTo("jane@creators.test")
	outreachID := "<" + email.MessageID([]byte(key), "lumen.test", "e2e-spring", "jane.glows", "outreach") + ">"
	require.Equal(t, outreachID, jane[0].Header.Get("Message-Id"))
	require.Empty(t, jane[0].Header.Get("In-Reply-To"))
	for _, m := range jane[1:] {
		require.Equal(t, outreachID, m.Header.Get("In-Reply-To"))
		require.Equal(t, outreachID, m.Header.Get("References"))
	}
	replyTo, err := netmail.ParseAddress(jane[0].Header.Get("Reply-To"))
	require.NoError(t, err)
	cid, handle, err := email.ParseReplyAddress([]byte(key), replyTo.Address)
	require.NoError(t, err)
	require.Equal(t, [2]string{"e2e-spring", "jane.glows"}, [2]string{cid, handle})
	require.Contains(t, jane[0].Header.Get("From"), "partnerships@lumen.test")
	require.Contains(t, jane[0].Header.Get("Subject"), "Lumen")
	mt, _, err := mime.ParseMediaType(jane[0].Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mt)
	require.Contains(t, jane[0].Text(), "Fee: 1,200.00 USD")
	require.Contains(t, jane[1].Text(), "Usage rights: 90 days organic")
	require.Contains(t, jane[2].Text(), "Please show the label in the first 3 seconds.")

	// Slack: two requests with buttons, each rewritten with the decision; at
	// the end the report's summary.
	sl.mu.Lock()
	require.Len(t, sl.posts, 3)
	require.Equal(t, "C-APPROVALS", sl.posts[2]["channel"][0])
	for _, s := range []string{"Campaign report", "Cost: 1,200.00 USD", "published", "SIMULATED"} {
		require.Contains(t, sl.posts[2]["text"][0], s)
	}
	require.Len(t, sl.updates, 2)
	require.Equal(t, "C-APPROVALS", sl.posts[0]["channel"][0])
	for _, action := range []string{`"action_id":"approve"`, `"action_id":"request_changes"`, `"action_id":"reject"`, "drive.example/d/1"} {
		require.Contains(t, sl.posts[0]["blocks"][0], action)
	}
	require.Contains(t, sl.posts[1]["blocks"][0], "drive.example/d/2")
	require.Contains(t, sl.updates[0]["blocks"][0], "Changes requested by ops@lumen.test")
	require.Contains(t, sl.updates[1]["blocks"][0], "Approved by ops@lumen.test")
	require.NotContains(t, sl.updates[1]["blocks"][0], "action_id")
	sl.mu.Unlock()

	// Snapshots and report.
	snaps, err := store.Snapshots(ctx, "e2e-spring")
	require.NoError(t, err)
	require.Len(t, snaps, 3)
	for i, s := range snaps {
		require.Equal(t, "jane.glows", s.Handle)
		require.Equal(t, i, s.Pull)
		require.Equal(t, "simulated", s.Source)
		require.Equal(t, "https://www.instagram.com/p/SPRING1/", s.PostURL)
		if i > 0 {
			require.GreaterOrEqual(t, s.Views, snaps[i-1].Views)
		}
	}
	stored, err := store.Report(ctx, "e2e-spring")
	require.NoError(t, err)
	require.Equal(t, int64(120000), stored.Total.Cost.Amount, "only the completed collaboration is paid")
	require.Equal(t, snaps[2].Views, *stored.Total.Views)
	require.Equal(t, res.Report.Total, stored.Total)
	outcomes := map[string]campaign.Outcome{}
	for _, l := range stored.Creators {
		outcomes[l.Handle] = l.Outcome
	}
	require.Equal(t, map[string]campaign.Outcome{"jane.glows": campaign.OutcomeCompleted, "omar": campaign.OutcomeDeclined,
		"lena": campaign.OutcomeUnresponsive}, outcomes)

	out, code = starter(t, addr, "campaign", "report", "e2e-spring")
	require.Equal(t, 0, code, out)
	for _, want := range []string{"jane.glows", "TOTAL", "1,200.00", "completed", "unresponsive", "SIMULATED", "25.00 USD"} {
		require.Contains(t, out, want)
	}
	checkMeasuredReport(t, res.Report)
	rows, err := store.Collaborations(ctx, "e2e-spring")
	require.NoError(t, err)
	require.Len(t, rows, 3)

	// Figures recorded by hand are stored, marked self-reported.
	out, code = starter(t, addr, "metrics", "add", "e2e-spring", "jane.glows", "--views", "9000", "--likes", "420", "--comments", "12")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "(SELF-REPORTED): 9000 views, 420 likes, 12 comments")
	snaps, err = store.Snapshots(ctx, "e2e-spring")
	require.NoError(t, err)
	require.Len(t, snaps, 4)
	require.Equal(t, "self-reported", snaps[3].Source)
	require.Equal(t, "https://www.instagram.com/p/SPRING1/", snaps[3].PostURL)
	out, code = starter(t, addr, "metrics", "add", "e2e-spring", "nobody", "--views", "1")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "campaign e2e-spring has no collaboration with @nobody")
	out, code = starter(t, addr, "metrics", "add", "e2e-spring", "jane.glows")
	require.Equal(t, 2, code, out)

	if *record {
		for name, id := range map[string]string{
			"campaign.json":      workflows.CampaignWorkflowID("e2e-spring"),
			"collaboration.json": workflows.CollaborationWorkflowID("e2e-spring", "jane.glows"),
			"unresponsive.json":  workflows.CollaborationWorkflowID("e2e-spring", "lena"),
			"declined.json":      workflows.CollaborationWorkflowID("e2e-spring", "omar"),
			"monitor.json":       workflows.MonitorPostWorkflowID("e2e-spring", "jane.glows"),
		} {
			saveHistory(t, tc, id, filepath.Join("..", "testdata", name))
		}
	}
}

func saveHistory(t *testing.T, tc client.Client, workflowID, path string) {
	t.Helper()
	it := tc.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(t, err)
		h.Events = append(h.Events, ev)
	}
	data, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	require.NoError(t, err)
	var pretty bytes.Buffer
	require.NoError(t, json.Indent(&pretty, data, "", "  "))
	require.NoError(t, os.WriteFile(path, pretty.Bytes(), 0o644))
	t.Logf("recorded %s (%d events)", path, len(h.Events))
}
