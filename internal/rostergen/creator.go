package rostergen

import (
	"fmt"
	"strings"
	"time"

	"github.com/creatorflow/creatorflow/campaign"
)

// creator makes creator i of kind k. Anomalies look ideal apart from their
// problem, so only vetting's checks can keep them out of the top.
func (g *gen) creator(i int, k Kind) campaign.Creator {
	good := k != Plain
	name := g.pick(firstNames)
	h := fmt.Sprintf("%s.%s%d", name, strings.ToLower(string(k[0])), i)
	if k == Plain {
		h = fmt.Sprintf("%s_%d", name, i)
	}
	c := campaign.Creator{Platform: g.platform(k), Handle: h, Name: strings.Title(name) + fmt.Sprintf(" %d", i), //nolint:staticcheck
		Email: h + "@creators.test", Followers: g.followers(k)}
	if g.chance(0.3) {
		c.Handle = "@" + strings.ToUpper(c.Handle[:1]) + c.Handle[1:] // as typed: Normalize tidies it
	}
	tier := c.Tier()
	bench := campaign.EngagementBenchmark[tier]
	erx := g.f(0.5, 1.6)
	if good {
		erx = g.f(1.8, 2.4)
	}
	eng := int64(float64(c.Followers) * bench * erx)
	ratio := campaign.LikesPerComment[tier] * g.f(0.6, 1.8)
	c.AvgShares, c.AvgSaves = eng*4/100, eng*6/100
	likes := eng - c.AvgShares - c.AvgSaves
	c.AvgComments = max(1, int64(float64(likes)/(ratio+1)))
	c.AvgLikes = likes - c.AvgComments
	c.AvgViews = int64(float64(c.Followers) * g.f(0.15, 0.5))
	g.categories(&c, good)
	g.audience(&c, good)
	g.history(&c, eng)
	if good || g.chance(0.4) {
		g.comments(&c, 0.15)
	}
	if good || g.chance(0.9) {
		cpe := g.f(30, 90) // minor units per engagement
		if good {
			cpe = g.f(15, 28)
		}
		f := "reel"
		if c.Platform != "instagram" {
			f = "video"
		}
		fee := float64(eng) * cpe
		if good { // good value by views too: a CPM of 15–25.00
			fee = min(fee, float64(c.AvgViews)*g.f(1500, 2500)/1000)
		}
		c.RateCard = map[string]campaign.Money{g.variant(f): {Amount: max(5_000, int64(fee)/100*100), Currency: "USD"}}
	}
	if k == Plain && g.chance(0.05) {
		c.BrandSafety = []string{g.pick(noteLabels)}
	}
	g.plant(&c, k, eng)
	return c
}

func (g *gen) categories(c *campaign.Creator, good bool) {
	n := 1 + g.r.IntN(3)
	for j := range n {
		s := g.pick(otherSpellings)
		if (good && j == 0) || (!good && g.chance(0.12)) {
			s = g.pick(beautySpellings)
		}
		c.Categories = append(c.Categories, g.variant(s))
	}
	if !good && g.chance(0.05) {
		c.Categories = nil
	}
}

func (g *gen) audience(c *campaign.Creator, good bool) {
	c.Country = g.pick(homeCountries)
	if good {
		c.Country = "US"
	}
	if !good && g.chance(0.15) {
		return // home country only, no breakdown
	}
	us := g.f(25, 70)
	ca := g.f(5, 15)
	if good {
		us, ca = g.f(65, 80), g.f(5, 10)
	}
	other := 100 - us - ca
	c.Audience.Countries = map[string]float64{"US": round(us), "CA": round(ca), "GB": round(other * 0.4), "IN": round(other * 0.3)}
	young := g.f(35, 80)
	if good {
		young = g.f(72, 88)
	}
	c.Audience.Ages = map[string]float64{"18-24": round(young * 0.45), "25-34": round(young * 0.55), "35-44": round((100 - young) * 0.7)}
	fem := g.f(30, 90)
	if good {
		fem = g.f(82, 94)
	}
	c.Audience.Genders = map[string]float64{"female": round(fem), "male": round(100 - fem - 1)}
}

func round(x float64) float64 { return float64(int(x*10)) / 10 }

