package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// InboundEmail is one received email as stored.
type InboundEmail struct {
	ID         int64
	MessageID  string
	Source     string // "imap", "webhook", …
	Raw        []byte
	Sender     string
	Subject    string
	Body       string // the reply text, quoted history stripped
	Status     string
	Intent     string
	Reply      json.RawMessage
	CampaignID string
	Handle     string
	MatchedBy  string
	Note       string
	ReceivedAt time.Time
}

// InsertInbound stores a received email before anything else happens. fresh
// is false when a message with the same Message-ID was stored before (a
// duplicate delivery); id is then the earlier row's.
func (s *Store) InsertInbound(ctx context.Context, e InboundEmail) (id int64, fresh bool, err error) {
	err = s.pool.QueryRow(ctx, `
		INSERT INTO inbound_emails (message_id, source, raw, sender, subject) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (message_id) DO NOTHING RETURNING id`, e.MessageID, e.Source, e.Raw, e.Sender, e.Subject).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err = s.pool.QueryRow(ctx, `SELECT id FROM inbound_emails WHERE message_id = $1`, e.MessageID).Scan(&id)
		return id, false, err
	}
	return id, err == nil, err
}

// PendingInbound lists stored emails not handled yet, oldest first: those a
// crash interrupted between storing and signalling.
func (s *Store) PendingInbound(ctx context.Context, limit int) ([]InboundEmail, error) {
	return s.inbound(ctx, `WHERE status = 'received' ORDER BY id LIMIT $1`, limit)
}

// InboxForOps lists what a person must look at: unmatched and forged emails,
// and matched replies the classifier could not understand.
func (s *Store) InboxForOps(ctx context.Context, limit int) ([]InboundEmail, error) {
	return s.inbound(ctx, `WHERE status IN ('unmatched', 'forged', 'held', 'quarantined', 'dead') OR (status = 'signalled' AND intent = 'unclear')
		ORDER BY id LIMIT $1`, limit)
}

// Inbound loads one stored email.
func (s *Store) Inbound(ctx context.Context, id int64) (InboundEmail, error) {
	rows, err := s.inbound(ctx, `WHERE id = $1`, id)
	if err != nil {
		return InboundEmail{}, err
	}
	if len(rows) == 0 {
		return InboundEmail{}, fmt.Errorf("no inbound email #%d (see `starter inbox`)", id)
	}
	return rows[0], nil
}

// InboundByMessageID loads one stored email by its Message-ID.
func (s *Store) InboundByMessageID(ctx context.Context, messageID string) (InboundEmail, error) {
	rows, err := s.inbound(ctx, `WHERE message_id = $1`, messageID)
	if err != nil || len(rows) == 0 {
		return InboundEmail{}, errors.Join(err, fmt.Errorf("no inbound email %s", messageID))
	}
	return rows[0], nil
}

func (s *Store) inbound(ctx context.Context, where string, args ...any) ([]InboundEmail, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, message_id, source, raw, sender, subject, body, status, intent, coalesce(reply, 'null'::jsonb),
			campaign_id, handle, matched_by, note, received_at
		FROM inbound_emails `+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (InboundEmail, error) {
		var e InboundEmail
		err := r.Scan(&e.ID, &e.MessageID, &e.Source, &e.Raw, &e.Sender, &e.Subject, &e.Body, &e.Status, &e.Intent,
			&e.Reply, &e.CampaignID, &e.Handle, &e.MatchedBy, &e.Note, &e.ReceivedAt)
		return e, err
	})
}

// MarkInbound records what became of a stored email.
func (s *Store) MarkInbound(ctx context.Context, e InboundEmail) error {
	reply := e.Reply
	if len(reply) == 0 {
		reply = json.RawMessage("null")
	}
	_, err := s.pool.Exec(ctx, `
		UPDATE inbound_emails SET status = $2, sender = $3, subject = $4, body = $5, intent = $6, reply = $7,
			campaign_id = $8, handle = $9, matched_by = $10, note = $11, handled_at = now()
		WHERE id = $1`, e.ID, e.Status, e.Sender, e.Subject, e.Body, e.Intent, reply, e.CampaignID, e.Handle,
		e.MatchedBy, e.Note)
	return err
}

// CollaborationOf finds the collaboration one of our sent emails belongs to,
// by the Message-IDs a reply names in In-Reply-To and References.
func (s *Store) CollaborationOf(ctx context.Context, messageIDs []string) (campaignID, handle string, ok bool, err error) {
	if len(messageIDs) == 0 {
		return "", "", false, nil
	}
	err = s.pool.QueryRow(ctx, `SELECT campaign_id, handle FROM outbound_emails WHERE message_id = ANY($1)
		ORDER BY created_at DESC LIMIT 1`, messageIDs).Scan(&campaignID, &handle)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", false, nil
	}
	return campaignID, handle, err == nil, err
}

// OpenCollaborationsOf lists the collaborations we have written to this
// address that have not ended.
func (s *Store) OpenCollaborationsOf(ctx context.Context, address string) ([][2]string, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT DISTINCT o.campaign_id, o.handle FROM outbound_emails o
		WHERE lower(o.recipient) = lower($1)
		  AND NOT EXISTS (SELECT 1 FROM collaborations c WHERE c.campaign_id = o.campaign_id AND c.handle = o.handle
		                  AND c.outcome <> '')
		ORDER BY 1, 2`, address)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var c [2]string
		return c, r.Scan(&c[0], &c[1])
	})
}
