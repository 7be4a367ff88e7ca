-- 好差评 evaluation records and their push states at each provincial target, as the halls' uplinks
-- carry them (evaluation.recorded, evaluation.push_state). One row per visit's record (its latest
-- revision) and one per record version and target. The citizen's words (文字评价, reasons) and the
-- evaluator's masked name stay at the hall; the centre keeps what supervision needs.
CREATE TABLE proj_eval_records (
  hall                text NOT NULL,
  day                 date NOT NULL,
  record_id           text NOT NULL,
  revision            integer NOT NULL,
  ticket_id           text NOT NULL,
  ticket_number       text NOT NULL,
  case_number         text NOT NULL,
  channel             text NOT NULL,
  grade               text NOT NULL,
  first_grade         text NOT NULL,
  times               integer NOT NULL,
  item_code           text,
  implementation_code text,
  item_name           text,
  department_code     text,
  department_name     text,
  region_code         text,
  window_no           integer,
  staff_badge         text,
  staff_name          text,
  case_state          text,
  at                  timestamptz NOT NULL,
  seq                 bigint NOT NULL,
  PRIMARY KEY (hall, day, record_id)
) PARTITION BY RANGE (day);

CREATE TABLE proj_eval_pushes (
  hall        text NOT NULL,
  day         date NOT NULL,
  record_id   text NOT NULL,
  revision    integer NOT NULL,
  target      text NOT NULL,
  target_name text NOT NULL,
  record_key  text NOT NULL,
  state       text NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
  attempts    integer NOT NULL,
  status      integer,
  reason      text,
  resend      boolean NOT NULL,
  updated_at  timestamptz NOT NULL,
  sent_at     timestamptz,
  seq         bigint NOT NULL,
  PRIMARY KEY (hall, day, record_id, revision, target)
) PARTITION BY RANGE (day);

-- The months other projections already have partitions for (later ones are made on demand).
DO $$
DECLARE m record;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', day)::date AS start FROM central_events LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS proj_eval_records_%s PARTITION OF proj_eval_records FOR VALUES FROM (%L) TO (%L)',
      to_char(m.start, 'YYYY_MM'), m.start, (m.start + interval '1 month')::date);
    EXECUTE format('CREATE TABLE IF NOT EXISTS proj_eval_pushes_%s PARTITION OF proj_eval_pushes FOR VALUES FROM (%L) TO (%L)',
      to_char(m.start, 'YYYY_MM'), m.start, (m.start + interval '1 month')::date);
  END LOOP;
END $$;
