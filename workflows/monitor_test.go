package workflows

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// monitoring is the recorder's part for publication and monitoring: the
// links checked, the alerts sent, and scripted platform answers.
type monitoring struct {
	checks []PostCheckRequest
	alerts []Alert
	// pullErr, when set, answers a pull with an error (by pull index).
	pullErr func(p MetricsPull) error
	// figures answers a pull with these snapshot figures (by pull index).
	figures func(p MetricsPull) campaign.Snapshot
	// disclosure is what CheckPost reports ("" means found).
	disclosure string
	runs       map[string]bool // monitor run IDs that pulled
}

func (r *recorder) registerMonitoring(env *testsuite.TestWorkflowEnvironment) {
	env.RegisterWorkflowWithOptions(MonitorPostWorkflow, workflow.RegisterOptions{Name: MonitorPostWorkflowName})
	env.RegisterWorkflowWithOptions(UsageRightsWorkflow, workflow.RegisterOptions{Name: UsageRightsWorkflowName})
	reg := func(fn any, name string) { env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name}) }
	reg(func(ctx context.Context, req PostCheckRequest) (PostCheck, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.checks = append(r.checks, req)
		switch {
		case strings.Contains(req.URL, "/explore/"):
			return PostCheck{Problem: "instagram: post link " + req.URL + " is not an Instagram post link (instagram.com/p/… or instagram.com/reel/…)"}, nil
		case strings.Contains(req.URL, "deleted"):
			return PostCheck{Problem: "instagram: the post " + req.URL + " cannot be found"}, nil
		}
		d := r.disclosure
		if d == "" {
			d = DisclosureFound
		}
		return PostCheck{Valid: true, PostID: "x", URL: req.URL, Disclosure: d}, nil
	}, ActCheckPost)
	reg(func(ctx context.Context, a Alert) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.alerts = append(r.alerts, a)
		return nil
	}, ActAlertOps)
	// Replaces the recorder's PullMetrics stub with a scriptable one.
	reg(func(ctx context.Context, p MetricsPull) (campaign.Snapshot, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.pulls = append(r.pulls, p)
		if r.runs == nil {
			r.runs = map[string]bool{}
		}
		r.runs[activity.GetInfo(ctx).WorkflowExecution.RunID] = true
		if r.pullErr != nil {
			if err := r.pullErr(p); err != nil {
				return campaign.Snapshot{}, err
			}
		}
		s := campaign.Snapshot{CampaignID: p.CampaignID, Handle: p.Creator.Handle, Pull: p.Pull, Source: "api"}
		if r.figures != nil {
			s = r.figures(p)
		}
		return s, nil
	}, ActPullMetrics)
}

func (r *recorder) alertKinds() []string {
	var k []string
	for _, a := range r.alerts {
		k = append(k, a.Kind)
	}
	return k
}

