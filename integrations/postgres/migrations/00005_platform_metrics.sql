-- +goose Up
-- Creators' platform access tokens (Instagram, TikTok), set when a creator
-- connects an account; revoked_at is set when the platform refuses the token.
CREATE TABLE creator_tokens (
    platform     text NOT NULL,
    handle       text NOT NULL,
    access_token text NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    PRIMARY KEY (platform, handle)
);

-- +goose Down
DROP TABLE creator_tokens;
