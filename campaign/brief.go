package campaign

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Brief is what ops write to start a campaign: objectives, budget, the offer,
// the timing of every wait, and the KPI benchmarks the campaign is judged by.
type Brief struct {
	ID             string   `yaml:"id" json:"id"`
	Name           string   `yaml:"name" json:"name"`
	Brand          string   `yaml:"brand" json:"brand"`
	Objective      string   `yaml:"objective" json:"objective,omitempty"`
	Platforms      []string `yaml:"platforms" json:"platforms"`
	Tiers          []Tier   `yaml:"tiers" json:"tiers,omitempty"`
	CreatorsWanted int      `yaml:"creators_wanted" json:"creators_wanted"`
	Budget         Money    `yaml:"budget" json:"budget"`
	Offer          Offer    `yaml:"offer" json:"offer"`
	Timing         Timing   `yaml:"timing" json:"timing"`
	Approvers      []string `yaml:"approvers" json:"approvers,omitempty"`
	MaxRevisions   int      `yaml:"max_revisions" json:"max_revisions"`
	KPIs           KPIs     `yaml:"kpis" json:"kpis"`
	// Discovery and vetting settings (vetting.go); all optional.
	Vetting `yaml:",inline"`

	// Approval: the approval SLA and backup approvers (approval.go).
	Approval ApprovalPolicy `yaml:"approval" json:"approval,omitempty"`
	// Measurement: tracking links, promo codes, attribution window, EMV benchmarks (measurement.go).
	Measurement Measurement `yaml:"measurement" json:"measurement,omitempty"`
}

// Offer is what each creator is offered.
type Offer struct {
	Fee          Money    `yaml:"fee" json:"fee"`
	Deliverables []string `yaml:"deliverables" json:"deliverables"`
	PostingDate  string   `yaml:"posting_date" json:"posting_date,omitempty"`
	UsageRights  string   `yaml:"usage_rights" json:"usage_rights,omitempty"`
	Disclosure   string   `yaml:"disclosure" json:"disclosure"`
	Pitch        string   `yaml:"pitch" json:"pitch,omitempty"`
	// AutoAcceptUpTo is the highest counter-offer accepted without a person;
	// above it a counter waits for ops. Unset: only counters at or below the fee.
	AutoAcceptUpTo Money `yaml:"auto_accept_up_to" json:"auto_accept_up_to,omitempty"`
}

// Timing sets every durable wait of a collaboration.
type Timing struct {
	// FollowUps are the delays before each follow-up email, counted from the
	// previous email; after the last one, ReplyWindow more, then unresponsive.
	FollowUps   []Duration `yaml:"follow_ups" json:"follow_ups"`
	ReplyWindow Duration   `yaml:"reply_window" json:"reply_window"`
	// DraftDue is counted from the agreement (and from each change request);
	// a reminder goes out then, and the creator has Grace more.
	DraftDue Duration `yaml:"draft_due" json:"draft_due"`
	// PublishDue is counted from the draft's approval.
	PublishDue Duration `yaml:"publish_due" json:"publish_due"`
	Grace      Duration `yaml:"grace" json:"grace"`
	// Monitoring lists when metrics are pulled, counted from publication.
	Monitoring []Duration `yaml:"monitoring" json:"monitoring"`
	// UsageRights is how long the brand may use the content, counted from
	// publication (0: no usage-rights timers). Ops get a reminder
	// UsageRightsReminder before it ends (default 7d) and a notice at expiry.
	UsageRights         Duration `yaml:"usage_rights" json:"usage_rights,omitempty"`
	UsageRightsReminder Duration `yaml:"usage_rights_reminder" json:"usage_rights_reminder,omitempty"`
	// BatchWindow > 0 monitors the campaign's posts together: posts due
	// within the window of the earliest are pulled in one batch at its end
	// (fewer Temporal actions and API calls; a pull is at most this late).
	BatchWindow Duration `yaml:"batch_window" json:"batch_window,omitempty"`
}

// KPIs are the benchmarks fixed at launch; the report shows each figure beside them.
type KPIs struct {
	CPM            *Money   `yaml:"cpm" json:"cpm,omitempty"`
	CPE            *Money   `yaml:"cpe" json:"cpe,omitempty"`
	EngagementRate *float64 `yaml:"engagement_rate" json:"engagement_rate,omitempty"` // by followers
	// The first metrics pull at or after UnderperformanceCheck (default 3d)
	// is compared with EngagementRate: below UnderperformanceRatio of it
	// (default 0.5) alerts ops once, with the numbers.
	UnderperformanceCheck Duration `yaml:"underperformance_check" json:"underperformance_check,omitempty"`
	UnderperformanceRatio float64  `yaml:"underperformance_ratio" json:"underperformance_ratio,omitempty"`
	// Attribution and return benchmarks (see measurement.go and the report).
	EngagementRateByViews *float64 `yaml:"engagement_rate_by_views" json:"engagement_rate_by_views,omitempty"`
	CPC                   *Money   `yaml:"cpc" json:"cpc,omitempty"`
	CPA                   *Money   `yaml:"cpa" json:"cpa,omitempty"`
	ROI                   *float64 `yaml:"roi" json:"roi,omitempty"`
	ROAS                  *float64 `yaml:"roas" json:"roas,omitempty"`
}

