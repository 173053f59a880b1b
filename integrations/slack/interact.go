package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/creatorflow/creatorflow/campaign"
)

// Kind of approval a button decides on; ButtonValue.Kind carries it. Other
// approval kinds (a shortlist, a counter-offer) register their own Decider.
const KindDraft = "draft"

// Decision is what an approver asked for by clicking a button or submitting
// the feedback modal, with who they are in Slack.
type Decision struct {
	Kind     string
	Target   string // opaque: what the button decides on (a workflow ID)
	Revision int
	Verdict  string // ActionApprove, ActionRequestChanges or ActionReject
	Feedback string
	UserID   string // the clicker's Slack user ID
	UserName string
	Email    string // from users.info; empty when Slack does not tell (missing users:read.email)
	// Counter-offers: the counter the card showed, and the amount proposed
	// instead (Verdict ActionRequestChanges: "counter-propose").
	Counter *campaign.Money
	Propose *campaign.Money
	// Shortlists: handles to leave out (Verdict ActionRequestChanges: approve without them).
	Drop []string
}

// Decider takes a decision of one kind. A *Refusal error is shown to the
// clicker as the reason nothing happened; any other error as a failure.
type Decider interface {
	Decide(ctx context.Context, d Decision) error
}

// DeciderFunc adapts a function to Decider.
type DeciderFunc func(ctx context.Context, d Decision) error

// Decide calls f.
func (f DeciderFunc) Decide(ctx context.Context, d Decision) error { return f(ctx, d) }

// Refusal says why a decision was not taken: a second click, a stale message,
// an approver who is not allowed. Nothing changed.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

// CallbackFeedback is the callback ID of the "request changes" modal.
const CallbackFeedback = "creatorflow_feedback"

// modalMeta travels in the modal's private_metadata from the click to the submission.
type modalMeta struct {
	ButtonValue
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// Interactions turns clicks and modal submissions into decisions. HTTP and
// Socket Mode both feed Dispatch; it answers at once (Slack wants an answer
// within three seconds) and does the slow work in the background.
type Interactions struct {
	api      *slack.Client
	logger   *slog.Logger
	deciders map[string]Decider
	// Timeout bounds one decision (the Temporal Update); AckWithin is how long a
	// modal submission waits for it, so a refusal shows in the modal itself.
	Timeout, AckWithin time.Duration

	mu     sync.Mutex
	emails map[string]string
	wg     sync.WaitGroup
}

// NewInteractions answers through n's Slack client.
func NewInteractions(n *Notifier, logger *slog.Logger) *Interactions {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Interactions{api: n.api, logger: logger, deciders: map[string]Decider{},
		Timeout: 30 * time.Second, AckWithin: 2 * time.Second, emails: map[string]string{}}
}

// Register sets the Decider of one approval kind.
func (h *Interactions) Register(kind string, d Decider) { h.deciders[kind] = d }

// Wait blocks until background work of earlier interactions has finished.
func (h *Interactions) Wait() { h.wg.Wait() }

// Dispatch handles one interaction payload and returns the body of the
// acknowledgement (nil: an empty 200).
func (h *Interactions) Dispatch(cb slack.InteractionCallback) any {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			h.click(cb, a)
		}
		return nil
	case slack.InteractionTypeViewSubmission:
		switch cb.View.CallbackID {
		case CallbackFeedback:
			return h.submitFeedback(cb)
		case CallbackDecision:
			return h.submitDecision(cb)
		}
	}
	h.logger.Debug("slack interaction ignored", "type", cb.Type)
	return nil
}

