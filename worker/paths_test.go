package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// lockedBuffer collects the worker's log lines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startWorker runs the worker in this process against the given stack until
// the test ends, and returns its log and the base URL of its HTTP endpoint.
func startWorker(t *testing.T, addr, dsn string, sink *testenv.MailSink, sl *slackRecorder) (*lockedBuffer, string) {
	t.Helper()
	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TEMPORAL_ADDRESS": addr, "DATABASE_URL": dsn, "SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(p),
			"SMTP_TLS": "none", "MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>", "REPLY_HMAC_KEY": "an-hmac-key-for-tests-only-0123456789",
			"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_CHANNEL": "C-APPROVALS", "SLACK_API_URL": sl.srv.GetAPIURL(), "SLACK_SIGNING_SECRET": "paths-signing-secret-0123456789abcdef",
			"WORKER_HTTP_ADDR": "127.0.0.1:0", "MAIL_PACING": "0s"}[k]
	})
	require.NoError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	logs := &lockedBuffer{}
	go func() { done <- run(ctx, cfg, slog.New(slog.NewTextHandler(logs, nil)), func() { close(ready) }) }()
	t.Cleanup(func() { stop(); require.NoError(t, <-done) })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("worker did not start: %v", err)
	}
	m := regexp.MustCompile(`url=(http://[0-9.:]+)/healthz`).FindStringSubmatch(logs.String())
	require.NotNil(t, m, "the worker logs its health URL")
	return logs, m[1]
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	r, err := http.Get(url)
	require.NoError(t, err)
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return r.StatusCode, string(b)
}

// metricValue sums a metric's samples whose line contains every one of labels.
func metricValue(body, name string, labels ...string) (float64, bool) {
	var sum float64
	found := false
	for _, line := range strings.Split(body, "\n") {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(line, l)
		}
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
		if err == nil {
			sum, found = sum+v, true
		}
	}
	return sum, found
}

const pathsBrief = `
id: %s
name: Paths
brand: Lumen
platforms: [instagram]
tiers: [micro]
creators_wanted: %d
budget: "5000.00 USD"
offer:
  fee: "1000.00 USD"
  deliverables: ["1 reel"]
approvers: [ops@lumen.test]
timing:
  follow_ups: [1m]
  reply_window: 1m
  draft_due: 20s
  publish_due: 1m
  grace: 5s
  monitoring: [1s, 2s]
`

// dealBrief: two creators wanted from a shortlist a person approves; counters
// above 1,100 go to a person; the budget is committed as agreements land.
const dealBrief = `
id: paths-deal
name: Deals
brand: Lumen
platforms: [instagram]
tiers: [micro]
creators_wanted: 2
budget: "5000.00 USD"
offer:
  fee: "1000.00 USD"
  auto_accept_up_to: "1100.00 USD"
  deliverables: ["1 reel"]
approvers: [ops@lumen.test]
shortlist:
  approval: true
timing:
  follow_ups: [1m]
  reply_window: 1m
  draft_due: 1m
  publish_due: 1m
  grace: 5s
  monitoring: [1s]
`

