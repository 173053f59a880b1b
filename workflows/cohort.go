package workflows

import (
	"fmt"
	"sort"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// A campaign with more creators than its cohort size starts them through
// CohortWorkflow children, each starting and awaiting at most that many
// collaborations, so the campaign's own history grows with the number of
// cohorts, not of creators (a child costs its parent about five events: 5,000
// creators started directly put ~25,000 events in the campaign's history).
// The collaborations keep their IDs: campaign/<id>/creator/<handle>.

// DefaultCohortSize is used when CampaignInput.CohortSize is 0. A workflow
// with many pending children slows the server down (its mutable state carries
// every one; the server refuses more than 2,000 by default): `make bench` ran
// 10 cohorts of 500 at a third of the rate of 2 cohorts of 500. Changing it
// changes how running campaigns split: after a release that is a change of
// shape (docs/versioning.md).
const DefaultCohortSize = 100

// CohortWorkflowName is the cohort's registered name.
const CohortWorkflowName = "CohortWorkflow"

// CohortWorkflowID is the readable ID of a campaign's n-th cohort (from 1).
func CohortWorkflowID(campaignID string, n int) string {
	return fmt.Sprintf("campaign/%s/cohort/%d", campaignID, n)
}

// CohortInput starts one cohort of a campaign's collaborations.
type CohortInput struct {
	CampaignID string         `json:"campaign_id"`
	Brief      campaign.Brief `json:"brief"`
	Number     int            `json:"number"`
	// Invitees are the cohort's wave 1 (waves.go), Reserve its share of the
	// shortlist's reserve, best first.
	Invitees []Invitee `json:"invitees"`
	Reserve  []Invitee `json:"reserve,omitempty"`
}

// CohortResult is every collaboration's result, in the order of the input; a
// failed collaboration is in it with the outcome "failed".
type CohortResult struct {
	Results []campaign.CollaborationResult `json:"results"`
	// With waves: the results by wave then rank, how many of the reserve were
	// not invited, and how many declines or silences nobody was left to replace.
	Reserve    int `json:"reserve,omitempty"`
	Unreplaced int `json:"unreplaced,omitempty"`
}

func (in CampaignInput) cohortSize() int {
	if in.CohortSize > 0 {
		return in.CohortSize
	}
	return DefaultCohortSize
}

// useCohorts says whether a campaign's first wave is too large for the
// campaign to start itself.
func useCohorts(in CampaignInput, first int) bool {
	return first > in.cohortSize()
}

// collaborationChildOptions are the options every collaboration is started with.
func collaborationChildOptions(ctx workflow.Context, b campaign.Brief, cr campaign.Creator) workflow.Context {
	return workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID: CollaborationWorkflowID(b.ID, cr.Handle),
		// Cancelling or terminating the campaign cancels its collaborations,
		// which record how they ended.
		ParentClosePolicy:   enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		WaitForCancellation: true,
		StaticSummary:       fmt.Sprintf("%s on %s for %s", cr.Handle, cr.Platform, b.Name),
		StaticDetails:       fmt.Sprintf("Creator %s (%s, %d followers, %s) in campaign %s; fee %s.", cr.Name, cr.Platform, cr.Followers, cr.Tier(), b.ID, b.Offer.Fee),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			SACampaignID.ValueSet(b.ID), SACreatorHandle.ValueSet(cr.Handle), SAStage.ValueSet(string(StageOutreach))),
	})
}

// cohortRun is a large campaign's waves run by cohorts: each cohort gets its
// wave 1 and its share of the reserve (dealt in rank order, like cards).
type cohortRun struct {
	brief    campaign.Brief
	size     int
	st       *CampaignStatus
	cohorts  []cohortSlot
	firstErr error
}

type cohortSlot struct {
	first, reserve []Invitee
	ended          bool
	res            CohortResult
}

func newCohortRun(in CampaignInput, first, reserve []Invitee, st *CampaignStatus) *cohortRun {
	size := in.cohortSize()
	n := (len(first) + size - 1) / size
	shares := make([][]Invitee, n)
	for j, inv := range reserve {
		shares[j%n] = append(shares[j%n], inv)
	}
	r := &cohortRun{brief: in.Brief, size: size, st: st, cohorts: make([]cohortSlot, n)}
	for k := range r.cohorts {
		r.cohorts[k] = cohortSlot{first: first[k*size : min((k+1)*size, len(first))], reserve: shares[k]}
	}
	return r
}

// cohortsInWaves starts the cohorts and gathers their results.
func cohortsInWaves(ctx workflow.Context, in CampaignInput, first, reserve []Invitee, st *CampaignStatus) ([]campaign.CollaborationResult, *campaign.WaveSummary, error) {
	r := newCohortRun(in, first, reserve, st)
	r.refresh()
	sel := workflow.NewSelector(ctx)
	for k := range r.cohorts {
		r.start(ctx, sel, k)
	}
	for range r.cohorts {
		sel.Select(ctx)
	}
	results, sum := r.gather(append(append([]Invitee(nil), first...), reserve...))
	return results, &sum, r.firstErr
}

