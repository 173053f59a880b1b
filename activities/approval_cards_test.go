package activities

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// slackRecorder records chat.postMessage and chat.update.
type slackRecorder struct {
	mu    sync.Mutex
	calls map[string][]url.Values
}

func (r *slackRecorder) got(method string) []url.Values {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]url.Values(nil), r.calls[method]...)
}

func recordingSlack(t *testing.T, a *Activities) *slackRecorder {
	rec := &slackRecorder{calls: map[string][]url.Values{}}
	handle := func(method string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			rec.mu.Lock()
			rec.calls[method] = append(rec.calls[method], r.PostForm)
			n := len(rec.calls[method])
			rec.mu.Unlock()
			fmt.Fprintf(w, `{"ok":true,"channel":"C1","ts":"2.%d"}`, n)
		}
	}
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", handle("chat.postMessage"))
		c.Handle("/chat.update", handle("chat.update"))
	})
	srv.Start()
	t.Cleanup(srv.Stop)
	a.Slack = slack.New(slack.Config{BotToken: "x", Channel: "C1", APIURL: srv.GetAPIURL()})
	return rec
}

func TestCounterCardShowsTheBudgetLeftIfApproved(t *testing.T) {
	a, _, _ := setup(t)
	rec := recordingSlack(t, a)
	ctx := context.Background()
	b := brief
	b.Budget = campaign.Money{Amount: 500000, Currency: "USD"}
	b.Offer.Fee = campaign.Money{Amount: 100000, Currency: "USD"}
	b.Offer.AutoAcceptUpTo = campaign.Money{Amount: 120000, Currency: "USD"}
	b.Offer.PostingDate = "2027-03-15"
	b.Formats = []string{"reel"}
	require.NoError(t, a.Store.SaveCampaign(ctx, b))
	usd := func(n int64) campaign.Money { return campaign.Money{Amount: n, Currency: "USD"} }
	for _, row := range []postgres.CollaborationRow{
		{Handle: "ana", Stage: "terms", Fee: usd(100000)},                                           // committed
		{Handle: "ben", Stage: "done", Outcome: string(campaign.OutcomeCompleted), Fee: usd(90000)}, // committed
		{Handle: "cai", Stage: "done", Outcome: string(campaign.OutcomeDeclined), Fee: usd(100000)}, // nothing to pay
		{Handle: "dee", Stage: "awaiting_reply", Fee: usd(100000)},                                  // no agreement yet
		{Handle: "jane", Stage: "awaiting_reply", Fee: usd(100000)},                                 // this creator: the counter counts
	} {
		row.CampaignID, row.Platform, row.Email = b.ID, "instagram", row.Handle+"@creators.test"
		require.NoError(t, a.Store.RecordCollaboration(ctx, row))
	}
	creator := jane
	creator.RateCard = map[string]campaign.Money{"reel": usd(140000), "story": usd(40000)}
	counter := usd(150000)
	req := workflows.ApprovalRequest{Key: "campaign/c1/creator/jane/counter-1", WorkflowID: "campaign/c1/creator/jane",
		CampaignID: b.ID, Creator: creator, Fee: b.Offer.Fee, Brief: b, Kind: workflows.ApprovalCounter, Counter: &counter,
		Vetting: &workflows.VettingSummary{Score: 64.2, Flags: []campaign.Flag{{Kind: campaign.FlagLikesComments, Severity: campaign.Warning, Evidence: "1 comment per 140 likes"}}}}

	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.PostApprovalRequest)
	aenv.RegisterActivity(a.UpdateApprovalMessage)
	for range 2 { // a retry does not post twice
		_, err := aenv.ExecuteActivity(a.PostApprovalRequest, req)
		require.NoError(t, err)
	}
	posts := rec.got("chat.postMessage")
	require.Len(t, posts, 1)
	text := slack.BlocksTextJSON(posts[0].Get("blocks"))
	for _, want := range []string{
		"Counter-offer from @jane: 1,500.00 USD needs a decision", "Jane (@jane)", "instagram · micro · 50,000 followers",
		"*1,500.00 USD* asked\nagainst the offer of 1,000.00 USD (+50%)", "*Auto-accept ceiling*\n1,200.00 USD\n_the counter is 300.00 USD above it_",
		"1,400.00 USD for the brief's formats\nreel 1,400.00 USD · story 400.00 USD",
		"1,600.00 USD left of 5,000.00 USD if approved\n_after 2 committed fee(s) and this counter_",
		"post by 2027-03-15", "*Vetting score:* 64/100", "likes to comments (warning): 1 comment per 140 likes",
	} {
		require.Contains(t, text, want)
	}

	// Rejected with a counter-proposal: the card says so, who, when; no buttons.
	propose := usd(125000)
	_, err := aenv.ExecuteActivity(a.UpdateApprovalMessage, workflows.ApprovalOutcome{Message: workflows.ApprovalMessage{Channel: "C1", TS: "2.1"},
		Request: req, Decision: workflows.Decision{Verdict: workflows.VerdictReject, By: "ops@lumen.test", SlackUser: "U-OPS", Feedback: "Our ceiling for a reel."},
		Propose: &propose, At: time.Date(2027, 3, 1, 10, 30, 0, 0, time.UTC)})
	require.NoError(t, err)
	up := rec.got("chat.update")
	require.Len(t, up, 1)
	require.Equal(t, "2.1", up[0].Get("ts"))
	out := slack.BlocksTextJSON(up[0].Get("blocks"))
	require.Contains(t, out, "*Counter-offer from @jane: 1,500.00 USD* — ↩️ Counter-proposed 1,250.00 USD by <@U-OPS> (ops@lumen.test) at 2027-03-01 10:30 UTC")
	require.Contains(t, out, "> Our ceiling for a reel.")
	require.NotContains(t, up[0].Get("blocks"), "action_id")

	_, err = aenv.ExecuteActivity(a.UpdateApprovalMessage, workflows.ApprovalOutcome{Message: workflows.ApprovalMessage{Channel: "C1", TS: "2.1"},
		Request: req, Decision: workflows.Decision{Verdict: workflows.VerdictApprove, By: "U-LEAD", SlackUser: "U-LEAD"}, At: time.Now()})
	require.NoError(t, err)
	require.Contains(t, slack.BlocksTextJSON(rec.got("chat.update")[1].Get("blocks")), "✅ Approved at 1,500.00 USD by <@U-LEAD> at")
}

