package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestComposeMatchesTheWorker checks docker-compose.yml (Docker cannot run
// here): every service the README names is there with a pinned image, and
// the worker's environment is exactly what LoadConfig reads and needs.
func TestComposeMatchesTheWorker(t *testing.T) {
	raw, err := os.ReadFile("../docker-compose.yml")
	require.NoError(t, err)
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Healthcheck *struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &compose))
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)

	for _, name := range []string{"postgres", "temporal", "temporal-ui", "mailpit", "worker"} {
		svc, ok := compose.Services[name]
		require.True(t, ok, "service %s missing", name)
		require.Contains(t, string(readme), "`"+name+"`", "README should name service %s", name)
		require.NotNil(t, svc.Healthcheck, "service %s has no health check", name)
		if svc.Build == nil {
			i := strings.LastIndex(svc.Image, ":")
			require.True(t, i > 0 && svc.Image[i+1:] != "latest", "service %s image %q is not pinned", name, svc.Image)
		}
	}
	env := compose.Services["worker"].Environment
	for k := range env {
		if k == "TEMPORAL_UI_URL" { // read by the starter CLI, which the worker image also carries
			continue
		}
		require.True(t, slices.Contains(EnvVars, k), "worker environment sets %s, which the worker does not read", k)
	}
	_, err = LoadConfig(func(k string) string {
		v := env[k]
		if strings.HasPrefix(v, "${") && strings.Contains(v, ":?") {
			return "a-secret-the-user-gives-0123456789abcdef" // required: compose refuses to start without it
		}
		if strings.HasPrefix(v, "${") {
			return ""
		}
		return v
	})
	require.NoError(t, err, "the worker would refuse docker-compose's environment")
	require.True(t, strings.HasPrefix(env["REPLY_HMAC_KEY"], "${REPLY_HMAC_KEY:?"),
		"compose ships no reply key of its own: a shipped key is known to everyone (got %q)", env["REPLY_HMAC_KEY"])
}

// Ops surfaces (Temporal, its UI, Mailpit, the worker's metrics) have no
// authentication of their own: compose publishes them on loopback only.
func TestComposePublishesPortsOnLoopbackOnly(t *testing.T) {
	raw, err := os.ReadFile("../docker-compose.yml")
	require.NoError(t, err)
	var compose struct {
		Services map[string]struct {
			Ports []string `yaml:"ports"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &compose))
	n := 0
	for name, svc := range compose.Services {
		for _, p := range svc.Ports {
			n++
			require.True(t, strings.HasPrefix(p, "127.0.0.1:"), "service %s publishes %q on every interface", name, p)
		}
	}
	require.Positive(t, n)
}

func TestWorkerRefusesPlaceholderAndShortSecrets(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://x@y/z", "SMTP_HOST": "localhost",
		"MAIL_FROM": "Lumen <partnerships@lumen.example>", "REPLY_HMAC_KEY": "9f86d081884c7d659a2feaa0c55ad015"}
	load := func(extra map[string]string) error {
		_, err := LoadConfig(func(k string) string {
			if v, ok := extra[k]; ok {
				return v
			}
			return base[k]
		})
		return err
	}
	require.NoError(t, load(nil))
	for k, v := range map[string]string{
		"REPLY_HMAC_KEY":         "change-me-to-a-long-random-secret",
		"INBOUND_WEBHOOK_SECRET": "your-secret-goes-here-0123456789abcdef",
		"CONVERSIONS_HMAC_KEY":   "<paste the shop's signing key here>",
	} {
		err := load(map[string]string{k: v})
		require.ErrorContains(t, err, k+" looks like a placeholder")
		require.NotContains(t, err.Error(), v, "a secret is never repeated in an error")
	}
	for k, v := range map[string]string{"REPLY_HMAC_KEY": "short-but-random-Q8x", "SLACK_SIGNING_SECRET": "8f742231b10e8888",
		"INBOUND_WEBHOOK_SECRET": "0123456789abcdef"} {
		extra := map[string]string{k: v}
		if k == "SLACK_SIGNING_SECRET" {
			extra["SLACK_BOT_TOKEN"], extra["SLACK_CHANNEL"] = "xoxb-1", "C1"
		}
		err := load(extra)
		require.ErrorContains(t, err, k+" must be at least 32 characters")
		require.NotContains(t, err.Error(), v)
	}
	require.ErrorContains(t, load(map[string]string{"REPLY_HMAC_KEY": strings.Repeat("ab", 20)}), "not random")
}
