package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

func TestSaveSnapshotsInOneBatchKeepsFirstFigures(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	at := time.Date(2027, 3, 15, 12, 0, 0, 0, time.UTC)
	snap := func(handle string, pull int, views int64) campaign.Snapshot {
		return campaign.Snapshot{CampaignID: "spring", Handle: handle, Platform: "instagram", PostURL: "https://ig.example/p/" + handle,
			Pull: pull, TakenAt: at, Views: views, Likes: 3, Comments: 2, Shares: 1, Saves: 1, Source: "simulated"}
	}
	require.NoError(t, s.SaveSnapshot(ctx, snap("jane", 0, 100)))

	added, err := s.SaveSnapshots(ctx, []campaign.Snapshot{snap("jane", 0, 999), snap("jane", 1, 200), snap("omar", 0, 50)})
	require.NoError(t, err)
	require.Equal(t, int64(2), added, "the pull stored before is not stored again")
	added, err = s.SaveSnapshots(ctx, nil)
	require.NoError(t, err)
	require.Zero(t, added)

	got, err := s.Snapshots(ctx, "spring")
	require.NoError(t, err)
	require.Len(t, got, 3)
	require.Equal(t, int64(100), got[0].Views, "a retried pull keeps its first figures")
	require.Equal(t, snap("jane", 1, 200), got[1])
	require.Equal(t, "omar", got[2].Handle)
}
