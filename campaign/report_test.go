package campaign

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestBuildReportHandComputed(t *testing.T) {
	cpm := Money{2500, "USD"}
	er := 0.03
	b := Brief{ID: "c", Name: "C", Budget: Money{500000, "USD"}, KPIs: KPIs{CPM: &cpm, EngagementRate: &er}}
	fee := Money{120000, "USD"}
	results := []CollaborationResult{
		{Handle: "jane", Platform: "instagram", Followers: 50_000, Outcome: OutcomeCompleted, Fee: fee},
		{Handle: "omar", Platform: "tiktok", Followers: 200_000, Outcome: OutcomeDeclined, Fee: fee},
		{Handle: "zero", Platform: "tiktok", Followers: 10_000, Outcome: OutcomeCompleted, Fee: fee},
	}
	latest := map[string]Snapshot{
		// 40,000 views; 1,000 + 100 + 60 + 40 = 1,200 engagements
		"jane": {Handle: "jane", Views: 40_000, Likes: 1_000, Comments: 100, Shares: 60, Saves: 40, Source: "simulated"},
		"zero": {Handle: "zero", Source: "api"}, // posted, nothing yet
	}
	r := BuildReport(b, results, latest, time.Unix(0, 0))

	jane := r.Creators[0]
	require.Equal(t, int64(1200), jane.Engagements)
	require.InDelta(t, 0.024, *jane.EngagementRate, 1e-12) // 1,200 / 50,000
	require.Equal(t, int64(3000), jane.CPM.Amount)         // 1,200.00 / 40,000 × 1,000 = 30.00
	require.Equal(t, int64(100), jane.CPE.Amount)          // 1,200.00 / 1,200 = 1.00
	require.True(t, jane.Simulated)

	omar := r.Creators[1]
	require.Equal(t, int64(0), omar.Cost.Amount, "a decline costs nothing")
	require.Nil(t, omar.EngagementRate)
	require.Nil(t, omar.CPM, "no views: CPM is not available, never 0 or NaN")

	zero := r.Creators[2]
	require.Equal(t, int64(120000), zero.Cost.Amount)
	require.Nil(t, zero.CPM)
	require.Nil(t, zero.CPE)

	require.Equal(t, int64(240000), r.Total.Cost.Amount)
	require.Equal(t, int64(40_000), r.Total.Views)
	require.Equal(t, int64(6000), r.Total.CPM.Amount) // 2,400.00 / 40,000 × 1,000
	require.InDelta(t, 0.024, *r.Total.EngagementRate, 1e-12)

	var out bytes.Buffer
	require.NoError(t, r.WriteTable(&out))
	s := out.String()
	for _, want := range []string{"jane", "2.40%", "30.00", "1.00", "TOTAL", "2,400.00", "n/a",
		"CPM 25.00 USD (missed)", "engagement rate 3.00% (missed)", "SIMULATED"} {
		require.Contains(t, s, want)
	}
}

func TestDivRoundHalfAwayFromZero(t *testing.T) {
	require.Equal(t, int64(2), divRound(5, 3))
	require.Equal(t, int64(2), divRound(3, 2))
	require.Equal(t, int64(-2), divRound(-3, 2))
	require.Equal(t, int64(1), divRound(4, 3))
}

func TestClassifyReply(t *testing.T) {
	for text, want := range map[string]Intent{
		"Yes! Sounds good":                 IntentAccept,
		"I'm in":                           IntentAccept,
		"Thanks but I'll pass":             IntentDecline,
		"yes... actually, not interested":  IntentDecline,
		"Draft: https://drive.test/x.":     IntentLink,
		"What is the product?":             IntentUnclear,
		"yesterday was busy, who are you?": IntentUnclear,
	} {
		require.Equal(t, want, ClassifyReply(text).Intent, text)
	}
	require.Equal(t, "https://drive.test/x", ClassifyReply("Draft: https://drive.test/x.").URL)
}
