package activities

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// fillBudget shows the approver what is left of the budget once every fee
// committed so far (agreements reached and not since lost, this one
// included) is paid: from the budget commitments (budget.go), or, for a
// campaign that committed nothing yet (or began before commitments existed),
// from the stored collaborations. A store failure leaves the card with the
// whole budget.
func (a *Activities) fillBudget(ctx context.Context, c *slack.Card, r workflows.ApprovalRequest) {
	if st, ok, err := a.Store.Budget(ctx, r.CampaignID); err == nil && ok {
		c.BudgetLeft, c.Committed = st.Remaining.String(), st.Agreements
		return
	}
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

// NudgeApprovers reminds the approvers of an overdue approval in the request's
// Slack thread, or escalates it to the backup approvers — once per approval
// and kind, however often it is retried. Without Slack it only logs:
// `starter campaign status` shows who is overdue.
func (a *Activities) NudgeApprovers(ctx context.Context, n workflows.ApprovalNudge) error {
	log := activity.GetLogger(ctx)
	if a.Slack == nil {
		log.Warn("approval overdue; slack not configured, see `starter campaign status`", "kind", n.Kind, "to", n.To, "workflow", n.Request.WorkflowID)
		return nil
	}
	if _, _, ok, err := a.Store.ApprovalMessage(ctx, n.Key); err != nil || ok {
		return err
	}
	var who []string
	for _, w := range n.To {
		who = append(who, a.Slack.Mention(ctx, w))
	}
	waited := a.now().Sub(n.Since).Round(time.Minute)
	subject := nudgeSubject(n.Request) // approval_cards.go
	var text string
	switch {
	case n.Kind == workflows.NudgeEscalation:
		text = fmt.Sprintf(":rotating_light: Escalated: %s has waited %s for a decision. %s — you are backup approvers and can now decide with the buttons above.",
			subject, waited, strings.Join(who, " "))
	case len(who) == 0:
		text = fmt.Sprintf(":hourglass: Reminder: %s has waited %s for a decision.", subject, waited)
	default:
		text = fmt.Sprintf(":hourglass: Reminder: %s has waited %s for a decision. %s, please decide with the buttons above.",
			subject, waited, strings.Join(who, " "))
	}
	ch, ts, err := a.Slack.Nudge(ctx, n.Message.Channel, n.Message.TS, text)
	if err != nil {
		return err
	}
	return a.Store.SaveApprovalMessage(ctx, n.Key, ch, ts)
}
