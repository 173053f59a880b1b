package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"
)

// changeApprovalSLA gates the approval SLA (reminder, then escalation to the
// backup approvers) on histories recorded before it existed.
const changeApprovalSLA = "approval-sla"

// approvalSLA is the collaboration's state of the pending approval's SLA.
type approvalSLA struct {
	version   workflow.Version
	escalated bool
}

// beginApproval starts the wait for a decision on the current draft: who it
// waits on, since when, and (with an SLA) the time it is due.
func (c *collaboration) beginApproval(ctx workflow.Context) {
	c.sla = approvalSLA{version: c.version(ctx, changeApprovalSLA, 1)}
	now := workflow.Now(ctx)
	w := &ApprovalWait{Draft: c.status.Revision, WaitingOn: c.in.Brief.Approvers, Since: now}
	if c.slaEnabled() {
		w.DecideBy = now.Add(c.in.Brief.Approval.SLA.D())
	}
	c.status.Approval = w
	c.setStage(ctx, StageAwaitingApproval, c.approvalWaitingFor())
}

func (c *collaboration) slaEnabled() bool {
	return c.sla.version >= 1 && c.in.Brief.Approval.SLA > 0
}

// awaitDecision waits for the decide Update. With an SLA: after it, the
// approvers are reminded; after another, the request is escalated to the
// backup approvers, who may decide from then on.
func (c *collaboration) awaitDecision(ctx workflow.Context) error {
	decided := func() bool { return c.decision != nil }
	if !c.slaEnabled() {
		return workflow.Await(ctx, decided)
	}
	sla := c.in.Brief.Approval.SLA.D()
	steps := []string{NudgeReminder}
	if len(c.in.Brief.Approval.BackupApprovers) > 0 {
		steps = append(steps, NudgeEscalation)
	}
	for _, step := range steps {
		ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{Timeout: sla, TimerOptions: workflow.TimerOptions{
			Summary: fmt.Sprintf("approval SLA of draft %d: %s after %s", c.status.Revision, step, c.in.Brief.Approval.SLA)}}, decided)
		if err != nil || ok {
			return err
		}
		if err := c.nudge(ctx, step); err != nil {
			return err
		}
	}
	return workflow.Await(ctx, decided)
}

func (c *collaboration) nudge(ctx workflow.Context, kind string) error {
	w := c.status.Approval
	to := c.in.Brief.Approvers
	if kind == NudgeEscalation {
		to = c.in.Brief.Approval.BackupApprovers
	}
	req := c.approvalRequest()
	n := ApprovalNudge{Key: req.Key + "/" + kind, Kind: kind, To: to, Since: w.Since, Message: c.approval, Request: req}
	actx := workflow.WithActivityOptions(ctx, slackOptions(fmt.Sprintf("Approval of draft %d overdue: %s", c.status.Revision, kind)))
	if err := workflow.ExecuteActivity(actx, ActNudgeApprovers, n).Get(ctx, nil); err != nil {
		return err
	}
	now := workflow.Now(ctx)
	if kind == NudgeReminder {
		w.RemindedAt = now
	} else {
		c.sla.escalated = true
		w.EscalatedAt = now
		w.WaitingOn = append(append([]string(nil), c.in.Brief.Approvers...), c.in.Brief.Approval.BackupApprovers...)
	}
	c.setStage(ctx, StageAwaitingApproval, c.approvalWaitingFor())
	return nil
}

// allowsApprover: the brief's approvers (by email or Slack user ID), and the
// backup approvers once the request has been escalated to them.
func (c *collaboration) allowsApprover(d Decision) bool {
	for _, who := range []string{d.By, d.SlackUser} {
		if who == "" {
			continue
		}
		if c.in.Brief.AllowsApprover(who) || (c.sla.escalated && c.in.Brief.AllowsBackupApprover(who)) {
			return true
		}
	}
	return false
}

func (c *collaboration) approvalWaitingFor() string {
	w := c.status.Approval
	s := fmt.Sprintf("an approver's decision on draft %d", w.Draft)
	if len(w.WaitingOn) > 0 {
		s += " from " + strings.Join(w.WaitingOn, ", ")
	}
	switch {
	case !w.EscalatedAt.IsZero():
		s += " (escalated " + w.EscalatedAt.Format(time.RFC3339) + ")"
	case !w.RemindedAt.IsZero():
		s += " (reminded " + w.RemindedAt.Format(time.RFC3339) + ")"
	case !w.DecideBy.IsZero():
		s += " (due " + w.DecideBy.Format(time.RFC3339) + ")"
	}
	return s
}
