package postgres

import (
	"context"
	"time"
)

// slackReplayWindow is how long a Slack request is remembered after its own
// timestamp: Slack's five-minute signature window either side of it, plus
// a margin for clock skew between replicas.
const slackReplayWindow = 11 * time.Minute

// RecordSlackRequest remembers a verified Slack request by the digest of its
// signature and reports whether it is new (slack.ReplayGuard). The unique
// digest makes two replicas receiving the same request at once agree that
// only one of them got it first. Requests past the window are pruned on the way.
func (s *Store) RecordSlackRequest(ctx context.Context, digest []byte, ts time.Time) (bool, error) {
	if _, err := s.pool.Exec(ctx, `DELETE FROM slack_requests WHERE request_ts < $1`, time.Now().Add(-slackReplayWindow)); err != nil {
		return false, err
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO slack_requests (digest, request_ts) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING`,
		digest, ts)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}
