package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/creatorflow/creatorflow/campaign"
)

// creatorColumns are read in this order by scanCreator.
const creatorColumns = `platform, handle, name, email, followers, avg_views, avg_likes, avg_comments, country, categories, profile`

func scanCreator(r pgx.CollectableRow) (campaign.Creator, error) {
	var c campaign.Creator
	var profile []byte
	if err := r.Scan(&c.Platform, &c.Handle, &c.Name, &c.Email, &c.Followers, &c.AvgViews, &c.AvgLikes,
		&c.AvgComments, &c.Country, &c.Categories, &profile); err != nil {
		return c, err
	}
	if len(c.Categories) == 0 {
		c.Categories = nil
	}
	if len(profile) > 0 {
		if err := json.Unmarshal(profile, &c.Profile); err != nil {
			return c, fmt.Errorf("creator %s: stored profile unreadable: %w", c.Key(), err)
		}
	}
	return c, nil
}

// ImportCreators upserts creators by platform + handle in one transaction:
// the rows are copied into a temporary table (COPY), then merged with one
// INSERT … ON CONFLICT. progress, if not nil, hears how many rows were copied.
// Nothing is changed when it fails.
func (s *Store) ImportCreators(ctx context.Context, cs []campaign.Creator, progress func(done, total int)) (added, updated int, err error) {
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE creators_import (
				platform text, handle text, name text, email text, followers bigint, avg_views bigint,
				avg_likes bigint, avg_comments bigint, country text, categories text[], profile jsonb
			) ON COMMIT DROP`); err != nil {
			return err
		}
		const every = 5000
		src := pgx.CopyFromSlice(len(cs), func(i int) ([]any, error) {
			c := cs[i]
			profile, err := json.Marshal(c.Profile)
			if err != nil {
				return nil, fmt.Errorf("creator %s: %w", c.Key(), err)
			}
			if progress != nil && (i+1)%every == 0 {
				progress(i+1, len(cs))
			}
			return []any{c.Platform, c.Handle, c.Name, c.Email, c.Followers, c.AvgViews, c.AvgLikes, c.AvgComments,
				c.Country, nonNil(c.Categories), string(profile)}, nil
		})
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"creators_import"},
			[]string{"platform", "handle", "name", "email", "followers", "avg_views", "avg_likes", "avg_comments",
				"country", "categories", "profile"}, src); err != nil {
			return err
		}
		if progress != nil {
			progress(len(cs), len(cs))
		}
		return tx.QueryRow(ctx, `
			WITH merged AS (
				INSERT INTO creators (platform, handle, name, email, followers, avg_views, avg_likes, avg_comments, country, categories, profile)
				SELECT platform, handle, name, email, followers, avg_views, avg_likes, avg_comments, country, categories, profile
				FROM creators_import
				ON CONFLICT (platform, handle) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
					followers = EXCLUDED.followers, avg_views = EXCLUDED.avg_views, avg_likes = EXCLUDED.avg_likes,
					avg_comments = EXCLUDED.avg_comments, country = EXCLUDED.country,
					categories = EXCLUDED.categories, profile = EXCLUDED.profile, updated_at = now()
				RETURNING (xmax = 0) AS inserted)
			SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged`).Scan(&added, &updated)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("importing the roster (nothing was changed): %w", err)
	}
	return added, updated, nil
}

// RosterFilter narrows `starter roster list`; empty fields do not filter.
type RosterFilter struct {
	Platform string
	Tier     campaign.Tier
	Category string
	// Country matches the creator's home country or a country in their audience.
	Country string
	Limit   int
}

func tierBounds(t campaign.Tier) (lo, hi int64) {
	switch t {
	case campaign.Nano:
		return 0, 10_000
	case campaign.Micro:
		return 10_000, 100_000
	case campaign.Macro:
		return 100_000, 1_000_000
	default:
		return 1_000_000, 1 << 62
	}
}

// ListCreators lists the roster, largest first.
func (s *Store) ListCreators(ctx context.Context, f RosterFilter) ([]campaign.Creator, error) {
	where := []string{"true"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Platform != "" {
		where = append(where, "platform = "+arg(f.Platform))
	}
	if f.Tier != "" {
		lo, hi := tierBounds(f.Tier)
		where = append(where, "followers >= "+arg(lo)+" AND followers < "+arg(hi))
	}
	if f.Category != "" {
		where = append(where, arg(strings.ToLower(f.Category))+" = ANY(categories)")
	}
	if f.Country != "" {
		c := arg(strings.ToUpper(f.Country))
		where = append(where, "(country = "+c+" OR profile->'audience'->'countries' ? "+c+")")
	}
	q := `SELECT ` + creatorColumns + ` FROM creators WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY followers DESC, platform, handle`
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanCreator)
}

// ErrNoCreator says the roster has no such platform/handle.
var ErrNoCreator = errors.New("no such creator in the roster")

// Creator loads one roster entry.
func (s *Store) Creator(ctx context.Context, platform, handle string) (campaign.Creator, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+creatorColumns+` FROM creators WHERE platform = $1 AND handle = $2`,
		platform, handle)
	if err != nil {
		return campaign.Creator{}, err
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanCreator)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, fmt.Errorf("%w: %s/%s", ErrNoCreator, platform, handle)
	}
	return c, err
}

// Candidates are the roster entries on the brief's platforms, with their profiles.
func (s *Store) Candidates(ctx context.Context, b campaign.Brief) ([]campaign.Creator, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+creatorColumns+` FROM creators WHERE platform = ANY($1)
		ORDER BY platform, handle`, b.Platforms)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanCreator)
}

// PastPerformance gathers the finished collaborations of creators on the given
// platforms, keyed by Creator.Key(): outcome, whether it went without a
// reminder (on time), revisions needed against the brief's maximum, and the
// post's engagements at the last metrics pull against the creator's average.
func (s *Store) PastPerformance(ctx context.Context, platforms []string) (map[string][]campaign.PastCollaboration, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.platform, c.handle, c.campaign_id, c.outcome, c.revisions,
			COALESCE((cp.brief->>'max_revisions')::int, 0),
			NOT EXISTS (SELECT 1 FROM outbound_emails e WHERE e.campaign_id = c.campaign_id AND e.handle = c.handle
				AND e.status = 'sent' AND (e.step LIKE 'draft-reminder%' OR e.step LIKE 'publish-reminder%')),
			COALESCE(cr.avg_likes + cr.avg_comments + COALESCE((cr.profile->>'avg_shares')::bigint, 0)
				+ COALESCE((cr.profile->>'avg_saves')::bigint, 0), 0),
			COALESCE((SELECT s.likes + s.comments + s.shares + s.saves FROM metric_snapshots s
				WHERE s.campaign_id = c.campaign_id AND s.handle = c.handle ORDER BY s.pull DESC LIMIT 1), 0)
		FROM collaborations c
		JOIN campaigns cp ON cp.id = c.campaign_id
		LEFT JOIN creators cr ON cr.platform = c.platform AND cr.handle = c.handle
		WHERE c.outcome <> '' AND c.platform = ANY($1)
		ORDER BY c.updated_at, c.campaign_id`, platforms)
	if err != nil {
		return nil, err
	}
	out := map[string][]campaign.PastCollaboration{}
	var platform, handle string
	var p campaign.PastCollaboration
	_, err = pgx.ForEachRow(rows, []any{&platform, &handle, &p.CampaignID, &p.Outcome, &p.Revisions, &p.MaxRevisions,
		&p.OnTime, &p.ExpectedEngagements, &p.AchievedEngagements}, func() error {
		out[platform+"/"+handle] = append(out[platform+"/"+handle], p)
		return nil
	})
	return out, err
}

// Shortlist vets the roster against the brief, with past performance.
func (s *Store) Shortlist(ctx context.Context, b campaign.Brief) (campaign.Shortlist, error) {
	cs, err := s.Candidates(ctx, b)
	if err != nil {
		return campaign.Shortlist{}, fmt.Errorf("loading the roster: %w", err)
	}
	past, err := s.PastPerformance(ctx, b.Platforms)
	if err != nil {
		return campaign.Shortlist{}, fmt.Errorf("loading past performance: %w", err)
	}
	return campaign.BuildShortlist(b, cs, past), nil
}
