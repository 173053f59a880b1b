package cli_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/workflows"
)

// startCampaignWorker runs the campaign and collaboration workflows with acts
// on queue of the dev server at addr, for the length of the test; the client
// it returns is closed when the test ends.
func startCampaignWorker(t *testing.T, addr, queue string, acts *activities.Activities) client.Client {
	t.Helper()
	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	t.Cleanup(tc.Close)
	w := worker.New(tc, queue, worker.Options{})
	w.RegisterWorkflowWithOptions(workflows.CampaignWorkflow, workflow.RegisterOptions{Name: workflows.CampaignWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CollaborationWorkflow, workflow.RegisterOptions{Name: workflows.CollaborationWorkflowName})
	acts.Register(w)
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	return tc
}
