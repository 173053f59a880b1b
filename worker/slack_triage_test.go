package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/creatorflow/creatorflow/inbox"
	islack "github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestTriageCardInSlackOnRealStack: a reply the reader is unsure of is
// posted to Slack as a triage card (the creator's text escaped, so it pings
// no one); "Correct…" opens a form, a bad meaning is refused in it, "decline"
// reaches the workflow once, and a later Confirm on the same card — or any
// click by someone who is not an approver — is refused.
func TestTriageCardInSlackOnRealStack(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: needs the Temporal dev server and PostgreSQL")
	}
	ctx := context.Background()
	ws := newSlackWorkspace(t, map[string]string{"U-OPS": "ops@lumen.test", "U-EVE": "eve@elsewhere.test"})
	secret := "signing-secret-" + t.Name()
	st := newTriageStack(t, "triage-slack", map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_CHANNEL": "C-APPROVALS",
		"SLACK_API_URL": ws.srv.GetAPIURL(), "SLACK_SIGNING_SECRET": secret})
	clicks := clickSender{t: t, url: "http://" + st.httpAddr + SlackInteractionsPath, secret: secret}
	tc := st.tc
	wid := workflows.CollaborationWorkflowID("triage-slack", "jane")
	require.Equal(t, inbox.StatusHeld, st.reply(t, "held-slack@creators.test", "Count me in! <!channel> would the reel be used in paid ads?"))

	var card string
	eventually(t, "the triage card", func() bool {
		for _, m := range ws.got("chat.postMessage") {
			if strings.Contains(m.Get("blocks"), "A reply needs a person") {
				card = m.Get("blocks")
				return true
			}
		}
		return false
	})
	text := islack.BlocksTextJSON(card)
	require.Contains(t, text, "triage-slack/jane")
	require.Contains(t, text, "&lt;!channel&gt;", "the creator's text is escaped")
	require.NotContains(t, text, " <!channel>")
	require.Contains(t, text, "accept")

	// Someone in the channel who is not an approver: refused, nothing delivered.
	clicks.send(clickPayload("U-EVE", islack.ActionApprove, buttonValue(t, card, islack.ActionApprove), "1.1"))
	eventually(t, "the stranger's refusal", func() bool {
		for _, e := range ws.got("chat.postEphemeral") {
			if strings.Contains(e.Get("text"), "eve@elsewhere.test is not an approver") {
				return true
			}
		}
		return false
	})

	// Correct…: a form; a meaning it cannot read is refused in the form.
	clicks.send(clickPayload("U-OPS", islack.ActionRequestChanges, buttonValue(t, card, islack.ActionRequestChanges), "1.1"))
	eventually(t, "the correction form", func() bool { return len(ws.got("views.open")) == 1 })
	submit := func(meaning string) string {
		var view struct {
			CallbackID      string `json:"callback_id"`
			PrivateMetadata string `json:"private_metadata"`
		}
		require.NoError(t, json.Unmarshal([]byte(ws.got("views.open")[0].Get("view")), &view))
		return clicks.answer(map[string]any{"type": "view_submission", "user": map[string]any{"id": "U-OPS"},
			"view": map[string]any{"callback_id": view.CallbackID, "private_metadata": view.PrivateMetadata,
				"state": map[string]any{"values": map[string]any{"meaning": map[string]any{"meaning": map[string]any{
					"type": "plain_text_input", "value": meaning}}}}}})
	}
	bad := submit("maybe")
	require.Contains(t, bad, `"response_action":"errors"`)
	require.Contains(t, bad, "is not a meaning")
	require.NotContains(t, submit("decline"), "errors")
	eventually(t, "the collaboration to end as declined", func() bool {
		d, err := tc.DescribeWorkflowExecution(ctx, wid, "")
		return err == nil && d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	})

	// Confirm on the same card afterwards: refused, nothing delivered again.
	clicks.send(clickPayload("U-OPS", islack.ActionApprove, buttonValue(t, card, islack.ActionApprove), "1.1"))
	eventually(t, "the refusal", func() bool {
		for _, e := range ws.got("chat.postEphemeral") {
			if strings.Contains(e.Get("text"), "settled already") {
				return true
			}
		}
		return false
	})
	signals := 0
	it := tc.GetWorkflowHistory(ctx, wid, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		if a := e.GetWorkflowExecutionSignaledEventAttributes(); a != nil && a.SignalName == workflows.SignalCreatorMessage {
			signals++
			require.Contains(t, string(a.Input.Payloads[0].Data), `"intent":"decline"`)
			require.Contains(t, string(a.Input.Payloads[0].Data), `"confirmed_by":"ops@lumen.test"`)
		}
	}
	require.Equal(t, 1, signals)
}
