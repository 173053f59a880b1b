package cli

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/workflows"
)

// mailQueuedType is the application error type the SendEmail activity fails
// with while an email waits for the mailbox's daily limit or pacing
// (activities.ErrMailQueued; not imported so the CLI stays free of the
// activities' dependencies).
const mailQueuedType = "MailQueued"

// QueuedEmail is an email of a collaboration held back by the mailbox's daily
// limit or pacing: its SendEmail activity waits for the next window.
type QueuedEmail struct {
	Reason      string    `json:"reason"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	Attempt     int32     `json:"attempt"`
}

// queuedEmail describes the collaboration workflow and returns its queued
// email, if its pending SendEmail activity last failed as MailQueued. A
// workflow that cannot be described shows nothing queued (the status query
// already reports why it is unreachable).
func queuedEmail(ctx contextT, tc client.Client, workflowID string) *QueuedEmail {
	desc, err := tc.DescribeWorkflowExecution(ctx, workflowID, "")
	if err != nil {
		return nil
	}
	for _, pa := range desc.GetPendingActivities() {
		if pa.GetActivityType().GetName() != workflows.ActSendEmail || pa.GetLastFailure() == nil {
			continue
		}
		f := pa.GetLastFailure()
		if f.GetApplicationFailureInfo().GetType() != mailQueuedType && !strings.Contains(f.GetMessage(), mailQueuedType) {
			continue
		}
		q := &QueuedEmail{Reason: f.GetMessage(), Attempt: pa.GetAttempt()}
		if ts := pa.GetNextAttemptScheduleTime(); ts != nil {
			q.NextAttempt = ts.AsTime().Local()
		}
		return q
	}
	return nil
}

func (q *QueuedEmail) line() string {
	s := "email queued: " + q.Reason
	if !q.NextAttempt.IsZero() {
		s += fmt.Sprintf(" (next attempt at %s)", q.NextAttempt.Format("2006-01-02 15:04:05"))
	}
	return s
}
