package campaign

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExampleBriefIsValid(t *testing.T) {
	data, err := os.ReadFile("../examples/spring-glow.yaml")
	require.NoError(t, err)
	b, err := ParseBrief(data)
	require.NoError(t, err)
	require.Equal(t, "spring-glow-2027", b.ID)
	require.Equal(t, Money{Amount: 120000, Currency: "USD"}, b.Offer.Fee)
	require.Equal(t, []Duration{Duration(2 * time.Minute), Duration(3 * time.Minute)}, b.Timing.FollowUps)
}

func TestBriefDefaults(t *testing.T) {
	b, err := ParseBrief([]byte(`
id: c1
name: C
brand: B
platforms: [youtube]
creators_wanted: 1
budget: 100 EUR
offer: {fee: "EUR 50.5", deliverables: [one video]}
`))
	require.NoError(t, err)
	require.Equal(t, Money{Amount: 5050, Currency: "EUR"}, b.Offer.Fee)
	require.Equal(t, Tiers, b.Tiers)
	require.Equal(t, DefaultMonitoring, b.Timing.Monitoring)
	require.Equal(t, DefaultFollowUps, b.Timing.FollowUps)
	require.Equal(t, "#ad", b.Offer.Disclosure)
	require.Equal(t, 2, b.MaxRevisions)
}

func TestBriefErrorsNameEveryField(t *testing.T) {
	_, err := ParseBrief([]byte(`
id: Bad_ID
name: ""
brand: B
platforms: [instagram, myspace]
tiers: [giant]
creators_wanted: 3
budget: "1000.00 USD"
offer:
  fee: "500.00 USD"
  deliverables: []
  posting_date: 15/03/2027
timing:
  follow_ups: [1d]
  monitoring: [2h, 1h]
approvers: ["not an email@"]
kpis:
  cpm: "10.00 EUR"
  engagement_rate: 3
`))
	var ve *ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	got := err.Error()
	for _, want := range []string{
		`brief: id must be 2-63 lowercase letters`,
		`brief: name is required`,
		`brief: platforms[1] must be one of instagram, tiktok, youtube (got "myspace")`,
		`brief: tiers[0] want one of nano, micro, macro, mega (got "giant")`,
		`brief: offer.fee times creators_wanted (3) is 1,500.00 USD, more than the budget 1,000.00 USD`,
		`brief: offer.deliverables must list at least one`,
		`brief: offer.posting_date must be a date like 2027-03-15 (got "15/03/2027")`,
		`brief: timing.monitoring[1] must be later than the pull before it (got 1h0m0s after 2h0m0s)`,
		`brief: approvers[0] must be an email address or a Slack user ID`,
		`brief: kpis.cpm must be in the budget's currency USD (got EUR)`,
		`brief: kpis.engagement_rate must be a fraction between 0 and 1`,
	} {
		require.Contains(t, got, want)
	}
}

func TestBriefUnknownFieldAndBadValues(t *testing.T) {
	_, err := ParseBrief([]byte("id: c1\ncolour: red\n"))
	require.ErrorContains(t, err, "brief: colour is not a brief field (line 2)")
	_, err = ParseBrief([]byte("id: c1\nbudget: lots\n"))
	require.ErrorContains(t, err, `budget must be an amount and a currency such as "1200.00 USD" (got "lots") (line 2)`)
	_, err = ParseBrief([]byte("id: c1\ntiming: {grace: soon}\n"))
	require.ErrorContains(t, err, `timing.grace must be a duration such as "3d" or "72h" (got "soon") (line 2)`)
	_, err = ParseBrief([]byte("id: [\n"))
	require.ErrorContains(t, err, "is not valid YAML")
}

// A brief of the wrong shape is answered in ops' words: the field, the line,
// what was expected, never Go type names.
func TestBriefShapeMessages(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "brief: (file) is empty: a brief needs at least id, name, creators_wanted, budget and offer",
		"null\n":                         "brief: (file) is empty",
		"- a\n- b\n":                     "brief: (file) must be a mapping of brief fields (id: …, name: …, budget: …), not a list (line 1)",
		"42":                             "brief: (file) must be a mapping of brief fields (id: …, name: …, budget: …), not the number 42 (line 1)",
		"id: c1\ncreators_wanted: 1e400": `brief: creators_wanted must be a whole number, not the text "1e400" (line 2)`,
		"creators_wanted: [1]\n":         "brief: creators_wanted must be a whole number, not a list (line 1)",
		"id: c1\noffer:\n  fee: 12\n":    `brief: offer.fee must be an amount and a currency such as "1200.00 USD" (got "12") (line 3)`,
		"offer:\n  fee: {a: 1}\n":        `brief: offer.fee must be money such as "1200.00 USD", not a mapping (line 2)`,
		"timing:\n  grace: [1d]\n":       `brief: timing.grace must be a duration such as "3d" or "72h", not a list (line 2)`,
	} {
		_, err := ParseBrief([]byte(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, "input %q", in)
		assert.NotContains(t, err.Error(), "unmarshal", "input %q", in)
	}
}

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]Money{
		"1200 USD":      {120000, "USD"},
		"1,200.50 USD":  {120050, "USD"},
		"USD 0.5":       {50, "USD"},
		"-3.25 GBP":     {-325, "GBP"},
		" 99.99  EUR  ": {9999, "EUR"},
	} {
		got, err := ParseMoney(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "12", "12 usd", "1.234 USD", "abc USD", "12. USD", "1 2 USD"} {
		_, err := ParseMoney(bad)
		require.Error(t, err, bad)
	}
	require.Equal(t, "1,234,567.05 USD", Money{123456705, "USD"}.String())
	require.Equal(t, "-0.05", FormatMinor(-5))
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"3d": 72 * time.Hour, "1d12h": 36 * time.Hour, "90s": 90 * time.Second, "2h30m": 150 * time.Minute} {
		got, err := ParseDuration(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "d", "3x", "1d2"} {
		_, err := ParseDuration(bad)
		require.Error(t, err, bad)
	}
	require.Equal(t, "3d", Duration(72*time.Hour).String())
}

func TestTierBoundaries(t *testing.T) {
	for f, want := range map[int64]Tier{0: Nano, 9_999: Nano, 10_000: Micro, 99_999: Micro, 100_000: Macro, 999_999: Macro, 1_000_000: Mega} {
		require.Equal(t, want, TierOf(f), f)
	}
}

func TestApprovers(t *testing.T) {
	b := Brief{Approvers: []string{"Ops@Lumen.test", "U123"}}
	require.True(t, b.AllowsApprover("ops@lumen.test"))
	require.True(t, b.AllowsApprover("U123"))
	require.False(t, b.AllowsApprover("someone@else.test"))
	require.True(t, Brief{}.AllowsApprover("anyone"))
}

func TestParseRosterJSON(t *testing.T) {
	data, err := os.ReadFile("../examples/roster.json")
	require.NoError(t, err)
	cs, err := ParseRosterJSON(data)
	require.NoError(t, err)
	require.Len(t, cs, 6)
	_, err = ParseRosterJSON([]byte(`[{"platform":"instagram","handle":"@Jane","email":"j@x.test","followers":1},
		{"platform":"myspace","handle":"bad handle!","email":"nope","followers":-1}]`))
	require.Error(t, err)
	msg := err.Error()
	require.True(t, strings.Contains(msg, "entry 2") && strings.Contains(msg, "platform must be one of") &&
		strings.Contains(msg, "email must be an address") && strings.Contains(msg, "followers must be >= 0"), msg)
	require.NotContains(t, msg, "entry 1")
}
