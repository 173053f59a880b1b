package workflows

// Stage 1, outreach: the outreach email, then follow-ups on the brief's
// delays until the creator answers (accept, decline or counter-offer) or,
// after the last one, is unresponsive.

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// outreach returns the creator's answer, or OutcomeUnresponsive.
func (c *collaboration) outreach(ctx workflow.Context) (campaign.Reply, campaign.Outcome, error) {
	t := c.in.Brief.Timing
	c.setStage(ctx, StageOutreach, "the outreach email to be sent")
	if err := c.email(ctx, EmailOutreach, "outreach", ""); err != nil {
		return campaign.Reply{}, "", err
	}
	want := []campaign.Intent{campaign.IntentAccept, campaign.IntentDecline, campaign.IntentCounter}
	for i := 0; ; i++ {
		wait, next := t.ReplyWindow.D(), "then unresponsive"
		if i < len(t.FollowUps) {
			wait, next = t.FollowUps[i].D(), fmt.Sprintf("then follow-up %d of %d", i+1, len(t.FollowUps))
		}
		c.setStage(ctx, StageAwaitingReply, "the creator's reply to the outreach ("+next+")")
		r, ok, err := c.waitFor(ctx, wait, fmt.Sprintf("reply, %s after %s", next, campaign.Duration(wait)), want...)
		if err != nil || ok {
			return r, "", err
		}
		if i == len(t.FollowUps) {
			return campaign.Reply{}, campaign.OutcomeUnresponsive, nil
		}
		if err := c.email(ctx, EmailFollowUp, fmt.Sprintf("follow-up-%d", i+1), ""); err != nil {
			return campaign.Reply{}, "", err
		}
	}
}

// waitFor waits up to d for a creator message whose intent is one of want.
// Other messages are kept in the status (ops can read them) and waiting goes on
// for the time that is left.
func (c *collaboration) waitFor(ctx workflow.Context, d time.Duration, summary string, want ...campaign.Intent) (campaign.Reply, bool, error) {
	deadline := workflow.Now(ctx).Add(d)
	for {
		left := deadline.Sub(workflow.Now(ctx))
		if left <= 0 {
			return campaign.Reply{}, false, nil
		}
		tctx, cancelTimer := workflow.WithCancel(ctx)
		timer := workflow.NewTimerWithOptions(tctx, left, workflow.TimerOptions{Summary: summary})
		var (
			msg      campaign.Reply
			got      bool
			timerErr error
		)
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(c.messages, func(ch workflow.ReceiveChannel, _ bool) { ch.Receive(ctx, &msg); got = true })
		sel.AddFuture(timer, func(f workflow.Future) { timerErr = f.Get(ctx, nil) })
		sel.Select(ctx)
		if !got {
			if timerErr != nil {
				return campaign.Reply{}, false, timerErr
			}
			return campaign.Reply{}, false, nil
		}
		cancelTimer()
		if c.duplicate(ctx, msg) {
			continue
		}
		workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"intent": string(msg.Intent)}).Counter(MetricRepliesReceived).Inc(1)
		for _, w := range want {
			if msg.Intent == w {
				c.status.LastMessage = nil
				return msg, true, nil
			}
		}
		m := msg
		c.status.LastMessage = &m
		workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"stage": string(c.status.Stage)}).Counter(MetricRepliesNotActedOn).Inc(1)
		workflow.GetLogger(ctx).Info("creator message not acted on at this stage",
			"stage", c.status.Stage, "intent", msg.Intent)
	}
}
