package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// SaveCreatorToken stores (or replaces) a creator's platform access token.
func (s *Store) SaveCreatorToken(ctx context.Context, platform, handle, token string) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO creator_tokens (platform, handle, access_token) VALUES ($1, $2, $3)
		ON CONFLICT (platform, handle) DO UPDATE SET access_token = EXCLUDED.access_token, updated_at = now(), revoked_at = NULL`,
		platform, handle, token)
	return err
}

// CreatorToken returns a creator's token; "" when none is connected or it was revoked.
func (s *Store) CreatorToken(ctx context.Context, platform, handle string) (string, error) {
	var tok string
	err := s.pool.QueryRow(ctx, `SELECT access_token FROM creator_tokens
		WHERE platform = $1 AND handle = $2 AND revoked_at IS NULL`, platform, handle).Scan(&tok)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return tok, err
}

// MarkTokenRevoked records that the platform refused the token, so it is not used again until replaced.
func (s *Store) MarkTokenRevoked(ctx context.Context, platform, handle string) error {
	_, err := s.pool.Exec(ctx, `UPDATE creator_tokens SET revoked_at = now() WHERE platform = $1 AND handle = $2`, platform, handle)
	return err
}

// NextManualPull is the pull number for a self-reported snapshot: manual
// entries are numbered from ManualPullBase so they never collide with the
// brief's scheduled pulls.
func (s *Store) NextManualPull(ctx context.Context, campaignID, handle string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT GREATEST(COALESCE(MAX(pull) + 1, $3), $3) FROM metric_snapshots
		WHERE campaign_id = $1 AND handle = $2 AND pull >= $3`, campaignID, handle, ManualPullBase).Scan(&n)
	return n, err
}

// ManualPullBase is the first pull number of self-reported snapshots.
const ManualPullBase = 1000
