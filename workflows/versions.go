package workflows

// Changing a workflow that has running executions
//
// A running campaign lives for weeks; its history is replayed by whatever
// worker version picks it up next. Workflow code must therefore produce the
// same commands (activities, timers, children, markers, search-attribute
// upserts) in the same order for every history already written. The rules:
//
//  1. Any change that adds, removes or reorders a command on a path some
//     running execution may still take goes behind workflow.GetVersion (see
//     the example below). New executions take the new branch and record a
//     marker; executions that passed this point before the deploy replay the
//     old one.
//
//  2. The change ID is a constant below, named after the change, never reused.
//     A second change at the same place raises maxSupported (…, DefaultVersion, 2)
//     under the same ID; branches are removed only when no open execution and
//     no history in testdata/ still takes them (raise minSupported then).
//
//  3. Pure changes need no version: activity options (timeouts, retries,
//     summaries), log lines, query and validator code, and what an activity
//     does inside.
//
//  4. Each change is tested on both branches with the testsuite
//     (env.OnGetVersion(ChangeXxx, ...).Return(workflow.DefaultVersion) forces
//     the old one), and the replay test (replay_test.go) must still pass over
//     every recorded history in testdata/ — it fails with a nondeterminism
//     error otherwise. After the deploy, `make record-histories` re-records
//     testdata/ so the new branch is guarded too; keep the old recordings
//     (renamed, e.g. collaboration-v0.json) while the old branch exists.
//
// The example, from CollaborationWorkflow:
//
//	if workflow.GetVersion(ctx, ChangeRecordApprovedDraft, workflow.DefaultVersion, 1) >= 1 {
//		if err := c.record(ctx); err != nil { // the new step
//			return "", err
//		}
//	}
//
// Without the guard, the replay test fails on testdata/collaboration.json with
// "[TMPRL1100] During replay, a matching Timer command was expected…".
//
// Changes made so far:
const (
	// ChangeRecordApprovedDraft stores the collaboration (stage
	// awaiting_publication, the approved draft's URL) as soon as a draft is
	// approved, so ops see approved drafts in PostgreSQL before the post is live.
	// Before it, the next store write came only after publication.
	ChangeRecordApprovedDraft = "record-approved-draft"

	// ChangeInviteWaves invites in waves (waves.go): the top creators_wanted of
	// the shortlist first, then, for each creator who declines or stays silent,
	// the next on the shortlist, until creators_wanted agreements or the
	// shortlist is spent. Taken by CampaignWorkflow on the shortlist path (the
	// SelectCreators path has no reserve) and by CohortWorkflow when its input
	// carries waves. Before it, only the top creators_wanted were ever invited.
	ChangeInviteWaves = "invite-waves"
)
