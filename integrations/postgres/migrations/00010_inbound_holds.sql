-- +goose Up
-- Inbound emails a person must settle, besides unmatched and forged ones:
-- held (matched, but not acted on: the reading's confidence is low, or the
-- sender could not be authenticated; note says why), quarantined (could not
-- be parsed or classified: note holds the error; never blocks the queue) and
-- dead (handling failed attempts times; retries ended, ops must look).
-- attempts/next_attempt_at let each stuck message back off on its own.
ALTER TABLE inbound_emails DROP CONSTRAINT inbound_emails_status_check;
ALTER TABLE inbound_emails ADD CONSTRAINT inbound_emails_status_check
    CHECK (status IN ('received', 'signalled', 'auto_reply', 'unmatched', 'forged', 'assigned',
                      'held', 'quarantined', 'dead'));
ALTER TABLE inbound_emails ADD COLUMN attempts int NOT NULL DEFAULT 0;
ALTER TABLE inbound_emails ADD COLUMN next_attempt_at timestamptz;
-- hold_kind: why a held email waits ('confidence' or 'sender'), so Slack
-- triage and `starter inbox` can word it.
ALTER TABLE inbound_emails ADD COLUMN hold_kind text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE inbound_emails DROP COLUMN hold_kind;
ALTER TABLE inbound_emails DROP COLUMN next_attempt_at;
ALTER TABLE inbound_emails DROP COLUMN attempts;
ALTER TABLE inbound_emails DROP CONSTRAINT inbound_emails_status_check;
ALTER TABLE inbound_emails ADD CONSTRAINT inbound_emails_status_check
    CHECK (status IN ('received', 'signalled', 'auto_reply', 'unmatched', 'forged', 'assigned'));
