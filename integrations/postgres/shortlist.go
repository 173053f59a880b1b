package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/creatorflow/creatorflow/campaign"
)

// SaveShortlist stores a campaign's shortlist in full (replacing one stored
// before), in one transaction: the entries go in with COPY. A compact
// shortlist is refused: it has lost the detail this table is for.
func (s *Store) SaveShortlist(ctx context.Context, sl campaign.Shortlist) error {
	if sl.Compact {
		return errors.New("postgres: SaveShortlist needs the full shortlist, not its compact copy")
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM shortlists WHERE campaign_id = $1`, sl.CampaignID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO shortlists (campaign_id, considered, beyond_size, excluded_not_listed)
			VALUES ($1, $2, $3, $4)`, sl.CampaignID, sl.Considered, sl.BeyondSize, sl.ExcludedNotListed); err != nil {
			return fmt.Errorf("storing the shortlist of %s: %w", sl.CampaignID, err)
		}
		n := len(sl.Ranked) + len(sl.Excluded)
		src := pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			excluded, pos, a := false, i+1, campaign.Assessment{}
			if i < len(sl.Ranked) {
				a = sl.Ranked[i]
			} else {
				excluded, pos, a = true, i-len(sl.Ranked)+1, sl.Excluded[i-len(sl.Ranked)]
			}
			data, err := json.Marshal(a)
			if err != nil {
				return nil, fmt.Errorf("shortlist entry %s: %w", a.Creator.Key(), err)
			}
			return []any{sl.CampaignID, excluded, pos, a.Creator.Platform, a.Creator.Handle, a.Score, string(data)}, nil
		})
		copied, err := tx.CopyFrom(ctx, pgx.Identifier{"shortlist_entries"},
			[]string{"campaign_id", "excluded", "position", "platform", "handle", "score", "assessment"}, src)
		if err != nil {
			return fmt.Errorf("storing the shortlist of %s: %w", sl.CampaignID, err)
		}
		if copied != int64(n) {
			return fmt.Errorf("storing the shortlist of %s: copied %d of %d entries", sl.CampaignID, copied, n)
		}
		return nil
	})
}

// StoredShortlist reads a campaign's full shortlist; false when none is
// stored (a campaign started before shortlists were stored, or not yet ranked).
func (s *Store) StoredShortlist(ctx context.Context, campaignID string) (campaign.Shortlist, bool, error) {
	sl := campaign.Shortlist{CampaignID: campaignID}
	err := s.pool.QueryRow(ctx, `SELECT considered, beyond_size, excluded_not_listed FROM shortlists WHERE campaign_id = $1`,
		campaignID).Scan(&sl.Considered, &sl.BeyondSize, &sl.ExcludedNotListed)
	if errors.Is(err, pgx.ErrNoRows) {
		return sl, false, nil
	}
	if err != nil {
		return sl, false, fmt.Errorf("reading the shortlist of %s: %w", campaignID, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT excluded, assessment FROM shortlist_entries
		WHERE campaign_id = $1 ORDER BY excluded, position`, campaignID)
	if err != nil {
		return sl, false, fmt.Errorf("reading the shortlist of %s: %w", campaignID, err)
	}
	var excluded bool
	var data []byte
	_, err = pgx.ForEachRow(rows, []any{&excluded, &data}, func() error {
		var a campaign.Assessment
		if err := json.Unmarshal(data, &a); err != nil {
			return fmt.Errorf("shortlist of %s: stored entry unreadable: %w", campaignID, err)
		}
		if excluded {
			sl.Excluded = append(sl.Excluded, a)
		} else {
			sl.Ranked = append(sl.Ranked, a)
		}
		return nil
	})
	if err != nil {
		return sl, false, err
	}
	return sl, true, nil
}
