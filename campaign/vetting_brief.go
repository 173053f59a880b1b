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
}

// TargetAudience is matched against a creator's audience breakdown and categories.
type TargetAudience struct {
	Countries []string `yaml:"countries" json:"countries,omitempty"` // ISO codes: US, GB
	Ages      []string `yaml:"ages" json:"ages,omitempty"`           // AgeBuckets: 18-24, 25-34
	Genders   []string `yaml:"genders" json:"genders,omitempty"`     // Genders: female, male, other
	Interests []string `yaml:"interests" json:"interests,omitempty"` // creator categories: skincare
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
}

// IsZero reports weights left entirely to the defaults.
func (w Weights) IsZero() bool {
	return w.Audience == nil && w.Engagement == nil && w.Alignment == nil && w.PastPerformance == nil && w.Authenticity == nil
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
)

// Defaults of the vetting settings, documented in the README.
var (
	DefaultWeights = map[string]float64{CompAudience: 30, CompEngagement: 25, CompAlignment: 20,
		CompPastPerformance: 10, CompAuthenticity: 15}
	DefaultBrandSafetyExclude = []string{"adult", "hate", "violence", "drugs"}
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
		{CompPastPerformance, &w.PastPerformance}, {CompAuthenticity, &w.Authenticity}}
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
	for i := range v.TargetAudience.Countries {
		v.TargetAudience.Countries[i] = strings.ToUpper(strings.TrimSpace(v.TargetAudience.Countries[i]))
	}
}

func (v Vetting) validate(creatorsWanted int) []FieldError {
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
