package main

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestUnsureReplyHeldThenCorrectedOnce: a reply the reader is not sure of
// ("yes" with a question) is held, not acted on; `starter inbox` lists it,
// `show` explains the reading, a person's correction reaches the workflow
// exactly once, and a second settlement is refused.
func TestUnsureReplyHeldThenCorrectedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: needs the Temporal dev server and PostgreSQL")
	}
	ctx := context.Background()
	st := newTriageStack(t, "triage-e2e", nil)
	addr, dsn, tc, store := st.addr, st.dsn, st.tc, st.store
	wid := workflows.CollaborationWorkflowID("triage-e2e", "jane")
	status := func() workflows.CollaborationStatus {
		var st workflows.CollaborationStatus
		if v, err := tc.QueryWorkflow(ctx, wid, "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		return st
	}

	// A yes with a question: the answer may change the yes. Held.
	require.Equal(t, inbox.StatusHeld, st.reply(t, "held1@creators.test", "Count me in! Would the reel be used in paid ads?\r\n\r\nJane"))
	require.Equal(t, workflows.StageAwaitingReply, status().Stage, "a held reply is not acted on")

	out, code := starter(t, addr, "inbox", "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "held")
	id := regexp.MustCompile(`(?m)^(\d+)\s.*held`).FindStringSubmatch(out)
	require.NotNil(t, id, out)
	out, code = starter(t, addr, "inbox", "show", id[1], "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "confidence")
	require.Contains(t, out, "Would the reel be used in paid ads?")

	// A person says it is a no: delivered once; a second try is refused.
	out, code = starter(t, addr, "inbox", "correct", id[1], "--intent", "decline", "--by", "ops@lumen.test", "--database-url", dsn)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "decline")
	out, code = starter(t, addr, "inbox", "confirm", id[1], "--by", "ops@lumen.test", "--database-url", dsn)
	require.NotEqual(t, 0, code, out)
	require.Contains(t, out, "settled already")
	eventually(t, "the collaboration to end as declined", func() bool {
		d, err := tc.DescribeWorkflowExecution(ctx, wid, "")
		return err == nil && d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	})
	signals := 0
	it := tc.GetWorkflowHistory(ctx, wid, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		if a := e.GetWorkflowExecutionSignaledEventAttributes(); a != nil && a.SignalName == workflows.SignalCreatorMessage {
			signals++
		}
	}
	require.Equal(t, 1, signals, "the correction signals the workflow exactly once")
	row, err := store.Inbound(ctx, mustInt(t, id[1]))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusAssigned, row.Status)
	require.Contains(t, row.Note, "settled by ops@lumen.test")
}

func mustInt(t *testing.T, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return n
}
