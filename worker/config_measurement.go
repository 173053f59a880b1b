package main

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// loadMeasurement reads FX_RATES, CONVERSIONS_HMAC_KEY and TRACKING_BASE_URL.
// Tracking links default to the worker's own HTTP address, which only works
// locally: set TRACKING_BASE_URL to the public URL in production.
func (c *Config) loadMeasurement(get func(k, def string) string, getenv func(string) string) []string {
	var problems []string
	rates, err := campaign.ParseRates(getenv("FX_RATES"))
	if err != nil {
		problems = append(problems, err.Error())
	}
	c.Rates = rates
	c.ConversionsKey = getenv("CONVERSIONS_HMAC_KEY")
	c.TrackingBaseURL = strings.TrimSuffix(get("TRACKING_BASE_URL", "http://"+c.HTTPAddr), "/")
	if u, err := url.Parse(c.TrackingBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("TRACKING_BASE_URL must be an http(s) URL such as https://go.brand.example (got %q)", c.TrackingBaseURL))
	}
	return problems
}
