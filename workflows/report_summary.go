package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// postReportSummary posts the stored report's summary to Slack. The report is
// already stored, so a summary that cannot be posted (Slack down for the
// whole retry window, a wrong channel) is logged and does not fail the campaign.
func postReportSummary(ctx workflow.Context, report campaign.Report) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
			MaximumInterval: time.Minute, MaximumAttempts: 10},
		Summary: "Post the report summary to Slack",
	})
	if err := workflow.ExecuteActivity(actx, ActPostReportSummary, ReportSummary{Report: report}).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("report summary not posted to Slack; the report is stored: starter campaign report "+report.CampaignID, "error", err)
	}
}
