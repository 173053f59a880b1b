package workflows

import (
	"time"

	"github.com/stretchr/testify/mock"
	sdkpb "go.temporal.io/api/sdk/v1"

	"github.com/creatorflow/creatorflow/campaign"
)

// shortlistSLABrief: a campaign whose shortlist waits for approval, with a
// 24h approval SLA and backup approvers (lead@lumen.test, U0LEAD).
func (s *WorkflowSuite) shortlistSLABrief() campaign.Brief {
	s.shortlistApprovalBrief()
	b := slaBrief()
	b.Shortlist.Approval = true
	return b
}

// currentDetails is what the Temporal UI shows for the campaign.
func (s *WorkflowSuite) currentDetails() string {
	v, err := s.env.QueryWorkflow("__temporal_workflow_metadata")
	s.Require().NoError(err)
	var md sdkpb.WorkflowMetadata
	s.Require().NoError(v.Get(&md))
	return md.GetCurrentDetails()
}

type shortlistSnapshot struct {
	state   ShortlistState
	status  CampaignStatus
	details string
}

func (s *WorkflowSuite) shortlistSnapshot(at time.Duration, into *shortlistSnapshot) {
	s.env.RegisterDelayedCallback(func() {
		*into = shortlistSnapshot{state: s.queryShortlist(), status: s.campaignStatus(), details: s.currentDetails()}
	}, at)
}

// The shortlist is ready at the start; nobody decides: a reminder to the
// approvers in the request's thread at +24h, the escalation to the backup
// approvers at +48h; a backup approver is refused before the escalation and
// decides after it.
func (s *WorkflowSuite) TestShortlistSLARemindsThenEscalatesToABackupApproverWhoDecides() {
	b := s.shortlistSLABrief()
	n := s.recordNudges()
	var early, late error
	var res ShortlistDecisionResult
	var beforeSLA, afterReminder, afterEscalation, afterDecision shortlistSnapshot
	s.shortlistSnapshot(time.Hour, &beforeSLA)
	s.decideShortlist(2*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "lead@lumen.test"}, &early, nil)
	s.shortlistSnapshot(25*time.Hour, &afterReminder)
	s.shortlistSnapshot(49*time.Hour, &afterEscalation)
	s.decideShortlist(50*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "U-SOMEONE", SlackUser: "U0LEAD"}, &late, &res)
	s.shortlistSnapshot(51*time.Hour, &afterDecision)
	start := s.env.Now()
	s.runCampaign(b)

	s.ErrorContains(early, "lead@lumen.test is not an approver of campaign spring")
	s.ErrorContains(early, "backup approvers may decide once the shortlist is escalated to them")
	s.NoError(late, "the backup approver decides after the escalation")
	s.Equal([]string{"ana", "ben"}, res.Invite)
	s.ElementsMatch([]string{"ana", "ben"}, s.invited()[:2])

	// The overdue notices: to the approvers, then the backups, in the request's thread.
	s.Require().Len(n.got, 2)
	s.Equal(NudgeReminder, n.got[0].Kind)
	s.Equal([]string{"ops@lumen.test"}, n.got[0].To)
	s.Equal(NudgeEscalation, n.got[1].Kind)
	s.Equal([]string{"lead@lumen.test", "U0LEAD"}, n.got[1].To)
	for _, x := range n.got {
		s.Equal(ApprovalMessage{Channel: "C1", TS: "1.1"}, x.Message, "the notice answers the shortlist's card")
		s.Equal(ApprovalShortlist, x.Request.Kind)
		s.WithinDuration(start, x.Since, 0)
	}
	s.Equal("campaign/spring/shortlist/reminder", n.got[0].Key)
	s.Equal("campaign/spring/shortlist/escalation", n.got[1].Key)
	s.WithinDuration(start.Add(24*time.Hour), n.at[0], 0)
	s.WithinDuration(start.Add(48*time.Hour), n.at[1], 0)

	// The card says when the decision is due.
	posts := s.shortlistPosts()
	s.Require().Len(posts, 1)
	s.WithinDuration(start.Add(24*time.Hour), posts[0].DecideBy, 0)

	// Query and status: who it waits on, since when, how far the SLA went.
	for _, w := range []*ApprovalWait{beforeSLA.state.Approval, beforeSLA.status.Approval} {
		s.Require().NotNil(w)
		s.Equal(ApprovalShortlist, w.Kind)
		s.Equal([]string{"ops@lumen.test"}, w.WaitingOn)
		s.WithinDuration(start, w.Since, 0)
		s.WithinDuration(start.Add(24*time.Hour), w.DecideBy, 0)
		s.True(w.RemindedAt.IsZero())
		s.True(w.EscalatedAt.IsZero())
	}
	s.True(beforeSLA.state.Awaiting)
	s.Equal(StageShortlistApproval, beforeSLA.status.Stage)
	s.Contains(beforeSLA.details, "**shortlist_approval** — waiting for a person to approve the shortlist of 4")
	s.Contains(beforeSLA.details, "ops@lumen.test (due "+start.Add(24*time.Hour).Format(time.RFC3339)+")")
	s.Contains(beforeSLA.details, "`starter shortlist approve spring`")

	for _, w := range []*ApprovalWait{afterReminder.state.Approval, afterReminder.status.Approval} {
		s.Require().NotNil(w)
		s.WithinDuration(start.Add(24*time.Hour), w.RemindedAt, 0)
		s.True(w.EscalatedAt.IsZero())
		s.Equal([]string{"ops@lumen.test"}, w.WaitingOn)
	}
	s.Contains(afterReminder.details, "(reminded "+start.Add(24*time.Hour).Format(time.RFC3339)+")")

	for _, w := range []*ApprovalWait{afterEscalation.state.Approval, afterEscalation.status.Approval} {
		s.Require().NotNil(w)
		s.WithinDuration(start.Add(48*time.Hour), w.EscalatedAt, 0)
		s.Equal([]string{"ops@lumen.test", "lead@lumen.test", "U0LEAD"}, w.WaitingOn)
	}
	s.Contains(afterEscalation.details, "ops@lumen.test, lead@lumen.test, U0LEAD (escalated "+start.Add(48*time.Hour).Format(time.RFC3339)+")")
	s.Equal(StageShortlistApproval, afterEscalation.status.Stage)
	s.WithinDuration(start, afterEscalation.status.Since, 0, "the stage did not restart")

	s.Nil(afterDecision.state.Approval, "nothing waits on an approver once decided")
	s.Nil(afterDecision.status.Approval)
	s.False(afterDecision.state.Awaiting)
	s.Require().NotNil(afterDecision.state.Decision)
	s.Equal("U0LEAD", afterDecision.state.Decision.SlackUser)
	s.Require().Len(s.rec.outcomes, 1, "the card is rewritten with the backup approver's decision")
	s.Equal("U0LEAD", s.rec.outcomes[0].Decision.SlackUser)
}

