-- The 好差评 push to provincial systems (server/push/), an outbox consumer with its own cursor
-- (`push` in outbox_cursors).
--
-- A target is configured in the push file (HALL_PUSH_CONFIG) and kept here with its token sealed
-- (AES-256-GCM, key in the secrets directory, like webhook secrets). A target owes the ratings
-- committed after it was first configured (from_seq), never the hall's history.
CREATE TABLE push_targets (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  url         TEXT NOT NULL,
  token       TEXT NOT NULL,          -- sealed: aesgcm1:…
  auth_header TEXT NOT NULL,
  auth_scheme TEXT NOT NULL,          -- '' sends the token alone
  timeout_ms  INTEGER NOT NULL,
  field_map   TEXT NOT NULL,          -- JSON: record field → receiver field
  code_map    TEXT NOT NULL,          -- JSON: neutral grade → receiver code
  active      INTEGER NOT NULL,
  from_seq    INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- One row per record version per target. The record is the neutral one; the target's maps apply at each
-- attempt, so a 补报 after a corrected map sends the corrected body under the same key.
CREATE TABLE push_items (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  target          TEXT NOT NULL REFERENCES push_targets(code),
  record_key      TEXT NOT NULL,      -- idempotency key "<record id>:<revision>", the same on every attempt
  ticket_id       TEXT NOT NULL,
  event_seq       INTEGER NOT NULL,   -- seq of its evaluation.recorded event
  record          TEXT NOT NULL,      -- JSON EvaluationRecord (contract/evaluation.ts)
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_status     INTEGER,
  last_error      TEXT,               -- the receiver's reason, or the last failure's class
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  sent_at         TEXT,
  UNIQUE (target, record_key)
);
CREATE INDEX push_items_due ON push_items(state, next_attempt_at);
CREATE INDEX push_items_ticket ON push_items(ticket_id);

CREATE TABLE push_attempts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id     INTEGER NOT NULL REFERENCES push_items(id),
  attempt     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  status      INTEGER,
  outcome     TEXT NOT NULL,          -- sent | rejected | retry
  reason      TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX push_attempts_item ON push_attempts(item_id, attempt);
