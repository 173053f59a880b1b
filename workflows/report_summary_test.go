package workflows

import (
	"context"
	"errors"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
)

func (r *recorder) registerReportSummary(env *testsuite.TestWorkflowEnvironment) {
	env.RegisterActivityWithOptions(func(ctx context.Context, s ReportSummary) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.summaries = append(r.summaries, s)
		return nil
	}, activity.RegisterOptions{Name: ActPostReportSummary})
}

// After the report is stored, its summary goes to Slack: the report the
// workflow built, once, after BuildReport.
func (s *WorkflowSuite) TestCampaignPostsReportSummaryAfterTheReport() {
	s.rec.roster = []campaign.Creator{jane}
	var order []string
	s.env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
		order = append(order, info.ActivityType.Name)
	})
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: testBrief()})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.Require().NoError(s.env.GetWorkflowError())
	s.Require().Len(s.rec.summaries, 1)
	s.Equal("spring", s.rec.summaries[0].Report.CampaignID, "the summary is of the report just built")
	s.Require().GreaterOrEqual(len(order), 2)
	s.Equal([]string{ActBuildReport, ActPostReportSummary}, order[len(order)-2:], "the summary is posted after the report, last")
}

// A summary that cannot be posted does not fail the campaign: the report is stored.
func (s *WorkflowSuite) TestReportSummaryFailureDoesNotFailTheCampaign() {
	s.rec.roster = []campaign.Creator{jane}
	s.env.OnActivity(ActPostReportSummary, mock.Anything, mock.Anything).Return(errors.New("slack: channel_not_found"))
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: testBrief()})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	var res CampaignResult
	s.NoError(s.env.GetWorkflowResult(&res))
	s.Equal("spring", res.Report.CampaignID)
	s.Len(s.rec.reports, 1)
}
