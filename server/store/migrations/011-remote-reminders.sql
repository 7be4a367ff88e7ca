-- 远程取号, call reminders and the priority classes (server/reminders/, contract/remote.ts).

-- The care class a ticket was issued with: 'elderly' (computed from the ID card's birth date at issue;
-- the birth date itself is not kept) or 'assisted' (disabled or pregnant, given at the 帮办 window).
ALTER TABLE tickets ADD COLUMN care_class TEXT CHECK (care_class IN ('elderly','assisted'));
-- A remote ticket's 6-digit kiosk check-in code (unique among the day's remote tickets).
ALTER TABLE tickets ADD COLUMN arrival_code TEXT;
CREATE UNIQUE INDEX tickets_arrival_code ON tickets(day, arrival_code) WHERE arrival_code IS NOT NULL;

-- Where a ticket's reminders go. The phone number and the push subscription are sealed (AES-256-GCM,
-- key in the secrets directory, bound to the ticket) and the rows are deleted when the day closes.
CREATE TABLE reminder_contacts (
  ticket_id   TEXT PRIMARY KEY REFERENCES tickets(id),
  day         TEXT NOT NULL,
  phone       TEXT,                 -- sealed, or NULL
  push        TEXT,                 -- sealed PushSubscription JSON, or NULL
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX reminder_contacts_day ON reminder_contacts(day);

-- One row per reminder owed: ('near' | 'called') × ('push' | 'sms') per ticket, written by the
-- reminder consumer in the same transaction as its outbox cursor, so a restart neither loses nor
-- repeats one. `state` pending → sent | failed (after its last attempt) | dropped (no contact left).
CREATE TABLE reminder_deliveries (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id   TEXT NOT NULL,
  day         TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('near','called')),
  channel     TEXT NOT NULL CHECK (channel IN ('push','sms')),
  params      TEXT NOT NULL,        -- JSON: number, window, ahead (no personal data)
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','failed','dropped')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     TEXT NOT NULL,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  sent_at     TEXT,
  UNIQUE (ticket_id, kind, channel)
);
CREATE INDEX reminder_deliveries_due ON reminder_deliveries(state, next_at);

-- The reminder consumer reads events committed from now on, not the hall's history.
INSERT INTO outbox_cursors (consumer, seq, updated_at)
  SELECT 'reminders', COALESCE(MAX(seq), 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM events;
