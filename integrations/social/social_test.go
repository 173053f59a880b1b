package social

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSimulatedIsDeterministicLabelledAndGrows(t *testing.T) {
	pub := time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC)
	p := Post{Platform: "instagram", URL: "https://instagram.com/p/abc", Followers: 50_000, PublishedAt: pub}
	var prev Metrics
	for _, age := range []time.Duration{time.Hour, 24 * time.Hour, 72 * time.Hour, 30 * 24 * time.Hour} {
		m, err := Simulated{}.Fetch(context.Background(), p, pub.Add(age))
		require.NoError(t, err)
		again, _ := Simulated{}.Fetch(context.Background(), p, pub.Add(age))
		require.Equal(t, m, again)
		require.Equal(t, "simulated", m.Source)
		require.Greater(t, m.Views, prev.Views)
		require.GreaterOrEqual(t, m.Likes, prev.Likes)
		require.LessOrEqual(t, m.Views, p.Followers)
		prev = m
	}
}
