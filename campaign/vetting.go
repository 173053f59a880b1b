package campaign

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Tier norms the vetting score compares creators with (documented in the README).
var (
	// EngagementBenchmark is a tier's typical engagement rate by followers.
	// A creator at the benchmark scores 50 on engagement, at twice it 100.
	EngagementBenchmark = map[Tier]float64{Nano: 0.04, Micro: 0.025, Macro: 0.015, Mega: 0.01}
	// LikesPerComment is a tier's typical likes-to-comments ratio; a creator
	// more than LikesPerCommentFactor times off it (either way) is flagged.
	LikesPerComment       = map[Tier]float64{Nano: 25, Micro: 35, Macro: 50, Mega: 70}
	LikesPerCommentFactor = 3.0
	// SpikeGrowth is the follower growth between two dated counts that is
	// checked for matching engagement growth (at least half as fast).
	SpikeGrowth = 0.30
	// SevereSpikeGrowth with engagement growing under SevereSpikeEngagement is
	// a severe flag: followers doubled while engagement stayed flat.
	SevereSpikeGrowth     = 1.0
	SevereSpikeEngagement = 0.10
	// AudienceOutsideShare: less than this share of the audience in the target
	// countries is a flag.
	AudienceOutsideShare = 0.5
)

// Severity of a red flag: a warning explains; a severe flag excludes.
type Severity string

const (
	Warning Severity = "warning"
	Severe  Severity = "severe"
)

// Flag kinds.
const (
	FlagGrowthSpike     = "growth_spike"
	FlagLikesComments   = "likes_to_comments"
	FlagAudienceOutside = "audience_outside_target"
	FlagBrandSafety     = "brand_safety"
	FlagRateAboveBudget = "rate_above_budget"
)

// Flag is a red flag with the evidence for it.
type Flag struct {
	Kind     string   `json:"kind"`
	Severity Severity `json:"severity"`
	Evidence string   `json:"evidence"`
}

func (f Flag) String() string { return fmt.Sprintf("%s (%s): %s", f.Kind, f.Severity, f.Evidence) }

// Component is one part of the score: Value in 0..1, its Weight, the Points it
// adds to the 0–100 score, and why.
type Component struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Value  float64 `json:"value"`
	Points float64 `json:"points"`
	Reason string  `json:"reason"`
}

// PastCollaboration is one finished collaboration of a creator with us, as the
// past-performance component reads it.
type PastCollaboration struct {
	CampaignID string  `json:"campaign_id"`
	Outcome    Outcome `json:"outcome"`
	// OnTime: delivered without a draft or publication reminder.
	OnTime bool `json:"on_time"`
	// Revisions the draft needed, out of the brief's MaxRevisions.
	Revisions    int `json:"revisions"`
	MaxRevisions int `json:"max_revisions"`
	// Expected and achieved engagements of the post; 0 expected means unknown.
	ExpectedEngagements int64 `json:"expected_engagements"`
	AchievedEngagements int64 `json:"achieved_engagements"`
}

// Assessment is one creator vetted against a brief.
type Assessment struct {
	Creator    Creator     `json:"creator"`
	Tier       Tier        `json:"tier"`
	Score      float64     `json:"score"`
	Components []Component `json:"components"`
	Flags      []Flag      `json:"flags,omitempty"`
	// Rate is the creator's rate for the brief's formats, when the rate card tells.
	Rate *Money `json:"rate,omitempty"`
	// Excluded says why the creator is not on the shortlist despite matching the brief.
	Excluded string `json:"excluded,omitempty"`
}

// Shortlist is the ranked result of vetting a roster against a brief.
type Shortlist struct {
	CampaignID string `json:"campaign_id"`
	// Ranked are the shortlisted creators, best first; the campaign invites from the top.
	Ranked []Assessment `json:"ranked"`
	// Excluded match the brief's platforms and tiers but were left out, each saying why.
	Excluded []Assessment `json:"excluded,omitempty"`
	// Considered: roster entries on the brief's platforms and tiers.
	Considered int `json:"considered"`
	// BeyondSize: eligible creators ranked below the shortlist's size.
	BeyondSize int `json:"beyond_size"`
	// ExcludedNotListed: excluded creators beyond those listed (at most the shortlist's size are).
	ExcludedNotListed int `json:"excluded_not_listed,omitempty"`
	// Compact: entries past the first ShortlistDetailTop carry no profile and
	// no components; the full shortlist is stored (see shortlist_wire.go).
	Compact bool `json:"-"`
}