func (h *Interactions) click(cb slack.InteractionCallback, a *slack.BlockAction) {
	if a.ActionID != ActionApprove && a.ActionID != ActionRequestChanges && a.ActionID != ActionReject {
		return
	}
	var v ButtonValue
	if err := json.Unmarshal([]byte(a.Value), &v); err != nil || v.Target == "" {
		h.background(func(ctx context.Context) {
			h.tell(ctx, cb.Channel.ID, cb.User.ID, "This button does not say what it decides on; nothing was recorded.")
		})
		return
	}
	if v.Kind == "" {
		v.Kind = KindDraft
	}
	if spec, ok := modalFor(v.Kind, a.ActionID); ok { // counter-offers and shortlists (modals.go)
		h.openDecisionModal(cb, v, a.ActionID, spec)
		return
	}
	if a.ActionID == ActionRequestChanges {
		meta := modalMeta{ButtonValue: v, Channel: cb.Channel.ID, TS: cb.Container.MessageTs}
		if meta.TS == "" {
			meta.TS = cb.Message.Timestamp
		}
		h.background(func(ctx context.Context) {
			if _, err := h.api.OpenViewContext(ctx, cb.TriggerID, feedbackModal(meta, cb.Message.Text)); err != nil {
				h.logger.Error("slack: opening the feedback modal", "error", err)
				h.tell(ctx, cb.Channel.ID, cb.User.ID, "Could not open the feedback form ("+err.Error()+"); please click again, or use `starter request-changes`.")
			}
		})
		return
	}
	d := Decision{Kind: v.Kind, Target: v.Target, Revision: v.Revision, Verdict: a.ActionID,
		UserID: cb.User.ID, UserName: cb.User.Name, Counter: v.Counter}
	h.background(func(ctx context.Context) {
		if err := h.decide(ctx, d); err != nil {
			h.tell(ctx, cb.Channel.ID, cb.User.ID, explain(err))
		}
	})
}

func (h *Interactions) submitFeedback(cb slack.InteractionCallback) any {
	var meta modalMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil || meta.Target == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"feedback": "This form lost track of the draft; close it and click Request changes again."})
	}
	var feedback string
	if cb.View.State != nil {
		feedback = strings.TrimSpace(cb.View.State.Values["feedback"]["feedback"].Value)
	}
	if feedback == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"feedback": "Tell the creator what to change."})
	}
	d := Decision{Kind: meta.Kind, Target: meta.Target, Revision: meta.Revision, Verdict: ActionRequestChanges,
		Feedback: feedback, UserID: cb.User.ID, UserName: cb.User.Name}
	done := make(chan error, 1)
	h.background(func(ctx context.Context) {
		err := h.decide(ctx, d)
		done <- err
		if err != nil && ctx.Err() == nil {
			// Shown in the modal if it came in time; in the channel too, so the
			// approver still sees it once the modal has closed.
			h.tell(ctx, meta.Channel, cb.User.ID, explain(err)+"\nYour feedback was:\n> "+strings.ReplaceAll(feedback, "\n", "\n> "))
		}
	})
	select {
	case err := <-done:
		if err != nil {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{"feedback": explain(err)})
		}
	case <-time.After(h.AckWithin):
	}
	return nil
}

// decide resolves the clicker's email and passes the decision to its kind's Decider.
func (h *Interactions) decide(ctx context.Context, d Decision) error {
	dec, ok := h.deciders[d.Kind]
	if !ok {
		return &Refusal{Reason: fmt.Sprintf("This worker does not take %q decisions.", d.Kind)}
	}
	d.Email = h.email(ctx, d.UserID)
	start := time.Now()
	err := dec.Decide(ctx, d)
	h.logger.Info("slack decision", "kind", d.Kind, "target", d.Target, "verdict", d.Verdict, "user", d.UserID,
		"took", time.Since(start), "error", err)
	return err
}

// email looks up (once) the clicker's email, so a brief may name approvers by address.
func (h *Interactions) email(ctx context.Context, userID string) string {
	h.mu.Lock()
	e, ok := h.emails[userID]
	h.mu.Unlock()
	if ok {
		return e
	}
	u, err := h.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		h.logger.Warn("slack: users.info failed; the approver is known by Slack user ID only", "user", userID, "error", err)
		return ""
	}
	h.mu.Lock()
	h.emails[userID] = u.Profile.Email
	h.mu.Unlock()
	return u.Profile.Email
}

