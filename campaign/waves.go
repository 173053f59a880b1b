package campaign

import "fmt"

// Invitation waves. A campaign invites the top creators_wanted of its
// shortlist (wave 1). When a creator declines or stays silent through every
// follow-up (Outcome.Replaceable), the next creator on the shortlist is
// invited in their place, one wave later than the creator replaced, until
// creators_wanted agreements are in hand or the shortlist is spent. Other
// outcomes (a rejected or missed draft, over budget, failed, cancelled) are
// not replaced.

// WaveSummary is how a campaign's invitation waves went, as its report shows it.
type WaveSummary struct {
	Wanted     int `json:"creators_wanted"`
	Agreements int `json:"agreements"` // collaborations that reached an agreement
	Invited    int `json:"invited"`
	Waves      int `json:"waves"`
	// Reserve is how many shortlisted creators were never invited.
	Reserve int `json:"reserve"`
	// Unreplaced counts declines and silences nobody was left to replace.
	Unreplaced int `json:"unreplaced,omitempty"`
	// Spent: fewer agreements than wanted because the shortlist (or, in a
	// campaign run in cohorts, a cohort's share of it) had nobody left to invite.
	Spent bool `json:"shortlist_spent,omitempty"`
}

// SummarizeWaves counts the waves of a campaign's results. reserve is how many
// shortlisted creators were never invited, unreplaced how many declines and
// silences found nobody left to invite in their place.
func SummarizeWaves(results []CollaborationResult, wanted, reserve, unreplaced int) WaveSummary {
	s := WaveSummary{Wanted: wanted, Invited: len(results), Reserve: reserve, Unreplaced: unreplaced}
	for _, r := range results {
		if r.Outcome.Agreed() || r.PostURL != "" {
			s.Agreements++
		}
		s.Waves = max(s.Waves, r.Wave)
	}
	// A shortlist shorter than creators_wanted (few matched, or the approver
	// dropped some) is spent from the start.
	s.Spent = s.Agreements < wanted && (unreplaced > 0 || (s.Invited < wanted && reserve == 0))
	return s
}

func (s WaveSummary) waves() string {
	if s.Waves == 1 {
		return "1 wave"
	}
	return fmt.Sprintf("%d waves", s.Waves)
}

// String is the report's line on the waves, e.g. "shortlist spent: 2 of 3
// agreements; 5 invited in 3 waves".
func (s WaveSummary) String() string {
	line := fmt.Sprintf("%d of %d agreements; %d invited in %s", s.Agreements, s.Wanted, s.Invited, s.waves())
	if s.Spent {
		line = "shortlist spent: " + line
	}
	if s.Reserve > 0 {
		line += fmt.Sprintf("; %d left in reserve", s.Reserve)
	}
	return line
}

// note explains, in the report, why the waves fell short of creators_wanted.
func (s *WaveSummary) note() (string, bool) {
	switch {
	case s == nil || s.Agreements >= s.Wanted:
		return "", false
	case s.Spent && s.Unreplaced == 0:
		return fmt.Sprintf("The shortlist had only %d creator(s) to invite for %d wanted: widen the brief's platforms, tiers or audience, or import more creators.",
			s.Invited, s.Wanted), true
	case s.Spent:
		n := fmt.Sprintf("The shortlist was spent before %d agreements were reached: nobody was left to invite in place of %d creator(s) who declined or never answered.",
			s.Wanted, s.Unreplaced)
		if s.Reserve > 0 {
			n += fmt.Sprintf(" Each cohort of a large campaign invites from its own share of the shortlist; %d were left in other cohorts' shares.", s.Reserve)
		}
		return n, true
	}
	return fmt.Sprintf("%d of %d agreements: the shortfall comes from collaborations that are not replaced (a draft rejected or missed, over budget, failed, cancelled).",
		s.Agreements, s.Wanted), true
}
