package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	islack "github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// slackWorkspace is slacktest with recording handlers for every Web API
// method the worker calls, and users.info answering from emails.
type slackWorkspace struct {
	mu     sync.Mutex
	calls  map[string][]url.Values
	emails map[string]string
	srv    *slacktest.Server
	// updates, when set, receives every chat.update as it arrives.
	updates chan url.Values
}

func newSlackWorkspace(t testing.TB, emails map[string]string) *slackWorkspace {
	s := &slackWorkspace{calls: map[string][]url.Values{}, emails: emails}
	rec := func(method string, answer func(url.Values) string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			v := url.Values{}
			if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				raw, _ := io.ReadAll(r.Body)
				var m map[string]json.RawMessage
				_ = json.Unmarshal(raw, &m)
				for k, x := range m {
					var str string
					if json.Unmarshal(x, &str) != nil {
						str = string(x)
					}
					v.Set(k, str)
				}
			} else {
				_ = r.ParseForm()
				v = r.PostForm
			}
			s.mu.Lock()
			s.calls[method] = append(s.calls[method], v)
			if method == "chat.update" && s.updates != nil {
				s.updates <- v
			}
			body := answer(v)
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
		}
	}
	s.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", rec("chat.postMessage", func(v url.Values) string {
			return fmt.Sprintf(`{"ok":true,"channel":%q,"ts":"1700000000.%06d"}`, v.Get("channel"), len(s.calls["chat.postMessage"]))
		}))
		c.Handle("/chat.update", rec("chat.update", func(v url.Values) string {
			return fmt.Sprintf(`{"ok":true,"channel":%q,"ts":%q}`, v.Get("channel"), v.Get("ts"))
		}))
		c.Handle("/chat.postEphemeral", rec("chat.postEphemeral", func(url.Values) string { return `{"ok":true,"message_ts":"1.2"}` }))
		c.Handle("/views.open", rec("views.open", func(url.Values) string { return `{"ok":true,"view":{"id":"V1"}}` }))
		c.Handle("/users.lookupByEmail", rec("users.lookupByEmail", func(v url.Values) string {
			for id, e := range s.emails {
				if e == v.Get("email") {
					return fmt.Sprintf(`{"ok":true,"user":{"id":%q,"profile":{"email":%q}}}`, id, e)
				}
			}
			return `{"ok":false,"error":"users_not_found"}`
		}))
		c.Handle("/users.info", rec("users.info", func(v url.Values) string {
			return fmt.Sprintf(`{"ok":true,"user":{"id":%q,"profile":{"email":%q}}}`, v.Get("user"), s.emails[v.Get("user")])
		}))
	})
	s.srv.Start()
	t.Cleanup(s.srv.Stop)
	return s
}

func (s *slackWorkspace) got(method string) []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.calls[method]...)
}

// freeAddr finds a loopback port for the worker's HTTP server.
func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// runWorker starts the real worker (run) against the test stack with extra environment.
func runWorker(t testing.TB, env map[string]string) *testenv.MailSink {
	t.Helper()
	sink := testenv.SMTP(t)
	host, port, _ := net.SplitHostPort(sink.Addr)
	base := map[string]string{"SMTP_HOST": host, "SMTP_PORT": port, "SMTP_TLS": "none",
		"MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>", "REPLY_HMAC_KEY": "an-hmac-key-for-tests-only-0123456789", "MAIL_PACING": "0s"}
	for k, v := range env {
		base[k] = v
	}
	cfg, err := LoadConfig(func(k string) string { return base[k] })
	require.NoError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() { done <- run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) }) }()
	t.Cleanup(func() { stop(); require.NoError(t, <-done) })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("worker did not start: %v", err)
	}
	return sink
}

const slackBrief = `
id: slack-click
name: Spring Glow
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
approvers: [ops@lumen.test, U-LEAD]
max_revisions: 2
timing:
  follow_ups: []
  reply_window: 1h
  draft_due: 1h
  publish_due: 1h
  grace: 1h
  monitoring: [1h]
`

// clickSender signs interactions with the worker's signing secret and posts them.
type clickSender struct {
	t      testing.TB
	url    string
	secret string
}

func (c clickSender) send(payload any) *http.Response {
	c.t.Helper()
	res, _ := c.post(payload)
	return res
}

