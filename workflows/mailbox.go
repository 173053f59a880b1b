package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// The mailbox poller runs once cluster-wide as a workflow with a fixed ID:
// Temporal, not a lock of ours, guarantees a single IMAP reader however many
// workers run. Its activity polls for one shift, heartbeating; when a worker
// dies the heartbeat times out and another worker takes the next attempt.
const (
	MailboxWorkflowName = "MailboxWorkflow"
	ActPollMailbox      = "PollMailbox"
	// MailboxShift is how long one activity polls before handing over.
	MailboxShift = time.Hour
	// mailboxShiftsPerRun bounds the history before Continue-As-New.
	mailboxShiftsPerRun = 48
)

// MailboxWorkflowID is the fixed ID of a mailbox's poller.
func MailboxWorkflowID(address string) string { return "mailbox/" + address }

// MailboxInput names the mailbox (for the UI; the worker holds its credentials).
type MailboxInput struct {
	Address string `json:"address"`
}

// MailboxWorkflow keeps one poller of the mailbox running, shift after shift.
func MailboxWorkflow(ctx workflow.Context, in MailboxInput) error {
	for shift := 1; shift <= mailboxShiftsPerRun; shift++ {
		workflow.SetCurrentDetails(ctx, fmt.Sprintf("**polling** %s — shift %d of %d in this run", in.Address, shift, mailboxShiftsPerRun))
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			StartToCloseTimeout: MailboxShift + 5*time.Minute,
			HeartbeatTimeout:    time.Minute,
			RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 5 * time.Second, BackoffCoefficient: 2, MaximumInterval: 5 * time.Minute},
			Summary:             "Poll " + in.Address,
		})
		if err := workflow.ExecuteActivity(actx, ActPollMailbox, in).Get(ctx, nil); err != nil {
			return err // cancelled or terminated: retries are unlimited otherwise
		}
	}
	return workflow.NewContinueAsNewError(ctx, MailboxWorkflowName, in)
}
