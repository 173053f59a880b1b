package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

func (s *WorkflowSuite) approvedThenPublished() campaign.CollaborationResult {
	s.say(time.Hour, "yes")
	s.say(2*time.Hour, "draft https://drive.test/v1")
	s.decide(3*time.Hour, Decision{Verdict: VerdictApprove, By: "ops@lumen.test"}, new(error))
	s.say(4*time.Hour, "live https://instagram.com/p/v")
	return s.runCollab()
}

func (s *WorkflowSuite) recordedStages() []Stage {
	var st []Stage
	for _, r := range s.rec.records {
		st = append(st, r.Stage)
	}
	return st
}

// New executions store the approved draft before asking for publication.
func (s *WorkflowSuite) TestVersionRecordApprovedDraftNewBranch() {
	res := s.approvedThenPublished()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal([]Stage{StageTerms, StageAwaitingPublication, StageAwaitingPublication, StageDone}, s.recordedStages())
	s.Equal("https://drive.test/v1", s.rec.records[1].DraftURL)
	s.Empty(s.rec.records[1].PostURL, "stored at approval, before the post")
}

// Executions that passed approval before the change keep the old path: no
// extra store write, and everything else unchanged.
func (s *WorkflowSuite) TestVersionRecordApprovedDraftOldBranch() {
	s.env.OnGetVersion(VersionCollaborationBaseline, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion) // a run from before the baseline
	s.env.OnGetVersion(ChangeRecordApprovedDraft, workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	res := s.approvedThenPublished()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal([]Stage{StageTerms, StageAwaitingPublication, StageDone}, s.recordedStages())
	s.Equal([]string{"outreach", "terms", "go-ahead"}, s.rec.emailSteps())
}