// Creators on the shortlist, best first.
func (s Shortlist) Creators() []Creator {
	out := make([]Creator, len(s.Ranked))
	for i, a := range s.Ranked {
		out[i] = a.Creator
	}
	return out
}

// BuildShortlist vets every roster entry on the brief's platforms and tiers,
// ranks them by score, and keeps the brief's shortlist size. past maps
// Creator.Key() to the creator's finished collaborations with us.
func BuildShortlist(b Brief, roster []Creator, past map[string][]PastCollaboration) Shortlist {
	sl := Shortlist{CampaignID: b.ID}
	// First pass: score only, keeping small records, so a large roster costs
	// no copying of assessments; the shortlist's few are then explained in full.
	type scored struct {
		i     int
		score float64
	}
	eligible := make([]scored, 0, len(roster))
	var severe []scored
	for i := range roster {
		c := &roster[i]
		if !oneOf(c.Platform, b.Platforms) || !b.WantsTier(c.Tier()) {
			continue
		}
		sl.Considered++
		var mine []PastCollaboration
		if len(past) > 0 {
			mine = past[c.Key()]
		}
		score, isSevere := assess(b, c, mine, nil)
		if isSevere {
			severe = append(severe, scored{i, score})
			continue
		}
		eligible = append(eligible, scored{i, score})
	}
	byScore := func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		ca, cb := &roster[a.i], &roster[b.i]
		if ca.Followers != cb.Followers {
			return cmp.Compare(cb.Followers, ca.Followers)
		}
		return cmp.Compare(ca.Key(), cb.Key())
	}
	slices.SortStableFunc(eligible, byScore)
	slices.SortStableFunc(severe, byScore)
	size := b.Shortlist.Size
	if size <= 0 {
		size = max(b.CreatorsWanted, 1) * DefaultShortlistFactor
	}
	// The shortlist travels in workflow history: it lists at most size
	// excluded creators (the best-scoring) and counts the rest.
	for _, e := range severe {
		if len(sl.Excluded) == size {
			sl.ExcludedNotListed++
			continue
		}
		sl.Excluded = append(sl.Excluded, Assess(b, roster[e.i], past[roster[e.i].Key()]))
	}
	seen := map[string]string{}
	for _, e := range eligible {
		c := roster[e.i]
		if p, dup := seen[c.Handle]; dup {
			if len(sl.Excluded) >= 2*size {
				sl.ExcludedNotListed++
				continue
			}
			a := Assess(b, c, past[c.Key()])
			a.Excluded = fmt.Sprintf("handle %s is already shortlisted on %s (one collaboration per handle)", c.Handle, p)
			sl.Excluded = append(sl.Excluded, a)
			continue
		}
		if len(sl.Ranked) == size {
			sl.BeyondSize++
			continue
		}
		seen[c.Handle] = c.Platform
		sl.Ranked = append(sl.Ranked, Assess(b, c, past[c.Key()]))
	}
	rank(sl.Excluded)
	return sl
}

func rank(as []Assessment) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Score != as[j].Score {
			return as[i].Score > as[j].Score
		}
		if as[i].Creator.Followers != as[j].Creator.Followers {
			return as[i].Creator.Followers > as[j].Creator.Followers
		}
		return as[i].Creator.Key() < as[j].Creator.Key()
	})
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func pcts(x float64) string { return fmt.Sprintf("%.0f%%", x*100) }

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// Assess scores one creator against the brief, with reasons and red flags.
func Assess(b Brief, c Creator, past []PastCollaboration) Assessment {
	a := Assessment{Creator: c, Tier: c.Tier()}
	assess(b, &c, past, &a)
	return a
}

