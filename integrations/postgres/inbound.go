package postgres

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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
	// HoldKind says why a held email waits ('confidence' or 'sender').
	HoldKind string
	// Attempts counts failed tries at handling it; NextAttemptAt is when it
	// is due again (see ClaimDueInbound).
	Attempts      int
	NextAttemptAt *time.Time
}

// InsertInbound stores a received email before anything else happens. fresh
// is false when a message with the same Message-ID was stored before (a
// duplicate delivery); id is then the earlier row's. Text is cleaned to
// valid UTF-8 without NUL first, so no header can make the insert fail.
// e.NextAttemptAt, if set, is a lease: ClaimDueInbound leaves the row to the
// caller handling it until then.
func (s *Store) InsertInbound(ctx context.Context, e InboundEmail) (id int64, fresh bool, err error) {
	e.MessageID = clean(e.MessageID)
	err = s.pool.QueryRow(ctx, `
		INSERT INTO inbound_emails (message_id, source, raw, sender, subject, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (message_id) DO NOTHING RETURNING id`, e.MessageID, clean(e.Source), e.Raw, clean(e.Sender), clean(e.Subject),
		e.NextAttemptAt).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err = s.pool.QueryRow(ctx, `SELECT id FROM inbound_emails WHERE message_id = $1`, e.MessageID).Scan(&id)
		return id, false, err
	}
	return id, err == nil, err
}

// PendingInbound lists stored emails not handled yet, oldest first: those a
// crash interrupted between storing and signalling, and those backing off.
func (s *Store) PendingInbound(ctx context.Context, limit int) ([]InboundEmail, error) {
	return s.inbound(ctx, `WHERE status = 'received' ORDER BY id LIMIT $1`, limit)
}

// ClaimDueInbound takes up to limit stored emails that are due (not handled
// yet, and next_attempt_at unset or past at now), soonest due first, and
// leases each until lease so that no other worker takes it meanwhile. Rows
// backing off are not due, so however many are stuck, newer mail is reached.
func (s *Store) ClaimDueInbound(ctx context.Context, now, lease time.Time, limit int) ([]InboundEmail, error) {
	rows, err := s.pool.Query(ctx, `
		UPDATE inbound_emails SET next_attempt_at = $2
		WHERE id IN (SELECT id FROM inbound_emails
		             WHERE status = 'received' AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
		             ORDER BY coalesce(next_attempt_at, received_at), id LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING `+inboundColumns, now, lease, limit)
	if err != nil {
		return nil, err
	}
	list, err := collectInbound(rows)
	slices.SortFunc(list, func(a, b InboundEmail) int { return cmp.Compare(a.ID, b.ID) })
	return list, err
}

// RetryInbound records a failed attempt at handling a stored email: it stays
// 'received' and is due again at next, or, with next nil, it is 'dead' (the
// retries are over; a person must look). note says what failed.
func (s *Store) RetryInbound(ctx context.Context, id int64, attempts int, next *time.Time, note string) error {
	status := "received"
	if next == nil {
		status = "dead"
	}
	_, err := s.pool.Exec(ctx, `UPDATE inbound_emails SET status = $2, attempts = $3, next_attempt_at = $4, note = $5,
		handled_at = CASE WHEN $2 = 'dead' THEN now() END WHERE id = $1 AND status = 'received'`,
		id, status, attempts, next, truncate(clean(note), 2000))
	return err
}

// InboxForOps lists what a person must look at: unmatched and forged emails,
// held, quarantined and dead ones, those still retrying after a failure, and
// matched replies the classifier could not understand. Note says why.
func (s *Store) InboxForOps(ctx context.Context, limit int) ([]InboundEmail, error) {
	return s.inbound(ctx, `WHERE status IN ('unmatched', 'forged', 'held', 'quarantined', 'dead')
		OR (status = 'received' AND attempts > 0) OR (status = 'signalled' AND intent = 'unclear')
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

const inboundColumns = `id, message_id, source, raw, sender, subject, body, status, intent, coalesce(reply, 'null'::jsonb),
	campaign_id, handle, matched_by, note, received_at, hold_kind, attempts, next_attempt_at`

func (s *Store) inbound(ctx context.Context, where string, args ...any) ([]InboundEmail, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+inboundColumns+` FROM inbound_emails `+where, args...)
	if err != nil {
		return nil, err
	}
	return collectInbound(rows)
}

func collectInbound(rows pgx.Rows) ([]InboundEmail, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (InboundEmail, error) {
		var e InboundEmail
		err := r.Scan(&e.ID, &e.MessageID, &e.Source, &e.Raw, &e.Sender, &e.Subject, &e.Body, &e.Status, &e.Intent,
			&e.Reply, &e.CampaignID, &e.Handle, &e.MatchedBy, &e.Note, &e.ReceivedAt, &e.HoldKind, &e.Attempts, &e.NextAttemptAt)
		return e, err
	})
}

// MarkInbound records what became of a stored email (its retry schedule
// ends). Text is cleaned to valid UTF-8 without NUL first: what a message
// holds can never make recording it fail.
func (s *Store) MarkInbound(ctx context.Context, e InboundEmail) error {
	reply, err := cleanJSON(e.Reply)
	if err != nil {
		return fmt.Errorf("inbound #%d: reply is not JSON: %w", e.ID, err)
	}
	_, err = s.pool.Exec(ctx, `
		UPDATE inbound_emails SET status = $2, sender = $3, subject = $4, body = $5, intent = $6, reply = $7,
			campaign_id = $8, handle = $9, matched_by = $10, note = $11, hold_kind = $12, next_attempt_at = NULL,
			handled_at = now()
		WHERE id = $1`, e.ID, e.Status, clean(e.Sender), clean(e.Subject), clean(e.Body), clean(e.Intent), reply,
		clean(e.CampaignID), clean(e.Handle), e.MatchedBy, truncate(clean(e.Note), 2000), e.HoldKind)
	return err
}

// clean makes s valid UTF-8 without NUL, which PostgreSQL text refuses.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// cleanJSON makes a JSON value storable as jsonb, which refuses \u0000 in
// strings: strings are decoded, cleaned and encoded again when needed.
func cleanJSON(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 {
		return json.RawMessage("null"), nil
	}
	if !bytes.Contains(raw, []byte(`\u0000`)) && utf8.Valid(raw) {
		return raw, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			return clean(x)
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, y := range x {
				out[clean(k)] = walk(y)
			}
			return out
		}
		return v
	}
	return json.Marshal(walk(v))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// CreatorAddresses lists the addresses a collaboration's creator is known
// by: the one on the collaboration, and those we have written to for it.
// Lower case, without duplicates.
func (s *Store) CreatorAddresses(ctx context.Context, campaignID, handle string) ([]string, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT lower(email) FROM collaborations WHERE campaign_id = $1 AND handle = $2 AND email <> ''
		UNION
		SELECT lower(recipient) FROM outbound_emails WHERE campaign_id = $1 AND handle = $2 AND recipient <> ''
		ORDER BY 1`, campaignID, handle)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
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
