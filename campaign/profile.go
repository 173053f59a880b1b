package campaign

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Profile is the vetting data a roster entry may carry beyond the basics. Every
// field is optional: what is missing is scored as unknown (neutral), never as bad.
type Profile struct {
	AvgShares int64 `json:"avg_shares,omitempty"`
	AvgSaves  int64 `json:"avg_saves,omitempty"`
	// Audience is where the creator's followers are, how old and which gender, in percent.
	Audience Audience `json:"audience,omitzero"`
	// RateCard is the creator's price per deliverable format ("reel", "story", "video").
	RateCard map[string]Money `json:"rate_card,omitempty"`
	// FollowerHistory is dated follower counts, oldest first.
	FollowerHistory []FollowerCount `json:"follower_history,omitempty"`
	// BrandSafety lists brand-safety labels found on the creator's content
	// ("alcohol", "profanity", "gambling", ...).
	BrandSafety []string `json:"brand_safety,omitempty"`
	// Comments is a sample of recent comments, for engagement-pod detection.
	Comments CommentSample `json:"comments,omitzero"`
}

// CommentSample describes a sample of a creator's recent comments: how many,
// by how many distinct accounts, what share the five most active accounts
// wrote (percent), and some of the texts.
type CommentSample struct {
	Sampled       int      `json:"sampled,omitempty"`
	Commenters    int      `json:"commenters,omitempty"`
	TopCommenters float64  `json:"top_commenters_pct,omitempty"`
	Texts         []string `json:"texts,omitempty"`
}

// Bounds of a comment sample.
const (
	MaxCommentTexts = 50
	MaxCommentText  = 1000
)

// IsZero reports no sample.
func (s CommentSample) IsZero() bool {
	return s.Sampled == 0 && s.Commenters == 0 && s.TopCommenters == 0 && len(s.Texts) == 0
}

// Audience is a breakdown in percent (0–100) by country (ISO 3166 alpha-2),
// age bucket (AgeBuckets) and gender (Genders).
type Audience struct {
	Countries map[string]float64 `json:"countries,omitempty"`
	Ages      map[string]float64 `json:"ages,omitempty"`
	Genders   map[string]float64 `json:"genders,omitempty"`
}

// IsZero reports an empty breakdown.
func (a Audience) IsZero() bool {
	return len(a.Countries) == 0 && len(a.Ages) == 0 && len(a.Genders) == 0
}

// FollowerCount is the follower count on a day; AvgEngagements, when known, is
// the average engagements per post around that day.
type FollowerCount struct {
	Date           string `json:"date"` // 2006-01-02
	Followers      int64  `json:"followers"`
	AvgEngagements int64  `json:"avg_engagements,omitempty"`
}

// AgeBuckets are the age groups an audience breakdown and a brief use.
var AgeBuckets = []string{"13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"}

// Genders an audience breakdown and a brief use.
var Genders = []string{"female", "male", "other"}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

// Engagements per post on average: likes + comments + shares + saves.
func (c Creator) Engagements() int64 { return c.AvgLikes + c.AvgComments + c.AvgShares + c.AvgSaves }

// EngagementRate by followers; 0 when the creator has no followers.
func (c Creator) EngagementRate() float64 {
	if c.Followers <= 0 {
		return 0
	}
	return float64(c.Engagements()) / float64(c.Followers)
}

