-- +goose Up
-- Slack requests already received, so a replay within the signature window
-- is refused by every worker replica, and after a restart. digest is SHA-256
-- of the decoded signature bytes (so any hex spelling is the same request,
-- and nothing replayable is stored); rows past the window are pruned.
CREATE TABLE slack_requests (
    digest     bytea PRIMARY KEY CHECK (length(digest) = 32),
    request_ts timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_requests_request_ts ON slack_requests (request_ts);

-- +goose Down
DROP TABLE slack_requests;
