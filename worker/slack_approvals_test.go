package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
	islack "github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// counterStubWorkflow stands in for the CollaborationWorkflow's
// "counter-decision" Update (built on another branch): the same name and
// payload, and a validator that refuses what the real one refuses — a
// second decision, a click on an older counter, a stranger. It keeps the
// decisions for the test to query.
func counterStubWorkflow(ctx workflow.Context, current campaign.Money, approvers []string) error {
	var got []workflows.CounterDecision
	if err := workflow.SetQueryHandler(ctx, "decisions", func() ([]workflows.CounterDecision, error) { return got, nil }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, workflows.UpdateCounterDecision,
		func(ctx workflow.Context, d workflows.CounterDecision) (workflows.CounterDecisionResult, error) {
			got = append(got, d)
			return workflows.CounterDecisionResult{Stage: workflows.StageTerms}, nil
		}, workflow.UpdateHandlerOptions{Validator: func(d workflows.CounterDecision) error {
			switch {
			case len(got) > 0:
				return fmt.Errorf("the counter-offer of %s was already decided by %s", current, got[0].By)
			case d.Counter != (campaign.Money{}) && d.Counter != current:
				return fmt.Errorf("this request was for the counter of %s, but %s is the current one", d.Counter, current)
			case !slices.Contains(approvers, d.By) && !slices.Contains(approvers, d.SlackUser):
				return fmt.Errorf("%s is not an approver", d.By)
			}
			return nil
		}}); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return false }) // until the test ends it
}

