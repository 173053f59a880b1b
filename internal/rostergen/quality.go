package rostergen

import (
	"fmt"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// Quality is what issue 17 asks of vetting on a generated roster.
type Quality struct {
	Anomalies, AnomaliesFlagged int
	Missed                      []string
	Plain, PlainFlagged         int
	PlainFlags                  map[string]int
	IdealInTop30                int
	SevereInTop50               []string
	Shortlist                   campaign.Shortlist
}

// Measure vets cs (normalized) against b and scores the result.
func Measure(b campaign.Brief, cs []campaign.Creator, kinds map[string]Kind) Quality {
	q := Quality{PlainFlags: map[string]int{}}
	for _, c := range cs {
		k := kinds[c.Key()]
		if !b.WantsTier(c.Tier()) || !strings.Contains(strings.Join(b.Platforms, ","), c.Platform) {
			continue
		}
		if campaign.Prefilter(b, c) != "" {
			if k != Plain {
				q.Anomalies++
				q.Missed = append(q.Missed, fmt.Sprintf("%s (%s): left out before scoring", c.Key(), k))
			}
			continue
		}
		a := campaign.Assess(b, c, nil)
		if k == Plain {
			q.Plain++
			if len(a.Flags) > 0 {
				q.PlainFlagged++
				q.PlainFlags[a.Flags[0].Kind]++
			}
			continue
		}
		want, ok := Anomalies[k]
		if !ok {
			continue
		}
		q.Anomalies++
		hit := false
		for _, f := range a.Flags {
			if f.Kind == want && (!Severe[k] || f.Severity == campaign.Severe) {
				hit = true
			}
		}
		if hit {
			q.AnomaliesFlagged++
		} else {
			q.Missed = append(q.Missed, fmt.Sprintf("%s (%s): flags %v", c.Key(), k, a.Flags))
		}
	}
	q.Shortlist = campaign.BuildShortlist(b, cs, nil)
	for i, a := range q.Shortlist.Ranked {
		k := kinds[a.Creator.Key()]
		if i < 30 && k == Ideal {
			q.IdealInTop30++
		}
		if i < 50 && Severe[k] {
			q.SevereInTop50 = append(q.SevereInTop50, fmt.Sprintf("#%d %s (%s)", i+1, a.Creator.Key(), k))
		}
	}
	return q
}
