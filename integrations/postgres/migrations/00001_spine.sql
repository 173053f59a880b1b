-- +goose Up
CREATE TABLE campaigns (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    brand       text NOT NULL,
    brief       jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE creators (
    id           bigserial PRIMARY KEY,
    platform     text NOT NULL,
    handle       text NOT NULL,
    name         text NOT NULL DEFAULT '',
    email        text NOT NULL,
    followers    bigint NOT NULL CHECK (followers >= 0),
    avg_views    bigint NOT NULL DEFAULT 0,
    avg_likes    bigint NOT NULL DEFAULT 0,
    avg_comments bigint NOT NULL DEFAULT 0,
    country      text NOT NULL DEFAULT '',
    categories   text[] NOT NULL DEFAULT '{}',
    -- room for the vetting data (audience, rate card, follower history, flags)
    profile      jsonb NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (platform, handle)
);

CREATE TABLE collaborations (
    campaign_id  text NOT NULL REFERENCES campaigns(id),
    handle       text NOT NULL,
    platform     text NOT NULL,
    email        text NOT NULL,
    stage        text NOT NULL,
    outcome      text NOT NULL DEFAULT '',
    fee_amount   bigint NOT NULL,
    fee_currency text NOT NULL,
    draft_url    text NOT NULL DEFAULT '',
    post_url     text NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, handle)
);

-- One row per outgoing email, keyed by its deterministic Message-ID: a send
-- that is retried finds its row and does not send again.
CREATE TABLE outbound_emails (
    message_id  text PRIMARY KEY,
    campaign_id text NOT NULL,
    handle      text NOT NULL,
    step        text NOT NULL,
    recipient   text NOT NULL,
    subject     text NOT NULL,
    status      text NOT NULL CHECK (status IN ('sending', 'sent')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);

-- Where each approval request was posted, so a retried post is recognised.
CREATE TABLE approval_messages (
    approval_key text PRIMARY KEY,
    channel      text NOT NULL,
    ts           text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE metric_snapshots (
    campaign_id text NOT NULL,
    handle      text NOT NULL,
    pull        int NOT NULL,
    platform    text NOT NULL,
    post_url    text NOT NULL,
    taken_at    timestamptz NOT NULL,
    views       bigint NOT NULL,
    likes       bigint NOT NULL,
    comments    bigint NOT NULL,
    shares      bigint NOT NULL,
    saves       bigint NOT NULL,
    source      text NOT NULL,
    PRIMARY KEY (campaign_id, handle, pull)
);

CREATE TABLE reports (
    campaign_id text PRIMARY KEY REFERENCES campaigns(id),
    report      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE reports;
DROP TABLE metric_snapshots;
DROP TABLE approval_messages;
DROP TABLE outbound_emails;
DROP TABLE collaborations;
DROP TABLE creators;
DROP TABLE campaigns;
