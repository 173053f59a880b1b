package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// ManualMetricsWorkflowName is the registered name of ManualMetricsWorkflow.
const ManualMetricsWorkflowName = "ManualMetricsWorkflow"

// ManualMetricsWorkflowID names one hand-recorded entry (key: when it was entered).
func ManualMetricsWorkflowID(campaignID, handle, key string) string {
	return CollaborationWorkflowID(campaignID, handle) + "/metrics-added/" + key
}

// ManualMetricsWorkflow stores figures ops entered by hand (`starter metrics
// add`) as a self-reported snapshot, through the same store as the pulls.
func ManualMetricsWorkflow(ctx workflow.Context, m ManualMetrics) (campaign.Snapshot, error) {
	m.TakenAt = workflow.Now(ctx)
	actx := workflow.WithActivityOptions(ctx, storeOptions(fmt.Sprintf("Record self-reported metrics of %s", m.Handle)))
	var s campaign.Snapshot
	err := workflow.ExecuteActivity(actx, ActRecordManualMetrics, m).Get(ctx, &s)
	return s, err
}
