package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// explainCreator is `--explain HANDLE`: why one creator is where it is on the
// shortlist — its rank or why it is excluded, each score part (value ×
// weight = points) with its reason, its flags, and what separates it from
// the creator ranked above. Off the shortlist and with the roster at hand
// (lookup not nil), the creator is vetted on the spot to say why.
func explainCreator(w io.Writer, b campaign.Brief, sl campaign.Shortlist, who string,
	lookup func(platform, handle string) (campaign.Creator, error)) error {
	who = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(who)), "@")
	match := func(a campaign.Assessment) bool {
		return a.Creator.Handle == who || a.Creator.Key() == who || a.Creator.Platform+"/@"+a.Creator.Handle == who
	}
	fmt.Fprintf(w, "Weights: %s (the score divides by their sum).\n", weightsLine(b))
	for i, a := range sl.Ranked {
		if !match(a) {
			continue
		}
		fmt.Fprintf(w, "%s is #%d of %d ranked (%d considered).\n", a.Creator.Key(), i+1, len(sl.Ranked), sl.Considered)
		explainParts(w, a)
		if i > 0 {
			explainGap(w, sl.Ranked[i-1], a, i)
		}
		if i < len(sl.Ranked)-1 {
			fmt.Fprintf(w, "Ahead of #%d %s by %.1f.\n", i+2, sl.Ranked[i+1].Creator.Key(), a.Score-sl.Ranked[i+1].Score)
		}
		return nil
	}
	for _, a := range sl.Excluded {
		if match(a) {
			fmt.Fprintf(w, "%s is excluded: %s\n", a.Creator.Key(), a.Excluded)
			explainParts(w, a)
			return nil
		}
	}
	if lookup == nil || !strings.Contains(who, "/") {
		return fmt.Errorf("%s is not on the shortlist (ranked or listed excluded); give PLATFORM/HANDLE with the roster at hand "+
			"(starter campaign shortlist -f BRIEF --explain PLATFORM/HANDLE) to vet it on the spot", who)
	}
	platform, handle, _ := strings.Cut(who, "/")
	c, err := lookup(platform, handle)
	if err != nil {
		return err
	}
	switch {
	case !oneOfS(c.Platform, b.Platforms) || !b.WantsTier(c.Tier()):
		fmt.Fprintf(w, "%s is not considered: the brief wants %s creators in tiers %v (this one: %s, %s).\n",
			c.Key(), strings.Join(b.Platforms, "/"), b.Tiers, c.Platform, c.Tier())
		return nil
	case campaign.Prefilter(b, c) != "":
		fmt.Fprintf(w, "%s is left out before scoring: %s.\n", c.Key(), campaign.Prefilter(b, c))
		return nil
	}
	a := campaign.Assess(b, c, nil)
	if a.Excluded != "" {
		fmt.Fprintf(w, "%s is excluded (beyond the listed excluded): %s\n", c.Key(), a.Excluded)
	} else if n := len(sl.Ranked); n > 0 {
		fmt.Fprintf(w, "%s ranks below the shortlist's size %d: score %.1f, the last ranked (%s) has %.1f (past performance not counted here).\n",
			c.Key(), n, a.Score, sl.Ranked[n-1].Creator.Key(), sl.Ranked[n-1].Score)
	}
	explainParts(w, a)
	return nil
}

func oneOfS(s string, set []string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

func explainParts(w io.Writer, a campaign.Assessment) {
	fmt.Fprintf(w, "Score %.1f:\n", a.Score)
	if len(a.Components) == 0 {
		fmt.Fprintln(w, "  (no detail: a compact entry; give --database-url for the full shortlist)")
	}
	for _, n := range componentOrder {
		c, ok := points(a, n)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "  %-16s %5.1f points = %.3f × weight %g   %s\n", n, c.Points, c.Value, c.Weight, c.Reason)
	}
	for _, f := range a.Flags {
		fmt.Fprintf(w, "  ⚑ %s\n", f)
	}
	if a.Rate != nil {
		fmt.Fprintf(w, "  rate for the brief's formats: %s\n", a.Rate)
	}
}

// explainGap says which parts put the creator above it ahead.
func explainGap(w io.Writer, above, a campaign.Assessment, i int) {
	fmt.Fprintf(w, "Behind #%d %s by %.1f:", i, above.Creator.Key(), above.Score-a.Score)
	var parts []string
	for _, n := range componentOrder {
		x, ok1 := points(above, n)
		y, ok2 := points(a, n)
		if ok1 && ok2 && x.Points != y.Points {
			parts = append(parts, fmt.Sprintf("%s %+.1f", n, y.Points-x.Points))
		}
	}
	if len(parts) == 0 {
		fmt.Fprintln(w, " equal parts (ties go to more followers, then the key).")
		return
	}
	fmt.Fprintf(w, " %s.\n", strings.Join(parts, ", "))
}
