package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

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

// ImportCreators upserts creators by platform + handle in one transaction
// (ImportRoster over a slice). progress, if not nil, hears how many rows were
// copied, at least at the end. Nothing is changed when it fails.
func (s *Store) ImportCreators(ctx context.Context, cs []campaign.Creator, progress func(done, total int)) (added, updated int, err error) {
	i := 0
	next := func() (campaign.Creator, error) {
		if i == len(cs) {
			return campaign.Creator{}, io.EOF
		}
		i++
		return cs[i-1], nil
	}
	var p func(int)
	if progress != nil {
		p = func(done int) { progress(done, len(cs)) }
	}
	return s.ImportRoster(ctx, next, p, nil)
}

// importEvery is how often (in rows) ImportRoster reports progress.
const importEvery = 5000

// ImportRoster streams creators from next (io.EOF ends them) into the roster
// in one transaction: COPY into a temporary table as they are read — so a
// file of any size costs constant memory — then one INSERT … ON CONFLICT
// merges them by platform + handle. progress, if not nil, hears the rows
// copied every importEvery rows and at the end. before, if not nil, is asked
// after the copy and before the merge: an error from it (say, rows were
// rejected) rolls everything back. Nothing is changed when it fails.
// Rows equal to the stored ones count as neither added nor updated.
func (s *Store) ImportRoster(ctx context.Context, next func() (campaign.Creator, error), progress func(copied int),
	before func(copied int) error) (added, updated int, err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("importing the roster (nothing was changed): %w", err)
	}
	defer conn.Release()
	// The staging table stays in memory rather than spilling to disk (8 MB by
	// default); refused once the session has used a temporary table, which
	// only costs speed.
	_, _ = conn.Exec(ctx, `SET temp_buffers = '256MB'`)
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE creators_import (
				platform text, handle text, name text, email text, followers bigint, avg_views bigint,
				avg_likes bigint, avg_comments bigint, country text, categories text[], category_keys text[], profile jsonb
			) ON COMMIT DROP`); err != nil {
			return err
		}
		n := 0
		rows, stop := prefetch(next)
		defer stop()
		src := pgx.CopyFromFunc(func() ([]any, error) {
			r, ok := <-rows
			if !ok {
				return nil, nil
			}
			if r.err != nil {
				return nil, r.err
			}
			n++
			if progress != nil && n%importEvery == 0 {
				progress(n)
			}
			return r.values, nil
		})
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"creators_import"},
			[]string{"platform", "handle", "name", "email", "followers", "avg_views", "avg_likes", "avg_comments",
				"country", "categories", "category_keys", "profile"}, src); err != nil {
			return err
		}
		if progress != nil {
			progress(n)
		}
		if before != nil {
			if err := before(n); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, `
			WITH merged AS (
				INSERT INTO creators (platform, handle, name, email, followers, avg_views, avg_likes, avg_comments, country, categories, category_keys, profile)
				SELECT platform, handle, name, email, followers, avg_views, avg_likes, avg_comments, country, categories, category_keys, profile
				FROM creators_import
				ON CONFLICT (platform, handle) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
					followers = EXCLUDED.followers, avg_views = EXCLUDED.avg_views, avg_likes = EXCLUDED.avg_likes,
					avg_comments = EXCLUDED.avg_comments, country = EXCLUDED.country, categories = EXCLUDED.categories,
					category_keys = EXCLUDED.category_keys, profile = EXCLUDED.profile, updated_at = now()
				-- An unchanged row is not rewritten: re-importing a roster
				-- leaves no dead rows behind for the next shortlist to scan.
				WHERE (creators.name, creators.email, creators.followers, creators.avg_views, creators.avg_likes,
					creators.avg_comments, creators.country, creators.categories, creators.category_keys, creators.profile)
					IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.followers, EXCLUDED.avg_views, EXCLUDED.avg_likes,
					EXCLUDED.avg_comments, EXCLUDED.country, EXCLUDED.categories, EXCLUDED.category_keys, EXCLUDED.profile)
				RETURNING (xmax = 0) AS inserted)
			SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged`).Scan(&added, &updated)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("importing the roster (nothing was changed): %w", err)
	}
	return added, updated, nil
}

// copyRow is one creator ready for COPY, or the error that ends the stream.
type copyRow struct {
	values []any
	err    error
}

// prefetch reads, checks and encodes creators in a goroutine of its own, so
// parsing the file overlaps with COPY (the server works while the next rows
// are parsed); stop ends it early. The channel closes after the last row or
// an error.
func prefetch(next func() (campaign.Creator, error)) (<-chan copyRow, func()) {
	out := make(chan copyRow, 512)
	done := make(chan struct{})
	go func() {
		defer close(out)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		for {
			c, err := next()
			if err == io.EOF {
				return
			}
			var r copyRow
			if err != nil {
				r.err = err
			} else {
				buf.Reset()
				if err := enc.Encode(c.Profile); err != nil {
					r.err = fmt.Errorf("creator %s: %w", c.Key(), err)
				} else {
					r.values = []any{c.Platform, c.Handle, c.Name, c.Email, c.Followers, c.AvgViews, c.AvgLikes, c.AvgComments,
						c.Country, nonNil(c.Categories), campaign.CategoryKeys(c.Categories), string(bytes.TrimSpace(buf.Bytes()))}
				}
			}
			select {
			case out <- r:
			case <-done:
				return
			}
			if r.err != nil {
				return
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() { close(done) })
		for range out { // let the goroutine finish before its reader's state is read
		}
	}
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
