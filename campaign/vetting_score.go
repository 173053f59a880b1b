package campaign

import (
	"fmt"
	"math"
	"strings"
)

// vetter is a brief prepared for scoring many creators: categories looked up
// in the taxonomy, label sets and overrides indexed, weights summed, once.
type vetter struct {
	b             *Brief
	brandCats     []wanted
	interests     []wanted
	safetyExclude map[string]bool
	overrides     map[string]Override
	excluded      map[string]bool
	weights       [6]float64
	// Memos: rosters repeat category spellings and comment texts.
	categories map[string]*Category
	generic    map[string]bool
	weightSum  float64
	cpe, cpm   int64
}

// wanted is a category of the brief and its taxonomy node (nil if unknown).
type wanted struct {
	raw string
	cat *Category
}

func wantedOf(ss []string) []wanted {
	out := make([]wanted, len(ss))
	for i, s := range ss {
		out[i] = wanted{raw: s, cat: Categories.Lookup(s)}
	}
	return out
}

func newVetter(b *Brief) *vetter {
	v := &vetter{b: b, safetyExclude: map[string]bool{}, overrides: map[string]Override{}, excluded: map[string]bool{},
		cpe: DefaultCPETarget, cpm: DefaultCPMTarget, categories: map[string]*Category{}, generic: map[string]bool{}}
	cats := b.BrandCategories
	if len(cats) == 0 {
		cats = b.TargetAudience.Interests
	}
	v.brandCats, v.interests = wantedOf(cats), wantedOf(b.TargetAudience.Interests)
	for _, l := range b.BrandSafetyExclude {
		if sl := SafetyLabels.Normalize(l); sl != nil {
			v.safetyExclude[sl.Name] = true
		} else {
			v.safetyExclude[l] = true
		}
	}
	for _, o := range b.Overrides {
		v.overrides[o.Creator] = o
	}
	for _, k := range b.ExcludeCreators {
		v.excluded[k] = true
	}
	for i, n := range ComponentOrder {
		v.weights[i] = b.Weights.Of(n)
		v.weightSum += v.weights[i]
	}
	if t := b.Value.CPETarget; t != nil {
		v.cpe = t.Amount
	}
	if t := b.Value.CPMTarget; t != nil {
		v.cpm = t.Amount
	}
	return v
}

// Prefilter says why a creator on the brief's platforms and tiers is left out
// before scoring ("" when not): excluded by the brief, a rate above the whole
// budget (a severe flag anyway), an audience breakdown without any target
// country (and based elsewhere), or — with brand categories and not
// all_categories — categories none of which match them through the taxonomy.
// The store pushes the same rules into SQL (integrations/postgres).
func Prefilter(b Brief, c Creator) string { return newVetter(&b).prefilter(&c) }

func (v *vetter) prefilter(c *Creator) string {
	if v.excluded[c.Key()] {
		return "excluded by the brief"
	}
	if rate, ok := creatorRate(v.b, c); ok && rate.Amount > v.b.Budget.Amount {
		return "rate above the whole budget"
	}
	if t := v.b.TargetAudience.Countries; len(t) > 0 && len(c.Audience.Countries) > 0 && !oneOf(c.Country, t) {
		in := false
		for _, k := range t {
			if _, ok := c.Audience.Countries[k]; ok {
				in = true
			}
		}
		if !in {
			return "no audience in the target countries"
		}
	}
	if v.b.AllCategories || len(v.b.BrandCategories) == 0 || len(c.Categories) == 0 {
		return ""
	}
	for _, h := range c.Categories {
		hc := v.category(h)
		for _, w := range v.brandCats {
			if m, _ := categoryMatch(h, hc, w.raw, w.cat); m > 0 {
				return ""
			}
		}
	}
	return "categories outside the brand's"
}

// category is Categories.Lookup, remembered.
func (v *vetter) category(s string) *Category {
	c, ok := v.categories[s]
	if !ok {
		c = Categories.Lookup(s)
		v.categories[s] = c
	}
	return c
}

// isGeneric is GenericComment, remembered.
func (v *vetter) isGeneric(text string) bool {
	g, ok := v.generic[text]
	if !ok {
		g = GenericComment(text)
		v.generic[text] = g
	}
	return g
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func pcts(x float64) string { return fmt.Sprintf("%.0f%%", x*100) }

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// Assess scores one creator against the brief, with reasons and red flags.
func Assess(b Brief, c Creator, past []PastCollaboration) Assessment {
	return newVetter(&b).full(c, past)
}

func (v *vetter) full(c Creator, past []PastCollaboration) Assessment {
	a := Assessment{Creator: c, Tier: c.Tier()}
	v.assess(&c, past, &a)
	return a
}

// assess computes the score and whether a severe flag excludes the creator;
// with a non-nil out it also fills in components, reasons and flags. Without
// it, no text is built: that is what keeps scoring a large roster fast.
func (v *vetter) assess(c *Creator, past []PastCollaboration, out *Assessment) (float64, bool) {
	ex := explain(out != nil)
	audience, flags := v.audience(c, ex)
	safety, penalised, notes := v.brandSafety(c, ex)
	auth, authFlags := v.authenticity(c, ex)
	rate, hasRate, rateFlag := rateAgainstBudget(v.b, c, ex)
	comps := [6]Component{audience, engagement(c, ex), v.alignment(c, penalised, notes, ex), pastPerformance(past, ex),
		auth, v.value(c, rate, hasRate, ex)}
	flags = append(flags, authFlags...)
	flags = append(flags, safety...)
	if rateFlag != nil {
		flags = append(flags, *rateFlag)
	}
	var score float64
	for i := range comps {
		comps[i].Weight = v.weights[i]
		if v.weightSum > 0 {
			comps[i].Points = round1(comps[i].Weight * comps[i].Value / v.weightSum * 100)
			score += comps[i].Weight * comps[i].Value / v.weightSum * 100
		}
		comps[i].Value = math.Round(comps[i].Value*1000) / 1000
	}
	score = round1(score)
	severe := false
	var why []string
	for _, f := range flags {
		if f.Severity == Severe {
			severe = true
			if ex {
				why = append(why, f.Kind+": "+f.Evidence)
			}
		}
	}
	if out != nil {
		out.Score, out.Flags, out.Excluded = score, flags, strings.Join(why, "; ")
		out.Components = append([]Component(nil), comps[:]...)
		if hasRate {
			r := rate
			out.Rate = &r
		}
	}
	return score, severe
}

// explain says whether reasons and evidence are written.
type explain bool

func (e explain) f(format string, args ...any) string {
	if !e {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// reasons collects a component's reasons when explaining.
type reasons struct {
	ex   explain
	list []string
}

func (r *reasons) add(format string, args ...any) {
	if r.ex {
		r.list = append(r.list, fmt.Sprintf(format, args...))
	}
}

func (r *reasons) String() string { return strings.Join(r.list, "; ") }

// share sums a breakdown's percentages for the wanted keys, as a fraction.
func share(m map[string]float64, want []string) float64 {
	var s float64
	for _, k := range want {
		s += m[k]
	}
	return s / 100
}
