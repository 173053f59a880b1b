package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/creatorflow/creatorflow/campaign"
)

// CallbackDecision is the callback ID of the modals of counter-offers and
// shortlists (counter-propose, reject with a reason, drop creators).
const CallbackDecision = "creatorflow_decision"

// decisionMeta travels in a decision modal's private_metadata: what the
// button decided on, which button, and where its card is.
type decisionMeta struct {
	ButtonValue
	Verdict string `json:"verdict"`
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// modalSpec is one kind's modal behind one button.
type modalSpec struct {
	title, submit string
	// blocks renders the form; about is the card's title.
	blocks func(m decisionMeta, about string) []slack.Block
	// read fills the decision from the submitted form, or says per block what is wrong.
	read func(m decisionMeta, values map[string]map[string]slack.BlockAction, d *Decision) map[string]string
	// errBlock is where a refusal of the decision is shown.
	errBlock string
}

// Block and action IDs of the decision modals' inputs (block ID = action ID).
const (
	inputAmount  = "amount"
	inputMessage = "message"
	inputReason  = "reason"
	inputDrop    = "drop"
	inputNote    = "note"
)

func modalFor(kind, action string) (modalSpec, bool) {
	switch {
	case kind == KindCounter && action == ActionRequestChanges:
		return counterProposeModal, true
	case kind == KindCounter && action == ActionReject:
		return counterRejectModal, true
	case kind == KindShortlist && action == ActionRequestChanges:
		return shortlistDropModal, true
	case kind == KindShortlist && action == ActionReject:
		return shortlistRejectModal, true
	case kind == KindTriage && action == ActionRequestChanges:
		return triageCorrectModal, true
	}
	return modalSpec{}, false
}

func textInput(block, label, placeholder string, multiline, optional bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(plain(placeholder), block)
	el.Multiline = multiline
	in := slack.NewInputBlock(block, plain(label), nil, el)
	in.Optional = optional
	return in
}

func value(values map[string]map[string]slack.BlockAction, block string) string {
	return strings.TrimSpace(values[block][block].Value)
}

var counterProposeModal = modalSpec{
	title: "Counter-propose", submit: "Send to creator",
	blocks: func(m decisionMeta, about string) []slack.Block {
		asked := "the creator's counter-offer"
		if m.Counter != nil {
			asked = "the creator's counter-offer of *" + m.Counter.String() + "*"
		}
		return []slack.Block{
			section(about + "\nInstead of " + asked + ", offer the creator another amount. It goes to them by email, with your message."),
			textInput(inputAmount, "Amount to propose", "e.g. 1300 or 1,300.00 USD", false, false),
			textInput(inputMessage, "Message to the creator (optional)", "e.g. That is what our budget allows per creator.", true, true),
		}
	},
	read: func(m decisionMeta, values map[string]map[string]slack.BlockAction, d *Decision) map[string]string {
		amount, err := ParseProposal(value(values, inputAmount), m.Counter)
		if err != nil {
			return map[string]string{inputAmount: err.Error()}
		}
		d.Propose, d.Feedback = &amount, value(values, inputMessage)
		return nil
	},
	errBlock: inputAmount,
}

// ParseProposal's errors are shown as sentences in the Slack form, hence
// capitalised (staticcheck's ST1005 is for errors wrapped into others).
//
// ParseProposal reads an amount typed into the counter-propose modal with
// campaign.ParseMoney; a bare number is in the counter's currency. It must be
// positive and, in the counter's currency, below the counter.
func ParseProposal(s string, counter *campaign.Money) (campaign.Money, error) {
	if s == "" {
		return campaign.Money{}, fmt.Errorf("Say what amount to propose, e.g. 1300") //nolint:staticcheck // a sentence shown in the form
	}
	typed := s
	if len(strings.Fields(s)) == 1 && counter != nil && counter.Currency != "" {
		typed = s + " " + counter.Currency
	}
	m, err := campaign.ParseMoney(typed)
	if err != nil {
		return campaign.Money{}, fmt.Errorf("%q is not an amount: %v", s, err)
	}
	if m.Amount <= 0 {
		return campaign.Money{}, fmt.Errorf("The amount must be above zero (got %s)", m) //nolint:staticcheck // a sentence shown in the form
	}
	if counter != nil && counter.Currency != "" {
		if m.Currency != counter.Currency {
			return campaign.Money{}, fmt.Errorf("The creator asked in %s; propose an amount in %s", counter.Currency, counter.Currency) //nolint:staticcheck // a sentence shown in the form
		}
		if m.Amount >= counter.Amount {
			return campaign.Money{}, fmt.Errorf("%s is not below the creator's counter-offer of %s; approve the counter-offer instead", m, counter)
		}
	}
	return m, nil
}

var counterRejectModal = modalSpec{
	title: "Reject counter-offer", submit: "Reject",
	blocks: func(m decisionMeta, about string) []slack.Block {
		return []slack.Block{
			section(about + "\nThe creator is thanked by email and the collaboration ends as declined. To offer another amount, use *Counter-propose* instead."),
			textInput(inputReason, "Reason for the creator (optional)", "e.g. It is above what we can pay for this campaign.", true, true),
		}
	},
	read: func(m decisionMeta, values map[string]map[string]slack.BlockAction, d *Decision) map[string]string {
		d.Feedback = value(values, inputReason)
		return nil
	},
	errBlock: inputReason,
}

var shortlistDropModal = modalSpec{
	title: "Change the shortlist", submit: "Approve without them",
	blocks: func(m decisionMeta, about string) []slack.Block {
		var pick slack.BlockElement
		if len(m.Options) > 0 {
			var opts []*slack.OptionBlockObject
			for _, h := range m.Options {
				opts = append(opts, slack.NewOptionBlockObject(h, plain(clip("@"+h, 75)), nil))
			}
			pick = slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Pick creators"), inputDrop, opts...)
		} else {
			pick = slack.NewPlainTextInputBlockElement(plain("handles, separated by commas"), inputDrop)
		}
		note := textInput(inputNote, "Why (optional, for the record)", "e.g. Ana worked for a competitor last month.", true, true)
		return []slack.Block{
			section(about + "\nName the creators to leave out: the shortlist is then approved without them, and the next ranked take their place."),
			slack.NewInputBlock(inputDrop, plain("Creators to drop"), nil, pick),
			note,
		}
	},
	read: func(m decisionMeta, values map[string]map[string]slack.BlockAction, d *Decision) map[string]string {
		in := values[inputDrop][inputDrop]
		var drop []string
		for _, o := range in.SelectedOptions {
			drop = append(drop, o.Value)
		}
		for _, h := range strings.FieldsFunc(in.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
			drop = append(drop, strings.TrimPrefix(h, "@"))
		}
		if len(drop) == 0 {
			return map[string]string{inputDrop: "Name at least one creator to drop, or close this and click Approve."}
		}
		d.Drop, d.Feedback = drop, value(values, inputNote)
		return nil
	},
	errBlock: inputDrop,
}

var shortlistRejectModal = modalSpec{
	title: "Reject the shortlist", submit: "Reject",
	blocks: func(m decisionMeta, about string) []slack.Block {
		return []slack.Block{
			section(about + "\nRejecting ends the campaign before any outreach: nobody is contacted."),
			textInput(inputReason, "Reason", "e.g. The audience is too young for this brand.", true, false),
		}
	},
	read: func(m decisionMeta, values map[string]map[string]slack.BlockAction, d *Decision) map[string]string {
		d.Feedback = value(values, inputReason)
		if d.Feedback == "" {
			return map[string]string{inputReason: "Say why the shortlist is rejected."}
		}
		return nil
	},
	errBlock: inputReason,
}

// decisionModal is the modal of spec for a click on meta's card.
func decisionModal(spec modalSpec, meta decisionMeta, about string) slack.ModalViewRequest {
	if about == "" {
		about = "This request"
	}
	opts := meta.Options
	meta.Options = nil // the form carries them; the metadata stays small
	pm, _ := json.Marshal(meta)
	meta.Options = opts
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackDecision, PrivateMetadata: string(pm),
		Title: plain(clip(spec.title, 24)), Submit: plain(clip(spec.submit, 24)), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: spec.blocks(meta, "*"+clip(about, 500)+"*")},
	}
}

