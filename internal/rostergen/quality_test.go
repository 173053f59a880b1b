package rostergen

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

// read round-trips a generated roster through a roster file format, as
// `starter roster import` reads it.
func read(t *testing.T, ro Roster, format string) []campaign.Creator {
	t.Helper()
	var buf bytes.Buffer
	if format == "csv" {
		require.NoError(t, WriteCSV(&buf, ro.Creators))
	} else {
		require.NoError(t, WriteJSON(&buf, ro.Creators))
	}
	rf, err := campaign.ReadRoster(buf.Bytes(), format)
	require.NoError(t, err)
	require.Empty(t, rf.Rejected, "a generated roster is importable")
	cs := make([]campaign.Creator, len(rf.Rows))
	for i, r := range rf.Rows {
		cs[i] = r.Creator
	}
	return cs
}

func TestVettingQualityOnAGeneratedRoster(t *testing.T) {
	for _, tc := range []struct {
		n      int
		seed   uint64
		format string
	}{{10_000, 1, "csv"}, {10_000, 2, "json"}, {10_000, 3, "csv"}, {100_000, 1, "csv"}} {
		t.Run(fmt.Sprintf("%d seed %d %s", tc.n, tc.seed, tc.format), func(t *testing.T) {
			if tc.n > 10_000 && testing.Short() {
				t.Skip("100k roster")
			}
			ro := Generate(Options{N: tc.n, Seed: tc.seed})
			cs := read(t, ro, tc.format)
			q := Measure(Brief(), cs, ro.Kinds)
			t.Logf("anomalies flagged %d/%d; plain flagged %d/%d (%.1f%%) %v; ideal in top 30: %d/30; severe in top 50: %d",
				q.AnomaliesFlagged, q.Anomalies, q.PlainFlagged, q.Plain, 100*float64(q.PlainFlagged)/float64(q.Plain),
				q.PlainFlags, q.IdealInTop30, len(q.SevereInTop50))
			require.GreaterOrEqual(t, q.Anomalies, 100)
			assert.Empty(t, q.Missed, "every planted anomaly flagged with its kind")
			assert.LessOrEqual(t, float64(q.PlainFlagged), 0.05*float64(q.Plain), "≤ 5%% of plain creators flagged: %v", q.PlainFlags)
			assert.Greater(t, q.Plain, 1000)
			assert.GreaterOrEqual(t, q.IdealInTop30, 25, "planted ideal creators in the top 30")
			assert.Empty(t, q.SevereInTop50)
			for _, a := range q.Shortlist.Ranked {
				for _, f := range a.Flags {
					assert.NotEqual(t, campaign.Severe, f.Severity, "%s ranked with a severe flag", a.Creator.Key())
				}
			}
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, WriteCSV(&a, Generate(Options{N: 500, Seed: 7}).Creators))
	require.NoError(t, WriteCSV(&b, Generate(Options{N: 500, Seed: 7}).Creators))
	assert.Equal(t, a.String(), b.String())
	var c bytes.Buffer
	require.NoError(t, WriteCSV(&c, Generate(Options{N: 500, Seed: 8}).Creators))
	assert.NotEqual(t, a.String(), c.String())
	kinds := map[Kind]int{}
	for _, k := range Generate(Options{N: 500, Seed: 7}).Kinds {
		kinds[k]++
	}
	assert.Equal(t, map[Kind]int{Ideal: 30, Bought: 20, Pod: 20, Unsafe: 20, Risky: 20, Outside: 20, Plain: 370}, kinds)
}
