package activities

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/workflows"
)

// Mailbox is what the PollMailbox activity needs: the IMAP settings and the
// inbound pipeline's entry. Nil on a worker without IMAP_ADDR.
type Mailbox struct {
	IMAP    email.IMAPConfig
	Deliver func(ctx context.Context, raw []byte) error
	Shift   time.Duration // default workflows.MailboxShift
}

// PollMailbox polls the mailbox for one shift, heartbeating so that a dead
// worker's shift is taken over by another within the heartbeat timeout.
func (a *Activities) PollMailbox(ctx context.Context, in workflows.MailboxInput) error {
	if a.Mailbox == nil {
		return errors.New("this worker has no IMAP_ADDR: another worker must poll " + in.Address)
	}
	shift := a.Mailbox.Shift
	if shift <= 0 {
		shift = workflows.MailboxShift
	}
	ctx, cancel := context.WithTimeout(ctx, shift)
	defer cancel()
	go func() {
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			activity.RecordHeartbeat(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	p := &email.Poller{Config: a.Mailbox.IMAP, Handle: a.Mailbox.Deliver}
	if err := p.Run(ctx); err != nil {
		return err
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil // the shift is over: the workflow starts the next one
	}
	return ctx.Err() // cancelled (worker stopping): retried elsewhere
}
