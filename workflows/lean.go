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

// VersionCollaborationBaseline is one GetVersion marker standing for every
// change in baselineChanges, at the version listed there. Each first
// GetVersion call of a run records a marker and upserts TemporalChangeVersion
// (an event and a billable action each): a new collaboration paid for six
// of them (eight changes now). A run that records the baseline marker (every new run) takes all
// the listed changes without their own marker; a run that does not have it
// (one started before, replayed) asks for each change as it did.
//
// Rules: never raise the version of a change listed here (give the new
// behaviour its own change ID, asked with c.version or workflow.GetVersion);
// a new change may be added to a new baseline only with a new baseline ID.
const VersionCollaborationBaseline = "collaboration-baseline-1"

var baselineChanges = map[string]workflow.Version{
	VersionLeanCollaboration:  1,
	counterOffersChange:       1,
	changeApprovalSLA:         1,
	ChangeRecordApprovedDraft: 1,
	versionPostCheck:          1,
	dedupeMessagesChange:      1,
	// Added before baseline-1 was ever deployed or recorded (both merged the
	// same day): no history records the baseline marker without them.
	ChangeBudgetCommitment: 1,
	ChangeCounterDecisions: 1,
}

// version is workflow.GetVersion for the collaboration's changes: on a
// baseline run, a change in baselineChanges is on without a marker of its own.
func (c *collaboration) version(ctx workflow.Context, changeID string, maxSupported workflow.Version) workflow.Version {
	if v, ok := baselineChanges[changeID]; ok && c.baseline {
		return v
	}
	return workflow.GetVersion(ctx, changeID, workflow.DefaultVersion, maxSupported)
}

// startLean records the baseline (on new runs), then the lean change, and
// adopts the stage set at start. It runs before the workflow's first command.
func (c *collaboration) startLean(ctx workflow.Context) {
	c.baseline = workflow.GetVersion(ctx, VersionCollaborationBaseline, workflow.DefaultVersion, 1) == 1
	c.lean = c.version(ctx, VersionLeanCollaboration, 1) == 1
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

// metricsLocalOptions are metricsOptions for a pull run as a local activity
// (MonitorInput.LocalPulls). A pull is one provider call and one idempotent
// insert; inside the workflow task it costs one marker instead of an
// activity's scheduled/started/completed events and a second workflow task
// (−5 events a pull). Retries as metricsOptions; a retry wait longer than
// the SDK's local retry threshold becomes a workflow timer, so a provider
// outage does not hold the workflow task. A local activity needs a
// ScheduleToClose (7 days here); the monitor then starts it again, so a pull
// is retried without end, as the activity is.
func metricsLocalOptions(summary string) workflow.LocalActivityOptions {
	o := metricsOptions(summary)
	return workflow.LocalActivityOptions{
		StartToCloseTimeout:    o.StartToCloseTimeout,
		ScheduleToCloseTimeout: 7 * 24 * time.Hour,
		RetryPolicy:            o.RetryPolicy,
		Summary:                summary,
	}
}
