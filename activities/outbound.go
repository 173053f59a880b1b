package activities

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/workflows"
)

// ErrMailQueued is the error type of a send held back by the mailbox's daily
// limit or pacing: the activity is retried when the window opens (its next
// retry delay), so the email waits and is never dropped. The Temporal UI
// shows it on the pending activity.
const ErrMailQueued = "MailQueued"

// reserveSend asks the store whether this email may go out now. done is true
// when the caller must not send (already sent, or uncertain); a queued email
// comes back as a retryable error carrying the time to retry at.
func (a *Activities) reserveSend(ctx context.Context, e postgres.OutboundEmail) (done bool, res workflows.EmailResult, err error) {
	limits := a.MailLimits
	if limits.Mailbox == "" {
		limits.Mailbox = a.From
		if addr, err := mail.ParseAddress(a.From); err == nil {
			limits.Mailbox = strings.ToLower(addr.Address)
		}
	}
	d, err := a.Store.ReserveSend(ctx, e, limits, a.now())
	if err != nil {
		return true, workflows.EmailResult{}, err
	}
	log := activity.GetLogger(ctx)
	switch d.Action {
	case postgres.SendDone:
		activity.GetMetricsHandler(ctx).WithTags(map[string]string{"kind": e.Step}).Counter(MetricEmailsDeduplicated).Inc(1)
		log.Info("email already sent; not sending again", "message_id", e.MessageID)
		return true, workflows.EmailResult{MessageID: e.MessageID}, nil
	case postgres.SendUncertain:
		log.Warn("an earlier attempt died mid-send; not sending again (listed in `starter inbox`)", "message_id", e.MessageID)
		return true, workflows.EmailResult{MessageID: e.MessageID}, nil
	case postgres.SendQueued:
		log.Info("email queued", "message_id", e.MessageID, "until", d.NotBefore, "reason", d.Reason)
		return true, workflows.EmailResult{}, temporal.NewApplicationErrorWithOptions(
			fmt.Sprintf("email %s: %s", e.Step, d.Reason), ErrMailQueued,
			temporal.ApplicationErrorOptions{NextRetryDelay: max(d.NotBefore.Sub(a.now()), 0)})
	}
	return false, workflows.EmailResult{}, nil
}
