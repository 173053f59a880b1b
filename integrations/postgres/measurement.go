package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/creatorflow/creatorflow/campaign"
)

// ErrNoCampaign says a campaign id is not stored.
var ErrNoCampaign = errors.New("no such campaign")

// Campaign loads a stored brief.
func (s *Store) Campaign(ctx context.Context, id string) (campaign.Brief, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT brief FROM campaigns WHERE id = $1`, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return campaign.Brief{}, fmt.Errorf("campaign %s: %w", id, ErrNoCampaign)
	}
	if err != nil {
		return campaign.Brief{}, err
	}
	var b campaign.Brief
	return b, json.Unmarshal(data, &b)
}

// IssueTracking stores a creator's link and code once; a second call returns
// what was issued first (so a retried terms email carries the same code). A
// code already taken by another creator gets a numeric suffix.
func (s *Store) IssueTracking(ctx context.Context, t campaign.Tracking) (campaign.Tracking, error) {
	if got, ok, err := s.Tracking(ctx, t.CampaignID, t.Handle); err != nil || ok {
		return got, err
	}
	base := t.Code
	for i := 1; i <= 50; i++ {
		var code *string
		if t.Code != "" {
			code = &t.Code
		}
		_, err := s.pool.Exec(ctx, `
			INSERT INTO tracking (campaign_id, handle, platform, code, target, issued_at, window_seconds)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (campaign_id, handle) DO NOTHING`,
			t.CampaignID, t.Handle, t.Platform, code, t.Target, t.IssuedAt, int64(t.Window/time.Second))
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23505" { // the code belongs to someone else
			t.Code = fmt.Sprintf("%s%d", base, i+1)
			continue
		}
		if err != nil {
			return campaign.Tracking{}, err
		}
		got, _, err := s.Tracking(ctx, t.CampaignID, t.Handle)
		return got, err
	}
	return campaign.Tracking{}, fmt.Errorf("no free promo code near %s", base)
}

const trackingCols = `t.campaign_id, t.handle, t.platform, coalesce(t.code, ''), t.target, t.issued_at, t.window_seconds,
	(SELECT count(*) FROM clicks c WHERE c.campaign_id = t.campaign_id AND c.handle = t.handle AND c.counted)`

func scanTracking(r pgx.Row) (campaign.Tracking, error) {
	var t campaign.Tracking
	var secs int64
	err := r.Scan(&t.CampaignID, &t.Handle, &t.Platform, &t.Code, &t.Target, &t.IssuedAt, &secs, &t.Clicks)
	t.Window, t.IssuedAt = time.Duration(secs)*time.Second, t.IssuedAt.UTC()
	return t, err
}

func (s *Store) oneTracking(ctx context.Context, where string, args ...any) (campaign.Tracking, bool, error) {
	t, err := scanTracking(s.pool.QueryRow(ctx, `SELECT `+trackingCols+` FROM tracking t WHERE `+where, args...))
	if errors.Is(err, pgx.ErrNoRows) {
		return campaign.Tracking{}, false, nil
	}
	return t, err == nil, err
}

// Tracking finds what a creator of a campaign was issued.
func (s *Store) Tracking(ctx context.Context, campaignID, handle string) (campaign.Tracking, bool, error) {
	return s.oneTracking(ctx, `t.campaign_id = $1 AND t.handle = $2`, campaignID, handle)
}

// TrackingByCode finds a promo code's creator (codes are compared upper case).
func (s *Store) TrackingByCode(ctx context.Context, code string) (campaign.Tracking, bool, error) {
	return s.oneTracking(ctx, `upper(t.code) = $1`, campaign.NormalizeCode(code))
}

// CampaignTracking gives every creator's tracking of a campaign, with clicks counted.
func (s *Store) CampaignTracking(ctx context.Context, campaignID string) (map[string]campaign.Tracking, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+trackingCols+` FROM tracking t WHERE t.campaign_id = $1`, campaignID)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (campaign.Tracking, error) { return scanTracking(r) })
	if err != nil {
		return nil, err
	}
	out := map[string]campaign.Tracking{}
	for _, t := range list {
		out[t.Handle] = t
	}
	return out, nil
}

// Click is one hit on a tracking link.
type Click struct {
	CampaignID, Handle, Client, UserAgent string
	At                                    time.Time
	Bot                                   bool
}

// RecordClick stores a hit and reports whether it counts: a bot never does,
// nor a repeat from the same client within window of its last counted click.
func (s *Store) RecordClick(ctx context.Context, c Click, window time.Duration) (bool, error) {
	counted := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Serialise the clicks of one client on one link, so two at once count once.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`,
			c.CampaignID+"/"+c.Handle+"/"+c.Client); err != nil {
			return err
		}
		why := ""
		if c.Bot {
			why = "bot"
		} else {
			var recent bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM clicks WHERE campaign_id = $1 AND handle = $2
				AND client = $3 AND counted AND at > $4)`, c.CampaignID, c.Handle, c.Client, c.At.Add(-window)).Scan(&recent); err != nil {
				return err
			}
			if recent {
				why = "repeat within " + window.String()
			}
		}
		counted = why == ""
		_, err := tx.Exec(ctx, `INSERT INTO clicks (campaign_id, handle, client, user_agent, at, counted, why_not)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.CampaignID, c.Handle, c.Client, c.UserAgent, c.At, counted, why)
		return err
	})
	return counted, err
}

