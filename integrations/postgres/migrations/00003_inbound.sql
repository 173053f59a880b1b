-- +goose Up
-- Every inbound email, stored before anything else happens. message_id is
-- unique: a message delivered twice (IMAP and webhook, or a re-poll) is one row.
-- status: received (stored, not yet handled: picked up again after a crash),
-- signalled (delivered to its collaboration), auto_reply (recorded, not acted
-- on), unmatched (no collaboration found: ops), forged (a reply token that
-- does not verify: logged, never matched), assigned (ops delivered it by hand).
CREATE TABLE inbound_emails (
    id           bigserial PRIMARY KEY,
    message_id   text NOT NULL UNIQUE,
    source       text NOT NULL,
    raw          bytea NOT NULL,
    sender       text NOT NULL DEFAULT '',
    subject      text NOT NULL DEFAULT '',
    body         text NOT NULL DEFAULT '',
    status       text NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received', 'signalled', 'auto_reply', 'unmatched', 'forged', 'assigned')),
    intent       text NOT NULL DEFAULT '',
    reply        jsonb,
    campaign_id  text NOT NULL DEFAULT '',
    handle       text NOT NULL DEFAULT '',
    matched_by   text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    received_at  timestamptz NOT NULL DEFAULT now(),
    handled_at   timestamptz
);
CREATE INDEX inbound_emails_pending ON inbound_emails (id) WHERE status = 'received';

-- Outbound: the mailbox each email goes out from (the daily limit counts per
-- mailbox) and the states a send can be in besides 'sending' and 'sent':
-- queued (over the daily limit, waits for the next window), failed (the SMTP
-- server refused it: safe to try again), uncertain (an attempt died mid-send:
-- it may have gone out, so it is never sent again without a person).
ALTER TABLE outbound_emails ADD COLUMN mailbox text NOT NULL DEFAULT '';
ALTER TABLE outbound_emails ADD COLUMN not_before timestamptz;
ALTER TABLE outbound_emails ADD COLUMN attempts int NOT NULL DEFAULT 0;
ALTER TABLE outbound_emails DROP CONSTRAINT outbound_emails_status_check;
ALTER TABLE outbound_emails ADD CONSTRAINT outbound_emails_status_check
    CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'uncertain'));
CREATE INDEX outbound_emails_mailbox_day ON outbound_emails (mailbox, created_at);

-- +goose Down
DROP INDEX outbound_emails_mailbox_day;
ALTER TABLE outbound_emails DROP CONSTRAINT outbound_emails_status_check;
ALTER TABLE outbound_emails ADD CONSTRAINT outbound_emails_status_check CHECK (status IN ('sending', 'sent'));
ALTER TABLE outbound_emails DROP COLUMN attempts;
ALTER TABLE outbound_emails DROP COLUMN not_before;
ALTER TABLE outbound_emails DROP COLUMN mailbox;
DROP TABLE inbound_emails;
