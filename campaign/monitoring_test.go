package campaign

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const monitoringBrief = `
id: spring
name: Spring
brand: Lumen
platforms: [instagram]
creators_wanted: 1
budget: "1000.00 USD"
offer:
  fee: "500.00 USD"
  deliverables: ["1 reel"]
timing:
  usage_rights: 90d
kpis:
  engagement_rate: 0.04
`

func TestMonitoringBriefFields(t *testing.T) {
	b, err := ParseBrief([]byte(monitoringBrief))
	require.NoError(t, err)
	require.Equal(t, 90*24*time.Hour, b.Timing.UsageRights.D())
	require.Equal(t, 7*24*time.Hour, b.Timing.UsageRightsReminderLead(), "default reminder a week before")
	require.Equal(t, 3*24*time.Hour, b.KPIs.UnderperformanceAt())
	floor, ok := b.KPIs.UnderperformanceFloor()
	require.True(t, ok)
	require.InDelta(t, 0.02, floor, 1e-12, "half the engagement-rate benchmark")

	short := strings.Replace(monitoringBrief, "usage_rights: 90d", "usage_rights: 3d", 1)
	b, err = ParseBrief([]byte(short))
	require.NoError(t, err)
	require.Equal(t, 3*24*time.Hour, b.Timing.UsageRightsReminderLead(), "never before publication")

	bad := strings.Replace(monitoringBrief, "  engagement_rate: 0.04", "  engagement_rate: 0.04\n  underperformance_ratio: 2", 1)
	_, err = ParseBrief([]byte(bad))
	require.ErrorContains(t, err, "kpis.underperformance_ratio must be a fraction between 0 and 1")
}

func TestReportMarksSelfReportedFigures(t *testing.T) {
	b, err := ParseBrief([]byte(monitoringBrief))
	require.NoError(t, err)
	res := []CollaborationResult{
		{Handle: "jane", Platform: "instagram", Followers: 10_000, Outcome: OutcomeCompleted, Fee: Money{50000, "USD"}},
		{Handle: "omar", Platform: "instagram", Followers: 10_000, Outcome: OutcomeCompleted, Fee: Money{50000, "USD"}},
	}
	snaps := []Snapshot{
		{Handle: "jane", Views: 5000, Likes: 200, Source: "self-reported"},
		{Handle: "omar", Views: 6000, Likes: 300, Source: "api"},
	}
	r, err := BuildReport(ReportInput{Brief: b, Results: res, Snapshots: snaps, At: time.Now()}, ReportOptions{})
	require.NoError(t, err)
	require.True(t, r.Creators[0].SelfReported)
	require.False(t, r.Creators[1].SelfReported)
	require.True(t, r.Total.SelfReported)
	var out bytes.Buffer
	require.NoError(t, r.WriteTable(&out))
	require.Contains(t, out.String(), "jane (self-reported)")
	require.NotContains(t, out.String(), "omar (self-reported)")
	require.Contains(t, out.String(), "entered by hand from the creator's own numbers")
}
