package workflows

import (
	"context"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

// ledger stands in for the commitments table: one commitment per creator,
// never more committed than the budget (as CommitBudget guarantees).
type ledger struct {
	lmu       sync.Mutex
	committed map[string]campaign.Money // by handle
	commits   []BudgetCommit            // every call, granted or not
	releases  []BudgetRelease
	peak      int64 // the most ever committed at once
}

func (l *ledger) sum() int64 {
	var n int64
	for _, f := range l.committed {
		n += f.Amount
	}
	return n
}

func (l *ledger) state(b campaign.Money, granted bool, fee campaign.Money) BudgetCommitment {
	n := l.sum()
	return BudgetCommitment{Granted: granted, Fee: fee, Budget: b, Committed: campaign.Money{Amount: n, Currency: b.Currency},
		Remaining: campaign.Money{Amount: b.Amount - n, Currency: b.Currency}}
}

func (r *recorder) registerBudget(env *testsuite.TestWorkflowEnvironment) {
	env.RegisterActivityWithOptions(func(ctx context.Context, c BudgetCommit) (BudgetCommitment, error) {
		l := &r.ledger
		l.lmu.Lock()
		defer l.lmu.Unlock()
		if l.committed == nil {
			l.committed = map[string]campaign.Money{}
		}
		l.commits = append(l.commits, c)
		others := l.sum() - l.committed[c.Creator.Handle].Amount
		if others+c.Fee.Amount > c.Budget.Amount {
			return l.state(c.Budget, false, c.Fee), nil
		}
		l.committed[c.Creator.Handle] = c.Fee
		l.peak = max(l.peak, l.sum())
		return l.state(c.Budget, true, c.Fee), nil
	}, activity.RegisterOptions{Name: ActCommitBudget})
	env.RegisterActivityWithOptions(func(ctx context.Context, rel BudgetRelease) (BudgetCommitment, error) {
		l := &r.ledger
		l.lmu.Lock()
		defer l.lmu.Unlock()
		l.releases = append(l.releases, rel)
		fee := l.committed[rel.Creator.Handle]
		delete(l.committed, rel.Creator.Handle)
		st := l.state(testBrief().Budget, true, fee)
		st.Released = true
		return st, nil
	}, activity.RegisterOptions{Name: ActReleaseBudget})
}

// counterBrief: offer 800, auto-accept up to 1,000, budget 2,000 USD.
func counterBrief() campaign.Brief {
	b := testBrief()
	b.Offer.AutoAcceptUpTo = usd(100000)
	return b
}

// decideCounter sends the counter-decision Update after a delay; rejected
// gets the validator's refusal, failed the handler's error.
func (s *WorkflowSuite) decideCounter(after time.Duration, d CounterDecision, rejected, failed *error) {
	s.decideCounterOf("", after, d, rejected, failed)
}

func (s *WorkflowSuite) decideCounterOf(workflowID string, after time.Duration, d CounterDecision, rejected, failed *error) {
	s.env.RegisterDelayedCallback(func() {
		cb := &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { *rejected = err },
			OnAccept:   func() {},
			OnComplete: func(_ any, err error) { *failed = err },
		}
		if workflowID == "" {
			s.env.UpdateWorkflow(UpdateCounterDecision, "", cb, d)
		} else {
			s.NoError(s.env.UpdateWorkflowByID(workflowID, UpdateCounterDecision, "", cb, d))
		}
	}, after)
}

func (s *WorkflowSuite) commitReasons() []string {
	var out []string
	for _, c := range s.rec.commits {
		out = append(out, c.Creator.Handle+":"+c.Reason+":"+c.Fee.String())
	}
	return out
}

// Offer accepted: the fee is committed before the terms; a missed draft
// (unpaid) gives it back.
func (s *WorkflowSuite) TestAcceptCommitsTheFeeAndAnUnpaidEndReleasesIt() {
	s.say(time.Hour, "yes")
	var mid CollaborationStatus
	s.env.RegisterDelayedCallback(func() { mid = s.status() }, 2*time.Hour)
	res := s.runCollab()
	s.Equal(campaign.OutcomeMissedDraft, res.Outcome)
	s.Equal([]string{"jane:offer_accepted:800.00 USD"}, s.commitReasons())
	s.Require().NotNil(mid.Budget, "status shows the budget after the commit")
	s.Equal(usd(80000), mid.Budget.Committed)
	s.Equal(usd(120000), mid.Budget.Remaining)
	s.Require().Len(s.rec.releases, 1)
	s.Equal(campaign.OutcomeMissedDraft, s.rec.releases[0].Outcome)
	s.Empty(s.rec.committed, "nothing stays committed for an unpaid collaboration")
}

