package campaign

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Measurement is the brief's attribution and valuation section.
//
//	measurement:
//	  link: https://lumen.example/serum      # where tracking links lead
//	  utm_medium: influencer                 # default "influencer"
//	  promo_prefix: GLOW                     # codes like GLOW-JANEGLOWS
//	  attribution_window: 30d                # default 30d
//	  emv: {cpm: "12.00 USD", cpe: "0.10 USD"}  # earned-media-value benchmarks
type Measurement struct {
	Link              string   `yaml:"link" json:"link,omitempty"`
	UTMMedium         string   `yaml:"utm_medium" json:"utm_medium,omitempty"`
	PromoPrefix       string   `yaml:"promo_prefix" json:"promo_prefix,omitempty"`
	AttributionWindow Duration `yaml:"attribution_window" json:"attribution_window,omitempty"`
	EMV               EMVRates `yaml:"emv" json:"emv,omitempty"`
}

// EMVRates value a view (per thousand) and an engagement for the earned-media
// estimate: EMV = views / 1000 × CPM + engagements × CPE.
type EMVRates struct {
	CPM *Money `yaml:"cpm" json:"cpm,omitempty"`
	CPE *Money `yaml:"cpe" json:"cpe,omitempty"`
}

// DefaultAttributionWindow is how long after a creator's code and link are
// issued (with the terms) an order still counts for them.
const DefaultAttributionWindow = Duration(30 * 24 * time.Hour)

// DefaultUTMMedium is utm_medium when the brief names none.
const DefaultUTMMedium = "influencer"

// Window is the attribution window with its default.
func (m Measurement) Window() time.Duration {
	if m.AttributionWindow > 0 {
		return m.AttributionWindow.D()
	}
	return DefaultAttributionWindow.D()
}

// validate returns the section's problems; money must be in the budget's currency.
func (m Measurement) validate(budgetCurrency string) []FieldError {
	var p []FieldError
	if m.Link != "" {
		u, err := url.Parse(m.Link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			p = append(p, FieldError{"measurement.link", fmt.Sprintf("must be an http(s) URL such as https://brand.example/product (got %q)", m.Link)})
		}
	}
	if m.PromoPrefix != "" && !promoPrefixOK(m.PromoPrefix) {
		p = append(p, FieldError{"measurement.promo_prefix", fmt.Sprintf("must be 2-12 letters or digits (got %q)", m.PromoPrefix)})
	}
	if m.AttributionWindow < 0 {
		p = append(p, FieldError{"measurement.attribution_window", fmt.Sprintf("must be > 0 (got %s)", m.AttributionWindow)})
	}
	for _, k := range []struct {
		name string
		m    *Money
	}{{"measurement.emv.cpm", m.EMV.CPM}, {"measurement.emv.cpe", m.EMV.CPE}} {
		if k.m != nil && k.m.Currency != budgetCurrency {
			p = append(p, FieldError{k.name, fmt.Sprintf("must be in the budget's currency %s (got %s)", budgetCurrency, k.m.Currency)})
		} else if k.m != nil && k.m.Amount <= 0 {
			p = append(p, FieldError{k.name, fmt.Sprintf("must be > 0 (got %s)", k.m)})
		}
	}
	return p
}

