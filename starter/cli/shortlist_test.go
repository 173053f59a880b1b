package cli_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestShortlistApprovalThroughTheCLI runs a campaign whose brief asks for
// shortlist approval on the real Temporal dev server and PostgreSQL, and
// decides with the CLI: refused decisions say why, a rejection ends the
// campaign before any outreach.
func TestShortlistApprovalThroughTheCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the Temporal dev server")
	}
	ctx := context.Background()
	url := testenv.DatabaseURL(t)
	addr := testenv.TemporalAddress(t)
	code, _, errOut := run(t, "roster", "import", write(t, "creators.csv", rosterCSV), "--database-url", url, "--skip-invalid")
	require.Equal(t, 0, code, errOut)

	store, err := postgres.Open(ctx, url)
	require.NoError(t, err)
	defer store.Close()
	queue := "shortlist-cli-test"
	tc := startCampaignWorker(t, addr, queue, &activities.Activities{Store: store})

	brief := write(t, "brief.yaml", `id: cli-shortlist
name: CLI shortlist
brand: Lumen
platforms: [instagram, tiktok]
tiers: [micro, macro]
creators_wanted: 1
budget: "5000.00 USD"
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

	// Wait until the shortlist is ranked and waiting.
	var st workflows.ShortlistState
	require.Eventually(t, func() bool {
		code, out, _ := cli("shortlist", "show", "cli-shortlist", "--format", "json")
		if code != 0 {
			return false
		}
		var sl campaign.Shortlist
		return json.Unmarshal([]byte(out), &sl) == nil && len(sl.Ranked) > 0 && queryAwaiting(t, tc, &st)
	}, 60*time.Second, 250*time.Millisecond)
	assert.Equal(t, "jane.glows", st.Shortlist.Ranked[0].Creator.Handle)

	code, out, _ = cli("shortlist", "show", "cli-shortlist")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Waiting for approval: starter shortlist approve cli-shortlist")
	assert.Contains(t, out, "✗ instagram/risky")

	code, _, errOut = cli("shortlist", "approve", "cli-shortlist", "--by", "mallory@evil.test")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "mallory@evil.test is not an approver of campaign cli-shortlist")
	code, _, errOut = cli("shortlist", "approve", "cli-shortlist", "--by", "ops@lumen.test", "--drop", "nobody")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "nobody is not on the shortlist")
	code, _, errOut = cli("shortlist", "reject", "cli-shortlist", "--by", "ops@lumen.test")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "reject needs --reason")

	code, out, errOut = cli("shortlist", "reject", "cli-shortlist", "--by", "ops@lumen.test", "--reason", "audience too young")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Shortlist of cli-shortlist rejected by ops@lumen.test; the campaign ends without outreach.")

	var res workflows.CampaignResult
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	require.NoError(t, tc.GetWorkflow(cctx, workflows.CampaignWorkflowID("cli-shortlist"), "").Get(cctx, &res))
	require.NotNil(t, res.ShortlistRejected)
	assert.Equal(t, "audience too young", res.ShortlistRejected.Reason)
	rows, err := store.Collaborations(ctx, "cli-shortlist")
	require.NoError(t, err)
	assert.Empty(t, rows, "nobody was contacted")

	code, out, errOut = cli("campaign", "report", "cli-shortlist")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "ended before outreach: its shortlist was rejected by ops@lumen.test (audience too young)")

	code, _, errOut = cli("shortlist", "approve", "cli-shortlist", "--by", "ops@lumen.test")
	assert.Equal(t, 1, code, "a closed campaign takes no decision")
	assert.Contains(t, errOut, "approve refused")
}

func queryAwaiting(t *testing.T, tc client.Client, st *workflows.ShortlistState) bool {
	v, err := tc.QueryWorkflow(context.Background(), workflows.CampaignWorkflowID("cli-shortlist"), "", workflows.QueryShortlist)
	if err != nil {
		return false
	}
	return v.Get(st) == nil && st.Awaiting
}
