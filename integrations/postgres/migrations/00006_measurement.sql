-- +goose Up
-- Each creator's tracking link target and promo code, issued with the terms;
-- issued_at starts the attribution window.
CREATE TABLE tracking (
    campaign_id    text NOT NULL,
    handle         text NOT NULL,
    platform       text NOT NULL,
    code           text UNIQUE,              -- NULL when the brief has no promo prefix
    target         text NOT NULL DEFAULT '', -- '' when the brief has no link
    issued_at      timestamptz NOT NULL,
    window_seconds bigint NOT NULL CHECK (window_seconds > 0),
    PRIMARY KEY (campaign_id, handle)
);

-- Every hit on a tracking link; counted is false for bots and for repeats
-- from one client within the dedup window.
CREATE TABLE clicks (
    id          bigserial PRIMARY KEY,
    campaign_id text NOT NULL,
    handle      text NOT NULL,
    client      text NOT NULL, -- sha256 of address + user agent, never the address itself
    user_agent  text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL,
    counted     boolean NOT NULL,
    why_not     text NOT NULL DEFAULT ''
);
CREATE INDEX clicks_client ON clicks (campaign_id, handle, client, at);

-- Orders from the shop (webhook or CSV), one row per order id; unattributed
-- orders are kept with the reason.
CREATE TABLE conversions (
    order_id         text PRIMARY KEY,
    promo_code       text NOT NULL DEFAULT '',
    utm_campaign     text NOT NULL DEFAULT '',
    utm_content      text NOT NULL DEFAULT '',
    revenue_amount   bigint NOT NULL,
    revenue_currency text NOT NULL,
    ordered_at       timestamptz NOT NULL,
    campaign_id      text NOT NULL DEFAULT '',
    handle           text NOT NULL DEFAULT '',
    via              text NOT NULL DEFAULT '',
    reason           text NOT NULL DEFAULT '',
    source           text NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversions_campaign ON conversions (campaign_id);

-- How each creator did in each campaign, for future vetting.
CREATE TABLE creator_outcomes (
    platform             text NOT NULL,
    handle               text NOT NULL,
    campaign_id          text NOT NULL,
    outcome              text NOT NULL,
    on_time              boolean,           -- NULL: never published
    engagements_expected bigint,            -- NULL: no basis for an expectation
    engagements_achieved bigint,            -- NULL: no metrics
    cost_amount          bigint NOT NULL,
    cost_currency        text NOT NULL,
    cpe_amount           bigint,            -- NULL: not available
    cpe_benchmark_amount bigint,
    cost_efficiency      text NOT NULL,     -- met / missed / n/a against the CPE benchmark
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, handle, campaign_id)
);

-- +goose Down
DROP TABLE creator_outcomes;
DROP TABLE conversions;
DROP TABLE clicks;
DROP TABLE tracking;
