package activities

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// payloadLimit is Temporal's payload size limit (Temporal Cloud, and the
// server's default limit.blobSize.error).
const payloadLimit = 2 * 1024 * 1024

// realisticCreator is a roster entry as an agency's roster has them: a real-
// looking name and address, audience maps, a three-format rate card, follower
// history; one in six has under half its audience in the target country, one
// in eight grew fast without engagement, one in eleven has a brand-safety
// label (warnings), one in thirteen an excluding one.
func realisticCreator(i int) campaign.Creator {
	first := []string{"Jane", "Omar", "Lena", "Ava", "Mateo", "Priya", "Chloé", "Kwame", "Sofia", "Noah"}[i%10]
	last := []string{"Ito", "Haddad", "Brandt", "Okafor", "García", "Sharma", "Dubois", "Mensah", "Rossi", "Kowalski"}[(i/10)%10]
	h := fmt.Sprintf("%s.%s.%d", first, last, i)
	f := int64(12_000 + (i*7919)%85_000)
	c := campaign.Creator{Platform: "instagram", Handle: h, Name: first + " " + last, Email: fmt.Sprintf("partnerships+%d@%s-%s-studio.example", i, first, last),
		Followers: f, AvgViews: f / 3, AvgLikes: f / 25, AvgComments: f / 700, Country: []string{"US", "GB", "CA", "DE"}[i%4],
		Categories: [][]string{{"skincare"}, {"skincare", "lifestyle"}, {"beauty", "wellness", "skincare"}}[i%3]}
	c.Normalize()
	c.AvgShares, c.AvgSaves = f/400, f/200
	c.Audience = campaign.Audience{
		Countries: map[string]float64{"US": float64(45 + i%30), "CA": 11, "GB": 9, "DE": 6, "FR": 4, "AU": 3},
		Ages:      map[string]float64{"13-17": 4, "18-24": 36, "25-34": 39, "35-44": 14, "45-54": 5},
		Genders:   map[string]float64{"female": 78, "male": 20, "other": 2}}
	c.RateCard = map[string]campaign.Money{"reel": {Amount: 90_000 + int64(i%50)*1000, Currency: "USD"},
		"story": {Amount: 30_000, Currency: "USD"}, "post": {Amount: 60_000, Currency: "USD"}}
	c.FollowerHistory = []campaign.FollowerCount{{Date: "2026-08-01", Followers: f * 88 / 100, AvgEngagements: f / 31},
		{Date: "2026-09-01", Followers: f * 94 / 100, AvgEngagements: f / 30}, {Date: "2026-10-01", Followers: f, AvgEngagements: f / 29}}
	if i%8 == 0 {
		// +39% without engagement following: a warning (+50% would be severe).
		c.FollowerHistory = []campaign.FollowerCount{{Date: "2026-08-01", Followers: f * 72 / 100, AvgEngagements: f / 29},
			{Date: "2026-10-01", Followers: f, AvgEngagements: f / 28}}
	}
	switch {
	case i%13 == 0:
		c.BrandSafety = []string{"adult"}
	case i%11 == 0:
		c.BrandSafety = []string{"alcohol"}
	}
	return c
}

func largeBrief(wanted int) campaign.Brief {
	b := campaign.Brief{ID: "large", Name: "Large", Brand: "Lumen", Platforms: []string{"instagram"},
		Tiers: []campaign.Tier{campaign.Micro}, CreatorsWanted: wanted,
		Budget: campaign.Money{Amount: int64(wanted) * 200_000, Currency: "USD"},
		Offer:  campaign.Offer{Fee: campaign.Money{Amount: 100_000, Currency: "USD"}, Deliverables: []string{"1 reel"}, Disclosure: "#ad"},
		Vetting: campaign.Vetting{TargetAudience: campaign.TargetAudience{Countries: []string{"US"}, Ages: []string{"18-24", "25-34"},
			Genders: []string{"female"}, Interests: []string{"skincare"}}, Formats: []string{"reel"}}}
	b.ApplyDefaults()
	return b
}