// A paid collaboration keeps its commitment.
func (s *WorkflowSuite) TestCompletedCollaborationKeepsItsCommitment() {
	s.say(time.Hour, "yes")
	s.say(2*time.Hour, "draft https://drive.test/v1")
	s.decide(3*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test"}, new(error))
	s.say(4*time.Hour, "live https://instagram.com/p/v")
	res := s.runCollab()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Empty(s.rec.releases)
	s.Equal(usd(80000), s.rec.committed["jane"])
}

// An automatic agreement that would overspend is refused: a polite email,
// no terms, outcome over_budget, the refusal visible in the status.
func (s *WorkflowSuite) TestAcceptThatWouldOverspendEndsOverBudget() {
	s.rec.committed = map[string]campaign.Money{"omar": usd(150000)} // 1,500 of 2,000 committed
	s.say(time.Hour, "Yes please!")
	res := s.runCollab()
	s.Equal(campaign.OutcomeOverBudget, res.Outcome)
	s.Equal([]string{"outreach", "over-budget"}, s.rec.emailSteps())
	s.Equal(EmailOverBudget, s.rec.emails[1].Kind)
	st := s.status()
	s.Equal(campaign.OutcomeOverBudget, st.Outcome)
	s.Require().NotNil(st.Budget)
	s.False(st.Budget.Granted)
	s.Equal(usd(50000), st.Budget.Remaining)
	s.Equal(campaign.OutcomeOverBudget, s.rec.records[len(s.rec.records)-1].Outcome)
	s.Empty(s.rec.releases, "nothing was committed, nothing to release")
	s.Equal(int64(150000), s.rec.sum())
}

// Budget exhaustion across a campaign: a person approves jane's big counter;
// omar's later accept of the offer would overspend and is refused.
func (s *WorkflowSuite) TestApprovedBigCounterExhaustsTheBudgetForALaterAccept() {
	omar := campaign.Creator{Platform: "instagram", Handle: "omar", Email: "omar@creators.test", Followers: 20_000}
	s.rec.roster = []campaign.Creator{jane, omar}
	janeID, omarID := CollaborationWorkflowID("spring", "jane"), CollaborationWorkflowID("spring", "omar")
	s.env.RegisterDelayedCallback(func() {
		s.NoError(s.env.SignalWorkflowByID(janeID, SignalCreatorMessage, reply.Classify("I'd do it for $1,500.")))
	}, time.Hour)
	var rejected, failed error
	s.decideCounterOf(janeID, 2*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &rejected, &failed)
	s.env.RegisterDelayedCallback(func() {
		s.NoError(s.env.SignalWorkflowByID(omarID, SignalCreatorMessage, reply.Classify("Yes, count me in")))
	}, 3*time.Hour)
	b := counterBrief()
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())
	s.NoError(rejected)
	s.NoError(failed)

	s.Require().Len(s.rec.reports, 1)
	outcomes := map[string]campaign.Outcome{}
	for _, r := range s.rec.reports[0].Results {
		outcomes[r.Handle] = r.Outcome
	}
	s.Equal(campaign.OutcomeOverBudget, outcomes["omar"])
	s.Equal(campaign.OutcomeMissedDraft, outcomes["jane"]) // no draft followed in this test
	var omarSteps []string
	for _, e := range s.rec.emails {
		if e.Creator.Handle == "omar" {
			omarSteps = append(omarSteps, e.Step)
		}
	}
	s.Equal([]string{"outreach", "over-budget"}, omarSteps, "omar gets no terms, a polite over-budget email")
	s.Equal([]string{"jane:counter_approved:1,500.00 USD", "omar:offer_accepted:800.00 USD"}, s.commitReasons())
	s.LessOrEqual(s.rec.peak, b.Budget.Amount, "the budget was never overspent")
	s.Equal(int64(150000), s.rec.peak)
}

