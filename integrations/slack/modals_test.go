package slack

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

// approvalsHarness: the HTTP handler with recorders as the counter and
// shortlist Deciders.
func approvalsHarness(t *testing.T) (*harness, *decisions, *decisions) {
	x := newHarness(t)
	counters, shortlists := &decisions{}, &decisions{}
	x.ix.Register(KindCounter, counters)
	x.ix.Register(KindShortlist, shortlists)
	return x, counters, shortlists
}

// openedModal returns the last modal opened, and checks it answers the click.
func openedModal(t *testing.T, x *harness) slack.ModalViewRequest {
	t.Helper()
	opened := x.slack.got("views.open")
	require.NotEmpty(t, opened)
	require.Equal(t, "TRIG-1", opened[len(opened)-1].Get("trigger_id"), "views.open with the click's trigger_id")
	var view slack.ModalViewRequest
	require.NoError(t, json.Unmarshal([]byte(opened[len(opened)-1].Get("view")), &view))
	require.Equal(t, CallbackDecision, view.CallbackID)
	return view
}

// submit sends the modal back with values: block ID → typed text, or
// selected option values ([]string).
func submit(t *testing.T, x *harness, view slack.ModalViewRequest, user string, values map[string]any) *httptest.ResponseRecorder {
	t.Helper()
	state := map[string]any{}
	for block, v := range values {
		switch v := v.(type) {
		case string:
			state[block] = map[string]any{block: map[string]any{"type": "plain_text_input", "value": v}}
		case []string:
			var opts []map[string]any
			for _, o := range v {
				opts = append(opts, map[string]any{"value": o, "text": map[string]any{"type": "plain_text", "text": "@" + o}})
			}
			state[block] = map[string]any{block: map[string]any{"type": "multi_static_select", "selected_options": opts}}
		}
	}
	x.now = x.now.Add(time.Second)
	return x.post(t, map[string]any{"type": "view_submission", "user": map[string]any{"id": user, "name": "ops"},
		"view": map[string]any{"callback_id": view.CallbackID, "private_metadata": view.PrivateMetadata,
			"state": map[string]any{"values": state}}}, x.now, secret)
}

func modalErrors(t *testing.T, w *httptest.ResponseRecorder) map[string]string {
	t.Helper()
	var r struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if w.Body.Len() == 0 {
		return nil
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &r))
	require.Equal(t, "errors", r.Action)
	return r.Errors
}

func TestCounterApproveIsOneClick(t *testing.T) {
	x, counters, _ := approvalsHarness(t)
	counter := usd(150000)
	x.post(t, click(ActionApprove, "U-OPS", ButtonValue{Kind: KindCounter, Target: "campaign/c1/creator/jane", Counter: &counter}), x.now, secret)
	x.ix.Wait()
	require.Empty(t, x.slack.got("views.open"))
	require.Equal(t, []Decision{{Kind: KindCounter, Target: "campaign/c1/creator/jane", Verdict: ActionApprove,
		UserID: "U-OPS", UserName: "ops", Email: "ops@lumen.test", Counter: &counter}}, counters.list())
}

func TestCounterProposeModalTakesAnAmountAndAMessage(t *testing.T) {
	x, counters, _ := approvalsHarness(t)
	counter := usd(150000)
	x.post(t, click(ActionRequestChanges, "U-OPS", ButtonValue{Kind: KindCounter, Target: "campaign/c1/creator/jane", Counter: &counter}), x.now, secret)
	x.ix.Wait()
	require.Empty(t, counters.list(), "nothing decided until the modal is submitted")
	view := openedModal(t, x)
	require.Equal(t, "Counter-propose", view.Title.Text)
	raw, _ := json.Marshal(view.Blocks)
	require.Contains(t, string(raw), "counter-offer of *1,500.00 USD*")
	require.Contains(t, string(raw), `"block_id":"amount"`)
	require.Contains(t, string(raw), `"block_id":"message"`)

	for typed, want := range map[string]string{
		"":            "Say what amount to propose",
		"a lot":       `"a lot" is not an amount`,
		"1300 EUR":    "The creator asked in USD; propose an amount in USD",
		"1,500.00":    "is not below the creator's counter-offer of 1,500.00 USD; approve the counter-offer instead",
		"-5":          "must be above zero",
		"1300.123 US": "is not an amount",
	} {
		errs := modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"amount": typed}))
		require.Contains(t, errs["amount"], want, "typed %q", typed)
	}
	x.ix.Wait()
	require.Empty(t, counters.list(), "a bad amount decides nothing")

	w := submit(t, x, view, "U-OPS", map[string]any{"amount": "1,300", "message": "That is our ceiling for a reel."})
	require.Empty(t, modalErrors(t, w), "a good amount closes the modal")
	x.ix.Wait()
	require.Equal(t, []Decision{{Kind: KindCounter, Target: "campaign/c1/creator/jane", Verdict: ActionRequestChanges,
		UserID: "U-OPS", UserName: "ops", Email: "ops@lumen.test", Counter: &counter, Propose: ptr(usd(130000)),
		Feedback: "That is our ceiling for a reel."}}, counters.list())

	// The workflow refuses (the counter moved on): shown in the modal, and in the channel with what was typed.
	counters.refuse = "this request was for the counter of 1,500.00 USD, but 1,400.00 USD is the current one"
	errs := modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"amount": "1250.50 USD"}))
	require.Contains(t, errs["amount"], "Nothing was recorded: this request was for the counter of 1,500.00 USD")
	x.ix.Wait()
	eph := x.slack.got("chat.postEphemeral")
	require.Len(t, eph, 1)
	require.Contains(t, eph[0].Get("text"), "> proposed 1,250.50 USD")
}

