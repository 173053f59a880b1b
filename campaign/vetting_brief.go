package campaign

import (
	"fmt"
	"strings"
)

// Vetting is the part of a brief that steers discovery and vetting. Every
// field is optional; the defaults are documented beside each.
type Vetting struct {
	// TargetAudience is who the brand wants to reach. Empty parts are not scored.
	TargetAudience TargetAudience `yaml:"target_audience" json:"target_audience,omitzero"`
	// BrandCategories are the brand's content categories ("skincare", "beauty"),
	// matched against a creator's categories for content and brand alignment.
	// Default: the target audience's interests.
	BrandCategories []string `yaml:"brand_categories" json:"brand_categories,omitempty"`
	// Formats are the rate-card formats the offer's deliverables are priced as
	// ("reel", "story"); a creator's rate for the campaign is their sum. Default:
	// the creator's cheapest format.
	Formats []string `yaml:"formats" json:"formats,omitempty"`
	// BrandSafetyExclude are the brand-safety labels that exclude a creator
	// (a severe flag). Other labels are a warning. Default: DefaultBrandSafetyExclude.
	BrandSafetyExclude []string `yaml:"brand_safety_exclude" json:"brand_safety_exclude,omitempty"`
	// Weights of the score's components. Default: DefaultWeights.
	Weights Weights `yaml:"weights" json:"weights,omitzero"`
	// Shortlist sets the shortlist's size and whether a person approves it.
	Shortlist ShortlistPolicy `yaml:"shortlist" json:"shortlist,omitzero"`
	// Value sets what a creator's fee is judged against. Default: DefaultCPETarget, DefaultCPMTarget.
	Value ValueTargets `yaml:"value" json:"value,omitzero"`
	// Overrides keep creators whose severe authenticity flag would exclude
	// them, each with who decided and why; the brief (and so the campaign's
	// history) keeps the decision, and the flag stays shown as a warning.
	Overrides []Override `yaml:"overrides" json:"overrides,omitempty"`
	// ExcludeCreators are "platform/handle"s never to shortlist (left out in
	// the query, before scoring).
	ExcludeCreators []string `yaml:"exclude_creators" json:"exclude_creators,omitempty"`
	// AllCategories considers creators whatever their categories. Default
	// (false): with brand categories set, only creators whose categories match
	// them through the taxonomy (same, narrower, broader or sibling), or who
	// list none, are loaded and scored.
	AllCategories bool `yaml:"all_categories" json:"all_categories,omitempty"`
}

// ValueTargets are the costs at which the value component scores 0.5: half
// the cost scores 1, twice the cost 0.25. In the budget's currency.
type ValueTargets struct {
	// CPETarget: the fee per expected engagement.
	CPETarget *Money `yaml:"cpe_target" json:"cpe_target,omitempty"`
	// CPMTarget: the fee per thousand expected views.
	CPMTarget *Money `yaml:"cpm_target" json:"cpm_target,omitempty"`
}

// Override keeps one creator despite a severe authenticity flag.
type Override struct {
	Creator string `yaml:"creator" json:"creator"` // platform/handle
	// Flags are the flag kinds overridden; empty means every authenticity flag.
	Flags  []string `yaml:"flags" json:"flags,omitempty"`
	By     string   `yaml:"by" json:"by"`
	Reason string   `yaml:"reason" json:"reason"`
}

// TargetAudience is matched against a creator's audience breakdown and categories.
type TargetAudience struct {
	Countries []string `yaml:"countries" json:"countries,omitempty"` // ISO codes: US, GB
	Ages      []string `yaml:"ages" json:"ages,omitempty"`           // AgeBuckets: 18-24, 25-34
	Genders   []string `yaml:"genders" json:"genders,omitempty"`     // Genders: female, male, other
	Interests []string `yaml:"interests" json:"interests,omitempty"` // creator categories: skincare
	// Minimum shares (percent, 0–100) of the audience in the target
	// countries, age bands and genders. Set, they are hard filters: a creator
	// clearly below (by more than AudienceTolerance points) is excluded with
	// the figures; unset, the share only grades the score.
	MinCountryShare *float64 `yaml:"min_country_share" json:"min_country_share,omitempty"`
	MinAgeShare     *float64 `yaml:"min_age_share" json:"min_age_share,omitempty"`
	MinGenderShare  *float64 `yaml:"min_gender_share" json:"min_gender_share,omitempty"`
}

