package workflows

// Business counters emitted by the workflows through workflow.GetMetricsHandler
// (not emitted during replay, so a worker restart does not count twice).
const (
	// MetricRepliesReceived counts creator replies a collaboration received, by parsed intent.
	MetricRepliesReceived = "creatorflow_replies_received"
	// MetricRepliesNotActedOn counts replies that matched nothing the
	// collaboration waited for at its stage; they are kept in the status for ops.
	MetricRepliesNotActedOn = "creatorflow_replies_not_acted_on"
)
