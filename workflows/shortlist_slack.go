package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// ChangeShortlistSlack is the workflow.GetVersion change ID under which a
// shortlist waiting for approval is posted to Slack as an approval request
// (Approve / Request changes / Reject), and the card rewritten once decided.
// Before it, the shortlist waited for the CLI only.
const ChangeShortlistSlack = "shortlist-slack"

// awaitInSlack posts the shortlist's approval request, waits for the decision
// (a click, or the CLI: both send the "shortlist-decision" update), then
// rewrites the card with it. Without Slack configured the post returns no
// message and nothing is rewritten. A decision taken before the post has
// landed (Slack down, the CLI quicker) cancels the post: outreach does not
// wait for Slack.
func (s *shortlisting) awaitInSlack(ctx workflow.Context) error {
	req := s.approvalRequest(ctx)
	pctx, cancelPost := workflow.WithCancel(ctx)
	pctx = workflow.WithActivityOptions(pctx, slackOptions("Ask approvers about the shortlist"))
	post := workflow.ExecuteActivity(pctx, ActPostApprovalRequest, req)
	if err := workflow.Await(ctx, func() bool { return s.decision != nil || post.IsReady() }); err != nil {
		return err
	}
	var msg ApprovalMessage
	if post.IsReady() {
		if err := post.Get(ctx, &msg); err != nil {
			workflow.GetLogger(ctx).Warn("the shortlist could not be posted to Slack; it waits for `starter shortlist approve|reject`", "error", err)
		}
	}
	if err := workflow.Await(ctx, func() bool { return s.decision != nil }); err != nil {
		return err
	}
	if !post.IsReady() {
		cancelPost()
		return nil
	}
	if msg.TS == "" {
		return nil // Slack not configured
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
	return ApprovalRequest{Key: id + "/shortlist", WorkflowID: id, CampaignID: s.brief.ID, Brief: s.brief,
		Fee: s.brief.Offer.Fee, Kind: ApprovalShortlist, Shortlist: &sl}
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
