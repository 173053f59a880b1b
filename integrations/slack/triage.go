package slack

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// KindTriage: a creator's reply the reader was not sure of. Approve
// delivers it as read, Request changes ("Correct…") as a person says,
// Reject as "not actionable" (ops answer the creator themselves).
const KindTriage = "triage"

// TriageFacts is what a person needs to settle a held reply.
type TriageFacts struct {
	ID            int64 // the stored inbound email
	Collaboration string
	From, Subject string
	Reading       string // "accept", "counter 1,500.00 EUR", …
	Confidence    float64
	Why           string
	Words         string // the creator's own words
}

// PostTriage posts the triage card for a held reply.
func (n *Notifier) PostTriage(ctx context.Context, f TriageFacts) (channel, ts string, err error) {
	title := "A reply needs a person: " + f.Collaboration
	channel, ts, err = n.api.PostMessageContext(ctx, n.channel, slack.MsgOptionText(title, false), slack.MsgOptionBlocks(f.Blocks()...))
	if err != nil {
		return "", "", fmt.Errorf("slack: posting the triage card: %w", err)
	}
	return channel, ts, nil
}

// Blocks renders the card. Everything the creator wrote is escaped: their
// text can neither ping the channel nor forge a link.
func (f TriageFacts) Blocks() []slack.Block {
	v := ButtonValue{Kind: KindTriage, Target: strconv.FormatInt(f.ID, 10)}
	words := Escape(clip(f.Words, 2500))
	if words == "" {
		words = "_(no words of their own)_"
	}
	quoted := "> " + strings.ReplaceAll(words, "\n", "\n> ")
	return []slack.Block{
		header("A reply needs a person: " + f.Collaboration),
		section(fmt.Sprintf("*From* %s · *Subject* %s\n*Read as* %s (confidence %.2f)\n*Why held:* %s",
			Escape(f.From), Escape(f.Subject), Escape(f.Reading), f.Confidence, Escape(f.Why))),
		section(quoted),
		slack.NewContextBlock("cli", md(fmt.Sprintf("Or in a terminal: `starter inbox show %d` · `confirm %d` · `correct %d --intent …`", f.ID, f.ID, f.ID))),
		slack.NewActionBlock("approval",
			button(ActionApprove, "Confirm: "+clip(f.Reading, 60), "primary", v),
			button(ActionRequestChanges, "Correct…", "", v),
			button(ActionReject, "Not actionable", "danger", v)),
	}
}

// Escape makes text safe inside Slack mrkdwn: "&", "<" and ">" are the only
// characters Slack asks to escape; escaped, "<!channel>" and "<url|label>"
// are shown as typed instead of acting.
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// inputMeaning is the correction modal's input.
const inputMeaning = "meaning"

var triageCorrectModal = modalSpec{
	title: "Correct the reading", submit: "Deliver",
	blocks: func(m decisionMeta, about string) []slack.Block {
		return []slack.Block{
			section(Escape(about) + "\nSay what the reply means; it goes to the collaboration once."),
			textInput(inputMeaning, "What does the creator mean?",
				"accept · decline · unclear · counter 1500 EUR · draft https://… · published https://…", false, false),
		}
	},
	read: func(m decisionMeta, values map[string]map[string]slack.BlockAction, d *Decision) map[string]string {
		d.Feedback = value(values, inputMeaning)
		if d.Feedback == "" {
			return map[string]string{inputMeaning: "Say what the reply means, e.g. decline"}
		}
		return nil
	},
	errBlock: inputMeaning,
}
