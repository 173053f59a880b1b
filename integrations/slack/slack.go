// Package slack posts approval requests to Slack as Block Kit messages with
// Approve / Request changes / Reject buttons, and rewrites them once decided.
// It knows nothing of Temporal: a button's value names what it decides on.
package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/internal/safetext"
)

// Config holds what is needed to post and to hear clicks; a zero Config
// means Slack is off and approvals wait for the CLI.
type Config struct {
	BotToken string // xoxb-…: posts and rewrites the requests, opens the modal
	Channel  string // where approval requests go
	APIURL   string // override for tests (slacktest)
	// Clicks reach the worker through one or both of:
	SigningSecret string // HTTP: Slack calls the worker's /slack/interactions (needs a public URL)
	AppToken      string // Socket Mode: xapp-… app-level token with connections:write (no public URL)
}

// Enabled reports whether Slack is configured.
func (c Config) Enabled() bool { return c.BotToken != "" }

// Validate refuses a half-done configuration with a clear message.
func (c Config) Validate() error {
	if c.BotToken == "" && c.Channel == "" && c.SigningSecret == "" && c.AppToken == "" {
		return nil
	}
	var p []string
	if c.BotToken == "" || c.Channel == "" {
		p = append(p, "set both SLACK_BOT_TOKEN and SLACK_CHANNEL, or no SLACK_* variable at all (approvals then wait for the CLI)")
	}
	if c.BotToken != "" && !strings.HasPrefix(c.BotToken, "xoxb-") {
		p = append(p, "SLACK_BOT_TOKEN must be a bot token (xoxb-…)")
	}
	if c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-") {
		p = append(p, "SLACK_APP_TOKEN must be an app-level token (xapp-…) with the connections:write scope")
	}
	if c.SigningSecret == "" && c.AppToken == "" {
		p = append(p, "clicks on the approval buttons could not reach the worker: set SLACK_SIGNING_SECRET "+
			"(Slack calls <worker URL>/slack/interactions) or SLACK_APP_TOKEN (Socket Mode, no public URL needed)")
	}
	if len(p) > 0 {
		return fmt.Errorf("slack: %s", strings.Join(p, "; "))
	}
	return nil
}

// Notifier posts and updates approval messages.
type Notifier struct {
	api     *slack.Client
	channel string
}

// New builds a Notifier from a validated, enabled Config.
func New(c Config) *Notifier {
	var opts []slack.Option
	if c.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(strings.TrimSuffix(c.APIURL, "/")+"/"))
	}
	return &Notifier{api: slack.New(c.BotToken, opts...), channel: c.Channel}
}

// Card is everything an approver needs to decide without leaving Slack.
type Card struct {
	Title        string
	Campaign     string
	Creator      string // "Jane Doe (@jane)"
	Platform     string
	Tier         string
	Followers    int64
	Fee          string
	Budget       string // the campaign's whole budget
	BudgetLeft   string // what is left once committed fees (this one included) are paid; empty if unknown
	Committed    int    // how many agreements the committed fees are for
	DraftURL     string
	Revision     int
	MaxRevisions int
	Deliverables []string
	Disclosure   string
	PostingDate  string    // when the post must go live
	DecideBy     time.Time // the approval SLA; zero when the brief sets none
	// Target is opaque to Slack: it names what the buttons decide on.
	Target string
	// Kind selects the Decider a click goes to (default KindDraft).
	Kind string
	// Vetting is the creator's vetting score and red flags (drafts and
	// counter-offers); nil when the creator was not vetted.
	Vetting *Vetting
	// Counter (KindCounter) and Shortlist (KindShortlist): see cards.go.
	Counter   *CounterFacts
	Shortlist *ShortlistFacts
}

// ButtonValue is carried by every button, so a click knows what it decides.
type ButtonValue struct {
	Kind     string `json:"kind,omitempty"` // which Decider takes the click; empty means KindDraft
	Target   string `json:"target"`
	Revision int    `json:"revision"`
	// Counter is the counter-offer the card showed (KindCounter): a click on
	// an older counter's card is refused.
	Counter *campaign.Money `json:"counter,omitempty"`
	// Options are the handles the shortlist's "request changes" modal offers to drop.
	Options []string `json:"options,omitempty"`
}

// Action IDs of the three buttons.
const (
	ActionApprove        = "approve"
	ActionRequestChanges = "request_changes"
	ActionReject         = "reject"
)

