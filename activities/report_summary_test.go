package activities

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/integrations/social"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

func summaryReport() campaign.Report {
	i := func(v int64) *int64 { return &v }
	f := func(v float64) *float64 { return &v }
	m := func(a int64) *campaign.Money { return &campaign.Money{Amount: a, Currency: "USD"} }
	return campaign.Report{CampaignID: "c1", Name: "Spring", Currency: "USD",
		Total: campaign.ReportLine{Handle: "TOTAL", Cost: campaign.Money{Amount: 100000, Currency: "USD"},
			Views: i(21_000), Engagements: i(1_010), EngagementRateByViews: f(1010.0 / 21000), EngagementRateByFollowers: f(0.0144),
			CPM: m(4762), CPE: m(99), ROI: f(-0.2), Simulated: true,
			Checks: []campaign.Check{{KPI: campaign.KPICPE, Benchmark: "0.80 USD", Status: "missed"},
				{KPI: campaign.KPIEngagementByFollowers, Benchmark: "1.00%", Status: "met"}}},
		Funnel: campaign.Funnel{Shortlisted: 3, Contacted: 3, Agreed: 2, Published: 2}}
}

// The summary reaches the Slack channel with the totals, the benchmarks, the
// funnel and the simulated warning; a retry does not post it again.
func TestReportSummaryIsPostedOnceWithTheTotals(t *testing.T) {
	var mu sync.Mutex
	var texts, blocks []string
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			mu.Lock()
			texts = append(texts, r.PostForm.Get("text"))
			blocks = append(blocks, slack.BlocksTextJSON(r.PostForm.Get("blocks")))
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true,"channel":"C-APPROVALS","ts":"1700000000.000002"}`)
		})
	})
	srv.Start()
	defer srv.Stop()
	store, err := postgres.Open(context.Background(), testenv.DatabaseURL(t))
	require.NoError(t, err)
	defer store.Close()
	a := &Activities{Store: store, Metrics: social.Simulated{},
		Slack: slack.New(slack.Config{BotToken: "xoxb-test", Channel: "C-APPROVALS", APIURL: srv.GetAPIURL()})}
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestActivityEnvironment()
	a.Register(env)
	for i := 0; i < 2; i++ {
		_, err := env.ExecuteActivity(workflows.ActPostReportSummary, workflows.ReportSummary{Report: summaryReport()})
		require.NoError(t, err)
	}
	require.Len(t, texts, 1, "a retried summary is not posted twice")
	for _, got := range []string{texts[0], blocks[0]} {
		for _, want := range []string{"Spring", "Cost: 1,000.00 USD", "Views: 21,000", "Engagements: 1,010",
			"Engagement rate: 4.81% by views, 1.44% by followers", "CPM: 47.62 USD", "CPE: 0.99 USD", "ROI: -20.00%",
			"1 met, 1 missed", "CPE (benchmark 0.80 USD): missed", "3 shortlisted → 3 contacted → 2 agreed → 2 published", "SIMULATED"} {
			require.Contains(t, got, want)
		}
	}
	ch, tsv, ok, err := store.ApprovalMessage(context.Background(), "report/c1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "C-APPROVALS 1700000000.000002", ch+" "+tsv)
}

// Without Slack the summary is only logged; nothing fails.
func TestReportSummaryWithoutSlackOnlyLogs(t *testing.T) {
	a := &Activities{}
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestActivityEnvironment()
	a.Register(env)
	_, err := env.ExecuteActivity(workflows.ActPostReportSummary, workflows.ReportSummary{Report: summaryReport()})
	require.NoError(t, err)
}

// A figure that is not available is not shown as a number.
func TestReportSummaryTextLeavesOutMissingFigures(t *testing.T) {
	title, sections := ReportSummaryText(campaign.Report{CampaignID: "c2", Name: "Autumn", Currency: "EUR",
		Total: campaign.ReportLine{Cost: campaign.Money{Amount: 0, Currency: "EUR"}}})
	text := title + "\n" + strings.Join(sections, "\n")
	require.Contains(t, text, "Campaign report: Autumn (c2)")
	require.Contains(t, text, "Views: n/a")
	require.NotContains(t, text, "CPM")
	require.NotContains(t, text, "ROI")
	require.NotContains(t, text, "SIMULATED")
	require.Contains(t, text, "Benchmarks*: none set")
}
