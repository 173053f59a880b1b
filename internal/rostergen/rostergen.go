// Package rostergen generates synthetic creator rosters, deterministic by
// seed, with planted problems of every kind vetting checks (bought followers,
// engagement pods, brand-unsafe labels, audiences outside the target) and
// planted ideal creators, in the spellings and shapes real data sources use.
// Tests and `make bench` use it; cmd/rostergen writes the files.
package rostergen

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// Kind is what a generated creator was planted as.
type Kind string

const (
	Plain   Kind = "plain"   // an ordinary, healthy creator
	Ideal   Kind = "ideal"   // fits Brief() as well as a creator can
	Bought  Kind = "bought"  // follower spike with flat engagement (severe)
	Pod     Kind = "pod"     // comments from a few accounts, generic texts (severe)
	Unsafe  Kind = "unsafe"  // a severe brand-safety label, in some spelling
	Risky   Kind = "risky"   // a warning-level brand-safety label (alcohol, gambling…)
	Outside Kind = "outside" // audience almost entirely outside the target countries
)

// Anomalies are the planted kinds that must be flagged, with the flag kind
// vetting must give each.
var Anomalies = map[Kind]string{Bought: campaign.FlagGrowthSpike, Pod: campaign.FlagPod,
	Unsafe: campaign.FlagBrandSafety, Risky: campaign.FlagBrandSafety, Outside: campaign.FlagAudienceOutside}

// Severe are the planted kinds whose flag is severe (they must not rank).
var Severe = map[Kind]bool{Bought: true, Pod: true, Unsafe: true, Outside: true}

// Options: how many creators and of which kinds. Zero counts take defaults.
type Options struct {
	N    int
	Seed uint64
	// Ideal creators (default 30) and creators of each anomaly kind
	// (default max(20, N/500)).
	Ideal, PerAnomaly int
}

// Roster is a generated roster and what each creator was planted as.
type Roster struct {
	Creators []campaign.Creator
	Kinds    map[string]Kind // by Creator.Key()
}

// BriefYAML is the brief the planted creators are planted against, as ops
// would write it: a US/CA beauty campaign on Instagram and TikTok for micro
// and macro creators, with a hard minimum of 30% of the audience in US/CA.
const BriefYAML = `id: rostergen
name: Generated
brand: Lumen
platforms: [instagram, tiktok]
tiers: [micro, macro]
creators_wanted: 10
budget: "250000.00 USD"
offer:
  fee: "3000.00 USD"
  deliverables: [1 video]
target_audience:
  countries: [US, CA]
  min_country_share: 30
  ages: [18-24, 25-34]
  genders: [female]
  interests: [skincare, makeup]
brand_categories: [beauty]
shortlist: {size: 100}
`

// Brief is BriefYAML parsed.
func Brief() campaign.Brief {
	b, err := campaign.ParseBrief([]byte(BriefYAML))
	if err != nil {
		panic("rostergen.BriefYAML: " + err.Error())
	}
	return b
}

// Generate makes the roster: planted creators first at random positions
// among the plain ones, every handle unique.
func Generate(o Options) Roster {
	if o.Ideal == 0 {
		o.Ideal = 30
	}
	if o.PerAnomaly == 0 {
		o.PerAnomaly = max(20, o.N/500)
	}
	g := &gen{r: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))}
	var kinds []Kind
	for range o.Ideal {
		kinds = append(kinds, Ideal)
	}
	for _, k := range []Kind{Bought, Pod, Unsafe, Risky, Outside} {
		for range o.PerAnomaly {
			kinds = append(kinds, k)
		}
	}
	for len(kinds) < o.N {
		kinds = append(kinds, Plain)
	}
	kinds = kinds[:max(o.N, len(kinds))]
	g.r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	ro := Roster{Creators: make([]campaign.Creator, len(kinds)), Kinds: make(map[string]Kind, len(kinds))}
	for i, k := range kinds {
		c := g.creator(i, k)
		ro.Creators[i] = c
		ro.Kinds[Key(c)] = k
	}
	return ro
}

