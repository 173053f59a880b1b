package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// The summary is a header and one mrkdwn section per part, in the channel;
// a part longer than Slack's 3,000-character limit is clipped, not refused.
func TestPostSummaryBlocks(t *testing.T) {
	f := newFakeSlack(t)
	n := New(Config{BotToken: "xoxb-test", Channel: "C-APPROVALS", APIURL: f.srv.GetAPIURL()})
	long := strings.Repeat("é", 3500)
	ch, ts, err := n.PostSummary(context.Background(), "Campaign report: Spring (c1)", []string{"*Totals*\n• Cost: 1,000.00 USD", long})
	require.NoError(t, err)
	require.Equal(t, "C-APPROVALS", ch)
	require.NotEmpty(t, ts)
	posts := f.got("chat.postMessage")
	require.Len(t, posts, 1)
	require.Contains(t, posts[0].Get("text"), "Cost: 1,000.00 USD")
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"text"`
	}
	require.NoError(t, json.Unmarshal([]byte(posts[0].Get("blocks")), &blocks))
	require.Len(t, blocks, 3)
	require.Equal(t, "header", blocks[0].Type)
	require.Equal(t, "Campaign report: Spring (c1)", blocks[0].Text.Text)
	require.Equal(t, "section", blocks[1].Type)
	require.Equal(t, "mrkdwn", blocks[1].Text.Type)
	require.Equal(t, 3000, utf8.RuneCountInString(blocks[2].Text.Text))
}
