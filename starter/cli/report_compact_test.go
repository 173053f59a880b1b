package cli_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestCampaignReportOfACompactResultPrintsEveryCreator: a campaign whose
// report is too large for its workflow result ends with the compact report
// (totals only; the real BuildReport activity on PostgreSQL, on the real
// Temporal dev server). `starter campaign report` still prints every creator,
// in every format, read from the store — and without the store it says which
// flag is missing.
func TestCampaignReportOfACompactResultPrintsEveryCreator(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL and the Temporal dev server")
	}
	ctx := context.Background()
	dsn := testenv.DatabaseURL(t)
	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()

	const n = 400 // ≈ 1 KB a published creator: over the 256 KB threshold
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	cpe := campaign.Money{Amount: 80, Currency: "USD"}
	b := campaign.Brief{ID: fmt.Sprintf("big-report-%d", time.Now().UnixNano()), Name: "Big report", Brand: "Lumen",
		Platforms: []string{"instagram"}, Budget: campaign.Money{Amount: n * 60_000, Currency: "USD"},
		Offer: campaign.Offer{Fee: campaign.Money{Amount: 50_000, Currency: "USD"}, Deliverables: []string{"1 reel"}, Disclosure: "#ad"},
		KPIs:  campaign.KPIs{CPE: &cpe}}
	require.NoError(t, store.SaveCampaign(ctx, b))
	var roster []campaign.Creator
	var results []campaign.CollaborationResult
	var snaps []campaign.Snapshot
	for i := range n {
		h := fmt.Sprintf("maker%03d", i)
		roster = append(roster, campaign.Creator{Platform: "instagram", Handle: h, Email: h + "@creators.test", Followers: int64(30_000 + i)})
		url := "https://instagram.com/p/" + h
		results = append(results, campaign.CollaborationResult{Handle: h, Platform: "instagram", Followers: int64(30_000 + i),
			Outcome: campaign.OutcomeCompleted, Fee: b.Offer.Fee, PostURL: url})
		for p := range 6 {
			snaps = append(snaps, campaign.Snapshot{CampaignID: b.ID, Handle: h, Platform: "instagram", PostURL: url, Pull: p,
				TakenAt: start.Add(time.Duration(p+1) * 24 * time.Hour), Views: int64(8_000 + 1_000*p + i), Likes: int64(400 + 20*p),
				Comments: int64(30 + p), Source: "api"})
		}
	}
	_, _, err = store.ImportCreators(ctx, roster, nil)
	require.NoError(t, err)
	_, err = store.SaveSnapshots(ctx, snaps)
	require.NoError(t, err)

	addr := testenv.TemporalAddress(t)
	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	queue := "report-compact-cli-test"
	w := worker.New(tc, queue, worker.Options{})
	acts := &activities.Activities{Store: store, Now: func() time.Time { return start.Add(30 * 24 * time.Hour) }}
	w.RegisterActivityWithOptions(acts.BuildReport, activity.RegisterOptions{Name: workflows.ActBuildReport})
	// The campaign's last step: the report, returned as the campaign's result.
	w.RegisterWorkflowWithOptions(func(ctx workflow.Context, r workflows.ReportRequest) (workflows.CampaignResult, error) {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		var rep campaign.Report
		err := workflow.ExecuteActivity(ctx, workflows.ActBuildReport, r).Get(ctx, &rep)
		return workflows.CampaignResult{Report: rep}, err
	}, workflow.RegisterOptions{Name: workflows.CampaignWorkflowName})
	require.NoError(t, w.Start())
	defer w.Stop()

	wr, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.CampaignWorkflowID(b.ID), TaskQueue: queue},
		workflows.CampaignWorkflowName, workflows.ReportRequest{Brief: b, Results: results})
	require.NoError(t, err)
	var res workflows.CampaignResult
	require.NoError(t, wr.Get(ctx, &res))
	require.True(t, res.Report.Compact, "the campaign's result is the compact report")
	require.Empty(t, res.Report.Creators)

	report := func(args ...string) (int, string, string) {
		return run(t, append([]string{"--address", addr, "campaign", "report", b.ID}, args...)...)
	}
	everyCreator := func(t *testing.T, out string) {
		t.Helper()
		for _, c := range roster {
			if !assert.Contains(t, out, c.Handle) {
				return
			}
		}
	}

	// Without the store: a clear error naming the flag and the variable.
	t.Setenv("DATABASE_URL", "")
	code, out, errOut := report()
	assert.Equal(t, 2, code, out)
	assert.Contains(t, errOut, fmt.Sprintf("campaign %s's report has %d creator lines", b.ID, n))
	assert.Contains(t, errOut, "give --database-url or set DATABASE_URL")

	// With it: the full report, in every format.
	code, out, errOut = report("--database-url", dsn, "--format", "csv")
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+n+1, "header, every creator, total")
	for i, c := range roster {
		require.Equal(t, c.Handle, rows[1+i][0])
		require.Equal(t, "completed", rows[1+i][2])
	}
	require.Equal(t, "TOTAL", rows[n+1][0])

	code, out, errOut = report("--database-url", dsn, "--format", "json")
	require.Equal(t, 0, code, errOut)
	var full campaign.Report
	require.NoError(t, json.Unmarshal([]byte(out), &full))
	require.Len(t, full.Creators, n)
	assert.False(t, full.Compact)
	assert.Equal(t, res.Report.Total, full.Total, "the same totals as the campaign's result")
	assert.Len(t, full.Creators[n-1].Series, 6)

	code, out, errOut = report("--database-url", dsn)
	require.Equal(t, 0, code, errOut)
	everyCreator(t, out)

	html := filepath.Join(t.TempDir(), "big.html")
	code, _, errOut = report("--database-url", dsn, "--format", "html", "-o", html)
	require.Equal(t, 0, code, errOut)
	data, err := os.ReadFile(html)
	require.NoError(t, err)
	everyCreator(t, string(data))

	// DATABASE_URL does as well as the flag.
	t.Setenv("DATABASE_URL", dsn)
	code, out, errOut = report()
	require.Equal(t, 0, code, errOut)
	everyCreator(t, out)
}