func (h *Interactions) openDecisionModal(cb slack.InteractionCallback, v ButtonValue, action string, spec modalSpec) {
	meta := decisionMeta{ButtonValue: v, Verdict: action, Channel: cb.Channel.ID, TS: cb.Container.MessageTs}
	if meta.TS == "" {
		meta.TS = cb.Message.Timestamp
	}
	h.background(func(ctx context.Context) {
		if _, err := h.api.OpenViewContext(ctx, cb.TriggerID, decisionModal(spec, meta, cb.Message.Text)); err != nil {
			h.logger.Error("slack: opening a decision modal", "kind", v.Kind, "error", err)
			h.tell(ctx, cb.Channel.ID, cb.User.ID, "Could not open the form ("+err.Error()+"); please click again, or use the `starter` CLI.")
		}
	})
}

// submitDecision takes a decision modal's submission: errors in the form are
// shown in it at once; the decision itself is waited for up to AckWithin, so
// a refusal shows in the modal too (and in the channel, with what was typed).
func (h *Interactions) submitDecision(cb slack.InteractionCallback) any {
	var meta decisionMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil || meta.Target == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{inputReason: "This form lost track of its request; close it and click the button again."})
	}
	spec, ok := modalFor(meta.Kind, meta.Verdict)
	if !ok {
		h.logger.Warn("slack: a decision modal of an unknown kind", "kind", meta.Kind, "verdict", meta.Verdict)
		return nil
	}
	values := map[string]map[string]slack.BlockAction{}
	if cb.View.State != nil {
		values = cb.View.State.Values
	}
	d := Decision{Kind: meta.Kind, Target: meta.Target, Revision: meta.Revision, Verdict: meta.Verdict,
		UserID: cb.User.ID, UserName: cb.User.Name, Counter: meta.Counter}
	if errs := spec.read(meta, values, &d); len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	done := make(chan error, 1)
	h.background(func(ctx context.Context) {
		err := h.decide(ctx, d)
		done <- err
		if err != nil && ctx.Err() == nil {
			h.tell(ctx, meta.Channel, cb.User.ID, explain(err)+typed(d))
		}
	})
	select {
	case err := <-done:
		if err != nil {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{spec.errBlock: clip(explain(err), 1900)})
		}
	case <-time.After(h.AckWithin):
	}
	return nil
}

// typed repeats what the approver entered, so a refused form loses nothing.
func typed(d Decision) string {
	var parts []string
	if d.Propose != nil {
		parts = append(parts, "proposed "+d.Propose.String())
	}
	if len(d.Drop) > 0 {
		parts = append(parts, "drop @"+strings.Join(d.Drop, ", @"))
	}
	if d.Feedback != "" {
		parts = append(parts, strings.ReplaceAll(d.Feedback, "\n", "\n> "))
	}
	if len(parts) == 0 {
		return ""
	}
	return "\nYou entered:\n> " + strings.Join(parts, "\n> ")
}
