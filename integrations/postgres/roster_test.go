package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
)

var rich = campaign.Creator{Platform: "instagram", Handle: "ava", Name: "Ava", Email: "ava@x.test", Followers: 50_000,
	AvgLikes: 1500, AvgComments: 50, Country: "US", Categories: []string{"skincare"},
	Profile: campaign.Profile{AvgShares: 100, AvgSaves: 60,
		Audience:        campaign.Audience{Countries: map[string]float64{"US": 70, "GB": 30}, Genders: map[string]float64{"female": 80}},
		RateCard:        map[string]campaign.Money{"reel": {Amount: 120000, Currency: "USD"}},
		FollowerHistory: []campaign.FollowerCount{{Date: "2026-01-01", Followers: 45_000}},
		BrandSafety:     []string{"alcohol"}}}

func TestImportCreatorsKeepsTheProfileAndCounts(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	var seen []int
	added, updated, err := s.ImportCreators(ctx, []campaign.Creator{rich,
		{Platform: "tiktok", Handle: "bo", Email: "bo@x.test", Followers: 200_000, Country: "GB", Categories: []string{"gaming"}},
		{Platform: "youtube", Handle: "cy", Email: "cy@x.test", Followers: 5_000, Country: "CA"},
	}, func(done, total int) { seen = append(seen, done, total) })
	require.NoError(t, err)
	assert.Equal(t, [2]int{3, 0}, [2]int{added, updated})
	assert.Equal(t, []int{3, 3}, seen, "progress reports the end")

	got, err := s.Creator(ctx, "instagram", "ava")
	require.NoError(t, err)
	assert.Equal(t, rich, got, "every profile field survives the round trip")

	changed := rich
	changed.Followers = 60_000
	added, updated, err = s.ImportCreators(ctx, []campaign.Creator{changed,
		{Platform: "instagram", Handle: "new", Email: "n@x.test", Followers: 1}}, nil)
	require.NoError(t, err)
	assert.Equal(t, [2]int{1, 1}, [2]int{added, updated})
	got, err = s.Creator(ctx, "instagram", "ava")
	require.NoError(t, err)
	assert.Equal(t, int64(60_000), got.Followers)

	_, err = s.Creator(ctx, "instagram", "nobody")
	assert.ErrorIs(t, err, postgres.ErrNoCreator)

	// A row the database refuses rolls the whole import back.
	_, _, err = s.ImportCreators(ctx, []campaign.Creator{{Platform: "instagram", Handle: "zed", Email: "z@x.test", Followers: 9},
		{Platform: "instagram", Handle: "neg", Email: "n@x.test", Followers: -1}}, nil)
	require.ErrorContains(t, err, "nothing was changed")
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
}

func TestListCreatorsFilters(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	_, _, err := s.ImportCreators(ctx, []campaign.Creator{rich,
		{Platform: "tiktok", Handle: "bo", Email: "bo@x.test", Followers: 200_000, Country: "GB", Categories: []string{"gaming"}},
		{Platform: "youtube", Handle: "cy", Email: "cy@x.test", Followers: 5_000, Country: "CA", Categories: []string{"skincare"}},
	}, nil)
	require.NoError(t, err)
	keys := func(f postgres.RosterFilter) []string {
		cs, err := s.ListCreators(ctx, f)
		require.NoError(t, err)
		var out []string
		for _, c := range cs {
			out = append(out, c.Key())
		}
		return out
	}
	assert.Equal(t, []string{"tiktok/bo", "instagram/ava", "youtube/cy"}, keys(postgres.RosterFilter{}))
	assert.Equal(t, []string{"instagram/ava"}, keys(postgres.RosterFilter{Platform: "instagram"}))
	assert.Equal(t, []string{"tiktok/bo"}, keys(postgres.RosterFilter{Tier: campaign.Macro}))
	assert.Equal(t, []string{"instagram/ava"}, keys(postgres.RosterFilter{Tier: campaign.Micro}))
	assert.Equal(t, []string{"instagram/ava", "youtube/cy"}, keys(postgres.RosterFilter{Category: "Skincare"}))
	assert.Equal(t, []string{"tiktok/bo", "instagram/ava"}, keys(postgres.RosterFilter{Country: "gb"}), "home country or audience")
	assert.Equal(t, []string{"tiktok/bo"}, keys(postgres.RosterFilter{Limit: 1}))
}

