package slack

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestConfigRefusesHalfDoneSlack(t *testing.T) {
	ok := []Config{
		{}, // off: approvals wait for the CLI
		{BotToken: "xoxb-1", Channel: "C1", SigningSecret: "s"},
		{BotToken: "xoxb-1", Channel: "C1", AppToken: "xapp-1"},
		{BotToken: "xoxb-1", Channel: "C1", SigningSecret: "s", AppToken: "xapp-1"},
	}
	for _, c := range ok {
		require.NoError(t, c.Validate(), "%+v", c)
	}
	for _, tc := range []struct {
		c    Config
		want string
	}{
		{Config{BotToken: "xoxb-1", SigningSecret: "s"}, "set both SLACK_BOT_TOKEN and SLACK_CHANNEL"},
		{Config{Channel: "C1"}, "set both SLACK_BOT_TOKEN and SLACK_CHANNEL"},
		{Config{SigningSecret: "s"}, "set both SLACK_BOT_TOKEN and SLACK_CHANNEL"},
		{Config{AppToken: "xapp-1"}, "set both SLACK_BOT_TOKEN and SLACK_CHANNEL"},
		{Config{BotToken: "xoxb-1", Channel: "C1"}, "set SLACK_SIGNING_SECRET"},
		{Config{BotToken: "xoxp-user", Channel: "C1", SigningSecret: "s"}, "SLACK_BOT_TOKEN must be a bot token (xoxb-"},
		{Config{BotToken: "xoxb-1", Channel: "C1", AppToken: "xoxb-1"}, "SLACK_APP_TOKEN must be an app-level token (xapp-"},
	} {
		require.ErrorContains(t, tc.c.Validate(), tc.want, "%+v", tc.c)
	}
}