// post signs payload as Slack does (form-encoded, timestamped, HMAC) and
// returns the response with its body read.
func (c clickSender) post(payload any) (*http.Response, []byte) {
	c.t.Helper()
	raw, err := json.Marshal(payload)
	require.NoError(c.t, err)
	body := url.Values{"payload": {string(raw)}}.Encode()
	req, err := http.NewRequest(http.MethodPost, c.url, strings.NewReader(body))
	require.NoError(c.t, err)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", islack.Sign(c.secret, ts, []byte(body)))
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	ack, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	return res, ack
}

// buttonValue finds the value of a button in a posted message's blocks.
func buttonValue(t testing.TB, blocks, actionID string) string {
	var bs []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal([]byte(blocks), &bs))
	for _, b := range bs {
		for _, e := range b.Elements {
			if e.ActionID == actionID {
				return e.Value
			}
		}
	}
	t.Fatalf("no %s button in %s", actionID, blocks)
	return ""
}

func clickPayload(user, action, value, ts string) map[string]any {
	return map[string]any{
		"type": "block_actions", "trigger_id": "TRIG-" + user, "user": map[string]any{"id": user},
		"channel":   map[string]any{"id": "C-APPROVALS"},
		"container": map[string]any{"type": "message", "message_ts": ts, "channel_id": "C-APPROVALS"},
		"message":   map[string]any{"ts": ts, "text": "approval request"},
		"actions":   []map[string]any{{"action_id": action, "block_id": "approval", "type": "button", "value": value}},
	}
}

