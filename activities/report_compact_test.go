package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// publishedCampaign is a campaign of n creators who all published, each with
// six metrics pulls: the heaviest report lines (the curve and the KPI checks).
func publishedCampaign(n int, start time.Time) (campaign.Brief, []campaign.Creator, []campaign.CollaborationResult, []campaign.Snapshot) {
	b := measuredBrief()
	cpm := campaign.Money{Amount: 1500, Currency: "USD"}
	b.ID, b.Name, b.KPIs.CPM = "report-5000", "Large report", &cpm
	b.Budget = campaign.Money{Amount: int64(n) * 60_000, Currency: "USD"}
	fee := campaign.Money{Amount: 50_000, Currency: "USD"}
	roster := make([]campaign.Creator, n)
	results := make([]campaign.CollaborationResult, n)
	var snaps []campaign.Snapshot
	for i := range n {
		h := fmt.Sprintf("creator%04d", i)
		roster[i] = campaign.Creator{Platform: "instagram", Handle: h, Email: h + "@creators.test", Followers: int64(20_000 + 37*i),
			AvgLikes: int64(600 + i%400), AvgComments: int64(20 + i%30)}
		url := "https://instagram.com/p/" + h
		results[i] = campaign.CollaborationResult{Handle: h, Platform: "instagram", Followers: roster[i].Followers,
			Outcome: campaign.OutcomeCompleted, Fee: fee, PostURL: url, Wave: 1}
		for p := range 6 {
			reach := int64(9_000 + 1_000*p + i)
			snaps = append(snaps, campaign.Snapshot{CampaignID: b.ID, Handle: h, Platform: "instagram", PostURL: url, Pull: p,
				TakenAt: start.Add(time.Duration(p+1) * 24 * time.Hour), Views: int64(10_000 + 2_000*p + i), Likes: int64(500 + 50*p + i%97),
				Comments: int64(40 + p + i%13), Shares: int64(5 + p), Saves: int64(9 + p), Reach: &reach, Source: "api"})
		}
	}
	return b, roster, results, snaps
}