// IsZero reports a brief without a target audience.
func (t TargetAudience) IsZero() bool {
	return len(t.Countries)+len(t.Ages)+len(t.Genders)+len(t.Interests) == 0
}

// Weights of the score's components; nil means the default. They need not add
// up to 100: the score divides by their sum.
type Weights struct {
	Audience        *float64 `yaml:"audience" json:"audience,omitempty"`
	Engagement      *float64 `yaml:"engagement" json:"engagement,omitempty"`
	Alignment       *float64 `yaml:"alignment" json:"alignment,omitempty"`
	PastPerformance *float64 `yaml:"past_performance" json:"past_performance,omitempty"`
	Authenticity    *float64 `yaml:"authenticity" json:"authenticity,omitempty"`
	Value           *float64 `yaml:"value" json:"value,omitempty"`
}

// IsZero reports weights left entirely to the defaults.
func (w Weights) IsZero() bool {
	return w.Audience == nil && w.Engagement == nil && w.Alignment == nil && w.PastPerformance == nil && w.Authenticity == nil && w.Value == nil
}

// ShortlistPolicy: how long the shortlist is and whether it waits for a person.
type ShortlistPolicy struct {
	// Approval makes the campaign wait for `starter shortlist approve|reject` before any outreach.
	Approval bool `yaml:"approval" json:"approval,omitempty"`
	// Size is how many creators the shortlist ranks. Default: 3 × creators_wanted.
	Size int `yaml:"size" json:"size,omitempty"`
}

// Component names, in the order the score lists them.
const (
	CompAudience        = "audience"
	CompEngagement      = "engagement"
	CompAlignment       = "alignment"
	CompPastPerformance = "past_performance"
	CompAuthenticity    = "authenticity"
	CompValue           = "value"
)

// ComponentOrder lists the components in the order the score shows them.
var ComponentOrder = []string{CompAudience, CompEngagement, CompAlignment, CompPastPerformance, CompAuthenticity, CompValue}

// Defaults of the vetting settings, documented in the README.
var (
	DefaultWeights = map[string]float64{CompAudience: 25, CompEngagement: 20, CompAlignment: 20,
		CompPastPerformance: 10, CompAuthenticity: 10, CompValue: 15}
	// DefaultCPETarget and DefaultCPMTarget, in minor units of the budget's
	// currency: 0.50 per engagement, 40.00 per thousand views.
	DefaultCPETarget          int64 = 50
	DefaultCPMTarget          int64 = 4000
	DefaultBrandSafetyExclude       = []string{"adult", "hate", "violence", "drugs"}
	// DefaultShortlistFactor × creators_wanted is the default shortlist size.
	DefaultShortlistFactor = 3
	// MaxShortlistSize bounds the shortlist, which the campaign workflow
	// carries in one payload (2 MB at most): compact (shortlist_wire.go), a
	// creator costs ≈ 120–150 B, so 7,500 are ≈ 1.1 MB (BENCHMARKS.md). It
	// is also the most creators_wanted can be.
	MaxShortlistSize = 7500
)

func (w *Weights) ptrs() []struct {
	name string
	p    **float64
} {
	return []struct {
		name string
		p    **float64
	}{{CompAudience, &w.Audience}, {CompEngagement, &w.Engagement}, {CompAlignment, &w.Alignment},
		{CompPastPerformance, &w.PastPerformance}, {CompAuthenticity, &w.Authenticity}, {CompValue, &w.Value}}
}

