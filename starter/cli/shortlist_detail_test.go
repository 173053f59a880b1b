package cli_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestShortlistShowReadsTheDetailFromTheStore: a campaign whose shortlist is
// longer than the top the workflow keeps in full (it carries a compact copy,
// so that thousands fit in a Temporal payload) still shows every creator's
// components and reasons with `starter shortlist show`, read from PostgreSQL.
func TestShortlistShowReadsTheDetailFromTheStore(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the Temporal dev server")
	}
	ctx := context.Background()
	url := testenv.DatabaseURL(t)
	addr := testenv.TemporalAddress(t)
	store, err := postgres.Open(ctx, url)
	require.NoError(t, err)
	defer store.Close()
	var roster []campaign.Creator
	for i := range 40 {
		h := fmt.Sprintf("creator%02d", i)
		c := campaign.Creator{Platform: "instagram", Handle: h, Name: "Creator " + h, Email: h + "@x.test",
			Followers: int64(20_000 + 1500*i), AvgLikes: 900, AvgComments: 30, Country: "US", Categories: []string{"skincare"}}
		c.Audience = campaign.Audience{Countries: map[string]float64{"US": float64(50 + i), "CA": 10}}
		c.RateCard = map[string]campaign.Money{"reel": {Amount: 80_000, Currency: "USD"}}
		roster = append(roster, c)
	}
	_, _, err = store.ImportCreators(ctx, roster, nil)
	require.NoError(t, err)

	queue := "shortlist-detail-test"
	tc := startCampaignWorker(t, addr, queue, &activities.Activities{Store: store})

	brief := write(t, "brief.yaml", `id: long-list
name: Long list
brand: Lumen
platforms: [instagram]
tiers: [micro]
creators_wanted: 8
budget: "20000.00 USD"
offer:
  fee: "1000.00 USD"
  deliverables: [1 reel]
approvers: [ops@lumen.test]
target_audience: {countries: [US]}
shortlist: {approval: true}
`)
	cli := func(args ...string) (int, string, string) {
		return run(t, append([]string{"--address", addr, "--task-queue", queue}, args...)...)
	}
	code, out, errOut := cli("campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out+errOut)

	// The workflow holds the compact copy: 24 ranked, only the top in full.
	var st workflows.ShortlistState
	require.Eventually(t, func() bool {
		v, err := tc.QueryWorkflow(ctx, workflows.CampaignWorkflowID("long-list"), "", workflows.QueryShortlist)
		return err == nil && v.Get(&st) == nil && st.Awaiting
	}, 60*time.Second, 250*time.Millisecond)
	require.Equal(t, 24, len(st.Shortlist.Ranked), "3 × creators_wanted")
	require.True(t, st.Shortlist.Compact)
	last := st.Shortlist.Ranked[23]
	assert.Empty(t, last.Components, "past the top, the workflow has no reasons")

	code, out, errOut = cli("shortlist", "show", "long-list", "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Waiting for approval: starter shortlist approve long-list")
	why := out[strings.Index(out, fmt.Sprintf("24. %s — ", last.Creator.Key())):]
	assert.Contains(t, why, "% of the audience in US", "rank 24 is explained")
	assert.Contains(t, why, "engagement rate")
	assert.Regexp(t, `audience\s+\d+\.\d/25`, why)

	code, out, errOut = cli("shortlist", "show", "long-list", "--database-url", url, "--format", "csv")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, 25, len(lines), "header and 24 ranked")
	assert.Contains(t, lines[24], last.Creator.Handle)
	assert.Contains(t, lines[24], "of the audience in US")

	// Without the database, it says where the detail is.
	code, _, errOut = cli("shortlist", "show", "long-list", "--database-url", "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "the rest is in PostgreSQL: set --database-url or DATABASE_URL")

	code, _, errOut = cli("shortlist", "reject", "long-list", "--by", "ops@lumen.test", "--reason", "test over")
	require.Equal(t, 0, code, errOut)
}
