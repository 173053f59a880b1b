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

// CampaignWorkflow stores the campaign, shortlists creators (shortlist.go),
// invites them in waves (waves.go), and when every collaboration has ended
// computes and stores the report and posts its summary to Slack.
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
	ranked, rejected, err := shortlist(ctx, b, stage, &st)
	if err != nil {
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

	stage("collaborating", fmt.Sprintf("%d collaborations running", min(b.CreatorsWanted, len(ranked))))
	results, waveSummary, err := inviteInWaves(ctx, in, ranked, &st) // waves.go
	if ctx.Err() != nil {
		stage("cancelled", "campaign cancelled; collaborations recorded how they ended")
		return CampaignResult{}, temporal.NewCanceledError("campaign cancelled")
	}
	if err != nil {
		return CampaignResult{}, err
	}

	stage("reporting", "computing the report")
	var report campaign.Report
	sctx = workflow.WithActivityOptions(ctx, storeOptions("Compute and store the report"))
	if err := workflow.ExecuteActivity(sctx, ActBuildReport, ReportRequest{Brief: b, Results: results, Waves: waveSummary}).Get(ctx, &report); err != nil {
		return CampaignResult{}, err
	}
	postReportSummary(ctx, report)
	stage("done", "report stored")
	return CampaignResult{Report: report}, nil
}
