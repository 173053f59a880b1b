package workflows

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// replayer knows every workflow with a recorded history, under its
// registered name; override replaces one of them (by name) with other code.
func replayer(override map[string]any) worker.WorkflowReplayer {
	r := worker.NewWorkflowReplayer()
	for name, fn := range map[string]any{
		CampaignWorkflowName:      CampaignWorkflow,
		CollaborationWorkflowName: CollaborationWorkflow,
		MonitorPostWorkflowName:   MonitorPostWorkflow,
		UsageRightsWorkflowName:   UsageRightsWorkflow,
		CohortWorkflowName:        CohortWorkflow,
	} {
		if o, ok := override[name]; ok {
			fn = o
		}
		r.RegisterWorkflowWithOptions(fn, workflow.RegisterOptions{Name: name})
	}
	return r
}

// TestReplayRecordedHistories replays every history recorded from the
// end-to-end runs (make record-histories) through today's code. A change to
// a workflow's commands fails here with a nondeterminism error: before the
// first release, re-record; after it, see docs/versioning.md.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no recorded histories in testdata/; run make record-histories")
	for _, f := range files {
		t.Run(strings.TrimPrefix(filepath.ToSlash(f), "../testdata/"), func(t *testing.T) {
			require.NoError(t, replayer(nil).ReplayWorkflowHistoryFromJSONFile(nil, f))
		})
	}
}

// TestReplayCatchesANonDeterministicChange shows the replay test can fail:
// the recorded collaboration replayed against a copy that waits before the
// outreach email (one command more, where history has the email's activity)
// is refused with the SDK's nondeterminism error.
func TestReplayCatchesANonDeterministicChange(t *testing.T) {
	f := filepath.Join("..", "testdata", "collaboration.json")
	require.NoError(t, replayer(nil).ReplayWorkflowHistoryFromJSONFile(nil, f), "the unaltered code replays")

	altered := func(ctx workflow.Context, in CollaborationInput) (campaign.CollaborationResult, error) {
		if err := workflow.Sleep(ctx, time.Minute); err != nil { // the "small" change
			return campaign.CollaborationResult{}, err
		}
		return CollaborationWorkflow(ctx, in)
	}
	err := replayer(map[string]any{CollaborationWorkflowName: altered}).ReplayWorkflowHistoryFromJSONFile(nil, f)
	require.Error(t, err)
	require.ErrorContains(t, err, "TMPRL1100", "a nondeterminism error, not some other failure")
}
