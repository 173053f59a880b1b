package campaign

import (
	"fmt"
	"math"
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
	var eligible []Assessment
	for _, c := range roster {
		if !oneOf(c.Platform, b.Platforms) || !b.WantsTier(c.Tier()) {
			continue
		}
		sl.Considered++
		a := Assess(b, c, past[c.Key()])
		if a.Excluded != "" {
			sl.Excluded = append(sl.Excluded, a)
			continue
		}
		eligible = append(eligible, a)
	}
	rank(eligible)
	seen := map[string]string{}
	size := b.Shortlist.Size
	if size <= 0 {
		size = max(b.CreatorsWanted, 1) * DefaultShortlistFactor
	}
	for _, a := range eligible {
		if p, dup := seen[a.Creator.Handle]; dup {
			a.Excluded = fmt.Sprintf("handle %s is already shortlisted on %s (one collaboration per handle)", a.Creator.Handle, p)
			sl.Excluded = append(sl.Excluded, a)
			continue
		}
		if len(sl.Ranked) == size {
			sl.BeyondSize++
			continue
		}
		seen[a.Creator.Handle] = a.Creator.Platform
		sl.Ranked = append(sl.Ranked, a)
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
	audience, outside := audienceMatch(b.TargetAudience, c)
	if outside != nil {
		a.Flags = append(a.Flags, *outside)
	}
	comps := []Component{
		audience,
		engagement(c),
		alignment(b, c),
		pastPerformance(past),
	}
	auth, authFlags := authenticity(c)
	comps = append(comps, auth)
	a.Flags = append(a.Flags, authFlags...)
	a.Flags = append(a.Flags, brandSafety(b, c)...)
	rate, rateFlag := rateAgainstBudget(b, c)
	a.Rate = rate
	if rateFlag != nil {
		a.Flags = append(a.Flags, *rateFlag)
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
	a.Score = round1(score)
	a.Components = comps
	var severe []string
	for _, f := range a.Flags {
		if f.Severity == Severe {
			severe = append(severe, f.Kind+": "+f.Evidence)
		}
	}
	a.Excluded = strings.Join(severe, "; ")
	return a
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

func audienceMatch(t TargetAudience, c Creator) (Component, *Flag) {
	comp := Component{Name: CompAudience}
	if t.IsZero() {
		comp.Value, comp.Reason = 0.5, "the brief sets no target audience: neutral"
		return comp, nil
	}
	var parts []float64
	var reasons []string
	var flag *Flag
	if len(t.Countries) > 0 {
		var v float64
		known := true
		switch {
		case len(c.Audience.Countries) > 0:
			v = share(c.Audience.Countries, t.Countries)
			reasons = append(reasons, fmt.Sprintf("%s of the audience in %s", pcts(v), strings.Join(t.Countries, "/")))
		case c.Country != "":
			if oneOf(c.Country, t.Countries) {
				v = 1
			}
			reasons = append(reasons, fmt.Sprintf("based in %s (no audience breakdown)", c.Country))
		default:
			v, known = 0.5, false
			reasons = append(reasons, "audience countries unknown")
		}
		if known && v < AudienceOutsideShare {
			flag = &Flag{Kind: FlagAudienceOutside, Severity: Warning,
				Evidence: fmt.Sprintf("%s of the audience is outside %s", pcts(1-v), strings.Join(t.Countries, ", "))}
		}
		parts = append(parts, v)
	}
	breakdown := func(m map[string]float64, want []string, what, label string) {
		if len(want) == 0 {
			return
		}
		if len(m) == 0 {
			parts = append(parts, 0.5)
			reasons = append(reasons, what+" unknown")
			return
		}
		v := share(m, want)
		parts = append(parts, v)
		reasons = append(reasons, fmt.Sprintf("%s %s%s", pcts(v), label, strings.Join(want, "/")))
	}
	breakdown(c.Audience.Ages, t.Ages, "ages", "aged ")
	breakdown(c.Audience.Genders, t.Genders, "genders", "")
	if len(t.Interests) > 0 {
		if len(c.Categories) == 0 {
			parts = append(parts, 0.5)
			reasons = append(reasons, "interests unknown")
		} else {
			m := overlap(c.Categories, t.Interests)
			parts = append(parts, float64(len(m))/float64(min(len(t.Interests), len(c.Categories))))
			if len(m) == 0 {
				reasons = append(reasons, "no target interest among "+strings.Join(c.Categories, ", "))
			} else {
				reasons = append(reasons, "interests "+strings.Join(m, ", "))
			}
		}
	}
	var s float64
	for _, p := range parts {
		s += p
	}
	comp.Value = s / float64(len(parts))
	comp.Reason = strings.Join(reasons, "; ")
	return comp, flag
}

func engagement(c Creator) Component {
	comp := Component{Name: CompEngagement}
	if c.Followers <= 0 {
		comp.Reason = "no followers"
		return comp
	}
	er := c.EngagementRate()
	bench := EngagementBenchmark[c.Tier()]
	comp.Value = clamp01(er / (2 * bench))
	comp.Reason = fmt.Sprintf("engagement rate %.2f%% vs %s benchmark %.2f%% (%.1f×)", er*100, c.Tier(), bench*100, er/bench)
	return comp
}

func alignment(b Brief, c Creator) Component {
	comp := Component{Name: CompAlignment}
	cats := b.BrandCategories
	if len(cats) == 0 {
		cats = b.TargetAudience.Interests
	}
	var reasons []string
	switch {
	case len(cats) == 0:
		comp.Value = 0.5
		reasons = append(reasons, "the brief names no brand categories: neutral")
	case len(c.Categories) == 0:
		comp.Value = 0.5
		reasons = append(reasons, "the creator lists no categories: neutral")
	default:
		m := overlap(c.Categories, cats)
		comp.Value = float64(len(m)) / float64(min(len(cats), len(c.Categories)))
		if len(m) == 0 {
			reasons = append(reasons, fmt.Sprintf("content (%s) outside the brand's categories (%s)", strings.Join(c.Categories, ", "), strings.Join(cats, ", ")))
		} else {
			reasons = append(reasons, fmt.Sprintf("content in %s (%d of %d)", strings.Join(m, ", "), len(m), min(len(cats), len(c.Categories))))
		}
	}
	if n := len(c.BrandSafety); n > 0 {
		comp.Value = math.Max(0, comp.Value-0.25*float64(n))
		reasons = append(reasons, fmt.Sprintf("−25%% per brand-safety label (%s)", strings.Join(c.BrandSafety, ", ")))
	}
	comp.Reason = strings.Join(reasons, "; ")
	return comp
}

// pastPerformance: each completed collaboration scores the mean of on time
// (1 or 0), engagement achieved vs expected (capped at 1; 0.5 when unknown) and
// revisions (1 − revisions/(max_revisions+1)); a draft missed, rejected or never
// published scores 0; declined, unresponsive and cancelled ones do not count.
// No history is neutral (0.5).
func pastPerformance(past []PastCollaboration) Component {
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
		comp.Value, comp.Reason = 0.5, "no finished collaborations with us yet: neutral"
		return comp
	}
	comp.Value = sum / float64(n)
	comp.Reason = fmt.Sprintf("%d past collaboration(s): %d delivered (%d late), %d not delivered", n, done, late, failed)
	return comp
}

func authenticity(c Creator) (Component, []Flag) {
	comp := Component{Name: CompAuthenticity, Value: 1}
	var flags []Flag
	var reasons []string
	if spike := growthSpike(c.FollowerHistory); spike != nil {
		flags = append(flags, *spike)
		if spike.Severity == Severe {
			comp.Value = 0
		} else {
			comp.Value -= 0.5
		}
		reasons = append(reasons, "follower growth spike")
	} else if len(c.FollowerHistory) < 2 {
		reasons = append(reasons, "no follower history: growth not checked")
	} else {
		reasons = append(reasons, "steady follower growth")
	}
	if c.AvgLikes > 0 {
		norm := LikesPerComment[c.Tier()]
		var f *Flag
		if c.AvgComments == 0 {
			f = &Flag{Kind: FlagLikesComments, Severity: Warning,
				Evidence: fmt.Sprintf("%d likes and no comments per post", c.AvgLikes)}
		} else if r := float64(c.AvgLikes) / float64(c.AvgComments); r > norm*LikesPerCommentFactor || r < norm/LikesPerCommentFactor {
			f = &Flag{Kind: FlagLikesComments, Severity: Warning,
				Evidence: fmt.Sprintf("%.0f likes per comment; %s creators typically have %.0f", r, c.Tier(), norm)}
		}
		if f != nil {
			flags = append(flags, *f)
			comp.Value -= 0.3
			reasons = append(reasons, "odd likes-to-comments ratio")
		} else {
			reasons = append(reasons, "likes-to-comments ratio normal")
		}
	}
	comp.Value = clamp01(comp.Value)
	comp.Reason = strings.Join(reasons, "; ")
	return comp, flags
}

// growthSpike finds the largest jump between consecutive follower counts of at
// least SpikeGrowth that engagement did not follow (or could not be checked).
func growthSpike(h []FollowerCount) *Flag {
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
			f.Evidence = fmt.Sprintf("followers +%s from %s to %s while engagement %+.0f%%", pcts(g), a.Date, b.Date, eg*100)
		} else {
			f.Evidence = fmt.Sprintf("followers +%s from %s to %s; engagement then not recorded", pcts(g), a.Date, b.Date)
		}
		worst, worstG = f, g
	}
	return worst
}

