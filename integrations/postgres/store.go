// Package postgres is creatorflow's store: a pgx pool, the embedded schema
// migrations, and every query the activities and the CLI need. It knows
// nothing of Temporal.
package postgres

import (
	"context"

	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/creatorflow/creatorflow/campaign"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store wraps the pool.
type Store struct{ pool *pgxpool.Pool }

// Open connects and applies pending migrations (under an advisory lock, so
// several workers starting at once are safe).
func Open(ctx context.Context, dsn string) (*Store, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad DATABASE_URL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: cannot reach the database (check DATABASE_URL): %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool}, nil
}

func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("postgres: applying migrations: %w", err)
	}
	return nil
}

// Close releases the pool.
func (s *Store) Close() { s.pool.Close() }

// Pool exposes the pool to tests and benchmarks.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// SaveCampaign stores (or refreshes) a campaign and its brief.
func (s *Store) SaveCampaign(ctx context.Context, b campaign.Brief) error {
	brief, err := json.Marshal(b)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `
		INSERT INTO campaigns (id, name, brand, brief) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, brand = EXCLUDED.brand,
			brief = EXCLUDED.brief, updated_at = now()`, b.ID, b.Name, b.Brand, brief)
	return err
}

// UpsertCreators adds or updates roster entries by platform + handle in one
// transaction, and reports how many were added and updated.
func (s *Store) UpsertCreators(ctx context.Context, cs []campaign.Creator) (added, updated int, err error) {
	return s.ImportCreators(ctx, cs, nil)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// CountCreators tells how big the roster is.
func (s *Store) CountCreators(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM creators`).Scan(&n)
	return n, err
}

// SelectCreators picks creators on the brief's platforms and tiers, largest
// first, one per handle, at most creators_wanted. Ranking is vetting's job.
func (s *Store) SelectCreators(ctx context.Context, b campaign.Brief) ([]campaign.Creator, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+creatorColumns+`
		FROM creators WHERE platform = ANY($1) ORDER BY followers DESC, platform, handle`, b.Platforms)
	if err != nil {
		return nil, err
	}
	all, err := pgx.CollectRows(rows, scanCreator)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []campaign.Creator
	for _, c := range all {
		if len(out) == b.CreatorsWanted {
			break
		}
		if !b.WantsTier(c.Tier()) || seen[c.Handle] {
			continue
		}
		seen[c.Handle] = true
		out = append(out, c)
	}
	return out, nil
}

// CollaborationRow is a collaboration as stored.
type CollaborationRow struct {
	CampaignID, Handle, Platform, Email, Stage, Outcome, DraftURL, PostURL string
	Fee                                                                    campaign.Money
	Revisions                                                              int // drafts after the first
}

// RecordCollaboration stores a collaboration's current state.
func (s *Store) RecordCollaboration(ctx context.Context, r CollaborationRow) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO collaborations (campaign_id, handle, platform, email, stage, outcome, fee_amount, fee_currency, draft_url, post_url, revisions)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (campaign_id, handle) DO UPDATE SET stage = EXCLUDED.stage, outcome = EXCLUDED.outcome,
			fee_amount = EXCLUDED.fee_amount, fee_currency = EXCLUDED.fee_currency, draft_url = EXCLUDED.draft_url,
			post_url = EXCLUDED.post_url, revisions = EXCLUDED.revisions, updated_at = now()`,
		r.CampaignID, r.Handle, r.Platform, r.Email, r.Stage, r.Outcome, r.Fee.Amount, r.Fee.Currency, r.DraftURL, r.PostURL, r.Revisions)
	return err
}