// history: monthly counts, steady growth with engagement alongside; some
// plain creators go viral (followers and engagement jump together).
func (g *gen) history(c *campaign.Creator, eng int64) {
	if g.chance(0.3) {
		return
	}
	n := 3 + g.r.IntN(4)
	fs, es := make([]float64, n), make([]float64, n)
	fs[n-1], es[n-1] = float64(c.Followers), float64(eng)
	viral := g.chance(0.15)
	at := 1 + g.r.IntN(n-1)
	for j := n - 2; j >= 0; j-- {
		gr := g.f(0.01, 0.06)
		eg := gr * g.f(0.7, 1.3)
		if viral && j == at-1 {
			gr = g.f(0.4, 0.9)
			eg = gr * g.f(0.8, 1.4)
		}
		fs[j], es[j] = fs[j+1]/(1+gr), es[j+1]/(1+eg)
	}
	withEng := g.chance(0.9)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for j := range n {
		h := campaign.FollowerCount{Date: start.AddDate(0, j, 0).Format("2006-01-02"), Followers: int64(fs[j])}
		if withEng {
			h.AvgEngagements = int64(es[j])
		}
		c.FollowerHistory = append(c.FollowerHistory, h)
	}
}

func (g *gen) comments(c *campaign.Creator, genericP float64) {
	s := campaign.CommentSample{Sampled: 100 + g.r.IntN(200)}
	s.Commenters = int(float64(s.Sampled) * g.f(0.75, 0.97))
	s.TopCommenters = round(g.f(3, 15))
	for range 10 {
		if g.chance(genericP) {
			s.Texts = append(s.Texts, g.pick(genericComment))
		} else {
			s.Texts = append(s.Texts, g.pick(specificComment))
		}
	}
	c.Comments = s
}

// plant gives an anomaly its problem.
func (g *gen) plant(c *campaign.Creator, k Kind, eng int64) {
	switch k {
	case Bought:
		// Followers multiplied by 1.6–3 at one point; engagement stays flat.
		jump := g.f(1.6, 3)
		before := int64(float64(c.Followers) / jump)
		c.AvgViews = c.AvgViews / 2
		flat := int64(float64(eng) / jump * 1.6) // engagement the real audience gives
		c.AvgLikes, c.AvgComments = flat*88/100, flat*2/100+1
		c.AvgShares, c.AvgSaves = flat*4/100, flat*6/100
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		c.FollowerHistory = nil
		pts := []struct {
			f int64
			e float64
		}{{before * 96 / 100, 0.98}, {before, 1}, {c.Followers * 99 / 100, g.f(0.95, 1.08)}, {c.Followers, g.f(0.95, 1.08)}}
		for j, p := range pts {
			c.FollowerHistory = append(c.FollowerHistory, campaign.FollowerCount{Date: start.AddDate(0, j, 0).Format("2006-01-02"),
				Followers: p.f, AvgEngagements: int64(float64(flat) * p.e)})
		}
	case Pod:
		s := campaign.CommentSample{Sampled: 150 + g.r.IntN(150)}
		s.Commenters = int(float64(s.Sampled) * g.f(0.08, 0.3))
		s.TopCommenters = round(g.f(35, 75))
		generic := 7 + g.r.IntN(4) // of 10: a pod's comments say nothing
		for j := range 10 {
			if j < generic {
				s.Texts = append(s.Texts, g.pick(genericComment))
			} else {
				s.Texts = append(s.Texts, g.pick(specificComment))
			}
		}
		g.r.Shuffle(len(s.Texts), func(i, j int) { s.Texts[i], s.Texts[j] = s.Texts[j], s.Texts[i] })
		c.Comments = s
		c.AvgComments *= 2 // the pod's comments
	case Unsafe:
		c.BrandSafety = append(c.BrandSafety, g.pick(severeLabels))
		if g.chance(0.3) {
			c.BrandSafety = append(c.BrandSafety, g.pick(noteLabels))
		}
	case Risky:
		c.BrandSafety = append(c.BrandSafety, g.pick(warningLabels))
	case Outside:
		c.Country = g.pick([]string{"GB", "IN", "BR", "DE"})
		us, ca := g.f(1, 5), g.f(0.5, 3)
		c.Audience.Countries = map[string]float64{"US": round(us), "CA": round(ca), c.Country: round(g.f(60, 80))}
	}
}
