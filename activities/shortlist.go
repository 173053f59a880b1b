package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

// ShortlistCreators vets the roster against the brief, with each creator's past
// performance in earlier campaigns, and returns the ranked, explained shortlist.
func (a *Activities) ShortlistCreators(ctx context.Context, req workflows.ShortlistRequest) (campaign.Shortlist, error) {
	sl, err := a.Store.Shortlist(ctx, req.Brief)
	if err != nil {
		return campaign.Shortlist{}, err
	}
	activity.GetLogger(ctx).Info("shortlist ranked", "campaign", req.Brief.ID, "considered", sl.Considered,
		"ranked", len(sl.Ranked), "excluded", len(sl.Excluded))
	return sl, nil
}
