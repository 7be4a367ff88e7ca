-- Regions, halls, their events, users and sessions, the audit log.

CREATE TABLE central_regions (
  code   text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{6})?$'),
  name   text NOT NULL,
  level  text NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'township', 'village')),
  parent text REFERENCES central_regions (code),
  -- '/530000/530800/530830/': a subtree is every path starting with its root's path.
  path   text NOT NULL UNIQUE
);
CREATE INDEX central_regions_path ON central_regions (path text_pattern_ops);

CREATE TABLE central_halls (
  code             text PRIMARY KEY,
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('county_centre', 'township_centre', 'village_station')),
  region           text NOT NULL REFERENCES central_regions (code),
  -- SHA-256 (hex) of the hall token; the token itself is shown once, when issued.
  token_hash       text,
  token_issued_at  timestamptz,
  token_revoked_at timestamptz,
  high_water       bigint NOT NULL DEFAULT 0,
  epoch            text,
  diverged         boolean NOT NULL DEFAULT false,
  last_contact_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX central_halls_token ON central_halls (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX central_halls_region ON central_halls (region);

-- Every event exactly as the hall sent it, once per (hall, seq); feed_seq orders all halls' events
-- for consoles replaying "after feed_seq N".
CREATE TABLE central_events (
  hall        text NOT NULL REFERENCES central_halls (code),
  seq         bigint NOT NULL,
  feed_seq    bigint GENERATED ALWAYS AS IDENTITY,
  epoch       text NOT NULL,
  type        text NOT NULL,
  day         date NOT NULL,
  at          timestamptz NOT NULL,
  hash        text NOT NULL,
  body        jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall, seq)
);
CREATE UNIQUE INDEX central_events_feed ON central_events (feed_seq);

-- Events set aside when an admin accepted a hall's new history after a divergence.
CREATE TABLE central_events_archive (
  divergence  bigint NOT NULL,
  hall        text NOT NULL,
  seq         bigint NOT NULL,
  feed_seq    bigint NOT NULL,
  epoch       text NOT NULL,
  type        text NOT NULL,
  day         date NOT NULL,
  at          timestamptz NOT NULL,
  hash        text NOT NULL,
  body        jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (divergence, hall, seq)
);

CREATE TABLE central_divergences (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hall          text NOT NULL REFERENCES central_halls (code),
  seq           bigint NOT NULL,
  held_hash     text NOT NULL,
  offered_hash  text NOT NULL,
  held_epoch    text,
  offered_epoch text NOT NULL,
  raised_at     timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  resolved_by   text,
  resolution    text
);
CREATE UNIQUE INDEX central_divergences_open ON central_divergences (hall) WHERE resolved_at IS NULL;

CREATE TABLE central_audit (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at     timestamptz NOT NULL DEFAULT now(),
  actor  text NOT NULL,
  action text NOT NULL,
  target text,
  ip     text,
  detail jsonb
);

CREATE TABLE central_users (
  username      text PRIMARY KEY CHECK (username ~ '^[a-z][a-z0-9_-]{1,31}$'),
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'province', 'prefecture', 'county')),
  region        text REFERENCES central_regions (code),
  password_hash text NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'admin') = (region IS NULL))
);

-- Sessions live here so every web instance knows every session; id_hash is SHA-256 of the cookie.
CREATE TABLE central_sessions (
  id_hash    text PRIMARY KEY,
  username   text NOT NULL REFERENCES central_users (username) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX central_sessions_user ON central_sessions (username);

-- rate-limiter-flexible's RateLimiterPostgres table (login attempts), shared by every instance.
CREATE TABLE central_rate_limits (
  key    varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
