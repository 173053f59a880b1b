-- +goose Up
-- Stored emails waiting to be handled are taken soonest-due first
-- (ClaimDueInbound): rows backing off after failures sort behind newer mail
-- instead of starving it.
CREATE INDEX inbound_emails_due ON inbound_emails ((coalesce(next_attempt_at, received_at)), id) WHERE status = 'received';

-- +goose Down
DROP INDEX inbound_emails_due;
