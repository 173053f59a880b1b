package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// fillBudget shows the approver what is left of the budget once every fee
// committed so far (agreements reached and not since lost, this one
// included) is paid. A store failure leaves the card with the whole budget.
func (a *Activities) fillBudget(ctx context.Context, c *slack.Card, r workflows.ApprovalRequest) {
	rows, err := a.Store.Collaborations(ctx, r.CampaignID)
	if err != nil {
		activity.GetLogger(ctx).Warn("budget left unknown; the card shows the whole budget", "error", err)
		return
	}
	committed := campaign.Money{Currency: r.Brief.Budget.Currency}
	n := 0
	for _, row := range rows {
		if row.Stage == string(workflows.StageOutreach) || row.Stage == string(workflows.StageAwaitingReply) {
			continue // no agreement yet
		}
		if row.Outcome != "" && !campaign.Outcome(row.Outcome).Paid() {
			continue // declined, rejected, missed, cancelled: nothing to pay
		}
		committed = committed.Add(row.Fee)
		n++
	}
	c.BudgetLeft = campaign.Money{Amount: r.Brief.Budget.Amount - committed.Amount, Currency: r.Brief.Budget.Currency}.String()
	c.Committed = n
}
