package workflows

import (
	"fmt"
	"sync"
	"time"

	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

// The invitation waves (waves.go). The roster ranks ana > ben > cai > dee > eve
// by engagement; "risky" is excluded. Default timing: silence is
// "unresponsive" 10 days after the outreach (follow-ups at 3 and 7 days); an
// agreed creator without a draft ends "missed_draft" 10 days after agreeing.

func wavesRoster() []campaign.Creator {
	eve := campaign.Creator{Platform: "instagram", Handle: "eve", Email: "eve@creators.test", Followers: 40_000, AvgLikes: 100, AvgComments: 3}
	return append(shortlistRoster(), eve)
}

// sayTo signals a creator's message to their collaboration.
func (s *WorkflowSuite) sayTo(handle string, after time.Duration, text string) {
	s.env.RegisterDelayedCallback(func() {
		s.NoError(s.env.SignalWorkflowByID(CollaborationWorkflowID("spring", handle), SignalCreatorMessage, reply.Classify(text)), handle)
	}, after)
}

// captureCollaborations re-creates the environment with a CollaborationWorkflow
// that notes its input.
func (s *WorkflowSuite) captureCollaborations() func() map[string]CollaborationInput {
	var mu sync.Mutex
	ins := map[string]CollaborationInput{}
	s.env = s.NewTestWorkflowEnvironment()
	s.env.RegisterWorkflowWithOptions(CampaignWorkflow, workflow.RegisterOptions{Name: CampaignWorkflowName})
	s.env.RegisterWorkflowWithOptions(func(ctx workflow.Context, in CollaborationInput) (campaign.CollaborationResult, error) {
		mu.Lock()
		ins[in.Creator.Handle] = in
		mu.Unlock()
		return CollaborationWorkflow(ctx, in)
	}, workflow.RegisterOptions{Name: CollaborationWorkflowName})
	s.env.RegisterWorkflowWithOptions(s.countCohorts, workflow.RegisterOptions{Name: CohortWorkflowName})
	s.rec.register(s.env)
	return func() map[string]CollaborationInput { mu.Lock(); defer mu.Unlock(); return ins }
}

func (s *WorkflowSuite) campaignStatus() CampaignStatus {
	var st CampaignStatus
	v, err := s.env.QueryWorkflow(QueryStatus)
	s.Require().NoError(err)
	s.Require().NoError(v.Get(&st))
	return st
}

// reported is the report request: "handle outcome wave [replaces]" per creator, in order.
func (s *WorkflowSuite) reported() ([]string, *campaign.WaveSummary) {
	s.Require().Len(s.rec.reports, 1)
	var lines []string
	for _, r := range s.rec.reports[0].Results {
		l := fmt.Sprintf("%s %s %d", r.Handle, r.Outcome, r.Wave)
		if r.Replaces != "" {
			l += " for " + r.Replaces
		}
		lines = append(lines, l)
	}
	return lines, s.rec.reports[0].Waves
}

func (s *WorkflowSuite) runCampaign(b campaign.Brief) {
	s.env.SetTestTimeout(time.Minute) // wall clock: the 2-core machine is shared
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())
}

func (s *WorkflowSuite) TestWavesRosterRanking() {
	var hs []string
	for _, a := range campaign.BuildShortlist(testBrief(), wavesRoster(), nil).Ranked {
		hs = append(hs, a.Creator.Handle)
	}
	s.Equal([]string{"ana", "ben", "cai", "dee", "eve"}, hs)
}

func (s *WorkflowSuite) TestDeclineInvitesTheNextCreatorAsWave2() {
	inputs := s.captureCollaborations()
	s.rec.roster = wavesRoster()
	s.sayTo("ana", time.Hour, "Thanks, but I'll pass")
	s.sayTo("ben", time.Hour, "Yes, sounds good!")
	var during CampaignStatus
	s.env.RegisterDelayedCallback(func() { during = s.campaignStatus() }, 90*time.Minute)
	s.sayTo("cai", 2*time.Hour, "Yes! I'm in")
	s.runCampaign(testBrief())

	s.Equal([]string{"ana", "ben", "cai"}, sorted(s.invited()), "one decline, one replacement; dee and eve stay in reserve")
	s.Equal("cai", s.invited()[2], "the replacement comes after the first wave")
	lines, w := s.reported()
	s.Equal([]string{"ana declined 1", "ben missed_draft 1", "cai missed_draft 2 for ana"}, lines)
	s.Require().NotNil(w)
	s.Equal(campaign.WaveSummary{Wanted: 2, Agreements: 2, Invited: 3, Waves: 2, Reserve: 2}, *w)

	// While it ran, the status showed the waves and the reserve.
	s.Equal(2, during.Reserve)
	s.Require().Len(during.Creators, 3)
	s.Equal(CreatorSummary{Handle: "cai", Platform: "instagram", WorkflowID: "campaign/spring/creator/cai", Wave: 2, Replaces: "ana"}, during.Creators[2])
	s.Equal(campaign.OutcomeDeclined, during.Creators[0].Outcome)

	// Each collaboration knows its wave and how it was vetted.
	in := inputs()
	s.Equal(1, in["ana"].Wave)
	s.Equal(2, in["cai"].Wave)
	s.Require().NotNil(in["cai"].Vetting)
	sl := campaign.BuildShortlist(testBrief(), wavesRoster(), nil)
	s.InDelta(sl.Ranked[2].Score, in["cai"].Vetting.Score, 1e-9)
	s.Equal(sl.Ranked[2].Flags, in["cai"].Vetting.Flags)
}