// refresh sets the campaign's status: each cohort's wave 1 until it ends,
// then all it invited.
func (r *cohortRun) refresh() {
	b, st := r.brief, r.st
	st.Creators, st.Reserve, st.Cohorts = nil, 0, len(r.cohorts)
	for _, c := range r.cohorts {
		if !c.ended {
			for _, inv := range c.first {
				st.Creators = append(st.Creators, CreatorSummary{Handle: inv.Creator.Handle, Platform: inv.Creator.Platform,
					WorkflowID: CollaborationWorkflowID(b.ID, inv.Creator.Handle), Wave: 1})
			}
			st.Reserve += len(c.reserve)
			continue
		}
		for _, res := range c.res.Results {
			st.Creators = append(st.Creators, CreatorSummary{Handle: res.Handle, Platform: res.Platform,
				WorkflowID: CollaborationWorkflowID(b.ID, res.Handle), Outcome: res.Outcome, Wave: res.Wave, Replaces: res.Replaces})
		}
		st.Reserve += c.res.Reserve
	}
}

// start starts cohort k (from 0) as a child.
func (r *cohortRun) start(ctx workflow.Context, sel workflow.Selector, k int) {
	b, num, c := r.brief, k+1, &r.cohorts[k]
	from := k * r.size
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:          CohortWorkflowID(b.ID, num),
		ParentClosePolicy:   enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		WaitForCancellation: true,
		StaticSummary: fmt.Sprintf("cohort %d of %s: creators %d–%d, %d in reserve",
			num, b.Name, from+1, from+len(c.first), len(c.reserve)),
		TypedSearchAttributes: temporal.NewSearchAttributes(SACampaignID.ValueSet(b.ID)),
	})
	cin := CohortInput{CampaignID: b.ID, Brief: b, Number: num, Invitees: c.first, Reserve: c.reserve}
	sel.AddFuture(workflow.ExecuteChildWorkflow(cctx, CohortWorkflowName, cin), func(f workflow.Future) {
		err := f.Get(ctx, &c.res)
		if err != nil || len(c.res.Results) < len(c.first) {
			// The cohort's own results are lost: its wave 1 is reported as cancelled.
			c.res = CohortResult{Reserve: len(c.reserve)}
			for _, inv := range c.first {
				res := unfinished(inv.Creator, b.Offer.Fee, campaign.OutcomeCancelled)
				res.Wave = 1
				c.res.Results = append(c.res.Results, res)
			}
		}
		c.ended = true
		if err != nil && !temporal.IsCanceledError(err) && r.firstErr == nil {
			r.firstErr = fmt.Errorf("cohort %d failed: %w", num, err)
		}
		r.refresh()
	})
}

// gather merges the cohorts' results by wave, then by rank on the shortlist.
func (r *cohortRun) gather(ranked []Invitee) ([]campaign.CollaborationResult, campaign.WaveSummary) {
	rank := map[string]int{}
	for _, inv := range ranked {
		rank[inv.Creator.Handle] = inv.Rank
	}
	var results []campaign.CollaborationResult
	reserveLeft, unreplaced := 0, 0
	for _, c := range r.cohorts {
		results = append(results, c.res.Results...)
		reserveLeft += c.res.Reserve
		unreplaced += c.res.Unreplaced
	}
	sort.SliceStable(results, func(i, j int) bool {
		if results[i].Wave != results[j].Wave {
			return results[i].Wave < results[j].Wave
		}
		return rank[results[i].Handle] < rank[results[j].Handle]
	})
	return results, campaign.SummarizeWaves(results, r.brief.CreatorsWanted, reserveLeft, unreplaced)
}

// CohortWorkflow runs one cohort of a large campaign: its wave 1 and its
// share of the reserve, replacing within the cohort.
func CohortWorkflow(ctx workflow.Context, in CohortInput) (CohortResult, error) {
	w := newWaveRun(ctx, in.CampaignID, in.Brief, len(in.Invitees), in.Reserve)
	st := CohortStatus{Number: in.Number}
	w.changed = func() { st.Creators, st.Reserve = w.creators, w.reserveLeft() }
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (CohortStatus, error) { return st, nil }); err != nil {
		return CohortResult{}, err
	}
	w.run(ctx, in.Invitees)
	res := CohortResult{Results: w.results(), Reserve: w.reserveLeft(), Unreplaced: w.unreplaced}
	if ctx.Err() != nil {
		return res, temporal.NewCanceledError("campaign cancelled")
	}
	return res, nil
}

// CohortStatus answers a cohort's "status" query (cohorts with waves): every
// collaboration it started and how many of its reserve are left.
type CohortStatus struct {
	Number   int              `json:"number"`
	Creators []CreatorSummary `json:"creators"`
	Reserve  int              `json:"reserve"`
}
