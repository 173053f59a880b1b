package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// TestBaselineRunAsksNoOtherVersion: a new collaboration records the
// baseline marker only — none of the changes it stands for asks GetVersion
// (each would cost a marker and a TemporalChangeVersion upsert) — and still
// takes every one of them (here: the approved draft is stored).
func (s *WorkflowSuite) TestBaselineRunAsksNoOtherVersion() {
	for id := range baselineChanges {
		s.env.OnGetVersion(id, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion).Maybe()
	}
	res := s.approvedThenPublished()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal([]Stage{StageTerms, StageAwaitingPublication, StageAwaitingPublication, StageDone}, s.recordedStages(),
		"every baseline change is on, though asking for any of them would have said DefaultVersion")
}

// TestRunBeforeTheBaselineAsksEachChange: a run without the baseline marker
// (started before it, replayed) asks each change, as before.
func (s *WorkflowSuite) TestRunBeforeTheBaselineAsksEachChange() {
	s.env.OnGetVersion(VersionCollaborationBaseline, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	s.env.OnGetVersion(ChangeRecordApprovedDraft, workflow.DefaultVersion, 1).Return(workflow.Version(1)).Once()
	res := s.approvedThenPublished()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.env.AssertExpectations(s.T())
}

// TestLocalPullsRunInsideTheWorkflowTask: a monitor started by a baseline
// collaboration pulls as local activities (a marker each, no activity task),
// every scheduled pull, with the same figures stored.
func (s *WorkflowSuite) TestLocalPullsRunInsideTheWorkflowTask() {
	var timers, activities, local int
	s.env.SetOnTimerScheduledListener(func(string, time.Duration) { timers++ })
	s.env.SetOnActivityStartedListener(func(*activity.Info, context.Context, converter.EncodedValues) { activities++ })
	s.env.SetOnLocalActivityStartedListener(func(*activity.Info, context.Context, []any) { local++ })
	b := testBrief()
	s.env.ExecuteWorkflow(MonitorPostWorkflow, MonitorInput{CampaignID: "spring", Brief: b, Creator: jane,
		PostURL: "https://www.instagram.com/p/Cabc123/", PublishedAt: s.env.Now(), LocalPulls: true})
	s.Require().NoError(s.env.GetWorkflowError())
	var res MonitorResult
	s.Require().NoError(s.env.GetWorkflowResult(&res))
	pulls := len(b.Timing.Monitoring)
	s.Equal(pulls, res.Pulls)
	s.Len(s.rec.pulls, pulls)
	s.Equal(pulls, timers)
	s.Equal(0, activities)
	s.Equal(pulls, local)
}
