package workflows

// Stage 2, negotiation: an accept goes on to the agreement, a decline ends
// the collaboration; a counter-offer within the brief's auto-accept ceiling
// is accepted at that fee, above it a person decides (counter_decision.go,
// counter_sla.go) or the creator's next message settles it.

import (
	"fmt"

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

// negotiate settles the creator's answer to the outreach: no outcome means
// agreed (at the offer, or at a fee settled here).
func (c *collaboration) negotiate(ctx workflow.Context, answer campaign.Reply) (campaign.Outcome, error) {
	if answer.Intent == campaign.IntentCounter {
		var (
			out campaign.Outcome
			err error
		)
		if answer, out, err = c.settleCounter(ctx, answer); err != nil || out != "" {
			return out, err
		}
	}
	if answer.Intent == campaign.IntentDecline {
		return campaign.OutcomeDeclined, nil
	}
	return "", nil
}

func (c *collaboration) withinCeiling(counter campaign.Money) bool {
	ceiling := c.ceiling()
	return counter.Currency == ceiling.Currency && counter.Amount <= ceiling.Amount
}

// settleCounter settles a counter-offer: within the auto-accept ceiling it
// becomes the agreed fee and counts as an accept; above it (or in another
// currency) it is put to the approvers, whose decision (or the creator's next
// message) settles it. A non-empty outcome ends the collaboration.
func (c *collaboration) settleCounter(ctx workflow.Context, r campaign.Reply) (campaign.Reply, campaign.Outcome, error) {
	for r.Intent == campaign.IntentCounter {
		counter := *r.Counter
		if counter.Currency == "" {
			counter.Currency = c.in.Brief.Offer.Fee.Currency
		}
		c.status.Proposal = nil
		if c.withinCeiling(counter) {
			c.status.Counter, c.status.Fee, c.deal.reason = nil, &counter, AgreedCounterAuto
			workflow.GetLogger(ctx).Info("counter-offer accepted within the auto-accept ceiling", "fee", counter.String(), "ceiling", c.ceiling().String())
			r.Intent = campaign.IntentAccept
			return r, "", nil
		}
		var (
			out campaign.Outcome
			err error
		)
		c.deal.asked = r
		if r, out, err = c.askAboutCounter(ctx, counter); err != nil || out != "" {
			return r, out, err
		}
	}
	return r, "", nil
}

// askAboutCounter posts the counter to the approvers and waits for their
// decision or the creator's next accept, decline or counter.
func (c *collaboration) askAboutCounter(ctx workflow.Context, counter campaign.Money) (campaign.Reply, campaign.Outcome, error) {
	d := &c.deal
	d.round++
	d.waiting, d.decision = &counter, nil
	c.status.Counter = &counter
	c.beginCounterWait(ctx, counter) // counter_sla.go
	settled, err := c.awaitCounter(ctx, counter)
	if err != nil {
		return campaign.Reply{}, "", err
	}
	if settled != nil { // the creator's own message settled it
		return *settled, "", nil
	}

	dec := *d.decision
	d.waiting, c.status.Counter = nil, nil
	feedback := dec.Reason
	if dec.Propose != nil {
		feedback = "counter-proposal: " + dec.Propose.String()
		if dec.Reason != "" {
			feedback += " — " + dec.Reason
		}
	}
	if d.msg.TS != "" {
		c.rewriteCounterCard(ctx, "Show the counter-offer decision in Slack", ApprovalOutcome{Message: d.msg, Request: d.req, At: workflow.Now(ctx),
			Propose: dec.Propose, Decision: Decision{Verdict: dec.Verdict, By: dec.By, SlackUser: dec.SlackUser, Feedback: dec.Reason}})
	}
	workflow.GetLogger(ctx).Info("counter-offer decided", "verdict", dec.Verdict, "by", dec.By, "counter", counter.String(), "feedback", feedback)
	switch {
	case dec.Verdict == VerdictApprove: // committed and agreed by the Update
		return campaign.Reply{Intent: campaign.IntentAccept}, "", nil
	case dec.Propose == nil:
		c.setStage(ctx, c.status.Stage, "the email declining the counter-offer to be sent")
		if err := c.dealEmail(ctx, EmailCounterDeclined, fmt.Sprintf("counter-declined-%d", d.round), c.in.Brief.Offer.Fee, dec.Reason, counter); err != nil {
			return campaign.Reply{}, "", err
		}
		return campaign.Reply{}, campaign.OutcomeDeclined, nil
	}

	proposal := *dec.Propose
	c.status.Proposal = &proposal
	c.setStage(ctx, StageAwaitingReply, "the counter-proposal email to be sent")
	if err := c.dealEmail(ctx, EmailCounterProposal, fmt.Sprintf("counter-proposal-%d", d.round), proposal, dec.Reason, counter); err != nil {
		return campaign.Reply{}, "", err
	}
	wait := c.in.Brief.Timing.ReplyWindow.D()
	c.setStage(ctx, StageAwaitingReply, fmt.Sprintf("the creator's answer to our counter-proposal of %s (then unresponsive, after %s)", proposal, campaign.Duration(wait)))
	r, ok, err := c.waitFor(ctx, wait, fmt.Sprintf("answer to the counter-proposal of %s", proposal),
		campaign.IntentAccept, campaign.IntentDecline, campaign.IntentCounter)
	if err != nil {
		return r, "", err
	}
	if !ok {
		return r, campaign.OutcomeUnresponsive, nil
	}
	if r.Intent == campaign.IntentAccept {
		c.status.Proposal, c.status.Fee, d.reason = nil, &proposal, AgreedProposalAccepted
	}
	return r, "", nil
}

// dealEmail sends an email of the negotiation naming fee (the offer or our
// counter-proposal) and the creator's counter.
func (c *collaboration) dealEmail(ctx workflow.Context, kind EmailKind, step string, fee campaign.Money, feedback string, counter campaign.Money) error {
	req := c.emailRequest(kind, step, fee, feedback)
	req.Extra = map[string]string{EmailExtraCounter: counter.String()}
	return c.send(ctx, req)
}
