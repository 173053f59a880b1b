package workflows

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

// batches records the batched pulls: one entry per activity call, with the
// handles it served.
func (r *recorder) registerBatch(env *testsuite.TestWorkflowEnvironment, batches *[][]string) {
	env.RegisterActivityWithOptions(func(ctx context.Context, pulls []MetricsPull) ([]PullOutcome, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		var hs []string
		out := make([]PullOutcome, len(pulls))
		for i, p := range pulls {
			hs = append(hs, fmt.Sprintf("%s#%d", p.Creator.Handle, p.Pull))
			r.pulls = append(r.pulls, p)
			out[i].Snapshot = campaign.Snapshot{Handle: p.Creator.Handle, Pull: p.Pull, Likes: 5000, Source: "api"}
			if p.Creator.Handle == "gone" && p.Pull == 1 {
				out[i] = PullOutcome{ErrType: ErrPostGone, Error: "instagram: post deleted"}
			}
		}
		*batches = append(*batches, hs)
		return out, nil
	}, activity.RegisterOptions{Name: ActPullMetricsBatch})
}

func (s *WorkflowSuite) TestPostsDueTogetherShareOnePull() {
	var batches [][]string
	s.rec.registerBatch(s.env, &batches)
	s.env.RegisterWorkflowWithOptions(CampaignMonitorWorkflow, workflowName(CampaignMonitorWorkflowName))
	s.env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, "", SignalMonitoringDone, mock.Anything).Return(nil)
	b := testBrief()
	b.Timing.BatchWindow = campaign.Duration(time.Hour)
	t0 := s.env.Now()
	post := func(h string, after time.Duration) WatchedPost {
		return WatchedPost{WatchPost: WatchPost{Creator: campaign.Creator{Platform: "instagram", Handle: h, Followers: 10_000},
			PostURL: "https://www.instagram.com/p/" + h + "1/", PublishedAt: t0.Add(after), Collaboration: "campaign/spring/creator/" + h}}
	}
	// Three posts published within 40 minutes, a fourth handed over two days later.
	s.env.RegisterDelayedCallback(func() {
		s.env.SignalWorkflow(SignalWatchPost, post("late", 48*time.Hour).WatchPost)
	}, 48*time.Hour)
	s.env.ExecuteWorkflow(CampaignMonitorWorkflow, CampaignMonitorInput{CampaignID: "spring", Brief: b,
		Posts: []WatchedPost{post("ana", 0), post("bo", 10*time.Minute), post("gone", 40*time.Minute)}})
	s.Require().NoError(s.env.GetWorkflowError())

	s.Equal([]string{"ana#0", "bo#0", "gone#0"}, batches[0], "the +1h pulls of all three in one call")
	s.Equal([]string{"ana#1", "bo#1", "gone#1"}, batches[1])
	s.Equal([]string{"late#0"}, batches[2], "a post published later is pulled on its own schedule")
	// 3 posts × 6 pulls, less the deleted post's last 4, plus the late post's 6.
	s.Len(s.rec.pulls, 3*6-4+6)
	s.Len(batches, 11, "late#1 (+24h of a post two days later) is due with the others' +3d: 11 calls instead of 20")
	s.Equal([]string{AlertPostGone}, s.rec.alertKinds())
	for i, p := range s.rec.pulls {
		s.False(p.DueAt.After(s.rec.pulls[i].DueAt.Add(time.Hour)), "never more than the window late")
	}
	s.T().Logf("batched: %d activities + %d timers for %d post pulls (%.2f activity actions per post pull)",
		len(batches), len(batches), len(s.rec.pulls), float64(len(batches))/float64(len(s.rec.pulls)))
}

func (s *WorkflowSuite) TestCampaignMonitorContinuesAsNewKeepingItsPosts() {
	var batches [][]string
	s.rec.registerBatch(s.env, &batches)
	s.env.RegisterWorkflowWithOptions(CampaignMonitorWorkflow, workflowName(CampaignMonitorWorkflowName))
	b := testBrief()
	b.Timing.BatchWindow = campaign.Duration(time.Hour)
	s.env.ExecuteWorkflow(CampaignMonitorWorkflow, CampaignMonitorInput{CampaignID: "spring", Brief: b, MaxRoundsPerRun: 2,
		Posts: []WatchedPost{{WatchPost: WatchPost{Creator: jane, PostURL: "https://www.instagram.com/p/Cabc123/", PublishedAt: s.env.Now()}}}})
	var next CampaignMonitorInput
	s.Require().True(continuedAsNew(s.env.GetWorkflowError(), &next))
	s.Equal(1, next.Runs)
	s.Equal(2, next.Rounds)
	s.Require().Len(next.Posts, 1)
	s.Equal(2, next.Posts[0].State.Next)
}

func (s *WorkflowSuite) TestBatchedCampaignEndToEndInTheTestsuite() {
	var batches [][]string
	s.rec.registerBatch(s.env, &batches)
	s.env.RegisterWorkflowWithOptions(CampaignMonitorWorkflow, workflowName(CampaignMonitorWorkflowName))
	// Not running yet: the first collaboration to publish starts it.
	s.env.OnSignalExternalWorkflow(mock.Anything, CampaignMonitorWorkflowID("spring"), "", SignalWatchPost, mock.Anything).
		Return(errors.New("workflow not found"))
	omar := campaign.Creator{Platform: "instagram", Handle: "omar", Name: "Omar", Email: "omar@creators.test", Followers: 20_000}
	s.rec.roster = []campaign.Creator{jane, omar}
	b := testBrief()
	b.Timing.BatchWindow = campaign.Duration(2 * time.Hour)
	for i, h := range []string{"jane", "omar"} {
		id := CollaborationWorkflowID(b.ID, h)
		at := time.Duration(i) * 30 * time.Minute
		sig := func(after time.Duration, text string) {
			s.env.RegisterDelayedCallback(func() { s.NoError(s.env.SignalWorkflowByID(id, SignalCreatorMessage, reply.Classify(text))) }, after+at)
		}
		sig(time.Hour, "yes")
		sig(2*time.Hour, "draft https://drive.test/"+h)
		s.env.RegisterDelayedCallback(func() {
			s.NoError(s.env.UpdateWorkflowByID(id, UpdateDecide, "approve-"+h, &testsuite.TestUpdateCallback{
				OnReject: func(err error) { s.Fail("rejected", err.Error()) }, OnAccept: func() {}, OnComplete: func(any, error) {}},
				Decision{Verdict: VerdictApprove, By: "ops@lumen.test"}))
		}, 3*time.Hour+at)
		sig(5*time.Hour, "live https://www.instagram.com/p/C"+h+"1/")
	}
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: b})
	s.Require().NoError(s.env.GetWorkflowError())
	s.Require().Len(s.rec.reports, 1)
	for _, r := range s.rec.reports[0].Results {
		s.Equal(campaign.OutcomeCompleted, r.Outcome, r.Handle)
	}
	s.Len(batches, 6, "both posts, published 30 minutes apart, share every pull")
	for _, bt := range batches {
		s.Len(bt, 2)
	}
}

func workflowName(n string) workflow.RegisterOptions { return workflow.RegisterOptions{Name: n} }

func continuedAsNew(err error, next any) bool {
	var can *workflow.ContinueAsNewError
	if !errors.As(err, &can) {
		return false
	}
	return converter.GetDefaultDataConverter().FromPayloads(can.Input, next) == nil
}
