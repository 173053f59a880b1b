package campaign

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestExampleBriefMeasurement(t *testing.T) {
	data, err := os.ReadFile("../examples/spring-glow.yaml")
	require.NoError(t, err)
	b, err := ParseBrief(data)
	require.NoError(t, err)
	require.Equal(t, "GLOW", b.Measurement.PromoPrefix)
	require.Equal(t, 30*24*time.Hour, b.Measurement.Window())
	require.Equal(t, &Money{1200, "USD"}, b.Measurement.EMV.CPM)
	require.Equal(t, 1.5, *b.KPIs.ROAS)
	require.Equal(t, "GLOW-JANEGLOWS", PromoCode(b.Measurement.PromoPrefix, "jane.glows"))
	require.Equal(t, "https://lumen.example/vitamin-c-serum?utm_campaign=spring-glow-2027&utm_content=jane.glows&utm_medium=influencer&utm_source=tiktok",
		TrackingTarget(b.Measurement, b.ID, "tiktok", "jane.glows"))
	require.Equal(t, DefaultAttributionWindow.D(), Measurement{}.Window())
}

func TestMeasurementValidation(t *testing.T) {
	_, err := ParseBrief([]byte(`
id: c1
name: C
brand: B
platforms: [youtube]
creators_wanted: 1
budget: 100 EUR
offer: {fee: "EUR 50", deliverables: [one video]}
kpis: {cpc: "1 USD", roi: -2, roas: 0, engagement_rate_by_views: 5}
measurement:
  link: lumen.example/x
  promo_prefix: "GLOW 10"
  attribution_window: -1d
  emv: {cpm: "1.00 USD", cpe: "0 EUR"}
`))
	require.Error(t, err)
	for _, want := range []string{
		"brief: kpis.cpc must be in the budget's currency EUR (got USD)",
		"brief: kpis.roi must be a fraction >= -1",
		"brief: kpis.roas must be > 0",
		"brief: kpis.engagement_rate_by_views must be a fraction between 0 and 1",
		`brief: measurement.link must be an http(s) URL such as https://brand.example/product (got "lumen.example/x")`,
		`brief: measurement.promo_prefix must be 2-12 letters or digits (got "GLOW 10")`,
		"brief: measurement.attribution_window must be > 0",
		"brief: measurement.emv.cpm must be in the budget's currency EUR (got USD)",
		"brief: measurement.emv.cpe must be > 0",
	} {
		require.Contains(t, err.Error(), want)
	}
}

func TestAttributeCodeFirstLinkSecondWithinWindow(t *testing.T) {
	issued := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	codes := map[string]Tracking{"GLOW-JANE": {CampaignID: "c", Handle: "jane", IssuedAt: issued, Window: 24 * time.Hour}}
	links := map[string]Tracking{"c/omar": {CampaignID: "c", Handle: "omar", IssuedAt: issued, Window: 48 * time.Hour}}
	byCode := func(code string) (Tracking, bool) { t, ok := codes[code]; return t, ok }
	byLink := func(c, h string) (Tracking, bool) { t, ok := links[c+"/"+h]; return t, ok }
	at := issued.Add(36 * time.Hour) // outside jane's 1-day window, inside omar's 2 days

	c := Attribute(Conversion{PromoCode: " glow-jane ", UTMCampaign: "c", UTMContent: "Omar", At: at}, byCode, byLink)
	require.Equal(t, "omar", c.Handle, "the code is late, the link still counts")
	require.Equal(t, "link", c.Via)

	c = Attribute(Conversion{PromoCode: "GLOW-JANE", At: issued.Add(time.Hour)}, byCode, byLink)
	require.Equal(t, "jane", c.Handle)
	require.Equal(t, "code", c.Via)

	c = Attribute(Conversion{PromoCode: "GLOW-JANE", At: issued.Add(-time.Minute)}, byCode, byLink)
	require.Empty(t, c.Handle)
	require.Equal(t, "c", c.CampaignID)
	require.Contains(t, c.Reason, "before the creator's code was issued")

	c = Attribute(Conversion{At: at}, byCode, byLink)
	require.Equal(t, "no promo code and no utm parameters", c.Reason)
	require.Empty(t, c.CampaignID)
}
