package main

import (
	"testing"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
)

func TestCountingRule(t *testing.T) {
	ev := func(t enumspb.EventType) *historypb.HistoryEvent { return &historypb.HistoryEvent{EventType: t} }
	marker := func(name string) *historypb.HistoryEvent {
		e := ev(enumspb.EVENT_TYPE_MARKER_RECORDED)
		e.Attributes = &historypb.HistoryEvent_MarkerRecordedEventAttributes{MarkerRecordedEventAttributes: &historypb.MarkerRecordedEventAttributes{MarkerName: name}}
		return e
	}
	retried := ev(enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED)
	retried.Attributes = &historypb.HistoryEvent_ActivityTaskStartedEventAttributes{ActivityTaskStartedEventAttributes: &historypb.ActivityTaskStartedEventAttributes{Attempt: 3}}
	c := countCost([]*historypb.HistoryEvent{
		ev(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
		ev(enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED), ev(enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED), ev(enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
		marker("Version"), ev(enumspb.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
		ev(enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED), retried, ev(enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
		marker("LocalActivity"),
		ev(enumspb.EVENT_TYPE_TIMER_STARTED), ev(enumspb.EVENT_TYPE_TIMER_CANCELED),
		ev(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
		ev(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED), ev(enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
		ev(enumspb.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED),
	})
	require.Equal(t, 16, c.Events)
	require.Equal(t, map[string]int{"start": 1, "search attribute upsert": 1, "activity": 1, "activity retry": 2,
		"local activity": 1, "timer": 1, "signal": 1, "update": 1}, c.ByKind)
	require.Equal(t, 9, c.Actions, "workflow tasks, the version marker and a child's initiation are free")
}
