package workflows

// Stage 3, agreement: the agreed fee is committed against the campaign's
// budget (CommitBudget) — an automatic agreement that would overspend ends
// the collaboration as over_budget, with an email to the creator — then
// recorded, and the terms email goes out. A committed fee is released when
// the collaboration ends unpaid.

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// agree commits the fee, records the agreement and sends the terms.
func (c *collaboration) agree(ctx workflow.Context) (campaign.Outcome, error) {
	if out, err := c.commitAgreement(ctx); err != nil || out != "" {
		return out, err
	}
	c.setStage(ctx, StageTerms, "the terms email to be sent")
	if err := c.record(ctx); err != nil {
		return "", err
	}
	return "", c.email(ctx, EmailTerms, "terms", "")
}

// dealState is the collaboration's budget and counter-decision state.
type dealState struct {
	committed bool   // the agreed fee is committed against the budget
	reason    string // how the agreement was reached (Agreed*)
	// committedFee and committedReason are what the last granted commit held.
	committedFee    campaign.Money
	committedReason string

	round    int              // counter-offers put to a person so far
	waiting  *campaign.Money  // the counter waiting for a person's decision
	asked    campaign.Reply   // the reply that made it
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
