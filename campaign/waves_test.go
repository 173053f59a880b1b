package campaign

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReportSaysTheShortlistWasSpent(t *testing.T) {
	fee := Money{50000, "USD"}
	results := []CollaborationResult{
		{Handle: "ana", Outcome: OutcomeCompleted, Fee: fee, PostURL: "https://ig/p/ana", Wave: 1},
		{Handle: "ben", Outcome: OutcomeDeclined, Fee: fee, Wave: 1},
		{Handle: "cai", Outcome: OutcomeRejected, Fee: fee, Wave: 1},
		{Handle: "dee", Outcome: OutcomeUnresponsive, Fee: fee, Wave: 2, Replaces: "ben"},
		{Handle: "eve", Outcome: OutcomeDeclined, Fee: fee, Wave: 3, Replaces: "dee"},
	}
	w := SummarizeWaves(results, 3, 0, 1)
	require.Equal(t, WaveSummary{Wanted: 3, Agreements: 2, Invited: 5, Waves: 3, Unreplaced: 1, Spent: true}, w)
	require.Equal(t, "shortlist spent: 2 of 3 agreements; 5 invited in 3 waves", w.String())

	r, err := BuildReport(ReportInput{Brief: Brief{ID: "s", Budget: Money{0, "USD"}}, Results: results, Waves: &w}, ReportOptions{})
	require.NoError(t, err)
	var table, csv bytes.Buffer
	require.NoError(t, r.WriteTable(&table))
	require.Contains(t, table.String(), "Invitations: shortlist spent: 2 of 3 agreements; 5 invited in 3 waves\n")
	require.Contains(t, table.String(), "nobody was left to invite in place of 1 creator(s) who declined or never answered")
	require.Regexp(t, `(?m)^wave\s+1\s+1\s+1\s+2\s+3\s*$`, table.String())
	require.Regexp(t, `(?m)^replaces\s+ben\s+dee\s*$`, table.String())
	require.NoError(t, r.WriteCSV(&csv))
	require.Contains(t, csv.String(), "\neve,,declined,0,USD,")
	require.Contains(t, csv.String(), ",3,dee\n")
	var page bytes.Buffer
	require.NoError(t, r.WriteHTML(&page))
	require.Contains(t, page.String(), "<p class=\"note\">Invitations: shortlist spent: 2 of 3 agreements; 5 invited in 3 waves</p>")
	require.Contains(t, page.String(), "<tr><td>replaces</td><td></td><td></td><td></td><td>ben</td><td>dee</td><td></td>")

	// Enough agreements: no note, and a report without waves shows no wave rows.
	full := SummarizeWaves(results[:1], 1, 4, 0)
	require.False(t, full.Spent)
	_, ok := full.note()
	require.False(t, ok)
	plain, err := BuildReport(ReportInput{Brief: Brief{ID: "s", Budget: Money{0, "USD"}}, Results: results[:1]}, ReportOptions{})
	require.NoError(t, err)
	table.Reset()
	require.NoError(t, plain.WriteTable(&table))
	require.NotContains(t, table.String(), "wave")
	require.NotContains(t, table.String(), "Invitations")
}

func TestWavesShortOfAgreementsWithReserveLeftBlameOutcomesNotReplaced(t *testing.T) {
	results := []CollaborationResult{
		{Handle: "ana", Outcome: OutcomeMissedDraft, Wave: 1},
		{Handle: "ben", Outcome: OutcomeFailed, Wave: 1},
	}
	w := SummarizeWaves(results, 2, 3, 0)
	require.False(t, w.Spent)
	require.Equal(t, "1 of 2 agreements; 2 invited in 1 wave; 3 left in reserve", w.String())
	n, ok := w.note()
	require.True(t, ok)
	require.Contains(t, n, "not replaced")
}

// A shortlist shorter than creators_wanted is spent from the start, and the
// note says so instead of blaming outcomes that are not replaced.
func TestShortShortlistIsSpentFromTheStart(t *testing.T) {
	results := []CollaborationResult{{Handle: "ana", Outcome: OutcomeCompleted, Wave: 1, PostURL: "https://instagram.com/p/AAAAA"}}
	s := SummarizeWaves(results, 3, 0, 0)
	require.True(t, s.Spent)
	require.Equal(t, "shortlist spent: 1 of 3 agreements; 1 invited in 1 wave", s.String())
	n, ok := s.note()
	require.True(t, ok)
	require.Equal(t, "The shortlist had only 1 creator(s) to invite for 3 wanted: widen the brief's platforms, tiers or audience, or import more creators.", n)
}
