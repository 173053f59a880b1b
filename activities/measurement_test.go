package activities

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/workflows"
)

func measuredBrief() campaign.Brief {
	b := brief
	cpe, er := campaign.Money{Amount: 80, Currency: "USD"}, 0.03
	b.KPIs = campaign.KPIs{CPE: &cpe, EngagementRate: &er}
	b.Measurement = campaign.Measurement{Link: "https://lumen.example/serum", PromoPrefix: "GLOW", AttributionWindow: campaign.Duration(14 * 24 * time.Hour)}
	return b
}

func TestTermsEmailCarriesTrackingLinkAndPromoCode(t *testing.T) {
	a, sink, _ := setup(t)
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	a.Now, a.TrackingBaseURL = func() time.Time { return at }, "https://go.lumen.example/"
	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.SendEmail)
	req := workflows.EmailRequest{CampaignID: "c1", Kind: workflows.EmailTerms, Step: "terms", Creator: jane, Brief: measuredBrief(), DueBy: at}
	_, err := aenv.ExecuteActivity(a.SendEmail, req)
	require.NoError(t, err)
	text := sink.Messages()[0].Text()
	require.Contains(t, text, "https://go.lumen.example/r/c1/jane")
	require.Contains(t, text, "GLOW-JANE")

	tr, ok, err := a.Store.Tracking(context.Background(), "c1", "jane")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, at, tr.IssuedAt, "the attribution window starts when the terms go out")
	require.Equal(t, 14*24*time.Hour, tr.Window)
	require.Equal(t, "https://lumen.example/serum?utm_campaign=c1&utm_content=jane&utm_medium=influencer&utm_source=instagram", tr.Target)

	// A retried terms email (another step) carries the code issued first.
	a.Now = func() time.Time { return at.Add(time.Hour) }
	req.Step = "terms-again"
	_, err = aenv.ExecuteActivity(a.SendEmail, req)
	require.NoError(t, err)
	require.Contains(t, sink.Messages()[1].Text(), "GLOW-JANE")
	tr, _, _ = a.Store.Tracking(context.Background(), "c1", "jane")
	require.Equal(t, at, tr.IssuedAt)
}

func TestBuildReportStoresReportAndWritesOutcomesBack(t *testing.T) {
	a, _, _ := setup(t)
	ctx := context.Background()
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	a.Now = func() time.Time { return at.Add(30 * 24 * time.Hour) }
	b := measuredBrief()
	require.NoError(t, a.Store.SaveCampaign(ctx, b))
	omar := campaign.Creator{Platform: "tiktok", Handle: "omar", Email: "o@creators.test", Followers: 200_000}
	kim := campaign.Creator{Platform: "tiktok", Handle: "kim", Email: "k@creators.test", Followers: 20_000}
	j := jane
	j.AvgLikes, j.AvgComments = 1400, 100 // expected 1,500 engagements
	_, _, err := a.Store.UpsertCreators(ctx, []campaign.Creator{j, omar, kim})
	require.NoError(t, err)
	for _, c := range []campaign.Creator{jane, kim} {
		_, err = a.Store.IssueTracking(ctx, campaign.Tracking{CampaignID: "c1", Handle: c.Handle, Platform: c.Platform,
			Code: campaign.PromoCode("GLOW", c.Handle), Target: "https://lumen.example/?x", IssuedAt: at, Window: 14 * 24 * time.Hour})
		require.NoError(t, err)
	}
	require.NoError(t, a.Store.SaveSnapshot(ctx, campaign.Snapshot{CampaignID: "c1", Handle: "jane", Platform: "instagram", PostURL: "u",
		TakenAt: at.Add(48 * time.Hour), Views: 20_000, Likes: 900, Comments: 100, Source: "api"}))
	require.NoError(t, a.Store.SaveSnapshot(ctx, campaign.Snapshot{CampaignID: "c1", Handle: "kim", Platform: "tiktok", PostURL: "k",
		TakenAt: at.Add(48 * time.Hour), Views: 1_000, Likes: 10, Source: "api"}))
	_, _, err = a.Store.SaveConversion(ctx, campaign.Conversion{OrderID: "o1", CampaignID: "c1", Handle: "jane", Via: "code",
		Revenue: campaign.Money{Amount: 80000, Currency: "USD"}, At: at.Add(72 * time.Hour)}, "csv")
	require.NoError(t, err)
	// kim needed a publish reminder: late.
	_, err = a.Store.BeginSend(ctx, postgres.OutboundEmail{MessageID: "m1", CampaignID: "c1", Handle: "kim", Step: "publish-reminder", Recipient: "k", Subject: "s"})
	require.NoError(t, err)
	require.NoError(t, a.Store.FinishSend(ctx, "m1"))

	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.BuildReport)
	fee := campaign.Money{Amount: 50000, Currency: "USD"}
	v, err := aenv.ExecuteActivity(a.BuildReport, workflows.ReportRequest{Brief: b, Results: []campaign.CollaborationResult{
		{Handle: "jane", Platform: "instagram", Followers: 50_000, Outcome: campaign.OutcomeCompleted, Fee: fee, PostURL: "u"},
		{Handle: "omar", Platform: "tiktok", Followers: 200_000, Outcome: campaign.OutcomeDeclined, Fee: fee},
		{Handle: "kim", Platform: "tiktok", Followers: 20_000, Outcome: campaign.OutcomeCompleted, Fee: fee, PostURL: "k"},
	}})
	require.NoError(t, err)
	var rep campaign.Report
	require.NoError(t, v.Get(&rep))
	require.Equal(t, "800.00", campaign.FormatMoney(rep.Creators[0].Revenue))
	require.Equal(t, "+60.00%", campaign.FormatSignedPercent(rep.Creators[0].ROI)) // (800 − 500) / 500

	stored, err := a.Store.Report(ctx, "c1")
	require.NoError(t, err)
	require.Equal(t, rep.Total.Revenue, stored.Total.Revenue, "the report is stored")

	got, err := a.Store.CreatorOutcomes(ctx, "instagram", "jane")
	require.NoError(t, err)
	require.Len(t, got, 1)
	o := got[0]
	require.Equal(t, true, *o.OnTime)
	require.Equal(t, int64(1500), *o.EngagementsExpected, "roster average likes + comments")
	require.Equal(t, int64(1000), *o.EngagementsAchieved)
	require.Equal(t, "0.50", campaign.FormatMoney(o.CPE)) // 500.00 / 1,000
	require.Equal(t, "met", o.CostEfficiency)             // benchmark 0.80

	got, err = a.Store.CreatorOutcomes(ctx, "tiktok", "kim")
	require.NoError(t, err)
	require.Equal(t, false, *got[0].OnTime, "needed a publication reminder")
	require.Equal(t, int64(600), *got[0].EngagementsExpected, "no roster averages: 20,000 followers × 3%")

	got, err = a.Store.CreatorOutcomes(ctx, "tiktok", "omar")
	require.NoError(t, err)
	require.Nil(t, got[0].OnTime)
	require.Nil(t, got[0].EngagementsAchieved)
	require.Equal(t, "n/a", got[0].CostEfficiency)
}
