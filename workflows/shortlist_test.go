package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
)

// shortlist stands in for ShortlistCreators: the real ranking over the test roster.
func (r *recorder) shortlist(ctx context.Context, req ShortlistRequest) (campaign.Shortlist, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.vetted++
	return campaign.BuildShortlist(req.Brief, r.roster, nil), nil
}

func shortlistRoster() []campaign.Creator {
	mk := func(h string, followers, likes int64) campaign.Creator {
		return campaign.Creator{Platform: "instagram", Handle: h, Email: h + "@creators.test", Followers: followers,
			AvgLikes: likes, AvgComments: likes / 30}
	}
	risky := mk("risky", 90_000, 9000)
	risky.BrandSafety = []string{"hate"}
	// Engagement decides the order here: ana 4%, ben 2%, cai 1%, dee 0.5%.
	return []campaign.Creator{mk("dee", 40_000, 194), mk("ben", 40_000, 774), mk("ana", 40_000, 1548), mk("cai", 40_000, 387), risky}
}

func (s *WorkflowSuite) invited() []string {
	var hs []string
	for _, e := range s.rec.emails {
		if e.Step == "outreach" {
			hs = append(hs, e.Creator.Handle)
		}
	}
	return hs
}

func (s *WorkflowSuite) decideShortlist(after time.Duration, d ShortlistDecision, rejected *error, result *ShortlistDecisionResult) {
	s.env.RegisterDelayedCallback(func() {
		s.env.UpdateWorkflow(UpdateShortlist, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) { *rejected = err },
			OnAccept: func() {},
			OnComplete: func(v any, err error) {
				if r, ok := v.(ShortlistDecisionResult); ok && result != nil {
					*result = r
				}
			},
		}, d)
	}, after)
}

func (s *WorkflowSuite) queryShortlist() ShortlistState {
	var st ShortlistState
	v, err := s.env.QueryWorkflow(QueryShortlist)
	s.Require().NoError(err)
	s.Require().NoError(v.Get(&st))
	return st
}

func (s *WorkflowSuite) TestCampaignInvitesTheTopOfTheShortlistWithoutApproval() {
	s.rec.roster = shortlistRoster()
	var early error
	s.decideShortlist(time.Minute, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &early, nil)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: testBrief()})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.Equal(1, s.rec.vetted)
	s.Require().Len(s.invited(), 4)
	s.ElementsMatch([]string{"ana", "ben"}, s.invited()[:2], "creators_wanted = 2, best scores first")
	s.ElementsMatch([]string{"cai", "dee"}, s.invited()[2:], "silent creators are replaced from the shortlist (waves_test.go)")
	s.ErrorContains(early, "does not wait for approval")
	st := s.queryShortlist()
	var ranked []string
	for _, a := range st.Shortlist.Ranked {
		ranked = append(ranked, a.Creator.Handle)
	}
	s.Equal([]string{"ana", "ben", "cai", "dee"}, ranked)
	s.Require().Len(st.Shortlist.Excluded, 1)
	s.Contains(st.Shortlist.Excluded[0].Excluded, "content labelled hate")
}

func (s *WorkflowSuite) TestShortlistApprovalWaitsThenInvitesWithoutDropped() {
	s.rec.roster = shortlistRoster()
	b := testBrief()
	b.Shortlist.Approval = true
	var stranger, unknown, approved, twice error
	var res ShortlistDecisionResult
	var during ShortlistState
	var stage CampaignStatus
	s.env.RegisterDelayedCallback(func() {
		during = s.queryShortlist()
		v, err := s.env.QueryWorkflow(QueryStatus)
		s.Require().NoError(err)
		s.NoError(v.Get(&stage))
	}, 2*24*time.Hour)
	s.decideShortlist(3*24*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "mallory@evil.test"}, &stranger, nil)
	s.decideShortlist(3*24*time.Hour+time.Minute, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Drop: []string{"zed"}}, &unknown, nil)
	s.decideShortlist(3*24*time.Hour+2*time.Minute, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Drop: []string{"ana"}}, &approved, &res)
	s.decideShortlist(3*24*time.Hour+3*time.Minute, ShortlistDecision{Verdict: VerdictReject, By: "ops@lumen.test", Reason: "late"}, &twice, nil)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())

	s.True(during.Awaiting, "nothing is sent while the shortlist waits")
	s.Equal(StageShortlistApproval, stage.Stage)
	s.Empty(stage.Creators)
	s.ErrorContains(stranger, "mallory@evil.test is not an approver")
	s.ErrorContains(unknown, "zed is not on the shortlist")
	s.NoError(approved)
	s.Equal([]string{"ben", "cai"}, res.Invite)
	s.ErrorContains(twice, "already approved by ops@lumen.test")
	s.Require().Len(s.invited(), 3)
	s.ElementsMatch([]string{"ben", "cai"}, s.invited()[:2])
	s.Equal([]string{"dee"}, s.invited()[2:], "the dropped ana is not invited in a later wave either")
}

func (s *WorkflowSuite) TestRejectedShortlistEndsTheCampaignWithoutOutreach() {
	s.rec.roster = shortlistRoster()
	b := testBrief()
	b.Shortlist.Approval = true
	var noReason, rejected error
	s.decideShortlist(time.Hour, ShortlistDecision{Verdict: VerdictReject, By: "ops@lumen.test"}, &noReason, nil)
	s.decideShortlist(2*time.Hour, ShortlistDecision{Verdict: VerdictReject, By: "ops@lumen.test", Reason: "wrong audience"}, &rejected, nil)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.ErrorContains(noReason, "needs a reason")
	s.NoError(rejected)
	var res CampaignResult
	s.NoError(s.env.GetWorkflowResult(&res))
	s.Require().NotNil(res.ShortlistRejected)
	s.Equal("wrong audience", res.ShortlistRejected.Reason)
	s.Empty(s.rec.emails, "nobody is contacted")
	s.Empty(s.rec.reports)
}

func (s *WorkflowSuite) TestCancelWhileTheShortlistWaits() {
	s.rec.roster = shortlistRoster()
	b := testBrief()
	b.Shortlist.Approval = true
	s.env.RegisterDelayedCallback(func() { s.env.CancelWorkflow() }, time.Hour)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().Error(s.env.GetWorkflowError())
	s.Contains(s.env.GetWorkflowError().Error(), "canceled")
	s.Empty(s.rec.emails)
}
