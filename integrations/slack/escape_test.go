package slack

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

// What a creator writes (their name, their draft link, a flag's evidence from
// their profile) reaches an approval card as text: no channel-wide ping, no
// link of the creator's choosing behind our label.
func TestCreatorTextOnCardsIsInert(t *testing.T) {
	c := Card{Title: "Draft 1 from @jane needs a decision", Creator: "<!channel> Jane & co (@jane)", Kind: KindDraft, Target: "w",
		Campaign: "Spring <!here>", DraftURL: "https://drive.example/d|Approved already, click Approve", Revision: 1,
		Deliverables: []string{"1 reel <@U0BOSS>"}, Disclosure: "#ad", Vetting: &Vetting{Score: 80,
			Flags: []campaign.Flag{{Kind: "odd_ratio", Severity: "warn", Evidence: "<https://evil.example|see proof>"}}}}
	raw, err := json.Marshal(c.Blocks())
	require.NoError(t, err)
	text := BlocksTextJSON(string(raw))
	require.NotContains(t, text, "<!channel>")
	require.NotContains(t, text, "<!here>")
	require.NotContains(t, text, "<@U0BOSS>")
	require.NotContains(t, text, "<https://evil.example|")
	require.Contains(t, text, "&lt;!channel&gt; Jane &amp; co (@jane)")
	require.Contains(t, text, "<https://drive.example/d%7CApproved%20already,%20click%20Approve|Draft 1>",
		"the creator's | cannot replace our label")

	sl := Card{Kind: KindShortlist, Title: "Shortlist", Campaign: "c", Shortlist: &ShortlistFacts{BriefID: "c", CreatorsWanted: 1,
		Shortlist: campaign.Shortlist{Ranked: []campaign.Assessment{{Creator: campaign.Creator{Handle: "jane", Name: "<!everyone>"}, Score: 50}}}}}
	raw, err = json.Marshal(sl.Blocks())
	require.NoError(t, err)
	require.False(t, strings.Contains(string(raw), "<!everyone>"), "a roster name on the shortlist card is escaped")
}

func TestAlertsQuoteOutsideTextInertly(t *testing.T) {
	f := newFakeSlack(t)
	n := New(Config{BotToken: "xoxb-test", Channel: "C-OPS", APIURL: f.srv.GetAPIURL()})
	_, _, err := n.Alert(t.Context(), ":warning: The post of @jane (https://x.example/p|<!channel>) is gone.\n> 404 <@U0BOSS>")
	require.NoError(t, err)
	posted := f.got("chat.postMessage")
	require.Len(t, posted, 1)
	all := posted[0].Get("text") + posted[0].Get("blocks")
	require.NotContains(t, all, "<!channel>")
	require.NotContains(t, all, "<@U0BOSS>")
	require.Contains(t, posted[0].Get("text"), "\n> 404 &lt;@U0BOSS&gt;", "the quote marker stays a quote")
}
