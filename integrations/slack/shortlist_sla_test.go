package slack

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The shortlist's card says when the decision is due (the brief's approval SLA).
func TestShortlistCardShowsWhenTheDecisionIsDue(t *testing.T) {
	c := Card{Title: "Shortlist of 12 for Spring Glow needs a decision", Campaign: "Spring Glow (spring-glow)", Target: "campaign/spring-glow",
		Kind: KindShortlist, DecideBy: time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC),
		Shortlist: &ShortlistFacts{Shortlist: rankedForTest(12), CreatorsWanted: 2, BriefID: "spring-glow"}}
	require.Contains(t, BlocksText(c.Blocks()), "*Decide by:* Tue 2 Mar 09:00 UTC")
	c.DecideBy = time.Time{}
	require.NotContains(t, BlocksText(c.Blocks()), "Decide by", "no SLA, no deadline")
	withinLimits(t, c)
}
