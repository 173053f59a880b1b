package workflows

import (
	"fmt"
	"time"

	"github.com/stretchr/testify/mock"

	"github.com/creatorflow/creatorflow/campaign"
)

// TestCampaignInvitesFromACompactShortlist: the ShortlistCreators activity
// returns a compact shortlist past its top (campaign.Shortlist.Compacted); the
// campaign decodes it as before and the creators it invites past the top get
// their outreach with their name and address, and approval works on it.
func (s *WorkflowSuite) TestCampaignInvitesFromACompactShortlist() {
	var roster []campaign.Creator
	for i := range 30 {
		h := fmt.Sprintf("c%02d", i)
		roster = append(roster, campaign.Creator{Platform: "instagram", Handle: h, Name: "Creator " + h, Email: h + "@creators.test",
			Followers: 40_000, AvgLikes: int64(2000 - 50*i), AvgComments: int64(2000-50*i) / 30})
	}
	b := testBrief()
	b.CreatorsWanted = 14
	b.Budget.Amount = 14 * b.Offer.Fee.Amount
	b.Shortlist.Size = 20
	b.Shortlist.Approval = true
	full := campaign.BuildShortlist(b, roster, nil)
	compact := full.Compacted()
	s.Require().True(compact.Compact)
	s.env.OnActivity(ActShortlistCreators, mock.Anything, mock.Anything).Return(compact, nil)

	var refused error
	var res ShortlistDecisionResult
	s.decideShortlist(time.Minute, ShortlistDecision{Verdict: VerdictApprove, By: "ops@lumen.test", Drop: []string{"c03", "c12"}}, &refused, &res)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.NoError(refused)

	st := s.queryShortlist()
	s.True(st.Shortlist.Compact)
	s.Equal(20, len(st.Shortlist.Ranked))
	s.Len(res.Invite, 14)
	s.NotContains(res.Invite, "c03")
	s.NotContains(res.Invite, "c12")
	s.Contains(res.Invite, "c15", "past the top ten, c15 moves up for the two dropped")
	s.ElementsMatch(res.Invite, s.invited()[:14], "the first wave; the rest of the shortlist replaces the silent")
	for _, e := range s.rec.emails {
		if e.Step == "outreach" {
			s.Equal("Creator "+e.Creator.Handle, e.Creator.Name)
			s.Equal(e.Creator.Handle+"@creators.test", e.Creator.Email)
			s.Equal(int64(40_000), e.Creator.Followers)
		}
	}
}
