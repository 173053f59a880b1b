//go:build faults

package faults

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/devstack"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/starter/cli"
	"github.com/creatorflow/creatorflow/workflows"
)

// stack is one real creatorflow installation: PostgreSQL and the Temporal dev
// server as child processes that can be stopped and started again on the same
// port and data, an SMTP server behind a gate that can be closed, a Slack API
// that records, and bin/worker as a child process that can be SIGKILLed.
type stack struct {
	t        *testing.T
	pg       *devstack.Postgres
	pgOpts   devstack.PostgresOptions
	temporal *devstack.Temporal
	tOpts    devstack.TemporalOptions
	addr     string
	sink     *testenv.MailSink
	gate     *gate
	slack    *slackRecorder
	bin      string
	env      []string
	worker   *devstack.Process
	logPath  string
	starts   int
	tc       client.Client
	store    *postgres.Store
}

const replyKey = "an-hmac-key-for-fault-tests-0123456789"

func newStack(t *testing.T) *stack {
	t.Helper()
	ctx := context.Background()
	s := &stack{t: t}
	root, err := devstack.RepoRoot()
	require.NoError(t, err)
	dir := t.TempDir()

	// The worker binary, built as `make build` builds it.
	s.bin = filepath.Join(dir, "worker")
	build := exec.Command("go", "build", "-o", s.bin, "./worker")
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building the worker: %s", out)

	// PostgreSQL in /tmp (when root, it runs as the postgres user, which must reach its folder).
	pgDir, err := os.MkdirTemp("", "creatorflow-faults-pg-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(pgDir) })
	port, err := devstack.FreePort()
	require.NoError(t, err)
	s.pgOpts = devstack.PostgresOptions{Dir: pgDir, Port: port, Database: "creatorflow", Fast: true}
	s.startPostgres()
	t.Cleanup(func() { s.pg.Stop() })

	tport, err := devstack.FreePort()
	require.NoError(t, err)
	s.tOpts = devstack.TemporalOptions{DBFile: filepath.Join(dir, "temporal.db"), Port: tport}
	s.startTemporal()
	t.Cleanup(func() { s.temporal.Stop() })
	s.addr = s.temporal.Address

	s.sink = testenv.SMTP(t)
	s.gate = newGate(t, s.sink.Addr)
	s.slack = newSlack(t)

	s.store, err = postgres.Open(ctx, s.pg.DSN)
	require.NoError(t, err)
	t.Cleanup(s.store.Close)
	_, _, err = s.store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "jane.glows", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200},
	})
	require.NoError(t, err)

	s.tc, err = client.Dial(client.Options{HostPort: s.addr})
	require.NoError(t, err)
	t.Cleanup(s.tc.Close)

	host, gport, _ := net.SplitHostPort(s.gate.addr)
	s.logPath = filepath.Join(dir, "worker.log")
	s.env = append(os.Environ(), "TEMPORAL_ADDRESS="+s.addr, "DATABASE_URL="+s.pg.DSN, "SMTP_HOST="+host,
		"SMTP_PORT="+gport, "SMTP_TLS=none", "MAIL_FROM=Lumen Partnerships <partnerships@lumen.test>",
		"REPLY_HMAC_KEY="+replyKey, "SLACK_BOT_TOKEN=xoxb-test", "SLACK_CHANNEL=C-APPROVALS", "SLACK_SIGNING_SECRET=faults-signing-secret-0123456789abcdef",
		"SLACK_API_URL="+s.slack.srv.GetAPIURL(), "WORKER_HTTP_ADDR=127.0.0.1:0", "MAIL_PACING=0s")
	t.Cleanup(func() {
		if s.worker != nil {
			s.worker.Stop()
		}
		if t.Failed() {
			data, _ := os.ReadFile(s.logPath)
			t.Logf("worker log:\n%s", lastLines(string(data), 60))
		}
	})
	return s
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func (s *stack) startPostgres() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pg, err := devstack.StartPostgres(ctx, s.pgOpts)
	require.NoError(s.t, err)
	s.pg = pg
}

func (s *stack) startTemporal() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tmp, err := devstack.StartTemporal(ctx, s.tOpts)
	require.NoError(s.t, err)
	s.temporal = tmp
}

// startWorker runs bin/worker and waits until it polls.
func (s *stack) startWorker() {
	s.t.Helper()
	require.Nil(s.t, s.worker, "a worker is already running")
	log, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	require.NoError(s.t, err)
	defer log.Close()
	s.starts++
	fmt.Fprintf(log, "---- worker start %d ----\n", s.starts)
	p, err := devstack.StartProcess("worker", s.env, log, s.bin)
	require.NoError(s.t, err)
	s.worker = p
	want := s.starts
	s.eventually("the worker to poll", time.Minute, func() bool {
		select {
		case <-p.Exited():
			s.t.Fatalf("the worker exited: %v", p.Err())
		default:
		}
		data, _ := os.ReadFile(s.logPath)
		return strings.Count(string(data), "worker polling") >= want
	})
}

// killWorker SIGKILLs the worker: no shutdown, in-flight work abandoned.
func (s *stack) killWorker() {
	s.t.Helper()
	require.NotNil(s.t, s.worker)
	s.worker.Kill()
	s.worker = nil
}

