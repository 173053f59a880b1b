package main

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultWorkflowCacheSize bounds how many workflows the worker keeps in
// memory between their tasks (the SDK's default is 10,000). Collaborations
// spend weeks waiting on timers; one evicted from the cache is replayed from
// its history (≈130 events) when its next task comes. `make bench` measured
// ≈120 KB per cached collaboration, so 10,000 open ones need ≈1.2 GB without
// a bound; with 2,000 the worker stays under 500 MB (BENCHMARKS.md).
const DefaultWorkflowCacheSize = 2000

// workflowCacheSize reads WORKER_WORKFLOW_CACHE_SIZE, adding a problem if it is not a positive number.
func workflowCacheSize(getenv func(string) string, problems *[]string) int {
	v := strings.TrimSpace(getenv("WORKER_WORKFLOW_CACHE_SIZE"))
	if v == "" {
		return DefaultWorkflowCacheSize
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		*problems = append(*problems, fmt.Sprintf("WORKER_WORKFLOW_CACHE_SIZE must be a positive number of workflows (got %q)", v))
		return 0
	}
	return n
}
