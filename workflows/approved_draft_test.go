package workflows

import (
	"time"

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

// The approved draft is stored before the collaboration asks for publication.
func (s *WorkflowSuite) TestApprovedDraftIsStoredBeforePublication() {
	res := s.approvedThenPublished()
	s.Equal(campaign.OutcomeCompleted, res.Outcome)
	s.Equal([]Stage{StageTerms, StageAwaitingPublication, StageAwaitingPublication, StageDone}, s.recordedStages())
	s.Equal("https://drive.test/v1", s.rec.records[1].DraftURL)
	s.Empty(s.rec.records[1].PostURL, "stored at approval, before the post")
}