func TestCounterRejectModalHasAnOptionalReason(t *testing.T) {
	x, counters, _ := approvalsHarness(t)
	counter := usd(150000)
	x.post(t, click(ActionReject, "U-OPS", ButtonValue{Kind: KindCounter, Target: "campaign/c1/creator/jane", Counter: &counter}), x.now, secret)
	x.ix.Wait()
	view := openedModal(t, x)
	require.Equal(t, "Reject counter-offer", view.Title.Text)
	require.Empty(t, modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{})), "no reason is fine")
	require.Empty(t, modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"reason": "Over budget."})))
	x.ix.Wait()
	got := counters.list()
	require.Len(t, got, 2)
	require.Equal(t, ActionReject, got[0].Verdict)
	require.Empty(t, got[0].Feedback)
	require.Nil(t, got[0].Propose)
	require.Equal(t, "Over budget.", got[1].Feedback)
	require.Equal(t, &counter, got[1].Counter)
}

func TestShortlistRequestChangesDropsTheChosenCreators(t *testing.T) {
	x, _, shortlists := approvalsHarness(t)
	v := ButtonValue{Kind: KindShortlist, Target: "campaign/c1", Options: []string{"ana", "ben", "cai"}}
	x.post(t, click(ActionRequestChanges, "U-OPS", v), x.now, secret)
	x.ix.Wait()
	view := openedModal(t, x)
	require.Equal(t, "Change the shortlist", view.Title.Text)
	require.Equal(t, "Approve without them", view.Submit.Text)
	raw, _ := json.Marshal(view.Blocks)
	for _, h := range []string{`"value":"ana"`, `"value":"ben"`, `"value":"cai"`, "multi_static_select"} {
		require.Contains(t, string(raw), h, "the modal offers the shortlisted creators")
	}
	require.NotContains(t, view.PrivateMetadata, "ana", "the options travel in the form, not the metadata")

	errs := modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"drop": []string{}}))
	require.Contains(t, errs["drop"], "Name at least one creator to drop")
	require.Empty(t, modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"drop": []string{"ana", "cai"}, "note": "Worked for a competitor."})))
	x.ix.Wait()
	require.Equal(t, []Decision{{Kind: KindShortlist, Target: "campaign/c1", Verdict: ActionRequestChanges, UserID: "U-OPS",
		UserName: "ops", Email: "ops@lumen.test", Drop: []string{"ana", "cai"}, Feedback: "Worked for a competitor."}}, shortlists.list())

	// A shortlist too long for the button: the handles are typed instead.
	x.post(t, click(ActionRequestChanges, "U-OPS", ButtonValue{Kind: KindShortlist, Target: "campaign/c1"}), x.now.Add(2*time.Second), secret)
	x.ix.Wait()
	view = openedModal(t, x)
	raw, _ = json.Marshal(view.Blocks)
	require.Contains(t, string(raw), "plain_text_input")
	require.Empty(t, modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"drop": "@dee, eve"})))
	x.ix.Wait()
	require.Equal(t, []string{"dee", "eve"}, shortlists.list()[1].Drop)
}

func TestShortlistRejectNeedsAReason(t *testing.T) {
	x, _, shortlists := approvalsHarness(t)
	x.post(t, click(ActionReject, "U-OPS", ButtonValue{Kind: KindShortlist, Target: "campaign/c1"}), x.now, secret)
	x.ix.Wait()
	view := openedModal(t, x)
	require.Equal(t, "Reject the shortlist", view.Title.Text)
	errs := modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"reason": "  "}))
	require.Contains(t, errs["reason"], "Say why the shortlist is rejected")
	x.ix.Wait()
	require.Empty(t, shortlists.list())

	shortlists.refuse = "the shortlist of c1 was already approved by ops@lumen.test"
	errs = modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"reason": "Wrong audience."}))
	require.Contains(t, errs["reason"], "Nothing was recorded: the shortlist of c1 was already approved by ops@lumen.test")
	x.ix.Wait()
	eph := x.slack.got("chat.postEphemeral")
	require.Len(t, eph, 1)
	require.Contains(t, eph[0].Get("text"), "> Wrong audience.", "the typed reason is not lost")

	shortlists.refuse = ""
	require.Empty(t, modalErrors(t, submit(t, x, view, "U-OPS", map[string]any{"reason": "Wrong audience."})))
	x.ix.Wait()
	require.Equal(t, []Decision{{Kind: KindShortlist, Target: "campaign/c1", Verdict: ActionReject, UserID: "U-OPS",
		UserName: "ops", Email: "ops@lumen.test", Feedback: "Wrong audience."}}, shortlists.list())
}

func TestParseProposal(t *testing.T) {
	c := usd(150000)
	for in, want := range map[string]campaign.Money{"1300": usd(130000), "1,300.50": usd(130050), "USD 999.9": usd(99990), "1300 USD": usd(130000)} {
		got, err := ParseProposal(in, &c)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	got, err := ParseProposal("2000 EUR", nil)
	require.NoError(t, err, "with no counter known, any positive amount in a currency")
	require.Equal(t, campaign.Money{Amount: 200000, Currency: "EUR"}, got)
	_, err = ParseProposal("2000", nil)
	require.ErrorContains(t, err, "currency")
}
