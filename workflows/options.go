package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Retry policies per activity kind. Email and Slack retry for a long time with
// a capped backoff: an SMTP or Slack outage delays outreach, it never drops it.

func emailOptions(summary string) workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 5 * time.Minute},
		Summary:             summary,
	}
}

func slackOptions(summary string) workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 5 * time.Minute},
		Summary:             summary,
	}
}

func storeOptions(summary string) workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute},
		Summary:             summary,
	}
}

func metricsOptions(summary string) workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: 5 * time.Second, BackoffCoefficient: 2, MaximumInterval: 10 * time.Minute,
			NonRetryableErrorTypes: []string{"PostGone", "TokenRevoked"}},
		Summary: summary,
	}
}

// storeLocalOptions are for RecordCollaboration, a single idempotent
// PostgreSQL upsert run as a local activity: one marker event inside the
// workflow task instead of an activity's scheduled/started/completed events
// and another workflow task (make bench, BENCHMARKS.md).
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

// metricsLocalOptions are metricsOptions for a pull run as a local activity.
// A pull is one provider call and one idempotent insert; inside the workflow
// task it costs one marker instead of an activity's scheduled/started/completed
// events and a second workflow task (−5 events a pull). Retries as
// metricsOptions; a retry wait longer than the SDK's local retry threshold
// becomes a workflow timer, so a provider outage does not hold the workflow
// task. A local activity needs a ScheduleToClose (7 days here); the monitor
// then starts it again, so a pull is retried without end, as an activity is.
func metricsLocalOptions(summary string) workflow.LocalActivityOptions {
	o := metricsOptions(summary)
	return workflow.LocalActivityOptions{
		StartToCloseTimeout:    o.StartToCloseTimeout,
		ScheduleToCloseTimeout: 7 * 24 * time.Hour,
		RetryPolicy:            o.RetryPolicy,
		Summary:                summary,
	}
}
