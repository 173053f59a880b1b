package slack

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// PostSummary posts a campaign's report summary to the channel: a header with
// title, then one section block per entry of sections (mrkdwn). The message's
// fallback text carries the title and every section.
func (n *Notifier) PostSummary(ctx context.Context, title string, sections []string) (channel, ts string, err error) {
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, clip(title, 150), false, false))}
	for _, s := range sections {
		if strings.TrimSpace(s) == "" {
			continue
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, clip(s, 3000), false, false), nil, nil))
	}
	text := title + "\n" + strings.Join(sections, "\n")
	channel, ts, err = n.api.PostMessageContext(ctx, n.channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return "", "", fmt.Errorf("slack: posting the report summary: %w", err)
	}
	return channel, ts, nil
}

// clip keeps s within Slack's limit of n characters for a text object.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
