package activities

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

func usd(minor int64) campaign.Money { return campaign.Money{Amount: minor, Currency: "USD"} }

// Many collaborations of one campaign commit at once, from several
// connection pools (as several workers would): the campaign's lock serialises
// them, so exactly as many fees as the budget holds are granted and the
// committed total never exceeds it.
func TestConcurrentCommitsNeverOverspend(t *testing.T) {
	a, _, _ := setup(t)
	ctx := context.Background()
	budget := usd(200000) // 2,000 USD
	const n = 64
	stores := []*postgres.Store{a.Store}
	for range 7 {
		st, err := postgres.Open(ctx, a.Store.Pool().Config().ConnString())
		require.NoError(t, err)
		t.Cleanup(st.Close)
		stores = append(stores, st)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	granted := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fee := usd(30000 + int64(i%3)*5000) // 300, 350 or 400 USD
			res, err := stores[i%len(stores)].CommitBudget(ctx, postgres.BudgetCommit{CampaignID: "busy", Handle: fmt.Sprintf("c%02d", i),
				Fee: fee, Budget: budget, Reason: workflows.AgreedOffer})
			granted[i], errs[i] = res.Granted, err
		}()
	}
	close(start)
	wg.Wait()
	var sum int64
	k := 0
	for i := range n {
		require.NoError(t, errs[i])
		if granted[i] {
			sum += 30000 + int64(i%3)*5000
			k++
		}
	}
	st, ok, err := a.Store.Budget(ctx, "busy")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, sum, st.Committed.Amount, "what was granted is what is committed")
	require.LessOrEqual(t, st.Committed.Amount, budget.Amount, "never overspent")
	require.Greater(t, st.Committed.Amount, budget.Amount-40000, "refused only when the fee did not fit")
	require.Equal(t, k, st.Agreements)
	require.Equal(t, budget.Amount-sum, st.Remaining.Amount)

	// A second campaign is not held up by, nor counted in, the first.
	res, err := a.Store.CommitBudget(ctx, postgres.BudgetCommit{CampaignID: "other", Handle: "c00", Fee: usd(150000), Budget: budget})
	require.NoError(t, err)
	require.True(t, res.Granted)
	require.Equal(t, usd(150000), res.Committed)
}

func TestCommitBudgetIsIdempotentRefusesOverspendAndReleases(t *testing.T) {
	a, _, _ := setup(t)
	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.CommitBudget)
	aenv.RegisterActivity(a.ReleaseBudget)
	omar := campaign.Creator{Platform: "instagram", Handle: "omar", Email: "omar@creators.test"}
	commit := func(c campaign.Creator, fee campaign.Money) (workflows.BudgetCommitment, error) {
		v, err := aenv.ExecuteActivity(a.CommitBudget, workflows.BudgetCommit{CampaignID: "c1", Creator: c, Fee: fee,
			Budget: usd(200000), Reason: workflows.AgreedCounterApproved, By: "ops@lumen.test"})
		var res workflows.BudgetCommitment
		if err == nil {
			err = v.Get(&res)
		}
		return res, err
	}

	first, err := commit(jane, usd(150000))
	require.NoError(t, err)
	require.True(t, first.Granted)
	again, err := commit(jane, usd(150000)) // the activity retried
	require.NoError(t, err)
	require.True(t, again.Granted)
	require.Equal(t, usd(150000), again.Committed, "a retry commits nothing more")
	require.Equal(t, usd(50000), again.Remaining)

	refused, err := commit(omar, usd(80000))
	require.NoError(t, err)
	require.False(t, refused.Granted)
	require.Equal(t, usd(150000), refused.Committed)
	require.Equal(t, usd(50000), refused.Remaining)
	rows, err := a.Store.Commitments(context.Background(), "c1")
	require.NoError(t, err)
	require.Len(t, rows, 1, "a refused commit stores nothing")
	require.Equal(t, "ops@lumen.test", rows[0].By)
	require.Equal(t, workflows.AgreedCounterApproved, rows[0].Reason)

	_, err = commit(omar, campaign.Money{Amount: 100, Currency: "EUR"})
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, err, &appErr)
	require.True(t, appErr.NonRetryable(), "a currency mismatch is not fixed by retrying")
	require.ErrorContains(t, err, "different currencies")

	release := func() workflows.BudgetCommitment {
		v, err := aenv.ExecuteActivity(a.ReleaseBudget, workflows.BudgetRelease{CampaignID: "c1", Creator: jane, Outcome: campaign.OutcomeRejected})
		require.NoError(t, err)
		var res workflows.BudgetCommitment
		require.NoError(t, v.Get(&res))
		return res
	}
	rel := release()
	require.True(t, rel.Released)
	require.Equal(t, usd(150000), rel.Fee)
	require.Equal(t, usd(0), rel.Committed)
	require.Equal(t, usd(200000), rel.Remaining)
	require.False(t, release().Released, "releasing twice releases once")
	rows, err = a.Store.Commitments(context.Background(), "c1")
	require.NoError(t, err)
	require.Equal(t, "released", rows[0].Status)
	require.Equal(t, string(campaign.OutcomeRejected), rows[0].Outcome)

	now, err := commit(omar, usd(80000))
	require.NoError(t, err)
	require.True(t, now.Granted, "the released fee is available again")
}