// SaveConversion stores an order once: false (and the stored order) when the
// order id was seen before, so nothing is counted twice.
func (s *Store) SaveConversion(ctx context.Context, c campaign.Conversion, source string) (bool, campaign.Conversion, error) {
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO conversions (order_id, promo_code, utm_campaign, utm_content, revenue_amount, revenue_currency,
			ordered_at, campaign_id, handle, via, reason, source)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (order_id) DO NOTHING`,
		c.OrderID, c.PromoCode, c.UTMCampaign, c.UTMContent, c.Revenue.Amount, c.Revenue.Currency, c.At,
		c.CampaignID, c.Handle, c.Via, c.Reason, source)
	if err != nil {
		return false, campaign.Conversion{}, err
	}
	if tag.RowsAffected() == 1 {
		return true, c, nil
	}
	list, err := s.conversions(ctx, `order_id = $1`, c.OrderID)
	if err != nil || len(list) == 0 {
		return false, campaign.Conversion{}, err
	}
	return false, list[0], nil
}

// Conversions lists a campaign's orders, attributed or not, oldest first.
func (s *Store) Conversions(ctx context.Context, campaignID string) ([]campaign.Conversion, error) {
	return s.conversions(ctx, `campaign_id = $1`, campaignID)
}

// UnknownConversions lists orders that could not be tied to any campaign.
func (s *Store) UnknownConversions(ctx context.Context) ([]campaign.Conversion, error) {
	return s.conversions(ctx, `campaign_id = ''`)
}

func (s *Store) conversions(ctx context.Context, where string, args ...any) ([]campaign.Conversion, error) {
	rows, err := s.pool.Query(ctx, `SELECT order_id, promo_code, utm_campaign, utm_content, revenue_amount, revenue_currency,
		ordered_at, campaign_id, handle, via, reason FROM conversions WHERE `+where+` ORDER BY ordered_at, order_id`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (campaign.Conversion, error) {
		var c campaign.Conversion
		err := r.Scan(&c.OrderID, &c.PromoCode, &c.UTMCampaign, &c.UTMContent, &c.Revenue.Amount, &c.Revenue.Currency,
			&c.At, &c.CampaignID, &c.Handle, &c.Via, &c.Reason)
		c.At = c.At.UTC()
		return c, err
	})
}

// Contacted lists the handles whose outreach email went out.
func (s *Store) Contacted(ctx context.Context, campaignID string) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT handle FROM outbound_emails
		WHERE campaign_id = $1 AND step = 'outreach' AND status = 'sent' ORDER BY handle`, campaignID)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if out == nil {
		out = []string{}
	}
	return out, err
}

