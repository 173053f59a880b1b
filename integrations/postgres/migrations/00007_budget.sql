-- +goose Up
-- The budget a campaign commits against, one row per campaign. Every commit
-- locks this row first, so concurrent commits of one campaign are serialised
-- and can never overspend; commits of different campaigns do not wait on
-- each other.
CREATE TABLE campaign_budgets (
    campaign_id     text PRIMARY KEY,
    budget_amount   bigint NOT NULL CHECK (budget_amount >= 0),
    budget_currency text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- One commitment per (campaign, creator): the fee agreed with the creator.
-- status committed counts against the budget; released (the collaboration
-- ended unpaid: draft rejected, missed, cancelled) gives the fee back.
CREATE TABLE budget_commitments (
    campaign_id  text NOT NULL REFERENCES campaign_budgets(campaign_id),
    handle       text NOT NULL,
    platform     text NOT NULL DEFAULT '',
    fee_amount   bigint NOT NULL CHECK (fee_amount > 0),
    fee_currency text NOT NULL,
    status       text NOT NULL CHECK (status IN ('committed', 'released')),
    reason       text NOT NULL DEFAULT '', -- how the agreement was reached
    decided_by   text NOT NULL DEFAULT '', -- the person who approved it, if one did
    outcome      text NOT NULL DEFAULT '', -- why it was released
    committed_at timestamptz NOT NULL DEFAULT now(),
    released_at  timestamptz,
    PRIMARY KEY (campaign_id, handle)
);

-- +goose Down
DROP TABLE budget_commitments;
DROP TABLE campaign_budgets;
