package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCardShowsWhatTheApproverNeeds(t *testing.T) {
	c := Card{Title: "Draft 2 from @jane needs a decision", Campaign: "Spring Glow (spring-glow)", Creator: "Jane Ito (@jane)",
		Platform: "instagram", Tier: "micro", Followers: 48200, Fee: "1,200.00 USD", Budget: "5,000.00 USD",
		BudgetLeft: "2,600.00 USD", Committed: 2, DraftURL: "https://drive.example/d/2", Revision: 2, MaxRevisions: 2,
		Deliverables: []string{"1 reel", "3 stories"}, Disclosure: "#ad", PostingDate: "2027-03-15",
		DecideBy: time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC), Target: "campaign/spring-glow/creator/jane", Kind: KindDraft}
	text := BlocksText(c.Blocks())
	for _, want := range []string{
		"Draft 2 from @jane needs a decision", "Spring Glow", "Jane Ito (@jane)", "instagram · micro · 48,200 followers",
		"1,200.00 USD", "2,600.00 USD left of 5,000.00 USD", "2 committed fee(s)", "<https://drive.example/d/2|Draft 2>",
		"revision 2 of at most 3", "decide by Tue 2 Mar 09:00 UTC", "post by 2027-03-15", "• 1 reel\n• 3 stories", "*Disclosure:* #ad",
	} {
		require.Contains(t, text, want)
	}
	raw, err := json.Marshal(c.Blocks())
	require.NoError(t, err)
	var blocks []struct {
		Type     string `json:"type"`
		Elements []struct {
			Value string `json:"value"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(raw, &blocks))
	var values []ButtonValue
	for _, b := range blocks {
		for _, e := range b.Elements {
			var v ButtonValue
			require.NoError(t, json.Unmarshal([]byte(e.Value), &v))
			values = append(values, v)
		}
	}
	require.Len(t, values, 3)
	for _, v := range values {
		require.Equal(t, ButtonValue{Kind: KindDraft, Target: "campaign/spring-glow/creator/jane", Revision: 2}, v)
	}
	require.Equal(t, "1,234,567", thousands(1234567))
	require.Equal(t, "999", thousands(999))
	require.NotContains(t, BlocksText(Card{Title: "t", Budget: "5,000.00 USD"}.Blocks()), "decide by", "no SLA, no decide-by")
}

func TestBlocksTextReadsJSON(t *testing.T) {
	raw, _ := json.Marshal(Card{Title: "Hello", Creator: "Jane"}.Blocks())
	require.True(t, strings.Contains(BlocksTextJSON(string(raw)), "Hello"))
}
