package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/creatorflow/creatorflow/campaign"
)

// compactReport prints the report of a campaign whose workflow result is the
// compact report (totals only, activities/report_compact.go): the full report,
// every creator line, is read from PostgreSQL (--database-url, else
// DATABASE_URL).
func (a *app) compactReport(ctx context.Context, mf measureFlags, r campaign.Report, format, output string) error {
	if mf.databaseURL == "" {
		mf.databaseURL = os.Getenv("DATABASE_URL")
	}
	if mf.databaseURL == "" {
		return UsageError{fmt.Errorf("campaign %s's report has %d creator lines, too many for its workflow result, which carries only the totals: "+
			"the full report is stored in PostgreSQL; give --database-url or set DATABASE_URL to read it", r.CampaignID, r.LinesStored)}
	}
	return a.storedReport(ctx, mf, r.CampaignID, format, output)
}
