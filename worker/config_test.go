package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLoadConfigNamesEveryProblem(t *testing.T) {
	_, err := LoadConfig(func(k string) string {
		return map[string]string{"SMTP_PORT": "abc", "SLACK_BOT_TOKEN": "xoxb", "WORKER_WORKFLOW_CACHE_SIZE": "lots"}[k]
	})
	require.Error(t, err)
	for _, want := range []string{"SMTP_PORT must be a port number", "DATABASE_URL is required", "SMTP_HOST is required",
		"MAIL_FROM is required", "REPLY_HMAC_KEY must be at least 32 characters", "set both SLACK_BOT_TOKEN and SLACK_CHANNEL",
		"WORKER_WORKFLOW_CACHE_SIZE must be a positive number of workflows"} {
		require.ErrorContains(t, err, want)
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := LoadConfig(func(k string) string {
		return map[string]string{"DATABASE_URL": "postgres://x", "SMTP_HOST": "smtp.x", "MAIL_FROM": "Lumen <p@lumen.test>",
			"REPLY_HMAC_KEY": "0123456789abcdef0123456789abcdef"}[k]
	})
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:7233", c.TemporalAddress)
	require.Equal(t, 587, c.SMTP.Port)
	require.Equal(t, "mandatory", c.SMTP.TLS)
	require.Equal(t, "lumen.test", c.MailDomain)
	require.False(t, c.Slack.Enabled())
	require.Equal(t, DefaultWorkflowCacheSize, c.WorkflowCacheSize)
}
