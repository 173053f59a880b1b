package workflows

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/suite"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

// recorder stands in for the activities: it keeps what the workflow asked for,
// so the tests assert on the emails, approvals and pulls a user would see.
type recorder struct {
	mu         sync.Mutex
	emails     []EmailRequest
	approvals  []ApprovalRequest
	outcomes   []ApprovalOutcome
	pulls      []MetricsPull
	records    []CollaborationRecord
	reports    []ReportRequest
	summaries  []ReportSummary // report_summary_test.go
	roster     []campaign.Creator
	vetted     int // ShortlistCreators calls
	monitoring     // publication and monitoring stubs (monitor_test.go)
	ledger         // budget commitments (budget_test.go)
}

func (r *recorder) register(env *testsuite.TestWorkflowEnvironment) {
	reg := func(fn any, name string) { env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name}) }
	reg(func(ctx context.Context, b campaign.Brief) error { return nil }, ActSaveCampaign)
	reg(r.shortlist, ActShortlistCreators)
	reg(func(ctx context.Context, e EmailRequest) (EmailResult, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.emails = append(r.emails, e)
		return EmailResult{MessageID: "<" + e.Step + "@test>", Sent: true}, nil
	}, ActSendEmail)
	reg(func(ctx context.Context, rec CollaborationRecord) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.records = append(r.records, rec)
		return nil
	}, ActRecordCollaboration)
	reg(func(ctx context.Context, a ApprovalRequest) (ApprovalMessage, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.approvals = append(r.approvals, a)
		return ApprovalMessage{Channel: "C1", TS: "1.1"}, nil
	}, ActPostApprovalRequest)
	reg(func(ctx context.Context, o ApprovalOutcome) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.outcomes = append(r.outcomes, o)
		return nil
	}, ActUpdateApprovalMessage)
	reg(func(ctx context.Context, p MetricsPull) (campaign.Snapshot, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.pulls = append(r.pulls, p)
		return campaign.Snapshot{}, nil
	}, ActPullMetrics)
	reg(func(ctx context.Context, req ReportRequest) (campaign.Report, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.reports = append(r.reports, req)
		return campaign.Report{CampaignID: req.Brief.ID}, nil
	}, ActBuildReport)
	r.registerMonitoring(env)
	r.registerBudget(env)
	r.registerReportSummary(env)
}

func (r *recorder) emailSteps() []string {
	var s []string
	for _, e := range r.emails {
		s = append(s, e.Step)
	}
	return s
}

type WorkflowSuite struct {
	suite.Suite
	testsuite.WorkflowTestSuite
	env     *testsuite.TestWorkflowEnvironment
	rec     *recorder
	cohorts []CohortInput
}

func TestWorkflows(t *testing.T) { suite.Run(t, new(WorkflowSuite)) }

func (s *WorkflowSuite) SetupTest() {
	s.env = s.NewTestWorkflowEnvironment()
	s.env.RegisterWorkflowWithOptions(CampaignWorkflow, workflow.RegisterOptions{Name: CampaignWorkflowName})
	s.env.RegisterWorkflowWithOptions(CollaborationWorkflow, workflow.RegisterOptions{Name: CollaborationWorkflowName})
	s.env.RegisterWorkflowWithOptions(s.countCohorts, workflow.RegisterOptions{Name: CohortWorkflowName})
	s.rec, s.cohorts = &recorder{}, nil
	s.rec.register(s.env)
}

func testBrief() campaign.Brief {
	b := campaign.Brief{ID: "spring", Name: "Spring", Brand: "Lumen", Platforms: []string{"instagram"},
		CreatorsWanted: 2, Budget: campaign.Money{Amount: 200000, Currency: "USD"},
		Offer:     campaign.Offer{Fee: campaign.Money{Amount: 80000, Currency: "USD"}, Deliverables: []string{"1 reel"}},
		Approvers: []string{"ops@lumen.test"}}
	b.ApplyDefaults()
	return b
}

var jane = campaign.Creator{Platform: "instagram", Handle: "jane", Name: "Jane", Email: "jane@creators.test", Followers: 50_000}

func (s *WorkflowSuite) say(after time.Duration, text string) {
	s.env.RegisterDelayedCallback(func() {
		s.env.SignalWorkflow(SignalCreatorMessage, reply.Classify(text))
	}, after)
}

