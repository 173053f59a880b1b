-- +goose Up
-- Shortlist filters in SQL (issue 17): the shortlist loads only the creators
-- that survive the brief's platform, tier, category, country, rate and
-- exclusion filters, and scores those. category_keys holds each category's
-- normal spelling and its taxonomy path (campaign.CategoryKeys), written at
-- import; rows imported before are backfilled with the normal spellings
-- (re-import the roster to add the taxonomy paths).
ALTER TABLE creators ADD COLUMN category_keys text[] NOT NULL DEFAULT '{}';
UPDATE creators SET category_keys = ARRAY(
    SELECT DISTINCT btrim(regexp_replace(lower(c), '[-_/&.+[:space:]]+', ' ', 'g'))
    FROM unnest(categories) c)
WHERE cardinality(categories) > 0;
CREATE INDEX creators_platform_followers ON creators (platform, followers);
CREATE INDEX creators_category_keys ON creators USING gin (category_keys);

-- +goose Down
DROP INDEX creators_category_keys;
DROP INDEX creators_platform_followers;
ALTER TABLE creators DROP COLUMN category_keys;
