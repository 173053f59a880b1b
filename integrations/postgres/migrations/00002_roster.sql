-- +goose Up
-- The roster's vetting data (audience, shares/saves, rate card, follower
-- history, brand-safety labels) lives in creators.profile (jsonb); these
-- indexes serve `starter roster list` filters and the shortlist's candidates.
CREATE INDEX creators_platform_followers ON creators (platform, followers DESC);
CREATE INDEX creators_categories ON creators USING gin (categories);
CREATE INDEX creators_country ON creators (country);
-- Past performance: how many revisions a collaboration's draft needed.
ALTER TABLE collaborations ADD COLUMN revisions int NOT NULL DEFAULT 0;
CREATE INDEX collaborations_finished ON collaborations (platform, handle) WHERE outcome <> '';

-- +goose Down
DROP INDEX collaborations_finished;
ALTER TABLE collaborations DROP COLUMN revisions;
DROP INDEX creators_country;
DROP INDEX creators_categories;
DROP INDEX creators_platform_followers;
