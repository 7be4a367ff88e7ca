-- Supervision, 差评 follow-up and webhooks (DESIGN.md §1 clauses 十二/十三, §4).

-- 差评 cases: when contact was made and when the case was closed.
ALTER TABLE cases ADD COLUMN contacted_at TEXT;
ALTER TABLE cases ADD COLUMN resolved_at TEXT;
CREATE INDEX cases_state ON cases(state, due_at);

-- Every change to a case, in order: created, assigned, contacted, resolved, note.
CREATE TABLE case_history (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('created','assigned','contacted','resolved','note')),
  from_state TEXT,
  to_state   TEXT,
  assignee   TEXT,
  note       TEXT
);
CREATE INDEX case_history_case ON case_history(case_id, id);

-- Receivers an admin configured: which event types go to which URL, signed with the secret.
CREATE TABLE webhooks (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  url         TEXT NOT NULL,
  events      TEXT NOT NULL,       -- JSON array of event types, or ["*"]
  secret      TEXT NOT NULL,       -- HMAC key; never returned after creation
  description TEXT,
  active      INTEGER NOT NULL DEFAULT 1,
  retired     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- One row per (event, webhook): what is owed to whom, and how it went.
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,  -- sent as X-HallQ-Delivery
  webhook_id      INTEGER NOT NULL REFERENCES webhooks(id),
  event_type      TEXT NOT NULL,
  event_seq       INTEGER,
  body            TEXT NOT NULL,     -- exactly the bytes that are signed and sent
  state           TEXT NOT NULL CHECK (state IN ('pending','delivered','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_status     INTEGER,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  delivered_at    TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at);

-- The delivery log: every attempt with its answer.
CREATE TABLE webhook_attempts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
  attempt     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  status      INTEGER,             -- HTTP status, NULL when no answer
  error       TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, attempt);
