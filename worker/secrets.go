package main

import (
	"fmt"
	"strings"
)

// MinSecretLen is the shortest secret the worker accepts: 32 bytes, the
// length of Slack's own signing secrets and of `openssl rand -hex 16`.
const MinSecretLen = 32

// placeholders are fragments of sample secrets (docs, compose files,
// tutorials) that must never sign anything in use.
var placeholders = []string{"change-me", "changeme", "change_me", "replace-me", "replaceme", "placeholder",
	"your-secret", "yoursecret", "your_secret", "example", "insecure", "default", "password", "<", ">"}

// checkSecret says what is wrong with a secret named name ("" when fine).
// The value itself is never part of the message: errors reach logs.
func checkSecret(name, value, why string) string {
	lower := strings.ToLower(value)
	for _, p := range placeholders {
		if strings.Contains(lower, p) {
			return fmt.Sprintf("%s looks like a placeholder (it contains %q): set it to a random secret of at least %d characters, e.g. `openssl rand -hex 32`; it %s",
				name, p, MinSecretLen, why)
		}
	}
	if len(value) < MinSecretLen {
		return fmt.Sprintf("%s must be at least %d characters (got %d): use a random secret, e.g. `openssl rand -hex 32`; it %s",
			name, MinSecretLen, len(value), why)
	}
	distinct := map[rune]bool{}
	for _, r := range value {
		distinct[r] = true
	}
	if len(distinct) < 8 {
		return fmt.Sprintf("%s has only %d distinct characters, so it is not random: use e.g. `openssl rand -hex 32`; it %s",
			name, len(distinct), why)
	}
	return ""
}

// secretProblems checks every secret the worker is given; an optional one
// that is unset turns its door off and is not a problem.
func (c *Config) secretProblems() []string {
	var p []string
	for _, s := range []struct {
		name, value, why string
		required         bool
	}{
		{"REPLY_HMAC_KEY", c.ReplyKey, "signs reply addresses", true},
		{"INBOUND_WEBHOOK_SECRET", c.InboundWebhookSecret, "authenticates the inbound-mail webhook (unset it to turn the webhook off)", false},
		{"CONVERSIONS_HMAC_KEY", c.ConversionsKey, "authenticates the shop's order webhook (unset it to turn the webhook off)", false},
		{"SLACK_SIGNING_SECRET", c.Slack.SigningSecret, "verifies Slack's clicks (copy it from the Slack app's Basic Information page)", false},
	} {
		if s.value == "" && !s.required {
			continue
		}
		if msg := checkSecret(s.name, s.value, s.why); msg != "" {
			p = append(p, msg)
		}
	}
	return p
}
