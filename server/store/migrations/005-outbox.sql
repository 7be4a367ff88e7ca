-- Transactional outbox (DESIGN.md §2): one row per event meant to leave the hall, written in the
-- same transaction as the event. Each consumer (webhooks, the uplink to a central platform, the
-- 好差评 push) keeps its own cursor; delivery is at least once, keyed by hall code + seq.
CREATE TABLE outbox (
  seq  INTEGER PRIMARY KEY REFERENCES events(seq),
  key  TEXT NOT NULL,              -- idempotency key: "<hall code>:<seq>"
  type TEXT NOT NULL
);

CREATE TABLE outbox_cursors (
  consumer   TEXT PRIMARY KEY,
  seq        INTEGER NOT NULL,     -- last seq this consumer has taken in (fanned out or delivered)
  updated_at TEXT NOT NULL
);

-- What existed before the outbox was already handed to the webhook dispatcher after each commit.
INSERT INTO outbox_cursors (consumer, seq, updated_at)
  SELECT 'webhooks', COALESCE(MAX(seq), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM events;

-- A webhook receives events committed after it was created, never the hall's history.
ALTER TABLE webhooks ADD COLUMN from_seq INTEGER NOT NULL DEFAULT 0;
UPDATE webhooks SET from_seq = (SELECT COALESCE(MAX(seq), 0) FROM events);

-- Sent as X-HallQ-Idempotency-Key; the same for every attempt and every re-delivery of an event.
ALTER TABLE webhook_deliveries ADD COLUMN idempotency_key TEXT;