func TestPastPerformanceFromFinishedCollaborations(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	_, _, err := s.ImportCreators(ctx, []campaign.Creator{rich}, nil) // 1,710 engagements per post on average
	require.NoError(t, err)
	b := campaign.Brief{ID: "old", Name: "Old", Brand: "Lumen", MaxRevisions: 2}
	require.NoError(t, s.SaveCampaign(ctx, b))
	fee := campaign.Money{Amount: 1000, Currency: "USD"}
	require.NoError(t, s.RecordCollaboration(ctx, postgres.CollaborationRow{CampaignID: "old", Handle: "ava", Platform: "instagram",
		Email: "ava@x.test", Stage: "done", Outcome: "completed", Fee: fee, Revisions: 1}))
	require.NoError(t, s.SaveSnapshot(ctx, campaign.Snapshot{CampaignID: "old", Handle: "ava", Platform: "instagram", Pull: 0, Likes: 100, Source: "api"}))
	require.NoError(t, s.SaveSnapshot(ctx, campaign.Snapshot{CampaignID: "old", Handle: "ava", Platform: "instagram", Pull: 1, Likes: 855, Source: "api"}))
	_, err = s.BeginSend(ctx, postgres.OutboundEmail{MessageID: "<r@x>", CampaignID: "old", Handle: "ava", Step: "draft-reminder-1"})
	require.NoError(t, err)
	require.NoError(t, s.FinishSend(ctx, "<r@x>"))
	// Still running: not counted.
	require.NoError(t, s.RecordCollaboration(ctx, postgres.CollaborationRow{CampaignID: "old", Handle: "bo", Platform: "instagram",
		Email: "bo@x.test", Stage: "outreach", Fee: fee}))

	past, err := s.PastPerformance(ctx, []string{"instagram"})
	require.NoError(t, err)
	assert.Equal(t, map[string][]campaign.PastCollaboration{"instagram/ava": {{CampaignID: "old", Outcome: campaign.OutcomeCompleted,
		OnTime: false, Revisions: 1, MaxRevisions: 2, ExpectedEngagements: 1710, AchievedEngagements: 855}}}, past)

	// The shortlist reads it: (late 0 + 855/1710 + (1 − 1/3)) / 3 = 0.389
	nb := campaign.Brief{ID: "new", Platforms: []string{"instagram"}, CreatorsWanted: 1, Budget: campaign.Money{Amount: 10_000_000, Currency: "USD"}}
	nb.ApplyDefaults()
	sl, err := s.Shortlist(ctx, nb)
	require.NoError(t, err)
	require.Len(t, sl.Ranked, 1)
	for _, c := range sl.Ranked[0].Components {
		if c.Name == campaign.CompPastPerformance {
			assert.InDelta(t, 0.389, c.Value, 0.0005)
			assert.Equal(t, "1 past collaboration(s): 1 delivered (1 late), 0 not delivered", c.Reason)
		}
	}
}

// BenchmarkImport100k upserts 100,000 roster rows (target: under 10 s).
func BenchmarkImport100k(b *testing.B) {
	ctx := context.Background()
	s := open(b)
	cs := make([]campaign.Creator, 100_000)
	for i := range cs {
		c := rich
		c.Handle = fmt.Sprintf("c%06d", i)
		c.Followers = int64(1000 + i)
		cs[i] = c
	}
	for b.Loop() {
		if _, _, err := s.ImportCreators(ctx, cs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