// TestCounterDecisionsFromSlackReachTheWorkflow: clicks and modal
// submissions on a counter-offer's card become the "counter-decision"
// Update with what the approver said; refusals are shown to the clicker.
func TestCounterDecisionsFromSlackReachTheWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	ctx := context.Background()
	addr := testenv.TemporalAddress(t)
	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	const queue = "slack-counter-decider-test"
	w := worker.New(tc, queue, worker.Options{})
	w.RegisterWorkflowWithOptions(counterStubWorkflow, workflow.RegisterOptions{Name: "CounterStub"})
	require.NoError(t, w.Start())
	defer w.Stop()

	ws := newSlackWorkspace(t, map[string]string{"U-OPS": "ops@lumen.test", "U-EVE": "eve@elsewhere.test"})
	cfg := islack.Config{BotToken: "xoxb-test", Channel: "C-APPROVALS", APIURL: ws.srv.GetAPIURL(), SigningSecret: "counter-secret"}
	routes, stop := slackInteractivity(ctx, cfg, islack.New(cfg), tc, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer stop()
	srv := httptest.NewServer(routes[SlackInteractionsPath])
	defer srv.Close()
	clicks := clickSender{t: t, url: srv.URL, secret: cfg.SigningSecret}

	usd := func(n int64) campaign.Money { return campaign.Money{Amount: n, Currency: "USD"} }
	start := func(id string, current campaign.Money) string {
		_, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: queue}, "CounterStub", current, []string{"ops@lumen.test", "U-LEAD"})
		require.NoError(t, err)
		t.Cleanup(func() { _ = tc.TerminateWorkflow(context.Background(), id, "", "test over") })
		// The card as the activity renders it for a counter of 1,500.00 USD.
		raw, err := json.Marshal(islack.Card{Kind: islack.KindCounter, Title: "Counter-offer from @jane", Target: id,
			Counter: &islack.CounterFacts{Counter: usd(150000), Offer: usd(100000), Ceiling: usd(120000)}}.Blocks())
		require.NoError(t, err)
		return string(raw)
	}
	decisions := func(id string) []workflows.CounterDecision {
		var got []workflows.CounterDecision
		v, err := tc.QueryWorkflow(ctx, id, "", "decisions")
		require.NoError(t, err)
		require.NoError(t, v.Get(&got))
		return got
	}
	ephemerals := func() []url.Values { return ws.got("chat.postEphemeral") }
	submitView := func(user string, values map[string]string) string {
		opened := ws.got("views.open")
		var view struct {
			CallbackID      string `json:"callback_id"`
			PrivateMetadata string `json:"private_metadata"`
		}
		require.NoError(t, json.Unmarshal([]byte(opened[len(opened)-1].Get("view")), &view))
		state := map[string]any{}
		for block, v := range values {
			state[block] = map[string]any{block: map[string]any{"type": "plain_text_input", "value": v}}
		}
		return clicks.answer(map[string]any{"type": "view_submission", "user": map[string]any{"id": user},
			"view": map[string]any{"callback_id": view.CallbackID, "private_metadata": view.PrivateMetadata, "state": map[string]any{"values": state}}})
	}

	// Counter-propose: the modal opens with the click's trigger_id; a bad
	// amount is an error in the modal; a good one is the Update.
	card := start("counter-propose", usd(150000))
	clicks.send(clickPayload("U-OPS", islack.ActionRequestChanges, buttonValue(t, card, islack.ActionRequestChanges), "1.1"))
	eventually(t, "the counter-propose modal", func() bool { return len(ws.got("views.open")) == 1 })
	require.Equal(t, "TRIG-U-OPS", ws.got("views.open")[0].Get("trigger_id"))
	bad := (submitView("U-OPS", map[string]string{"amount": "twelve hundred"}))
	require.Contains(t, bad, `"response_action":"errors"`)
	require.Contains(t, bad, `is not an amount`)
	require.Empty(t, decisions("counter-propose"))
	good := (submitView("U-OPS", map[string]string{"amount": "1,250", "message": "That is our ceiling for a reel."}))
	require.NotContains(t, good, "errors")
	eventually(t, "the counter-proposal in the workflow", func() bool { return len(decisions("counter-propose")) == 1 })
	require.Equal(t, []workflows.CounterDecision{{Verdict: workflows.VerdictReject, By: "ops@lumen.test", SlackUser: "U-OPS",
		Reason: "That is our ceiling for a reel.", Propose: &campaign.Money{Amount: 125000, Currency: "USD"}, Counter: usd(150000)}},
		decisions("counter-propose"))

	// A second click on the same card: refused, told why, nothing decided twice.
	clicks.send(clickPayload("U-LEAD", islack.ActionApprove, buttonValue(t, card, islack.ActionApprove), "1.1"))
	eventually(t, "the second click's ephemeral", func() bool { return len(ephemerals()) == 1 })
	require.Equal(t, "U-LEAD", ephemerals()[0].Get("user"))
	require.Contains(t, ephemerals()[0].Get("text"), "already decided by ops@lumen.test")
	require.Len(t, decisions("counter-propose"), 1)

	// Approve, by an approver the brief names by Slack user ID.
	card = start("counter-approve", usd(150000))
	clicks.send(clickPayload("U-LEAD", islack.ActionApprove, buttonValue(t, card, islack.ActionApprove), "1.2"))
	eventually(t, "the approval in the workflow", func() bool { return len(decisions("counter-approve")) == 1 })
	require.Equal(t, workflows.CounterDecision{Verdict: workflows.VerdictApprove, By: "U-LEAD", SlackUser: "U-LEAD", Counter: usd(150000)},
		decisions("counter-approve")[0])

	// Reject with a reason; a stranger first, refused.
	card = start("counter-reject", usd(150000))
	clicks.send(clickPayload("U-EVE", islack.ActionReject, buttonValue(t, card, islack.ActionReject), "1.3"))
	eventually(t, "the reject modal", func() bool { return len(ws.got("views.open")) == 2 })
	refused := (submitView("U-EVE", map[string]string{"reason": "no"}))
	require.Contains(t, refused, "eve@elsewhere.test is not an approver")
	clicks.send(clickPayload("U-OPS", islack.ActionReject, buttonValue(t, card, islack.ActionReject), "1.3"))
	eventually(t, "the reject modal again", func() bool { return len(ws.got("views.open")) == 3 })
	require.NotContains(t, (submitView("U-OPS", map[string]string{"reason": "Over budget."})), "errors")
	eventually(t, "the rejection in the workflow", func() bool { return len(decisions("counter-reject")) == 1 })
	require.Equal(t, workflows.CounterDecision{Verdict: workflows.VerdictReject, By: "ops@lumen.test", SlackUser: "U-OPS",
		Reason: "Over budget.", Counter: usd(150000)}, decisions("counter-reject")[0])

	// A click on the card of an older counter (the creator has since asked 1,400.00 USD).
	card = start("counter-stale", usd(140000))
	before := len(ephemerals())
	clicks.send(clickPayload("U-OPS", islack.ActionApprove, buttonValue(t, card, islack.ActionApprove), "1.4"))
	eventually(t, "the stale click's ephemeral", func() bool { return len(ephemerals()) == before+1 })
	require.Contains(t, ephemerals()[before].Get("text"), "this request was for the counter of 1,500.00 USD, but 1,400.00 USD is the current one")
	require.Empty(t, decisions("counter-stale"))
}

