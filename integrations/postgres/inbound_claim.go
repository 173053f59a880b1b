package postgres

import (
	"context"
	"encoding/json"
)

// ClaimInbound moves a stored email from one of the statuses in from to
// status to, atomically: of two people confirming the same held email at
// once, exactly one claims it. ok is false when it was no longer in from.
func (s *Store) ClaimInbound(ctx context.Context, id int64, from []string, to string) (ok bool, err error) {
	tag, err := s.pool.Exec(ctx, `UPDATE inbound_emails SET status = $3, handled_at = now()
		WHERE id = $1 AND status = ANY($2)`, id, from, to)
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
