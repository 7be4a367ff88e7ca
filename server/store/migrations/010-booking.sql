-- Online booking (/book) and village/township stations (代办, seed 六).
--
-- A booking's phone is kept sealed (AES-256-GCM, key in the secrets directory, never in this file) for
-- the SMS confirmation and reminders, plus a keyed hash for look-up and per-phone limits; both are
-- erased once the booking's day has passed. A station's bookings and tickets name the station.
ALTER TABLE appointments ADD COLUMN phone_hash TEXT;
ALTER TABLE appointments ADD COLUMN phone_sealed TEXT;
ALTER TABLE appointments ADD COLUMN station TEXT;
CREATE INDEX appointments_phone ON appointments(phone_hash, date);
CREATE INDEX appointments_station ON appointments(station, date);

-- A station account: signs in with its code and password, books and takes numbers on a citizen's behalf.
CREATE TABLE stations (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('township','village')),
  password_hash TEXT NOT NULL,
  retired       INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);

CREATE TABLE station_sessions (
  token_hash TEXT PRIMARY KEY,
  station    TEXT NOT NULL REFERENCES stations(code),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- Which station took a ticket (代办): the ticket itself carries proxy = 1 and the station's name
-- (proxy_by, shown beside the 代办 mark on the window terminal and the station page).
ALTER TABLE tickets ADD COLUMN proxy_by TEXT;
CREATE TABLE station_tickets (
  ticket_id  TEXT PRIMARY KEY REFERENCES tickets(id),
  station    TEXT NOT NULL REFERENCES stations(code),
  created_at TEXT NOT NULL
);
CREATE INDEX station_tickets_station ON station_tickets(station, created_at);
