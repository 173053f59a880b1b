package activities

import (
	"context"
	"fmt"
	"strings"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

// PostReportSummary posts the summary of a campaign's report to the Slack
// approval channel once: where it was posted is kept under
// "report/<campaign>", so a retry (or a replayed workflow) posts nothing more.
// Without Slack it only logs the summary.
func (a *Activities) PostReportSummary(ctx context.Context, s workflows.ReportSummary) error {
	r := s.Report
	title, sections := ReportSummaryText(r)
	log := activity.GetLogger(ctx)
	if a.Slack == nil {
		log.Info("campaign report summary (slack not configured)", "campaign", r.CampaignID,
			"summary", title+"\n"+strings.Join(sections, "\n"))
		return nil
	}
	key := "report/" + r.CampaignID
	if _, _, ok, err := a.Store.ApprovalMessage(ctx, key); err != nil || ok {
		return err
	}
	ch, ts, err := a.Slack.PostSummary(ctx, title, sections)
	if err != nil {
		return err
	}
	log.Info("campaign report summary posted to slack", "campaign", r.CampaignID, "channel", ch, "ts", ts)
	return a.Store.SaveApprovalMessage(ctx, key, ch, ts)
}

// ReportSummaryText renders a report as a Slack summary: a title and mrkdwn
// sections (a simulated-metrics warning first, then the totals, the
// benchmarks met or missed, and the funnel). A figure that is not available
// is left out, except the core totals, which show n/a.
func ReportSummaryText(r campaign.Report) (title string, sections []string) {
	name := r.Name
	if name == "" {
		name = r.CampaignID
	}
	title = fmt.Sprintf("Campaign report: %s", name)
	if r.Name != "" && r.CampaignID != "" {
		title += " (" + r.CampaignID + ")"
	}
	t := r.Total
	if t.Simulated {
		sections = append(sections, ":warning: *Metrics are SIMULATED* (no platform API configured); do not use them as results.")
	}
	money := func(m *campaign.Money) string { return campaign.FormatMoney(m) + " " + r.Currency }
	cost := t.Cost
	lines := []string{
		fmt.Sprintf("*Totals* (amounts in %s)", r.Currency),
		"• Cost: " + money(&cost),
		"• Views: " + campaign.FormatCount(t.Views),
		"• Engagements: " + campaign.FormatCount(t.Engagements),
		fmt.Sprintf("• Engagement rate: %s by views, %s by followers",
			campaign.FormatPercent(t.EngagementRateByViews), campaign.FormatPercent(t.EngagementRateByFollowers)),
	}
	opt := func(label string, ok bool, v string) {
		if ok {
			lines = append(lines, "• "+label+": "+v)
		}
	}
	opt("Clicks", t.Clicks != nil, campaign.FormatCount(t.Clicks))
	opt("Conversions", t.Conversions != nil, campaign.FormatCount(t.Conversions))
	opt("Revenue", t.Revenue != nil, money(t.Revenue))
	opt("CPM", t.CPM != nil, money(t.CPM))
	opt("CPE", t.CPE != nil, money(t.CPE))
	opt("CPC", t.CPC != nil, money(t.CPC))
	opt("CPA", t.CPA != nil, money(t.CPA))
	opt("ROI", t.ROI != nil, campaign.FormatSignedPercent(t.ROI))
	opt("ROAS", t.ROAS != nil, campaign.FormatMultiple(t.ROAS))
	opt("EMV (estimate)", t.EMV != nil, money(t.EMV))
	sections = append(sections, strings.Join(lines, "\n"))

	if len(t.Checks) > 0 {
		count := map[string]int{}
		var cl []string
		for _, c := range t.Checks {
			count[c.Status]++
			icon := map[string]string{"met": ":white_check_mark:", "missed": ":x:"}[c.Status]
			if icon == "" {
				icon = ":grey_question:"
			}
			cl = append(cl, fmt.Sprintf("%s %s (benchmark %s): %s", icon, c.KPI, c.Benchmark, c.Status))
		}
		head := fmt.Sprintf("*Benchmarks*: %d met, %d missed", count["met"], count["missed"])
		if n := count["n/a"]; n > 0 {
			head += fmt.Sprintf(", %d n/a", n)
		}
		sections = append(sections, head+"\n"+strings.Join(cl, "\n"))
	} else {
		sections = append(sections, "*Benchmarks*: none set in the brief")
	}

	f := r.Funnel
	sections = append(sections, fmt.Sprintf("*Funnel*: %d shortlisted → %d contacted → %d agreed → %d published",
		f.Shortlisted, f.Contacted, f.Agreed, f.Published))
	full := fmt.Sprintf("Full report: `starter campaign report %s`", r.CampaignID)
	if r.Compact { // the creator lines are only in PostgreSQL (report_compact.go)
		full = fmt.Sprintf("Full report (%d creators): `starter campaign report %s --database-url URL`", r.LinesStored, r.CampaignID)
	}
	sections = append(sections, full)
	return title, sections
}