// Approve: validator refusals first (stranger, stale counter, a proposal
// with approve), then the approval commits the counter and the terms name it.
func (s *WorkflowSuite) TestCounterApprovedByAPersonCommitsAndAgrees() {
	var stranger, stale, proposeApprove, ok, nothing, failed error
	var waiting CollaborationStatus
	s.say(time.Hour, "My rate is $1,500 for a reel.")
	s.env.RegisterDelayedCallback(func() { waiting = s.status() }, 90*time.Minute)
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "mallory@evil.test"}, &stranger, &failed)
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Counter: usd(120000)}, &stale, &failed)
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Propose: ptr(usd(90000))}, &proposeApprove, &failed)
	s.decideCounter(3*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Counter: usd(150000)}, &ok, &failed)
	s.decideCounter(4*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &nothing, new(error))
	res := s.runCollabWith(counterBrief())

	s.ErrorContains(stranger, "mallory@evil.test is not an approver of campaign spring")
	s.ErrorContains(stale, "this decision was for the counter-offer of 1,200.00 USD, but the current one is 1,500.00 USD")
	s.ErrorContains(proposeApprove, "a counter-proposal goes with reject, not approve")
	s.NoError(ok)
	s.NoError(failed)
	s.ErrorContains(nothing, "no counter-offer of jane is waiting for a decision")

	s.Equal(StageAwaitingCounterDecision, waiting.Stage)
	s.Contains(waiting.WaitingFor, "starter counter approve|reject spring jane")
	s.Require().Len(s.rec.approvals, 1)
	a := s.rec.approvals[0]
	s.Equal(ApprovalCounter, a.Kind)
	s.Equal("campaign/spring/creator/jane/counter-1", a.Key)
	s.Require().NotNil(a.Counter)
	s.Equal(usd(150000), *a.Counter)
	s.Require().Len(s.rec.outcomes, 1, "the Slack message is rewritten with the decision")
	s.Equal(VerdictApprove, s.rec.outcomes[0].Decision.Verdict)
	s.Equal("ops@lumen.test", s.rec.outcomes[0].Decision.By)

	s.Equal(usd(150000), res.Fee)
	s.Equal([]string{"outreach", "terms", "draft-reminder-1"}, s.rec.emailSteps())
	s.Equal(usd(150000), s.rec.emails[1].Brief.Offer.Fee, "the terms name the approved counter")
	s.Equal([]string{"jane:counter_approved:1,500.00 USD"}, s.commitReasons(), "committed once, by the approval")
	s.Equal("ops@lumen.test", s.rec.commits[0].By)
}

// The budget refuses an approval: the Update fails naming committed and
// remaining, nothing changes; the person then proposes less, which the
// creator accepts; the proposal is committed.
func (s *WorkflowSuite) TestApprovalRefusedByTheBudgetThenACounterProposalIsAccepted() {
	s.rec.committed = map[string]campaign.Money{"omar": usd(100000)} // 1,000 of 2,000 committed
	var approveErr, tooMuch, wrongCurrency, notBelow, zero, proposed error
	var afterRefusal, afterProposal CollaborationStatus
	s.say(time.Hour, "I'd need $1,500 for this.")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, new(error), &approveErr)
	s.env.RegisterDelayedCallback(func() { afterRefusal = s.status() }, 150*time.Minute)
	s.decideCounter(3*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(120000))}, &tooMuch, new(error))
	s.decideCounter(3*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test",
		Propose: &campaign.Money{Amount: 90000, Currency: "EUR"}}, &wrongCurrency, new(error))
	s.decideCounter(3*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(150000))}, &notBelow, new(error))
	s.decideCounter(3*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(0))}, &zero, new(error))
	s.decideCounter(4*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(90000)),
		Reason: "our budget for reels"}, new(error), &proposed)
	s.env.RegisterDelayedCallback(func() { afterProposal = s.status() }, 5*time.Hour)
	s.say(6*time.Hour, "OK, deal at 900.")
	res := s.runCollabWith(counterBrief())

	s.ErrorContains(approveErr, "the budget cannot take the counter-offer of 1,500.00 USD: 1,000.00 USD of 2,000.00 USD is committed, 1,000.00 USD left")
	s.Equal(StageAwaitingCounterDecision, afterRefusal.Stage, "a refused approval changes nothing")
	s.Require().NotNil(afterRefusal.Counter)
	s.Equal(usd(150000), *afterRefusal.Counter)
	s.Nil(afterRefusal.Fee)
	s.ErrorContains(tooMuch, "a counter-proposal of 1,200.00 USD is more than the 1,000.00 USD the budget had left")
	s.ErrorContains(wrongCurrency, "the counter-proposal must be in the budget's currency USD (got 900.00 EUR)")
	s.ErrorContains(notBelow, "is not below the creator's counter-offer of 1,500.00 USD")
	s.ErrorContains(zero, "must be more than zero")
	s.NoError(proposed)

	s.Equal(StageAwaitingReply, afterProposal.Stage)
	s.Require().NotNil(afterProposal.Proposal)
	s.Equal(usd(90000), *afterProposal.Proposal)
	s.Equal([]string{"outreach", "counter-proposal-1", "terms", "draft-reminder-1"}, s.rec.emailSteps())
	p := s.rec.emails[1]
	s.Equal(EmailCounterProposal, p.Kind)
	s.Equal(usd(90000), p.Brief.Offer.Fee, "the email proposes 900")
	s.Equal("1,500.00 USD", p.Extra[EmailExtraCounter])
	s.Equal("our budget for reels", p.Feedback)
	s.Require().Len(s.rec.outcomes, 1)
	s.Equal(VerdictReject, s.rec.outcomes[0].Decision.Verdict)
	s.Equal("our budget for reels", s.rec.outcomes[0].Decision.Feedback)
	s.Equal(usd(90000), *s.rec.outcomes[0].Propose, "the card shows the proposal")
	s.Equal(usd(90000), res.Fee)
	s.Equal(usd(90000), s.rec.emails[2].Brief.Offer.Fee, "the terms name the accepted proposal")
	s.Equal([]string{"jane:counter_approved:1,500.00 USD", "jane:counter_proposal_held:900.00 USD", "jane:counter_proposal_accepted:900.00 USD"}, s.commitReasons())
	s.LessOrEqual(s.rec.peak, int64(200000))
}

