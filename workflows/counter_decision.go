package workflows

// The counter-decision Update: a person approves a counter-offer above the
// auto-accept ceiling (committing it against the budget), rejects it with a
// counter-proposal (its fee held), or rejects it. The validator refuses,
// with the reason, what the workflow cannot take.

import (
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

func (c *collaboration) registerCounterDecisions(ctx workflow.Context) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateCounterDecision, c.decideCounter,
		workflow.UpdateHandlerOptions{Validator: c.validateCounterDecision})
}

// validateCounterDecision refuses, with the reason, a decision the workflow
// cannot take; a refused Update never enters the history.
func (c *collaboration) validateCounterDecision(ctx workflow.Context, dec CounterDecision) error {
	d := &c.deal
	if d.waiting == nil || d.decision != nil {
		return fmt.Errorf("no counter-offer of %s is waiting for a decision (stage: %s)", c.in.Creator.Handle, c.status.Stage)
	}
	if d.busy {
		return fmt.Errorf("an approval of %s's counter-offer is being applied; look at `starter campaign status %s` in a moment",
			c.in.Creator.Handle, c.in.CampaignID)
	}
	counter := *d.waiting
	if dec.Round != 0 && dec.Round != d.round {
		return fmt.Errorf("this decision was for counter-offer %d of %s, but counter-offer %d (%s) is the current one",
			dec.Round, c.in.Creator.Handle, d.round, counter)
	}
	if dec.Counter.Currency != "" && dec.Counter != counter {
		return fmt.Errorf("this decision was for the counter-offer of %s, but the current one is %s", dec.Counter, counter)
	}
	if strings.TrimSpace(dec.By) == "" {
		return errors.New("the decision must say who decided")
	}
	if !c.allowsApprover(Decision{By: dec.By, SlackUser: dec.SlackUser}) {
		return fmt.Errorf("%s is not an approver of campaign %s", dec.By, c.in.CampaignID)
	}
	budget := c.in.Brief.Budget
	switch dec.Verdict {
	case VerdictApprove:
		if dec.Propose != nil {
			return errors.New("a counter-proposal goes with reject, not approve")
		}
		if counter.Currency != budget.Currency {
			return fmt.Errorf("the counter-offer of %s is not in the budget's currency %s: reject it with a counter-proposal in %s",
				counter, budget.Currency, budget.Currency)
		}
		if counter.Amount > budget.Amount {
			return fmt.Errorf("the counter-offer of %s is more than the campaign's whole budget of %s", counter, budget)
		}
	case VerdictReject:
		p := dec.Propose
		if p == nil {
			break
		}
		switch {
		case p.Amount <= 0:
			return fmt.Errorf("the counter-proposal must be more than zero (got %s)", p)
		case p.Currency != budget.Currency:
			return fmt.Errorf("the counter-proposal must be in the budget's currency %s (got %s)", budget.Currency, p)
		case counter.Currency == p.Currency && p.Amount >= counter.Amount:
			return fmt.Errorf("a counter-proposal of %s is not below the creator's counter-offer of %s: approve the counter-offer instead", p, counter)
		case p.Amount > budget.Amount:
			return fmt.Errorf("a counter-proposal of %s is more than the campaign's whole budget of %s", p, budget)
		case d.remaining != nil && p.Amount > d.remaining.Amount:
			return fmt.Errorf("a counter-proposal of %s is more than the %s the budget had left when the approval was refused", p, d.remaining)
		}
	default:
		return fmt.Errorf("verdict must be approve or reject (got %q)", dec.Verdict)
	}
	return nil
}

// decideCounter applies a validated decision. An approval commits the
// counter first; if the budget refuses, the Update fails naming what is
// committed and left, and the counter still waits (a person may propose less).
func (c *collaboration) decideCounter(ctx workflow.Context, dec CounterDecision) (CounterDecisionResult, error) {
	d := &c.deal
	if d.waiting == nil || d.decision != nil || d.busy { // a second decision in the same task as the first
		return CounterDecisionResult{}, fmt.Errorf("the counter-offer of %s was decided already", c.in.Creator.Handle)
	}
	counter := *d.waiting
	switch {
	case dec.Verdict == VerdictApprove:
		d.busy = true
		res, err := c.commit(ctx, counter, AgreedCounterApproved, dec.By)
		d.busy = false
		if err != nil {
			return CounterDecisionResult{}, fmt.Errorf("committing %s against the budget failed: %w", counter, err)
		}
		if !res.Granted {
			return CounterDecisionResult{}, fmt.Errorf("the budget cannot take the counter-offer of %s: %s of %s is committed, %s left; "+
				"reject it with a counter-proposal of at most %s, or reject it", counter, res.Committed, res.Budget, res.Remaining, res.Remaining)
		}
		c.status.Fee = &counter
		d.decision = &dec
		return CounterDecisionResult{Stage: StageTerms, Fee: &counter}, nil
	case dec.Propose != nil:
		// The proposal's fee is held before it is sent: if the creator accepts,
		// we keep our word whatever other agreements landed meanwhile.
		d.busy = true
		res, err := c.commit(ctx, *dec.Propose, AgreedProposalHeld, dec.By)
		d.busy = false
		if err != nil {
			return CounterDecisionResult{}, fmt.Errorf("holding %s against the budget failed: %w", *dec.Propose, err)
		}
		if !res.Granted {
			return CounterDecisionResult{}, fmt.Errorf("the budget cannot hold a counter-proposal of %s: %s of %s is committed, %s left; "+
				"propose at most %s, or reject without a proposal", *dec.Propose, res.Committed, res.Budget, res.Remaining, res.Remaining)
		}
		d.decision = &dec
		return CounterDecisionResult{Stage: StageAwaitingReply}, nil
	default:
		d.decision = &dec
		return CounterDecisionResult{Stage: StageDone}, nil
	}
}

// settledByCreator rewrites the counter's approval request once the creator's
// own email (an accept, a decline or a new counter) has settled it.
func (c *collaboration) settledByCreator(ctx workflow.Context, d *dealState, msg campaign.Reply) error {
	if d.msg.TS == "" {
		return nil
	}
	what := map[campaign.Intent]string{campaign.IntentAccept: "accepted the offer of " + c.in.Brief.Offer.Fee.String(),
		campaign.IntentDecline: "declined", campaign.IntentCounter: "sent a new counter-offer"}[msg.Intent]
	if msg.Intent == campaign.IntentCounter && msg.Counter != nil {
		what += " of " + msg.Counter.String()
	}
	c.rewriteCounterCard(ctx, "Show in Slack that the creator settled the counter-offer", ApprovalOutcome{Message: d.msg, Request: d.req,
		At: workflow.Now(ctx), Decision: Decision{By: c.in.Creator.Handle + " by email", Feedback: "the creator " + what + " before anyone decided"}})
	return nil
}
