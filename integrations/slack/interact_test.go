package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/stretchr/testify/require"
)

// Slack's own example from "Verifying requests from Slack".
const (
	docSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	docTimestamp = "1531420618"
	docBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestVerifySlackDocumentationExample(t *testing.T) {
	// Our signer reproduces Slack's documented signature...
	require.Equal(t, docSignature, Sign(docSecret, docTimestamp, []byte(docBody)))
	// ...and slack-go's verifier, which checks against the real clock, refuses
	// that 2018 request as outside the window.
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", docTimestamp)
	h.Set("X-Slack-Signature", docSignature)
	require.ErrorContains(t, Verify(docSecret, h, []byte(docBody)), "five-minute window")

	now := strconv.FormatInt(time.Now().Unix(), 10)
	h.Set("X-Slack-Request-Timestamp", now)
	h.Set("X-Slack-Signature", Sign(docSecret, now, []byte(docBody)))
	require.NoError(t, Verify(docSecret, h, []byte(docBody)))
	h.Set("X-Slack-Signature", strings.ToUpper(Sign(docSecret, now, []byte(docBody))))
	require.Error(t, Verify(docSecret, h, []byte(docBody)), "V0= is not a version slack sends")
	h.Set("X-Slack-Signature", "v0="+strings.ToUpper(strings.TrimPrefix(Sign(docSecret, now, []byte(docBody)), "v0=")))
	require.NoError(t, Verify(docSecret, h, []byte(docBody)), "hex is hex in either case")
	h.Set("X-Slack-Signature", Sign(docSecret, now, []byte(docBody)))
	require.ErrorContains(t, Verify("another-secret", h, []byte(docBody)), "does not match")
	require.ErrorContains(t, Verify(docSecret, h, []byte(docBody+"&text=approve")), "does not match")
	require.ErrorContains(t, Verify("", h, []byte(docBody)), "no signing secret")
	h.Set("X-Slack-Signature", "v1=a2114d57")
	require.ErrorContains(t, Verify(docSecret, h, []byte(docBody)), "version")
	h.Set("X-Slack-Signature", "v0=zz")
	require.ErrorContains(t, Verify(docSecret, h, []byte(docBody)), "malformed")
	require.ErrorIs(t, Verify(docSecret, http.Header{}, []byte(docBody)), ErrBadSignature)
}

const secret = "test-signing-secret"

// decisions records what reached the Decider.
type decisions struct {
	mu     sync.Mutex
	got    []Decision
	refuse string
	block  chan struct{}
	done   chan struct{}
}

func (d *decisions) Decide(ctx context.Context, x Decision) error {
	if d.block != nil {
		<-d.block
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done != nil {
		defer func() { d.done <- struct{}{} }()
	}
	if d.refuse != "" {
		return &Refusal{Reason: d.refuse}
	}
	d.got = append(d.got, x)
	return nil
}

func (d *decisions) list() []Decision {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Decision(nil), d.got...)
}

type harness struct {
	slack *fakeSlack
	dec   *decisions
	ix    *Interactions
	h     *HTTPHandler
	now   time.Time
}

func newHarness(t testing.TB) *harness {
	f := newFakeSlack(t)
	f.emails["U-OPS"] = "ops@lumen.test"
	n := New(Config{BotToken: "xoxb-test", Channel: "C-APPROVALS", APIURL: f.srv.GetAPIURL()})
	ix := NewInteractions(n, nil)
	dec := &decisions{}
	ix.Register(KindDraft, dec)
	// slack-go's verifier checks timestamps against the real clock.
	now := time.Now().Truncate(time.Second)
	return &harness{slack: f, dec: dec, ix: ix, now: now,
		h: &HTTPHandler{Secret: secret, Interactions: ix}}
}

// post sends a payload as Slack does: form-encoded, signed at ts.
func (x *harness) post(t *testing.T, payload any, ts time.Time, key string) *httptest.ResponseRecorder {
	t.Helper()
	raw, err := json.Marshal(payload)
	require.NoError(t, err)
	body := url.Values{"payload": {string(raw)}}.Encode()
	return x.postRaw(body, ts, key)
}

func (x *harness) postRaw(body string, ts time.Time, key string) *httptest.ResponseRecorder {
	return x.postSigned(body, ts, Sign(key, strconv.FormatInt(ts.Unix(), 10), []byte(body)))
}

// postSigned sends body with the given signature header as it is.
func (x *harness) postSigned(body string, ts time.Time, sig string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/slack/interactions", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
	r.Header.Set("X-Slack-Signature", sig)
	w := httptest.NewRecorder()
	x.h.ServeHTTP(w, r)
	return w
}

func click(action, user string, v ButtonValue) map[string]any {
	val, _ := json.Marshal(v)
	return map[string]any{
		"type": "block_actions", "trigger_id": "TRIG-1",
		"user":      map[string]any{"id": user, "name": "ops"},
		"channel":   map[string]any{"id": "C-APPROVALS"},
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000001", "channel_id": "C-APPROVALS"},
		"message":   map[string]any{"ts": "1700000000.000001", "text": "Draft 2 from @jane needs a decision"},
		"actions":   []map[string]any{{"action_id": action, "block_id": "approval", "type": "button", "value": string(val)}},
	}
}

func TestClickBecomesADecisionByTheClicker(t *testing.T) {
	x := newHarness(t)
	w := x.post(t, click(ActionApprove, "U-OPS", ButtonValue{Target: "campaign/c1/creator/jane", Revision: 2}), x.now, secret)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	x.ix.Wait()
	require.Equal(t, []Decision{{Kind: KindDraft, Target: "campaign/c1/creator/jane", Revision: 2, Verdict: ActionApprove,
		UserID: "U-OPS", UserName: "ops", Email: "ops@lumen.test"}}, x.dec.list())
	require.Empty(t, x.slack.got("chat.postEphemeral"), "a decision taken needs no ephemeral message")
}

func TestClickIsAnsweredBeforeTheDecisionCompletes(t *testing.T) {
	x := newHarness(t)
	x.dec.block = make(chan struct{})
	w := x.post(t, click(ActionReject, "U-OPS", ButtonValue{Target: "campaign/c1/creator/jane", Revision: 1}), x.now, secret)
	require.Equal(t, http.StatusOK, w.Code, "Slack got its answer while the decision was still pending")
	require.Empty(t, x.dec.list())
	close(x.dec.block)
	x.ix.Wait()
	require.Len(t, x.dec.list(), 1)
}

func TestRefusedClickTellsTheClickerWhy(t *testing.T) {
	x := newHarness(t)
	x.dec.refuse = "no draft of jane is waiting for a decision (stage: awaiting_publication)"
	w := x.post(t, click(ActionApprove, "U-STRANGER", ButtonValue{Target: "campaign/c1/creator/jane", Revision: 1}), x.now, secret)
	require.Equal(t, http.StatusOK, w.Code)
	x.ix.Wait()
	require.Empty(t, x.dec.list())
	eph := x.slack.got("chat.postEphemeral")
	require.Len(t, eph, 1)
	require.Equal(t, "C-APPROVALS", eph[0].Get("channel"))
	require.Equal(t, "U-STRANGER", eph[0].Get("user"))
	require.Contains(t, eph[0].Get("text"), "Nothing was recorded: no draft of jane is waiting")
}

func TestClickOfAnUnknownKindIsRefused(t *testing.T) {
	x := newHarness(t)
	x.post(t, click(ActionApprove, "U-OPS", ButtonValue{Kind: "counter_offer", Target: "campaign/c1/creator/jane"}), x.now, secret)
	x.ix.Wait()
	require.Empty(t, x.dec.list())
	eph := x.slack.got("chat.postEphemeral")
	require.Len(t, eph, 1)
	require.Contains(t, eph[0].Get("text"), `does not take "counter_offer" decisions`)
}

func TestRequestChangesOpensTheFeedbackModalThenDecides(t *testing.T) {
	x := newHarness(t)
	w := x.post(t, click(ActionRequestChanges, "U-OPS", ButtonValue{Target: "campaign/c1/creator/jane", Revision: 2}), x.now, secret)
	require.Equal(t, http.StatusOK, w.Code)
	x.ix.Wait()
	require.Empty(t, x.dec.list(), "no decision until the feedback is submitted")
	opened := x.slack.got("views.open")
	require.Len(t, opened, 1)
	require.Equal(t, "TRIG-1", opened[0].Get("trigger_id"))
	var view slack.ModalViewRequest
	require.NoError(t, json.Unmarshal([]byte(opened[0].Get("view")), &view))
	require.Equal(t, CallbackFeedback, view.CallbackID)
	require.Contains(t, opened[0].Get("view"), "Draft 2 from @jane needs a decision")

	submit := func(feedback string) *httptest.ResponseRecorder {
		x.now = x.now.Add(time.Second) // a new request: new timestamp, new signature
		return x.post(t, map[string]any{
			"type": "view_submission", "user": map[string]any{"id": "U-OPS", "name": "ops"},
			"view": map[string]any{"callback_id": CallbackFeedback, "private_metadata": view.PrivateMetadata,
				"state": map[string]any{"values": map[string]any{"feedback": map[string]any{"feedback": map[string]any{"type": "plain_text_input", "value": feedback}}}}},
		}, x.now, secret)
	}
	w = submit("   ")
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, w.Body.String(), `"response_action":"errors"`)
	require.Contains(t, w.Body.String(), "Tell the creator what to change")
	require.Empty(t, x.dec.list())

	w = submit("Please show the #ad label in the first 3 seconds.")
	require.Equal(t, http.StatusOK, w.Code)
	require.Empty(t, strings.TrimSpace(w.Body.String()), "an empty answer closes the modal")
	x.ix.Wait()
	require.Equal(t, []Decision{{Kind: KindDraft, Target: "campaign/c1/creator/jane", Revision: 2, Verdict: ActionRequestChanges,
		Feedback: "Please show the #ad label in the first 3 seconds.", UserID: "U-OPS", UserName: "ops", Email: "ops@lumen.test"}}, x.dec.list())

	x.dec.refuse = "draft 2 was the last revision the brief allows"
	w = submit("More changes")
	require.Contains(t, w.Body.String(), "Nothing was recorded: draft 2 was the last revision")
	x.ix.Wait()
	eph := x.slack.got("chat.postEphemeral")
	require.Len(t, eph, 1)
	require.Contains(t, eph[0].Get("text"), "> More changes", "the refused feedback is not lost")
}

