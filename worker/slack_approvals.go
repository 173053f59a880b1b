package main

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// slackBy is who decided, as the brief names approvers: their email when
// Slack tells it, else their Slack user ID.
func slackBy(sd slack.Decision) string {
	if sd.Email != "" {
		return sd.Email
	}
	return sd.UserID
}

// counterDecider turns a click on a counter-offer's card into the
// CollaborationWorkflow's "counter-decision" Update: Approve accepts the
// counter, Counter-propose (ActionRequestChanges) rejects it with the amount
// proposed instead, Reject rejects it with an optional reason.
type counterDecider struct{ c client.Client }

func (d counterDecider) Decide(ctx context.Context, sd slack.Decision) error {
	dec := workflows.CounterDecision{By: slackBy(sd), SlackUser: sd.UserID, Reason: sd.Feedback, Round: sd.Revision}
	if sd.Counter != nil {
		dec.Counter = *sd.Counter
	}
	switch sd.Verdict {
	case slack.ActionApprove:
		dec.Verdict = workflows.VerdictApprove
	case slack.ActionRequestChanges:
		if sd.Propose == nil {
			return &slack.Refusal{Reason: "a counter-proposal needs an amount."}
		}
		dec.Verdict, dec.Propose = workflows.VerdictReject, sd.Propose
	case slack.ActionReject:
		dec.Verdict = workflows.VerdictReject
	default:
		return &slack.Refusal{Reason: "unknown button " + sd.Verdict + "."}
	}
	return updateForSlack(ctx, d.c, sd.Target, workflows.UpdateCounterDecision, dec)
}

// shortlistDecider turns a click on a shortlist's card into the
// CampaignWorkflow's "shortlist-decision" Update — the one `starter shortlist
// approve|reject` sends: Approve, Request changes (approve without the
// creators named in the modal), Reject (with the modal's reason).
type shortlistDecider struct{ c client.Client }

func (d shortlistDecider) Decide(ctx context.Context, sd slack.Decision) error {
	dec := workflows.ShortlistDecision{By: slackBy(sd), SlackUser: sd.UserID, Reason: sd.Feedback}
	switch sd.Verdict {
	case slack.ActionApprove:
		dec.Verdict = workflows.VerdictApprove
	case slack.ActionRequestChanges:
		if len(sd.Drop) == 0 {
			return &slack.Refusal{Reason: "name the creators to drop, or click Approve."}
		}
		dec.Verdict, dec.Drop = workflows.VerdictApprove, sd.Drop
	case slack.ActionReject:
		dec.Verdict = workflows.VerdictReject
	default:
		return &slack.Refusal{Reason: "unknown button " + sd.Verdict + "."}
	}
	return updateForSlack(ctx, d.c, sd.Target, workflows.UpdateShortlist, dec)
}
