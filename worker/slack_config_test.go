package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWorkerRefusesHalfConfiguredSlack: the worker does not start with buttons
// whose clicks could never reach it, and says what to set.
func TestWorkerRefusesHalfConfiguredSlack(t *testing.T) {
	env := map[string]string{"DATABASE_URL": "postgres://x", "SMTP_HOST": "localhost", "MAIL_FROM": "a@b.test",
		"REPLY_HMAC_KEY": "0123456789abcdef0123456789abcdef0", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CHANNEL": "C1"}
	_, err := LoadConfig(func(k string) string { return env[k] })
	require.ErrorContains(t, err, "clicks on the approval buttons could not reach the worker: set SLACK_SIGNING_SECRET")
	env["SLACK_APP_TOKEN"] = "xapp-1"
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	require.NoError(t, err)
	require.Equal(t, "xapp-1", cfg.Slack.AppToken)
	delete(env, "SLACK_CHANNEL")
	_, err = LoadConfig(func(k string) string { return env[k] })
	require.ErrorContains(t, err, "set both SLACK_BOT_TOKEN and SLACK_CHANNEL")
}