// Blocks renders the approval request.
func (c Card) Blocks() []slack.Block {
	switch c.Kind {
	case KindCounter:
		return c.counterBlocks()
	case KindShortlist:
		return c.shortlistBlocks()
	}
	val, _ := json.Marshal(ButtonValue{Kind: c.Kind, Target: c.Target, Revision: c.Revision})
	budget := c.Budget
	if c.BudgetLeft != "" {
		budget = fmt.Sprintf("%s left of %s\n_after %d committed fee(s), this one included_", c.BudgetLeft, c.Budget, c.Committed)
	}
	// The draft link and the creator's name come from outside: escaped so a
	// "|" or "<!channel>" in them stays text (internal/safetext).
	draft := safetext.SlackLink(c.DraftURL, fmt.Sprintf("Draft %d", c.Revision))
	if c.MaxRevisions > 0 {
		draft += fmt.Sprintf(" (revision %d of at most %d)", c.Revision, c.MaxRevisions+1)
	}
	deadline := "post by " + orNone(c.PostingDate, "no posting date set")
	if !c.DecideBy.IsZero() {
		deadline = "decide by " + c.DecideBy.UTC().Format("Mon 2 Jan 15:04 MST") + "\n" + deadline
	}
	fields := []*slack.TextBlockObject{
		field("Creator", safetext.Slack(c.Creator)),
		field("Platform", fmt.Sprintf("%s · %s · %s followers", c.Platform, c.Tier, thousands(c.Followers))),
		field("Fee", c.Fee),
		field("Budget", budget),
		field("Draft", draft),
		field("Deadline", deadline),
	}
	var deliverables []string
	for _, d := range c.Deliverables {
		deliverables = append(deliverables, "• "+safetext.SlackLine(d))
	}
	requires := "*The brief requires*\n" + orNone(strings.Join(deliverables, "\n"), "• no deliverables listed") +
		"\n*Disclosure:* " + orNone(safetext.SlackLine(c.Disclosure), "none")
	btn := func(id, label, style string) *slack.ButtonBlockElement {
		b := slack.NewButtonBlockElement(id, string(val), slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
		b.Style = slack.Style(style)
		return b
	}
	return []slack.Block{
		header(c.Title),
		slack.NewSectionBlock(md(clip("Campaign *"+safetext.SlackLine(c.Campaign)+"*", maxSectionText)), fields, nil),
		section(requires),
		section(vettingText(c.Vetting)),
		slack.NewActionBlock("approval",
			btn(ActionApprove, "Approve", "primary"), btn(ActionRequestChanges, "Request changes", ""), btn(ActionReject, "Reject", "danger")),
	}
}

func orNone(s, none string) string {
	if strings.TrimSpace(s) == "" {
		return none
	}
	return s
}

// thousands writes 48200 as "48,200".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Post sends the request and returns where it landed.
func (n *Notifier) Post(ctx context.Context, c Card) (channel, ts string, err error) {
	channel, ts, err = n.api.PostMessageContext(ctx, n.channel,
		slack.MsgOptionText(c.Title, false), slack.MsgOptionBlocks(c.Blocks()...))
	if err != nil {
		return "", "", fmt.Errorf("slack: posting the approval request: %w", err)
	}
	return channel, ts, nil
}

// Outcome rewrites a request with who decided what and when, without buttons.
func (n *Notifier) Outcome(ctx context.Context, channel, ts string, c Card, who, verdict, feedback string, at time.Time) error {
	text := fmt.Sprintf("*%s* — %s by %s at %s", strings.TrimSuffix(c.Title, " needs a decision"), verdict, who, at.UTC().Format("2006-01-02 15:04 MST"))
	if feedback != "" {
		text += "\n> " + strings.ReplaceAll(safetext.Slack(feedback), "\n", "\n> ")
	}
	blocks := []slack.Block{section(text)} // clipped to Slack's limit: a long feedback must not make the rewrite fail
	_, _, _, err := n.api.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return fmt.Errorf("slack: rewriting the approval message: %w", err)
	}
	return nil
}

// BlocksText is the text a reader sees in blocks (headers, sections and
// their fields, context), one piece per line: for logs and tests.
func BlocksText(blocks []slack.Block) string {
	raw, err := json.Marshal(blocks)
	if err != nil {
		return ""
	}
	return BlocksTextJSON(string(raw))
}

// BlocksTextJSON is BlocksText for blocks as JSON (a Web API call's "blocks").
func BlocksTextJSON(raw string) string {
	var bs []struct {
		Text *struct {
			Text string `json:"text"`
		} `json:"text"`
		Fields []struct {
			Text string `json:"text"`
		} `json:"fields"`
		Elements []struct {
			Text json.RawMessage `json:"text"`
		} `json:"elements"`
	}
	if json.Unmarshal([]byte(raw), &bs) != nil {
		return ""
	}
	var out []string
	for _, b := range bs {
		if b.Text != nil {
			out = append(out, b.Text.Text)
		}
		for _, f := range b.Fields {
			out = append(out, f.Text)
		}
		for _, e := range b.Elements {
			var s string
			if json.Unmarshal(e.Text, &s) == nil {
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, "\n")
}

// Mention is how a message addresses an approver the brief names by email or
// Slack user ID: an @-mention when Slack knows them, the plain name otherwise.
func (n *Notifier) Mention(ctx context.Context, who string) string {
	if !strings.Contains(who, "@") {
		return "<@" + who + ">"
	}
	if u, err := n.api.GetUserByEmailContext(ctx, who); err == nil && u.ID != "" {
		return "<@" + u.ID + ">"
	}
	return who
}

// Nudge posts text in the request's thread, also shown in the channel, and
// returns where it landed. With no request to answer it posts in the channel.
func (n *Notifier) Nudge(ctx context.Context, channel, threadTS, text string) (string, string, error) {
	if channel == "" {
		channel = n.channel
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS), slack.MsgOptionBroadcast())
	}
	ch, ts, err := n.api.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		return "", "", fmt.Errorf("slack: posting a reminder: %w", err)
	}
	return ch, ts, nil
}
