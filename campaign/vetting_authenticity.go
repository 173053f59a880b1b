package campaign

import (
	"fmt"
	"strings"
	"unicode"
)

// authenticity checks for bought followers (a follower spike engagement did
// not follow) and engagement pods (comments from a few accounts, generic
// texts; or, without a comment sample, an odd likes-to-comments ratio).
// A severe flag excludes unless the brief overrides it for the creator.
func (v *vetter) authenticity(c *Creator, ex explain) (Component, []Flag) {
	comp := Component{Name: CompAuthenticity, Value: 1}
	r := reasons{ex: ex}
	var flags []Flag
	penalty := func(f Flag, what string) {
		if f.Severity == Severe {
			comp.Value--
		} else {
			comp.Value -= 0.4
		}
		flags = append(flags, f)
		if ex {
			r.add("%s", what)
		}
	}
	switch spike := growthSpike(c.FollowerHistory, ex); {
	case spike != nil:
		penalty(*spike, "follower growth spike")
	case len(c.FollowerHistory) < 2:
		r.add("no follower history: growth not checked")
	default:
		r.add("steady follower growth")
	}
	if pod := v.pod(c.Comments, ex); pod != nil {
		penalty(*pod, "engagement pod signs")
	} else if !c.Comments.IsZero() {
		r.add("comments from many accounts")
	}
	if f := likesToComments(c, ex); f != nil {
		penalty(*f, "odd likes-to-comments ratio")
	} else if c.AvgLikes > 0 {
		r.add("likes-to-comments ratio normal")
	}
	comp.Value = clamp01(comp.Value)
	comp.Reason = r.String()
	v.override(c, flags, ex)
	return comp, flags
}

// override turns the creator's severe authenticity flags into warnings when
// the brief keeps the creator, saying who decided and why.
func (v *vetter) override(c *Creator, flags []Flag, ex explain) {
	if len(v.overrides) == 0 {
		return
	}
	o, ok := v.overrides[c.Key()]
	if !ok {
		return
	}
	for i := range flags {
		if flags[i].Severity != Severe || (len(o.Flags) > 0 && !oneOf(flags[i].Kind, o.Flags)) {
			continue
		}
		flags[i].Severity = Warning
		if ex {
			flags[i].Evidence += ex.f(" — severe, kept by %s: %s", o.By, o.Reason)
		}
	}
}

// growthSpike finds the largest jump between consecutive follower counts of at
// least SpikeGrowth that engagement did not follow. Engagement is judged from
// the count before the jump to the best one at or after it: a viral post
// brings both; bought followers leave engagement flat.
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
		var after int64
		for _, x := range h[i:] {
			after = max(after, x.AvgEngagements)
		}
		f := &Flag{Kind: FlagGrowthSpike, Severity: Warning}
		if a.AvgEngagements > 0 && after > 0 {
			eg := float64(after-a.AvgEngagements) / float64(a.AvgEngagements)
			if eg >= g/2 {
				continue // engagement grew with the audience
			}
			if g >= SevereSpikeGrowth && eg < SevereSpikeEngagement {
				f.Severity = Severe
			}
			if ex {
				f.Evidence = fmt.Sprintf("followers +%s from %s to %s while engagement %+.0f%% (%d before, at most %d after)",
					pcts(g), a.Date, b.Date, eg*100, a.AvgEngagements, after)
			}
		} else if g >= UnrecordedSpikeGrowth {
			if ex {
				f.Evidence = fmt.Sprintf("followers +%s from %s to %s; engagement then not recorded", pcts(g), a.Date, b.Date)
			}
		} else {
			continue // a viral month is common; without engagement figures there is no evidence
		}
		worst, worstG = f, g
	}
	return worst
}

// pod reads a comment sample: concentration (the five most active accounts'
// share, or few distinct commenters) and generic texts.
func (v *vetter) pod(s CommentSample, ex explain) *Flag {
	if s.IsZero() {
		return nil
	}
	conc := s.TopCommenters / 100
	if s.Sampled > 0 && s.Commenters > 0 {
		conc = max(conc, 1-float64(s.Commenters)/float64(s.Sampled))
	}
	generic, n := 0, len(s.Texts)
	for _, t := range s.Texts {
		if v.isGeneric(t) {
			generic++
		}
	}
	g := 0.0
	if n >= PodMinTexts {
		g = float64(generic) / float64(n)
	}
	sev := Severity("")
	switch {
	case conc >= PodConcentration && g >= PodGeneric:
		sev = Severe
	case conc >= PodConcentrationAlone || g >= PodGenericAlone:
		sev = Warning
	default:
		return nil
	}
	f := &Flag{Kind: FlagPod, Severity: sev}
	if ex {
		f.Evidence = fmt.Sprintf("the 5 most active accounts wrote %.0f%% of %d sampled comments (%d distinct commenters); %d of %d texts generic",
			s.TopCommenters, s.Sampled, s.Commenters, generic, n)
	}
	return f
}

// genericWords make up the comments pods leave: praise with no content.
var genericWords = map[string]bool{"nice": true, "great": true, "love": true, "lovely": true, "amazing": true, "awesome": true,
	"cool": true, "wow": true, "beautiful": true, "gorgeous": true, "so": true, "this": true, "it": true, "post": true,
	"pic": true, "photo": true, "shot": true, "content": true, "follow": true, "back": true, "me": true, "check": true,
	"my": true, "page": true, "dm": true, "us": true, "super": true, "very": true, "good": true, "best": true, "the": true,
	"a": true, "is": true, "omg": true, "yes": true, "perfect": true, "fire": true, "stunning": true, "keep": true,
	"up": true, "work": true, "cute": true, "love it": true, "vibes": true, "goals": true, "wonderful": true, "great job": true,
	"job": true, "queen": true, "king": true, "wowww": true, "incredible": true}

// GenericComment reports a comment that says nothing about the post:
// emoji or punctuation only, or at most five words all from genericWords.
func GenericComment(text string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return true
	}
	if len(words) > 5 {
		return false
	}
	for _, w := range words {
		if !genericWords[w] && !genericWords[strings.TrimRight(w, "!sw")] {
			return false
		}
	}
	return true
}

func likesToComments(c *Creator, ex explain) *Flag {
	if c.AvgLikes <= 0 {
		return nil
	}
	norm := LikesPerComment[c.Tier()]
	if c.AvgComments == 0 {
		return &Flag{Kind: FlagLikesComments, Severity: Warning,
			Evidence: ex.f("%d likes and no comments per post", c.AvgLikes)}
	}
	if r := float64(c.AvgLikes) / float64(c.AvgComments); r > norm*LikesPerCommentFactor || r < norm/LikesPerCommentFactor {
		return &Flag{Kind: FlagLikesComments, Severity: Warning,
			Evidence: ex.f("%.0f likes per comment; %s creators typically have %.0f", r, c.Tier(), norm)}
	}
	return nil
}
