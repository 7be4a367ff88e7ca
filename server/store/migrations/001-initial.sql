-- HallQ schema v1. Times are ISO-8601 UTC strings; business days are local dates (YYYY-MM-DD).

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL            -- JSON
);

CREATE TABLE departments (
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  phone   TEXT,
  retired INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE queues (
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  prefix  TEXT NOT NULL UNIQUE,
  config  TEXT NOT NULL,         -- JSON of the Queue config (caps, hours, id requirement…)
  active  INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE items (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  department TEXT NOT NULL REFERENCES departments(code),
  queue      TEXT NOT NULL REFERENCES queues(code),
  config     TEXT NOT NULL,      -- JSON of the ServiceItem config
  retired    INTEGER NOT NULL DEFAULT 0,
  position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE staff (
  badge         TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  department    TEXT REFERENCES departments(code),
  role          TEXT NOT NULL CHECK (role IN ('staff','supervisor','admin')),
  title         TEXT,
  password_hash TEXT NOT NULL,
  retired       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE windows (
  number        INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  department    TEXT REFERENCES departments(code),
  config        TEXT NOT NULL,   -- JSON of the WindowConfig (queues, mode, honours…)
  retired       INTEGER NOT NULL DEFAULT 0,
  status        TEXT NOT NULL DEFAULT 'closed' CHECK (status IN ('open','paused','closed')),
  pause_reason  TEXT,
  staff_badge   TEXT REFERENCES staff(badge),
  priority_streak INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE devices (
  code       TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('kiosk','display','agent')),
  name       TEXT NOT NULL,
  window     INTEGER REFERENCES windows(number),
  token_hash TEXT,
  revoked    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX devices_token ON devices(token_hash) WHERE token_hash IS NOT NULL;

CREATE TABLE notices (
  code       TEXT PRIMARY KEY,
  text       TEXT NOT NULL,
  targets    TEXT NOT NULL,      -- JSON array
  starts_at  TEXT,
  ends_at    TEXT,
  retired    INTEGER NOT NULL DEFAULT 0
);

-- One row per queue and business day: the last number handed out. Allocated in the ticket's transaction.
CREATE TABLE counters (
  day     TEXT NOT NULL,
  queue   TEXT NOT NULL,
  last_no INTEGER NOT NULL,
  PRIMARY KEY (day, queue)
);

CREATE TABLE appointments (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL,
  item        TEXT NOT NULL REFERENCES items(code),
  queue       TEXT NOT NULL REFERENCES queues(code),
  date        TEXT NOT NULL,
  slot_start  TEXT NOT NULL,
  slot_end    TEXT NOT NULL,
  id_hash     TEXT,
  id_masked   TEXT,
  name_masked TEXT,
  phone_masked TEXT,
  state       TEXT NOT NULL CHECK (state IN ('booked','checked_in','cancelled','expired')),
  ticket_id   TEXT,
  created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX appointments_code ON appointments(date, code);
CREATE INDEX appointments_id ON appointments(id_hash, date);

CREATE TABLE tickets (
  id            TEXT PRIMARY KEY,
  day           TEXT NOT NULL,
  number        TEXT NOT NULL,
  number_queue  TEXT NOT NULL,   -- the queue whose counter gave the number (kept on transfer)
  serial        INTEGER NOT NULL,
  queue         TEXT NOT NULL REFERENCES queues(code),
  item          TEXT REFERENCES items(code),
  source        TEXT NOT NULL,
  priority      TEXT NOT NULL,
  green_reason  TEXT,
  proxy         INTEGER NOT NULL DEFAULT 0,
  id_hash       TEXT,
  id_masked     TEXT,
  name_masked   TEXT,
  state         TEXT NOT NULL,
  sort_key      REAL NOT NULL,
  due_at        TEXT,            -- appointment slot start
  target_window INTEGER,         -- set when transferred to one window
  issued_at     TEXT NOT NULL,
  called_at     TEXT,
  started_at    TEXT,
  finished_at   TEXT,
  window        INTEGER,
  staff_badge   TEXT,
  recall_count  INTEGER NOT NULL DEFAULT 0,
  outcome       TEXT,
  evaluation    TEXT,
  close_reason  TEXT,
  note          TEXT,
  kiosk         TEXT,
  printed       INTEGER,         -- NULL = not sent to a printer, 1 printed, 0 failed
  appointment_id TEXT,
  UNIQUE (day, number_queue, serial)
);
CREATE INDEX tickets_waiting ON tickets(day, queue, state, sort_key);
CREATE INDEX tickets_window ON tickets(window, state);
CREATE INDEX tickets_id_hash ON tickets(day, id_hash);

CREATE TABLE evaluations (
  ticket_id  TEXT PRIMARY KEY REFERENCES tickets(id),
  level      TEXT NOT NULL,
  dimensions TEXT,               -- JSON
  reason     TEXT,
  source     TEXT NOT NULL,
  window     INTEGER,
  staff_badge TEXT,
  at         TEXT NOT NULL
);

CREATE TABLE cases (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id  TEXT NOT NULL REFERENCES tickets(id),
  window     INTEGER,
  staff_badge TEXT,
  level      TEXT NOT NULL,
  reason     TEXT,
  state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','contacted','resolved')),
  assignee   TEXT,
  due_at     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The hall's event log: the publish stream and the future replication stream. Never rewritten.
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,
  type      TEXT NOT NULL,
  v         INTEGER NOT NULL,
  at        TEXT NOT NULL,
  day       TEXT NOT NULL,
  ticket_id TEXT,
  window    INTEGER,
  body      TEXT NOT NULL      -- the whole self-contained event as JSON
);
CREATE INDEX events_type ON events(type, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  badge      TEXT NOT NULL REFERENCES staff(badge),
  window     INTEGER,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- Append-only, hash-chained audit log: hash = sha256(prev_hash || canonical row).
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT,
  place     TEXT,
  detail    TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
