package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/creatorflow/creatorflow/campaign"
)

// candidateWhere is the SQL form of the brief's filters: platforms and tiers,
// then campaign.Prefilter's rules (exclusions, rate above the whole budget,
// no audience in the target countries, categories outside the brand's), so
// only the survivors are loaded and scored. The two must agree:
// TestCandidatesAgreeWithPrefilter checks it.
// The platformTier condition uses the first nPT args.
func candidateWhere(b campaign.Brief) (platformTier, survivors string, args []any, nPT int) {
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var tiers []string
	for _, t := range b.Tiers {
		lo, hi := tierBounds(t)
		tiers = append(tiers, "(followers >= "+arg(lo)+" AND followers < "+arg(hi)+")")
	}
	if len(tiers) == 0 {
		tiers = []string{"false"}
	}
	platformTier = "platform = ANY(" + arg(b.Platforms) + ") AND (" + strings.Join(tiers, " OR ") + ")"
	nPT = len(args)
	var w []string
	if len(b.ExcludeCreators) > 0 {
		w = append(w, "NOT (platform || '/' || handle = ANY("+arg(b.ExcludeCreators)+"))")
	}
	cur, budget := arg(b.Budget.Currency), arg(b.Budget.Amount)
	if len(b.Formats) > 0 {
		w = append(w, `NOT COALESCE((SELECT bool_and(profile->'rate_card'->f->>'currency' = `+cur+`)
			AND sum((profile->'rate_card'->f->>'amount')::bigint) > `+budget+` FROM unnest(`+arg(b.Formats)+`::text[]) f), false)`)
	} else {
		w = append(w, `NOT COALESCE((SELECT min((v->>'amount')::bigint) FROM jsonb_each(profile->'rate_card') e(k, v)
			WHERE v->>'currency' = `+cur+`) > `+budget+`, false)`)
	}
	if t := b.TargetAudience.Countries; len(t) > 0 {
		a := arg(t)
		w = append(w, "(country = ANY("+a+") OR NOT COALESCE(profile->'audience' ? 'countries', false) OR (profile->'audience'->'countries') ?| "+a+")")
	}
	if len(b.BrandCategories) > 0 && !b.AllCategories {
		var keys []string
		for _, c := range b.BrandCategories {
			keys = append(keys, campaign.Categories.MatchKeys(c)...)
		}
		w = append(w, "(cardinality(category_keys) = 0 OR category_keys && "+arg(keys)+"::text[])")
	}
	if len(w) == 0 {
		w = []string{"true"}
	}
	return platformTier, strings.Join(w, " AND "), args, nPT
}

// Candidates are the roster entries on the brief's platforms and tiers that
// survive its filters (campaign.Prefilter), with their profiles, and how many
// on those platforms and tiers were left out.
func (s *Store) Candidates(ctx context.Context, b campaign.Brief) ([]campaign.Creator, int, error) {
	pt, surv, args, nPT := candidateWhere(b)
	var onPlatformTier int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM creators WHERE `+pt, args[:nPT]...).Scan(&onPlatformTier); err != nil {
		return nil, 0, err
	}
	// No ORDER BY: BuildShortlist's ranking does not depend on the order.
	rows, err := s.pool.Query(ctx, `SELECT `+creatorColumns+` FROM creators WHERE `+pt+` AND `+surv, args...)
	if err != nil {
		return nil, 0, err
	}
	cs, err := collectCreators(rows)
	if err != nil {
		return nil, 0, err
	}
	return cs, onPlatformTier - len(cs), nil
}

// collectCreators scans the rows and decodes their profiles (the JSON
// decoding is most of the cost) on every core.
func collectCreators(rows pgx.Rows) ([]campaign.Creator, error) {
	var cs []campaign.Creator
	var profiles [][]byte
	for rows.Next() {
		var c campaign.Creator
		var profile []byte
		if err := rows.Scan(&c.Platform, &c.Handle, &c.Name, &c.Email, &c.Followers, &c.AvgViews, &c.AvgLikes,
			&c.AvgComments, &c.Country, &c.Categories, &profile); err != nil {
			rows.Close()
			return nil, err
		}
		if len(c.Categories) == 0 {
			c.Categories = nil
		}
		cs, profiles = append(cs, c), append(profiles, profile)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(cs)/1000))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(cs); i += workers {
				if len(profiles[i]) == 0 {
					continue
				}
				if err := json.Unmarshal(profiles[i], &cs[i].Profile); err != nil && errs[w] == nil {
					errs[w] = fmt.Errorf("creator %s: stored profile unreadable: %w", cs[i].Key(), err)
				}
			}
		}()
	}
	wg.Wait()
	return cs, errors.Join(errs...)
}

// Shortlist vets the roster against the brief, with past performance,
// scoring only the creators that survive the brief's filters in SQL.
func (s *Store) Shortlist(ctx context.Context, b campaign.Brief) (campaign.Shortlist, error) {
	cs, left, err := s.Candidates(ctx, b)
	if err != nil {
		return campaign.Shortlist{}, fmt.Errorf("loading the roster: %w", err)
	}
	past, err := s.PastPerformance(ctx, b.Platforms)
	if err != nil {
		return campaign.Shortlist{}, fmt.Errorf("loading past performance: %w", err)
	}
	sl := campaign.BuildShortlist(b, cs, past)
	sl.Prefiltered += left
	return sl, nil
}
