package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/creatorflow/creatorflow/campaign"
)

// BudgetCommit asks to commit one creator's fee against a campaign's budget.
type BudgetCommit struct {
	CampaignID, Handle, Platform string
	Fee                          campaign.Money
	// Budget is the campaign's whole budget; the first commit of a campaign
	// stores it, later ones commit against the stored one.
	Budget     campaign.Money
	Reason, By string
}

// BudgetState is a campaign's budget, what is committed of it and what is left.
type BudgetState struct {
	Budget     campaign.Money `json:"budget"`
	Committed  campaign.Money `json:"committed"`
	Remaining  campaign.Money `json:"remaining"`
	Agreements int            `json:"agreements"` // commitments counted in Committed
}

// CommitResult says whether a commit was granted, and the budget after it
// (unchanged when refused).
type CommitResult struct {
	Granted bool
	// Again: the creator's fee was committed before (a retried commit); nothing changed.
	Again bool
	BudgetState
}

// Commitment is one creator's row.
type Commitment struct {
	Handle, Platform, Status, Reason, By, Outcome string
	Fee                                           campaign.Money
	CommittedAt                                   time.Time
	ReleasedAt                                    *time.Time
}

// ReasonBeforeCommitments marks an agreement reached before budget
// commitment existed, committed by the campaign's first commit.
const ReasonBeforeCommitments = "agreed_before_commitments"

// ErrBudgetCurrency: a fee in another currency than the budget cannot be committed.
var ErrBudgetCurrency = errors.New("fee and budget are in different currencies")