// publishFlow scripts a collaboration up to the approval of the draft.
func (s *WorkflowSuite) publishFlow() {
	s.say(time.Hour, "Yes!")
	s.say(2*time.Hour, "draft https://drive.test/d/1")
	s.decide(3*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test"}, new(error))
}

func (s *WorkflowSuite) status() CollaborationStatus {
	var st CollaborationStatus
	v, err := s.env.QueryWorkflow(QueryStatus)
	s.Require().NoError(err)
	s.Require().NoError(v.Get(&st))
	return st
}

func (s *WorkflowSuite) TestInvalidPostLinkKeepsWaitingAndSaysWhy() {
	s.publishFlow()
	s.say(5*time.Hour, "it's live here https://www.instagram.com/explore/tags/serum/")
	var mid CollaborationStatus
	s.env.RegisterDelayedCallback(func() { mid = s.status() }, 6*time.Hour)
	s.say(30*time.Hour, "oops, this one: https://www.instagram.com/p/Cabc123/")
	res := s.runCollab()

	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal("https://www.instagram.com/p/Cabc123/", res.PostURL)
	s.Equal(StageAwaitingPublication, mid.Stage, "a refused link does not end the wait")
	s.Contains(mid.PostProblem, "is not an Instagram post link")
	s.Contains(mid.WaitingFor, "the last one was refused")
	s.Len(s.rec.checks, 2)
	s.Len(s.rec.pulls, 6)
	s.Empty(s.rec.alerts)
	s.NotContains(s.rec.emailSteps(), "publish-reminder", "the good link came before the publish date")
}

func (s *WorkflowSuite) TestLatePostIsRemindedThenAccepted() {
	s.publishFlow()
	// The brief's publish_due is 7d from approval; the link comes 8 days later.
	s.say(3*time.Hour+8*24*time.Hour, "sorry for the delay https://www.instagram.com/reel/Cabc123/")
	res := s.runCollab()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal([]string{"outreach", "terms", "go-ahead", "publish-reminder"}, s.rec.emailSteps())
	s.Len(s.rec.pulls, 6)
}

func (s *WorkflowSuite) TestNoValidPostAfterGraceIsNotPublished() {
	s.publishFlow()
	s.say(5*time.Hour, "https://www.instagram.com/p/deleted1/")
	res := s.runCollab()
	s.Equal(campaign.OutcomeNotPublished, res.Outcome)
	s.Equal([]string{"outreach", "terms", "go-ahead", "publish-reminder"}, s.rec.emailSteps())
	s.Empty(s.rec.pulls)
}

func (s *WorkflowSuite) TestMissingDisclosureAlertsOps() {
	s.rec.disclosure = DisclosureMissing
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	res := s.runCollab()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal([]string{AlertMissingDisclosure}, s.rec.alertKinds())
	s.Contains(s.rec.alerts[0].Text, `does not carry the disclosure "#ad"`)
	s.Contains(s.rec.alerts[0].Text, "https://www.instagram.com/p/Cabc123/")
	s.Require().Len(s.rec.records, 4) // agreed, draft approved, published, done
	st := s.status()
	s.Equal(DisclosureMissing, st.Disclosure)
	s.Equal([]string{AlertMissingDisclosure}, st.Alerts)
	s.Len(s.rec.pulls, 6, "monitoring goes on")
}

func (s *WorkflowSuite) TestDeletedPostStopsMonitoringAndAlertsOnce() {
	s.rec.pullErr = func(p MetricsPull) error {
		if p.Pull >= 2 {
			return temporal.NewNonRetryableApplicationError("instagram: post Cabc123 is not among the creator's media", ErrPostGone, nil)
		}
		return nil
	}
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	res := s.runCollab()
	s.NoError(s.env.GetWorkflowError())
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Len(s.rec.pulls, 3, "pulls 1 and 2 worked, pull 3 found the post gone; no more pulls")
	s.Equal([]string{AlertPostGone}, s.rec.alertKinds())
	s.Contains(s.rec.alerts[0].Text, "is gone")
	st := s.status()
	s.True(st.PostGone)
	s.Equal(2, st.Pulls)
}

func (s *WorkflowSuite) TestRevokedTokenAlertsOnceAndLaterPullsTryAgain() {
	s.rec.pullErr = func(p MetricsPull) error {
		if p.Pull == 1 || p.Pull == 2 {
			return temporal.NewNonRetryableApplicationError("tiktok: token refused; ask the creator to reconnect", ErrTokenRevoked, nil)
		}
		return nil
	}
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	res := s.runCollab()
	s.NoError(s.env.GetWorkflowError())
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Len(s.rec.pulls, 6)
	s.Equal([]string{AlertReconnect}, s.rec.alertKinds(), "one alert, not one per failed pull")
	s.Contains(s.rec.alerts[0].Text, "reconnect their instagram account")
	s.Contains(s.rec.alerts[0].Text, "starter metrics add spring jane")
	s.Equal(4, s.status().Pulls)
}

func (s *WorkflowSuite) TestUnderPerformanceAlertsOnceWithTheNumbers() {
	// jane has 50,000 followers; the benchmark is 3%: below 1.5% alerts.
	s.rec.figures = func(p MetricsPull) campaign.Snapshot {
		return campaign.Snapshot{Views: 10_000, Likes: 300, Comments: 50, Shares: 20, Saves: 30, Source: "api"} // 400 engagements = 0.8%
	}
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	b := testBrief()
	er := 0.03
	b.KPIs.EngagementRate = &er
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: b, Creator: jane})
	s.NoError(s.env.GetWorkflowError())
	s.Equal([]string{AlertUnderPerformance}, s.rec.alertKinds(), "once, though every pull is low")
	a := s.rec.alerts[0]
	s.Contains(a.Text, "under-performing at +3d")
	s.Contains(a.Text, "engagement rate 0.80% (400 engagements / 50000 followers; 10000 views)")
	s.Contains(a.Text, "below 1.50% — 50% of the 3.00% benchmark fixed at launch")
}

func (s *WorkflowSuite) TestGoodPerformanceDoesNotAlert() {
	s.rec.figures = func(p MetricsPull) campaign.Snapshot {
		return campaign.Snapshot{Views: 40_000, Likes: 1500, Comments: 100, Source: "api"} // 3.2%
	}
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	b := testBrief()
	er := 0.03
	b.KPIs.EngagementRate = &er
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: b, Creator: jane})
	s.NoError(s.env.GetWorkflowError())
	s.Empty(s.rec.alerts)
}