func brandSafety(b Brief, c Creator) []Flag {
	var flags []Flag
	for _, l := range c.BrandSafety {
		f := Flag{Kind: FlagBrandSafety, Severity: Warning, Evidence: "content labelled " + l}
		if oneOf(l, b.BrandSafetyExclude) {
			f.Severity = Severe
			f.Evidence += " (excluded by the brief)"
		}
		flags = append(flags, f)
	}
	return flags
}

// CreatorRate is the creator's rate for the brief: the sum of the rate card's
// prices for the brief's formats, or the cheapest format when the brief names
// none. ok is false when the rate card cannot tell (no card, a format missing,
// or prices in another currency than the budget).
func CreatorRate(b Brief, c Creator) (Money, bool) {
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
	for _, f := range sortedKeys(c.RateCard) {
		m := c.RateCard[f]
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

func rateAgainstBudget(b Brief, c Creator) (*Money, *Flag) {
	rate, ok := CreatorRate(b, c)
	if !ok {
		return nil, nil
	}
	per := b.BudgetPerCreator()
	switch {
	case rate.Amount > b.Budget.Amount:
		return &rate, &Flag{Kind: FlagRateAboveBudget, Severity: Severe,
			Evidence: fmt.Sprintf("rate %s is above the whole budget %s", rate, b.Budget)}
	case rate.Amount > per.Amount:
		return &rate, &Flag{Kind: FlagRateAboveBudget, Severity: Warning,
			Evidence: fmt.Sprintf("rate %s is above the budget per creator %s", rate, per)}
	}
	return &rate, nil
}
