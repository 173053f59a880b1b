package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// Change IDs (workflow.GetVersion) of the inbound-email issue.
const (
	// counterOffersChange: a counter-offer answers the outreach; within the
	// brief's auto-accept ceiling it is accepted at that fee, above it the
	// collaboration waits for ops.
	counterOffersChange = "counter-offers"
	// dedupeMessagesChange: a creator email delivered twice (same Message-ID)
	// is acted on once.
	dedupeMessagesChange = "dedupe-creator-messages"
)

// StageAwaitingCounterDecision: a counter-offer above the ceiling waits for ops.
const StageAwaitingCounterDecision Stage = "awaiting_counter_decision"

// fee is the agreed fee, or the offer's until a counter is accepted.
func (c *collaboration) fee() campaign.Money {
	if c.status.Fee != nil {
		return *c.status.Fee
	}
	return c.in.Brief.Offer.Fee
}

// ceiling is the highest fee accepted without a person.
func (c *collaboration) ceiling() campaign.Money {
	if c.in.Brief.Offer.AutoAcceptUpTo.Currency != "" {
		return c.in.Brief.Offer.AutoAcceptUpTo
	}
	return c.in.Brief.Offer.Fee
}

// negotiate settles a counter-offer: within the ceiling it becomes the agreed
// fee and counts as an accept; above it (or in another currency) the
// collaboration waits, without follow-ups, for the creator's next word — an
// accept of the offer, a decline, or a new counter — which ops obtain for now
// by writing to the creator (Slack approval of counters is a later issue).
func (c *collaboration) negotiate(ctx workflow.Context, r campaign.Reply) (campaign.Reply, error) {
	for r.Intent == campaign.IntentCounter {
		counter := *r.Counter
		if counter.Currency == "" {
			counter.Currency = c.in.Brief.Offer.Fee.Currency
		}
		ceiling := c.ceiling()
		if counter.Currency == ceiling.Currency && counter.Amount <= ceiling.Amount {
			c.status.Counter, c.status.Fee = nil, &counter
			workflow.GetLogger(ctx).Info("counter-offer accepted within the auto-accept ceiling", "fee", counter.String(), "ceiling", ceiling.String())
			r.Intent = campaign.IntentAccept
			return r, nil
		}
		c.status.Counter = &counter
		c.setStage(ctx, StageAwaitingCounterDecision, fmt.Sprintf("ops: the creator asks %s, above the auto-accept ceiling of %s", counter, ceiling))
		var err error
		if r, err = c.nextMessage(ctx, campaign.IntentAccept, campaign.IntentDecline, campaign.IntentCounter); err != nil {
			return r, err
		}
		c.status.Counter = nil
	}
	return r, nil
}

// nextMessage waits, with no deadline, for a creator message whose intent is one of want.
func (c *collaboration) nextMessage(ctx workflow.Context, want ...campaign.Intent) (campaign.Reply, error) {
	for {
		var msg campaign.Reply
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(c.messages, func(ch workflow.ReceiveChannel, _ bool) { ch.Receive(ctx, &msg) })
		sel.AddReceive(ctx.Done(), func(workflow.ReceiveChannel, bool) {})
		sel.Select(ctx)
		if err := ctx.Err(); err != nil {
			return msg, err
		}
		if c.duplicate(ctx, msg) {
			continue
		}
		for _, w := range want {
			if msg.Intent == w {
				c.status.LastMessage = nil
				return msg, nil
			}
		}
		m := msg
		c.status.LastMessage = &m
	}
}

// duplicate says whether an email with this Message-ID was received before
// (a redelivery after a crash between signalling and recording it).
func (c *collaboration) duplicate(ctx workflow.Context, msg campaign.Reply) bool {
	if msg.MessageID == "" {
		return false
	}
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if !c.seen[msg.MessageID] {
		c.seen[msg.MessageID] = true
		return false
	}
	if c.version(ctx, dedupeMessagesChange, 1) < 1 {
		return false
	}
	workflow.GetLogger(ctx).Info("creator email received twice; acted on once", "message_id", msg.MessageID)
	return true
}
