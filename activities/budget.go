package activities

import (
	"context"
	"errors"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/workflows"
)

// CommitBudget commits a creator's agreed fee against the campaign's budget
// in PostgreSQL (one transaction under the campaign's budget lock): granted,
// or refused with what is committed and left. A retry commits nothing more.
func (a *Activities) CommitBudget(ctx context.Context, c workflows.BudgetCommit) (workflows.BudgetCommitment, error) {
	res, err := a.Store.CommitBudget(ctx, postgres.BudgetCommit{CampaignID: c.CampaignID, Handle: c.Creator.Handle,
		Platform: c.Creator.Platform, Fee: c.Fee, Budget: c.Budget, Reason: c.Reason, By: c.By})
	if errors.Is(err, postgres.ErrBudgetCurrency) {
		return workflows.BudgetCommitment{}, temporal.NewNonRetryableApplicationError(err.Error(), "BudgetCurrency", err)
	}
	if err != nil {
		return workflows.BudgetCommitment{}, err
	}
	log := activity.GetLogger(ctx)
	if res.Granted {
		log.Info("fee committed", "campaign", c.CampaignID, "creator", c.Creator.Handle, "fee", c.Fee.String(),
			"reason", c.Reason, "committed", res.Committed.String(), "remaining", res.Remaining.String(), "retry", res.Again)
	} else {
		log.Warn("fee refused: it would overspend the budget", "campaign", c.CampaignID, "creator", c.Creator.Handle,
			"fee", c.Fee.String(), "committed", res.Committed.String(), "remaining", res.Remaining.String())
	}
	return workflows.BudgetCommitment{Granted: res.Granted, Fee: c.Fee, Budget: res.Budget, Committed: res.Committed, Remaining: res.Remaining}, nil
}

// ReleaseBudget gives a creator's committed fee back (the collaboration ended
// unpaid). Releasing twice releases once.
func (a *Activities) ReleaseBudget(ctx context.Context, r workflows.BudgetRelease) (workflows.BudgetCommitment, error) {
	fee, st, err := a.Store.ReleaseBudget(ctx, r.CampaignID, r.Creator.Handle, string(r.Outcome))
	if err != nil {
		return workflows.BudgetCommitment{}, err
	}
	activity.GetLogger(ctx).Info("fee released", "campaign", r.CampaignID, "creator", r.Creator.Handle, "outcome", r.Outcome,
		"fee", fee.String(), "committed", st.Committed.String(), "remaining", st.Remaining.String())
	return workflows.BudgetCommitment{Granted: true, Released: fee.Currency != "", Fee: fee, Budget: st.Budget,
		Committed: st.Committed, Remaining: st.Remaining}, nil
}
