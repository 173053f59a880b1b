package campaign

import (
	"math"
	"strings"
)

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

// alignment matches the creator's categories with the brand's through the
// taxonomy (the best match counts, its path is the reason); each brand-safety
// label that flags takes 50% off.
func (v *vetter) alignment(c *Creator, penalised int, notes []string, ex explain) Component {
	comp := Component{Name: CompAlignment}
	r := reasons{ex: ex}
	switch {
	case len(v.brandCats) == 0:
		comp.Value = 0.5
		r.add("the brief names no brand categories: neutral")
	case len(c.Categories) == 0:
		comp.Value = 0.5
		r.add("the creator lists no categories: neutral")
	default:
		m, path := v.bestMatch(c.Categories, v.brandCats, ex)
		comp.Value = m
		if m == 0 && ex {
			raws := make([]string, len(v.brandCats))
			for i, w := range v.brandCats {
				raws[i] = w.raw
			}
			r.add("content (%s) outside the brand's categories (%s)", strings.Join(c.Categories, ", "), strings.Join(raws, ", "))
		} else if ex {
			r.add("content %s (%.0f%%)", path, m*100)
		}
	}
	if penalised > 0 {
		comp.Value = math.Max(0, comp.Value-0.5*float64(penalised))
		r.add("−50%% per flagged brand-safety label (%d)", penalised)
	}
	if len(notes) > 0 {
		r.add("labels noted: %s", strings.Join(notes, ", "))
	}
	comp.Reason = r.String()
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
