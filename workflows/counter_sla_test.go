package workflows

import (
	"errors"
	"time"

	"github.com/stretchr/testify/mock"

	"github.com/creatorflow/creatorflow/campaign"
)

// counterSLABrief: counterBrief (ceiling 1,000 USD) with a 24h approval SLA
// and backup approvers.
func counterSLABrief() campaign.Brief {
	b := slaBrief()
	b.Offer.AutoAcceptUpTo = usd(100000)
	return b
}

// A counter of 1,500 at +1h waits for a person: due at +25h, reminded then,
// escalated at +49h; a question from the creator at +10h neither settles it
// nor restarts the SLA; a backup approver is refused before the escalation
// and decides after it.
func (s *WorkflowSuite) TestCounterSLARemindsThenEscalatesToABackupApproverWhoDecides() {
	n := s.recordNudges()
	var early, late, lateFailed error
	var beforeSLA, afterReminder, afterEscalation, afterDecision CollaborationStatus
	s.say(time.Hour, "My rate is $1,500 for a reel.")
	s.env.RegisterDelayedCallback(func() { beforeSLA = s.status() }, 2*time.Hour)
	s.decideCounter(3*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "lead@lumen.test"}, &early, new(error))
	s.say(10*time.Hour, "Which day would it go live?")
	s.env.RegisterDelayedCallback(func() { afterReminder = s.status() }, 26*time.Hour)
	s.env.RegisterDelayedCallback(func() { afterEscalation = s.status() }, 50*time.Hour)
	s.decideCounter(51*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "U-SOMEONE", SlackUser: "U0LEAD"}, &late, &lateFailed)
	s.env.RegisterDelayedCallback(func() { afterDecision = s.status() }, 52*time.Hour)
	start := s.env.Now()
	res := s.runCollabWith(counterSLABrief())

	s.ErrorContains(early, "lead@lumen.test is not an approver", "backup approvers decide only after the escalation")
	s.NoError(late)
	s.NoError(lateFailed)
	s.Equal(usd(150000), res.Fee, "the backup approver's approval agreed the counter")

	// The overdue notices: to the approvers, then the backups, in the request's thread.
	s.Require().Len(n.got, 2)
	s.Equal(NudgeReminder, n.got[0].Kind)
	s.Equal([]string{"ops@lumen.test"}, n.got[0].To)
	s.Equal(NudgeEscalation, n.got[1].Kind)
	s.Equal([]string{"lead@lumen.test", "U0LEAD"}, n.got[1].To)
	s.Equal(ApprovalMessage{Channel: "C1", TS: "1.1"}, n.got[0].Message, "the reminder answers the counter's message")
	s.Equal(ApprovalCounter, n.got[0].Request.Kind)
	s.Equal("campaign/spring/creator/jane/counter-1/reminder", n.got[0].Key)
	s.Equal("campaign/spring/creator/jane/counter-1/escalation", n.got[1].Key)
	s.WithinDuration(start.Add(25*time.Hour), n.at[0], 0, "the creator's question did not restart the SLA")
	s.WithinDuration(start.Add(49*time.Hour), n.at[1], 0)
	s.WithinDuration(start.Add(time.Hour), n.got[1].Since, 0)

	// The card says when the decision is due.
	s.Require().Len(s.rec.approvals, 1)
	s.Equal(ApprovalCounter, s.rec.approvals[0].Kind)
	s.WithinDuration(start.Add(25*time.Hour), s.rec.approvals[0].DecideBy, 0)

	// Status: who the counter waits on, since when, how far the SLA went.
	s.Equal(StageAwaitingCounterDecision, beforeSLA.Stage)
	w := beforeSLA.Approval
	s.Require().NotNil(w)
	s.Equal(ApprovalCounter, w.Kind)
	s.Require().NotNil(w.Counter)
	s.Equal(usd(150000), *w.Counter)
	s.Equal(1, w.Round)
	s.Equal([]string{"ops@lumen.test"}, w.WaitingOn)
	s.WithinDuration(start.Add(time.Hour), w.Since, 0)
	s.WithinDuration(start.Add(25*time.Hour), w.DecideBy, 0)
	s.Contains(beforeSLA.WaitingFor, "a decision from ops@lumen.test on the counter-offer of 1,500.00 USD, above the auto-accept ceiling of 1,000.00 USD (due ")
	s.Contains(beforeSLA.WaitingFor, "starter counter approve|reject spring jane")
	s.Require().NotNil(afterReminder.Approval)
	s.WithinDuration(start.Add(25*time.Hour), afterReminder.Approval.RemindedAt, 0)
	s.Contains(afterReminder.WaitingFor, "(reminded ")
	s.Require().NotNil(afterReminder.LastMessage, "the question is kept for a person")
	s.Require().NotNil(afterEscalation.Approval)
	s.Equal([]string{"ops@lumen.test", "lead@lumen.test", "U0LEAD"}, afterEscalation.Approval.WaitingOn)
	s.WithinDuration(start.Add(49*time.Hour), afterEscalation.Approval.EscalatedAt, 0)
	s.Contains(afterEscalation.WaitingFor, "from ops@lumen.test, lead@lumen.test, U0LEAD on the counter-offer")
	s.Contains(afterEscalation.WaitingFor, "(escalated ")
	s.Equal(StageAwaitingDraft, afterDecision.Stage)
	s.Nil(afterDecision.Approval, "nothing waits on an approver once decided")

	s.Require().Len(s.rec.outcomes, 1)
	s.Equal("U0LEAD", s.rec.outcomes[0].Decision.SlackUser)
	s.Equal([]string{"jane:counter_approved:1,500.00 USD"}, s.commitReasons())
}

