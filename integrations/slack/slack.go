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
	Budget       string
	DraftURL     string
	Revision     int
	Deliverables []string
	Disclosure   string
	// Target is opaque to Slack: it names what the buttons decide on.
	Target string
	// Kind selects the Decider a click goes to (default KindDraft).
	Kind string
}

// ButtonValue is carried by every button, so a click knows what it decides.
type ButtonValue struct {
	Kind     string `json:"kind,omitempty"` // which Decider takes the click; empty means KindDraft
	Target   string `json:"target"`
	Revision int    `json:"revision"`
}

// Action IDs of the three buttons.
const (
	ActionApprove        = "approve"
	ActionRequestChanges = "request_changes"
	ActionReject         = "reject"
)

// Blocks renders the approval request.
func (c Card) Blocks() []slack.Block {
	val, _ := json.Marshal(ButtonValue{Kind: c.Kind, Target: c.Target, Revision: c.Revision})
	field := func(label, value string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, "*"+label+"*\n"+value, false, false)
	}
	fields := []*slack.TextBlockObject{
		field("Creator", c.Creator), field("Platform", fmt.Sprintf("%s · %s · %d followers", c.Platform, c.Tier, c.Followers)),
		field("Fee", c.Fee), field("Budget", c.Budget),
		field("Draft", fmt.Sprintf("<%s|draft %d>", c.DraftURL, c.Revision)), field("Disclosure required", c.Disclosure),
	}
	btn := func(id, label, style string) *slack.ButtonBlockElement {
		b := slack.NewButtonBlockElement(id, string(val), slack.NewTextBlockObject(slack.PlainTextType, label, false, false))
		b.Style = slack.Style(style)
		return b
	}
	return []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, c.Title, false, false)),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Campaign *"+c.Campaign+"* · deliverables: "+strings.Join(c.Deliverables, "; "), false, false), fields, nil),
		slack.NewActionBlock("approval",
			btn(ActionApprove, "Approve", "primary"), btn(ActionRequestChanges, "Request changes", ""), btn(ActionReject, "Reject", "danger")),
	}
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
	text := fmt.Sprintf("*%s* — %s by %s at %s", c.Title, verdict, who, at.UTC().Format("2006-01-02 15:04 MST"))
	if feedback != "" {
		text += "\n> " + strings.ReplaceAll(feedback, "\n", "\n> ")
	}
	blocks := []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)}
	_, _, _, err := n.api.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return fmt.Errorf("slack: rewriting the approval message: %w", err)
	}
	return nil
}
