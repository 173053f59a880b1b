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
