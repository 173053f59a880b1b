package workflows

import (
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// Every agreement commits its fee against the campaign's budget
// (CommitBudget) before the terms; an automatic one that would overspend ends
// the collaboration as over_budget, with an email to the creator. A committed
// fee is released when the collaboration ends unpaid. A counter-offer above
// the ceiling is posted to the approvers (ApprovalCounter) and decided by the
// counter-decision Update — approve, reject with a counter-proposal, or
// reject — or superseded by the creator's next message.

// dealState is the collaboration's budget and counter-decision state.
type dealState struct {
	committed bool   // the agreed fee is committed against the budget
	reason    string // how the agreement was reached (Agreed*)
	// committedFee and committedReason are what the last granted commit held.
	committedFee    campaign.Money
	committedReason string

	round    int              // counter-offers put to a person so far
	waiting  *campaign.Money  // the counter waiting for a person's decision
	busy     bool             // an approval is being committed
	decision *CounterDecision // the decision on the waiting counter
	msg      ApprovalMessage
	req      ApprovalRequest
	// remaining is the budget left as a refused approval saw it: a
	// counter-proposal above it would be refused too.
	remaining *campaign.Money
}

// commit commits fee against the budget; the status shows the result.
func (c *collaboration) commit(ctx workflow.Context, fee campaign.Money, reason, by string) (BudgetCommitment, error) {
	actx := workflow.WithActivityOptions(ctx, storeOptions(fmt.Sprintf("Commit %s for %s against the budget", fee, c.in.Creator.Handle)))
	var res BudgetCommitment
	if err := workflow.ExecuteActivity(actx, ActCommitBudget, BudgetCommit{CampaignID: c.in.CampaignID, Creator: c.in.Creator,
		Fee: fee, Budget: c.in.Brief.Budget, Reason: reason, By: by}).Get(ctx, &res); err != nil {
		return res, err
	}
	c.status.Budget = &res
	if res.Granted {
		c.deal.committed, c.deal.reason = true, reason
		c.deal.committedFee, c.deal.committedReason = fee, reason
	} else {
		left := res.Remaining
		c.deal.remaining = &left
	}
	return res, nil
}

// commitAgreement commits the agreed fee unless a person's approval already
// did. Refused: the creator is told politely and the outcome is over_budget.
func (c *collaboration) commitAgreement(ctx workflow.Context) (campaign.Outcome, error) {
	reason := c.deal.reason
	if reason == "" || reason == AgreedProposalHeld { // a held proposal the creator answered with a new counter
		reason = AgreedOffer
		if c.status.Fee != nil {
			reason = AgreedCounterAuto
		}
	}
	if c.deal.committed && c.deal.committedFee == c.fee() && c.deal.committedReason == reason {
		return "", nil // committed by the approval that agreed it
	}
	// Same stage, so no search-attribute upsert: only what it waits for shows
	// (the commit retries while PostgreSQL is unreachable).
	c.setStage(ctx, c.status.Stage, fmt.Sprintf("the agreed fee of %s to be committed against the budget", c.fee()))
	res, err := c.commit(ctx, c.fee(), reason, "")
	if err != nil || res.Granted {
		return "", err
	}
	workflow.GetLogger(ctx).Warn("agreement refused: it would overspend the budget", "creator", c.in.Creator.Handle,
		"fee", res.Fee.String(), "committed", res.Committed.String(), "remaining", res.Remaining.String(), "budget", res.Budget.String())
	c.setStage(ctx, c.status.Stage, fmt.Sprintf("the over-budget email: %s would overspend the budget (%s of %s committed, %s left)",
		res.Fee, res.Committed, res.Budget, res.Remaining))
	if err := c.email(ctx, EmailOverBudget, "over-budget", ""); err != nil {
		return "", err
	}
	return campaign.OutcomeOverBudget, nil
}

// releaseUnpaid gives the committed fee back when the collaboration ended unpaid.
func (c *collaboration) releaseUnpaid(ctx workflow.Context, o campaign.Outcome) error {
	if o.Paid() {
		return nil
	}
	if !c.deal.committed { // refused, or no agreement
		return nil
	}
	actx := workflow.WithActivityOptions(ctx, storeOptions(fmt.Sprintf("Release %s of %s (%s)", c.fee(), c.in.Creator.Handle, o)))
	var res BudgetCommitment
	if err := workflow.ExecuteActivity(actx, ActReleaseBudget, BudgetRelease{CampaignID: c.in.CampaignID, Creator: c.in.Creator, Outcome: o}).Get(ctx, &res); err != nil {
		return err
	}
	c.deal.committed = false
	c.status.Budget = &res
	return nil
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
	req := EmailRequest{CampaignID: c.in.CampaignID, Kind: kind, Step: step, Creator: c.in.Creator, Brief: c.in.Brief,
		Feedback: feedback, Extra: map[string]string{EmailExtraCounter: counter.String()}}
	req.Brief.Offer.Fee = fee
	actx := workflow.WithActivityOptions(ctx, emailOptions(fmt.Sprintf("Email %s to %s", step, c.in.Creator.Handle)))
	var res EmailResult
	if err := workflow.ExecuteActivity(actx, ActSendEmail, req).Get(ctx, &res); err != nil {
		return err
	}
	c.status.EmailsSent++
	c.lastMsg = res.MessageID
	return nil
}

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
