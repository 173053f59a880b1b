// Command worker runs creatorflow's Temporal worker: the campaign and
// collaboration workflows and their activities, plus a health endpoint.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/integrations/social"
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
		Domain: cfg.MailDomain, ReplyKey: []byte(cfg.ReplyKey), Metrics: social.Simulated{}}
	if cfg.Slack.Enabled() {
		acts.Slack = slack.New(cfg.Slack)
	} else {
		logger.Info("slack not configured: approvals wait for `starter approve|request-changes|reject`")
	}

	c, err := client.DialContext(ctx, client.Options{HostPort: cfg.TemporalAddress, Namespace: cfg.TemporalNamespace,
		Logger: tlog.NewStructuredLogger(logger)})
	if err != nil {
		return fmt.Errorf("cannot reach Temporal at %s (TEMPORAL_ADDRESS): %w", cfg.TemporalAddress, err)
	}
	defer c.Close()

	worker.SetStickyWorkflowCacheSize(cfg.WorkflowCacheSize)
	w := worker.New(c, cfg.TaskQueue, worker.Options{})
	w.RegisterWorkflowWithOptions(workflows.CampaignWorkflow, workflow.RegisterOptions{Name: workflows.CampaignWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CollaborationWorkflow, workflow.RegisterOptions{Name: workflows.CollaborationWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CohortWorkflow, workflow.RegisterOptions{Name: workflows.CohortWorkflowName})
	acts.Register(w)

	srv, err := serveHealth(cfg.HTTPAddr, logger)
	if err != nil {
		return err
	}
	defer srv.Close()

	if err := w.Start(); err != nil {
		return fmt.Errorf("starting the worker: %w", err)
	}
	logger.Info("worker polling", "temporal", cfg.TemporalAddress, "namespace", cfg.TemporalNamespace, "task_queue", cfg.TaskQueue)
	if ready != nil {
		ready()
	}
	<-ctx.Done()
	w.Stop()
	return nil
}

func serveHealth(addr string, logger *slog.Logger) (*http.Server, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("worker HTTP on %s (WORKER_HTTP_ADDR): %w", addr, err)
	}
	srv := &http.Server{Handler: mux}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("health endpoint stopped", "error", err)
		}
	}()
	logger.Info("health endpoint", "url", "http://"+l.Addr().String()+"/healthz")
	return srv, nil
}
