package workflows

import (
	"fmt"

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

// VersionCampaignCohorts is the workflow.GetVersion change ID of the cohorts.
const VersionCampaignCohorts = "campaign-cohorts"

// DefaultCohortSize is used when CampaignInput.CohortSize is 0. A workflow
// with many pending children slows the server down (its mutable state carries
// every one; the server refuses more than 2,000 by default): `make bench` ran
// 10 cohorts of 500 at a third of the rate of 2 cohorts of 500. Changing it
// changes how running campaigns split, so it needs a new version of
// VersionCampaignCohorts.
const DefaultCohortSize = 100

// CohortWorkflowName is the cohort's registered name.
const CohortWorkflowName = "CohortWorkflow"

// CohortWorkflowID is the readable ID of a campaign's n-th cohort (from 1).
func CohortWorkflowID(campaignID string, n int) string {
	return fmt.Sprintf("campaign/%s/cohort/%d", campaignID, n)
}

// CohortInput starts one cohort of a campaign's collaborations.
type CohortInput struct {
	CampaignID string             `json:"campaign_id"`
	Brief      campaign.Brief     `json:"brief"`
	Number     int                `json:"number"`
	Creators   []campaign.Creator `json:"creators"`
	// Waves: the cohort invites in waves (waves.go): Invitees are its wave 1
	// (the same creators as Creators, with rank and vetting), Reserve its share
	// of the shortlist's reserve, best first.
	Waves    bool      `json:"waves,omitempty"`
	Invitees []Invitee `json:"invitees,omitempty"`
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

// useCohorts decides, once per campaign run, whether its creators go through
// cohorts. Campaigns small enough to fit one cohort do not call GetVersion at
// all, so their histories are as before.
func useCohorts(ctx workflow.Context, in CampaignInput, creators int) bool {
	if creators <= in.cohortSize() {
		return false
	}
	return workflow.GetVersion(ctx, VersionCampaignCohorts, workflow.DefaultVersion, 1) == 1
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

// runCohorts starts the cohorts and fills results (indexed like creators) as they end.
func runCohorts(ctx workflow.Context, in CampaignInput, creators []campaign.Creator, st *CampaignStatus, results []campaign.CollaborationResult) error {
	b, size := in.Brief, in.cohortSize()
	sel := workflow.NewSelector(ctx)
	var firstErr error
	n := 0
	for from := 0; from < len(creators); from += size {
		to := min(from+size, len(creators))
		n++
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:            CohortWorkflowID(b.ID, n),
			ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
			WaitForCancellation:   true,
			StaticSummary:         fmt.Sprintf("cohort %d of %s: creators %d–%d", n, b.Name, from+1, to),
			TypedSearchAttributes: temporal.NewSearchAttributes(SACampaignID.ValueSet(b.ID)),
		})
		from, to := from, to
		f := workflow.ExecuteChildWorkflow(cctx, CohortWorkflowName, CohortInput{CampaignID: b.ID, Brief: b, Number: n, Creators: creators[from:to]})
		sel.AddFuture(f, func(f workflow.Future) {
			var r CohortResult
			err := f.Get(ctx, &r)
			for i := from; i < to; i++ {
				cr := creators[i]
				res := campaign.CollaborationResult{Handle: cr.Handle, Platform: cr.Platform, Followers: cr.Followers, Outcome: campaign.OutcomeCancelled, Fee: b.Offer.Fee}
				if err == nil && i-from < len(r.Results) {
					res = r.Results[i-from]
				}
				results[i] = res
				st.Creators[i].Outcome = res.Outcome
			}
			if err != nil && !temporal.IsCanceledError(err) && firstErr == nil {
				firstErr = fmt.Errorf("cohort %d failed: %w", n, err)
			}
		})
	}
	for i := 0; i < n; i++ {
		sel.Select(ctx)
	}
	return firstErr
}

// CohortWorkflow starts one collaboration per creator and waits for them all.
func CohortWorkflow(ctx workflow.Context, in CohortInput) (CohortResult, error) {
	if in.Waves && workflow.GetVersion(ctx, ChangeInviteWaves, workflow.DefaultVersion, 1) >= 1 {
		return cohortInWaves(ctx, in)
	}
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("**collaborating** — %d collaborations of campaign %s", len(in.Creators), in.CampaignID))
	res := CohortResult{Results: make([]campaign.CollaborationResult, len(in.Creators))}
	sel := workflow.NewSelector(ctx)
	for i, cr := range in.Creators {
		i, cr := i, cr
		f := workflow.ExecuteChildWorkflow(collaborationChildOptions(ctx, in.Brief, cr), CollaborationWorkflowName,
			CollaborationInput{CampaignID: in.CampaignID, Brief: in.Brief, Creator: cr})
		sel.AddFuture(f, func(f workflow.Future) {
			var r campaign.CollaborationResult
			if err := f.Get(ctx, &r); err != nil {
				// As in CampaignWorkflow: a failed collaboration is reported as failed, not fatal.
				r = campaign.CollaborationResult{Handle: cr.Handle, Platform: cr.Platform, Followers: cr.Followers, Outcome: campaign.OutcomeFailed, Fee: in.Brief.Offer.Fee}
				if temporal.IsCanceledError(err) {
					r.Outcome = campaign.OutcomeCancelled
				} else {
					workflow.GetLogger(ctx).Error("collaboration failed", "creator", cr.Handle, "error", err)
				}
			}
			res.Results[i] = r
		})
	}
	for range in.Creators {
		sel.Select(ctx)
	}
	if ctx.Err() != nil {
		return res, temporal.NewCanceledError("campaign cancelled")
	}
	return res, nil
}
