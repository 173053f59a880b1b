package workflows

import (
	"context"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/stretchr/testify/mock"
)

// nudges records the reminders and escalations the workflow asks for.
type nudges struct {
	mu  sync.Mutex
	got []ApprovalNudge
	at  []time.Time
}

func (s *WorkflowSuite) recordNudges() *nudges {
	n := &nudges{}
	s.env.RegisterActivityWithOptions(func(ctx context.Context, x ApprovalNudge) error {
		n.mu.Lock()
		defer n.mu.Unlock()
		n.got = append(n.got, x)
		n.at = append(n.at, s.env.Now())
		return nil
	}, activity.RegisterOptions{Name: ActNudgeApprovers})
	return n
}

func slaBrief() campaign.Brief {
	b := testBrief()
	b.Approval = campaign.ApprovalPolicy{SLA: campaign.Duration(24 * time.Hour), BackupApprovers: []string{"lead@lumen.test", "U0LEAD"}}
	return b
}

// Draft at +2h; nobody decides: reminder to the approvers at +26h, escalation
// to the backup approvers at +50h; a backup approver is refused before the
// escalation and accepted after it.
func (s *WorkflowSuite) TestApprovalSLARemindsThenEscalatesToBackupApprovers() {
	n := s.recordNudges()
	var early, late error
	var beforeSLA, afterReminder, afterEscalation CollaborationStatus
	s.say(time.Hour, "yes")
	s.say(2*time.Hour, "draft https://drive.test/v1")
	s.env.RegisterDelayedCallback(func() { beforeSLA = s.status() }, 3*time.Hour)
	s.decide(4*time.Hour, Decision{Verdict: VerdictApprove, By: "lead@lumen.test"}, &early)
	s.env.RegisterDelayedCallback(func() { afterReminder = s.status() }, 27*time.Hour)
	s.env.RegisterDelayedCallback(func() { afterEscalation = s.status() }, 51*time.Hour)
	s.decide(52*time.Hour, Decision{Verdict: VerdictApprove, By: "U-SOMEONE", SlackUser: "U0LEAD"}, &late)
	s.say(53*time.Hour, "live https://instagram.com/p/sla")
	start := s.env.Now()
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: slaBrief(), Creator: jane})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())

	s.ErrorContains(early, "lead@lumen.test is not an approver", "backup approvers decide only after the escalation")
	s.NoError(late)
	s.Require().Len(n.got, 2)
	s.Equal(NudgeReminder, n.got[0].Kind)
	s.Equal([]string{"ops@lumen.test"}, n.got[0].To)
	s.Equal(NudgeEscalation, n.got[1].Kind)
	s.Equal([]string{"lead@lumen.test", "U0LEAD"}, n.got[1].To)
	s.Equal(ApprovalMessage{Channel: "C1", TS: "1.1"}, n.got[0].Message, "the reminder answers the request's message")
	s.NotEqual(n.got[0].Key, n.got[1].Key)
	s.WithinDuration(start.Add(26*time.Hour), n.at[0], 0)
	s.WithinDuration(start.Add(50*time.Hour), n.at[1], 0)

	// The card says when the decision is due; status says who is waited on since when.
	s.Require().Len(s.rec.approvals, 1)
	s.WithinDuration(start.Add(26*time.Hour), s.rec.approvals[0].DecideBy, 0)
	s.Require().NotNil(beforeSLA.Approval)
	s.Equal([]string{"ops@lumen.test"}, beforeSLA.Approval.WaitingOn)
	s.WithinDuration(start.Add(2*time.Hour), beforeSLA.Approval.Since, 0)
	s.Contains(beforeSLA.WaitingFor, "decision on draft 1 from ops@lumen.test (due ")
	s.WithinDuration(start.Add(26*time.Hour), afterReminder.Approval.RemindedAt, 0)
	s.Contains(afterReminder.WaitingFor, "(reminded ")
	s.Equal([]string{"ops@lumen.test", "lead@lumen.test", "U0LEAD"}, afterEscalation.Approval.WaitingOn)
	s.WithinDuration(start.Add(50*time.Hour), afterEscalation.Approval.EscalatedAt, 0)
	s.WithinDuration(start.Add(2*time.Hour), afterEscalation.Approval.Since, 0, "since is when the wait began")
	s.Equal(StageDone, s.status().Stage)
	s.Nil(s.status().Approval)
	s.Require().Len(s.rec.outcomes, 1)
	s.Equal("U0LEAD", s.rec.outcomes[0].Decision.SlackUser)
}

// A decision within the SLA: no reminder, no escalation.
func (s *WorkflowSuite) TestApprovalWithinSLANeedsNoReminder() {
	n := s.recordNudges()
	s.say(time.Hour, "yes")
	s.say(2*time.Hour, "draft https://drive.test/v1")
	s.decide(20*time.Hour, Decision{Verdict: VerdictReject, By: "ops@lumen.test", Feedback: "Off-brief"}, new(error))
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: slaBrief(), Creator: jane})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())
	s.Empty(n.got)
	s.Equal([]string{"outreach", "terms", "rejected-1"}, s.rec.emailSteps())
}

// An SLA without backup approvers reminds once, then waits.
func (s *WorkflowSuite) TestApprovalSLAWithoutBackupsRemindsOnce() {
	n := s.recordNudges()
	b := testBrief()
	b.Approval.SLA = campaign.Duration(12 * time.Hour)
	s.say(time.Hour, "yes")
	s.say(2*time.Hour, "draft https://drive.test/v1")
	s.decide(200*time.Hour, Decision{Verdict: VerdictReject, By: "ops@lumen.test"}, new(error))
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: b, Creator: jane})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())
	s.Require().Len(n.got, 1)
	s.Equal(NudgeReminder, n.got[0].Kind)
}

// Slack is down when the draft's reminder is due: an approval at +30h moves
// on at once (the go-ahead goes out), the reminder still retrying is given up
// — the same race as the shortlist's and the counter-offer's.
func (s *WorkflowSuite) TestDraftApprovedWhileTheReminderCannotReachSlackMovesOn() {
	s.recordNudges()
	s.env.OnActivity(ActNudgeApprovers, mock.Anything, mock.Anything).After(72 * time.Hour).Return(nil)
	var ok error
	var at31h []string
	s.say(time.Hour, "yes")
	s.say(2*time.Hour, "draft https://drive.test/v1")
	s.decide(30*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &ok)
	s.env.RegisterDelayedCallback(func() { at31h = s.rec.emailSteps() }, 31*time.Hour)
	s.say(32*time.Hour, "live https://instagram.com/p/sla")
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: slaBrief(), Creator: jane})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())

	s.NoError(ok)
	s.Equal([]string{"outreach", "terms", "go-ahead"}, at31h, "the go-ahead went out within an hour of the approval, while the reminder was stuck")
}
