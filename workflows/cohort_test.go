package workflows

import (
	"fmt"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// countCohorts is CohortWorkflow as registered in the suite: it notes each cohort started.
func (s *WorkflowSuite) countCohorts(ctx workflow.Context, in CohortInput) (CohortResult, error) {
	if !workflow.IsReplaying(ctx) {
		s.cohorts = append(s.cohorts, in)
	}
	return CohortWorkflow(ctx, in)
}

// cohortBrief wants every creator of the roster, so the campaign needs cohorts.
func cohortBrief(n int) campaign.Brief {
	b := testBrief()
	b.CreatorsWanted = n
	b.Budget.Amount = int64(n) * b.Offer.Fee.Amount
	b.Shortlist.Size = n
	return b
}

func roster(n int) []campaign.Creator {
	cs := make([]campaign.Creator, n)
	for i := range cs {
		h := fmt.Sprintf("c%d", i)
		cs[i] = campaign.Creator{Platform: "instagram", Handle: h, Email: h + "@creators.test", Followers: 20_000}
	}
	return cs
}

func (s *WorkflowSuite) TestLargeCampaignRunsItsCollaborationsInCohorts() {
	s.rec.roster = roster(5)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: cohortBrief(len(s.rec.roster)), CohortSize: 2})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())

	s.Require().Len(s.cohorts, 3, "5 creators in cohorts of 2")
	sizes := map[int]int{}
	for _, c := range s.cohorts {
		sizes[c.Number] = len(c.Invitees)
	}
	s.Equal(map[int]int{1: 2, 2: 2, 3: 1}, sizes)
	s.Require().Len(s.rec.reports, 1)
	var handles []string
	for _, r := range s.rec.reports[0].Results {
		handles = append(handles, r.Handle)
		s.Equal(campaign.OutcomeUnresponsive, r.Outcome, r.Handle)
	}
	s.Equal([]string{"c0", "c1", "c2", "c3", "c4"}, handles, "every creator's result reaches the report, in order")
	outreach := 0
	for _, e := range s.rec.emails {
		if e.Step == "outreach" {
			outreach++
		}
	}
	s.Equal(5, outreach)
}

func (s *WorkflowSuite) TestCampaignWithinOneCohortStartsCollaborationsItself() {
	s.rec.roster = roster(2)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: cohortBrief(len(s.rec.roster)), CohortSize: 2})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())
	s.Empty(s.cohorts)
	s.Require().Len(s.rec.reports, 1)
	s.Len(s.rec.reports[0].Results, 2)
}

func (s *WorkflowSuite) TestCancelledLargeCampaignCancelsCollaborationsInEveryCohort() {
	s.rec.roster = roster(3)
	s.env.RegisterDelayedCallback(func() { s.env.CancelWorkflow() }, 30*time.Hour)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: cohortBrief(len(s.rec.roster)), CohortSize: 2})
	s.Require().True(s.env.IsWorkflowCompleted())
	err := s.env.GetWorkflowError()
	s.Require().Error(err)
	s.Contains(err.Error(), "canceled")
	s.Empty(s.rec.reports, "a cancelled campaign builds no report")
	cancelled := map[string]bool{}
	for _, r := range s.rec.records {
		if r.Outcome == campaign.OutcomeCancelled {
			cancelled[r.Creator.Handle] = true
		}
	}
	s.Equal(map[string]bool{"c0": true, "c1": true, "c2": true}, cancelled)
}

func (s *WorkflowSuite) TestAFailedCollaborationInACohortIsReportedNotFatal() {
	s.rec.roster = roster(3)
	s.env.OnActivity(ActSendEmail, mock.Anything, mock.Anything).Return(EmailResult{},
		temporal.NewNonRetryableApplicationError("recipient rejected", "BadRecipient", nil))
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: cohortBrief(len(s.rec.roster)), CohortSize: 2})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())
	s.Len(s.cohorts, 2)
	s.Require().Len(s.rec.reports, 1)
	for _, r := range s.rec.reports[0].Results {
		s.Equal(campaign.OutcomeFailed, r.Outcome, r.Handle)
	}
}
