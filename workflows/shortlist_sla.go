package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"
)

// The shortlist's approval SLA: like a draft's or a counter-offer's
// (approval_sla.go), after brief.approval.sla the approvers are reminded in
// the request's Slack thread (NudgeApprovers), and after another the request
// is escalated to the backup approvers (if the brief names any), who may then
// decide too. ShortlistState.Approval and CampaignStatus.Approval say who the
// shortlist waits on, since when, when it is due and how far the SLA went.

// beginWait starts the shortlist's wait for a decision: who it waits on,
// since when and, with an SLA, when it is due.
func (s *shortlisting) beginWait(ctx workflow.Context) {
	now := workflow.Now(ctx)
	w := &ApprovalWait{Kind: ApprovalShortlist, WaitingOn: s.brief.Approvers, Since: now}
	if sla := s.brief.Approval.SLA.D(); sla > 0 {
		w.DecideBy = now.Add(sla)
	}
	s.setWait(ctx, w)
}

// endWait: decided; nothing waits on an approver any more.
func (s *shortlisting) endWait(ctx workflow.Context) {
	s.setWait(ctx, nil)
}

func (s *shortlisting) setWait(ctx workflow.Context, w *ApprovalWait) {
	s.state.Approval = w
	if s.status != nil {
		s.status.Approval = w
		if w != nil {
			// The stage stays; its details say how far the SLA went.
			workflow.SetCurrentDetails(ctx, fmt.Sprintf("**%s** — %s (since %s)", s.status.Stage, s.waitingFor(), s.status.Since.Format(time.RFC3339)))
		}
	}
}

// waitingFor is the campaign's details while the shortlist waits for a decision.
func (s *shortlisting) waitingFor() string {
	sl, w := s.state.Shortlist, s.state.Approval
	text := fmt.Sprintf("waiting for a person to approve the shortlist of %d (%s)", len(sl.Ranked), top(sl, 5))
	if w != nil && len(w.WaitingOn) > 0 {
		text += " — " + strings.Join(w.WaitingOn, ", ")
	}
	switch {
	case w == nil:
	case !w.EscalatedAt.IsZero():
		text += " (escalated " + w.EscalatedAt.Format(time.RFC3339) + ")"
	case !w.RemindedAt.IsZero():
		text += " (reminded " + w.RemindedAt.Format(time.RFC3339) + ")"
	case !w.DecideBy.IsZero():
		text += " (due " + w.DecideBy.Format(time.RFC3339) + ")"
	}
	return text + fmt.Sprintf(": `starter shortlist show %s`, then `starter shortlist approve %s` or `reject`", s.brief.ID, s.brief.ID)
}

// awaitDecisionWithSLA waits for the decision. With an SLA: after it, a
// reminder to the approvers; after another, the escalation to the backup
// approvers, who may decide from then on. msg is the request's Slack message
// so far (zero while the post has not landed, or without Slack).
func (s *shortlisting) awaitDecisionWithSLA(ctx workflow.Context, req ApprovalRequest, msg func() ApprovalMessage) error {
	ready := func() bool { return s.decision != nil }
	sla := s.brief.Approval.SLA.D()
	if sla <= 0 {
		return workflow.Await(ctx, ready)
	}
	steps := []string{NudgeReminder}
	if len(s.brief.Approval.BackupApprovers) > 0 {
		steps = append(steps, NudgeEscalation)
	}
	for _, step := range steps {
		ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{Timeout: sla, TimerOptions: workflow.TimerOptions{
			Summary: fmt.Sprintf("approval SLA of the shortlist: %s after %s", step, s.brief.Approval.SLA)}}, ready)
		if err != nil || ok {
			return err
		}
		done, err := s.nudge(ctx, step, req, msg(), ready)
		if err != nil || !done {
			return err
		}
	}
	return workflow.Await(ctx, ready)
}

// nudge sends the reminder or the escalation. A decision coming first gives
// it up (done false): Slack being down does not hold up the campaign; nor
// does a nudge that fails for good (it is logged, and the SLA goes on).
func (s *shortlisting) nudge(ctx workflow.Context, kind string, req ApprovalRequest, msg ApprovalMessage, ready func() bool) (done bool, err error) {
	w := s.state.Approval
	to := s.brief.Approvers
	if kind == NudgeEscalation {
		to = s.brief.Approval.BackupApprovers
	}
	n := ApprovalNudge{Key: req.Key + "/" + kind, Kind: kind, To: to, Since: w.Since, Message: msg, Request: req}
	nctx, cancel := workflow.WithCancel(ctx)
	f := workflow.ExecuteActivity(workflow.WithActivityOptions(nctx, slackOptions("Approval of the shortlist overdue: "+kind)), ActNudgeApprovers, n)
	if err := workflow.Await(ctx, func() bool { return f.IsReady() || ready() }); err != nil {
		return false, err
	}
	if !f.IsReady() {
		cancel()
		workflow.GetLogger(ctx).Warn("the shortlist was decided before the overdue notice reached Slack; notice given up", "kind", kind)
		return false, nil
	}
	if err := f.Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("the shortlist's overdue notice could not be sent", "kind", kind, "error", err)
	}
	nw := *w
	if kind == NudgeReminder {
		nw.RemindedAt = workflow.Now(ctx)
	} else {
		s.escalated = true
		nw.EscalatedAt = workflow.Now(ctx)
		nw.WaitingOn = append(append([]string(nil), s.brief.Approvers...), s.brief.Approval.BackupApprovers...)
	}
	s.setWait(ctx, &nw)
	return true, nil
}

// allowsApprover: the brief's approvers (by email or Slack user ID), and the
// backup approvers once the shortlist has been escalated to them.
func (s *shortlisting) allowsApprover(d ShortlistDecision) bool {
	for _, who := range []string{d.By, d.SlackUser} {
		if who == "" {
			continue
		}
		if s.brief.AllowsApprover(who) || (s.escalated && s.brief.AllowsBackupApprover(who)) {
			return true
		}
	}
	return false
}

// notApprover explains a refused decider.
func (s *shortlisting) notApprover(d ShortlistDecision) error {
	err := fmt.Sprintf("%s is not an approver of campaign %s (approvers: %s)", d.By, s.brief.ID, strings.Join(s.brief.Approvers, ", "))
	if !s.escalated && (s.brief.AllowsBackupApprover(d.By) || (d.SlackUser != "" && s.brief.AllowsBackupApprover(d.SlackUser))) {
		err += "; backup approvers may decide once the shortlist is escalated to them"
	}
	return fmt.Errorf("%s", err)
}