// Collaborations lists a campaign's stored collaborations.
func (s *Store) Collaborations(ctx context.Context, campaignID string) ([]CollaborationRow, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT campaign_id, handle, platform, email, stage, outcome, draft_url, post_url, fee_amount, fee_currency
		FROM collaborations WHERE campaign_id = $1 ORDER BY handle`, campaignID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (CollaborationRow, error) {
		var c CollaborationRow
		err := r.Scan(&c.CampaignID, &c.Handle, &c.Platform, &c.Email, &c.Stage, &c.Outcome, &c.DraftURL, &c.PostURL,
			&c.Fee.Amount, &c.Fee.Currency)
		return c, err
	})
}

// OutboundEmail is the record kept around a send.
type OutboundEmail struct {
	MessageID, CampaignID, Handle, Step, Recipient, Subject string
}

// BeginSend records that an email is about to go out. It returns false when
// the same Message-ID was already sent, so the caller must not send again.
func (s *Store) BeginSend(ctx context.Context, e OutboundEmail) (bool, error) {
	var status string
	err := s.pool.QueryRow(ctx, `
		INSERT INTO outbound_emails (message_id, campaign_id, handle, step, recipient, subject, status)
		VALUES ($1, $2, $3, $4, $5, $6, 'sending')
		ON CONFLICT (message_id) DO UPDATE SET message_id = EXCLUDED.message_id
		RETURNING status`, e.MessageID, e.CampaignID, e.Handle, e.Step, e.Recipient, e.Subject).Scan(&status)
	if err != nil {
		return false, err
	}
	return status != "sent", nil
}

// FinishSend marks an email as sent.
func (s *Store) FinishSend(ctx context.Context, messageID string) error {
	_, err := s.pool.Exec(ctx, `UPDATE outbound_emails SET status = 'sent', sent_at = coalesce(sent_at, now()) WHERE message_id = $1`, messageID)
	return err
}

// SentEmails lists a campaign's sent emails in order.
func (s *Store) SentEmails(ctx context.Context, campaignID string) ([]OutboundEmail, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT message_id, campaign_id, handle, step, recipient, subject FROM outbound_emails
		WHERE campaign_id = $1 AND status = 'sent' ORDER BY sent_at, message_id`, campaignID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboundEmail, error) {
		var e OutboundEmail
		err := r.Scan(&e.MessageID, &e.CampaignID, &e.Handle, &e.Step, &e.Recipient, &e.Subject)
		return e, err
	})
}

// ApprovalMessage finds where an approval request was posted; ok is false if never.
func (s *Store) ApprovalMessage(ctx context.Context, key string) (channel, ts string, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT channel, ts FROM approval_messages WHERE approval_key = $1`, key).Scan(&channel, &ts)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", false, nil
	}
	return channel, ts, err == nil, err
}

// SaveApprovalMessage remembers where an approval request was posted.
func (s *Store) SaveApprovalMessage(ctx context.Context, key, channel, ts string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO approval_messages (approval_key, channel, ts) VALUES ($1, $2, $3)
		ON CONFLICT (approval_key) DO NOTHING`, key, channel, ts)
	return err
}

// SaveSnapshot stores one pull; a retried pull keeps the first figures.
func (s *Store) SaveSnapshot(ctx context.Context, sn campaign.Snapshot) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO metric_snapshots (campaign_id, handle, pull, platform, post_url, taken_at, views, likes, comments, shares, saves, source)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (campaign_id, handle, pull) DO NOTHING`,
		sn.CampaignID, sn.Handle, sn.Pull, sn.Platform, sn.PostURL, sn.TakenAt, sn.Views, sn.Likes, sn.Comments,
		sn.Shares, sn.Saves, sn.Source)
	return err
}

// Snapshots lists a campaign's snapshots by creator and pull.
func (s *Store) Snapshots(ctx context.Context, campaignID string) ([]campaign.Snapshot, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT campaign_id, handle, pull, platform, post_url, taken_at, views, likes, comments, shares, saves, source
		FROM metric_snapshots WHERE campaign_id = $1 ORDER BY handle, pull`, campaignID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (campaign.Snapshot, error) {
		var s campaign.Snapshot
		err := r.Scan(&s.CampaignID, &s.Handle, &s.Pull, &s.Platform, &s.PostURL, &s.TakenAt, &s.Views, &s.Likes,
			&s.Comments, &s.Shares, &s.Saves, &s.Source)
		s.TakenAt = s.TakenAt.UTC()
		return s, err
	})
}

// LatestSnapshots gives each creator's last pull.
func (s *Store) LatestSnapshots(ctx context.Context, campaignID string) (map[string]campaign.Snapshot, error) {
	all, err := s.Snapshots(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	latest := map[string]campaign.Snapshot{}
	for _, sn := range all {
		latest[sn.Handle] = sn // ordered by pull, so the last wins
	}
	return latest, nil
}

// SaveReport stores a campaign's report.
func (s *Store) SaveReport(ctx context.Context, r campaign.Report) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO reports (campaign_id, report) VALUES ($1, $2)
		ON CONFLICT (campaign_id) DO UPDATE SET report = EXCLUDED.report, created_at = now()`, r.CampaignID, data)
	return err
}

// ErrNoReport says a campaign has no stored report yet.
var ErrNoReport = errors.New("no report stored yet")

// Report loads a stored report.
func (s *Store) Report(ctx context.Context, campaignID string) (campaign.Report, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT report FROM reports WHERE campaign_id = $1`, campaignID).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return campaign.Report{}, ErrNoReport
	}
	if err != nil {
		return campaign.Report{}, err
	}
	var r campaign.Report
	return r, json.Unmarshal(data, &r)
}
