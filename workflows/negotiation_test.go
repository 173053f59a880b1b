package workflows

import (
	"time"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

func (s *WorkflowSuite) runCollabWith(b campaign.Brief) campaign.CollaborationResult {
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: b, Creator: jane})
	s.True(s.env.IsWorkflowCompleted())
	var res campaign.CollaborationResult
	s.NoError(s.env.GetWorkflowResult(&res))
	return res
}

func usd(minor int64) campaign.Money { return campaign.Money{Amount: minor, Currency: "USD"} }

func (s *WorkflowSuite) TestCounterWithinCeilingIsAcceptedAtThatFee() {
	b := testBrief()
	b.Offer.AutoAcceptUpTo = usd(100000)
	s.say(time.Hour, "Love it, but my rate is $950 for a reel.")
	res := s.runCollabWith(b) // no draft follows: the collaboration ends as missed_draft
	s.Equal(campaign.OutcomeMissedDraft, res.Outcome)
	s.Equal(usd(95000), res.Fee, "the agreed fee is the counter")
	s.Equal([]string{"outreach", "terms", "draft-reminder-1"}, s.rec.emailSteps())
	s.Equal(usd(95000), s.rec.emails[1].Brief.Offer.Fee, "the terms email names the agreed fee")
	s.Equal(usd(95000), s.rec.records[0].Fee, "the stored agreement has the agreed fee")
}

func (s *WorkflowSuite) TestCounterWithoutCurrencyUsesTheOffersAndNoCeilingMeansTheFee() {
	s.say(time.Hour, "I usually charge 0.75k for this")
	res := s.runCollabWith(testBrief()) // no ceiling: up to the fee of 800 USD
	s.Equal(usd(75000), res.Fee)
}

func (s *WorkflowSuite) TestCounterAboveCeilingWaitsForOpsWithoutFollowUps() {
	b := testBrief()
	b.Offer.AutoAcceptUpTo = usd(100000)
	s.say(time.Hour, "I'd need $1,500 for this.")
	s.env.RegisterDelayedCallback(func() {
		st := s.status()
		s.Equal(StageAwaitingCounterDecision, st.Stage)
		s.Require().NotNil(st.Counter)
		s.Equal(usd(150000), *st.Counter)
		s.Contains(st.WaitingFor, "above the auto-accept ceiling of 1,000.00 USD")
		s.Equal([]string{"outreach"}, s.rec.emailSteps(), "no follow-up to a creator who answered")
	}, 60*24*time.Hour)
	// Ops talk to the creator; the creator comes down to the ceiling.
	s.say(61*24*time.Hour, "OK, $1,000 then.")
	res := s.runCollabWith(b)
	s.Equal(usd(100000), res.Fee)
	s.Equal([]string{"outreach", "terms", "draft-reminder-1"}, s.rec.emailSteps())
}

func (s *WorkflowSuite) TestCounterInAnotherCurrencyWaitsThenDecline() {
	s.say(time.Hour, "EUR 700 and we have a deal")
	s.env.RegisterDelayedCallback(func() {
		s.Equal(StageAwaitingCounterDecision, s.status().Stage)
	}, 2*time.Hour)
	s.say(3*time.Hour, "Actually, not interested.")
	res := s.runCollabWith(testBrief())
	s.Equal(campaign.OutcomeDeclined, res.Outcome)
}

func (s *WorkflowSuite) TestCreatorEmailDeliveredTwiceIsActedOnOnce() {
	reply := func(after time.Duration, text, id string) {
		s.env.RegisterDelayedCallback(func() {
			r := reply.Classify(text)
			r.MessageID = id
			s.env.SignalWorkflow(SignalCreatorMessage, r)
		}, after)
	}
	reply(time.Hour, "yes!", "m1")
	reply(2*time.Hour, "Draft: https://drive.test/d/1", "m2")
	var rejected error
	s.decide(3*time.Hour, Decision{Verdict: VerdictRequestChanges, By: "ops@lumen.test", Feedback: "shorter"}, &rejected)
	reply(4*time.Hour, "Draft: https://drive.test/d/1", "m2") // the same email again (redelivered)
	s.env.RegisterDelayedCallback(func() {
		st := s.status()
		s.Equal(StageAwaitingDraft, st.Stage, "the redelivered draft is not draft 2")
		s.Equal(1, st.Revision)
		s.env.CancelWorkflow()
	}, 5*time.Hour)
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: testBrief(), Creator: jane})
	s.NoError(rejected)
	s.Len(s.rec.approvals, 1)
}
