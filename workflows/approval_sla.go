package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"
)

// approvalSLA is the collaboration's state of the pending approval's SLA: a
// draft's, or a counter-offer's (counter_sla.go).
type approvalSLA struct {
	escalated bool
	// step is the next nudge (index in slaSteps); nextAt when it is due, zero
	// until the wait for it begins. Kept here so that a wait interrupted by
	// the creator's message resumes where it was instead of starting over.
	step   int
	nextAt time.Time
	// race: a pending nudge does not hold up a decision (a counter's wait
	// must not block on Slack). Drafts keep waiting for it, as recorded.
	race bool
}

// beginApproval starts the wait for a decision on the current draft: who it
// waits on, since when, and (with an SLA) the time it is due.
func (c *collaboration) beginApproval(ctx workflow.Context) {
	c.beginApprovalWait(ctx, StageAwaitingApproval, ApprovalWait{Draft: c.status.Revision})
}

// beginApprovalWait starts the SLA of the approval w describes (a draft or
// a counter-offer), sets status.Approval and the stage.
func (c *collaboration) beginApprovalWait(ctx workflow.Context, stage Stage, w ApprovalWait) {
	c.sla = approvalSLA{}
	now := workflow.Now(ctx)
	w.WaitingOn, w.Since = c.in.Brief.Approvers, now
	if c.slaEnabled() {
		w.DecideBy = now.Add(c.in.Brief.Approval.SLA.D())
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

func (c *collaboration) slaEnabled() bool {
	return c.in.Brief.Approval.SLA > 0
}

// awaitDecision waits for the decide Update on the current draft.
func (c *collaboration) awaitDecision(ctx workflow.Context) error {
	return c.awaitApproval(ctx, func() bool { return c.decision != nil })
}

// awaitApproval waits until ready. With an SLA: after it, the approvers are
// reminded; after another, the request is escalated to the backup approvers,
// who may decide from then on. Called again after ready (a message that did
// not settle a counter), it carries on from the step it had reached.
func (c *collaboration) awaitApproval(ctx workflow.Context, ready func() bool) error {
	if !c.slaEnabled() {
		return workflow.Await(ctx, ready)
	}
	sla := c.in.Brief.Approval.SLA.D()
	steps := []string{NudgeReminder}
	if len(c.in.Brief.Approval.BackupApprovers) > 0 {
		steps = append(steps, NudgeEscalation)
	}
	for c.sla.step < len(steps) {
		step := steps[c.sla.step]
		now := workflow.Now(ctx)
		if c.sla.nextAt.IsZero() {
			c.sla.nextAt = now.Add(sla)
		}
		if left := c.sla.nextAt.Sub(now); left > 0 {
			ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{Timeout: left, TimerOptions: workflow.TimerOptions{
				Summary: fmt.Sprintf("approval SLA of %s: %s after %s", c.approvalSubject(), step, c.in.Brief.Approval.SLA)}}, ready)
			if err != nil || ok {
				return err
			}
		} else if ready() {
			return nil
		}
		done, err := c.nudge(ctx, step, ready)
		if err != nil || !done {
			return err // !done: ready came first; the nudge was given up
		}
		c.sla.step++
		c.sla.nextAt = time.Time{}
	}
	return workflow.Await(ctx, ready)
}

// approvalSubject names the pending approval in timer and activity summaries.
func (c *collaboration) approvalSubject() string {
	if w := c.status.Approval; w != nil && w.Kind == ApprovalCounter && w.Counter != nil {
		return "the counter-offer of " + w.Counter.String()
	}
	return fmt.Sprintf("draft %d", c.status.Revision)
}

// nudge sends the reminder or escalation. With race set, ready coming first
// gives the nudge up (done false): Slack being down does not hold up a decision.
func (c *collaboration) nudge(ctx workflow.Context, kind string, ready func() bool) (done bool, err error) {
	w := c.status.Approval
	to := c.in.Brief.Approvers
	if kind == NudgeEscalation {
		to = c.in.Brief.Approval.BackupApprovers
	}
	req, msg := c.approvalRequest(), c.approval
	if w.Kind == ApprovalCounter {
		req, msg = c.deal.req, c.deal.msg
	}
	n := ApprovalNudge{Key: req.Key + "/" + kind, Kind: kind, To: to, Since: w.Since, Message: msg, Request: req}
	nctx, cancel := workflow.WithCancel(ctx)
	actx := workflow.WithActivityOptions(nctx, slackOptions(fmt.Sprintf("Approval of %s overdue: %s", c.approvalSubject(), kind)))
	f := workflow.ExecuteActivity(actx, ActNudgeApprovers, n)
	if c.sla.race {
		if err := workflow.Await(ctx, func() bool { return f.IsReady() || ready() }); err != nil {
			return false, err
		}
		if !f.IsReady() {
			cancel()
			workflow.GetLogger(ctx).Warn("the approval was settled before the overdue notice reached Slack; notice given up", "kind", kind)
			return false, nil
		}
	}
	if err := f.Get(ctx, nil); err != nil {
		return false, err
	}
	now := workflow.Now(ctx)
	if kind == NudgeReminder {
		w.RemindedAt = now
	} else {
		c.sla.escalated = true
		w.EscalatedAt = now
		w.WaitingOn = append(append([]string(nil), c.in.Brief.Approvers...), c.in.Brief.Approval.BackupApprovers...)
	}
	c.setStage(ctx, c.status.Stage, c.approvalWaitingFor())
	return true, nil
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
	from := ""
	if len(w.WaitingOn) > 0 {
		from = " from " + strings.Join(w.WaitingOn, ", ")
	}
	sla := ""
	switch {
	case !w.EscalatedAt.IsZero():
		sla = " (escalated " + w.EscalatedAt.Format(time.RFC3339) + ")"
	case !w.RemindedAt.IsZero():
		sla = " (reminded " + w.RemindedAt.Format(time.RFC3339) + ")"
	case !w.DecideBy.IsZero():
		sla = " (due " + w.DecideBy.Format(time.RFC3339) + ")"
	}
	if w.Kind == ApprovalCounter && w.Counter != nil {
		return c.counterWaitingFor(*w.Counter, from, sla)
	}
	return fmt.Sprintf("an approver's decision on draft %d", w.Draft) + from + sla
}