func (s *stack) eventually(what string, limit time.Duration, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// cli runs the starter CLI; it retries while Temporal is unreachable (a restart).
func (s *stack) cli(args ...string) string {
	s.t.Helper()
	var out string
	s.eventually("starter "+strings.Join(args, " "), 2*time.Minute, func() bool {
		var o, e bytes.Buffer
		code := cli.Main(append([]string{"--address", s.addr, "--timeout", "20s"}, args...), &o, &e)
		out = o.String() + e.String()
		if code == 2 {
			s.t.Fatalf("starter %v: usage error: %s", args, out)
		}
		if code != 0 {
			s.t.Logf("starter %v failed, retrying: %s", args, strings.TrimSpace(out))
			time.Sleep(time.Second)
		}
		return code == 0
	})
	return out
}

func brief(id string) string {
	return fmt.Sprintf(`
id: %s
name: Faults %s
brand: Lumen
platforms: [instagram]
tiers: [micro]
creators_wanted: 1
budget: "5000.00 USD"
offer:
  fee: "1200.00 USD"
  deliverables: ["1 reel"]
  posting_date: "2027-03-15"
  usage_rights: 90 days organic
approvers: [ops@lumen.test]
timing:
  follow_ups: [5m]
  reply_window: 5m
  draft_due: 10m
  publish_due: 10m
  grace: 5m
  monitoring: [2s, 4s, 6s]
`, id, id)
}

func (s *stack) startCampaign(id string) {
	s.t.Helper()
	f := filepath.Join(s.t.TempDir(), id+".yaml")
	require.NoError(s.t, os.WriteFile(f, []byte(brief(id)), 0o644))
	require.Contains(s.t, s.cli("campaign", "start", "-f", f), "Started campaign "+id)
}

func (s *stack) say(id, text string) { s.cli("creator", "reply", id, "jane.glows", text) }

// stage reads the collaboration's Stage search attribute from the server, so
// it works while no worker runs.
func (s *stack) stage(id string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d, err := s.tc.DescribeWorkflowExecution(ctx, workflows.CollaborationWorkflowID(id, "jane.glows"), "")
	if err != nil {
		return ""
	}
	p := d.WorkflowExecutionInfo.GetSearchAttributes().GetIndexedFields()["Stage"]
	if p == nil {
		return ""
	}
	var v string
	_ = converter.GetDefaultDataConverter().FromPayload(p, &v)
	return v
}

func (s *stack) waitStage(id string, st workflows.Stage) {
	s.t.Helper()
	s.eventually(fmt.Sprintf("%s to reach %s (now %q)", id, st, s.stage(id)), 3*time.Minute, func() bool { return s.stage(id) == string(st) })
}

// mails returns the emails the SMTP server received for a campaign's
// collaboration with jane.glows, in order, named "<step>.jane.glows.<id>@lumen.test".
// Message-IDs are keyed hashes, so each is recognised by recomputing it
// under the worker's reply key for the steps a collaboration sends.
func (s *stack) mails(id string) []string {
	byID := map[string]string{}
	for _, step := range []string{"outreach", "terms", "go-ahead", "over-budget", "publish-reminder"} {
		byID[email.MessageID([]byte(replyKey), "lumen.test", id, "jane.glows", step)] = step
	}
	for i := 1; i <= 9; i++ {
		for _, kind := range []string{"follow-up", "changes", "rejected", "draft-reminder", "counter-proposal", "counter-declined"} {
			step := fmt.Sprintf("%s-%d", kind, i)
			byID[email.MessageID([]byte(replyKey), "lumen.test", id, "jane.glows", step)] = step
		}
	}
	var names []string
	for _, m := range s.sink.Messages() {
		if step, ok := byID[strings.Trim(m.Header.Get("Message-Id"), "<>")]; ok {
			names = append(names, step+".jane.glows."+id+"@lumen.test")
		}
	}
	return names
}

func (s *stack) waitMail(id, step string) {
	s.t.Helper()
	want := step + ".jane.glows." + id + "@lumen.test"
	s.eventually("the "+step+" email of "+id, 3*time.Minute, func() bool {
		for _, m := range s.mails(id) {
			if m == want {
				return true
			}
		}
		return false
	})
}

// waitDone waits for the campaign to complete and returns its result.
func (s *stack) waitDone(id string) workflows.CampaignResult {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	var res workflows.CampaignResult
	require.NoError(s.t, s.tc.GetWorkflow(ctx, workflows.CampaignWorkflowID(id), "").Get(ctx, &res), "campaign %s did not complete", id)
	return res
}

// pendingAttempt is the attempt number of a pending activity of the collaboration (0: none pending).
func (s *stack) pendingAttempt(id, activityType string) (int32, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d, err := s.tc.DescribeWorkflowExecution(ctx, workflows.CollaborationWorkflowID(id, "jane.glows"), "")
	if err != nil {
		return 0, ""
	}
	for _, a := range d.PendingActivities {
		if a.GetActivityType().GetName() == activityType {
			return a.GetAttempt(), a.GetLastFailure().GetMessage()
		}
	}
	return 0, ""
}

// checkCompletedOnce asserts what a user would notice after a campaign with
// faults: it completed, each email reached the SMTP server exactly once and in
// order, one Slack request and one rewrite, one snapshot per scheduled pull.
func (s *stack) checkCompletedOnce(id string) {
	s.t.Helper()
	ctx := context.Background()
	res := s.waitDone(id)
	require.Len(s.t, res.Report.Creators, 1)
	require.Equal(s.t, campaign.OutcomeCompleted, res.Report.Creators[0].Outcome)

	var steps []string
	for _, m := range s.mails(id) {
		steps = append(steps, m[:strings.Index(m, ".")])
	}
	require.Equal(s.t, []string{"outreach", "terms", "go-ahead"}, steps, "each email exactly once, per Message-ID at the SMTP server")

	posts, updates := s.slack.counts(id)
	require.Equal(s.t, 2, posts, "one Slack approval request and one campaign summary")
	require.Equal(s.t, 1, updates, "one Slack rewrite with the decision")

	snaps, err := s.store.Snapshots(ctx, id)
	require.NoError(s.t, err)
	require.Len(s.t, snaps, 3, "one snapshot per scheduled pull")
	for i, sn := range snaps {
		require.Equal(s.t, i, sn.Pull)
	}
	rows, err := s.store.Collaborations(ctx, id)
	require.NoError(s.t, err)
	require.Len(s.t, rows, 1)
	require.Equal(s.t, "completed", rows[0].Outcome)
	require.Equal(s.t, postURL(id), rows[0].PostURL)
	rep, err := s.store.Report(ctx, id)
	require.NoError(s.t, err)
	require.Equal(s.t, int64(120000), rep.Total.Cost.Amount)
	sent, err := s.store.SentEmails(ctx, id)
	require.NoError(s.t, err)
	// A kill can land between the SMTP server's acceptance and the row being
	// marked sent: that email is then 'uncertain' and listed for a person
	// (never sent again automatically) — but never missing.
	outbox, err := s.store.OutboxForOps(ctx)
	require.NoError(s.t, err)
	var uncertain []string
	for _, o := range outbox {
		if o.CampaignID == id {
			require.Equal(s.t, "uncertain", o.Status, "%s: only a send cut short by the kill may be left unsettled", o.Step)
			uncertain = append(uncertain, o.Step)
		}
	}
	require.Len(s.t, sent, 3-len(uncertain), "every email sent or, if cut short, uncertain for a person (uncertain: %v)", uncertain)
}

// gate is a TCP door in front of the SMTP server: closed, connections are
// refused, as with a mail server that is down.
type gate struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	l      net.Listener
	conns  map[net.Conn]struct{}
}