// The approval card shows the budget left from the commitments.
func TestApprovalCardShowsTheBudgetLeftFromCommitments(t *testing.T) {
	a, _, _ := setup(t)
	var mu sync.Mutex
	var posted []string
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(body))
			mu.Lock()
			posted = append(posted, form.Get("blocks"))
			mu.Unlock()
			fmt.Fprint(w, `{"ok":true,"channel":"C1","ts":"1.1"}`)
		})
	})
	srv.Start()
	t.Cleanup(srv.Stop)
	a.Slack = slack.New(slack.Config{BotToken: "x", Channel: "C1", APIURL: srv.GetAPIURL()})
	ctx := context.Background()
	b := brief
	b.Budget = usd(200000)
	for _, h := range []string{"omar", "lena"} {
		_, err := a.Store.CommitBudget(ctx, postgres.BudgetCommit{CampaignID: "c1", Handle: h, Fee: usd(60000), Budget: b.Budget})
		require.NoError(t, err)
	}
	_, _, err := a.Store.ReleaseBudget(ctx, "c1", "lena", string(campaign.OutcomeMissedDraft))
	require.NoError(t, err)

	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.PostApprovalRequest)
	_, err = aenv.ExecuteActivity(a.PostApprovalRequest, workflows.ApprovalRequest{Key: "k1", WorkflowID: "campaign/c1/creator/jane",
		CampaignID: "c1", Creator: jane, Fee: b.Offer.Fee, Brief: b, DraftURL: "https://d/1", Revision: 1})
	require.NoError(t, err)
	require.Len(t, posted, 1)
	require.Contains(t, posted[0], "1,400.00 USD left of 2,000.00 USD", "2,000 less omar's 600; lena's was released")
	require.Contains(t, posted[0], "after 1 committed fee(s)")
}

// A campaign running across the deploy: its first commit also commits the
// agreements reached before budget commitment existed, so they count.
func TestFirstCommitCountsAgreementsReachedBeforeCommitments(t *testing.T) {
	a, _, _ := setup(t)
	ctx := context.Background()
	b := brief
	b.Budget = usd(200000)
	require.NoError(t, a.Store.SaveCampaign(ctx, b))
	for _, r := range []postgres.CollaborationRow{
		{Handle: "old-live", Stage: "awaiting_draft", Fee: usd(80000)},                // agreed, running
		{Handle: "old-done", Stage: "done", Outcome: "completed", Fee: usd(30000)},    // agreed, paid
		{Handle: "old-no", Stage: "done", Outcome: "declined", Fee: usd(50000)},       // never agreed
		{Handle: "old-rejected", Stage: "done", Outcome: "rejected", Fee: usd(50000)}, // agreed, ended unpaid
		{Handle: "talking", Stage: "awaiting_reply", Fee: usd(50000)},                 // no agreement yet
		{Handle: "jane", Stage: "terms", Fee: usd(80000)},                             // the one committing now
	} {
		r.CampaignID, r.Platform, r.Email = b.ID, "instagram", r.Handle+"@x.test"
		require.NoError(t, a.Store.RecordCollaboration(ctx, r))
	}
	res, err := a.Store.CommitBudget(ctx, postgres.BudgetCommit{CampaignID: b.ID, Handle: "jane", Fee: usd(80000), Budget: b.Budget})
	require.NoError(t, err)
	require.True(t, res.Granted)
	require.Equal(t, usd(190000), res.Committed, "800 (old-live) + 300 (old-done) + 800 (jane)")
	require.Equal(t, 3, res.Agreements)
	res, err = a.Store.CommitBudget(ctx, postgres.BudgetCommit{CampaignID: b.ID, Handle: "late", Fee: usd(80000), Budget: b.Budget})
	require.NoError(t, err)
	require.False(t, res.Granted, "the old agreements leave 100, not 1,200")
	require.Equal(t, usd(10000), res.Remaining)
}
