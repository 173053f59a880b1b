package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// approverSLA is the one reminder race of every pending approval — a draft's
// or a counter-offer's (collaboration), the shortlist's (campaign): after
// brief.approval.sla the approvers are reminded in the request's Slack
// thread (NudgeApprovers); after another, the request is escalated to the
// backup approvers (if the brief names any), who may decide from then on.
// A pending notice never holds up a decision: the decision coming first
// gives it up, and a notice that fails for good is logged.
type approverSLA struct {
	// step is the next notice (index in slaSteps); nextAt when it is due,
	// zero until the wait for it begins. Kept here so that a wait interrupted
	// by the creator's message resumes where it was instead of starting over.
	step      int
	nextAt    time.Time
	escalated bool // backup approvers may decide
}

// slaTarget is what the SLA needs from the approval it runs for.
type slaTarget struct {
	brief   campaign.Brief
	subject string                          // "draft 2", "the shortlist": timer and activity summaries
	notice  func(kind string) ApprovalNudge // the reminder or escalation to post
	sent    func(kind string)               // after a notice went out: update the status
}

func slaSteps(b campaign.Brief) []string {
	steps := []string{NudgeReminder}
	if len(b.Approval.BackupApprovers) > 0 {
		steps = append(steps, NudgeEscalation)
	}
	return steps
}

// await waits until ready, sending each notice as the SLA runs out.
func (s *approverSLA) await(ctx workflow.Context, t slaTarget, ready func() bool) error {
	sla := t.brief.Approval.SLA.D()
	if sla <= 0 {
		return workflow.Await(ctx, ready)
	}
	steps := slaSteps(t.brief)
	for s.step < len(steps) {
		kind := steps[s.step]
		now := workflow.Now(ctx)
		if s.nextAt.IsZero() {
			s.nextAt = now.Add(sla)
		}
		if left := s.nextAt.Sub(now); left > 0 {
			ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{Timeout: left, TimerOptions: workflow.TimerOptions{
				Summary: fmt.Sprintf("approval SLA of %s: %s after %s", t.subject, kind, t.brief.Approval.SLA)}}, ready)
			if err != nil || ok {
				return err
			}
		} else if ready() {
			return nil
		}
		sent, err := sendNotice(ctx, t.subject, t.notice(kind), ready)
		if err != nil || !sent {
			return err // !sent: ready came first; the notice was given up
		}
		if kind == NudgeEscalation {
			s.escalated = true
		}
		t.sent(kind)
		s.step++
		s.nextAt = time.Time{}
	}
	return workflow.Await(ctx, ready)
}

// sendNotice posts n unless ready comes first (sent false): Slack being
// down does not hold up a decision.
func sendNotice(ctx workflow.Context, subject string, n ApprovalNudge, ready func() bool) (sent bool, err error) {
	nctx, cancel := workflow.WithCancel(ctx)
	actx := workflow.WithActivityOptions(nctx, slackOptions(fmt.Sprintf("Approval of %s overdue: %s", subject, n.Kind)))
	f := workflow.ExecuteActivity(actx, ActNudgeApprovers, n)
	if err := workflow.Await(ctx, func() bool { return f.IsReady() || ready() }); err != nil {
		return false, err
	}
	if !f.IsReady() {
		cancel()
		workflow.GetLogger(ctx).Warn("the approval was settled before the overdue notice reached Slack; notice given up", "subject", subject, "kind", n.Kind)
		return false, nil
	}
	if err := f.Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("the overdue notice could not be sent; the SLA goes on", "subject", subject, "kind", n.Kind, "error", err)
	}
	return true, nil
}

// noticed updates w after a notice of kind went out at now.
func noticed(w *ApprovalWait, b campaign.Brief, kind string, now time.Time) {
	if kind == NudgeReminder {
		w.RemindedAt = now
		return
	}
	w.EscalatedAt = now
	w.WaitingOn = append(append([]string(nil), b.Approvers...), b.Approval.BackupApprovers...)
}

// slaNote is how far w's SLA went, for the status: " (due …)", " (reminded …)".
func slaNote(w *ApprovalWait) string {
	switch {
	case w == nil:
		return ""
	case !w.EscalatedAt.IsZero():
		return " (escalated " + w.EscalatedAt.Format(time.RFC3339) + ")"
	case !w.RemindedAt.IsZero():
		return " (reminded " + w.RemindedAt.Format(time.RFC3339) + ")"
	case !w.DecideBy.IsZero():
		return " (due " + w.DecideBy.Format(time.RFC3339) + ")"
	}
	return ""
}

// allowsApprover: the brief's approvers (by email or Slack user ID), and its
// backup approvers once the request has been escalated to them.
func allowsApprover(b campaign.Brief, escalated bool, by, slackUser string) bool {
	for _, who := range []string{by, slackUser} {
		if who == "" {
			continue
		}
		if b.AllowsApprover(who) || (escalated && b.AllowsBackupApprover(who)) {
			return true
		}
	}
	return false
}
