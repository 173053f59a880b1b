package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/creatorflow/creatorflow/campaign"
)

// SaveSnapshots stores many pulls in one round trip set: COPY into a
// temporary table, then one INSERT … ON CONFLICT DO NOTHING, so, like
// SaveSnapshot, a pull stored before keeps its first figures. It returns how
// many rows were new. For batched metric pulls (many posts per provider call).
func (s *Store) SaveSnapshots(ctx context.Context, snaps []campaign.Snapshot) (int64, error) {
	if len(snaps) == 0 {
		return 0, nil
	}
	var added int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE snapshot_batch (LIKE metric_snapshots INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
			return err
		}
		cols := []string{"campaign_id", "handle", "pull", "platform", "post_url", "taken_at", "views", "likes", "comments", "shares", "saves", "source"}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{"snapshot_batch"}, cols, pgx.CopyFromSlice(len(snaps), func(i int) ([]any, error) {
			sn := snaps[i]
			return []any{sn.CampaignID, sn.Handle, sn.Pull, sn.Platform, sn.PostURL, sn.TakenAt, sn.Views, sn.Likes,
				sn.Comments, sn.Shares, sn.Saves, sn.Source}, nil
		}))
		if err != nil {
			return fmt.Errorf("copying %d snapshots: %w", len(snaps), err)
		}
		if n != int64(len(snaps)) {
			return fmt.Errorf("copied %d of %d snapshots", n, len(snaps))
		}
		tag, err := tx.Exec(ctx, `INSERT INTO metric_snapshots SELECT * FROM snapshot_batch ON CONFLICT (campaign_id, handle, pull) DO NOTHING`)
		if err != nil {
			return err
		}
		added = tag.RowsAffected()
		return nil
	})
	return added, err
}