// The creator's own message settles a counter during its SLA: no reminder
// or escalation ever follows, status.Approval is cleared, and a late click
// is refused.
func (s *WorkflowSuite) TestCreatorSettlesACounterWithinItsSLA() {
	n := s.recordNudges()
	var late error
	var waiting, settled CollaborationStatus
	s.say(time.Hour, "I'd need $1,500 for this.")
	s.env.RegisterDelayedCallback(func() { waiting = s.status() }, 5*time.Hour)
	s.say(6*time.Hour, "Fine, I accept your original offer.")
	s.env.RegisterDelayedCallback(func() { settled = s.status() }, 7*time.Hour)
	s.decideCounter(60*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &late, new(error))
	res := s.runCollabWith(counterSLABrief())

	s.Require().NotNil(waiting.Approval, "the counter waited on a person")
	s.Nil(settled.Approval)
	s.Equal(StageAwaitingDraft, settled.Stage)
	s.Empty(n.got, "a settled counter is never overdue")
	s.ErrorContains(late, "no counter-offer of jane is waiting")
	s.Equal(usd(80000), res.Fee, "the original offer")
	s.Require().Len(s.rec.outcomes, 1, "the request says the creator settled it")
	s.Contains(s.rec.outcomes[0].Decision.Feedback, "accepted the offer of 800.00 USD")
}

// Slack is down (the post keeps retrying) and ops approve with the CLI:
// the terms go out at once, and the post is given up.
func (s *WorkflowSuite) TestCounterDecidedWhileSlackIsDownMovesOnAtOnce() {
	s.env.OnActivity(ActPostApprovalRequest, mock.Anything, mock.Anything).After(48*time.Hour).Return(ApprovalMessage{Channel: "C1", TS: "9.9"}, nil)
	var accepted, failed error
	var after CollaborationStatus
	var steps []string
	s.say(time.Hour, "My rate is $1,500 for a reel.")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &accepted, &failed)
	s.env.RegisterDelayedCallback(func() { after, steps = s.status(), s.rec.emailSteps() }, 3*time.Hour)
	res := s.runCollabWith(counterBrief())

	s.NoError(accepted)
	s.NoError(failed)
	s.Equal(StageAwaitingDraft, after.Stage, "an hour after the decision, while Slack was still down")
	s.Equal([]string{"outreach", "terms"}, steps)
	s.Nil(after.Approval)
	s.Equal(usd(150000), res.Fee)
	s.Empty(s.rec.outcomes, "no card landed, none to rewrite")
}

// Slack is down for the post and for the overdue reminder; the creator's
// accept, after the SLA ran out, moves on at once, neither waiting for Slack.
func (s *WorkflowSuite) TestCreatorSettlesACounterWhileSlackIsDownForPostAndReminder() {
	s.recordNudges()
	s.env.OnActivity(ActPostApprovalRequest, mock.Anything, mock.Anything).After(72*time.Hour).Return(ApprovalMessage{Channel: "C1", TS: "9.9"}, nil)
	s.env.OnActivity(ActNudgeApprovers, mock.Anything, mock.Anything).After(72 * time.Hour).Return(nil)
	var after CollaborationStatus
	var steps []string
	s.say(time.Hour, "My rate is $1,500 for a reel.")
	s.say(30*time.Hour, "OK, I'll do it for your $800.")
	s.env.RegisterDelayedCallback(func() { after, steps = s.status(), s.rec.emailSteps() }, 31*time.Hour)
	res := s.runCollabWith(counterSLABrief())

	s.Equal(StageAwaitingDraft, after.Stage, "an hour after the creator's accept, while Slack was still down")
	s.Equal([]string{"outreach", "terms"}, steps)
	s.Nil(after.Approval)
	s.Equal(usd(80000), res.Fee)
	s.Empty(s.rec.outcomes, "no card landed, none to rewrite")
}

// Slack goes down after the card was posted: the decision's card rewrite
// keeps failing, and the deal goes on (the workflow does not fail) with the
// rewrite given up. (Outside the testsuite, which stops retrying after 10
// attempts, the rewrite is given up after an hour.)
func (s *WorkflowSuite) TestCounterCardRewriteThatCannotReachSlackDoesNotHoldUpTheDeal() {
	s.env.OnActivity(ActUpdateApprovalMessage, mock.Anything, mock.Anything).Return(errors.New("slack: service unavailable"))
	var failed error
	var after CollaborationStatus
	var steps []string
	s.say(time.Hour, "My rate is $1,500 for a reel.")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, new(error), &failed)
	s.env.RegisterDelayedCallback(func() { after, steps = s.status(), s.rec.emailSteps() }, 4*time.Hour)
	res := s.runCollabWith(counterBrief())

	s.NoError(failed)
	s.Len(s.rec.approvals, 1, "the card was posted")
	s.Equal(StageAwaitingDraft, after.Stage, "Slack still down")
	s.Equal([]string{"outreach", "terms"}, steps)
	s.Equal(usd(150000), res.Fee)
}
