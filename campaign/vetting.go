package campaign

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
)

// Tier norms the vetting score compares creators with (documented in the README).
var (
	// EngagementBenchmark is a tier's typical engagement rate by followers.
	// A creator at the benchmark scores 50 on engagement, at twice it 100.
	EngagementBenchmark = map[Tier]float64{Nano: 0.04, Micro: 0.025, Macro: 0.015, Mega: 0.01}
	// LikesPerComment is a tier's typical likes-to-comments ratio; a creator
	// more than LikesPerCommentFactor times off it (either way) is flagged.
	LikesPerComment       = map[Tier]float64{Nano: 25, Micro: 35, Macro: 50, Mega: 70}
	LikesPerCommentFactor = 4.0
	// SpikeGrowth is the follower growth between two dated counts that is
	// checked for matching engagement growth (at least half as fast).
	SpikeGrowth = 0.30
	// SevereSpikeGrowth with engagement growing under SevereSpikeEngagement is
	// a severe flag: followers doubled while engagement stayed flat.
	SevereSpikeGrowth = 0.5
	// UnrecordedSpikeGrowth: without engagement figures, only a jump this
	// large (followers doubled) is a warning.
	UnrecordedSpikeGrowth = 1.0
	SevereSpikeEngagement = 0.15
	// Engagement pods, from a comment sample: the five most active accounts
	// writing PodConcentration of the comments with PodGeneric of the texts
	// generic is severe; either alone (PodConcentrationAlone, PodGenericAlone
	// of at least PodMinTexts texts) is a warning.
	PodConcentration      = 0.30
	PodGeneric            = 0.60
	PodConcentrationAlone = 0.50
	PodGenericAlone       = 0.80
	PodMinTexts           = 8
	// AudienceOutsideShare: with no minimum in the brief, less than this share
	// of the audience in the target countries is a warning (clearly outside).
	AudienceOutsideShare = 0.10
	// AudienceTolerance: a creator is excluded by a brief's minimum share only
	// when more than this many points below it (clearly below, not noise).
	AudienceTolerance = 5.0
	// AudienceReference is the share at which an audience dimension scores 1
	// when the brief sets no higher minimum.
	AudienceReference = map[string]float64{"countries": 0.6, "ages": 0.6, "genders": 0.7}
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
	FlagPod             = "engagement_pod"
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
	// Prefiltered: entries on the brief's platforms and tiers left out before
	// scoring (Prefilter: categories outside the brand's, rate above the
	// whole budget, excluded by the brief); not in Considered.
	Prefiltered int `json:"prefiltered,omitempty"`
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
	v := newVetter(&b)
	// First pass: score only, keeping small records, so a large roster costs
	// no copying of assessments; the shortlist's few are then explained in full.
	eligible := make([]scored, 0, len(roster))
	var severe []scored
	for i := range roster {
		c := &roster[i]
		if !oneOf(c.Platform, b.Platforms) || !b.WantsTier(c.Tier()) {
			continue
		}
		if v.prefilter(c) != "" {
			sl.Prefiltered++
			continue
		}
		sl.Considered++
		var mine []PastCollaboration
		if len(past) > 0 {
			mine = past[c.Key()]
		}
		score, isSevere := v.assess(c, mine, nil)
		if isSevere {
			severe = append(severe, scored{i, score})
			continue
		}
		eligible = append(eligible, scored{i, score})
	}
	byScore := byScoreIn(roster)
	// A total order (keys are unique): an unstable sort gives the same result.
	slices.SortFunc(eligible, byScore)
	slices.SortFunc(severe, byScore)
	size := b.Shortlist.Size
	if size <= 0 {
		size = max(b.CreatorsWanted, 1) * DefaultShortlistFactor
	}
	v.list(&sl, roster, past, eligible, severe, size)
	rank(sl.Excluded)
	return sl
}

// scored is a roster entry's index and score, before it is explained.
type scored struct {
	i     int
	score float64
}

// byScoreIn orders by score, then followers, then platform/handle.
func byScoreIn(roster []Creator) func(a, b scored) int {
	return func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		ca, cb := &roster[a.i], &roster[b.i]
		if ca.Followers != cb.Followers {
			return cmp.Compare(cb.Followers, ca.Followers)
		}
		// The key (platform/handle), compared without building it (no
		// platform name is a prefix of another).
		if ca.Platform != cb.Platform {
			return cmp.Compare(ca.Platform, cb.Platform)
		}
		return cmp.Compare(ca.Handle, cb.Handle)
	}
}

// list explains the shortlist's entries in full: the ranked up to size (one
// per handle), and the excluded. The shortlist travels in workflow history:
// it lists at most size excluded creators (the best-scoring) and counts the rest.
func (v *vetter) list(sl *Shortlist, roster []Creator, past map[string][]PastCollaboration, eligible, severe []scored, size int) {
	for _, e := range severe {
		if len(sl.Excluded) == size {
			sl.ExcludedNotListed++
			continue
		}
		sl.Excluded = append(sl.Excluded, v.full(roster[e.i], past[roster[e.i].Key()]))
	}
	seen := map[string]string{}
	for _, e := range eligible {
		c := roster[e.i]
		if p, dup := seen[c.Handle]; dup {
			if len(sl.Excluded) >= 2*size {
				sl.ExcludedNotListed++
				continue
			}
			a := v.full(c, past[c.Key()])
			a.Excluded = fmt.Sprintf("handle %s is already shortlisted on %s (one collaboration per handle)", c.Handle, p)
			sl.Excluded = append(sl.Excluded, a)
			continue
		}
		if len(sl.Ranked) == size {
			sl.BeyondSize++
			continue
		}
		seen[c.Handle] = c.Platform
		sl.Ranked = append(sl.Ranked, v.full(c, past[c.Key()]))
	}
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