// A decision within the SLA: no reminder or escalation ever follows.
func (s *WorkflowSuite) TestShortlistDecidedWithinItsSLAIsNeverOverdue() {
	b := s.shortlistSLABrief()
	n := s.recordNudges()
	var ok error
	var after shortlistSnapshot
	s.decideShortlist(2*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &ok, nil)
	s.shortlistSnapshot(3*time.Hour, &after)
	s.runCampaign(b)

	s.NoError(ok)
	s.Empty(n.got, "a shortlist decided in time is never overdue")
	s.Nil(after.state.Approval)
	s.Nil(after.status.Approval)
	s.NotEmpty(s.invited())
}

// Without backup approvers the SLA only reminds: nobody else may decide.
func (s *WorkflowSuite) TestShortlistSLAWithoutBackupApproversOnlyReminds() {
	b := s.shortlistSLABrief()
	b.Approval.BackupApprovers = nil
	n := s.recordNudges()
	var stranger, ok error
	var late shortlistSnapshot
	s.shortlistSnapshot(100*time.Hour, &late)
	s.decideShortlist(101*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "lead@lumen.test"}, &stranger, nil)
	s.decideShortlist(102*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &ok, nil)
	start := s.env.Now()
	s.runCampaign(b)

	s.Require().Len(n.got, 1)
	s.Equal(NudgeReminder, n.got[0].Kind)
	s.Require().NotNil(late.state.Approval)
	s.True(late.state.Approval.EscalatedAt.IsZero())
	s.WithinDuration(start.Add(24*time.Hour), late.state.Approval.RemindedAt, 0)
	s.ErrorContains(stranger, "lead@lumen.test is not an approver")
	s.NotContains(stranger.Error(), "backup")
	s.NoError(ok)
}

// Without an SLA the shortlist is never due, and the card says no deadline.
func (s *WorkflowSuite) TestShortlistWithoutSLAIsNeverDue() {
	s.shortlistApprovalBrief()
	b := testBrief()
	b.Shortlist.Approval = true
	n := s.recordNudges()
	var ok error
	var waiting shortlistSnapshot
	s.shortlistSnapshot(100*time.Hour, &waiting)
	s.decideShortlist(101*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &ok, nil)
	s.runCampaign(b)

	s.NoError(ok)
	s.Empty(n.got)
	s.Require().NotNil(waiting.state.Approval)
	s.True(waiting.state.Approval.DecideBy.IsZero())
	s.NotContains(waiting.details, "(due ")
	s.Require().Len(s.shortlistPosts(), 1)
	s.True(s.shortlistPosts()[0].DecideBy.IsZero())
}

// Slack is down when the reminder is due: a decision at +30h moves on at
// once, the reminder still retrying is given up.
func (s *WorkflowSuite) TestShortlistDecidedWhileTheReminderCannotReachSlackMovesOn() {
	b := s.shortlistSLABrief()
	s.recordNudges()
	s.env.OnActivity(ActNudgeApprovers, mock.Anything, mock.Anything).After(72 * time.Hour).Return(nil)
	var ok error
	var invitedAt31h int
	var after shortlistSnapshot
	s.decideShortlist(30*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &ok, nil)
	s.shortlistSnapshot(31*time.Hour, &after)
	s.env.RegisterDelayedCallback(func() { invitedAt31h = len(s.invited()) }, 31*time.Hour)
	s.runCampaign(b)

	s.NoError(ok)
	s.Equal(2, invitedAt31h, "outreach went out within an hour of the decision, while the reminder was stuck")
	s.Nil(after.status.Approval)
	s.Equal("collaborating", after.status.Stage)
}
