package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// A counter-offer waiting for a person has the brief's approval SLA, like a
// draft (approval_sla.go): a reminder, then an escalation to the backup
// approvers, who may then decide; status.Approval says who it waits on since
// when, and the request carries its DecideBy.
//
// Slack does not hold the counter up: the request is posted while the wait
// runs, so a decision from the CLI, or the creator's own message, moves on
// at once; a post still retrying then is given up (as for the shortlist),
// and a card rewrite or overdue notice that cannot reach Slack is given up
// too rather than blocking the deal.

// beginCounterWait starts the wait for a decision on the counter of the
// current round: the SLA, status.Approval, the stage, and the approval request.
func (c *collaboration) beginCounterWait(ctx workflow.Context, counter campaign.Money) {
	d := &c.deal
	c.beginApprovalWait(ctx, StageAwaitingCounterDecision, ApprovalWait{Kind: ApprovalCounter, Counter: &counter, Round: d.round})
	id := CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle)
	d.req = ApprovalRequest{Key: fmt.Sprintf("%s/counter-%d", id, d.round), WorkflowID: id, CampaignID: c.in.CampaignID,
		Creator: c.in.Creator, Fee: c.in.Brief.Offer.Fee, Brief: c.in.Brief, Kind: ApprovalCounter, Counter: &counter,
		Vetting: c.in.Vetting, Revision: d.round, DecideBy: c.status.Approval.DecideBy}
	if d.asked.CounterRange != "" || len(d.asked.CounterItems) > 0 || d.asked.Text != "" {
		asked := d.asked
		d.req.Asked = &asked
	}
	d.msg = ApprovalMessage{}
}

// awaitCounter posts the request and waits for a person's decision
// (d.decision) or the creator's accept, decline or counter, which it
// returns (the request rewritten to say so). Other messages are kept in
// status.LastMessage and the wait goes on, its SLA where it was.
func (c *collaboration) awaitCounter(ctx workflow.Context, counter campaign.Money) (*campaign.Reply, error) {
	d := &c.deal
	pctx, cancelPost := workflow.WithCancel(ctx)
	pctx = workflow.WithActivityOptions(pctx, slackOptions(fmt.Sprintf("Ask approvers about the counter-offer %s of %s", counter, c.in.Creator.Handle)))
	post := workflow.ExecuteActivity(pctx, ActPostApprovalRequest, d.req)
	landed := func(lctx workflow.Context) {
		var msg ApprovalMessage
		switch err := post.Get(lctx, &msg); {
		case err == nil:
			d.msg = msg // the overdue notices answer it; the outcome rewrites it
		case !temporal.IsCanceledError(err):
			workflow.GetLogger(lctx).Warn("the counter-offer could not be posted to Slack; it waits for `starter counter approve|reject`", "error", err)
		}
	}
	workflow.Go(ctx, landed)
	done := func() {
		c.endApprovalWait()
		if post.IsReady() { // perhaps in the same task as the decision: still rewritten
			var msg ApprovalMessage
			if post.Get(ctx, &msg) == nil {
				d.msg = msg
			}
			return
		}
		cancelPost() // settled before Slack took the request: no card to rewrite
		workflow.GetLogger(ctx).Info("the counter-offer was settled before its approval request reached Slack; the post is given up")
	}

	ready := func() bool { return d.decision != nil || (!d.busy && c.messages.Len() > 0) }
	for d.decision == nil {
		if err := c.awaitApproval(ctx, ready); err != nil {
			return nil, err
		}
		if d.decision != nil {
			break
		}
		var msg campaign.Reply
		c.messages.ReceiveAsync(&msg)
		if c.duplicate(ctx, msg) {
			continue
		}
		switch msg.Intent {
		case campaign.IntentAccept, campaign.IntentDecline, campaign.IntentCounter:
			// The creator's word settles it; a click on the request is refused
			// from now on, and the request says so instead of keeping its buttons.
			d.waiting, c.status.Counter, c.status.LastMessage = nil, nil, nil
			done()
			workflow.GetLogger(ctx).Info("the creator answered before a person decided on the counter-offer", "intent", msg.Intent)
			if err := c.settledByCreator(ctx, d, msg); err != nil {
				return nil, err
			}
			return &msg, nil
		}
		m := msg
		c.status.LastMessage = &m
	}
	done()
	return nil, nil
}

// rewriteCounterCard shows out on the counter's card; a Slack that stays
// down for an hour does not hold up the deal (the card keeps its buttons,
// and a click on it is refused).
func (c *collaboration) rewriteCounterCard(ctx workflow.Context, summary string, out ApprovalOutcome) {
	o := slackOptions(summary)
	o.ScheduleToCloseTimeout = time.Hour
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, o), ActUpdateApprovalMessage, out).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("the counter-offer's Slack card was not rewritten", "error", err)
	}
}

// counterWaitingFor is status.WaitingFor while a counter waits for a person.
func (c *collaboration) counterWaitingFor(counter campaign.Money, from, sla string) string {
	return fmt.Sprintf("a decision%s on the counter-offer of %s, above the auto-accept ceiling of %s%s "+
		"(`starter counter approve|reject %s %s`), or the creator's next message", from, counter, c.ceiling(), sla, c.in.CampaignID, c.in.Creator.Handle)
}
