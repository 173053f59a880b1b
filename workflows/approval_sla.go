package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"
)

// A collaboration's pending approval — a draft's, or a counter-offer's
// (counter_sla.go) — waits through approverSLA (approver_sla.go).

// beginApproval starts the wait for a decision on the current draft: who it
// waits on, since when, and (with an SLA) the time it is due.
func (c *collaboration) beginApproval(ctx workflow.Context) {
	c.beginApprovalWait(ctx, StageAwaitingApproval, ApprovalWait{Draft: c.status.Revision})
}

// beginApprovalWait starts the SLA of the approval w describes (a draft or
// a counter-offer), sets status.Approval and the stage.
func (c *collaboration) beginApprovalWait(ctx workflow.Context, stage Stage, w ApprovalWait) {
	c.sla = approverSLA{}
	now := workflow.Now(ctx)
	w.WaitingOn, w.Since = c.in.Brief.Approvers, now
	if sla := c.in.Brief.Approval.SLA.D(); sla > 0 {
		w.DecideBy = now.Add(sla)
	}
	c.status.Approval = &w
	c.setStage(ctx, stage, c.approvalWaitingFor())
}

// endApprovalWait: the approval was decided (or settled otherwise); backup
// approvers are no longer allowed in until the next escalation.
func (c *collaboration) endApprovalWait() {
	c.status.Approval = nil
	c.sla.escalated = false
}

// awaitDecision waits for the decide Update on the current draft.
func (c *collaboration) awaitDecision(ctx workflow.Context) error {
	return c.awaitApproval(ctx, func() bool { return c.decision != nil })
}

// awaitApproval waits until ready under the approval's SLA. Called again
// after ready (a message that did not settle a counter), it carries on from
// the notice it had reached.
func (c *collaboration) awaitApproval(ctx workflow.Context, ready func() bool) error {
	w := c.status.Approval
	return c.sla.await(ctx, slaTarget{brief: c.in.Brief, subject: c.approvalSubject(),
		notice: func(kind string) ApprovalNudge {
			to := c.in.Brief.Approvers
			if kind == NudgeEscalation {
				to = c.in.Brief.Approval.BackupApprovers
			}
			req, msg := c.approvalRequest(), c.approval
			if w.Kind == ApprovalCounter {
				req, msg = c.deal.req, c.deal.msg
			}
			return ApprovalNudge{Key: req.Key + "/" + kind, Kind: kind, To: to, Since: w.Since, Message: msg, Request: req}
		},
		sent: func(kind string) {
			noticed(w, c.in.Brief, kind, workflow.Now(ctx))
			c.setStage(ctx, c.status.Stage, c.approvalWaitingFor())
		},
	}, ready)
}

// approvalSubject names the pending approval in timer and activity summaries.
func (c *collaboration) approvalSubject() string {
	if w := c.status.Approval; w != nil && w.Kind == ApprovalCounter && w.Counter != nil {
		return "the counter-offer of " + w.Counter.String()
	}
	return fmt.Sprintf("draft %d", c.status.Revision)
}

// allowsApprover: the brief's approvers, and the backup approvers once the
// pending request has been escalated to them.
func (c *collaboration) allowsApprover(d Decision) bool {
	return allowsApprover(c.in.Brief, c.sla.escalated, d.By, d.SlackUser)
}

func (c *collaboration) approvalWaitingFor() string {
	w := c.status.Approval
	from := ""
	if len(w.WaitingOn) > 0 {
		from = " from " + strings.Join(w.WaitingOn, ", ")
	}
	if w.Kind == ApprovalCounter && w.Counter != nil {
		return c.counterWaitingFor(*w.Counter, from, slaNote(w))
	}
	return fmt.Sprintf("an approver's decision on draft %d", w.Draft) + from + slaNote(w)
}