func newGate(t *testing.T, target string) *gate {
	port, err := devstack.FreePort()
	require.NoError(t, err)
	g := &gate{t: t, addr: "127.0.0.1:" + strconv.Itoa(port), target: target, conns: map[net.Conn]struct{}{}}
	g.open()
	t.Cleanup(g.close)
	return g
}

func (g *gate) open() {
	l, err := net.Listen("tcp", g.addr)
	require.NoError(g.t, err)
	g.mu.Lock()
	g.l = l
	g.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go g.pipe(c)
		}
	}()
}

func (g *gate) pipe(c net.Conn) {
	up, err := net.Dial("tcp", g.target)
	if err != nil {
		c.Close()
		return
	}
	g.mu.Lock()
	g.conns[c], g.conns[up] = struct{}{}, struct{}{}
	g.mu.Unlock()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
	go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
	<-done
	c.Close()
	up.Close()
	g.mu.Lock()
	delete(g.conns, c)
	delete(g.conns, up)
	g.mu.Unlock()
}

// close refuses new connections and cuts the open ones.
func (g *gate) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.l != nil {
		g.l.Close()
		g.l = nil
	}
	for c := range g.conns {
		c.Close()
	}
}

// slackRecorder answers chat.postMessage and chat.update like Slack and keeps each call.
type slackRecorder struct {
	mu      sync.Mutex
	posts   []call
	updates []call
	srv     *slacktest.Server
}

func newSlack(t *testing.T) *slackRecorder {
	r := &slackRecorder{}
	n := 0
	handler := func(into *[]call) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			_ = req.ParseForm()
			r.mu.Lock()
			n++
			ts := fmt.Sprintf("1700000000.%06d", n)
			if v := req.PostForm.Get("ts"); v != "" {
				ts = v
			}
			*into = append(*into, call{blocks: req.PostForm.Get("blocks"), ts: ts})
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

type call struct{ blocks, ts string }

// counts is how many approval requests name the campaign, and how many
// rewrites of those messages there were.
func (r *slackRecorder) counts(campaignID string) (posts, updates int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	mine := map[string]bool{}
	for _, c := range r.posts {
		if strings.Contains(c.blocks, "("+campaignID+")") {
			posts++
			mine[c.ts] = true
		}
	}
	for _, c := range r.updates {
		if mine[c.ts] {
			updates++
		}
	}
	return posts, updates
}
