package workflows

import "github.com/creatorflow/creatorflow/campaign"

// ActPostReportSummary posts a summary of the campaign's report (totals,
// benchmarks met or missed, the funnel, a warning if metrics are simulated)
// to the Slack approval channel, once per campaign; without Slack it logs it.
const ActPostReportSummary = "PostReportSummary"

// ReportSummary asks PostReportSummary to post the summary of Report.
type ReportSummary struct {
	Report campaign.Report `json:"report"`
}