// decide sends the update after a delay and records whether it was accepted.
func (s *WorkflowSuite) decide(after time.Duration, d Decision, rejected *error) {
	s.env.RegisterDelayedCallback(func() {
		s.env.UpdateWorkflow(UpdateDecide, "", &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { *rejected = err },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, d)
	}, after)
}

func (s *WorkflowSuite) runCollab() campaign.CollaborationResult {
	s.env.ExecuteWorkflow(CollaborationWorkflow, CollaborationInput{CampaignID: "spring", Brief: testBrief(), Creator: jane})
	s.True(s.env.IsWorkflowCompleted())
	var res campaign.CollaborationResult
	if err := s.env.GetWorkflowError(); err == nil {
		s.NoError(s.env.GetWorkflowResult(&res))
	}
	return res
}

func (s *WorkflowSuite) TestAcceptRunsToTheLastMetricsPull() {
	var stranger, ok error
	s.say(time.Hour, "Yes, sounds good!")
	s.say(2*time.Hour, "Here is my draft: https://drive.test/d/1")
	s.decide(3*time.Hour, Decision{Verdict: VerdictApprove, By: "mallory@evil.test"}, &stranger)
	s.decide(4*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test", Revision: 1}, &ok)
	s.say(5*time.Hour, "Live now https://instagram.com/p/abc")
	res := s.runCollab()

	s.NoError(s.env.GetWorkflowError())
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal("https://instagram.com/p/abc", res.PostURL)
	s.Equal([]string{"outreach", "terms", "go-ahead"}, s.rec.emailSteps())
	s.ErrorContains(stranger, "mallory@evil.test is not an approver")
	s.NoError(ok)
	s.Require().Len(s.rec.approvals, 1)
	s.Equal("https://drive.test/d/1", s.rec.approvals[0].DraftURL)
	s.Require().Len(s.rec.outcomes, 1)
	s.Equal(VerdictApprove, s.rec.outcomes[0].Decision.Verdict)
	s.Require().Len(s.rec.pulls, 6)
	// Pulls are due on the schedule counted from publication.
	pub := s.rec.pulls[0].PublishedAt
	for i, p := range s.rec.pulls {
		s.Equal(pub.Add(campaign.DefaultMonitoring[i].D()), p.DueAt, "pull %d", i)
	}
	var st CollaborationStatus
	v, err := s.env.QueryWorkflow(QueryStatus)
	s.Require().NoError(err)
	s.NoError(v.Get(&st))
	s.Equal(StageDone, st.Stage)
	s.Equal(6, st.Pulls)
}

func (s *WorkflowSuite) TestDeclineEndsWithoutTerms() {
	s.say(26*time.Hour, "Thanks, but I'm not interested right now.")
	res := s.runCollab()
	s.Equal(campaign.OutcomeDeclined, res.Outcome)
	s.Equal([]string{"outreach"}, s.rec.emailSteps())
	s.Require().NotEmpty(s.rec.records)
	s.Equal(campaign.OutcomeDeclined, s.rec.records[len(s.rec.records)-1].Outcome)
}

func (s *WorkflowSuite) TestNoReplyThroughEveryFollowUpIsUnresponsive() {
	// An unclear message is kept for ops but does not stop the follow-ups.
	s.say(time.Hour, "Who is this?")
	var mid CollaborationStatus
	s.env.RegisterDelayedCallback(func() {
		v, err := s.env.QueryWorkflow(QueryStatus)
		s.Require().NoError(err)
		s.NoError(v.Get(&mid))
	}, 2*time.Hour)
	start := s.env.Now()
	res := s.runCollab()
	s.Equal(campaign.OutcomeUnresponsive, res.Outcome)
	s.Equal([]string{"outreach", "follow-up-1", "follow-up-2"}, s.rec.emailSteps())
	s.Require().NotNil(mid.LastMessage)
	s.Equal("Who is this?", mid.LastMessage.Text)
	s.Equal(StageAwaitingReply, mid.Stage)
	// 3d + 4d of follow-ups and a 3d reply window: ten days of durable waiting.
	s.Equal(10*24*time.Hour, s.env.Now().Sub(start))
}

func (s *WorkflowSuite) TestRequestChangesThenApprove() {
	var stale, noFeedback, second error
	s.say(time.Hour, "yes")
	s.say(2*time.Hour, "draft https://drive.test/v1")
	s.decide(3*time.Hour, Decision{Verdict: VerdictRequestChanges, By: "ops@lumen.test"}, &noFeedback)
	s.decide(4*time.Hour, Decision{Verdict: VerdictRequestChanges, By: "ops@lumen.test", Feedback: "Show the label"}, new(error))
	s.decide(5*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test"}, &second) // nothing waits now
	s.say(6*time.Hour, "v2 https://drive.test/v2")
	s.decide(7*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test", Revision: 1}, &stale)
	s.decide(8*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test", Revision: 2}, new(error))
	s.say(9*time.Hour, "posted https://instagram.com/p/xyz")
	res := s.runCollab()

	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.ErrorContains(noFeedback, "needs feedback")
	s.ErrorContains(second, "no draft of jane is waiting")
	s.ErrorContains(stale, "request was for draft 1, but draft 2")
	s.Equal([]string{"outreach", "terms", "changes-1", "go-ahead"}, s.rec.emailSteps())
	s.Equal("Show the label", s.rec.emails[2].Feedback)
	s.Require().Len(s.rec.approvals, 2)
	s.Equal("https://drive.test/v2", s.rec.approvals[1].DraftURL)
	s.NotEqual(s.rec.approvals[0].Key, s.rec.approvals[1].Key)
}

func (s *WorkflowSuite) TestRejectEndsTheCollaboration() {
	s.say(time.Hour, "Deal!")
	s.say(2*time.Hour, "https://drive.test/v1")
	s.decide(3*time.Hour, Decision{Verdict: VerdictReject, By: "ops@lumen.test", Feedback: "Off-brand"}, new(error))
	res := s.runCollab()
	s.Equal(campaign.OutcomeRejected, res.Outcome)
	s.Equal([]string{"outreach", "terms", "rejected-1"}, s.rec.emailSteps())
	s.Empty(s.rec.pulls)
}

func (s *WorkflowSuite) TestMissedDraftAfterReminder() {
	s.say(time.Hour, "yes")
	res := s.runCollab()
	s.Equal(campaign.OutcomeMissedDraft, res.Outcome)
	s.Equal([]string{"outreach", "terms", "draft-reminder-1"}, s.rec.emailSteps())
}

func (s *WorkflowSuite) TestCampaignRunsCollaborationsAndReports() {
	s.rec.roster = []campaign.Creator{jane, {Platform: "instagram", Handle: "omar", Email: "omar@creators.test", Followers: 20_000}}
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: testBrief()})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	var res CampaignResult
	s.NoError(s.env.GetWorkflowResult(&res))
	s.Require().Len(s.rec.reports, 1)
	outcomes := map[string]campaign.Outcome{}
	for _, r := range s.rec.reports[0].Results {
		outcomes[r.Handle] = r.Outcome
	}
	s.Equal(map[string]campaign.Outcome{"jane": campaign.OutcomeUnresponsive, "omar": campaign.OutcomeUnresponsive}, outcomes)
}

func (s *WorkflowSuite) TestCancelledCampaignCancelsItsCollaborations() {
	s.rec.roster = []campaign.Creator{jane}
	s.env.RegisterDelayedCallback(func() { s.env.CancelWorkflow() }, 30*time.Hour)
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: testBrief()})
	s.Require().True(s.env.IsWorkflowCompleted())
	err := s.env.GetWorkflowError()
	s.Require().Error(err)
	s.Contains(err.Error(), "canceled")
	s.Empty(s.rec.reports, "a cancelled campaign builds no report")
	s.Equal([]string{"outreach"}, s.rec.emailSteps(), "no follow-up after cancellation")
	s.Require().NotEmpty(s.rec.records)
	s.Equal(campaign.OutcomeCancelled, s.rec.records[len(s.rec.records)-1].Outcome)
}

func (s *WorkflowSuite) TestAFailedCollaborationIsReportedNotFatal() {
	s.rec.roster = []campaign.Creator{jane}
	s.env.OnActivity(ActSendEmail, mock.Anything, mock.Anything).Return(EmailResult{},
		temporal.NewNonRetryableApplicationError("recipient rejected", "BadRecipient", nil))
	s.env.ExecuteWorkflow(CampaignWorkflow, CampaignInput{Brief: testBrief()})
	s.Require().True(s.env.IsWorkflowCompleted())
	s.NoError(s.env.GetWorkflowError())
	s.Require().Len(s.rec.reports, 1)
	s.Equal(campaign.OutcomeFailed, s.rec.reports[0].Results[0].Outcome)
}