// TestReportOf5000PublishedCreatorsFitsThePayloadLimit: the report of a
// campaign of 5,000 creators who all published (six pulls each, KPI checks)
// weighs megabytes — over Temporal's 2 MB payload limit, so the campaign
// failed at its last step. BuildReport stores it in full (every line, and the
// outcomes written back) and returns the compact report: well under the limit,
// with every total, benchmark check and funnel figure the summary uses.
func TestReportOf5000PublishedCreatorsFitsThePayloadLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	store, err := postgres.Open(ctx, testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(store.Close)
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	const n = 5000
	b, roster, results, snaps := publishedCampaign(n, start)
	require.NoError(t, store.SaveCampaign(ctx, b))
	_, _, err = store.ImportCreators(ctx, roster, nil)
	require.NoError(t, err)
	_, err = store.SaveSnapshots(ctx, snaps)
	require.NoError(t, err)
	a := &Activities{Store: store, Now: func() time.Time { return start.Add(30 * 24 * time.Hour) }}

	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.BuildReport)
	v, err := aenv.ExecuteActivity(a.BuildReport, workflows.ReportRequest{Brief: b, Results: results})
	require.NoError(t, err)
	var got campaign.Report
	require.NoError(t, v.Get(&got))

	// What the workflow receives: encoded by the SDK's default data converter.
	p, err := converter.GetDefaultDataConverter().ToPayload(got)
	require.NoError(t, err)
	size, err := PayloadSize(got)
	require.NoError(t, err)
	var wf campaign.Report
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(p, &wf))

	stored, err := store.Report(ctx, b.ID)
	require.NoError(t, err)
	fullSize, err := PayloadSize(stored)
	require.NoError(t, err)
	t.Logf("report of %d published creators: full %.2f MB (%d B a creator), returned %d B", n, float64(fullSize)/1e6, fullSize/n, size)
	require.Greater(t, fullSize, payloadLimit, "the full report is what broke: over the 2 MB limit")
	assert.Less(t, size, payloadLimit/100, "the returned result is well under the 2 MB limit")
	assert.LessOrEqual(t, size, ReportPayloadThreshold)

	// The stored report has every line, in full.
	require.Len(t, stored.Creators, n)
	assert.False(t, stored.Compact)
	for i, l := range stored.Creators {
		if !assert.Equal(t, roster[i].Handle, l.Handle) || !assert.Len(t, l.Series, 6, l.Handle) || !assert.NotEmpty(t, l.Checks, l.Handle) {
			break
		}
	}
	outs, err := store.CreatorOutcomes(ctx, "instagram", roster[n-1].Handle)
	require.NoError(t, err)
	require.Len(t, outs, 1, "outcomes are written back for every creator, the last one too")

	// The workflow's copy: every figure but the lines, and where they are.
	assert.True(t, wf.Compact)
	assert.Equal(t, n, wf.LinesStored)
	assert.Zero(t, len(wf.Creators), "no creator lines in the workflow's copy")
	assert.Equal(t, stored.CampaignID, wf.CampaignID)
	assert.Equal(t, stored.Name, wf.Name)
	assert.Equal(t, stored.Currency, wf.Currency)
	assert.Equal(t, stored.Total, wf.Total)
	assert.Len(t, wf.Total.Checks, 3, "CPM, CPE, engagement rate")
	assert.Equal(t, stored.KPIs, wf.KPIs)
	assert.Equal(t, stored.Funnel, wf.Funnel)
	assert.Equal(t, campaign.Funnel{Shortlisted: n, Contacted: n, Agreed: n, Published: n}, wf.Funnel)
	assert.Equal(t, stored.Unattributed.Orders, wf.Unattributed.Orders)
	assert.Equal(t, stored.GeneratedAt, wf.GeneratedAt)
	assert.Subset(t, wf.Notes, stored.Notes)
	assert.Contains(t, wf.Notes[len(wf.Notes)-1], "leaves out the 5000 creator lines")

	// The Slack summary reads the same, and says where the full report is.
	_, fullSections := ReportSummaryText(stored)
	title, sections := ReportSummaryText(wf)
	wantTitle, _ := ReportSummaryText(stored)
	assert.Equal(t, wantTitle, title)
	require.Len(t, sections, len(fullSections))
	assert.Equal(t, fullSections[:len(fullSections)-1], sections[:len(sections)-1])
	assert.Equal(t, "Full report (5000 creators): `starter campaign report report-5000 --database-url URL`", sections[len(sections)-1])

	// And it fits the campaign's result as well.
	cres, err := PayloadSize(workflows.CampaignResult{Report: wf})
	require.NoError(t, err)
	assert.Less(t, cres, payloadLimit/100)
}

// TestSmallReportIsReturnedWhole: a campaign of normal size gets its whole
// report back from BuildReport, in the shape it always had.
func TestSmallReportIsReturnedWhole(t *testing.T) {
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	b, _, results, snaps := publishedCampaign(100, start)
	rep, err := campaign.BuildReport(campaign.ReportInput{Brief: b, Results: results, Snapshots: snaps, At: start.Add(30 * 24 * time.Hour)},
		campaign.ReportOptions{})
	require.NoError(t, err)
	size, err := PayloadSize(rep)
	require.NoError(t, err)
	require.Less(t, size, ReportPayloadThreshold, "100 published creators: %d B", size)

	got, err := reportResult(context.Background(), rep)
	require.NoError(t, err)
	require.Equal(t, rep, got)
	require.Len(t, got.Creators, 100)
	data, err := json.Marshal(got)
	require.NoError(t, err)
	assert.NotContains(t, string(data), `"compact"`, "no new fields in a whole report")
	assert.NotContains(t, string(data), `"lines_stored"`)

	// A result recorded before the change (no such fields) decodes as whole.
	var old campaign.Report
	require.NoError(t, json.Unmarshal([]byte(`{"campaign_id":"c1","creators":[{"handle":"jane","followers":1,"cost":{"amount":0,"currency":"USD"}}],"total":{"handle":"TOTAL"}}`), &old))
	assert.False(t, old.Compact)
	assert.Len(t, old.Creators, 1)
}