// CommitBudget commits c.Fee for c.Handle in one transaction that first locks
// the campaign's budget row, so concurrent commits never overspend. It is
// idempotent per creator: committing the same fee again grants without
// counting it twice; a different fee replaces the creator's commitment if the
// budget can take the difference. A refused commit changes nothing.
func (s *Store) CommitBudget(ctx context.Context, c BudgetCommit) (CommitResult, error) {
	if c.Fee.Amount <= 0 {
		return CommitResult{}, fmt.Errorf("budget: fee must be > 0 (got %s)", c.Fee)
	}
	var res CommitResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b := &res.Budget
		var first bool
		if err := tx.QueryRow(ctx, `
			INSERT INTO campaign_budgets (campaign_id, budget_amount, budget_currency) VALUES ($1, $2, $3)
			ON CONFLICT (campaign_id) DO UPDATE SET campaign_id = EXCLUDED.campaign_id
			RETURNING budget_amount, budget_currency, (xmax = 0)`, c.CampaignID, c.Budget.Amount, c.Budget.Currency).Scan(&b.Amount, &b.Currency, &first); err != nil {
			return err
		}
		if first {
			// The campaign's first commit: agreements it reached before budget
			// commitment existed (a campaign running across the deploy) are
			// committed as they stand, so they count against the budget too.
			if _, err := tx.Exec(ctx, `
				INSERT INTO budget_commitments (campaign_id, handle, platform, fee_amount, fee_currency, status, reason)
				SELECT campaign_id, handle, platform, fee_amount, fee_currency, 'committed', $4 FROM collaborations
				WHERE campaign_id = $1 AND handle <> $2 AND fee_currency = $3 AND fee_amount > 0
				  AND stage NOT IN ('outreach', 'awaiting_reply', 'awaiting_counter_decision') AND outcome IN ('', 'completed')
				ON CONFLICT DO NOTHING`, c.CampaignID, c.Handle, b.Currency, ReasonBeforeCommitments); err != nil {
				return err
			}
		}
		if c.Fee.Currency != b.Currency {
			return fmt.Errorf("budget of campaign %s: %w (fee %s, budget %s)", c.CampaignID, ErrBudgetCurrency, c.Fee, *b)
		}
		var mine int64
		var status string
		err := tx.QueryRow(ctx, `SELECT fee_amount, status FROM budget_commitments WHERE campaign_id = $1 AND handle = $2`,
			c.CampaignID, c.Handle).Scan(&mine, &status)
		if errors.Is(err, pgx.ErrNoRows) {
			status = ""
		} else if err != nil {
			return err
		}
		if err := s.sumCommitted(ctx, tx, c.CampaignID, &res.BudgetState); err != nil {
			return err
		}
		others := res.Committed.Amount
		if status == "committed" {
			if mine == c.Fee.Amount {
				res.Granted, res.Again = true, true
				return nil
			}
			others -= mine
		}
		if others+c.Fee.Amount > b.Amount {
			return nil // refused: nothing changes
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO budget_commitments (campaign_id, handle, platform, fee_amount, fee_currency, status, reason, decided_by)
			VALUES ($1, $2, $3, $4, $5, 'committed', $6, $7)
			ON CONFLICT (campaign_id, handle) DO UPDATE SET fee_amount = EXCLUDED.fee_amount, fee_currency = EXCLUDED.fee_currency,
				status = 'committed', reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, outcome = '',
				committed_at = now(), released_at = NULL`,
			c.CampaignID, c.Handle, c.Platform, c.Fee.Amount, c.Fee.Currency, c.Reason, c.By); err != nil {
			return err
		}
		res.Granted = true
		return s.sumCommitted(ctx, tx, c.CampaignID, &res.BudgetState)
	})
	return res, err
}

func (s *Store) sumCommitted(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, campaignID string, st *BudgetState) error {
	var sum int64
	if err := q.QueryRow(ctx, `SELECT coalesce(sum(fee_amount), 0), count(*) FROM budget_commitments
		WHERE campaign_id = $1 AND status = 'committed'`, campaignID).Scan(&sum, &st.Agreements); err != nil {
		return err
	}
	st.Committed = campaign.Money{Amount: sum, Currency: st.Budget.Currency}
	st.Remaining = campaign.Money{Amount: st.Budget.Amount - sum, Currency: st.Budget.Currency}
	return nil
}

// ReleaseBudget gives a creator's committed fee back to the campaign's
// budget (the collaboration ended unpaid). Releasing twice, or a creator
// with nothing committed, changes nothing; released says whether this call did.
func (s *Store) ReleaseBudget(ctx context.Context, campaignID, handle, outcome string) (released campaign.Money, st BudgetState, err error) {
	err = s.pool.QueryRow(ctx, `UPDATE budget_commitments SET status = 'released', outcome = $3, released_at = now()
		WHERE campaign_id = $1 AND handle = $2 AND status = 'committed' RETURNING fee_amount, fee_currency`,
		campaignID, handle, outcome).Scan(&released.Amount, &released.Currency)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return released, st, err
	}
	st, _, err = s.Budget(ctx, campaignID)
	return released, st, err
}

// Budget is a campaign's budget as committed so far; ok is false when nothing
// was ever committed in it (the budget is then only in the brief).
func (s *Store) Budget(ctx context.Context, campaignID string) (st BudgetState, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT budget_amount, budget_currency FROM campaign_budgets WHERE campaign_id = $1`,
		campaignID).Scan(&st.Budget.Amount, &st.Budget.Currency)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, err
	}
	return st, true, s.sumCommitted(ctx, s.pool, campaignID, &st)
}

// Commitments lists a campaign's commitments, committed and released.
func (s *Store) Commitments(ctx context.Context, campaignID string) ([]Commitment, error) {
	rows, err := s.pool.Query(ctx, `SELECT handle, platform, status, reason, decided_by, outcome, fee_amount, fee_currency,
		committed_at, released_at FROM budget_commitments WHERE campaign_id = $1 ORDER BY committed_at, handle`, campaignID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Commitment, error) {
		var c Commitment
		err := r.Scan(&c.Handle, &c.Platform, &c.Status, &c.Reason, &c.By, &c.Outcome, &c.Fee.Amount, &c.Fee.Currency,
			&c.CommittedAt, &c.ReleasedAt)
		return c, err
	})
}
