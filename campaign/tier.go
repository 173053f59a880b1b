package campaign

import "fmt"

// Tier is a creator's size class by followers.
type Tier string

const (
	Nano  Tier = "nano"  // < 10k
	Micro Tier = "micro" // 10k – 100k
	Macro Tier = "macro" // 100k – 1M
	Mega  Tier = "mega"  // ≥ 1M
)

// Tiers lists every tier, smallest first.
var Tiers = []Tier{Nano, Micro, Macro, Mega}

// TierOf classifies by follower count: nano < 10k ≤ micro < 100k ≤ macro < 1M ≤ mega.
func TierOf(followers int64) Tier {
	switch {
	case followers < 10_000:
		return Nano
	case followers < 100_000:
		return Micro
	case followers < 1_000_000:
		return Macro
	default:
		return Mega
	}
}

// ParseTier accepts a tier name.
func ParseTier(s string) (Tier, error) {
	for _, t := range Tiers {
		if string(t) == s {
			return t, nil
		}
	}
	return "", fmt.Errorf("want one of nano, micro, macro, mega (got %q)", s)
}

// Platforms creatorflow knows.
var Platforms = []string{"instagram", "tiktok", "youtube"}

func isPlatform(s string) bool {
	for _, p := range Platforms {
		if p == s {
			return true
		}
	}
	return false
}

// Creator is one roster entry as the campaign needs it.
type Creator struct {
	Platform    string   `json:"platform"`
	Handle      string   `json:"handle"`
	Name        string   `json:"name"`
	Email       string   `json:"email"`
	Followers   int64    `json:"followers"`
	AvgViews    int64    `json:"avg_views"`
	AvgLikes    int64    `json:"avg_likes"`
	AvgComments int64    `json:"avg_comments"`
	Country     string   `json:"country,omitempty"`
	Categories  []string `json:"categories,omitempty"`
	// Vetting data (profile.go): audience, extra averages, rates, history, flags.
	Profile
}

// Tier of the creator by followers.
func (c Creator) Tier() Tier { return TierOf(c.Followers) }
