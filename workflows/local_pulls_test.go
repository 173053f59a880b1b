package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
)

// TestLocalPullsRunInsideTheWorkflowTask: the monitor pulls as local
// activities (a marker each, no activity task), every scheduled pull, with
// the same figures stored: one post's monitoring costs one start and a timer
// a pull.
func (s *WorkflowSuite) TestLocalPullsRunInsideTheWorkflowTask() {
	var timers, activities, local int
	s.env.SetOnTimerScheduledListener(func(string, time.Duration) { timers++ })
	s.env.SetOnActivityStartedListener(func(*activity.Info, context.Context, converter.EncodedValues) { activities++ })
	s.env.SetOnLocalActivityStartedListener(func(*activity.Info, context.Context, []any) { local++ })
	b := testBrief()
	s.env.ExecuteWorkflow(MonitorPostWorkflow, MonitorInput{CampaignID: "spring", Brief: b, Creator: jane,
		PostURL: "https://www.instagram.com/p/Cabc123/", PublishedAt: s.env.Now()})
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
