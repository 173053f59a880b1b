package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// shortlistDetail gives the full shortlist of a campaign whose workflow holds
// the compact copy (campaign.Shortlist.Compacted: the top entries whole, the
// others without components and reasons): it is stored in PostgreSQL by the
// ShortlistCreators activity. A shortlist that is not compact is returned as is.
func (a *app) shortlistDetail(ctx contextT, dbURL string, sl campaign.Shortlist) (campaign.Shortlist, error) {
	if !sl.Compact {
		return sl, nil
	}
	if strings.TrimSpace(dbURL) == "" {
		return sl, UsageError{fmt.Errorf("the shortlist of %s ranks %d creators; the campaign keeps the reasons of the top %d only, "+
			"the rest is in PostgreSQL: set --database-url or DATABASE_URL", sl.CampaignID, len(sl.Ranked), campaign.ShortlistDetailTop)}
	}
	store, err := a.openStore(ctx, dbURL)
	if err != nil {
		return sl, err
	}
	defer store.Close()
	full, ok, err := store.StoredShortlist(ctx, sl.CampaignID)
	if err != nil {
		return sl, err
	}
	if !ok {
		return sl, errors.New("the shortlist of " + sl.CampaignID + " is not in this database (is --database-url the worker's?)")
	}
	return full, nil
}
