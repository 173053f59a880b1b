package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// SlackInteractionsPath is where Slack's Interactivity Request URL must point.
const SlackInteractionsPath = "/slack/interactions"

// draftDecider turns a Slack decision on a draft into the CollaborationWorkflow's
// "decide" Update — the very Update `starter approve|request-changes|reject` sends.
type draftDecider struct{ c client.Client }

func (d draftDecider) Decide(ctx context.Context, sd slack.Decision) error {
	dec := workflows.Decision{Verdict: workflows.Verdict(sd.Verdict), By: sd.Email, SlackUser: sd.UserID,
		Feedback: sd.Feedback, Revision: sd.Revision}
	if dec.By == "" {
		dec.By = sd.UserID
	}
	return updateForSlack(ctx, d.c, sd.Target, workflows.UpdateDecide, dec)
}

// updateForSlack sends an Update and waits for its result; what the workflow
// refuses (its validator, or a workflow that has ended) becomes a
// *slack.Refusal, which the clicker is shown.
func updateForSlack(ctx context.Context, c client.Client, workflowID, update string, arg any) error {
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: workflowID, UpdateName: update,
		WaitForStage: client.WorkflowUpdateStageCompleted, Args: []any{arg}})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	var app *temporal.ApplicationError
	var nf *serviceerror.NotFound
	switch {
	case err == nil:
		return nil
	case errors.As(err, &app):
		return &slack.Refusal{Reason: app.Message()}
	case errors.As(err, &nf):
		return &slack.Refusal{Reason: "this request is closed: " + workflowID + " has ended."}
	}
	return err
}

// slackInteractivity builds the click handler shared by HTTP and Socket Mode:
// the HTTP route to serve when a signing secret is set, and Socket Mode
// running in the background when an app-level token is. stop ends Socket Mode
// and waits for clicks still being processed.
//
// store, when set, keeps the replay guard every replica shares and is
// where triage cards settle held replies; nil keeps the guard in memory.
func slackInteractivity(ctx context.Context, cfg slack.Config, n *slack.Notifier, c client.Client, store *postgres.Store,
	logger *slog.Logger) (routes map[string]http.Handler, stop func()) {
	ix := slack.NewInteractions(n, logger)
	ix.Register(slack.KindDraft, draftDecider{c: c})
	ix.Register(slack.KindCounter, counterDecider{c: c})                                                      // slack_approvals.go
	ix.Register(slack.KindShortlist, shortlistDecider{c: c})                                                  // slack_approvals.go
	ix.Register(slack.KindTriage, triageDecider{p: &inbox.Pipeline{Store: store, Signal: c, Logger: logger}}) // slack_triage.go
	routes = map[string]http.Handler{}
	var replays slack.ReplayGuard // nil (not a nil *Store): the handler's own memory
	if store != nil {
		replays = store
	}
	if cfg.SigningSecret != "" {
		routes[SlackInteractionsPath] = &slack.HTTPHandler{Secret: cfg.SigningSecret, Interactions: ix, Replays: replays, Logger: logger}
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if cfg.AppToken == "" {
			return
		}
		logger.Info("slack socket mode: connecting")
		if err := slack.RunSocketMode(sctx, cfg, ix, logger); err != nil {
			logger.Error("slack socket mode stopped; clicks now reach the worker only over HTTP, if configured", "error", err)
		}
	}()
	return routes, func() { cancel(); <-done; ix.Wait() }
}
