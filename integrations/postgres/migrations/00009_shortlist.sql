-- +goose Up
-- A campaign's shortlist in full, as ShortlistCreators ranked it: every
-- assessment with the creator's profile, the score's components and their
-- reasons, and the red flags. The campaign workflow carries only a compact
-- copy (a Temporal payload is at most 2 MB); `starter shortlist show` reads
-- the detail here. Stored again (replaced) if the activity runs again.
CREATE TABLE shortlists (
    campaign_id         text PRIMARY KEY REFERENCES campaigns(id),
    considered          int NOT NULL,
    beyond_size         int NOT NULL,
    excluded_not_listed int NOT NULL,
    ranked_at           timestamptz NOT NULL DEFAULT now()
);

-- One row per listed creator: position is the rank (from 1) among the ranked,
-- or the order among the excluded.
CREATE TABLE shortlist_entries (
    campaign_id text NOT NULL REFERENCES shortlists(campaign_id) ON DELETE CASCADE,
    excluded    boolean NOT NULL,
    position    int NOT NULL,
    platform    text NOT NULL,
    handle      text NOT NULL,
    score       double precision NOT NULL,
    assessment  jsonb NOT NULL,
    PRIMARY KEY (campaign_id, excluded, position)
);

-- +goose Down
DROP TABLE shortlist_entries;
DROP TABLE shortlists;