// TestSlackClickOnRealTemporal: signed clicks reach a running
// CollaborationWorkflow on a real dev server as its decide Update; the
// message is rewritten; a stranger, a stale message and a second click get
// an ephemeral message and change nothing.
func TestSlackClickOnRealTemporal(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	ctx := context.Background()
	st := newSlackStack(t, map[string]string{"U-OPS": "ops@lumen.test", "U-EVE": "eve@elsewhere.test"},
		[]campaign.Creator{{Platform: "instagram", Handle: "jane.glows", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200}})
	addr, ws, sink, clicks := st.addr, st.ws, st.sink, st.clicks

	briefFile := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(briefFile, []byte(slackBrief), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", briefFile)
	require.Equal(t, 0, code, out)

	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	wid := workflows.CollaborationWorkflowID("slack-click", "jane.glows")
	stage := func() workflows.Stage {
		var st workflows.CollaborationStatus
		if v, err := tc.QueryWorkflow(ctx, wid, "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		return st.Stage
	}
	waitStage := func(s workflows.Stage) { eventually(t, "stage "+string(s), func() bool { return stage() == s }) }
	say := func(text string) {
		out, code := starter(t, addr, "creator", "reply", "slack-click", "jane.glows", text)
		require.Equal(t, 0, code, out)
	}
	ephemerals := func() int { return len(ws.got("chat.postEphemeral")) }
	lastEphemeral := func() url.Values { e := ws.got("chat.postEphemeral"); return e[len(e)-1] }

	waitStage(workflows.StageAwaitingReply)
	say("Yes, count me in!")
	waitStage(workflows.StageAwaitingDraft)
	say("Draft: https://drive.example/d/1")
	eventually(t, "the approval request", func() bool { return len(ws.got("chat.postMessage")) == 1 })
	first := ws.got("chat.postMessage")[0]
	firstTS := "1700000000.000001"
	card := islack.BlocksTextJSON(first.Get("blocks"))
	for _, want := range []string{"Jane Ito (@jane.glows)", "instagram · micro · 48,200 followers", "1,200.00 USD",
		"3,800.00 USD left of 5,000.00 USD", "<https://drive.example/d/1|Draft 1>", "post by 2027-03-15", "• 1 reel", "*Disclosure:* #ad"} {
		require.Contains(t, card, want)
	}

	// A stranger clicks Approve: told why, nothing decided.
	res := clicks.send(clickPayload("U-EVE", "approve", buttonValue(t, first.Get("blocks"), "approve"), firstTS))
	require.Equal(t, http.StatusOK, res.StatusCode)
	eventually(t, "the stranger's ephemeral message", func() bool { return ephemerals() == 1 })
	require.Equal(t, "U-EVE", lastEphemeral().Get("user"))
	require.Contains(t, lastEphemeral().Get("text"), "eve@elsewhere.test is not an approver of campaign slack-click")
	require.Equal(t, workflows.StageAwaitingApproval, stage())
	out, code = starter(t, addr, "campaign", "status", "slack-click")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "draft 1 waits on ops@lumen.test, U-LEAD since")

	// A forged click is refused at the door.
	forged := clickSender{t: t, url: clicks.url, secret: "not-the-secret"}
	require.Equal(t, http.StatusUnauthorized, forged.send(clickPayload("U-OPS", "approve", buttonValue(t, first.Get("blocks"), "approve"), firstTS)).StatusCode)

	// Request changes: the modal opens; its submission is the decision.
	res = clicks.send(clickPayload("U-OPS", "request_changes", buttonValue(t, first.Get("blocks"), "request_changes"), firstTS))
	require.Equal(t, http.StatusOK, res.StatusCode)
	eventually(t, "the feedback modal", func() bool { return len(ws.got("views.open")) == 1 })
	var view struct {
		PrivateMetadata string `json:"private_metadata"`
	}
	require.NoError(t, json.Unmarshal([]byte(ws.got("views.open")[0].Get("view")), &view))
	require.Equal(t, "TRIG-U-OPS", ws.got("views.open")[0].Get("trigger_id"))
	res = clicks.send(map[string]any{"type": "view_submission", "user": map[string]any{"id": "U-OPS"},
		"view": map[string]any{"callback_id": islack.CallbackFeedback, "private_metadata": view.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{"feedback": map[string]any{"feedback": map[string]any{
				"type": "plain_text_input", "value": "Please show the #ad label in the first 3 seconds."}}}}}})
	require.Equal(t, http.StatusOK, res.StatusCode)
	waitStage(workflows.StageAwaitingDraft)
	eventually(t, "the first message rewritten", func() bool { return len(ws.got("chat.update")) == 1 })
	up := ws.got("chat.update")[0]
	require.Equal(t, firstTS, up.Get("ts"))
	require.Contains(t, islack.BlocksTextJSON(up.Get("blocks")), "Changes requested by <@U-OPS> (ops@lumen.test)")
	require.Contains(t, islack.BlocksTextJSON(up.Get("blocks")), "> Please show the #ad label")
	require.NotContains(t, up.Get("blocks"), "action_id")
	eventually(t, "the feedback email", func() bool {
		for _, m := range sink.Messages() {
			if strings.Contains(m.Header.Get("To"), "jane@creators.test") && strings.Contains(m.Text(), "Please show the #ad label in the first 3 seconds.") {
				return true
			}
		}
		return false
	})

	// Draft 2. A click on the old message is stale.
	say("v2: https://drive.example/d/2")
	eventually(t, "the second approval request", func() bool { return len(ws.got("chat.postMessage")) == 2 })
	second := ws.got("chat.postMessage")[1]
	secondTS := "1700000000.000002"
	before := ephemerals()
	clicks.send(clickPayload("U-OPS", "approve", buttonValue(t, first.Get("blocks"), "approve"), firstTS))
	eventually(t, "the stale click's ephemeral message", func() bool { return ephemerals() == before+1 })
	require.Contains(t, lastEphemeral().Get("text"), "this request was for draft 1, but draft 2 is the current one")
	require.Equal(t, workflows.StageAwaitingApproval, stage())

	// An approver named by Slack user ID approves; the message is rewritten.
	clicks.send(clickPayload("U-LEAD", "approve", buttonValue(t, second.Get("blocks"), "approve"), secondTS))
	waitStage(workflows.StageAwaitingPublication)
	eventually(t, "the second message rewritten", func() bool { return len(ws.got("chat.update")) == 2 })
	require.Contains(t, islack.BlocksTextJSON(ws.got("chat.update")[1].Get("blocks")), "Approved by <@U-LEAD> at")

	// A second click on the same message: told, nothing decided twice.
	before = ephemerals()
	clicks.send(clickPayload("U-OPS", "reject", buttonValue(t, second.Get("blocks"), "reject"), secondTS))
	eventually(t, "the second click's ephemeral message", func() bool { return ephemerals() == before+1 })
	require.Contains(t, lastEphemeral().Get("text"), "no draft of jane.glows is waiting for a decision")
	require.Equal(t, workflows.StageAwaitingPublication, stage())
	require.Len(t, ws.got("chat.update"), 2)
}