// Reject without a proposal: a polite no, the collaboration ends declined.
func (s *WorkflowSuite) TestCounterRejectedWithoutProposalEndsDeclined() {
	s.say(time.Hour, "$3,000 or nothing")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Reason: "out of our range"}, new(error), new(error))
	res := s.runCollabWith(counterBrief())
	s.Equal(campaign.OutcomeDeclined, res.Outcome)
	s.Equal([]string{"outreach", "counter-declined-1"}, s.rec.emailSteps())
	s.Equal(EmailCounterDeclined, s.rec.emails[1].Kind)
	s.Equal("out of our range", s.rec.emails[1].Feedback)
	s.Equal("3,000.00 USD", s.rec.emails[1].Extra[EmailExtraCounter])
	s.Require().Len(s.rec.outcomes, 1)
	s.Equal("out of our range", s.rec.outcomes[0].Decision.Feedback)
	s.Empty(s.rec.commits)
}

// The creator's new counter, after our proposal, goes to a person again
// under a new key; the creator's own word while a counter waits settles it
// and a late click is refused.
func (s *WorkflowSuite) TestNewCounterAfterAProposalIsAskedAgainAndTheCreatorMaySettleIt() {
	var late error
	s.say(time.Hour, "$1,500 please")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(90000))}, new(error), new(error))
	s.say(3*time.Hour, "Meet me at $1,200?")
	s.say(4*time.Hour, "Fine, I accept your original offer.")
	s.decideCounter(5*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &late, new(error))
	res := s.runCollabWith(counterBrief())
	s.Require().Len(s.rec.approvals, 2)
	s.Equal("campaign/spring/creator/jane/counter-2", s.rec.approvals[1].Key)
	s.Equal(usd(120000), *s.rec.approvals[1].Counter)
	s.ErrorContains(late, "no counter-offer of jane is waiting")
	s.Require().Len(s.rec.outcomes, 2, "both requests rewritten: the proposal, then the creator's settlement")
	s.Equal(usd(90000), *s.rec.outcomes[0].Propose)
	s.Equal("campaign/spring/creator/jane/counter-2", s.rec.outcomes[1].Request.Key)
	s.Empty(s.rec.outcomes[1].Decision.Verdict)
	s.Contains(s.rec.outcomes[1].Decision.Feedback, "accepted the offer of 800.00 USD")
	s.Equal(usd(80000), res.Fee, "the original offer")
	s.Equal([]string{"jane:counter_proposal_held:900.00 USD", "jane:offer_accepted:800.00 USD"}, s.commitReasons(),
		"the proposal was held, then the offer the creator took replaced it")
}

// A counter-proposal the creator never answers ends as unresponsive.
func (s *WorkflowSuite) TestUnansweredCounterProposalIsUnresponsive() {
	s.say(time.Hour, "$1,500 please")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(90000))}, new(error), new(error))
	res := s.runCollabWith(counterBrief())
	s.Equal(campaign.OutcomeUnresponsive, res.Outcome)
	s.Equal([]string{"outreach", "counter-proposal-1"}, s.rec.emailSteps())
}

func ptr[T any](v T) *T { return &v }

