package campaign

import (
	"fmt"
	"time"
)

// Monitoring defaults documented in the README.
var (
	DefaultUsageRightsReminder   = Duration(7 * 24 * time.Hour)
	DefaultUnderperformanceCheck = Duration(3 * 24 * time.Hour)
	DefaultUnderperformanceRatio = 0.5
)

// UsageRightsReminderLead is how long before the usage rights end ops are
// reminded; never more than the rights last.
func (t Timing) UsageRightsReminderLead() time.Duration {
	d := t.UsageRightsReminder
	if d == 0 {
		d = DefaultUsageRightsReminder
	}
	return min(d.D(), t.UsageRights.D())
}

// UnderperformanceAt is the post age from which a pull is checked against the benchmark.
func (k KPIs) UnderperformanceAt() time.Duration {
	if k.UnderperformanceCheck == 0 {
		return DefaultUnderperformanceCheck.D()
	}
	return k.UnderperformanceCheck.D()
}

// UnderperformanceFloor is the engagement rate below which a post under-performs,
// and whether the brief sets a benchmark at all.
func (k KPIs) UnderperformanceFloor() (float64, bool) {
	if k.EngagementRate == nil {
		return 0, false
	}
	r := k.UnderperformanceRatio
	if r == 0 {
		r = DefaultUnderperformanceRatio
	}
	return *k.EngagementRate * r, true
}

func (b Brief) monitoringProblems() []FieldError {
	var p []FieldError
	if b.Timing.UsageRights < 0 {
		p = append(p, FieldError{"timing.usage_rights", fmt.Sprintf("must be >= 0, e.g. 90d (got %s)", b.Timing.UsageRights)})
	}
	if b.Timing.UsageRightsReminder < 0 {
		p = append(p, FieldError{"timing.usage_rights_reminder", fmt.Sprintf("must be >= 0, e.g. 7d (got %s)", b.Timing.UsageRightsReminder)})
	}
	if b.Timing.BatchWindow < 0 {
		p = append(p, FieldError{"timing.batch_window", fmt.Sprintf("must be >= 0, e.g. 15m (got %s)", b.Timing.BatchWindow)})
	}
	if b.KPIs.UnderperformanceCheck < 0 {
		p = append(p, FieldError{"kpis.underperformance_check", fmt.Sprintf("must be >= 0, e.g. 3d (got %s)", b.KPIs.UnderperformanceCheck)})
	}
	if r := b.KPIs.UnderperformanceRatio; r < 0 || r > 1 {
		p = append(p, FieldError{"kpis.underperformance_ratio", fmt.Sprintf("must be a fraction between 0 and 1, e.g. 0.5 (got %v)", r)})
	}
	return p
}
