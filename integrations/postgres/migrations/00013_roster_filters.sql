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
-- The platform/tier index narrows the scan; the category, country and rate
-- conditions are checked on those rows (a GIN index on category_keys was
-- not chosen by the planner at 100k rows and doubled the import's merge).
CREATE INDEX creators_platform_followers ON creators (platform, followers);

-- +goose Down
DROP INDEX creators_platform_followers;
ALTER TABLE creators DROP COLUMN category_keys;
