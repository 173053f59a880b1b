package activities

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

// ShortlistPayloadBudget is the most the ShortlistCreators result may weigh
// encoded: three quarters of the 2 MB a Temporal payload may be (Temporal
// Cloud's limit, the server's default), so the campaign's "shortlist" query
// answer (the shortlist and the brief) fits as well. A brief at the limits
// (MaxShortlistSize creators, ≈ 140 B each compact) stays near 1.1 MB.
const ShortlistPayloadBudget = 1_500_000

// ShortlistCreators vets the roster against the brief, with each creator's past
// performance in earlier campaigns, stores the ranked, explained shortlist in
// full (`starter shortlist show` reads it), and returns its compact copy
// (campaign.Shortlist.Compacted): the workflow carries the whole shortlist in
// one payload, and 5,000 full assessments would be over 10 MB.
//
// If the compact shortlist is over ShortlistPayloadBudget, the reserve (the
// ranked creators past creators_wanted) is cut from the bottom until it fits,
// and the cut creators count as below the cut (BeyondSize); if the creators
// wanted alone do not fit, it fails without retrying, saying so.
func (a *Activities) ShortlistCreators(ctx context.Context, req workflows.ShortlistRequest) (campaign.Shortlist, error) {
	sl, err := a.Store.Shortlist(ctx, req.Brief)
	if err != nil {
		return campaign.Shortlist{}, err
	}
	compact, size, cut, err := fitShortlist(sl, req.Brief.CreatorsWanted, ShortlistPayloadBudget)
	if err != nil {
		return campaign.Shortlist{}, temporal.NewNonRetryableApplicationError(err.Error(), "ShortlistTooLarge", nil)
	}
	log := activity.GetLogger(ctx)
	if cut > 0 {
		log.Warn("shortlist reserve cut to fit the payload", "campaign", req.Brief.ID, "cut", cut, "bytes", size)
		sl.Ranked = sl.Ranked[:len(compact.Ranked)]
		sl.BeyondSize = compact.BeyondSize
	}
	if err := a.Store.SaveShortlist(ctx, sl); err != nil {
		return campaign.Shortlist{}, err
	}
	log.Info("shortlist ranked", "campaign", req.Brief.ID, "considered", sl.Considered,
		"ranked", len(sl.Ranked), "excluded", len(sl.Excluded), "payload_bytes", size)
	return compact, nil
}

// PayloadSize is the size of v as a Temporal payload (the default data
// converter, JSON), which is what the server's size limit applies to.
func PayloadSize(v any) (int, error) {
	p, err := converter.GetDefaultDataConverter().ToPayload(v)
	if err != nil {
		return 0, err
	}
	return proto.Size(p), nil
}

// fitShortlist returns sl's compact copy, its encoded size and how many
// reserve entries were cut so that it weighs at most budget bytes.
func fitShortlist(sl campaign.Shortlist, wanted, budget int) (campaign.Shortlist, int, int, error) {
	all := len(sl.Ranked)
	c := sl.Compacted()
	for {
		size, err := PayloadSize(c)
		if err != nil {
			return c, 0, 0, err
		}
		if size <= budget {
			return c, size, all - len(c.Ranked), nil
		}
		keep := min(wanted, len(c.Ranked))
		if len(c.Ranked) == keep {
			return c, size, 0, fmt.Errorf("the shortlist of the %d creators wanted weighs %.2f MB as a workflow payload, over the %.2f MB it may (Temporal's limit is 2 MB): lower creators_wanted or split the campaign",
				keep, float64(size)/1e6, float64(budget)/1e6)
		}
		// Cut in proportion to the excess, with 2% to spare, never below wanted.
		n := max(keep, int(float64(len(c.Ranked))*float64(budget)/float64(size)*0.98))
		c.BeyondSize += len(c.Ranked) - n
		c.Ranked = c.Ranked[:n]
	}
}
