-- Waits per hall and month in whole minutes: a region-month P90 reads one histogram per hall, not one
-- per hall and day. `month` is the first day of the month (the partition key, like `day` elsewhere).
CREATE TABLE proj_month_wait (
  hall        text NOT NULL,
  month       date NOT NULL,
  wait_minute integer NOT NULL,
  n           integer NOT NULL,
  PRIMARY KEY (hall, month, wait_minute)
) PARTITION BY RANGE (month);

DO $$
DECLARE m record;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', day)::date AS start FROM proj_daily_wait LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS proj_month_wait_%s PARTITION OF proj_month_wait FOR VALUES FROM (%L) TO (%L)',
      to_char(m.start, 'YYYY_MM'), m.start, (m.start + interval '1 month')::date);
  END LOOP;
  INSERT INTO proj_month_wait
    SELECT hall, date_trunc('month', day)::date, wait_minute, sum(n) FROM proj_daily_wait GROUP BY 1, 2, 3;
END $$;
