package slack

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"
)

func TestCardCarriesWhatAnApproverNeeds(t *testing.T) {
	c := Card{Title: "Draft 2 from @jane needs a decision", Campaign: "Spring", Creator: "Jane (@jane)", Platform: "instagram",
		Tier: "micro", Followers: 48200, Fee: "1,200.00 USD", Budget: "6,000.00 USD", DraftURL: "https://drive.test/2",
		Revision: 2, Deliverables: []string{"1 reel"}, Disclosure: "#ad", Target: "campaign/spring/creator/jane"}
	raw, err := json.Marshal(c.Blocks())
	require.NoError(t, err)
	s := string(raw)
	for _, want := range []string{"Jane (@jane)", "48200 followers", "1,200.00 USD", "https://drive.test/2", "#ad", "1 reel"} {
		require.Contains(t, s, want)
	}
	actions := c.Blocks()[2].(*slack.ActionBlock)
	require.Len(t, actions.Elements.ElementSet, 3)
	for i, id := range []string{ActionApprove, ActionRequestChanges, ActionReject} {
		b := actions.Elements.ElementSet[i].(*slack.ButtonBlockElement)
		require.Equal(t, id, b.ActionID)
		var v ButtonValue
		require.NoError(t, json.Unmarshal([]byte(b.Value), &v))
		require.Equal(t, ButtonValue{Target: "campaign/spring/creator/jane", Revision: 2}, v)
	}
}

func TestConfigHalfwayIsRefused(t *testing.T) {
	require.NoError(t, Config{}.Validate())
	require.NoError(t, Config{BotToken: "x", Channel: "C"}.Validate())
	require.ErrorContains(t, Config{BotToken: "x"}.Validate(), "set both SLACK_BOT_TOKEN and SLACK_CHANNEL")
	require.ErrorContains(t, Config{Channel: "C"}.Validate(), "set both")
}
