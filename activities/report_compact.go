package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
)

// ReportPayloadThreshold is the encoded size above which BuildReport returns
// the compact report (campaign.Report.Compacted) instead of the whole one:
// 256 KB, an eighth of Temporal's 2 MB payload limit (Temporal Cloud's too).
// The workflow carries the report three times (the activity result, the Slack
// summary's input, the campaign's result), and a report line weighs ≈ 390 B
// for a creator who never answered and ≈ 1,260 B for one who published, so
// campaigns up to ≈ 200 creators who published (≈ 670 who never answered)
// keep their whole report in the workflow result; larger ones (5,000
// published: 5.3 MB) carry only their totals (≈ 1.3 KB). The full report is
// always in PostgreSQL (`starter campaign report --database-url`).
const ReportPayloadThreshold = 256 * 1024

// reportResult is what BuildReport returns to the workflow for the stored
// report rep: rep itself when it is small, its compact copy otherwise.
func reportResult(ctx context.Context, rep campaign.Report) (campaign.Report, error) {
	size, err := PayloadSize(rep)
	if err != nil {
		return campaign.Report{}, err
	}
	if size <= ReportPayloadThreshold {
		return rep, nil
	}
	c := rep.Compacted()
	csize, err := PayloadSize(c)
	if err != nil {
		return campaign.Report{}, err
	}
	activity.GetLogger(ctx).Info("report too large for the workflow: returning its totals, the full report is stored",
		"campaign", rep.CampaignID, "creators", len(rep.Creators), "bytes", size, "compact_bytes", csize)
	return c, nil
}