func (s *WorkflowSuite) TestUsageRightsReminderAndExpiry() {
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	b := testBrief()
	b.Timing.UsageRights = campaign.Duration(90 * 24 * time.Hour)
	b.Offer.UsageRights = "organic reposts for 90 days"
	var published time.Time
	s.env.RegisterDelayedCallback(func() { published = s.env.Now() }, 5*time.Hour)
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: b, Creator: jane})
	s.NoError(s.env.GetWorkflowError())
	// The test environment runs the abandoned child to its end too.
	s.Require().Len(s.rec.alerts, 2)
	s.Contains(s.rec.alerts[0].Text, "Usage rights for @jane's post")
	s.Contains(s.rec.alerts[0].Text, "(in 7d)")
	s.Contains(s.rec.alerts[1].Text, "Lumen must stop using the content now")
	s.Contains(s.rec.alerts[1].Text, "organic reposts for 90 days")
	end := published.Add(90 * 24 * time.Hour)
	s.Contains(s.rec.alerts[1].Text, end.UTC().Format("2006-01-02"))
	s.Equal(end.UTC().Format("2006-01-02"), s.status().UsageRightsEnd.UTC().Format("2006-01-02"))
}

func (s *WorkflowSuite) TestMonitoringContinuesAsNewWithBoundedRuns() {
	// Through the collaboration: twelve pulls, at most five per run.
	b := testBrief()
	b.Timing.Monitoring = nil
	for d := 1; d <= 12; d++ {
		b.Timing.Monitoring = append(b.Timing.Monitoring, campaign.Duration(time.Duration(d)*7*24*time.Hour))
	}
	er := 0.03
	b.KPIs.EngagementRate = &er
	s.rec.figures = func(p MetricsPull) campaign.Snapshot { return campaign.Snapshot{Likes: 10, Source: "api"} }
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: b, Creator: jane, MonitorPullsPerRun: 5})
	s.NoError(s.env.GetWorkflowError())
	s.Require().Len(s.rec.pulls, 12, "every scheduled pull, once, across the runs")
	for i, p := range s.rec.pulls {
		s.Equal(i, p.Pull)
		s.Equal(p.PublishedAt.Add(b.Timing.Monitoring[i].D()), p.DueAt)
	}
	s.Equal([]string{AlertUnderPerformance}, s.rec.alertKinds(), "state carried over: the alert is not repeated by later runs")
	s.Equal(12, s.status().Pulls)
	s.Len(s.rec.runs, 3, "5 + 5 + 2 pulls: two Continue-As-New")
}

func (s *WorkflowSuite) TestMonitorRunHandsItsStateToTheNext() {
	// The monitor alone: a run stops after MaxPullsPerRun with a
	// Continue-As-New carrying its progress.
	b := testBrief()
	pub := s.env.Now()
	s.env.ExecuteWorkflow(MonitorPostWorkflow, MonitorInput{CampaignID: "spring", Brief: b, Creator: jane,
		PostURL: "https://www.instagram.com/p/Cabc123/", PublishedAt: pub, MaxPullsPerRun: 4})
	err := s.env.GetWorkflowError()
	var can *workflow.ContinueAsNewError
	s.Require().True(errors.As(err, &can), "want continue-as-new, got %v", err)
	var next MonitorInput
	s.Require().NoError(converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	s.Equal(4, next.State.Next)
	s.Equal(4, next.State.Pulls)
	s.Equal(1, next.State.Runs)
	s.Len(s.rec.pulls, 4)

	// Continue-As-New is also taken when Temporal suggests it.
	env := s.NewTestWorkflowEnvironment()
	rec := &recorder{}
	rec.register(env)
	env.SetContinueAsNewSuggested(true)
	env.ExecuteWorkflow(MonitorPostWorkflow, next)
	s.Require().True(errors.As(env.GetWorkflowError(), &can))
	s.Len(rec.pulls, 1, "one pull of progress, then hand over")
	var after MonitorInput
	s.Require().NoError(converter.GetDefaultDataConverter().FromPayloads(can.Input, &after))
	s.Equal(5, after.State.Next)

	// The last run finishes the schedule.
	env = s.NewTestWorkflowEnvironment()
	rec = &recorder{}
	rec.register(env)
	env.ExecuteWorkflow(MonitorPostWorkflow, next)
	s.Require().NoError(env.GetWorkflowError())
	var res MonitorResult
	s.Require().NoError(env.GetWorkflowResult(&res))
	s.Equal(6, res.Pulls)
	s.Len(rec.pulls, 2)
	s.Equal(4, rec.pulls[0].Pull)
}

func (s *WorkflowSuite) TestMissingDisclosureShowsInTheStatusDuringMonitoring() {
	s.rec.disclosure = DisclosureMissing
	s.publishFlow()
	s.say(5*time.Hour, "live https://www.instagram.com/p/Cabc123/")
	var mid CollaborationStatus
	s.env.RegisterDelayedCallback(func() { mid = s.status() }, 7*time.Hour)
	s.runCollab()
	s.Equal(StageMonitoring, mid.Stage)
	s.Contains(mid.WaitingFor, "ops alerted: [missing_disclosure]")
}
