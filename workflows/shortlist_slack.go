package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// awaitInSlack posts the shortlist's approval request, waits for the decision
// (a click, or the CLI: both send the "shortlist-decision" update), then
// rewrites the card with it. Without Slack configured the post returns no
// message and nothing is rewritten. A decision taken before the post has
// landed (Slack down, the CLI quicker) cancels the post: outreach does not
// wait for Slack. While it waits, the brief's approval SLA runs
// (shortlist_sla.go): a reminder, then an escalation to the backup approvers.
func (s *shortlisting) awaitInSlack(ctx workflow.Context) error {
	s.beginWait(ctx)
	req := s.approvalRequest(ctx)
	pctx, cancelPost := workflow.WithCancel(ctx)
	pctx = workflow.WithActivityOptions(pctx, slackOptions("Ask approvers about the shortlist"))
	post := workflow.ExecuteActivity(pctx, ActPostApprovalRequest, req)
	var msg ApprovalMessage // the overdue notices answer it once it has landed
	workflow.Go(ctx, func(gctx workflow.Context) {
		var m ApprovalMessage
		switch err := post.Get(gctx, &m); {
		case err == nil:
			msg = m
		case !temporal.IsCanceledError(err):
			workflow.GetLogger(gctx).Warn("the shortlist could not be posted to Slack; it waits for `starter shortlist approve|reject`", "error", err)
		}
	})
	if err := s.awaitDecisionWithSLA(ctx, req, func() ApprovalMessage { return msg }); err != nil {
		return err
	}
	s.endWait(ctx)
	if !post.IsReady() {
		cancelPost()
		return nil
	}
	if post.Get(ctx, &msg) != nil || msg.TS == "" {
		return nil // not posted, or Slack not configured
	}
	d := s.decision
	out := ApprovalOutcome{Message: msg, Request: req, At: s.state.DecidedAt, Drop: d.Drop,
		Decision: Decision{Verdict: d.Verdict, By: d.By, SlackUser: d.SlackUser, Feedback: d.Reason}}
	o := slackOptions("Show the shortlist decision in Slack")
	o.ScheduleToCloseTimeout = time.Hour // a card that cannot be rewritten must not hold up the campaign
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, o), ActUpdateApprovalMessage, out).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("the shortlist's Slack card was not rewritten with the decision", "error", err)
	}
	return nil
}

// approvalRequest is the shortlist's approval request: the campaign's
// workflow decides it, once per campaign.
func (s *shortlisting) approvalRequest(ctx workflow.Context) ApprovalRequest {
	id := workflow.GetInfo(ctx).WorkflowExecution.ID
	sl := lightShortlist(s.state.Shortlist)
	r := ApprovalRequest{Key: id + "/shortlist", WorkflowID: id, CampaignID: s.brief.ID, Brief: s.brief,
		Fee: s.brief.Offer.Fee, Kind: ApprovalShortlist, Shortlist: &sl}
	if w := s.state.Approval; w != nil {
		r.DecideBy = w.DecideBy // the card shows it
	}
	return r
}

// lightShortlist is the shortlist as a card needs it: without score components
// and creator profiles, which would weigh on the workflow's history.
func lightShortlist(sl campaign.Shortlist) campaign.Shortlist {
	light := func(as []campaign.Assessment) []campaign.Assessment {
		out := make([]campaign.Assessment, len(as))
		for i, a := range as {
			a.Components = nil
			a.Creator.Profile = campaign.Profile{}
			out[i] = a
		}
		return out
	}
	sl.Ranked, sl.Excluded = light(sl.Ranked), light(sl.Excluded)
	return sl
}
