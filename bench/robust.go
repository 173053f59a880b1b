package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
)

// The bench must end with a figure or a clear error, never wait in silence.

// startRetrying starts a workflow, retrying a call the server did not answer
// in time (a busy dev server on a shared machine answers "context deadline
// exceeded" or "unavailable" now and then): the workflow ID makes the start
// idempotent, so "already started" on a retry means the first call went through.
func (b *bench) startRetrying(ctx context.Context, opts client.StartWorkflowOptions, name string, args ...any) error {
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		_, err = b.tc.ExecuteWorkflow(ctx, opts, name, args...)
		var started *serviceerror.WorkflowExecutionAlreadyStarted
		switch {
		case err == nil:
			return nil
		case attempt > 1 && errors.As(err, &started):
			return nil
		case ctx.Err() != nil || !transient(err):
			return err
		}
		progress("  start of %s not answered (%v); retrying (%d/5)", opts.ID, err, attempt)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt) * time.Second):
		}
	}
	return fmt.Errorf("starting %s: the server did not answer 5 times: %w", opts.ID, err)
}

func transient(err error) bool {
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	var busy *serviceerror.ResourceExhausted
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &unavailable) || errors.As(err, &deadline) || errors.As(err, &busy)
}

// stallAfter is how long a wait may see no progress before the bench gives up.
const stallAfter = 3 * time.Minute

// waitProgress polls count until it reaches n. It fails when count has not
// moved for stallAfter (e.g. emails held back by the worker's daily mail
// limit, or a stuck worker), naming what stalled and where to look, and when
// timeout passes.
func (b *bench) waitProgress(ctx context.Context, what string, count func() int, n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	last, moved := count(), time.Now()
	for last < n {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		now := count()
		if now != last {
			last, moved = now, time.Now()
			continue
		}
		if time.Since(moved) > stallAfter {
			return fmt.Errorf("%s: stuck at %d of %d for %s — nothing moved (is the worker alive? were emails held back by MAIL_DAILY_LIMIT or MAIL_PACING? see %s)",
				what, now, n, stallAfter, b.cfg.logFile)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: only %d of %d after %s", what, now, n, timeout)
		}
	}
	return nil
}

// waitWatching waits for a workflow to close, and fails early if count (its
// visible progress, e.g. outreach emails) stops short of n for stallAfter.
func (b *bench) waitWatching(ctx context.Context, workflowID string, timeout time.Duration, what string, count func() int, n int) error {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 2)
	go func() { done <- b.wait(wctx, workflowID, timeout) }()
	go func() {
		if err := b.waitProgress(wctx, what, count, n, timeout); err != nil && wctx.Err() == nil {
			done <- err
		}
	}()
	return <-done
}
