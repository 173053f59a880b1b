package campaign

import "fmt"

// Compacted returns the report without its per-creator lines and without the
// list of unattributed orders: every total, KPI, benchmark check, funnel
// figure, wave count and note stays, so the report's summary (Slack, `starter
// campaign status`) reads the same. A campaign of thousands of creators has a
// report of megabytes (≈ 1,260 B a creator who published: the curve of six
// pulls and the KPI checks), more than a Temporal payload may carry; the full
// report stays in PostgreSQL and `starter campaign report` reads it from there.
//
// LinesStored says how many creator lines were left out; a note says where
// the full report is.
func (r Report) Compacted() Report {
	c := r
	c.Compact = true
	c.LinesStored = len(r.Creators)
	c.Creators = nil
	c.Unattributed.Items = nil
	c.Notes = append(append([]string(nil), r.Notes...), fmt.Sprintf(
		"This copy leaves out the %d creator lines; the full report is stored in PostgreSQL: starter campaign report %s --database-url URL (or DATABASE_URL).",
		c.LinesStored, r.CampaignID))
	return c
}