// Defaults documented in the README.
var (
	DefaultFollowUps   = []Duration{Duration(3 * 24 * time.Hour), Duration(4 * 24 * time.Hour)}
	DefaultReplyWindow = Duration(3 * 24 * time.Hour)
	DefaultDraftDue    = Duration(7 * 24 * time.Hour)
	DefaultPublishDue  = Duration(7 * 24 * time.Hour)
	DefaultGrace       = Duration(3 * 24 * time.Hour)
	DefaultMonitoring  = []Duration{
		Duration(time.Hour), Duration(24 * time.Hour), Duration(3 * 24 * time.Hour),
		Duration(7 * 24 * time.Hour), Duration(14 * 24 * time.Hour), Duration(30 * 24 * time.Hour),
	}
	DefaultMaxRevisions = 2
	DefaultDisclosure   = "#ad"
)

// FieldError names the brief field at fault and what is expected of it.
type FieldError struct {
	Field   string
	Problem string
}

func (e FieldError) Error() string { return "brief: " + e.Field + " " + e.Problem }

// ValidationError holds every problem found, so ops fix them in one go.
type ValidationError struct{ Problems []FieldError }

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

var (
	slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
)

// ParseBrief decodes YAML strictly (a misspelt field is an error), fills
// defaults and validates. A *ValidationError lists every problem.
func ParseBrief(data []byte) (Brief, error) {
	var b Brief
	if p := shapeProblem(data); p != nil {
		return Brief{}, &ValidationError{Problems: []FieldError{*p}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&b); err != nil {
		return Brief{}, &ValidationError{Problems: yamlProblems(data, err)}
	}
	b.ApplyDefaults()
	if err := b.Validate(); err != nil {
		return Brief{}, err
	}
	return b, nil
}

// ApplyDefaults fills what a brief may leave out.
func (b *Brief) ApplyDefaults() {
	if len(b.Tiers) == 0 {
		b.Tiers = append([]Tier(nil), Tiers...)
	}
	if b.Timing.FollowUps == nil {
		b.Timing.FollowUps = DefaultFollowUps
	}
	if b.Timing.ReplyWindow == 0 {
		b.Timing.ReplyWindow = DefaultReplyWindow
	}
	if b.Timing.DraftDue == 0 {
		b.Timing.DraftDue = DefaultDraftDue
	}
	if b.Timing.PublishDue == 0 {
		b.Timing.PublishDue = DefaultPublishDue
	}
	if b.Timing.Grace == 0 {
		b.Timing.Grace = DefaultGrace
	}
	if len(b.Timing.Monitoring) == 0 {
		b.Timing.Monitoring = DefaultMonitoring
	}
	if b.MaxRevisions == 0 {
		b.MaxRevisions = DefaultMaxRevisions
	}
	if b.Offer.Disclosure == "" {
		b.Offer.Disclosure = DefaultDisclosure
	}
	b.Vetting.applyDefaults(b.CreatorsWanted)
}

// Validate checks every field and reports all problems at once.
func (b Brief) Validate() error {
	var p []FieldError
	bad := func(field, format string, args ...any) {
		p = append(p, FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if !slugRE.MatchString(b.ID) {
		bad("id", "must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit (got %q)", b.ID)
	}
	if strings.TrimSpace(b.Name) == "" {
		bad("name", "is required")
	}
	if strings.TrimSpace(b.Brand) == "" {
		bad("brand", "is required")
	}
	if len(b.Platforms) == 0 {
		bad("platforms", "must list at least one of %s", strings.Join(Platforms, ", "))
	}
	for i, pl := range b.Platforms {
		if !isPlatform(pl) {
			bad(fmt.Sprintf("platforms[%d]", i), "must be one of %s (got %q)", strings.Join(Platforms, ", "), pl)
		}
	}
	for i, t := range b.Tiers {
		if _, err := ParseTier(string(t)); err != nil {
			bad(fmt.Sprintf("tiers[%d]", i), "%v", err)
		}
	}
	if b.CreatorsWanted <= 0 {
		bad("creators_wanted", "must be > 0 (got %d)", b.CreatorsWanted)
	}
	if b.Budget.Amount <= 0 {
		bad("budget", "must be > 0, written like \"5000.00 USD\" (got %q)", b.Budget.String())
	}
	if b.Offer.Fee.Amount <= 0 {
		bad("offer.fee", "must be > 0, written like \"800.00 USD\" (got %q)", b.Offer.Fee.String())
	} else if b.Budget.Currency != "" && b.Offer.Fee.Currency != b.Budget.Currency {
		bad("offer.fee", "must be in the budget's currency %s (got %s)", b.Budget.Currency, b.Offer.Fee.Currency)
	} else if b.CreatorsWanted > 0 && b.Budget.Amount > 0 && b.Offer.Fee.Amount*int64(b.CreatorsWanted) > b.Budget.Amount {
		bad("offer.fee", "times creators_wanted (%d) is %s, more than the budget %s",
			b.CreatorsWanted, Money{b.Offer.Fee.Amount * int64(b.CreatorsWanted), b.Budget.Currency}, b.Budget)
	}
	if c := b.Offer.AutoAcceptUpTo; c.Currency != "" {
		if c.Currency != b.Offer.Fee.Currency || c.Amount < b.Offer.Fee.Amount {
			bad("offer.auto_accept_up_to", "must be in the fee's currency and at least the fee %s (got %s)", b.Offer.Fee, c)
		} else if b.CreatorsWanted > 0 && b.Budget.Amount > 0 && c.Amount*int64(b.CreatorsWanted) > b.Budget.Amount {
			bad("offer.auto_accept_up_to", "times creators_wanted (%d) is %s, more than the budget %s: counters accepted up to it could overspend",
				b.CreatorsWanted, Money{c.Amount * int64(b.CreatorsWanted), b.Budget.Currency}, b.Budget)
		}
	}
	if len(b.Offer.Deliverables) == 0 {
		bad("offer.deliverables", "must list at least one deliverable, e.g. \"1 Instagram reel\"")
	}
	if b.Offer.PostingDate != "" {
		if _, err := time.Parse("2006-01-02", b.Offer.PostingDate); err != nil {
			bad("offer.posting_date", "must be a date like 2027-03-15 (got %q)", b.Offer.PostingDate)
		}
	}
	for i, d := range b.Timing.FollowUps {
		if d <= 0 {
			bad(fmt.Sprintf("timing.follow_ups[%d]", i), "must be > 0 (got %s)", d)
		}
	}
	for _, f := range []struct {
		name string
		d    Duration
	}{
		{"timing.reply_window", b.Timing.ReplyWindow}, {"timing.draft_due", b.Timing.DraftDue},
		{"timing.publish_due", b.Timing.PublishDue}, {"timing.grace", b.Timing.Grace},
	} {
		if f.d < 0 {
			bad(f.name, "must be > 0 (got %s)", f.d)
		}
	}
	var prev Duration
	for i, d := range b.Timing.Monitoring {
		if d <= prev {
			bad(fmt.Sprintf("timing.monitoring[%d]", i), "must be later than the pull before it (got %s after %s)", d, prev)
		}
		prev = d
	}
	for i, a := range b.Approvers {
		if strings.TrimSpace(a) == "" {
			bad(fmt.Sprintf("approvers[%d]", i), "must not be empty")
		} else if strings.Contains(a, "@") {
			if err := CheckAddress(a); err != nil {
				bad(fmt.Sprintf("approvers[%d]", i), "must be an email address or a Slack user ID; as an address it %s", err)
			}
		}
	}
	b.Approval.validate(bad)
	if b.MaxRevisions < 0 {
		bad("max_revisions", "must be >= 0 (got %d)", b.MaxRevisions)
	}
	for _, k := range []struct {
		name string
		m    *Money
	}{{"kpis.cpm", b.KPIs.CPM}, {"kpis.cpe", b.KPIs.CPE}, {"kpis.cpc", b.KPIs.CPC}, {"kpis.cpa", b.KPIs.CPA}} {
		if k.m != nil && k.m.Currency != b.Budget.Currency {
			bad(k.name, "must be in the budget's currency %s (got %s)", b.Budget.Currency, k.m.Currency)
		}
	}
	if er := b.KPIs.EngagementRate; er != nil && (*er <= 0 || *er >= 1) {
		bad("kpis.engagement_rate", "must be a fraction between 0 and 1, e.g. 0.03 for 3%% (got %v)", *er)
	}
	p = append(p, b.Vetting.validate(b.CreatorsWanted, b.Budget.Currency)...)
	p = append(p, b.monitoringProblems()...)
	p = append(p, b.KPIs.validateReturn()...)
	p = append(p, b.Measurement.validate(b.Budget.Currency)...)
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Problems: p}
}

// AllowsApprover reports whether who may decide; an empty list allows anyone
// who can reach the approval (the Slack channel, or the CLI).
func (b Brief) AllowsApprover(who string) bool {
	if len(b.Approvers) == 0 {
		return true
	}
	for _, a := range b.Approvers {
		if strings.EqualFold(a, who) {
			return true
		}
	}
	return false
}

// WantsTier reports whether the brief targets a tier.
func (b Brief) WantsTier(t Tier) bool {
	for _, x := range b.Tiers {
		if x == t {
			return true
		}
	}
	return false
}