func (h *Interactions) tell(ctx context.Context, channel, user, text string) {
	if channel == "" || user == "" {
		h.logger.Warn("slack: nowhere to tell the approver", "text", text)
		return
	}
	if _, err := h.api.PostEphemeralContext(ctx, channel, user, slack.MsgOptionText(text, false)); err != nil {
		h.logger.Error("slack: posting an ephemeral message", "error", err)
	}
}

func (h *Interactions) background(f func(ctx context.Context)) {
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), h.Timeout)
		defer cancel()
		f(ctx)
	}()
}

func explain(err error) string {
	var r *Refusal
	if errors.As(err, &r) {
		return "Nothing was recorded: " + r.Reason
	}
	return "Your decision could not be confirmed (" + err.Error() + "). Once a decision is taken the card is rewritten; if it is not, please click again."
}

func feedbackModal(meta modalMeta, about string) slack.ModalViewRequest {
	pm, _ := json.Marshal(meta)
	plain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	input := slack.NewPlainTextInputBlockElement(plain("e.g. Please show the #ad label in the first three seconds."), "feedback")
	input.Multiline = true
	if about == "" {
		about = fmt.Sprintf("Draft %d", meta.Revision)
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackFeedback, PrivateMetadata: string(pm),
		Title: plain("Request changes"), Submit: plain("Send to creator"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, about+"\nYour feedback goes to the creator by email.", false, false), nil, nil),
			slack.NewInputBlock("feedback", plain("What should change?"), nil, input),
		}},
	}
}

// HTTPHandler receives Slack's interactivity requests (the app's Request URL):
// verified signature within the five-minute window or 401, a request seen
// before (by Replays) 401, body at most MaxBody bytes or 413, answered at once.
type HTTPHandler struct {
	Secret       string
	Interactions *Interactions
	MaxBody      int64 // default DefaultMaxBody
	Logger       *slog.Logger
	// Replays remembers verified requests; share one (postgres.Store) across
	// worker replicas. Nil: this handler's own memory.
	Replays ReplayGuard

	once    sync.Once
	replays ReplayGuard
}

// DefaultMaxBody bounds an interaction request; Slack's payloads for our cards
// (the whole message comes back with a click) are a few kilobytes.
const DefaultMaxBody = 128 << 10

func (h *HTTPHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	limit := h.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, fmt.Sprintf("request body over %d bytes", limit), http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "reading the request body", http.StatusBadRequest)
		return
	}
	if err := Verify(h.Secret, r.Header, body); err != nil {
		h.log().Warn("slack request refused", "error", err, "remote", r.RemoteAddr)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	digest, ts, _ := RequestDigest(r.Header) // verified: the signature is v0 hex
	fresh, err := h.guard().RecordSlackRequest(r.Context(), digest, ts)
	if err != nil {
		// Fail closed: without the guard a replay could pass. Slack retries.
		h.log().Error("slack request refused: the replay guard is unavailable", "error", err)
		http.Error(w, "slack: cannot check this request against replays right now; try again", http.StatusServiceUnavailable)
		return
	}
	if !fresh {
		h.log().Warn("slack request refused: replayed", "remote", r.RemoteAddr)
		http.Error(w, "slack: request already received (replayed)", http.StatusUnauthorized)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("payload") == "" {
		http.Error(w, "expected a form with a payload field", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "payload is not an interaction: "+err.Error(), http.StatusBadRequest)
		return
	}
	ack := h.Interactions.Dispatch(cb)
	if ack == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ack)
}

func (h *HTTPHandler) guard() ReplayGuard {
	h.once.Do(func() {
		h.replays = h.Replays
		if h.replays == nil {
			h.replays = &MemoryReplays{}
		}
	})
	return h.replays
}

func (h *HTTPHandler) log() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