// Key is the roster's identity of a creator: "platform/handle".
func (c Creator) Key() string { return c.Platform + "/" + c.Handle }

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// validateProfile adds the profile's problems to p, each naming its field.
func (c Creator) validateProfile(p []string) []string {
	for _, f := range []struct {
		name string
		v    int64
	}{{"avg_views", c.AvgViews}, {"avg_likes", c.AvgLikes}, {"avg_comments", c.AvgComments},
		{"avg_shares", c.AvgShares}, {"avg_saves", c.AvgSaves}} {
		if f.v < 0 {
			p = append(p, fmt.Sprintf("%s must be >= 0 (got %d)", f.name, f.v))
		}
	}
	if c.Country != "" && !isCountry(c.Country) {
		p = append(p, fmt.Sprintf("country must be a two-letter code such as US (got %q)", c.Country))
	}
	breakdown := func(field string, m map[string]float64, keyOK func(string) bool, want string) {
		var sum float64
		for _, k := range sortedKeys(m) {
			v := m[k]
			if !keyOK(k) {
				p = append(p, fmt.Sprintf("%s: %q is not %s", field, k, want))
			}
			if v < 0 || v > 100 {
				p = append(p, fmt.Sprintf("%s.%s must be a percent between 0 and 100 (got %v)", field, k, v))
			}
			sum += v
		}
		if sum > 100.5 {
			p = append(p, fmt.Sprintf("%s must add up to at most 100%% (got %.1f%%)", field, sum))
		}
	}
	breakdown("audience.countries", c.Audience.Countries, isCountry, "a two-letter country code such as US")
	breakdown("audience.ages", c.Audience.Ages, func(s string) bool { return oneOf(s, AgeBuckets) }, "one of "+strings.Join(AgeBuckets, ", "))
	breakdown("audience.genders", c.Audience.Genders, func(s string) bool { return oneOf(s, Genders) }, "one of "+strings.Join(Genders, ", "))
	for _, f := range sortedKeys(c.RateCard) {
		m := c.RateCard[f]
		if strings.TrimSpace(f) == "" {
			p = append(p, "rate_card: a format name is empty")
		}
		if m.Amount <= 0 || !isCurrencyCode(m.Currency) {
			p = append(p, fmt.Sprintf("rate_card.%s must be a positive amount with a currency, e.g. {\"amount\": 120000, \"currency\": \"USD\"} (got %s)", f, m))
		}
	}
	var prev time.Time
	for i, h := range c.FollowerHistory {
		d, err := time.Parse("2006-01-02", h.Date)
		if err != nil {
			p = append(p, fmt.Sprintf("follower_history[%d].date must be a date like 2026-01-31 (got %q)", i, h.Date))
			continue
		}
		if !prev.IsZero() && !d.After(prev) {
			p = append(p, fmt.Sprintf("follower_history[%d].date must be after the one before it (got %s)", i, h.Date))
		}
		prev = d
		if h.Followers < 0 || h.AvgEngagements < 0 {
			p = append(p, fmt.Sprintf("follower_history[%d] counts must be >= 0", i))
		}
	}
	if s := c.Comments; !s.IsZero() {
		if s.Sampled < 0 || s.Commenters < 0 || s.Commenters > s.Sampled {
			p = append(p, fmt.Sprintf("comments: commenters must be between 0 and sampled (got %d of %d)", s.Commenters, s.Sampled))
		}
		if s.TopCommenters < 0 || s.TopCommenters > 100 {
			p = append(p, fmt.Sprintf("comments.top_commenters_pct must be a percent between 0 and 100 (got %v)", s.TopCommenters))
		}
		// A sample, not an archive: the profile is stored and read with every shortlist.
		if len(s.Texts) > MaxCommentTexts {
			p = append(p, fmt.Sprintf("comments.texts: at most %d texts (got %d)", MaxCommentTexts, len(s.Texts)))
		}
		for i, t := range s.Texts {
			if len(t) > MaxCommentText {
				p = append(p, fmt.Sprintf("comments.texts[%d] must be at most %d bytes (got %d)", i, MaxCommentText, len(t)))
				break
			}
		}
	}
	for i, f := range c.BrandSafety {
		if strings.TrimSpace(f) == "" {
			p = append(p, fmt.Sprintf("brand_safety[%d] must not be empty", i))
		}
	}
	return p
}

func isCountry(s string) bool {
	if len(s) != 2 {
		return false
	}
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// Normalize tidies what people type: lowercase handle without "@", upper-case
// country codes, lower-case categories, formats and flags.
func (c *Creator) Normalize() {
	c.Handle = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(c.Handle)), "@")
	c.Platform = strings.ToLower(strings.TrimSpace(c.Platform))
	c.Email = strings.TrimSpace(c.Email)
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	for i := range c.Categories {
		c.Categories[i] = strings.ToLower(strings.TrimSpace(c.Categories[i]))
	}
	for i := range c.BrandSafety {
		c.BrandSafety[i] = strings.ToLower(strings.TrimSpace(c.BrandSafety[i]))
	}
	if len(c.Audience.Countries) > 0 {
		up := make(map[string]float64, len(c.Audience.Countries))
		for k, v := range c.Audience.Countries {
			up[strings.ToUpper(strings.TrimSpace(k))] += v
		}
		c.Audience.Countries = up
	}
	if len(c.RateCard) > 0 {
		low := make(map[string]Money, len(c.RateCard))
		for k, v := range c.RateCard {
			low[strings.ToLower(strings.TrimSpace(k))] = v
		}
		c.RateCard = low
	}
}