func (s *WorkflowSuite) TestSilenceThroughEveryFollowUpInvitesTheNext() {
	s.rec.roster = wavesRoster()
	s.sayTo("ben", time.Hour, "Yes, sounds good!")
	s.sayTo("cai", 10*24*time.Hour+2*time.Hour, "yes")
	s.runCampaign(testBrief())

	var anaSteps []string
	caiOutreach, anaLast := -1, -1
	for i, e := range s.rec.emails {
		switch {
		case e.Creator.Handle == "ana":
			anaSteps, anaLast = append(anaSteps, e.Step), i
		case e.Creator.Handle == "cai" && e.Step == "outreach":
			caiOutreach = i
		}
	}
	s.Equal([]string{"outreach", "follow-up-1", "follow-up-2"}, anaSteps)
	s.Greater(caiOutreach, anaLast, "cai is invited only once ana stayed silent through every follow-up")
	lines, w := s.reported()
	s.Equal([]string{"ana unresponsive 1", "ben missed_draft 1", "cai missed_draft 2 for ana"}, lines)
	s.False(w.Spent)
}

func (s *WorkflowSuite) TestShortlistSpentEndsTheCampaignAndTheReportSaysSo() {
	s.rec.roster = wavesRoster()
	b := testBrief()
	b.CreatorsWanted = 3
	b.Budget.Amount = 3 * b.Offer.Fee.Amount
	s.sayTo("ana", time.Hour, "yes")
	s.sayTo("ben", time.Hour, "yes")
	s.sayTo("cai", time.Hour, "no thanks, not interested")
	s.sayTo("dee", 2*time.Hour, "I'll pass")
	// eve, wave 3, never answers.
	s.runCampaign(b)

	lines, w := s.reported()
	s.Equal([]string{"ana missed_draft 1", "ben missed_draft 1", "cai declined 1", "dee declined 2 for cai", "eve unresponsive 3 for dee"}, lines)
	s.Require().NotNil(w)
	s.True(w.Spent)
	s.Equal("shortlist spent: 2 of 3 agreements; 5 invited in 3 waves", w.String())
	s.Equal("done", s.campaignStatus().Stage)
	s.Zero(s.campaignStatus().Reserve)

	// The report built from this request says so.
	r, err := campaign.BuildReport(campaign.ReportInput{Brief: b, Results: s.rec.reports[0].Results, Waves: w}, campaign.ReportOptions{})
	s.Require().NoError(err)
	s.Contains(r.Notes, "The shortlist was spent before 3 agreements were reached: nobody was left to invite in place of 1 creator(s) who declined or never answered.")
	s.Equal(3, r.Creators[4].Wave)
	s.Equal("dee", r.Creators[4].Replaces)
}

func (s *WorkflowSuite) TestAnAgreementIsNeverReplaced() {
	s.rec.roster = wavesRoster()
	s.sayTo("ana", time.Hour, "yes")
	s.sayTo("ben", 3*time.Hour, "yes")
	s.runCampaign(testBrief())
	s.Equal([]string{"ana", "ben"}, sorted(s.invited()), "both agreed: nobody else is invited, even after their drafts never came")
	lines, w := s.reported()
	s.Equal([]string{"ana missed_draft 1", "ben missed_draft 1"}, lines)
	s.Equal(campaign.WaveSummary{Wanted: 2, Agreements: 2, Invited: 2, Waves: 1, Reserve: 3}, *w)
}

func (s *WorkflowSuite) TestARejectedDraftIsNotReplaced() {
	s.rec.roster = wavesRoster()
	s.sayTo("ana", time.Hour, "yes")
	s.sayTo("ana", 2*time.Hour, "draft https://drive.test/ana")
	s.env.RegisterDelayedCallback(func() {
		s.NoError(s.env.UpdateWorkflowByID(CollaborationWorkflowID("spring", "ana"), UpdateDecide, "reject-ana", &testsuite.TestUpdateCallback{
			OnReject: func(err error) { s.Fail("rejected", err.Error()) }, OnAccept: func() {}, OnComplete: func(any, error) {}},
			Decision{Verdict: VerdictReject, By: "ops@lumen.test", Feedback: "off brand"}))
	}, 3*time.Hour)
	s.sayTo("ben", time.Hour, "yes")
	s.runCampaign(testBrief())
	s.Equal([]string{"ana", "ben"}, sorted(s.invited()))
	lines, w := s.reported()
	s.Equal([]string{"ana rejected 1", "ben missed_draft 1"}, lines)
	s.False(w.Spent)
}

