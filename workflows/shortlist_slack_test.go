package workflows

import (
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
)

func (s *WorkflowSuite) shortlistApprovalBrief() {
	s.rec.roster = shortlistRoster()
	s.env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: CampaignWorkflowID("spring")})
}

func (s *WorkflowSuite) shortlistPosts() []ApprovalRequest {
	var out []ApprovalRequest
	for _, a := range s.rec.approvals {
		if a.Kind == ApprovalShortlist {
			out = append(out, a)
		}
	}
	return out
}

func (s *WorkflowSuite) TestShortlistApprovalIsPostedToSlackAndRewrittenOnceDecided() {
	s.shortlistApprovalBrief()
	b := testBrief()
	b.Shortlist.Approval = true
	b.Approvers = []string{"ops@lumen.test", "U-LEAD"}
	var stranger, approved error
	var res ShortlistDecisionResult
	// An approver named by Slack user ID, whose email the brief does not list.
	s.decideShortlist(time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "eve@elsewhere.test", SlackUser: "U-EVE"}, &stranger, nil)
	s.decideShortlist(2*time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "lead@lumen.test", SlackUser: "U-LEAD",
		Drop: []string{"ana"}, Reason: "worked for a competitor"}, &approved, &res)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())

	posts := s.shortlistPosts()
	s.Require().Len(posts, 1, "one approval request for the shortlist")
	p := posts[0]
	s.Equal("campaign/spring/shortlist", p.Key)
	s.Equal("campaign/spring", p.WorkflowID)
	s.Equal("spring", p.CampaignID)
	s.Require().NotNil(p.Shortlist)
	var ranked []string
	for _, a := range p.Shortlist.Ranked {
		ranked = append(ranked, a.Creator.Handle)
		s.Empty(a.Components, "the card needs no score components")
		s.Greater(a.Score, 0.0)
	}
	s.Equal([]string{"ana", "ben", "cai", "dee"}, ranked)
	s.Len(p.Shortlist.Excluded, 1)

	s.ErrorContains(stranger, "eve@elsewhere.test is not an approver")
	s.NoError(approved)
	s.Equal([]string{"ben", "cai"}, res.Invite)
	s.ElementsMatch([]string{"ben", "cai"}, s.invited()[:2], "the first wave; later waves replace the silent")

	s.Require().Len(s.rec.outcomes, 1, "the card is rewritten once")
	o := s.rec.outcomes[0]
	s.Equal(ApprovalMessage{Channel: "C1", TS: "1.1"}, o.Message)
	s.Equal(p.Key, o.Request.Key)
	s.Equal(Decision{Verdict: VerdictApprove, By: "lead@lumen.test", SlackUser: "U-LEAD", Feedback: "worked for a competitor"}, o.Decision)
	s.Equal([]string{"ana"}, o.Drop)
	s.False(o.At.IsZero())
}

func (s *WorkflowSuite) TestRejectedShortlistCardIsRewritten() {
	s.shortlistApprovalBrief()
	b := testBrief()
	b.Shortlist.Approval = true
	var rejected error
	s.decideShortlist(time.Hour, ShortlistDecision{Verdict: VerdictReject, By: "ops@lumen.test", SlackUser: "U-OPS", Reason: "wrong audience"}, &rejected, nil)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.NoError(rejected)
	s.Require().Len(s.rec.outcomes, 1)
	s.Equal(VerdictReject, s.rec.outcomes[0].Decision.Verdict)
	s.Equal("wrong audience", s.rec.outcomes[0].Decision.Feedback)
	s.Empty(s.rec.emails, "nobody is contacted")
}

func (s *WorkflowSuite) TestShortlistWithoutSlackWaitsForTheCLI() {
	s.shortlistApprovalBrief()
	b := testBrief()
	b.Shortlist.Approval = true
	s.env.OnActivity(ActPostApprovalRequest, mock.Anything, mock.Anything).Return(ApprovalMessage{}, nil) // Slack not configured
	var approved error
	s.decideShortlist(time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &approved, nil)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.NoError(approved)
	s.Empty(s.rec.outcomes, "no card to rewrite")
	s.ElementsMatch([]string{"ana", "ben"}, s.invited()[:2], "the first wave; later waves replace the silent")
}

// Slack is down (the post keeps retrying) and ops decide with the CLI:
// outreach does not wait for Slack, and the post is given up.
func (s *WorkflowSuite) TestShortlistDecidedBeforeThePostLandsDoesNotWaitForSlack() {
	s.shortlistApprovalBrief()
	b := testBrief()
	b.Shortlist.Approval = true
	s.env.OnActivity(ActPostApprovalRequest, mock.Anything, mock.Anything).After(48*time.Hour).Return(ApprovalMessage{Channel: "C1", TS: "9.9"}, nil)
	var approved error
	var outreachWhileSlackDown bool
	s.decideShortlist(time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &approved, nil)
	s.env.RegisterDelayedCallback(func() { outreachWhileSlackDown = len(s.invited()) > 0 }, 2*time.Hour)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.NoError(approved)
	s.True(outreachWhileSlackDown, "outreach went out within an hour of the decision, while Slack was still down")
	s.Empty(s.rec.outcomes, "no card landed, none to rewrite")
}

// The draft's approval request carries the creator's vetting, for the card.
func (s *WorkflowSuite) TestDraftApprovalRequestCarriesTheVetting() {
	var ok error
	s.say(time.Hour, "Yes, sounds good!")
	s.say(2*time.Hour, "Here is my draft: https://drive.test/d/1")
	s.decide(3*time.Hour, Decision{Verdict: VerdictReject, By: "ops@lumen.test"}, &ok)
	vetting := &VettingSummary{Score: 72, Flags: []campaign.Flag{{Kind: campaign.FlagLikesComments, Severity: campaign.Warning, Evidence: "odd ratio"}}}
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: testBrief(), Creator: jane, Vetting: vetting})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(ok)
	s.Require().Len(s.rec.approvals, 1)
	s.Equal(vetting, s.rec.approvals[0].Vetting)
}

// A second decision while the first one's card is still being rewritten (a
// slow Slack) is refused: the campaign follows the first decision only.
func (s *WorkflowSuite) TestShortlistSecondDecisionWhileTheCardIsRewrittenIsRefused() {
	s.shortlistApprovalBrief()
	b := testBrief()
	b.Shortlist.Approval = true
	s.env.OnActivity(ActUpdateApprovalMessage, mock.Anything, mock.Anything).After(2 * time.Hour).Return(nil)
	var first, second error
	s.decideShortlist(time.Hour, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &first, nil)
	s.decideShortlist(90*time.Minute, ShortlistDecision{Verdict: VerdictReject, By: "ops@lumen.test", Reason: "changed my mind"}, &second, nil)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.NoError(first)
	s.ErrorContains(second, "the shortlist of spring was already approved by ops@lumen.test")
	s.NotEmpty(s.invited(), "the campaign followed the first decision")
	s.Equal(VerdictApprove, s.queryShortlist().Decision.Verdict)
}
