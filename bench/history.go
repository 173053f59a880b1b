package main

import (
	"context"
	"fmt"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/proto"

	"github.com/creatorflow/creatorflow/workflows"
)

// cost is what one workflow run's history says it cost.
//
// Counting rule for billable actions (after Temporal Cloud's published list),
// read from the history, one per event of these types:
//   - WorkflowExecutionStarted (client start, child start, Continue-As-New run);
//   - ActivityTaskScheduled, plus one per retry (ActivityTaskStarted.attempt − 1);
//   - TimerStarted;
//   - WorkflowExecutionSignaled and SignalExternalWorkflowExecutionInitiated;
//   - WorkflowExecutionUpdateAccepted (rejected updates never reach history:
//     Cloud bills them too, this count does not see them);
//   - UpsertWorkflowSearchAttributes and WorkflowPropertiesModified;
//   - RequestCancelExternalWorkflowExecutionInitiated;
//   - MarkerRecorded for local activities (a GetVersion or SideEffect marker is free).
//
// A child's start is counted once, by its own WorkflowExecutionStarted; the
// parent's StartChildWorkflowExecutionInitiated is not counted again.
// Queries are billed but leave no history; the happy path makes none.
// Workflow tasks are not billed.
type cost struct {
	Events, Actions int
	ByKind          map[string]int
	// LargestResult is the largest activity result in the history, in bytes
	// (Temporal refuses a payload over 2 MB).
	LargestResult int
}

func (c *cost) add(o cost) {
	c.Events += o.Events
	c.Actions += o.Actions
	if c.ByKind == nil {
		c.ByKind = map[string]int{}
	}
	for k, v := range o.ByKind {
		c.ByKind[k] += v
	}
	c.LargestResult = max(c.LargestResult, o.LargestResult)
}

func historyCost(ctx context.Context, tc client.Client, workflowID, runID string) (cost, error) {
	var events []*historypb.HistoryEvent
	it := tc.GetWorkflowHistory(ctx, workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return cost{}, err
		}
		events = append(events, ev)
	}
	return countCost(events), nil
}

// countCost applies the counting rule above to one history.
func countCost(events []*historypb.HistoryEvent) cost {
	c := cost{ByKind: map[string]int{}}
	for _, ev := range events {
		c.Events++
		kind := ""
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			kind = "start"
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			kind = "activity"
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED:
			if a := ev.GetActivityTaskStartedEventAttributes().GetAttempt(); a > 1 {
				c.ByKind["activity retry"] += int(a - 1)
				c.Actions += int(a - 1)
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			c.LargestResult = max(c.LargestResult, proto.Size(ev.GetActivityTaskCompletedEventAttributes().GetResult()))
		case enumspb.EVENT_TYPE_TIMER_STARTED:
			kind = "timer"
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
			kind = "signal"
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
			kind = "update"
		case enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, enumspb.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED:
			kind = "search attribute upsert"
		case enumspb.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
			kind = "cancel request"
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			if ev.GetMarkerRecordedEventAttributes().GetMarkerName() == "LocalActivity" {
				kind = "local activity"
			}
		}
		if kind != "" {
			c.ByKind[kind]++
			c.Actions++
		}
	}
	return c
}

// creatorCost sums the histories of every workflow of one creator in a
// campaign — the collaboration and the workflows it starts for its post (the
// monitor, usage rights), which carry the CampaignId and CreatorHandle search
// attributes too — and says how each contributed.
func (b *bench) creatorCost(ctx context.Context, campaignID, handle string) (cost, string, error) {
	total := cost{ByKind: map[string]int{}}
	parts := ""
	var token []byte
	for {
		resp, err := b.tc.ListWorkflow(ctx, &listRequest{Query: fmt.Sprintf("CampaignId = %q AND CreatorHandle = %q", campaignID, handle), NextPageToken: token})
		if err != nil {
			return total, parts, err
		}
		for _, e := range resp.Executions {
			c, err := historyCost(ctx, b.tc, e.Execution.WorkflowId, e.Execution.RunId)
			if err != nil {
				return total, parts, err
			}
			total.add(c)
			if parts != "" {
				parts += " + "
			}
			name := strings.TrimPrefix(strings.TrimPrefix(e.Execution.WorkflowId, workflows.CollaborationWorkflowID(campaignID, handle)), "/")
			if name == "" {
				name = "collaboration"
			}
			parts += fmt.Sprintf("%s %d/%d", name, c.Events, c.Actions)
		}
		if token = resp.NextPageToken; len(token) == 0 {
			return total, "events/actions: " + parts, nil
		}
	}
}
