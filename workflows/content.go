package workflows

// Stage 4, content: the creator's draft (a reply with a link), a reminder
// when it is due; the approvers' decision in Slack or the CLI (the "decide"
// Update) under the approval SLA (approval_sla.go); requested changes go
// back to the creator by email, up to the brief's max_revisions.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// content waits for drafts until one is approved (no outcome), rejected,
// or missed.
func (c *collaboration) content(ctx workflow.Context) (campaign.Outcome, error) {
	t := c.in.Brief.Timing
	for {
		due := workflow.Now(ctx).Add(t.DraftDue.D())
		c.setStage(ctx, StageAwaitingDraft, fmt.Sprintf("draft %d from the creator (due %s)", c.status.Revision+1, due.Format(time.RFC3339)))
		draft, ok, err := c.waitWithReminder(ctx, t.DraftDue.D(), t.Grace.D(), EmailDraftReminder,
			fmt.Sprintf("draft-reminder-%d", c.status.Revision+1), "draft link")
		if err != nil {
			return "", err
		}
		if !ok {
			return campaign.OutcomeMissedDraft, nil
		}
		c.status.Revision++
		c.status.DraftURL = draft.URL
		d, err := c.review(ctx)
		if err != nil {
			return "", err
		}
		switch d.Verdict {
		case VerdictReject:
			if err := c.email(ctx, EmailRejected, fmt.Sprintf("rejected-%d", c.status.Revision), d.Feedback); err != nil {
				return "", err
			}
			return campaign.OutcomeRejected, nil
		case VerdictRequestChanges:
			if err := c.email(ctx, EmailChanges, fmt.Sprintf("changes-%d", c.status.Revision), d.Feedback); err != nil {
				return "", err
			}
			continue
		}
		return "", nil
	}
}

// review asks the approvers about the current draft, waits for their
// decision, and shows it on the request.
func (c *collaboration) review(ctx workflow.Context) (Decision, error) {
	c.decision = nil
	c.beginApproval(ctx)
	if err := c.requestApproval(ctx); err != nil {
		return Decision{}, err
	}
	if err := c.awaitDecision(ctx); err != nil {
		return Decision{}, err
	}
	d := *c.decision
	c.status.Approval = nil
	return d, c.closeApproval(ctx, d)
}

// waitWithReminder waits for a link until due, sends a reminder, then waits grace more.
func (c *collaboration) waitWithReminder(ctx workflow.Context, due, grace time.Duration, reminder EmailKind, step, what string) (campaign.Reply, bool, error) {
	r, ok, err := c.waitFor(ctx, due, what+", reminder when due", campaign.IntentLink)
	if err != nil || ok {
		return r, ok, err
	}
	if err := c.email(ctx, reminder, step, ""); err != nil {
		return campaign.Reply{}, false, err
	}
	c.status.WaitingFor += " — reminded, last chance"
	return c.waitFor(ctx, grace, what+" after the reminder", campaign.IntentLink)
}

func (c *collaboration) validateDecision(ctx workflow.Context, d Decision) error {
	if c.status.Stage != StageAwaitingApproval || c.decision != nil {
		return fmt.Errorf("no draft of %s is waiting for a decision (stage: %s)", c.in.Creator.Handle, c.status.Stage)
	}
	if d.Revision != 0 && d.Revision != c.status.Revision {
		return fmt.Errorf("this request was for draft %d, but draft %d is the current one", d.Revision, c.status.Revision)
	}
	if strings.TrimSpace(d.By) == "" {
		return errors.New("the decision must say who decided")
	}
	if !c.allowsApprover(d) {
		return fmt.Errorf("%s is not an approver of campaign %s", d.By, c.in.CampaignID)
	}
	switch d.Verdict {
	case VerdictApprove, VerdictReject:
	case VerdictRequestChanges:
		if strings.TrimSpace(d.Feedback) == "" {
			return errors.New("requesting changes needs feedback for the creator")
		}
		if c.status.Revision > c.in.Brief.MaxRevisions {
			return fmt.Errorf("draft %d was the last revision the brief allows (max_revisions %d): approve or reject it",
				c.status.Revision, c.in.Brief.MaxRevisions)
		}
	default:
		return fmt.Errorf("verdict must be approve, request_changes or reject (got %q)", d.Verdict)
	}
	return nil
}

func (c *collaboration) decide(ctx workflow.Context, d Decision) (DecisionResult, error) {
	c.decision = &d
	next := map[Verdict]Stage{VerdictApprove: StageAwaitingPublication, VerdictRequestChanges: StageAwaitingDraft, VerdictReject: StageDone}[d.Verdict]
	return DecisionResult{Revision: c.status.Revision, Stage: next}, nil
}

func (c *collaboration) approvalRequest() ApprovalRequest {
	r := ApprovalRequest{
		Key:        fmt.Sprintf("%s/draft-%d", CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle), c.status.Revision),
		WorkflowID: CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle),
		CampaignID: c.in.CampaignID, Creator: c.in.Creator, Fee: c.fee(), Brief: c.in.Brief,
		DraftURL: c.status.DraftURL, Revision: c.status.Revision, Vetting: c.in.Vetting,
	}
	if c.status.Approval != nil {
		r.DecideBy = c.status.Approval.DecideBy
	}
	return r
}

func (c *collaboration) requestApproval(ctx workflow.Context) error {
	actx := workflow.WithActivityOptions(ctx, slackOptions(fmt.Sprintf("Ask approvers about draft %d of %s", c.status.Revision, c.in.Creator.Handle)))
	c.approval = ApprovalMessage{}
	return workflow.ExecuteActivity(actx, ActPostApprovalRequest, c.approvalRequest()).Get(ctx, &c.approval)
}

func (c *collaboration) closeApproval(ctx workflow.Context, d Decision) error {
	if c.approval.TS == "" {
		return nil // Slack not configured: the decision came from the CLI
	}
	actx := workflow.WithActivityOptions(ctx, slackOptions("Show the decision in Slack"))
	out := ApprovalOutcome{Message: c.approval, Request: c.approvalRequest(), Decision: d, At: workflow.Now(ctx)}
	return workflow.ExecuteActivity(actx, ActUpdateApprovalMessage, out).Get(ctx, nil)
}