// RemindedHandles lists the creators who needed a draft or publish reminder (late).
func (s *Store) RemindedHandles(ctx context.Context, campaignID string) (map[string]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT handle FROM outbound_emails WHERE campaign_id = $1 AND status = 'sent'
		AND (step LIKE 'draft-reminder-%' OR step = 'publish-reminder')`, campaignID)
	if err != nil {
		return nil, err
	}
	hs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	out := map[string]bool{}
	for _, h := range hs {
		out[h] = true
	}
	return out, err
}

// SaveCreatorOutcomes writes each creator's result back to the roster's
// history, keyed by platform + handle + campaign (a rerun overwrites).
func (s *Store) SaveCreatorOutcomes(ctx context.Context, os []campaign.CreatorOutcome) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, o := range os {
			var cpe, bench *int64
			if o.CPE != nil {
				cpe = &o.CPE.Amount
			}
			if o.CPEBenchmark != nil {
				bench = &o.CPEBenchmark.Amount
			}
			_, err := tx.Exec(ctx, `
				INSERT INTO creator_outcomes (platform, handle, campaign_id, outcome, on_time, engagements_expected,
					engagements_achieved, cost_amount, cost_currency, cpe_amount, cpe_benchmark_amount, cost_efficiency)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
				ON CONFLICT (platform, handle, campaign_id) DO UPDATE SET outcome = EXCLUDED.outcome, on_time = EXCLUDED.on_time,
					engagements_expected = EXCLUDED.engagements_expected, engagements_achieved = EXCLUDED.engagements_achieved,
					cost_amount = EXCLUDED.cost_amount, cost_currency = EXCLUDED.cost_currency, cpe_amount = EXCLUDED.cpe_amount,
					cpe_benchmark_amount = EXCLUDED.cpe_benchmark_amount, cost_efficiency = EXCLUDED.cost_efficiency, recorded_at = now()`,
				o.Platform, o.Handle, o.CampaignID, string(o.Outcome), o.OnTime, o.EngagementsExpected, o.EngagementsAchieved,
				o.Cost.Amount, o.Cost.Currency, cpe, bench, o.CostEfficiency)
			if err != nil {
				return fmt.Errorf("outcome of %s/%s: %w", o.Platform, o.Handle, err)
			}
		}
		return nil
	})
}

// CreatorOutcomes lists a creator's past campaigns, newest first.
func (s *Store) CreatorOutcomes(ctx context.Context, platform, handle string) ([]campaign.CreatorOutcome, error) {
	rows, err := s.pool.Query(ctx, `SELECT platform, handle, campaign_id, outcome, on_time, engagements_expected,
		engagements_achieved, cost_amount, cost_currency, cpe_amount, cpe_benchmark_amount, cost_efficiency
		FROM creator_outcomes WHERE platform = $1 AND handle = $2 ORDER BY recorded_at DESC, campaign_id`, platform, handle)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (campaign.CreatorOutcome, error) {
		var o campaign.CreatorOutcome
		var outcome string
		var cpe, bench *int64
		err := r.Scan(&o.Platform, &o.Handle, &o.CampaignID, &outcome, &o.OnTime, &o.EngagementsExpected,
			&o.EngagementsAchieved, &o.Cost.Amount, &o.Cost.Currency, &cpe, &bench, &o.CostEfficiency)
		o.Outcome = campaign.Outcome(outcome)
		if cpe != nil {
			o.CPE = &campaign.Money{Amount: *cpe, Currency: o.Cost.Currency}
		}
		if bench != nil {
			o.CPEBenchmark = &campaign.Money{Amount: *bench, Currency: o.Cost.Currency}
		}
		return o, err
	})
}

// ReportInput gathers what a report is computed from, beside the results.
func (s *Store) ReportInput(ctx context.Context, b campaign.Brief, results []campaign.CollaborationResult, at time.Time) (campaign.ReportInput, error) {
	in := campaign.ReportInput{Brief: b, Results: results, At: at}
	var err error
	if in.Snapshots, err = s.Snapshots(ctx, b.ID); err != nil {
		return in, err
	}
	if in.Tracking, err = s.CampaignTracking(ctx, b.ID); err != nil {
		return in, err
	}
	if in.Conversions, err = s.Conversions(ctx, b.ID); err != nil {
		return in, err
	}
	in.Contacted, err = s.Contacted(ctx, b.ID)
	return in, err
}

// RosterCreator finds one roster entry.
func (s *Store) RosterCreator(ctx context.Context, platform, handle string) (campaign.Creator, bool, error) {
	var c campaign.Creator
	err := s.pool.QueryRow(ctx, `SELECT platform, handle, name, email, followers, avg_views, avg_likes, avg_comments, country, categories
		FROM creators WHERE platform = $1 AND handle = $2`, platform, handle).Scan(&c.Platform, &c.Handle, &c.Name, &c.Email,
		&c.Followers, &c.AvgViews, &c.AvgLikes, &c.AvgComments, &c.Country, &c.Categories)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}
