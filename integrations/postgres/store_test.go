package postgres_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

func open(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}

func TestRosterUpsertAndSelection(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	roster := []campaign.Creator{
		{Platform: "instagram", Handle: "jane", Email: "j@x.test", Followers: 50_000},
		{Platform: "instagram", Handle: "tiny", Email: "t@x.test", Followers: 5_000},
		{Platform: "tiktok", Handle: "jane", Email: "j@x.test", Followers: 90_000},
		{Platform: "youtube", Handle: "yt", Email: "y@x.test", Followers: 60_000},
		{Platform: "tiktok", Handle: "omar", Email: "o@x.test", Followers: 20_000},
	}
	added, updated, err := s.UpsertCreators(ctx, roster)
	require.NoError(t, err)
	require.Equal(t, [2]int{5, 0}, [2]int{added, updated})
	roster[0].Followers = 55_000
	added, updated, err = s.UpsertCreators(ctx, roster[:1])
	require.NoError(t, err)
	require.Equal(t, [2]int{0, 1}, [2]int{added, updated})

	b := campaign.Brief{Platforms: []string{"instagram", "tiktok"}, Tiers: []campaign.Tier{campaign.Micro}, CreatorsWanted: 5}
	got, err := s.SelectCreators(ctx, b)
	require.NoError(t, err)
	var picked []string
	for _, c := range got {
		picked = append(picked, c.Platform+"/"+c.Handle)
	}
	// largest first, one per handle, nano and youtube left out
	require.Equal(t, []string{"tiktok/jane", "tiktok/omar"}, picked)
	b.CreatorsWanted = 1
	got, err = s.SelectCreators(ctx, b)
	require.NoError(t, err)
	require.Len(t, got, 1)
}

func TestEmailIsSentOncePerMessageID(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	e := postgres.OutboundEmail{MessageID: "outreach.jane.c@x.test", CampaignID: "c", Handle: "jane", Step: "outreach", Recipient: "j@x.test", Subject: "hi"}
	fresh, err := s.BeginSend(ctx, e)
	require.NoError(t, err)
	require.True(t, fresh)
	// A crash before FinishSend: the retry may send (it never reached the server as far as we know).
	fresh, err = s.BeginSend(ctx, e)
	require.NoError(t, err)
	require.True(t, fresh)
	require.NoError(t, s.FinishSend(ctx, e.MessageID))
	fresh, err = s.BeginSend(ctx, e)
	require.NoError(t, err)
	require.False(t, fresh, "a sent email must not be sent again")
	sent, err := s.SentEmails(ctx, "c")
	require.NoError(t, err)
	require.Len(t, sent, 1)
}

func TestSnapshotsKeepTheFirstPull(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	at := time.Date(2027, 3, 15, 10, 0, 0, 0, time.UTC)
	sn := campaign.Snapshot{CampaignID: "c", Handle: "jane", Platform: "instagram", PostURL: "u", Pull: 0, TakenAt: at, Views: 100, Likes: 10, Source: "simulated"}
	require.NoError(t, s.SaveSnapshot(ctx, sn))
	dup := sn
	dup.Views = 999
	require.NoError(t, s.SaveSnapshot(ctx, dup))
	sn2 := sn
	sn2.Pull, sn2.Views = 1, 300
	require.NoError(t, s.SaveSnapshot(ctx, sn2))
	all, err := s.Snapshots(ctx, "c")
	require.NoError(t, err)
	require.Len(t, all, 2)
	require.Equal(t, int64(100), all[0].Views)
	latest, err := s.LatestSnapshots(ctx, "c")
	require.NoError(t, err)
	require.Equal(t, int64(300), latest["jane"].Views)
}