// TestSlackReminderAndEscalationOnRealStack: with `approval: {sla, backup_approvers}`
// the approvers are reminded in the request's thread, then the backup
// approver is called in and their click decides.
func TestSlackReminderAndEscalationOnRealStack(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	st := newSlackStack(t, map[string]string{"U-OPS": "ops@lumen.test", "U-BACKUP": "backup@lumen.test"},
		[]campaign.Creator{{Platform: "instagram", Handle: "jane.glows", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200}})
	addr, ws, clicks := st.addr, st.ws, st.clicks

	brief := strings.Replace(strings.Replace(slackBrief, "id: slack-click", "id: slack-sla", 1),
		"approvers: [ops@lumen.test, U-LEAD]", "approvers: [ops@lumen.test]\napproval:\n  sla: 2s\n  backup_approvers: [backup@lumen.test]", 1)
	briefFile := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(briefFile, []byte(brief), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", briefFile)
	require.Equal(t, 0, code, out)
	say := func(text string) {
		eventually(t, "the creator's reply delivered", func() bool {
			_, code := starter(t, addr, "creator", "reply", "slack-sla", "jane.glows", text)
			return code == 0
		})
	}
	say("Yes, count me in!")
	eventually(t, "terms sent", func() bool {
		out, _ := starter(t, addr, "campaign", "status", "slack-sla")
		return strings.Contains(out, string(workflows.StageAwaitingDraft))
	})
	say("Draft: https://drive.example/d/1")
	eventually(t, "request, reminder and escalation", func() bool { return len(ws.got("chat.postMessage")) == 3 })
	posts := ws.got("chat.postMessage")
	require.Contains(t, islack.BlocksTextJSON(posts[0].Get("blocks")), "decide by ")
	reminder, escalation := posts[1], posts[2]
	require.Equal(t, "1700000000.000001", reminder.Get("thread_ts"), "the reminder answers the request")
	require.Equal(t, "true", reminder.Get("reply_broadcast"))
	require.Contains(t, reminder.Get("text"), "Reminder: draft 1 from @jane.glows")
	require.Contains(t, reminder.Get("text"), "<@U-OPS>")
	require.Contains(t, escalation.Get("text"), "Escalated")
	require.Contains(t, escalation.Get("text"), "<@U-BACKUP>")
	out, code = starter(t, addr, "campaign", "status", "slack-sla")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "draft 1 waits on ops@lumen.test, backup@lumen.test since")
	require.Contains(t, out, "escalated to the backup approvers")

	clicks.send(clickPayload("U-BACKUP", "approve", buttonValue(t, posts[0].Get("blocks"), "approve"), "1700000000.000001"))
	eventually(t, "the request rewritten", func() bool { return len(ws.got("chat.update")) == 1 })
	require.Contains(t, islack.BlocksTextJSON(ws.got("chat.update")[0].Get("blocks")), "Approved by <@U-BACKUP> (backup@lumen.test)")
	require.Empty(t, ws.got("chat.postEphemeral"))
}

// slackStack is the real stack of a Slack test: a fresh PostgreSQL holding the
// test's creators, the dev server, a slacktest workspace with its users, and
// the worker wired to them with a signing secret, clicks signed with it.
type slackStack struct {
	dsn, addr string
	ws        *slackWorkspace
	sink      *testenv.MailSink
	clicks    clickSender
}

func newSlackStack(t *testing.T, users map[string]string, creators []campaign.Creator) slackStack {
	t.Helper()
	ctx := context.Background()
	st := slackStack{dsn: testenv.DatabaseURL(t), addr: testenv.TemporalAddress(t), ws: newSlackWorkspace(t, users)}
	store, err := postgres.Open(ctx, st.dsn)
	require.NoError(t, err)
	defer store.Close()
	_, _, err = store.UpsertCreators(ctx, creators)
	require.NoError(t, err)
	httpAddr, secret := freeAddr(t), "signing-secret-0123456789abcdef-"+t.Name()
	st.sink = runWorker(t, map[string]string{"TEMPORAL_ADDRESS": st.addr, "DATABASE_URL": st.dsn, "WORKER_HTTP_ADDR": httpAddr,
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_CHANNEL": "C-APPROVALS", "SLACK_API_URL": st.ws.srv.GetAPIURL(),
		"SLACK_SIGNING_SECRET": secret})
	st.clicks = clickSender{t: t, url: "http://" + httpAddr + SlackInteractionsPath, secret: secret}
	return st
}
