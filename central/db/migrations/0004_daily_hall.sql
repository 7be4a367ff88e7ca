-- Daily aggregates per hall and day only: what region- and hall-level figures read (a region-month is
-- one row per hall and day, however many departments, items, windows and staff the halls have).
CREATE TABLE proj_daily_hall (
  hall           text NOT NULL,
  day            date NOT NULL,
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
  PRIMARY KEY (hall, day)
) PARTITION BY RANGE (day);

-- Partitions for the months the other projections already have.
DO $$
DECLARE m record;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', day)::date AS start FROM proj_daily LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS proj_daily_hall_%s PARTITION OF proj_daily_hall FOR VALUES FROM (%L) TO (%L)',
      to_char(m.start, 'YYYY_MM'), m.start, (m.start + interval '1 month')::date);
  END LOOP;
  INSERT INTO proj_daily_hall
    SELECT hall, day, sum(issued), sum(served), sum(no_show), sum(cancelled), sum(done), sum(waited), sum(wait_ms), sum(serviced),
           sum(service_ms), sum(busy_ms), sum(ev_very_satisfied), sum(ev_satisfied), sum(ev_basic), sum(ev_dissatisfied), sum(ev_very_dissatisfied)
      FROM proj_daily GROUP BY hall, day;
END $$;