func TestShortlistCardAndItsRewrite(t *testing.T) {
	a, _, _ := setup(t)
	rec := recordingSlack(t, a)
	b := brief
	b.CreatorsWanted = 2
	sl := campaign.Shortlist{Considered: 9, BeyondSize: 1, Ranked: []campaign.Assessment{
		{Creator: campaign.Creator{Platform: "instagram", Handle: "ana", Name: "Ana", Followers: 40_000}, Tier: campaign.Micro, Score: 81,
			Rate: &campaign.Money{Amount: 90000, Currency: "USD"}},
		{Creator: campaign.Creator{Platform: "instagram", Handle: "ben", Name: "Ben", Followers: 12_500}, Tier: campaign.Micro, Score: 67,
			Flags: []campaign.Flag{{Kind: campaign.FlagAudienceOutside, Severity: campaign.Warning, Evidence: "38% of the audience in US"}}},
		{Creator: campaign.Creator{Platform: "instagram", Handle: "cai", Followers: 9_000}, Tier: campaign.Nano, Score: 55},
	}, Excluded: []campaign.Assessment{{Creator: campaign.Creator{Handle: "risky"}, Excluded: "content labelled hate"}}}
	req := workflows.ApprovalRequest{Key: "campaign/c1/shortlist", WorkflowID: "campaign/c1", CampaignID: "c1", Brief: b,
		Fee: b.Offer.Fee, Kind: workflows.ApprovalShortlist, Shortlist: &sl}
	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.PostApprovalRequest)
	aenv.RegisterActivity(a.UpdateApprovalMessage)
	_, err := aenv.ExecuteActivity(a.PostApprovalRequest, req)
	require.NoError(t, err)
	posts := rec.got("chat.postMessage")
	require.Len(t, posts, 1)
	text := slack.BlocksTextJSON(posts[0].Get("blocks"))
	for _, want := range []string{
		"Shortlist of 3 for Spring needs a decision", "The top *2* of *3* ranked creators are invited first",
		"9 considered (on the brief's platforms and tiers) · 1 excluded · 1 ranked below the shortlist's size",
		"*Budget:* 1,000.00 USD for 2 creators (500.00 USD each) · offer 500.00 USD",
		"*1. Ana (@ana)* — score *81* · _invited first_\ninstagram · micro · 40,000 followers · rate 900.00 USD",
		"*2. Ben (@ben)* — score *67* · _invited first_\ninstagram · micro · 12,500 followers · rate unknown\n:warning: audience outside target (warning): 38% of the audience in US",
		"*3. @cai* — score *55*\ninstagram · nano · 9,000 followers", "Excluded: @risky (content labelled hate)",
	} {
		require.Contains(t, text, want)
	}
	_, err = aenv.ExecuteActivity(a.UpdateApprovalMessage, workflows.ApprovalOutcome{Message: workflows.ApprovalMessage{Channel: "C1", TS: "2.1"},
		Request: req, Decision: workflows.Decision{Verdict: workflows.VerdictApprove, By: "ops@lumen.test", SlackUser: "U-OPS"},
		Drop: []string{"ana"}, At: time.Date(2027, 3, 1, 10, 30, 0, 0, time.UTC)})
	require.NoError(t, err)
	require.Contains(t, slack.BlocksTextJSON(rec.got("chat.update")[0].Get("blocks")),
		"*Shortlist of 3 for Spring* — ✅ Approved without @ana by <@U-OPS> (ops@lumen.test) at 2027-03-01 10:30 UTC")
}

