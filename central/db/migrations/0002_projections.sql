-- Projections built from central_events (central/projections/). Everything here can be dropped and
-- rebuilt from the events alone (npm run central:rebuild). Tables with a day are range-partitioned by
-- month on the hall-local business day; partitions are created on demand (central/db/partitions.ts).

-- The centre's copy of each hall's configuration, one row per entity (secrets never stored).
CREATE TABLE proj_catalog (
  hall    text NOT NULL,
  entity  text NOT NULL,
  code    text NOT NULL,
  value   jsonb NOT NULL,
  retired boolean NOT NULL DEFAULT false,
  seq     bigint NOT NULL,
  PRIMARY KEY (hall, entity, code)
);

CREATE TABLE proj_tickets (
  hall         text NOT NULL,
  day          date NOT NULL,
  id           text NOT NULL,
  number       text NOT NULL,
  queue        text NOT NULL,
  item         text,
  department   text,
  source       text NOT NULL,
  priority     text NOT NULL,
  state        text NOT NULL,
  window_no    integer,
  staff_badge  text,
  outcome      text,
  evaluation   text,
  issued_at    timestamptz NOT NULL,
  called_at    timestamptz,
  started_at   timestamptz,
  finished_at  timestamptz,
  recall_count integer NOT NULL DEFAULT 0,
  seq          bigint NOT NULL,
  PRIMARY KEY (hall, day, id)
) PARTITION BY RANGE (day);
CREATE INDEX proj_tickets_live ON proj_tickets (hall, state);

CREATE TABLE proj_evaluations (
  hall        text NOT NULL,
  day         date NOT NULL,
  ticket_id   text NOT NULL,
  level       text NOT NULL,
  source      text,
  window_no   integer,
  staff_badge text,
  at          timestamptz NOT NULL,
  PRIMARY KEY (hall, day, ticket_id)
) PARTITION BY RANGE (day);

-- 差评 follow-up cases (day: the business day of the rated ticket).
CREATE TABLE proj_cases (
  hall         text NOT NULL,
  day          date NOT NULL,
  id           integer NOT NULL,
  ticket_id    text NOT NULL,
  window_no    integer,
  staff_badge  text,
  level        text NOT NULL,
  state        text NOT NULL,
  assignee     text,
  due_at       timestamptz NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  contacted_at timestamptz,
  resolved_at  timestamptz,
  PRIMARY KEY (hall, day, id)
) PARTITION BY RANGE (day);
CREATE INDEX proj_cases_open ON proj_cases (hall, state);

-- Each window's live state; opened_at starts its current open interval.
CREATE TABLE proj_windows (
  hall         text NOT NULL,
  number       integer NOT NULL,
  status       text NOT NULL,
  staff_badge  text,
  pause_reason text,
  opened_at    timestamptz,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (hall, number)
);

-- Open time per window, staff member and day (idle time = open time − time spent on tickets).
CREATE TABLE proj_window_days (
  hall        text NOT NULL,
  day         date NOT NULL,
  window_no   integer NOT NULL,
  staff_badge text NOT NULL DEFAULT '',
  open_ms     bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (hall, day, window_no, staff_badge)
) PARTITION BY RANGE (day);

CREATE TABLE proj_device_health (
  hall   text NOT NULL,
  device text NOT NULL,
  kind   text,
  place  text,
  state  text NOT NULL CHECK (state IN ('fault', 'ok')),
  reason text,
  since  timestamptz NOT NULL,
  faults integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hall, device)
);

CREATE TABLE proj_device_faults (
  hall         text NOT NULL,
  day          date NOT NULL,
  device       text NOT NULL,
  at           timestamptz NOT NULL,
  reason       text,
  recovered_at timestamptz,
  PRIMARY KEY (hall, day, device, at)
) PARTITION BY RANGE (day);

-- Daily aggregates: one row per hall, day and ticket dimensions ('' / 0 for none). A ticket counts in
-- exactly one row; projectors move its contribution when its dimensions or state change.
CREATE TABLE proj_daily (
  hall           text NOT NULL,
  day            date NOT NULL,
  department     text NOT NULL,
  queue          text NOT NULL,
  item           text NOT NULL,
  window_no      integer NOT NULL,
  staff_badge    text NOT NULL,
  issued         integer NOT NULL DEFAULT 0,
  served         integer NOT NULL DEFAULT 0,
  no_show        integer NOT NULL DEFAULT 0,
  cancelled      integer NOT NULL DEFAULT 0,
  done           integer NOT NULL DEFAULT 0,
  waited         integer NOT NULL DEFAULT 0,
  wait_ms        bigint NOT NULL DEFAULT 0,
  serviced       integer NOT NULL DEFAULT 0,
  service_ms     bigint NOT NULL DEFAULT 0,
  busy_ms        bigint NOT NULL DEFAULT 0,
  ev_very_satisfied    integer NOT NULL DEFAULT 0,
  ev_satisfied         integer NOT NULL DEFAULT 0,
  ev_basic             integer NOT NULL DEFAULT 0,
  ev_dissatisfied      integer NOT NULL DEFAULT 0,
  ev_very_dissatisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hall, day, department, queue, item, window_no, staff_badge)
) PARTITION BY RANGE (day);

-- Waits per hall and day in whole minutes, for the 90th percentile without reading tickets.
CREATE TABLE proj_daily_wait (
  hall        text NOT NULL,
  day         date NOT NULL,
  wait_minute integer NOT NULL,
  n           integer NOT NULL,
  PRIMARY KEY (hall, day, wait_minute)
) PARTITION BY RANGE (day);
