package activities

// Business counters, emitted through the SDK's metrics handler
// (activity.GetMetricsHandler), so they reach /metrics next to the SDK's own
// (tagged with the activity and workflow type).
const (
	// MetricEmailsSent counts emails handed to the SMTP server, by kind.
	MetricEmailsSent = "creatorflow_emails_sent"
	// MetricEmailsDeduplicated counts sends skipped because that Message-ID had gone out already.
	MetricEmailsDeduplicated = "creatorflow_emails_deduplicated"
	// MetricPullsFailed counts failed metric pulls (each attempt), by platform.
	MetricPullsFailed = "creatorflow_metric_pulls_failed"
)
