package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"
)

// The shortlist's approval SLA: the same approverSLA as a draft's or a
// counter-offer's (approver_sla.go). ShortlistState.Approval and CampaignStatus.Approval say who the
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
	return text + slaNote(w) + fmt.Sprintf(": `starter shortlist show %s`, then `starter shortlist approve %s` or `reject`", s.brief.ID, s.brief.ID)
}

// awaitDecisionWithSLA waits for the decision under the brief's approval
// SLA (approver_sla.go). msg is the request's Slack message so far (zero
// while the post has not landed, or without Slack).
func (s *shortlisting) awaitDecisionWithSLA(ctx workflow.Context, req ApprovalRequest, msg func() ApprovalMessage) error {
	return s.sla.await(ctx, slaTarget{brief: s.brief, subject: "the shortlist",
		notice: func(kind string) ApprovalNudge {
			to := s.brief.Approvers
			if kind == NudgeEscalation {
				to = s.brief.Approval.BackupApprovers
			}
			return ApprovalNudge{Key: req.Key + "/" + kind, Kind: kind, To: to, Since: s.state.Approval.Since, Message: msg(), Request: req}
		},
		sent: func(kind string) {
			nw := *s.state.Approval
			noticed(&nw, s.brief, kind, workflow.Now(ctx))
			s.setWait(ctx, &nw)
		},
	}, func() bool { return s.decision != nil })
}

// allowsApprover: the brief's approvers, and the backup approvers once the
// shortlist has been escalated to them.
func (s *shortlisting) allowsApprover(d ShortlistDecision) bool {
	return allowsApprover(s.brief, s.sla.escalated, d.By, d.SlackUser)
}

// notApprover explains a refused decider.
func (s *shortlisting) notApprover(d ShortlistDecision) error {
	err := fmt.Sprintf("%s is not an approver of campaign %s (approvers: %s)", d.By, s.brief.ID, strings.Join(s.brief.Approvers, ", "))
	if !s.sla.escalated && (s.brief.AllowsBackupApprover(d.By) || (d.SlackUser != "" && s.brief.AllowsBackupApprover(d.SlackUser))) {
		err += "; backup approvers may decide once the shortlist is escalated to them"
	}
	return fmt.Errorf("%s", err)
}
