package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// VersionLeanCollaboration is the workflow.GetVersion change ID of two
// savings measured by `make bench` (BENCHMARKS.md):
//   - the Stage search attribute the collaboration was started with is taken
//     as its current stage, so the first stage ("outreach", which the campaign
//     already sets on the child) is not upserted a second time;
//   - RecordCollaboration, a single idempotent PostgreSQL upsert, runs as a
//     local activity: one marker event inside the workflow task instead of a
//     scheduled/started/completed activity plus another workflow task, and no
//     round trip through the task queue before the terms email.
const VersionLeanCollaboration = "lean-collaboration"

// startLean records the change (on new runs) and adopts the stage set at start.
func (c *collaboration) startLean(ctx workflow.Context) {
	c.lean = workflow.GetVersion(ctx, VersionLeanCollaboration, workflow.DefaultVersion, 1) == 1
	if !c.lean {
		return
	}
	if s, ok := workflow.GetTypedSearchAttributes(ctx).GetKeyword(SAStage); ok {
		c.status.Stage = Stage(s)
	}
}

func storeLocalOptions(summary string) workflow.LocalActivityOptions {
	return workflow.LocalActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		// Without it, retries stop at StartToCloseTimeout: a database outage
		// longer than 10 s would fail the collaboration (make test-faults).
		ScheduleToCloseTimeout: 7 * 24 * time.Hour,
		RetryPolicy:            &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute},
		Summary:                summary,
	}
}

// recordFuture stores the collaboration's state, as a local activity on lean runs.
func (c *collaboration) recordFuture(ctx workflow.Context, rec CollaborationRecord) workflow.Future {
	summary := "Record " + c.in.Creator.Handle + " as " + string(c.status.Stage)
	if c.lean {
		return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, storeLocalOptions(summary)), ActRecordCollaboration, rec)
	}
	return workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, storeOptions(summary)), ActRecordCollaboration, rec)
}
