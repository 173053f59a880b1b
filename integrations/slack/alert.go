package slack

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/creatorflow/creatorflow/internal/safetext"
)

// Alert posts a plain message for ops (a missing disclosure, a deleted post,
// a creator who must reconnect, under-performance, usage rights) to the channel.
// Alerts quote outside text (post links, error messages, mail server
// replies): escaped, so nothing in them pings the channel or becomes a link.
func (n *Notifier) Alert(ctx context.Context, text string) (channel, ts string, err error) {
	text = safetext.SlackQuoted(text)
	blocks := []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)}
	channel, ts, err = n.api.PostMessageContext(ctx, n.channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return "", "", fmt.Errorf("slack: posting an alert: %w", err)
	}
	return channel, ts, nil
}