// answer sends a signed interaction like clickSender.send and returns the
// acknowledgement's body (a modal's errors, or nothing).
func (c clickSender) answer(payload any) string {
	c.t.Helper()
	res, ack := c.post(payload)
	require.Equal(c.t, http.StatusOK, res.StatusCode, string(ack))
	return string(ack)
}

// TestShortlistApprovalInSlackOnRealStack: a brief that asks for shortlist
// approval posts the shortlist card; Approve (a signed click to the worker)
// moves the campaign on to outreach and rewrites the card; a second click is
// refused with an ephemeral message.
func TestShortlistApprovalInSlackOnRealStack(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	ctx := context.Background()
	st := newSlackStack(t, map[string]string{"U-OPS": "ops@lumen.test"},
		[]campaign.Creator{{Platform: "instagram", Handle: "jane.glows", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200, AvgLikes: 2400, AvgComments: 80},
			{Platform: "instagram", Handle: "mo.makes", Name: "Mo Diaz", Email: "mo@creators.test", Followers: 52_000, AvgLikes: 600, AvgComments: 20},
			{Platform: "instagram", Handle: "kai.k", Name: "Kai Lee", Email: "kai@creators.test", Followers: 30_000, AvgLikes: 300, AvgComments: 10}})
	addr, ws, sink, clicks := st.addr, st.ws, st.sink, st.clicks

	brief := strings.Replace(slackBrief, "id: slack-click", "id: slack-shortlist", 1) + "shortlist:\n  approval: true\n"
	briefFile := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(briefFile, []byte(brief), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", briefFile)
	require.Equal(t, 0, code, out)

	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	stage := func() string {
		var st workflows.CampaignStatus
		if v, err := tc.QueryWorkflow(ctx, workflows.CampaignWorkflowID("slack-shortlist"), "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		return st.Stage
	}

	eventually(t, "the shortlist card", func() bool { return len(ws.got("chat.postMessage")) == 1 })
	posted := ws.got("chat.postMessage")[0]
	require.Equal(t, "C-APPROVALS", posted.Get("channel"))
	card := islack.BlocksTextJSON(posted.Get("blocks"))
	for _, want := range []string{"Shortlist of 3 for Spring Glow needs a decision", "The top *1* of *3* ranked creators are invited first",
		"*1. Jane Ito (@jane.glows)* — score", "_invited first_", "instagram · micro · 48,200 followers", "(@mo.makes)", "(@kai.k)",
		"3 considered", "`starter shortlist show slack-shortlist`"} {
		require.Contains(t, card, want)
	}
	require.Equal(t, workflows.StageShortlistApproval, stage())
	require.Empty(t, sink.Messages(), "nobody is contacted before the shortlist is approved")

	const ts = "1700000000.000001"
	clicks.send(clickPayload("U-OPS", islack.ActionApprove, buttonValue(t, posted.Get("blocks"), islack.ActionApprove), ts))
	eventually(t, "the card rewritten", func() bool { return len(ws.got("chat.update")) == 1 })
	up := ws.got("chat.update")[0]
	require.Equal(t, ts, up.Get("ts"))
	require.Contains(t, islack.BlocksTextJSON(up.Get("blocks")), "*Shortlist of 3 for Spring Glow* — ✅ Approved by <@U-OPS> (ops@lumen.test) at")
	require.NotContains(t, up.Get("blocks"), "action_id", "no buttons once decided")
	eventually(t, "outreach to the top of the shortlist", func() bool {
		for _, m := range sink.Messages() {
			if strings.Contains(m.Header.Get("To"), "jane@creators.test") {
				return true
			}
		}
		return false
	})
	require.Equal(t, "collaborating", stage())

	// A second click has its own trigger_id (the same request twice would be refused as a replay).
	again := clickPayload("U-OPS", islack.ActionApprove, buttonValue(t, posted.Get("blocks"), islack.ActionApprove), ts)
	again["trigger_id"] = "TRIG-U-OPS-2"
	require.Equal(t, http.StatusOK, clicks.send(again).StatusCode)
	eventually(t, "the second click's ephemeral", func() bool { return len(ws.got("chat.postEphemeral")) > 0 })
	eph := ws.got("chat.postEphemeral")
	require.Len(t, eph, 1, "%v", eph)
	require.Equal(t, "U-OPS", eph[0].Get("user"))
	require.Contains(t, eph[0].Get("text"), "the shortlist of slack-shortlist was already approved by ops@lumen.test")
	require.Len(t, ws.got("chat.update"), 1, "nothing decided twice")
	for _, m := range sink.Messages() {
		require.NotContains(t, m.Header.Get("To"), "kai@creators.test", "only creators_wanted are invited")
	}

	// Request changes on a second campaign's card: the modal offers the
	// shortlisted creators; dropping the top one invites the next instead.
	brief2 := strings.Replace(brief, "id: slack-shortlist", "id: slack-shortlist-drop", 1)
	require.NoError(t, os.WriteFile(briefFile, []byte(brief2), 0o644))
	out, code = starter(t, addr, "campaign", "start", "-f", briefFile)
	require.Equal(t, 0, code, out)
	eventually(t, "the second shortlist card", func() bool { return len(ws.got("chat.postMessage")) == 2 })
	second := ws.got("chat.postMessage")[1]
	clicks.send(clickPayload("U-OPS", islack.ActionRequestChanges, buttonValue(t, second.Get("blocks"), islack.ActionRequestChanges), "1700000000.000002"))
	eventually(t, "the drop modal", func() bool { return len(ws.got("views.open")) == 1 })
	var view struct {
		CallbackID      string          `json:"callback_id"`
		PrivateMetadata string          `json:"private_metadata"`
		Blocks          json.RawMessage `json:"blocks"`
	}
	require.NoError(t, json.Unmarshal([]byte(ws.got("views.open")[0].Get("view")), &view))
	for _, h := range []string{"jane.glows", "mo.makes", "kai.k"} {
		require.Contains(t, string(view.Blocks), `"value":"`+h+`"`)
	}
	ack := clicks.answer(map[string]any{"type": "view_submission", "user": map[string]any{"id": "U-OPS"},
		"view": map[string]any{"callback_id": view.CallbackID, "private_metadata": view.PrivateMetadata, "state": map[string]any{"values": map[string]any{
			"drop": map[string]any{"drop": map[string]any{"type": "multi_static_select", "selected_options": []map[string]any{{"value": "jane.glows"}}}},
			"note": map[string]any{"note": map[string]any{"type": "plain_text_input", "value": "Already on the first campaign."}}}}}})
	require.NotContains(t, ack, "errors")
	eventually(t, "the second card rewritten", func() bool { return len(ws.got("chat.update")) == 2 })
	rewritten := islack.BlocksTextJSON(ws.got("chat.update")[1].Get("blocks"))
	require.Contains(t, rewritten, "✅ Approved without @jane.glows by <@U-OPS> (ops@lumen.test)")
	require.Contains(t, rewritten, "> Already on the first campaign.")
	eventually(t, "outreach to the next on the shortlist", func() bool {
		for _, m := range sink.Messages() {
			if strings.Contains(m.Header.Get("To"), "mo@creators.test") {
				return true
			}
		}
		return false
	})
	toJane := 0
	for _, m := range sink.Messages() {
		if strings.Contains(m.Header.Get("To"), "jane@creators.test") {
			toJane++
		}
	}
	require.Equal(t, 1, toJane, "the dropped creator is not contacted by the second campaign")
}

// TestCounterOfferDecidedInSlackOnRealStack: a creator's counter-offer above
// the auto-accept ceiling posts a counter card; Approve (a signed click to the
// worker) commits the fee against the budget, sends the terms at the
// counter's fee and rewrites the card; a second click is refused.
func TestCounterOfferDecidedInSlackOnRealStack(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test")
	}
	st := newSlackStack(t, map[string]string{"U-OPS": "ops@lumen.test"},
		[]campaign.Creator{{Platform: "instagram", Handle: "jane.glows", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200, AvgLikes: 2400, AvgComments: 80}})
	dsn, addr, ws, sink, clicks := st.dsn, st.addr, st.ws, st.sink, st.clicks

	brief := strings.Replace(slackBrief, "id: slack-click", "id: slack-counter", 1)
	brief = strings.Replace(brief, `  fee: "1200.00 USD"`, "  fee: \"1200.00 USD\"\n  auto_accept_up_to: \"1300.00 USD\"", 1)
	briefFile := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(briefFile, []byte(brief), 0o644))
	out, code := starter(t, addr, "campaign", "start", "-f", briefFile)
	require.Equal(t, 0, code, out)
	eventually(t, "the outreach email", func() bool { return len(sink.Messages()) == 1 })
	out, code = starter(t, addr, "creator", "reply", "slack-counter", "jane.glows", "Love it! I'd do it for $1,800 though.")
	require.Equal(t, 0, code, out)

	eventually(t, "the counter card", func() bool { return len(ws.got("chat.postMessage")) == 1 })
	posted := ws.got("chat.postMessage")[0]
	card := islack.BlocksTextJSON(posted.Get("blocks"))
	for _, want := range []string{"Counter-offer from @jane.glows: 1,800.00 USD needs a decision", "1,200.00 USD", "1,300.00 USD", "48,200 followers"} {
		require.Contains(t, card, want)
	}
	require.Len(t, sink.Messages(), 1, "no terms before a person decides")

	const ts = "1700000000.000011"
	clicks.send(clickPayload("U-OPS", islack.ActionApprove, buttonValue(t, posted.Get("blocks"), islack.ActionApprove), ts))
	eventually(t, "the counter card rewritten", func() bool { return len(ws.got("chat.update")) == 1 })
	rewritten := islack.BlocksTextJSON(ws.got("chat.update")[0].Get("blocks"))
	require.Contains(t, rewritten, "✅ Approved at 1,800.00 USD by <@U-OPS> (ops@lumen.test)")
	require.NotContains(t, ws.got("chat.update")[0].Get("blocks"), "action_id", "no buttons once decided")
	eventually(t, "the terms email at the counter's fee", func() bool {
		msgs := sink.Messages()
		return len(msgs) == 2 && strings.Contains(msgs[1].Text(), "1,800.00 USD") && strings.Contains(msgs[1].Header.Get("To"), "jane@creators.test")
	})
	out, code = starter(t, addr, "campaign", "status", "slack-counter", "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "1,800.00 USD committed of 5,000.00 USD")

	again := clickPayload("U-OPS", islack.ActionApprove, buttonValue(t, posted.Get("blocks"), islack.ActionApprove), ts)
	again["trigger_id"] = "TRIG-U-OPS-2"
	require.Equal(t, http.StatusOK, clicks.send(again).StatusCode)
	eventually(t, "the second click's ephemeral", func() bool { return len(ws.got("chat.postEphemeral")) > 0 })
	require.Contains(t, ws.got("chat.postEphemeral")[0].Get("text"), "no counter-offer of jane.glows is waiting")
	require.Len(t, ws.got("chat.update"), 1, "nothing decided twice")
}
