// Command worker runs creatorflow's Temporal worker: the campaign and
// collaboration workflows and their activities, plus a health endpoint.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/integrations/social"
	"github.com/creatorflow/creatorflow/integrations/tracking"
	"github.com/creatorflow/creatorflow/workflows"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg, err := LoadConfig(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, logger, nil); err != nil {
		logger.Error("worker stopped", "error", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. ready, if not nil, is called once polling has started.
func run(ctx context.Context, cfg Config, logger *slog.Logger, ready func()) error {
	store, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	sender, err := email.NewSender(cfg.SMTP)
	if err != nil {
		return err
	}
	templates, err := email.NewTemplates(cfg.TemplateDir)
	if err != nil {
		return err
	}
	acts := &activities.Activities{Store: store, Mail: sender, Templates: templates, From: cfg.MailFrom,
		Domain: cfg.MailDomain, ReplyKey: []byte(cfg.ReplyKey), Metrics: cfg.Metrics,
		Rates: cfg.Rates, TrackingBaseURL: cfg.TrackingBaseURL}
	if cfg.Metrics.Platforms == nil { // a Config not from LoadConfig (tests)
		acts.Metrics = social.Router{Fallback: social.Simulated{}}
	}
	logger.Info("platform metrics", "sources", cfg.Metrics.Describe([]string{"instagram", "tiktok", "youtube"}))
	acts.MailLimits = mailLimits(cfg)
	if cfg.Slack.Enabled() {
		acts.Slack = slack.New(cfg.Slack)
	} else {
		logger.Info("slack not configured: approvals wait for `starter approve|request-changes|reject`")
	}

	obs, err := newObservability(logger)
	if err != nil {
		return err
	}
	opts := cfg.Temporal.Options // address, namespace, API key, TLS (worker/config.go)
	opts.HostPort, opts.Namespace = cfg.TemporalAddress, cfg.TemporalNamespace
	opts.Logger, opts.MetricsHandler = tlog.NewStructuredLogger(logger), obs.handler
	// A TLS mismatch can keep the dial retrying: say where it is going first.
	logger.Info("connecting to Temporal", "connection", cfg.Temporal.Describe())
	c, err := client.DialContext(ctx, opts)
	if err != nil {
		return fmt.Errorf("cannot reach Temporal at %s (TEMPORAL_ADDRESS, or the profile of TEMPORAL_PROFILE): %w", cfg.Temporal.Describe(), err)
	}
	defer c.Close()

	obs.countApprovalsPending(ctx, c, cfg.TemporalNamespace, approvalsRefresh)
	worker.SetStickyWorkflowCacheSize(cfg.WorkflowCacheSize)
	w := worker.New(c, cfg.TaskQueue, worker.Options{Interceptors: []interceptor.WorkerInterceptor{&logFields{}}})
	w.RegisterWorkflowWithOptions(workflows.CampaignWorkflow, workflow.RegisterOptions{Name: workflows.CampaignWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CollaborationWorkflow, workflow.RegisterOptions{Name: workflows.CollaborationWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.MonitorPostWorkflow, workflow.RegisterOptions{Name: workflows.MonitorPostWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CampaignMonitorWorkflow, workflow.RegisterOptions{Name: workflows.CampaignMonitorWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.ManualMetricsWorkflow, workflow.RegisterOptions{Name: workflows.ManualMetricsWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.UsageRightsWorkflow, workflow.RegisterOptions{Name: workflows.UsageRightsWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.MailboxWorkflow, workflow.RegisterOptions{Name: workflows.MailboxWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CohortWorkflow, workflow.RegisterOptions{Name: workflows.CohortWorkflowName})
	acts.Register(w)

	routes, stopInbound, err := startInbound(ctx, cfg, store, c, acts, logger, obs.handler)
	if err != nil {
		return err
	}
	defer stopInbound()
	if acts.Slack != nil {
		slackRoutes, stopSlack := slackInteractivity(ctx, cfg.Slack, acts.Slack, c, store, logger)
		defer stopSlack()
		for path, h := range slackRoutes {
			routes[path] = h
		}
	}
	track := &tracking.Service{Store: store, Rates: cfg.Rates, Key: []byte(cfg.ConversionsKey), Logger: logger}
	srv, err := obs.serveHTTP(cfg.HTTPAddr, logger, store.Pool(), c, routes, track.Mount)
	if err != nil {
		return err
	}
	defer srv.Close()

	if err := w.Start(); err != nil {
		return fmt.Errorf("starting the worker: %w", err)
	}
	obs.polling.Store(true)
	logger.Info("worker polling", "temporal", cfg.TemporalAddress, "namespace", cfg.TemporalNamespace, "task_queue", cfg.TaskQueue,
		"connection", cfg.Temporal.Describe())
	if ready != nil {
		ready()
	}
	<-ctx.Done()
	w.Stop()
	return nil
}
