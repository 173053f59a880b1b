package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/workflows"
)

// resumeEvery is how often stored inbound emails that are due (a crash left
// them, or their back-off has passed) are handled again.
const resumeEvery = 15 * time.Second

// mailLimits bounds sending from the MAIL_FROM mailbox.
func mailLimits(cfg Config) postgres.Limits {
	mailbox := cfg.MailFrom
	if a, err := mail.ParseAddress(cfg.MailFrom); err == nil {
		mailbox = strings.ToLower(a.Address)
	}
	return postgres.Limits{Mailbox: mailbox, DailyLimit: cfg.MailDailyLimit, Pacing: cfg.MailPacing}
}

// startInbound runs the inbound doors this worker is configured for: with
// IMAP_ADDR, it makes sure the mailbox's poller workflow (fixed ID
// mailbox/<address>, one cluster-wide) runs and lets this worker's activities
// poll; it runs the loop that delivers what a crash or an outage left stored
// but not signalled; and it returns the webhook routes for the HTTP server
// and a stop function that waits for its goroutine. What becomes of each
// message is counted on metrics as creatorflow_inbound_emails{outcome}.
func startInbound(ctx context.Context, cfg Config, store *postgres.Store, c client.Client, acts *activities.Activities,
	logger *slog.Logger, metrics client.MetricsHandler) (map[string]http.Handler, func(), error) {
	p := &inbox.Pipeline{Store: store, Key: []byte(cfg.ReplyKey), Signal: c, Logger: logger,
		MaxBytes: cfg.InboundMaxBytes, AuthServIDs: cfg.InboundAuthServIDs}
	if acts.Slack != nil {
		p.Triage = postTriage(acts.Slack)
		p.Alert = func(ctx context.Context, text string) error { _, _, err := acts.Slack.Alert(ctx, text); return err }
	}
	if metrics != nil {
		p.Count = func(outcome string) {
			metrics.WithTags(map[string]string{"outcome": outcome}).Counter(inbox.MetricInboundEmails).Inc(1)
		}
	}
	if cfg.IMAP.Addr != "" {
		acts.Mailbox = &activities.Mailbox{IMAP: cfg.IMAP,
			Deliver: func(ctx context.Context, raw []byte) error { _, err := p.Deliver(ctx, "imap", raw); return err }}
		address := mailboxAddress(cfg.IMAP)
		_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID: workflows.MailboxWorkflowID(address), TaskQueue: cfg.TaskQueue,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
			StaticSummary:            "Poller of the partnerships mailbox " + address,
		}, workflows.MailboxWorkflowName, workflows.MailboxInput{Address: address})
		if err != nil {
			return nil, nil, fmt.Errorf("starting the mailbox poller workflow for %s: %w", address, err)
		}
		logger.Info("polling the partnerships mailbox", "workflow", workflows.MailboxWorkflowID(address), "imap", cfg.IMAP.Addr)
	} else {
		logger.Info("IMAP not configured (IMAP_ADDR): replies arrive through the webhook or `starter creator reply`")
	}
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
	routes := map[string]http.Handler{}
	if cfg.InboundWebhookSecret != "" {
		routes[inbox.WebhookPath] = p.Webhook([]byte(cfg.InboundWebhookSecret),
			inbox.WebhookOptions{Concurrency: cfg.InboundWebhookConcurrency})
	}
	return routes, func() { cancel(); wg.Wait() }, nil
}

// mailboxAddress names the mailbox: the login when it is an address, else login@host.
func mailboxAddress(c email.IMAPConfig) string {
	if strings.Contains(c.Username, "@") {
		return strings.ToLower(c.Username)
	}
	host, _, _ := strings.Cut(c.Addr, ":")
	return strings.ToLower(c.Username + "@" + host)
}
