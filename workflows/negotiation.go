package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
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
	workflow.GetLogger(ctx).Info("creator email received twice; acted on once", "message_id", msg.MessageID)
	return true
}
