-- +goose Up
-- The roster's vetting data (audience, shares/saves, rate card, follower
-- history, brand-safety labels) lives in creators.profile (jsonb). No extra
-- indexes on creators: `roster list` filters scan 100k rows in milliseconds,
-- and every index slows the bulk import down.
-- Past performance: how many revisions a collaboration's draft needed.
ALTER TABLE collaborations ADD COLUMN revisions int NOT NULL DEFAULT 0;
CREATE INDEX collaborations_finished ON collaborations (platform, handle) WHERE outcome <> '';

-- +goose Down
DROP INDEX collaborations_finished;
ALTER TABLE collaborations DROP COLUMN revisions;