// TestRecordedPaths runs the paths the end-to-end test does not — a rejected
// draft, changes then approval, a missed draft, a cancelled campaign — on the
// real stack, checks how each ended, and with -record saves their histories
// to testdata/ for the replay test.
func TestRecordedPaths(t *testing.T) {
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
		{Platform: "instagram", Handle: "rita", Name: "Rita", Email: "rita@creators.test", Followers: 90_000},
		{Platform: "instagram", Handle: "cami", Name: "Cami", Email: "cami@creators.test", Followers: 60_000},
		{Platform: "instagram", Handle: "mo", Name: "Mo", Email: "mo@creators.test", Followers: 30_000},
	})
	require.NoError(t, err)
	logs, base := startWorker(t, addr, dsn, sink, sl)
	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()

	dir := t.TempDir()
	startCampaign := func(id string, creators int) {
		f := filepath.Join(dir, id+".yaml")
		require.NoError(t, os.WriteFile(f, []byte(fmt.Sprintf(pathsBrief, id, creators)), 0o644))
		out, code := starter(t, addr, "campaign", "start", "-f", f)
		require.Equal(t, 0, code, out)
	}
	stage := func(id, handle string) workflows.Stage {
		var st workflows.CollaborationStatus
		if v, err := tc.QueryWorkflow(ctx, workflows.CollaborationWorkflowID(id, handle), "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		return st.Stage
	}
	waitStage := func(id, handle string, s workflows.Stage) {
		deadline := time.Now().Add(60 * time.Second)
		for stage(id, handle) != s {
			if time.Now().After(deadline) {
				out, _ := starter(t, addr, "campaign", "status", id)
				t.Fatalf("timed out waiting for %s to reach %s; campaign status:\n%s", handle, s, out)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	say := func(id, handle, text string) {
		out, code := starter(t, addr, "creator", "reply", id, handle, text)
		require.Equal(t, 0, code, out)
	}
	decide := func(id, handle string, args ...string) {
		out, code := starter(t, addr, append(args[:1:1], append([]string{id, handle, "--by", "ops@lumen.test"}, args[1:]...)...)...)
		require.Equal(t, 0, code, out)
	}

	// An earlier test on this Temporal dev server may have stopped its worker
	// before its campaign's cancellation landed: this worker finishes it.
	eventually(t, "no approvals pending from earlier tests", func() bool {
		_, body := get(t, base+"/metrics")
		v, _ := metricValue(body, "creatorflow_approvals_pending")
		return v == 0
	})

	// One campaign, three creators, three endings.
	const mixed = "paths-mixed"
	startCampaign(mixed, 3)
	for _, h := range []string{"rita", "cami", "mo"} {
		waitStage(mixed, h, workflows.StageAwaitingReply)
		say(mixed, h, "Yes, I'm in!")
	}
	// Other tests of this package share the dev server and may leave approvals waiting.
	_, body0 := get(t, base+"/metrics")
	pendingBefore, _ := metricValue(body0, "creatorflow_approvals_pending")
	for _, h := range []string{"rita", "cami"} {
		waitStage(mixed, h, workflows.StageAwaitingDraft)
		say(mixed, h, "Draft: https://drive.example/"+h+"/1")
		waitStage(mixed, h, workflows.StageAwaitingApproval)
	}
	// What engineers see while approvals wait: two pending, counted by
	// visibility on a timer (observe.go), so within a refresh.
	var pending float64
	eventually(t, "two more approvals pending on /metrics", func() bool {
		_, body := get(t, base+"/metrics")
		pending, _ = metricValue(body, "creatorflow_approvals_pending")
		return pending == pendingBefore+2
	})
	code, body := get(t, base+"/readyz")
	require.Equal(t, 200, code, body)
	code, _ = get(t, base+"/healthz")
	require.Equal(t, 200, code)

	// starter campaign list: visibility queries on the search attributes.
	var listed string
	eventually(t, "the list of drafts awaiting approval", func() bool {
		out, code := starter(t, addr, "campaign", "list", "--stage", "awaiting_approval", "--campaign", mixed)
		listed = out
		return code == 0 && strings.Contains(out, "2 workflow(s)")
	})
	require.Contains(t, listed, "campaign/"+mixed+"/creator/rita")
	require.Contains(t, listed, "campaign/"+mixed+"/creator/cami")
	require.NotContains(t, listed, "creator/mo")
	require.Contains(t, listed, "Stage = 'awaiting_approval'")
	out, code := starter(t, addr, "campaign", "list", "--creator", "mo")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "campaign/"+mixed+"/creator/mo")
	require.Contains(t, out, "1 workflow(s)")
	out, code = starter(t, addr, "campaign", "list", "--stage", "x' OR 1=1")
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "--stage must not contain quotes")

	decide(mixed, "rita", "reject", "--feedback", "Off-brand, sorry.")
	decide(mixed, "cami", "request-changes", "--feedback", "Show the label earlier.")
	waitStage(mixed, "cami", workflows.StageAwaitingDraft)
	say(mixed, "cami", "v2: https://drive.example/cami/2")
	waitStage(mixed, "cami", workflows.StageAwaitingApproval)
	decide(mixed, "cami", "approve")
	waitStage(mixed, "cami", workflows.StageAwaitingPublication)
	say(mixed, "cami", "Live: https://www.instagram.com/p/CaMi123xYz/")

	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var res workflows.CampaignResult
	require.NoError(t, tc.GetWorkflow(wctx, workflows.CampaignWorkflowID(mixed), "").Get(wctx, &res))
	outcomes := map[string]campaign.Outcome{}
	for _, l := range res.Report.Creators {
		outcomes[l.Handle] = l.Outcome
	}
	if outcomes["cami"] != campaign.OutcomeCompleted {
		out, _ := starter(t, addr, "campaign", "status", mixed, "--json")
		t.Log(out)
	}
	require.Equal(t, map[string]campaign.Outcome{"rita": campaign.OutcomeRejected, "cami": campaign.OutcomeCompleted,
		"mo": campaign.OutcomeMissedDraft}, outcomes)
	// Message-IDs are keyed hashes: who and which step each email was is
	// what the store recorded for its ID.
	sent, err := store.SentEmails(ctx, mixed)
	require.NoError(t, err)
	byID := map[string]postgres.OutboundEmail{}
	for _, e := range sent {
		byID[e.MessageID] = e
	}
	steps := map[string][]string{}
	for _, m := range sink.Messages() {
		if e, ok := byID[strings.Trim(m.Header.Get("Message-Id"), "<>")]; ok {
			steps[e.Handle] = append(steps[e.Handle], e.Step)
		}
	}
	require.Equal(t, map[string][]string{
		"rita": {"outreach", "terms", "rejected-1"},
		"cami": {"outreach", "terms", "changes-1", "go-ahead"},
		"mo":   {"outreach", "terms", "draft-reminder-1"},
	}, steps)

	// /metrics: the SDK's own metrics and the business counters (the
	// approvals gauge once its timer has recounted).
	eventually(t, "no approvals pending on /metrics", func() bool {
		code, body = get(t, base+"/metrics")
		v, _ := metricValue(body, "creatorflow_approvals_pending")
		return code == 200 && v == 0
	})
	require.Equal(t, 200, code)
	for _, want := range []struct {
		name   string
		labels []string
		value  float64
	}{
		{"creatorflow_emails_sent", []string{`kind="outreach"`}, 3},
		{"creatorflow_emails_sent", []string{`kind="rejected"`}, 1},
		{"creatorflow_emails_sent", []string{`kind="draft_reminder"`}, 1},
		{"creatorflow_replies_received", []string{`intent="accept"`}, 3},
		{"creatorflow_replies_received", []string{`intent="link"`}, 4},
		{"creatorflow_approvals_pending", nil, 0},
	} {
		v, ok := metricValue(body, want.name, want.labels...)
		if !ok {
			t.Log(grepLines(body, "creatorflow"))
		}
		require.True(t, ok, "%s%v on /metrics", want.name, want.labels)
		require.Equal(t, want.value, v, "%s%v", want.name, want.labels)
	}
	for _, sdk := range []string{"temporal_workflow_completed", "temporal_activity_execution_latency", "temporal_request"} {
		require.Contains(t, body, sdk, "SDK metric %s on /metrics", sdk)
	}
	// Every log line of an activity or a collaboration names its campaign and creator.
	var actLines int
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "WorkflowID=campaign/"+mixed+"/creator/") {
			actLines++
			require.Regexp(t, `campaign=`+mixed+` .*creator=(rita|cami|mo)`, line)
		}
	}
	require.Positive(t, actLines, "the worker logged activity lines")

	eventually(t, "the finished campaign in the list", func() bool {
		out, code := starter(t, addr, "campaign", "list", "--campaign", mixed, "--all")
		listed = out
		return code == 0 && strings.Contains(out, "4 workflow(s)") && !strings.Contains(out, "running")
	})
	require.Contains(t, listed, "completed")
	out, code = starter(t, addr, "campaign", "list", "--campaign", mixed)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "0 workflow(s)", "nothing of a finished campaign is running")

	// A campaign cancelled while its creator has not answered yet.
	const cancelled = "paths-cancelled"
	startCampaign(cancelled, 1)
	// The one creator picked is cami: her completed collaboration above now
	// counts as past performance in the shortlist's ranking.
	const picked = "cami"
	waitStage(cancelled, picked, workflows.StageAwaitingReply)
	out, code = starter(t, addr, "campaign", "cancel", cancelled)
	require.Equal(t, 0, code, out)
	err = tc.GetWorkflow(wctx, workflows.CampaignWorkflowID(cancelled), "").Get(wctx, nil)
	require.Error(t, err)
	d, err := tc.DescribeWorkflowExecution(ctx, workflows.CampaignWorkflowID(cancelled), "")
	require.NoError(t, err)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, d.WorkflowExecutionInfo.Status)
	eventually(t, "the collaboration to record its cancellation", func() bool {
		rows, err := store.Collaborations(ctx, cancelled)
		return err == nil && len(rows) == 1 && rows[0].Outcome == string(campaign.OutcomeCancelled)
	})

	// Deals: the shortlist approved by a person; the first creator counters
	// above the ceiling, ops propose less, she accepts; the second declines
	// and the reserve is invited in a second wave and accepts. Both fees are
	// committed against the budget.
	const deal = "paths-deal"
	f := filepath.Join(dir, deal+".yaml")
	require.NoError(t, os.WriteFile(f, []byte(dealBrief), 0o644))
	out, code = starter(t, addr, "campaign", "start", "-f", f)
	require.Equal(t, 0, code, out)
	var dealList workflows.ShortlistState
	eventually(t, "the shortlist waiting for a person", func() bool {
		v, err := tc.QueryWorkflow(ctx, workflows.CampaignWorkflowID(deal), "", workflows.QueryShortlist)
		return err == nil && v.Get(&dealList) == nil && dealList.Awaiting
	})
	require.Len(t, dealList.Shortlist.Ranked, 3)
	first, second, reserve := dealList.Shortlist.Ranked[0].Creator.Handle, dealList.Shortlist.Ranked[1].Creator.Handle, dealList.Shortlist.Ranked[2].Creator.Handle
	out, code = starter(t, addr, "shortlist", "approve", deal, "--by", "ops@lumen.test")
	require.Equal(t, 0, code, out)
	waitStage(deal, first, workflows.StageAwaitingReply)
	say(deal, first, "Love it, but I'd need $1,500 for this.")
	waitStage(deal, first, workflows.StageAwaitingCounterDecision)
	out, code = starter(t, addr, "counter", "reject", deal, first, "--by", "ops@lumen.test", "--propose", "1200.00 USD", "--reason", "our cap for one reel")
	require.Equal(t, 0, code, out)
	eventually(t, "the counter-proposal email", func() bool {
		for _, m := range sink.Messages() {
			if m.Header.Get("Message-Id") == "<"+email.MessageID([]byte("an-hmac-key-for-tests-only-0123456789"), "lumen.test", deal, first, "counter-proposal-1")+">" {
				return true
			}
		}
		return false
	})
	waitStage(deal, first, workflows.StageAwaitingReply)
	say(deal, first, "Yes, I accept.")
	waitStage(deal, first, workflows.StageAwaitingDraft)
	waitStage(deal, second, workflows.StageAwaitingReply)
	say(deal, second, "Thanks, but I'll pass this time.")
	waitStage(deal, reserve, workflows.StageAwaitingReply)
	say(deal, reserve, "Yes, I'm in!")
	waitStage(deal, reserve, workflows.StageAwaitingDraft)
	out, code = starter(t, addr, "campaign", "status", deal, "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "2,200.00 USD committed of 5,000.00 USD")
	require.Regexp(t, reserve+`\s.*2 \(for `+second+`\)`, out, "the reserve came in wave 2, for the one who declined")
	out, code = starter(t, addr, "campaign", "cancel", deal)
	require.Equal(t, 0, code, out)
	require.Error(t, tc.GetWorkflow(wctx, workflows.CampaignWorkflowID(deal), "").Get(wctx, nil))
	eventually(t, "the deal campaign's collaborations to record their end", func() bool {
		rows, err := store.Collaborations(ctx, deal)
		if err != nil || len(rows) != 3 {
			return false
		}
		for _, r := range rows {
			if r.Outcome == "" {
				return false
			}
		}
		return true
	})

	if *record {
		for name, id := range map[string]string{
			"campaign-deal.json":           workflows.CampaignWorkflowID(deal),
			"counter-proposal.json":        workflows.CollaborationWorkflowID(deal, first),
			"wave-replacement.json":        workflows.CollaborationWorkflowID(deal, reserve),
			"rejected.json":                workflows.CollaborationWorkflowID(mixed, "rita"),
			"changes-approved.json":        workflows.CollaborationWorkflowID(mixed, "cami"),
			"missed-draft.json":            workflows.CollaborationWorkflowID(mixed, "mo"),
			"campaign-mixed.json":          workflows.CampaignWorkflowID(mixed),
			"campaign-cancelled.json":      workflows.CampaignWorkflowID(cancelled),
			"collaboration-cancelled.json": workflows.CollaborationWorkflowID(cancelled, picked),
		} {
			saveHistory(t, tc, id, filepath.Join("..", "testdata", name))
		}
	}
}

func grepLines(body, s string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
