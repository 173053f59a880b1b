package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLoadConfigMeasurement(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://x", "SMTP_HOST": "smtp.x", "MAIL_FROM": "Lumen <p@lumen.test>",
		"REPLY_HMAC_KEY": "0123456789abcdef0123456789abcdef"}
	get := func(extra map[string]string) func(string) string {
		return func(k string) string {
			if v, ok := extra[k]; ok {
				return v
			}
			return base[k]
		}
	}
	c, err := LoadConfig(get(nil))
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8090", c.TrackingBaseURL, "tracking links default to the worker's own address")
	require.Empty(t, c.Rates)
	require.Empty(t, c.ConversionsKey, "the webhook is off without a key")

	c, err = LoadConfig(get(map[string]string{"FX_RATES": "EUR/USD=1.08", "TRACKING_BASE_URL": "https://go.lumen.example/",
		"CONVERSIONS_HMAC_KEY": "a-long-enough-secret-0123456789abcdef"}))
	require.NoError(t, err)
	require.Equal(t, "https://go.lumen.example", c.TrackingBaseURL)
	require.True(t, c.Rates.CanConvert("USD", "EUR"))

	_, err = LoadConfig(get(map[string]string{"FX_RATES": "EUR=1.08", "TRACKING_BASE_URL": "go.lumen.example", "CONVERSIONS_HMAC_KEY": "short"}))
	require.ErrorContains(t, err, `exchange rates (FX_RATES): "EUR=1.08": want FROM/TO=RATE`)
	require.ErrorContains(t, err, "TRACKING_BASE_URL must be an http(s) URL")
	require.ErrorContains(t, err, "CONVERSIONS_HMAC_KEY must be at least 32 characters")
}