// Key is the creator's Creator.Key() once normalized (as the roster import does).
func Key(c campaign.Creator) string {
	return strings.ToLower(strings.TrimSpace(c.Platform)) + "/" + strings.TrimPrefix(strings.ToLower(strings.TrimSpace(c.Handle)), "@")
}

type gen struct{ r *rand.Rand }

func (g *gen) f(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }
func (g *gen) pick(s []string) string   { return s[g.r.IntN(len(s))] }
func (g *gen) chance(p float64) bool    { return g.r.Float64() < p }

// variant spells s the way another data source might.
func (g *gen) variant(s string) string {
	switch g.r.IntN(6) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		return strings.Title(s) //nolint:staticcheck // ASCII spellings only
	case 2:
		return strings.ReplaceAll(s, " ", "-")
	case 3:
		return strings.ReplaceAll(s, " ", "_")
	case 4:
		return " " + s + " "
	}
	return s
}

var (
	beautySpellings = []string{"beauty", "skincare", "skin care", "makeup", "make up", "mua", "cosmetics", "k beauty",
		"haircare", "hair care", "nail art", "skin care routine", "derm", "fragrance", "glam"}
	otherSpellings = []string{"fashion", "style", "ootd", "apparel", "fitness", "workout", "gym", "wellness", "yoga",
		"nutrition", "food", "recipes", "cooking", "baking", "travel", "wanderlust", "tech", "gadgets", "gaming",
		"esports", "finance", "investing", "parenting", "mom", "home decor", "diy", "comedy", "music", "sports",
		"football", "cars", "pets", "dogs", "lifestyle", "vlog", "education", "science"}
	severeLabels = []string{"GARS:Adult_Content", "nsfw", "Hate Speech (high)", "violence-risk", "DRUGS",
		"bs:graphic_violence", "sexually explicit", "iab:Illegal Drugs", "extremism_detected", "Misinformation",
		"label: gore", "Adult"}
	warningLabels = []string{"GARS:Alcohol_Content", "alcohol-risk", "Gambling", "sports_betting", "Strong Language",
		"profanity (mild)", "vaping", "Political Content", "casino", "explicit language"}
	noteLabels      = []string{"Paid Partnership", "#ad", "affiliate", "sponsored-content"}
	specificComment = []string{"where is that serum from?", "tried this routine and my skin is so much better",
		"what shade is the lipstick in the second clip", "does this work on oily skin?", "the lighting in this is unreal, what camera",
		"my sister swears by this brand too", "how long did the whole look take you", "ordered it after your last video, no regrets",
		"can you do one for sensitive skin next", "the transition at 0:12 got me", "which spf do you use under it",
		"honestly the before and after is wild"}
	genericComment = []string{"nice", "Great pic!", "🔥🔥🔥", "love it", "amazing", "wow", "so cool", "👏👏", "beautiful",
		"awesome post", "Check my page!", "follow back", "😍😍", "nice shot", "super", "love this"}
	homeCountries = []string{"US", "US", "US", "US", "GB", "CA", "DE", "FR", "BR", "IN", "AU", "ES", "MX"}
	firstNames    = []string{"ava", "mia", "leo", "zoe", "kai", "ivy", "noah", "emma", "liam", "nora", "omar", "lena", "sara", "jin", "ana", "tom"}
)

func (g *gen) followers(k Kind) int64 {
	if k == Plain {
		return int64(math.Exp(g.f(math.Log(2_000), math.Log(3_000_000))))
	}
	return int64(math.Exp(g.f(math.Log(15_000), math.Log(600_000)))) // micro and macro
}

func (g *gen) platform(k Kind) string {
	x := g.r.Float64()
	switch {
	case k != Plain && x < 0.6, k == Plain && x < 0.45:
		return "instagram"
	case k != Plain, x < 0.8:
		return "tiktok"
	}
	return "youtube"
}