func TestDraftCardCarriesTheVetting(t *testing.T) {
	a, _, _ := setup(t)
	rec := recordingSlack(t, a)
	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.PostApprovalRequest)
	_, err := aenv.ExecuteActivity(a.PostApprovalRequest, workflows.ApprovalRequest{Key: "k", WorkflowID: "campaign/c1/creator/jane",
		CampaignID: "c1", Creator: jane, Fee: brief.Offer.Fee, Brief: brief, DraftURL: "https://d/1", Revision: 1,
		Vetting: &workflows.VettingSummary{Score: 77}})
	require.NoError(t, err)
	require.Contains(t, slack.BlocksTextJSON(rec.got("chat.postMessage")[0].Get("blocks")), "*Vetting score:* 77/100 · no red flags")
}

func TestNudgeNamesWhatWaits(t *testing.T) {
	counter := campaign.Money{Amount: 150000, Currency: "USD"}
	require.Equal(t, "draft 2 from @jane (Spring)", nudgeSubject(workflows.ApprovalRequest{Revision: 2, Creator: jane, Brief: brief}))
	require.Equal(t, "the counter-offer of 1,500.00 USD from @jane (Spring)",
		nudgeSubject(workflows.ApprovalRequest{Kind: workflows.ApprovalCounter, Counter: &counter, Creator: jane, Brief: brief}))
	require.Equal(t, "the shortlist of Spring", nudgeSubject(workflows.ApprovalRequest{Kind: workflows.ApprovalShortlist, Brief: brief}))
}

// Once the campaign commits fees, the counter card's "budget left" is what
// Approve is checked against: the commitments, this creator's own hold
// (a counter-proposal out) replaced by the counter.
func TestCounterCardBudgetLeftComesFromTheCommitments(t *testing.T) {
	a, _, _ := setup(t)
	rec := recordingSlack(t, a)
	ctx := context.Background()
	usd := func(n int64) campaign.Money { return campaign.Money{Amount: n, Currency: "USD"} }
	b := brief
	b.Budget, b.Offer.Fee = usd(500000), usd(100000)
	require.NoError(t, a.Store.SaveCampaign(ctx, b))
	for _, c := range []postgres.BudgetCommit{
		{Handle: "ana", Fee: usd(100000), Reason: workflows.AgreedOffer},
		{Handle: "ben", Fee: usd(90000), Reason: workflows.AgreedCounterAuto},
		{Handle: "jane", Fee: usd(90000), Reason: workflows.AgreedProposalHeld}, // our proposal to jane, held
	} {
		c.CampaignID, c.Platform, c.Budget = b.ID, "instagram", b.Budget
		res, err := a.Store.CommitBudget(ctx, c)
		require.NoError(t, err)
		require.True(t, res.Granted)
	}
	// A row per collaboration that would give another figure (the fallback): ignored now.
	require.NoError(t, a.Store.RecordCollaboration(ctx, postgres.CollaborationRow{CampaignID: b.ID, Handle: "zed", Platform: "instagram",
		Email: "zed@creators.test", Stage: "terms", Fee: usd(400000)}))
	counter := usd(150000)
	req := workflows.ApprovalRequest{Key: "campaign/c1/creator/jane/counter-2", WorkflowID: "campaign/c1/creator/jane",
		CampaignID: b.ID, Creator: jane, Fee: b.Offer.Fee, Brief: b, Kind: workflows.ApprovalCounter, Counter: &counter}
	rate := usd(130000)
	req.Creator.RateCard = nil // a creator past the top of a compact shortlist
	req.Vetting = &workflows.VettingSummary{Score: 58, Rate: &rate}
	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.PostApprovalRequest)
	_, err := aenv.ExecuteActivity(a.PostApprovalRequest, req)
	require.NoError(t, err)
	posts := rec.got("chat.postMessage")
	require.Len(t, posts, 1)
	// 5,000 − (1,000 + 900 + 900 held for jane) + 900 − 1,500 = 1,600 (the rows would say −500).
	card := slack.BlocksTextJSON(posts[0].Get("blocks"))
	require.Contains(t, card, "1,600.00 USD left of 5,000.00 USD if approved\n_after 2 committed fee(s) and this counter_")
	require.Contains(t, card, "*Rate card*\n1,300.00 USD for the brief's formats", "the rate vetting read, when the request carries no rate card")
}
