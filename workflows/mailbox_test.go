package workflows

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
)

func TestMailboxWorkflowPollsShiftAfterShiftThenContinuesAsNew(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(MailboxWorkflow, workflow.RegisterOptions{Name: MailboxWorkflowName})
	shifts, failures := 0, 0
	env.RegisterActivityWithOptions(func(ctx context.Context, in MailboxInput) error {
		if in.Address != "partnerships@lumen.test" {
			return errors.New("wrong mailbox")
		}
		if shifts == 3 && failures < 2 { // a worker died mid-shift: retried, not fatal
			failures++
			return errors.New("IMAP connection lost")
		}
		shifts++
		return nil
	}, activity.RegisterOptions{Name: ActPollMailbox})
	env.ExecuteWorkflow(MailboxWorkflow, MailboxInput{Address: "partnerships@lumen.test"})
	require.True(t, env.IsWorkflowCompleted())
	require.True(t, workflow.IsContinueAsNewError(env.GetWorkflowError()), "got %v", env.GetWorkflowError())
	require.Equal(t, mailboxShiftsPerRun, shifts)
	require.Equal(t, 2, failures)
}