// Of gives a component's weight, the default when unset.
func (w Weights) Of(component string) float64 {
	for _, f := range w.ptrs() {
		if f.name == component && *f.p != nil {
			return **f.p
		}
	}
	return DefaultWeights[component]
}

func (v *Vetting) applyDefaults(creatorsWanted int) {
	for _, f := range v.Weights.ptrs() {
		if *f.p == nil {
			x := DefaultWeights[f.name]
			*f.p = &x
		}
	}
	if v.BrandSafetyExclude == nil {
		v.BrandSafetyExclude = append([]string(nil), DefaultBrandSafetyExclude...)
	}
	if v.Shortlist.Size == 0 && creatorsWanted > 0 {
		v.Shortlist.Size = min(DefaultShortlistFactor*creatorsWanted, MaxShortlistSize)
	}
	low := func(s []string) {
		for i := range s {
			s[i] = strings.ToLower(strings.TrimSpace(s[i]))
		}
	}
	low(v.BrandCategories)
	low(v.Formats)
	low(v.BrandSafetyExclude)
	low(v.TargetAudience.Interests)
	low(v.TargetAudience.Genders)
	for i := range v.ExcludeCreators {
		v.ExcludeCreators[i] = normKey(v.ExcludeCreators[i])
	}
	for i := range v.Overrides {
		v.Overrides[i].Creator = normKey(v.Overrides[i].Creator)
		low(v.Overrides[i].Flags)
	}
	for i := range v.TargetAudience.Countries {
		v.TargetAudience.Countries[i] = strings.ToUpper(strings.TrimSpace(v.TargetAudience.Countries[i]))
	}
}

func (v Vetting) validate(creatorsWanted int, currency string) []FieldError {
	var p []FieldError
	bad := func(field, format string, args ...any) {
		p = append(p, FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	t := v.TargetAudience
	for i, c := range t.Countries {
		if !isCountry(c) {
			bad(fmt.Sprintf("target_audience.countries[%d]", i), "must be a two-letter country code such as US (got %q)", c)
		}
	}
	for i, a := range t.Ages {
		if !oneOf(a, AgeBuckets) {
			bad(fmt.Sprintf("target_audience.ages[%d]", i), "must be one of %s (got %q)", strings.Join(AgeBuckets, ", "), a)
		}
	}
	for i, g := range t.Genders {
		if !oneOf(g, Genders) {
			bad(fmt.Sprintf("target_audience.genders[%d]", i), "must be one of %s (got %q)", strings.Join(Genders, ", "), g)
		}
	}
	for _, l := range []struct {
		name string
		s    []string
	}{{"target_audience.interests", t.Interests}, {"brand_categories", v.BrandCategories},
		{"formats", v.Formats}, {"brand_safety_exclude", v.BrandSafetyExclude}} {
		for i, s := range l.s {
			if s == "" {
				bad(fmt.Sprintf("%s[%d]", l.name, i), "must not be empty")
			}
		}
	}
	p = append(p, v.validateVetting(currency)...)
	var sum float64
	w := v.Weights
	for _, f := range w.ptrs() {
		x := w.Of(f.name)
		if x < 0 {
			bad("weights."+f.name, "must be >= 0 (got %v)", x)
		}
		sum += x
	}
	if sum <= 0 {
		bad("weights", "must not all be 0: the score divides by their sum")
	}
	if creatorsWanted > MaxShortlistSize {
		bad("creators_wanted", "must be at most %d, the most creators a shortlist ranks (got %d); split the campaign in two", MaxShortlistSize, creatorsWanted)
	} else if s := v.Shortlist.Size; s < 0 || s > MaxShortlistSize {
		bad("shortlist.size", "must be between creators_wanted and %d (got %d)", MaxShortlistSize, s)
	} else if s > 0 && s < creatorsWanted {
		bad("shortlist.size", "must be at least creators_wanted (%d) (got %d)", creatorsWanted, s)
	}
	return p
}
