package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// CampaignInput starts a campaign.
type CampaignInput struct {
	Brief campaign.Brief `json:"brief"`
	// CohortSize caps the collaborations the campaign starts itself; beyond
	// it they go through CohortWorkflow children (0: DefaultCohortSize).
	CohortSize int `json:"cohort_size,omitempty"`
}

// CampaignStatus answers the campaign's "status" query; each creator's detail
// comes from querying its collaboration.
type CampaignStatus struct {
	CampaignID string           `json:"campaign_id"`
	Stage      string           `json:"stage"`
	Since      time.Time        `json:"since"`
	Creators   []CreatorSummary `json:"creators"`
	// Reserve: shortlisted creators not invited yet, who replace those that
	// decline or stay silent (waves.go). Cohorts > 0: the campaign runs in that
	// many cohorts, each with its own share of the reserve; query
	// CohortWorkflowID(campaign, 1…Cohorts) for their live status (CohortStatus).
	Reserve int `json:"reserve,omitempty"`
	Cohorts int `json:"cohorts,omitempty"`
	// Approval: while the shortlist waits for a decision, who it waits on and
	// its SLA (shortlist_sla.go).
	Approval *ApprovalWait `json:"approval,omitempty"`
}

// CreatorSummary is one collaboration as the campaign sees it.
type CreatorSummary struct {
	Handle     string           `json:"handle"`
	Platform   string           `json:"platform"`
	WorkflowID string           `json:"workflow_id"`
	Outcome    campaign.Outcome `json:"outcome,omitempty"`
	Wave       int              `json:"wave,omitempty"`     // invitation wave (waves.go)
	Replaces   string           `json:"replaces,omitempty"` // whom this creator was invited in place of
}

// CampaignResult is what a finished campaign returns: its report.
type CampaignResult struct {
	Report campaign.Report `json:"report"`
	// ShortlistRejected: a person rejected the shortlist and nobody was contacted.
	ShortlistRejected *ShortlistDecision `json:"shortlist_rejected,omitempty"`
}

// CampaignWorkflow stores the campaign, picks creators, runs a collaboration
// per creator, and when all have ended computes and stores the report.
func CampaignWorkflow(ctx workflow.Context, in CampaignInput) (CampaignResult, error) {
	b := in.Brief
	st := CampaignStatus{CampaignID: b.ID}
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (CampaignStatus, error) { return st, nil }); err != nil {
		return CampaignResult{}, err
	}
	stage := func(s, details string) {
		st.Stage, st.Since = s, workflow.Now(ctx)
		workflow.SetCurrentDetails(ctx, fmt.Sprintf("**%s** — %s (since %s)", s, details, st.Since.Format(time.RFC3339)))
		if err := workflow.UpsertTypedSearchAttributes(ctx, SAStage.ValueSet(s)); err != nil {
			workflow.GetLogger(ctx).Warn("stage search attribute not updated", "error", err)
		}
	}

	stage("setup", "storing the campaign and picking creators")
	sctx := workflow.WithActivityOptions(ctx, storeOptions("Store campaign "+b.ID))
	if err := workflow.ExecuteActivity(sctx, ActSaveCampaign, b).Get(ctx, nil); err != nil {
		return CampaignResult{}, err
	}
	var creators []campaign.Creator
	var ranked []Invitee // the shortlist, less dropped handles; nil on the SelectCreators path
	if workflow.GetVersion(ctx, ChangeShortlistCreators, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		sctx = workflow.WithActivityOptions(ctx, storeOptions("Pick creators from the roster"))
		if err := workflow.ExecuteActivity(sctx, ActSelectCreators, b).Get(ctx, &creators); err != nil {
			return CampaignResult{}, err
		}
	} else {
		var rejected *ShortlistDecision
		var err error
		if ranked, rejected, err = shortlist(ctx, b, stage, &st); err != nil {
			if ctx.Err() != nil {
				stage("cancelled", "campaign cancelled before any outreach")
				return CampaignResult{}, temporal.NewCanceledError("campaign cancelled")
			}
			return CampaignResult{}, err
		}
		if rejected != nil {
			stage("shortlist_rejected", fmt.Sprintf("shortlist rejected by %s: %s; nobody was contacted", rejected.By, rejected.Reason))
			return CampaignResult{Report: campaign.Report{CampaignID: b.ID}, ShortlistRejected: rejected}, nil
		}
		for _, inv := range ranked[:min(b.CreatorsWanted, len(ranked))] {
			creators = append(creators, inv.Creator)
		}
	}
	waves := ranked != nil && workflow.GetVersion(ctx, ChangeInviteWaves, workflow.DefaultVersion, 1) >= 1

	stage("collaborating", fmt.Sprintf("%d collaborations running", len(creators)))
	sel := workflow.NewSelector(ctx)
	results := make([]campaign.CollaborationResult, len(creators))
	var cohortErr error
	var waveSummary *campaign.WaveSummary
	direct := creators
	if waves {
		direct = nil
		results, waveSummary, cohortErr = inviteInWaves(ctx, in, ranked, &st)
	} else if useCohorts(ctx, in, len(creators)) {
		direct = nil
		for _, cr := range creators {
			st.Creators = append(st.Creators, CreatorSummary{Handle: cr.Handle, Platform: cr.Platform, WorkflowID: CollaborationWorkflowID(b.ID, cr.Handle)})
		}
		cohortErr = runCohorts(ctx, in, creators, &st, results)
	}
	for i, cr := range direct {
		id := CollaborationWorkflowID(b.ID, cr.Handle)
		st.Creators = append(st.Creators, CreatorSummary{Handle: cr.Handle, Platform: cr.Platform, WorkflowID: id})
		cctx := collaborationChildOptions(ctx, b, cr)
		i, cr := i, cr
		sel.AddFuture(workflow.ExecuteChildWorkflow(cctx, CollaborationWorkflowName, CollaborationInput{CampaignID: b.ID, Brief: b, Creator: cr}),
			func(f workflow.Future) {
				var r campaign.CollaborationResult
				if err := f.Get(ctx, &r); err != nil {
					// A failed collaboration is reported as failed; it does not sink the campaign.
					r = campaign.CollaborationResult{Handle: cr.Handle, Platform: cr.Platform, Followers: cr.Followers, Outcome: campaign.OutcomeFailed, Fee: b.Offer.Fee}
					if temporal.IsCanceledError(err) {
						r.Outcome = campaign.OutcomeCancelled
					} else {
						workflow.GetLogger(ctx).Error("collaboration failed", "creator", cr.Handle, "error", err)
					}
				}
				results[i] = r
				st.Creators[i].Outcome = r.Outcome
			})
	}
	for range direct {
		sel.Select(ctx)
	}
	if ctx.Err() != nil {
		stage("cancelled", "campaign cancelled; collaborations recorded how they ended")
		return CampaignResult{}, temporal.NewCanceledError("campaign cancelled")
	}
	if cohortErr != nil {
		return CampaignResult{}, cohortErr
	}

	stage("reporting", "computing the report")
	var report campaign.Report
	sctx = workflow.WithActivityOptions(ctx, storeOptions("Compute and store the report"))
	if err := workflow.ExecuteActivity(sctx, ActBuildReport, ReportRequest{Brief: b, Results: results, Waves: waveSummary}).Get(ctx, &report); err != nil {
		return CampaignResult{}, err
	}
	if workflow.GetVersion(ctx, ChangeReportSummarySlack, workflow.DefaultVersion, 1) >= 1 {
		postReportSummary(ctx, report)
	}
	stage("done", "report stored")
	return CampaignResult{Report: report}, nil
}
