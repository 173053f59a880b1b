package slack

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

// The shortlist card shows each listed creator's score parts and weights.
func TestShortlistCardShowsTheScoreParts(t *testing.T) {
	sl := rankedForTest(3)
	sl.Ranked[0].Components = []campaign.Component{{Name: campaign.CompAudience, Weight: 25, Points: 25},
		{Name: campaign.CompEngagement, Weight: 20, Points: 14}, {Name: campaign.CompPastPerformance, Weight: 10, Points: 5},
		{Name: campaign.CompValue, Weight: 15, Points: 13.8}}
	c := Card{Title: "Shortlist", Campaign: "Glow", Target: "campaign/glow", Kind: KindShortlist,
		Shortlist: &ShortlistFacts{Shortlist: sl, CreatorsWanted: 1, BriefID: "glow"}}
	text := BlocksText(c.Blocks())
	require.Contains(t, text, "_audience 25/25 · engagement 14/20 · past performance 5/10 · value 14/15_")
	withinLimits(t, c)
}
