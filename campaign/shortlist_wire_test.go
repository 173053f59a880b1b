package campaign

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompactShortlistRoundTrip: what a workflow decodes of a compact
// shortlist is exactly Compacted(): the top entries whole, the others with
// what a collaboration uses, flags and rate included; a full shortlist still
// encodes as before.
func TestCompactShortlistRoundTrip(t *testing.T) {
	b := vetBrief()
	b.Shortlist.Size = 40
	var roster []Creator
	for i := range 70 {
		c := ava
		c.Handle = fmt.Sprintf("ava%02d", i)
		c.Name = fmt.Sprintf("Ava \"%d\" Ünïcode", i)
		c.Followers = int64(20_000 + 1000*i)
		if i%3 == 0 {
			c.FollowerHistory = []FollowerCount{{"2026-01-01", c.Followers * 7 / 10, 900}, {"2026-03-01", c.Followers, 910}}
		}
		if i%4 == 0 {
			c.RateCard = nil
		}
		if i%5 == 0 {
			c.BrandSafety = []string{"adult"}
		}
		roster = append(roster, c)
	}
	sl := BuildShortlist(b, roster, nil)
	require.Equal(t, 40, len(sl.Ranked))
	require.Greater(t, len(sl.Excluded), ShortlistDetailTop)

	full, err := json.Marshal(sl)
	require.NoError(t, err)
	assert.NotContains(t, string(full), `"compact"`)
	var plain Shortlist
	require.NoError(t, json.Unmarshal(full, &plain))
	assert.Equal(t, sl, plain, "a full shortlist round-trips as before")

	c := sl.Compacted()
	data, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Less(t, len(data), len(full)/2)
	var back Shortlist
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, c, back)
	assert.True(t, back.Compact)

	require.Equal(t, 40, len(back.Ranked))
	assert.Equal(t, sl.Ranked[:ShortlistDetailTop], back.Ranked[:ShortlistDetailTop], "the top in full")
	assert.NotEmpty(t, back.Ranked[0].Components[0].Reason)
	flagged, rated, unrated := 0, 0, 0
	for i, a := range back.Ranked {
		want := sl.Ranked[i]
		assert.Equal(t, want.Creator.Key(), a.Creator.Key(), "rank %d", i+1)
		assert.Equal(t, want.Creator.Name, a.Creator.Name)
		assert.Equal(t, want.Creator.Email, a.Creator.Email)
		assert.Equal(t, want.Creator.Followers, a.Creator.Followers)
		assert.Equal(t, want.Tier, a.Tier)
		assert.Equal(t, want.Score, a.Score)
		assert.Equal(t, want.Flags, a.Flags)
		assert.Equal(t, want.Rate, a.Rate)
		if i >= ShortlistDetailTop {
			assert.Nil(t, a.Components)
			assert.True(t, a.Creator.Audience.IsZero())
			assert.Nil(t, a.Creator.FollowerHistory)
			flagged += len(a.Flags)
			if a.Rate != nil {
				rated++
			} else {
				unrated++
			}
		}
	}
	assert.Positive(t, flagged, "the test covers flags")
	assert.Positive(t, rated*unrated, "the test covers rates and none")
	assert.Equal(t, sl.Excluded[:ShortlistDetailTop], back.Excluded)
	assert.Equal(t, len(sl.Excluded)+sl.ExcludedNotListed, len(back.Excluded)+back.ExcludedNotListed, "nobody excluded goes uncounted")
	assert.Equal(t, sl.Considered, back.Considered)
	assert.Equal(t, sl.BeyondSize, back.BeyondSize)

	// Re-encoding a decoded compact shortlist (a query answer) stays compact.
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
}

func TestCompactShortlistRefusesUnknownColumns(t *testing.T) {
	data, err := json.Marshal(Shortlist{CampaignID: "x", Compact: true})
	require.NoError(t, err)
	bad := strings.Replace(string(data), `"flags"`, `"flags","more"`, 1)
	var s Shortlist
	err = json.Unmarshal([]byte(bad), &s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "columns")
}

// TestLargeCampaignBriefs: a brief may want up to MaxShortlistSize creators
// (before the compact shortlist, anything above 500 was refused); beyond, the
// error says what to do.
func TestLargeCampaignBriefs(t *testing.T) {
	big := strings.Replace(baseBriefYAML, "creators_wanted: 2", "creators_wanted: 5000", 1)
	big = strings.Replace(big, `budget: "5000.00 USD"`, `budget: "5000000.00 USD"`, 1)
	b, err := ParseBrief([]byte(big))
	require.NoError(t, err)
	assert.Equal(t, MaxShortlistSize, b.Shortlist.Size, "3 × 5,000, capped")

	tooBig := strings.Replace(big, "creators_wanted: 5000", fmt.Sprintf("creators_wanted: %d", MaxShortlistSize+1), 1)
	tooBig = strings.Replace(tooBig, `budget: "5000000.00 USD"`, `budget: "9000000.00 USD"`, 1)
	_, err = ParseBrief([]byte(tooBig))
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("creators_wanted must be at most %d", MaxShortlistSize))
	assert.NotContains(t, err.Error(), "shortlist.size", "one problem, said once")
}

func TestSmallShortlistIsNotCompacted(t *testing.T) {
	sl := BuildShortlist(vetBrief(), []Creator{ava}, nil)
	c := sl.Compacted()
	assert.False(t, c.Compact)
	assert.Equal(t, sl, c)
	data, err := json.Marshal(c)
	require.NoError(t, err)
	assert.NotContains(t, string(data), `"compact"`)
}
