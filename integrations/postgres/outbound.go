package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// What ReserveSend tells the sender to do.
const (
	SendNow       = "send"         // reserved: send it, then FinishSend (or FailSend)
	SendDone      = "already_sent" // sent before: do not send again
	SendQueued    = "queued"       // over the daily limit or the pacing: wait until NotBefore
	SendUncertain = "uncertain"    // an earlier attempt died mid-send: never sent again automatically
)

// SendDecision is ReserveSend's answer.
type SendDecision struct {
	Action    string
	NotBefore time.Time
	Reason    string
}

// Limits bound one mailbox's sending: at most DailyLimit emails per UTC day,
// at least Pacing apart. Zero values mean no bound.
type Limits struct {
	Mailbox    string
	DailyLimit int
	Pacing     time.Duration
}

// ReserveSend decides, under a per-mailbox lock, whether this email may go
// out now, and records the decision. A row left 'sending' by an attempt
// that died (worker killed mid-send) cannot tell whether the server took the
// message, so it becomes 'uncertain' and is not sent again: ops see it in
// `starter inbox`. Emails over the limit are queued, never dropped.
func (s *Store) ReserveSend(ctx context.Context, e OutboundEmail, l Limits, now time.Time) (SendDecision, error) {
	var d SendDecision
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('outbound:' || $1))`, l.Mailbox); err != nil {
			return err
		}
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM outbound_emails WHERE message_id = $1 FOR UPDATE`, e.MessageID).Scan(&status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		case status == "sent":
			d = SendDecision{Action: SendDone}
			return nil
		case status == "sending" || status == "uncertain":
			d = SendDecision{Action: SendUncertain, Reason: "an earlier attempt stopped mid-send; it may have been delivered"}
			_, err := tx.Exec(ctx, `UPDATE outbound_emails SET status = 'uncertain' WHERE message_id = $1`, e.MessageID)
			return err
		}
		upsert := func(status string, at time.Time, attempt int) error {
			var notBefore *time.Time
			if !at.IsZero() {
				notBefore = &at
			}
			_, err := tx.Exec(ctx, `
				INSERT INTO outbound_emails (message_id, campaign_id, handle, step, recipient, subject, status, mailbox, not_before, sent_at, attempts)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7 = 'sending' THEN $10::timestamptz END, $11)
				ON CONFLICT (message_id) DO UPDATE SET status = EXCLUDED.status, mailbox = EXCLUDED.mailbox,
					not_before = EXCLUDED.not_before, sent_at = EXCLUDED.sent_at,
					attempts = outbound_emails.attempts + EXCLUDED.attempts`,
				e.MessageID, e.CampaignID, e.Handle, e.Step, e.Recipient, e.Subject, status, l.Mailbox, notBefore, now, attempt)
			return err
		}
		day := now.UTC().Truncate(24 * time.Hour)
		var count int
		var last *time.Time
		if err := tx.QueryRow(ctx, `
			SELECT count(*) FILTER (WHERE sent_at >= $2), max(sent_at) FROM outbound_emails
			WHERE mailbox = $1 AND status IN ('sending', 'sent', 'uncertain')`, l.Mailbox, day).Scan(&count, &last); err != nil {
			return err
		}
		if l.DailyLimit > 0 && count >= l.DailyLimit {
			next := day.Add(24 * time.Hour)
			d = SendDecision{Action: SendQueued, NotBefore: next,
				Reason: fmt.Sprintf("daily limit of %d emails from %s reached; queued until %s", l.DailyLimit, l.Mailbox, next.Format(time.RFC3339))}
			return upsert("queued", next, 0)
		}
		if l.Pacing > 0 && last != nil && now.Before(last.Add(l.Pacing)) {
			next := last.Add(l.Pacing)
			d = SendDecision{Action: SendQueued, NotBefore: next,
				Reason: fmt.Sprintf("pacing: one email every %s from %s; queued until %s", l.Pacing, l.Mailbox, next.UTC().Format(time.RFC3339))}
			return upsert("queued", next, 0)
		}
		d = SendDecision{Action: SendNow}
		return upsert("sending", time.Time{}, 1)
	})
	return d, err
}

// FailSend records that the SMTP server refused an email: trying again is safe.
func (s *Store) FailSend(ctx context.Context, messageID string) error {
	_, err := s.pool.Exec(ctx, `UPDATE outbound_emails SET status = 'failed', sent_at = NULL WHERE message_id = $1`, messageID)
	return err
}

// OutboxForOps lists emails queued by the limits and sends that ended uncertain.
func (s *Store) OutboxForOps(ctx context.Context) ([]OutboundStatus, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT message_id, campaign_id, handle, step, recipient, subject, status, not_before, attempts FROM outbound_emails
		WHERE status IN ('queued', 'uncertain', 'failed') ORDER BY created_at, message_id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboundStatus, error) {
		var o OutboundStatus
		err := r.Scan(&o.MessageID, &o.CampaignID, &o.Handle, &o.Step, &o.Recipient, &o.Subject, &o.Status, &o.NotBefore, &o.Attempts)
		return o, err
	})
}

// OutboundStatus is an outgoing email that is not simply sent.
type OutboundStatus struct {
	OutboundEmail
	Status    string
	NotBefore *time.Time
	Attempts  int
}
