package campaign

import (
	"fmt"
	"strings"
)

// audience grades the creator's audience against the brief's targets: each
// dimension's share against the brief's minimum (or AudienceReference),
// interests through the taxonomy. A minimum is a hard filter only where the
// brief sets one, and only when the creator is clearly below it.
func (v *vetter) audience(c *Creator, ex explain) (Component, []Flag) {
	t := v.b.TargetAudience
	comp := Component{Name: CompAudience}
	if t.IsZero() {
		comp.Value, comp.Reason = 0.5, ex.f("the brief sets no target audience: neutral")
		return comp, nil
	}
	g := grade{c: c, ex: ex, r: reasons{ex: ex}}
	g.dim("countries", c.Audience.Countries, t.Countries, t.MinCountryShare, "of the audience in ")
	g.dim("ages", c.Audience.Ages, t.Ages, t.MinAgeShare, "aged ")
	g.dim("genders", c.Audience.Genders, t.Genders, t.MinGenderShare, "")
	r, flags, sum, n := &g.r, g.flags, g.sum, g.n
	if len(v.interests) > 0 {
		n++
		if len(c.Categories) == 0 {
			sum += 0.5
			r.add("interests unknown")
		} else {
			m, path := v.bestMatch(c.Categories, v.interests, ex)
			sum += m
			switch {
			case !bool(ex):
			case m == 0:
				r.add("no target interest among %s", strings.Join(c.Categories, ", "))
			default:
				r.add("interests %s", path)
			}
		}
	}
	comp.Value = sum / float64(n)
	comp.Reason = r.String()
	return comp, flags
}

// bestMatch is the best taxonomy match of any of the creator's categories
// with any wanted one, and (when explaining) the path it went through.
func (v *vetter) bestMatch(have []string, want []wanted, ex explain) (float64, string) {
	var best float64
	var path string
	for _, h := range have {
		hc := v.category(h)
		for _, w := range want {
			if m, p := categoryMatch(h, hc, w.raw, w.cat); m > best {
				best = m
				if ex {
					path = h + " → " + p + " for " + w.raw
				}
			}
		}
	}
	return best, path
}

// grade sums an audience's graded dimensions.
type grade struct {
	c     *Creator
	ex    explain
	r     reasons
	flags []Flag
	sum   float64
	n     int
}

// dim grades one dimension: its share against the reference or the brief's
// minimum, flagging only what is clearly below.
func (g *grade) dim(key string, m map[string]float64, want []string, minimum *float64, label string) {
	c, ex, r := g.c, g.ex, &g.r
	if len(want) == 0 {
		return
	}
	g.n++
	if len(m) == 0 {
		if key == "countries" && c.Country != "" {
			// The home country is weak evidence: it grades, never flags.
			if oneOf(c.Country, want) {
				g.sum += 0.8
			} else {
				g.sum += 0.2
			}
			if ex {
				r.add("based in %s (no audience breakdown)", c.Country)
			}
			return
		}
		g.sum += 0.5
		r.add("%s unknown", key)
		return
	}
	s := share(m, want)
	ref := AudienceReference[key]
	if minimum != nil && *minimum/100 > ref {
		ref = *minimum / 100
	}
	g.sum += clamp01(s / ref)
	if ex { // formatting is most of the cost when scoring a large roster
		r.add("%s %s%s", pcts(s), label, strings.Join(want, "/"))
	}
	switch {
	case minimum != nil && s*100 < *minimum-AudienceTolerance:
		f := Flag{Kind: FlagAudienceOutside, Severity: Severe}
		if ex {
			f.Evidence = fmt.Sprintf("%s %s%s; the brief requires at least %.0f%%", pcts(s), label, strings.Join(want, "/"), *minimum)
		}
		g.flags = append(g.flags, f)
	case minimum != nil && s*100 < *minimum:
		if ex {
			r.add("just under the brief's minimum %.0f%% (within %.0f points: kept)", *minimum, AudienceTolerance)
		}
	case minimum == nil && key == "countries" && s < AudienceOutsideShare:
		f := Flag{Kind: FlagAudienceOutside, Severity: Warning}
		if ex {
			f.Evidence = fmt.Sprintf("%s of the audience is outside %s", pcts(1-s), strings.Join(want, ", "))
		}
		g.flags = append(g.flags, f)
	}
}
