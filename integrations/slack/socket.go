package slack

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode receives interactions over Slack's Socket Mode — an outbound
// WebSocket opened with the app-level token, for installs with no public URL —
// and feeds them to the same Interactions as the HTTP endpoint. It reconnects
// by itself and returns when ctx ends.
func RunSocketMode(ctx context.Context, c Config, ix *Interactions, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opts := []slack.Option{slack.OptionAppLevelToken(c.AppToken)}
	if c.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(strings.TrimSuffix(c.APIURL, "/")+"/"))
	}
	sm := socketmode.New(slack.New(c.BotToken, opts...))
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt, ok := <-sm.Events:
				if !ok {
					return
				}
				handleSocketEvent(sm, evt, ix, logger)
			}
		}
	}()
	err := sm.RunContext(ctx)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil
	}
	return err
}

func handleSocketEvent(sm *socketmode.Client, evt socketmode.Event, ix *Interactions, logger *slog.Logger) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		logger.Info("slack socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		logger.Error("slack socket mode", "event", evt.Type, "data", evt.Data)
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		req := *evt.Request
		go func() { // a modal submission may wait for its decision; other events go on
			ack := ix.Dispatch(cb)
			var err error
			if ack == nil {
				err = sm.Ack(req)
			} else {
				err = sm.Ack(req, ack)
			}
			if err != nil {
				logger.Error("slack socket mode: acknowledging", "error", err)
			}
		}()
	}
}
