package slack

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSocketModeFeedsTheSameHandler: over Socket Mode (no public URL) a click
// and a modal submission reach the same Interactions as over HTTP, and every
// envelope is acknowledged — the modal's with its validation errors.
func TestSocketModeFeedsTheSameHandler(t *testing.T) {
	x := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- RunSocketMode(ctx, Config{BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: x.slack.srv.GetAPIURL()}, x.ix, nil)
	}()
	t.Cleanup(func() {
		cancel()
		close(x.slack.envelopes)
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(30 * time.Second):
			t.Error("socket mode did not stop with its context")
		}
	})
	ack := func() map[string]any {
		select {
		case a := <-x.slack.acks:
			return a
		case <-time.After(30 * time.Second):
			t.Fatal("no acknowledgement")
			return nil
		}
	}

	x.slack.envelopes <- map[string]any{"envelope_id": "env-1", "type": "interactive", "accepts_response_payload": true,
		"payload": click(ActionApprove, "U-OPS", ButtonValue{Target: "campaign/c1/creator/jane", Revision: 3})}
	require.Equal(t, "env-1", ack()["envelope_id"])
	x.ix.Wait()
	require.Equal(t, []Decision{{Kind: KindDraft, Target: "campaign/c1/creator/jane", Revision: 3, Verdict: ActionApprove,
		UserID: "U-OPS", UserName: "ops", Email: "ops@lumen.test"}}, x.dec.list())

	x.slack.envelopes <- map[string]any{"envelope_id": "env-2", "type": "interactive", "accepts_response_payload": true,
		"payload": map[string]any{"type": "view_submission", "user": map[string]any{"id": "U-OPS"},
			"view": map[string]any{"callback_id": CallbackFeedback, "private_metadata": `{"target":"campaign/c1/creator/jane","revision":3}`,
				"state": map[string]any{"values": map[string]any{}}}}}
	a := ack()
	require.Equal(t, "env-2", a["envelope_id"])
	require.Equal(t, "errors", a["payload"].(map[string]any)["response_action"])
	require.Len(t, x.dec.list(), 1, "an empty feedback decides nothing")
	require.Len(t, x.slack.got("apps.connections.open"), 1)
}
