package campaign

import (
	"fmt"
	"strings"
)

// normKey tidies a "platform/handle" as Creator.Normalize does.
func normKey(s string) string {
	p, h, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return strings.TrimSpace(s)
	}
	return strings.ToLower(strings.TrimSpace(p)) + "/" + strings.TrimPrefix(strings.ToLower(strings.TrimSpace(h)), "@")
}

// validateVetting checks the fields issue 17 added: minimums, value targets,
// overrides and exclusions.
func (v Vetting) validateVetting(currency string) []FieldError {
	var p []FieldError
	bad := func(field, format string, args ...any) {
		p = append(p, FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	t := v.TargetAudience
	for _, m := range []struct {
		field string
		v     *float64
		list  []string
		of    string
	}{{"target_audience.min_country_share", t.MinCountryShare, t.Countries, "countries"},
		{"target_audience.min_age_share", t.MinAgeShare, t.Ages, "ages"},
		{"target_audience.min_gender_share", t.MinGenderShare, t.Genders, "genders"}} {
		if m.v == nil {
			continue
		}
		if *m.v <= 0 || *m.v > 100 {
			bad(m.field, "must be a percent above 0 and at most 100, e.g. 40 (got %v)", *m.v)
		}
		if len(m.list) == 0 {
			bad(m.field, "needs target_audience.%s: the share of what?", m.of)
		}
	}
	for _, m := range []struct {
		field string
		v     *Money
	}{{"value.cpe_target", v.Value.CPETarget}, {"value.cpm_target", v.Value.CPMTarget}} {
		if m.v == nil {
			continue
		}
		if m.v.Amount <= 0 {
			bad(m.field, "must be > 0 (got %s)", m.v)
		} else if m.v.Currency != currency {
			bad(m.field, "must be in the budget's currency %s (got %s)", currency, m.v)
		}
	}
	key := func(field, s string) {
		p, h, ok := strings.Cut(s, "/")
		if !ok || !isPlatform(p) || !handleRE.MatchString(h) {
			bad(field, "must be platform/handle such as instagram/jane.glows (got %q)", s)
		}
	}
	for i, c := range v.ExcludeCreators {
		key(fmt.Sprintf("exclude_creators[%d]", i), c)
	}
	for i, o := range v.Overrides {
		f := fmt.Sprintf("overrides[%d]", i)
		key(f+".creator", o.Creator)
		if strings.TrimSpace(o.Reason) == "" {
			bad(f+".reason", "must say why the creator is kept despite the flag (kept with the campaign)")
		}
		if strings.TrimSpace(o.By) == "" {
			bad(f+".by", "must name who decided")
		}
		for j, k := range o.Flags {
			if k != FlagGrowthSpike && k != FlagPod && k != FlagLikesComments {
				bad(fmt.Sprintf("%s.flags[%d]", f, j), "must be an authenticity flag: %s, %s or %s (got %q)", FlagGrowthSpike, FlagPod, FlagLikesComments, k)
			}
		}
	}
	return p
}
