package workflows

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// TestReplayRecordedHistories replays every history recorded from the
// end-to-end run (make record-histories). A change to workflow code that is
// not guarded by workflow.GetVersion fails here with a nondeterminism error.
func TestReplayRecordedHistories(t *testing.T) {
	// testdata/*.json are recorded from the current code; testdata/<era>/ keep
	// histories recorded before later changes, which must replay through the
	// old branches of every workflow.GetVersion.
	files, err := filepath.Glob(filepath.Join("..", "testdata", "*.json"))
	require.NoError(t, err)
	older, err := filepath.Glob(filepath.Join("..", "testdata", "*", "*.json"))
	require.NoError(t, err)
	files = append(files, older...)
	require.NotEmpty(t, files, "no recorded histories in testdata/; run make record-histories")
	for _, f := range files {
		t.Run(strings.TrimPrefix(filepath.ToSlash(f), "../testdata/"), func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflowWithOptions(CampaignWorkflow, workflow.RegisterOptions{Name: CampaignWorkflowName})
			r.RegisterWorkflowWithOptions(CollaborationWorkflow, workflow.RegisterOptions{Name: CollaborationWorkflowName})
			r.RegisterWorkflowWithOptions(MonitorPostWorkflow, workflow.RegisterOptions{Name: MonitorPostWorkflowName})
			r.RegisterWorkflowWithOptions(UsageRightsWorkflow, workflow.RegisterOptions{Name: UsageRightsWorkflowName})
			r.RegisterWorkflowWithOptions(CohortWorkflow, workflow.RegisterOptions{Name: CohortWorkflowName})
			require.NoError(t, r.ReplayWorkflowHistoryFromJSONFile(nil, f))
		})
	}
}