func promoPrefixOK(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) || r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// PromoCode is a creator's code: the prefix, a dash, the handle's letters and
// digits, upper case ("GLOW-JANEGLOWS"). Empty when the brief has no prefix.
func PromoCode(prefix, handle string) string {
	if prefix == "" {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(handle) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return strings.ToUpper(prefix) + "-" + b.String()
}

// NormalizeCode is how codes are compared: trimmed, upper case.
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// TrackingTarget is where a creator's tracking link redirects: the brief's link
// with utm_source (platform), utm_medium, utm_campaign (campaign id) and
// utm_content (handle). Empty when the brief has no link.
func TrackingTarget(m Measurement, campaignID, platform, handle string) string {
	if m.Link == "" {
		return ""
	}
	u, err := url.Parse(m.Link)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("utm_source", platform)
	q.Set("utm_medium", firstNonBlank(m.UTMMedium, DefaultUTMMedium))
	q.Set("utm_campaign", campaignID)
	q.Set("utm_content", handle)
	u.RawQuery = q.Encode()
	return u.String()
}

func firstNonBlank(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// Tracking is what one creator was issued: a link, a code, and when (the
// start of their attribution window), with the clicks counted so far.
type Tracking struct {
	CampaignID string        `json:"campaign_id"`
	Handle     string        `json:"handle"`
	Platform   string        `json:"platform"`
	Code       string        `json:"code,omitempty"`
	Target     string        `json:"target,omitempty"`
	IssuedAt   time.Time     `json:"issued_at"`
	Window     time.Duration `json:"window"`
	Clicks     int64         `json:"clicks"`
}

// Conversion is one order from the shop, as received and as attributed.
type Conversion struct {
	OrderID     string    `json:"order_id"`
	PromoCode   string    `json:"promo_code,omitempty"`
	UTMCampaign string    `json:"utm_campaign,omitempty"`
	UTMContent  string    `json:"utm_content,omitempty"`
	Revenue     Money     `json:"revenue"`
	At          time.Time `json:"at"`
	// Set by Attribute.
	CampaignID string `json:"campaign_id,omitempty"` // known from the code or utm_campaign, even if unattributed
	Handle     string `json:"handle,omitempty"`      // empty: unattributed
	Via        string `json:"via,omitempty"`         // "code" or "link"
	Reason     string `json:"reason,omitempty"`      // why it is unattributed
}

// Check validates an incoming order before anything is stored.
func (c Conversion) Check() error {
	var p []string
	if strings.TrimSpace(c.OrderID) == "" {
		p = append(p, "order_id is required")
	}
	if !isCurrencyCode(c.Revenue.Currency) {
		p = append(p, fmt.Sprintf("currency must be a three-letter code such as USD (got %q)", c.Revenue.Currency))
	}
	if c.Revenue.Amount < 0 {
		p = append(p, fmt.Sprintf("revenue must be >= 0 (got %s)", c.Revenue))
	}
	if c.At.IsZero() {
		p = append(p, "time is required (RFC 3339, e.g. 2027-03-20T14:05:00Z)")
	}
	if len(p) > 0 {
		return fmt.Errorf("order %q: %s", c.OrderID, strings.Join(p, "; "))
	}
	return nil
}

// Attribute credits an order to a creator: by promo code first, by tracking
// link (utm_campaign + utm_content) second, and only when the order falls in
// that creator's window [issued, issued + window]. An order that matches
// nothing keeps its reasons and stays unattributed.
func Attribute(c Conversion, byCode func(code string) (Tracking, bool), byLink func(campaignID, handle string) (Tracking, bool)) Conversion {
	c.Handle, c.Via, c.Reason = "", "", ""
	var reasons []string
	try := func(t Tracking, via string) bool {
		if c.CampaignID == "" {
			c.CampaignID = t.CampaignID
		}
		switch {
		case c.At.Before(t.IssuedAt.Truncate(time.Second)): // shops send whole seconds
			reasons = append(reasons, fmt.Sprintf("%s of %s: order placed before the creator's %s was issued (%s)",
				via, t.Handle, via, t.IssuedAt.UTC().Format(time.RFC3339)))
		case c.At.After(t.IssuedAt.Add(t.Window)):
			reasons = append(reasons, fmt.Sprintf("%s of %s: order placed after the attribution window (%s from %s)",
				via, t.Handle, Duration(t.Window), t.IssuedAt.UTC().Format(time.RFC3339)))
		default:
			c.CampaignID, c.Handle, c.Via = t.CampaignID, t.Handle, via
			return true
		}
		return false
	}
	if code := NormalizeCode(c.PromoCode); code != "" {
		if t, ok := byCode(code); ok {
			if try(t, "code") {
				return c
			}
		} else {
			reasons = append(reasons, fmt.Sprintf("unknown promo code %q", c.PromoCode))
		}
	}
	if c.UTMCampaign != "" || c.UTMContent != "" {
		if t, ok := byLink(c.UTMCampaign, strings.ToLower(c.UTMContent)); ok {
			if try(t, "link") {
				return c
			}
		} else {
			reasons = append(reasons, fmt.Sprintf("no tracking link for utm_campaign=%q utm_content=%q", c.UTMCampaign, c.UTMContent))
			if c.CampaignID == "" {
				c.CampaignID = c.UTMCampaign
			}
		}
	}
	if len(reasons) == 0 {
		reasons = append(reasons, "no promo code and no utm parameters")
	}
	c.Reason = strings.Join(reasons, "; ")
	return c
}

// validateReturn checks the benchmarks added for attribution and return.
func (k KPIs) validateReturn() []FieldError {
	var p []FieldError
	if er := k.EngagementRateByViews; er != nil && (*er <= 0 || *er >= 1) {
		p = append(p, FieldError{"kpis.engagement_rate_by_views", fmt.Sprintf("must be a fraction between 0 and 1, e.g. 0.05 for 5%% (got %v)", *er)})
	}
	if r := k.ROI; r != nil && *r < -1 {
		p = append(p, FieldError{"kpis.roi", fmt.Sprintf("must be a fraction >= -1, e.g. 0.5 for +50%% (got %v)", *r)})
	}
	if r := k.ROAS; r != nil && *r <= 0 {
		p = append(p, FieldError{"kpis.roas", fmt.Sprintf("must be > 0, e.g. 2 for 2× (got %v)", *r)})
	}
	return p
}
