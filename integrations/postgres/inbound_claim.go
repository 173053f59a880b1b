package postgres

import (
	"context"
	"encoding/json"
	"time"
)

// ClaimInbound moves a stored email from one of the statuses in from to
// status to, atomically: of two people confirming the same held email at
// once, exactly one claims it. ok is false when it was no longer in from.
func (s *Store) ClaimInbound(ctx context.Context, id int64, from []string, to string) (ok bool, err error) {
	tag, err := s.pool.Exec(ctx, `UPDATE inbound_emails SET status = $3, handled_at = now()
		WHERE id = $1 AND status = ANY($2)`, id, from, to)
	return tag.RowsAffected() == 1, err
}

// ClaimToSettle claims a stored email for a person's decision: from one of
// the statuses in from, or from a claim of to whose note still says it is
// being settled (the claimant died before recording it) older than lease.
// note says who is settling it, until SettleInbound records the outcome.
func (s *Store) ClaimToSettle(ctx context.Context, id int64, from []string, to, note string, lease time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE inbound_emails SET status = $3, note = $4, handled_at = now()
		WHERE id = $1 AND (status = ANY($2)
			OR (status = $3 AND note LIKE 'being settled by %' AND handled_at < now() - make_interval(secs => $5)))`,
		id, from, to, note, lease.Seconds())
	return tag.RowsAffected() == 1, err
}

// SettleInbound records what a person made of a claimed email: the reply as
// delivered, who delivered it (note), and its collaboration.
func (s *Store) SettleInbound(ctx context.Context, id int64, status, intent string, reply json.RawMessage,
	campaignID, handle, matchedBy, note string) error {
	_, err := s.pool.Exec(ctx, `UPDATE inbound_emails SET status = $2, intent = $3, reply = $4, campaign_id = $5,
		handle = $6, matched_by = $7, note = $8, handled_at = now() WHERE id = $1`,
		id, status, intent, reply, campaignID, handle, matchedBy, note)
	return err
}

// ReleaseClaim gives back a claim whose signal certainly did not arrive:
// the status and note it had before.
func (s *Store) ReleaseClaim(ctx context.Context, id int64, status, note string) error {
	_, err := s.pool.Exec(ctx, `UPDATE inbound_emails SET status = $2, note = $3
		WHERE id = $1 AND status = 'assigned' AND note LIKE 'being settled by %'`, id, status, note)
	return err
}