// assess computes the score and whether a severe flag excludes the creator;
// with a non-nil out it also fills in components, reasons and flags. Without
// it, no text is built: that is what keeps scoring a large roster fast.
func assess(b Brief, c *Creator, past []PastCollaboration, out *Assessment) (float64, bool) {
	ex := explain(out != nil)
	var flags []Flag
	audience, outside := audienceMatch(b.TargetAudience, c, ex)
	if outside != nil {
		flags = append(flags, *outside)
	}
	auth, authFlags := authenticity(c, ex)
	comps := [5]Component{audience, engagement(c, ex), alignment(b, c, ex), pastPerformance(past, ex), auth}
	flags = append(flags, authFlags...)
	flags = append(flags, brandSafety(b, c, ex)...)
	rate, hasRate, rateFlag := rateAgainstBudget(b, c, ex)
	if rateFlag != nil {
		flags = append(flags, *rateFlag)
	}
	var sum float64
	for i := range comps {
		comps[i].Weight = b.Weights.Of(comps[i].Name)
		sum += comps[i].Weight
	}
	var score float64
	for i := range comps {
		if sum > 0 {
			comps[i].Points = round1(comps[i].Weight * comps[i].Value / sum * 100)
			score += comps[i].Weight * comps[i].Value / sum * 100
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

// share sums a breakdown's percentages for the wanted keys, as a fraction.
func share(m map[string]float64, want []string) float64 {
	var s float64
	for _, k := range want {
		s += m[k]
	}
	return s / 100
}

func overlap(have, want []string) (matched []string) {
	for _, w := range want {
		if oneOf(w, have) {
			matched = append(matched, w)
		}
	}
	return matched
}

func audienceMatch(t TargetAudience, c *Creator, ex explain) (Component, *Flag) {
	comp := Component{Name: CompAudience}
	if t.IsZero() {
		comp.Value, comp.Reason = 0.5, ex.f("the brief sets no target audience: neutral")
		return comp, nil
	}
	var sum float64
	var n int
	var reasons []string
	why := func(format string, args ...any) {
		if ex {
			reasons = append(reasons, fmt.Sprintf(format, args...))
		}
	}
	var flag *Flag
	if len(t.Countries) > 0 {
		var v float64
		known := true
		switch {
		case len(c.Audience.Countries) > 0:
			v = share(c.Audience.Countries, t.Countries)
			if ex {
				why("%s of the audience in %s", pcts(v), strings.Join(t.Countries, "/"))
			}
		case c.Country != "":
			if oneOf(c.Country, t.Countries) {
				v = 1
			}
			if ex {
				why("based in %s (no audience breakdown)", c.Country)
			}
		default:
			v, known = 0.5, false
			if ex {
				why("audience countries unknown")
			}
		}
		if known && v < AudienceOutsideShare {
			flag = &Flag{Kind: FlagAudienceOutside, Severity: Warning,
				Evidence: ex.f("%s of the audience is outside %s", pcts(1-v), strings.Join(t.Countries, ", "))}
		}
		sum, n = sum+v, n+1
	}
	breakdown := func(m map[string]float64, want []string, what, label string) {
		if len(want) == 0 {
			return
		}
		n++
		if len(m) == 0 {
			sum += 0.5
			if ex {
				why("%s unknown", what)
			}
			return
		}
		v := share(m, want)
		sum += v
		if ex {
			why("%s %s%s", pcts(v), label, strings.Join(want, "/"))
		}
	}
	breakdown(c.Audience.Ages, t.Ages, "ages", "aged ")
	breakdown(c.Audience.Genders, t.Genders, "genders", "")
	if len(t.Interests) > 0 {
		n++
		if len(c.Categories) == 0 {
			sum += 0.5
			if ex {
				why("interests unknown")
			}
		} else {
			m := countOverlap(c.Categories, t.Interests)
			sum += float64(m) / float64(min(len(t.Interests), len(c.Categories)))
			if m == 0 {
				if ex {
					why("no target interest among %s", strings.Join(c.Categories, ", "))
				}
			} else {
				if ex {
					why("interests %s", strings.Join(overlap(c.Categories, t.Interests), ", "))
				}
			}
		}
	}
	comp.Value = sum / float64(n)
	comp.Reason = strings.Join(reasons, "; ")
	return comp, flag
}

func countOverlap(have, want []string) int {
	n := 0
	for _, w := range want {
		if oneOf(w, have) {
			n++
		}
	}
	return n
}

func engagement(c *Creator, ex explain) Component {
	comp := Component{Name: CompEngagement}
	if c.Followers <= 0 {
		if ex {
			comp.Reason = ex.f("no followers")
		}
		return comp
	}
	er := c.EngagementRate()
	bench := EngagementBenchmark[c.Tier()]
	comp.Value = clamp01(er / (2 * bench))
	if ex {
		comp.Reason = ex.f("engagement rate %.2f%% vs %s benchmark %.2f%% (%.1f×)", er*100, c.Tier(), bench*100, er/bench)
	}
	return comp
}

func alignment(b Brief, c *Creator, ex explain) Component {
	comp := Component{Name: CompAlignment}
	cats := b.BrandCategories
	if len(cats) == 0 {
		cats = b.TargetAudience.Interests
	}
	var reasons []string
	why := func(format string, args ...any) {
		if ex {
			reasons = append(reasons, fmt.Sprintf(format, args...))
		}
	}
	switch {
	case len(cats) == 0:
		comp.Value = 0.5
		if ex {
			why("the brief names no brand categories: neutral")
		}
	case len(c.Categories) == 0:
		comp.Value = 0.5
		if ex {
			why("the creator lists no categories: neutral")
		}
	default:
		m := countOverlap(c.Categories, cats)
		comp.Value = float64(m) / float64(min(len(cats), len(c.Categories)))
		if !ex {
			break
		}
		if m == 0 {
			if ex {
				why("content (%s) outside the brand's categories (%s)", strings.Join(c.Categories, ", "), strings.Join(cats, ", "))
			}
		} else {
			if ex {
				why("content in %s (%d of %d)", strings.Join(overlap(c.Categories, cats), ", "), m, min(len(cats), len(c.Categories)))
			}
		}
	}
	if n := len(c.BrandSafety); n > 0 {
		comp.Value = math.Max(0, comp.Value-0.25*float64(n))
		if ex {
			why("−25%% per brand-safety label (%s)", strings.Join(c.BrandSafety, ", "))
		}
	}
	comp.Reason = strings.Join(reasons, "; ")
	return comp
}

// pastPerformance: each completed collaboration scores the mean of on time
// (1 or 0), engagement achieved vs expected (capped at 1; 0.5 when unknown) and
// revisions (1 − revisions/(max_revisions+1)); a draft missed, rejected or never
// published scores 0; declined, unresponsive and cancelled ones do not count.
// No history is neutral (0.5).
func pastPerformance(past []PastCollaboration, ex explain) Component {
	comp := Component{Name: CompPastPerformance}
	var sum float64
	var n, done, late, failed int
	for _, p := range past {
		switch p.Outcome {
		case OutcomeCompleted:
			onTime := 0.0
			if p.OnTime {
				onTime = 1
			} else {
				late++
			}
			eng := 0.5
			if p.ExpectedEngagements > 0 {
				eng = clamp01(float64(p.AchievedEngagements) / float64(p.ExpectedEngagements))
			}
			rev := clamp01(1 - float64(p.Revisions)/float64(p.MaxRevisions+1))
			sum += (onTime + eng + rev) / 3
			n++
			done++
		case OutcomeMissedDraft, OutcomeNotPublished, OutcomeRejected:
			n++
			failed++
		}
	}
	if n == 0 {
		comp.Value, comp.Reason = 0.5, ex.f("no finished collaborations with us yet: neutral")
		return comp
	}
	comp.Value = sum / float64(n)
	if ex {
		comp.Reason = ex.f("%d past collaboration(s): %d delivered (%d late), %d not delivered", n, done, late, failed)
	}
	return comp
}

func authenticity(c *Creator, ex explain) (Component, []Flag) {
	comp := Component{Name: CompAuthenticity, Value: 1}
	var flags []Flag
	var reasons []string
	why := func(s string) {
		if ex {
			reasons = append(reasons, s)
		}
	}
	if spike := growthSpike(c.FollowerHistory, ex); spike != nil {
		flags = append(flags, *spike)
		if spike.Severity == Severe {
			comp.Value = 0
		} else {
			comp.Value -= 0.5
		}
		if ex {
			why("follower growth spike")
		}
	} else if len(c.FollowerHistory) < 2 {
		if ex {
			why("no follower history: growth not checked")
		}
	} else {
		if ex {
			why("steady follower growth")
		}
	}
	if c.AvgLikes > 0 {
		norm := LikesPerComment[c.Tier()]
		var f *Flag
		if c.AvgComments == 0 {
			f = &Flag{Kind: FlagLikesComments, Severity: Warning,
				Evidence: ex.f("%d likes and no comments per post", c.AvgLikes)}
		} else if r := float64(c.AvgLikes) / float64(c.AvgComments); r > norm*LikesPerCommentFactor || r < norm/LikesPerCommentFactor {
			f = &Flag{Kind: FlagLikesComments, Severity: Warning,
				Evidence: ex.f("%.0f likes per comment; %s creators typically have %.0f", r, c.Tier(), norm)}
		}
		if f != nil {
			flags = append(flags, *f)
			comp.Value -= 0.3
			if ex {
				why("odd likes-to-comments ratio")
			}
		} else {
			if ex {
				why("likes-to-comments ratio normal")
			}
		}
	}
	comp.Value = clamp01(comp.Value)
	comp.Reason = strings.Join(reasons, "; ")
	return comp, flags
}

// growthSpike finds the largest jump between consecutive follower counts of at
// least SpikeGrowth that engagement did not follow (or could not be checked).
func growthSpike(h []FollowerCount, ex explain) *Flag {
	var worst *Flag
	var worstG float64
	for i := 1; i < len(h); i++ {
		a, b := h[i-1], h[i]
		if a.Followers <= 0 {
			continue
		}
		g := float64(b.Followers-a.Followers) / float64(a.Followers)
		if g < SpikeGrowth || g <= worstG {
			continue
		}
		f := &Flag{Kind: FlagGrowthSpike, Severity: Warning}
		if a.AvgEngagements > 0 && b.AvgEngagements > 0 {
			eg := float64(b.AvgEngagements-a.AvgEngagements) / float64(a.AvgEngagements)
			if eg >= g/2 {
				continue // engagement grew with the audience
			}
			if g >= SevereSpikeGrowth && eg < SevereSpikeEngagement {
				f.Severity = Severe
			}
			f.Evidence = ex.f("followers +%s from %s to %s while engagement %+.0f%%", pcts(g), a.Date, b.Date, eg*100)
		} else {
			f.Evidence = ex.f("followers +%s from %s to %s; engagement then not recorded", pcts(g), a.Date, b.Date)
		}
		worst, worstG = f, g
	}
	return worst
}

func brandSafety(b Brief, c *Creator, ex explain) []Flag {
	var flags []Flag
	for _, l := range c.BrandSafety {
		f := Flag{Kind: FlagBrandSafety, Severity: Warning}
		if ex {
			f.Evidence = "content labelled " + l
		}
		if oneOf(l, b.BrandSafetyExclude) {
			f.Severity = Severe
			if ex {
				f.Evidence += " (excluded by the brief)"
			}
		}
		flags = append(flags, f)
	}
	return flags
}

// CreatorRate is the creator's rate for the brief: the sum of the rate card's
// prices for the brief's formats, or the cheapest format when the brief names
// none. ok is false when the rate card cannot tell (no card, a format missing,
// or prices in another currency than the budget).
func CreatorRate(b Brief, c Creator) (Money, bool) { return creatorRate(&b, &c) }

func creatorRate(b *Brief, c *Creator) (Money, bool) {
	if len(c.RateCard) == 0 {
		return Money{}, false
	}
	cur := b.Budget.Currency
	if len(b.Formats) > 0 {
		total := Money{Currency: cur}
		for _, f := range b.Formats {
			m, ok := c.RateCard[f]
			if !ok || m.Currency != cur {
				return Money{}, false
			}
			total.Amount += m.Amount
		}
		return total, true
	}
	var best Money
	for _, m := range c.RateCard { // the minimum does not depend on the order
		if m.Currency != cur {
			continue
		}
		if best.Currency == "" || m.Amount < best.Amount {
			best = m
		}
	}
	return best, best.Currency != ""
}

// BudgetPerCreator is the budget divided by creators_wanted.
func (b Brief) BudgetPerCreator() Money {
	if b.CreatorsWanted <= 0 {
		return b.Budget
	}
	return Money{Amount: b.Budget.Amount / int64(b.CreatorsWanted), Currency: b.Budget.Currency}
}

func rateAgainstBudget(b Brief, c *Creator, ex explain) (Money, bool, *Flag) {
	rate, ok := creatorRate(&b, c)
	if !ok {
		return rate, false, nil
	}
	per := b.BudgetPerCreator()
	switch {
	case rate.Amount > b.Budget.Amount:
		return rate, true, &Flag{Kind: FlagRateAboveBudget, Severity: Severe,
			Evidence: ex.f("rate %s is above the whole budget %s", rate, b.Budget)}
	case rate.Amount > per.Amount:
		return rate, true, &Flag{Kind: FlagRateAboveBudget, Severity: Warning,
			Evidence: ex.f("rate %s is above the budget per creator %s", rate, per)}
	}
	return rate, true, nil
}