func (s *WorkflowSuite) TestCancellingTheCampaignStopsTheWaves() {
	s.rec.roster = wavesRoster()
	s.sayTo("ana", time.Hour, "no thanks")
	s.env.RegisterDelayedCallback(func() { s.env.CancelWorkflow() }, 2*time.Hour)
	s.env.SetTestTimeout(time.Minute) // wall clock: the 2-core machine is shared
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: testBrief()})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().Error(s.env.GetWorkflowError())
	s.Equal([]string{"ana", "ben", "cai"}, sorted(s.invited()), "cancelled collaborations are not replaced")
	s.Empty(s.rec.reports)
}

// Cohorts of 2 for 4 wanted of 6 ranked: cohort 1 invites c0 c1 with reserve
// [c4], cohort 2 invites c2 c3 with reserve [c5] (dealt in rank order).
func (s *WorkflowSuite) TestCohortsReplaceFromTheirShareOfTheReserve() {
	var cs []campaign.Creator
	for i := 0; i < 6; i++ {
		h := fmt.Sprintf("c%d", i)
		cs = append(cs, campaign.Creator{Platform: "instagram", Handle: h, Email: h + "@creators.test", Followers: 40_000,
			AvgLikes: int64(2000 - 200*i), AvgComments: int64(60 - 6*i)})
	}
	s.rec.roster = cs
	b := cohortBrief(4)
	b.Shortlist.Size = 6
	s.sayTo("c0", time.Hour, "no thanks") // cohort 1 → c4
	s.sayTo("c1", time.Hour, "yes")
	s.sayTo("c2", time.Hour, "yes")
	s.sayTo("c3", time.Hour, "I'll pass")   // cohort 2 → c5
	s.sayTo("c4", 2*time.Hour, "no thanks") // cohort 1's share is spent
	s.sayTo("c5", 2*time.Hour, "yes")
	var during CampaignStatus
	s.env.RegisterDelayedCallback(func() { during = s.campaignStatus() }, 90*time.Minute)
	s.env.SetTestTimeout(time.Minute) // wall clock: the 2-core machine is shared
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b, CohortSize: 2})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())

	s.Require().Len(s.cohorts, 2)
	share := map[int][]string{}
	for _, c := range s.cohorts {
		for _, inv := range c.Reserve {
			share[c.Number] = append(share[c.Number], inv.Creator.Handle)
		}
	}
	s.Equal(map[int][]string{1: {"c4"}, 2: {"c5"}}, share)
	lines, w := s.reported()
	s.Equal([]string{"c0 declined 1", "c1 missed_draft 1", "c2 missed_draft 1", "c3 declined 1",
		"c4 declined 2 for c0", "c5 missed_draft 2 for c3"}, lines)
	s.Equal(campaign.WaveSummary{Wanted: 4, Agreements: 3, Invited: 6, Waves: 2, Reserve: 0, Unreplaced: 1, Spent: true}, *w)
	s.Equal(2, during.Cohorts)
	s.Equal(2, during.Reserve, "the campaign's status shows each running cohort's wave 1 and share")
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// Once a collaboration ends over_budget, a later decline is not replaced: the
// replacement's agreement would be refused too.
func (s *WorkflowSuite) TestNoReplacementOnceTheBudgetIsSpent() {
	s.rec.roster = wavesRoster()
	b := testBrief() // offer 800, budget 2,000
	b.CreatorsWanted = 3
	s.sayTo("ben", time.Hour, "I'd do it for $1,600.")
	s.decideCounterOf(CollaborationWorkflowID("spring", "ben"), 2*time.Hour,
		CounterDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, new(error), new(error))
	s.sayTo("ana", 3*time.Hour, "Yes, count me in!") // 1,600 + 800 > 2,000: over budget
	s.sayTo("cai", 4*time.Hour, "Thanks, but I'll pass")
	s.runCampaign(b)

	s.Equal([]string{"ana", "ben", "cai"}, sorted(s.invited()), "dee stays in reserve: the budget is spent")
	lines, _ := s.reported()
	s.Equal([]string{"ana over_budget 1", "ben missed_draft 1", "cai declined 1"}, lines)
	s.LessOrEqual(s.rec.peak, int64(200000), "never more committed than the budget")
}