func TestFeedbackModalThatCannotOpenIsExplained(t *testing.T) {
	x := newHarness(t)
	x.slack.openViewError = "expired_trigger_id"
	x.post(t, click(ActionRequestChanges, "U-OPS", ButtonValue{Target: "campaign/c1/creator/jane", Revision: 1}), x.now, secret)
	x.ix.Wait()
	eph := x.slack.got("chat.postEphemeral")
	require.Len(t, eph, 1)
	require.Contains(t, eph[0].Get("text"), "expired_trigger_id")
}

func TestUnverifiedRequestsAreRefused(t *testing.T) {
	x := newHarness(t)
	payload := click(ActionApprove, "U-OPS", ButtonValue{Target: "campaign/c1/creator/jane", Revision: 1})

	w := x.post(t, payload, x.now, "a-forged-secret")
	require.Equal(t, http.StatusUnauthorized, w.Code, "forged")
	w = x.post(t, payload, x.now.Add(-6*time.Minute), secret)
	require.Equal(t, http.StatusUnauthorized, w.Code, "expired")
	require.Contains(t, w.Body.String(), "five-minute window")
	w = x.post(t, payload, x.now.Add(6*time.Minute), secret)
	require.Equal(t, http.StatusUnauthorized, w.Code, "from the future")

	r := httptest.NewRequest(http.MethodPost, "/slack/interactions", strings.NewReader("payload={}"))
	w = httptest.NewRecorder()
	x.h.ServeHTTP(w, r)
	require.Equal(t, http.StatusUnauthorized, w.Code, "unsigned")

	// Replayed: the same signed request twice within the window.
	w = x.post(t, payload, x.now.Add(-time.Minute), secret)
	require.Equal(t, http.StatusOK, w.Code)
	w = x.post(t, payload, x.now.Add(-time.Minute), secret)
	require.Equal(t, http.StatusUnauthorized, w.Code, "replayed")
	require.Contains(t, w.Body.String(), "replayed")
	// The same request again with its signature in upper-case (or mixed-case)
	// hex: the same signature bytes, so the guard itself refuses it.
	raw, _ := json.Marshal(payload)
	body := url.Values{"payload": {string(raw)}}.Encode()
	ts := x.now.Add(-time.Minute)
	sig := strings.TrimPrefix(Sign(secret, strconv.FormatInt(ts.Unix(), 10), []byte(body)), "v0=")
	w = x.postSigned(body, ts, "v0="+strings.ToUpper(sig))
	require.Equal(t, http.StatusUnauthorized, w.Code, "replayed in upper-case hex")
	require.Contains(t, w.Body.String(), "replayed")
	w = x.postSigned(body, ts, "v0="+strings.ToUpper(sig[:10])+sig[10:])
	require.Equal(t, http.StatusUnauthorized, w.Code, "replayed in mixed-case hex")
	require.Contains(t, w.Body.String(), "replayed")

	// Oversized: refused before anything is verified or parsed.
	big := url.Values{"payload": {strings.Repeat("x", DefaultMaxBody)}}.Encode()
	w = x.postRaw(big, x.now, secret)
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)

	x.ix.Wait()
	require.Len(t, x.dec.list(), 1, "only the one genuine request was decided")
}
