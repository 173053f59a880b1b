package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
)

// resumeEvery is how often stored but unsignalled inbound emails are retried.
const resumeEvery = 30 * time.Second

// mailLimits bounds sending from the MAIL_FROM mailbox.
func mailLimits(cfg Config) postgres.Limits {
	mailbox := cfg.MailFrom
	if a, err := mail.ParseAddress(cfg.MailFrom); err == nil {
		mailbox = strings.ToLower(a.Address)
	}
	return postgres.Limits{Mailbox: mailbox, DailyLimit: cfg.MailDailyLimit, Pacing: cfg.MailPacing}
}

// startInbound runs the inbound doors this worker is configured for: the
// IMAP poller (a goroutine; see README for running one poller cluster-wide)
// and the loop that delivers what a crash or an outage left stored but not
// signalled. It returns the webhook routes for the HTTP server and a stop
// function that waits for the goroutines.
func startInbound(ctx context.Context, cfg Config, store *postgres.Store, signal inbox.Signaler, logger *slog.Logger) (map[string]http.Handler, func()) {
	p := &inbox.Pipeline{Store: store, Key: []byte(cfg.ReplyKey), Signal: signal, Logger: logger}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(resumeEvery)
		defer t.Stop()
		for {
			if n, err := p.Resume(ctx); err != nil && ctx.Err() == nil {
				logger.Warn("stored inbound emails not delivered yet", "error", err)
			} else if n > 0 {
				logger.Info("stored inbound emails delivered", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
	if cfg.IMAP.Addr != "" {
		poller := &email.Poller{Config: cfg.IMAP, Logger: logger,
			Handle: func(ctx context.Context, raw []byte) error { _, err := p.Deliver(ctx, "imap", raw); return err }}
		wg.Go(func() { _ = poller.Run(ctx) })
		logger.Info("polling the partnerships mailbox", "imap", cfg.IMAP.Addr, "mailbox", cfg.IMAP.Mailbox)
	} else {
		logger.Info("IMAP not configured (IMAP_ADDR): replies arrive through the webhook or `starter creator reply`")
	}
	routes := map[string]http.Handler{}
	if cfg.InboundWebhookSecret != "" {
		routes[inbox.WebhookPath] = p.Webhook([]byte(cfg.InboundWebhookSecret))
	}
	return routes, func() { cancel(); wg.Wait() }
}