// TestShortlistOf5000FitsThePayloadLimit: a campaign wanting 5,000 creators,
// from a realistic roster of 9,000, gets its shortlist (5,000 and a reserve of
// 2,500) as a ShortlistCreators result well under Temporal's 2 MB payload
// limit, with every creator the workflow invites intact and the top in full;
// the full detail of every entry is in PostgreSQL.
func TestShortlistOf5000FitsThePayloadLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL")
	}
	ctx := context.Background()
	store, err := postgres.Open(ctx, testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(store.Close)
	roster := make([]campaign.Creator, 9000)
	for i := range roster {
		roster[i] = realisticCreator(i)
	}
	_, _, err = store.ImportCreators(ctx, roster, nil)
	require.NoError(t, err)
	b := largeBrief(5000)
	require.NoError(t, b.Validate())
	require.Equal(t, campaign.MaxShortlistSize, b.Shortlist.Size)
	require.NoError(t, store.SaveCampaign(ctx, b))
	a := &Activities{Store: store}

	full, err := store.Shortlist(ctx, b)
	require.NoError(t, err)
	require.Equal(t, 7500, len(full.Ranked), "5,000 wanted and a reserve of 2,500")
	fullSize, err := PayloadSize(full)
	require.NoError(t, err)
	require.Greater(t, fullSize, 5*payloadLimit, "the full shortlist is what broke: far over the limit")

	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.ShortlistCreators)
	v, err := aenv.ExecuteActivity(a.ShortlistCreators, workflows.ShortlistRequest{Brief: b})
	require.NoError(t, err)
	var got campaign.Shortlist
	require.NoError(t, v.Get(&got))
	size, err := PayloadSize(got)
	require.NoError(t, err)
	t.Logf("shortlist of %d (%d flagged): full %.2f MB, compact %.2f MB (%d B a creator)", len(got.Ranked), flagged(full),
		float64(fullSize)/1e6, float64(size)/1e6, size/len(got.Ranked))
	assert.Less(t, size, payloadLimit*6/10, "well under the 2 MB limit: under 60%")
	assert.LessOrEqual(t, size, ShortlistPayloadBudget)

	// What the workflow decodes.
	p, err := converter.GetDefaultDataConverter().ToPayload(got)
	require.NoError(t, err)
	var wf campaign.Shortlist
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(p, &wf))
	require.Equal(t, len(full.Ranked), len(wf.Ranked), "nobody cut from the reserve")
	assert.True(t, wf.Compact)
	assert.Equal(t, full.Considered, wf.Considered)
	assert.Equal(t, full.BeyondSize, wf.BeyondSize)
	assert.Equal(t, len(full.Excluded)+full.ExcludedNotListed, len(wf.Excluded)+wf.ExcludedNotListed)
	for i, want := range full.Ranked {
		got := wf.Ranked[i]
		if !assert.Equal(t, want.Creator.Key(), got.Creator.Key(), "rank %d", i+1) {
			break
		}
		assert.Equal(t, want.Creator.Name, got.Creator.Name)
		assert.Equal(t, want.Creator.Email, got.Creator.Email)
		assert.Equal(t, want.Creator.Followers, got.Creator.Followers)
		assert.Equal(t, want.Score, got.Score)
		assert.Equal(t, want.Flags, got.Flags)
		assert.Equal(t, want.Rate, got.Rate)
		if i < campaign.ShortlistDetailTop {
			assert.Equal(t, want, got, "the top %d in full", campaign.ShortlistDetailTop)
		}
	}

	// The detail is stored: every entry with its components and reasons.
	stored, ok, err := store.StoredShortlist(ctx, b.ID)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, len(full.Ranked), len(stored.Ranked))
	assert.Equal(t, full.Ranked[7499], stored.Ranked[7499])
	assert.Equal(t, full.Excluded, stored.Excluded)
	assert.Equal(t, full.ExcludedNotListed, stored.ExcludedNotListed)
	for _, as := range stored.Ranked {
		require.Len(t, as.Components, len(campaign.ComponentOrder))
		require.NotEmpty(t, as.Components[0].Reason)
		require.False(t, as.Creator.Audience.IsZero())
	}

	// Run again (a retried activity): the stored shortlist is replaced, not doubled.
	_, err = aenv.ExecuteActivity(a.ShortlistCreators, workflows.ShortlistRequest{Brief: b})
	require.NoError(t, err)
	again, _, err := store.StoredShortlist(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, len(full.Ranked), len(again.Ranked))
}

func flagged(sl campaign.Shortlist) int {
	n := 0
	for _, a := range sl.Ranked {
		if len(a.Flags) > 0 {
			n++
		}
	}
	return n
}

// TestShortlistOverBudget: past the budget the reserve is cut from the bottom
// (and counted below the cut); if the creators wanted alone do not fit, the
// activity fails (without retrying: ShortlistCreators makes it non-retryable)
// and says what to do.
func TestShortlistOverBudget(t *testing.T) {
	roster := make([]campaign.Creator, 400)
	for i := range roster {
		roster[i] = realisticCreator(i)
	}
	b := largeBrief(100)
	sl := campaign.BuildShortlist(b, roster, nil)
	require.Equal(t, 300, len(sl.Ranked))
	whole, err := PayloadSize(sl.Compacted())
	require.NoError(t, err)

	c, size, cut, err := fitShortlist(sl, 100, whole*2/3)
	require.NoError(t, err)
	assert.LessOrEqual(t, size, whole*2/3)
	assert.Positive(t, cut)
	assert.GreaterOrEqual(t, len(c.Ranked), 100)
	assert.Equal(t, 300, len(c.Ranked)+cut)
	assert.Equal(t, sl.BeyondSize+cut, c.BeyondSize)
	assert.Equal(t, sl.Ranked[len(c.Ranked)-1].Creator.Key(), c.Ranked[len(c.Ranked)-1].Creator.Key(), "cut from the bottom")

	_, _, _, err = fitShortlist(sl, 290, whole/2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the shortlist of the 290 creators wanted weighs")
	assert.Contains(t, err.Error(), "lower creators_wanted or split the campaign")

}