// The creator accepts our counter-proposal after the budget was spent
// elsewhere: the automatic agreement is refused, over_budget.
func (s *WorkflowSuite) TestCounterProposalIsHeldSoAnAcceptCannotBeRefused() {
	s.say(time.Hour, "$1,500 please")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(90000))}, new(error), new(error))
	var overspent BudgetCommitment
	s.env.RegisterDelayedCallback(func() {
		s.rec.lmu.Lock()
		defer s.rec.lmu.Unlock()
		// Another creator's agreement now wants the rest and more: the held 900 stays ours.
		overspent = s.rec.state(usd(200000), s.rec.sum()+150000 <= 200000, usd(150000))
	}, 3*time.Hour)
	s.say(4*time.Hour, "Deal at 900!")
	res := s.runCollabWith(counterBrief())
	s.Equal(campaign.OutcomeMissedDraft, res.Outcome, "agreed at 900, then no draft")
	s.False(overspent.Granted, "with 900 held, 1,500 more does not fit in 2,000")
	s.Equal([]string{"outreach", "counter-proposal-1", "terms", "draft-reminder-1"}, s.rec.emailSteps())
	s.Equal(usd(90000), s.rec.emails[2].Brief.Offer.Fee, "the terms name the accepted proposal")
	s.Equal([]string{"jane:counter_proposal_held:900.00 USD", "jane:counter_proposal_accepted:900.00 USD"}, s.commitReasons())
}

// A counter-proposal the budget cannot hold is refused, naming what is left;
// the counter still waits and a smaller proposal goes through.
func (s *WorkflowSuite) TestCounterProposalTheBudgetCannotHoldIsRefused() {
	s.rec.committed = map[string]campaign.Money{"omar": usd(150000)} // 1,500 of 2,000 committed
	var failed, second error
	s.say(time.Hour, "$1,500 please")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(90000))}, new(error), &failed)
	s.decideCounter(3*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(50000))}, new(error), &second)
	s.say(4*time.Hour, "Yes, I accept.")
	res := s.runCollabWith(counterBrief())
	s.ErrorContains(failed, "the budget cannot hold a counter-proposal of 900.00 USD: 1,500.00 USD of 2,000.00 USD is committed, 500.00 USD left")
	s.NoError(second)
	s.Equal(usd(50000), res.Fee)
	s.Equal([]string{"outreach", "counter-proposal-1", "terms", "draft-reminder-1"}, s.rec.emailSteps(), "one proposal email: the refused one was never sent")
}

// A held proposal the creator declines is given back.
func (s *WorkflowSuite) TestDeclinedCounterProposalReleasesTheHold() {
	s.say(time.Hour, "$1,500 please")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(90000))}, new(error), new(error))
	s.say(3*time.Hour, "No thanks, I'll pass.")
	res := s.runCollabWith(counterBrief())
	s.Equal(campaign.OutcomeDeclined, res.Outcome)
	s.Require().Len(s.rec.releases, 1)
	s.Empty(s.rec.committed, "nothing stays held")
}

// A declined collaboration never agreed: nothing to release, no activity.
func (s *WorkflowSuite) TestNoAgreementNoRelease() {
	s.say(time.Hour, "no thanks")
	s.Equal(campaign.OutcomeDeclined, s.runCollab().Outcome)
	s.Empty(s.rec.commits)
	s.Empty(s.rec.releases)
}

// A decision from an older round's card is refused even when the creator's
// new counter asks the same amount.
func (s *WorkflowSuite) TestDecisionOnAnOlderCounterRoundIsRefused() {
	var stale, current error
	s.say(time.Hour, "$1,500 please")
	s.decideCounter(2*time.Hour, CounterDecision{Verdict: VerdictReject, By: "ops@lumen.test", Propose: ptr(usd(90000)), Round: 1}, new(error), new(error))
	s.say(3*time.Hour, "Sorry, still $1,500.")
	s.decideCounter(4*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Counter: usd(150000), Round: 1}, &stale, new(error))
	s.decideCounter(5*time.Hour, CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Counter: usd(150000), Round: 2}, &current, new(error))
	res := s.runCollabWith(counterBrief())
	s.ErrorContains(stale, "this decision was for counter-offer 1 of jane, but counter-offer 2 (1,500.00 USD) is the current one")
	s.NoError(current)
	s.Equal(usd(150000), res.Fee)
	s.Require().Len(s.rec.approvals, 2)
	s.Equal(2, s.rec.approvals[1].Revision, "the card carries its round")
}
