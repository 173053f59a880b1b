package workflows

import (
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
