import type { Statements } from './bulk.ts';
import { contribution, COUNTERS, keyString, type Contribution, type Counter, type DailyKey } from './contribution.ts';
import type { TicketProjector } from './tickets.ts';

/**
 * Daily aggregates per hall, day, department, queue, item, window and staff (proj_daily), the same per
 * hall and day (proj_daily_hall), and waits per whole minute per hall and day (proj_daily_wait) and per
 * hall and month (proj_month_wait). Each changed ticket's contribution before the batch is taken out
 * and its contribution after is put in. Rows left empty are deleted, so the tables hold the same rows
 * whatever the batch boundaries were (a rebuild compares equal).
 */
export class DailyProjector {
  constructor(private readonly hall: string) {}

  flush(s: Statements, tickets: TicketProjector): void {
    const rows = new Map<string, { key: DailyKey; c: Record<Counter, number> }>();
    const waits = new Map<string, { day: string; wait_minute: number; n: number }>();
    const add = (con: Contribution, sign: 1 | -1) => {
      const k = keyString(con.key);
      let r = rows.get(k);
      if (!r) rows.set(k, (r = { key: con.key, c: Object.fromEntries(COUNTERS.map((n) => [n, 0])) as Record<Counter, number> }));
      for (const n of COUNTERS) r.c[n] += sign * con.counters[n];
      if (con.waitMinute !== null) {
        const wk = `${con.key.day}\u0000${con.waitMinute}`;
        const w = waits.get(wk) ?? { day: con.key.day, wait_minute: con.waitMinute, n: 0 };
        w.n += sign;
        waits.set(wk, w);
      }
    };
    for (const after of tickets.changed()) {
      const before = tickets.before.get(after.id);
      if (before) add(contribution(before), -1);
      add(contribution(after), 1);
    }
    const deltas = [...rows.values()].filter((r) => COUNTERS.some((n) => r.c[n] !== 0)).map((r) => ({ ...r.key, ...r.c }));
    const cols = COUNTERS.map((n) => `${n} ${n.endsWith('_ms') ? 'bigint' : 'integer'}`).join(', ');
    s.bulk(
      `INSERT INTO proj_daily (hall, day, department, queue, item, window_no, staff_badge, ${COUNTERS.join(', ')})
       SELECT $2, x.day, x.department, x.queue, x.item, x.window_no, x.staff_badge, ${COUNTERS.map((n) => `x.${n}`).join(', ')}
         FROM json_to_recordset($1::json) AS x(day date, department text, queue text, item text, window_no integer, staff_badge text, ${cols})
       ON CONFLICT (hall, day, department, queue, item, window_no, staff_badge) DO UPDATE SET
         ${COUNTERS.map((n) => `${n} = proj_daily.${n} + excluded.${n}`).join(', ')}`,
      deltas,
      [this.hall],
    );
    // The same deltas per hall and day (proj_daily_hall), for region- and hall-level figures.
    const perDay = new Map<string, Record<string, number | string>>();
    for (const d of deltas) {
      let r = perDay.get(d.day);
      if (!r) perDay.set(d.day, (r = { day: d.day, ...Object.fromEntries(COUNTERS.map((n) => [n, 0])) }));
      for (const n of COUNTERS) (r[n] as number) += d[n];
    }
    s.bulk(
      `INSERT INTO proj_daily_hall (hall, day, ${COUNTERS.join(', ')})
       SELECT $2, x.day, ${COUNTERS.map((n) => `x.${n}`).join(', ')} FROM json_to_recordset($1::json) AS x(day date, ${cols})
       ON CONFLICT (hall, day) DO UPDATE SET ${COUNTERS.map((n) => `${n} = proj_daily_hall.${n} + excluded.${n}`).join(', ')}`,
      [...perDay.values()].filter((r) => COUNTERS.some((n) => r[n] !== 0)),
      [this.hall],
    );
    const emptied = deltas.filter((d) => d.issued < 0);
    if (emptied.length) {
      // A ticket counts `issued = 1` in exactly one row, so a row whose issued fell to 0 is all zeros.
      const days = [...new Set(emptied.map((d) => d.day))];
      s.add(`DELETE FROM proj_daily WHERE hall = $1 AND day = ANY($2::date[]) AND issued = 0`, [this.hall, days]);
      s.add(`DELETE FROM proj_daily_hall WHERE hall = $1 AND day = ANY($2::date[]) AND issued = 0`, [this.hall, days]);
    }
    const waitDeltas = [...waits.values()].filter((w) => w.n !== 0);
    s.bulk(
      `INSERT INTO proj_daily_wait (hall, day, wait_minute, n)
       SELECT $2, x.day, x.wait_minute, x.n FROM json_to_recordset($1::json) AS x(day date, wait_minute integer, n integer)
       ON CONFLICT (hall, day, wait_minute) DO UPDATE SET n = proj_daily_wait.n + excluded.n`,
      waitDeltas,
      [this.hall],
    );
    // The same per month (proj_month_wait), for the P90 of whole months.
    const months = new Map<string, { month: string; wait_minute: number; n: number }>();
    for (const w of waitDeltas) {
      const month = `${w.day.slice(0, 7)}-01`;
      const k = `${month}\u0000${w.wait_minute}`;
      const m = months.get(k) ?? { month, wait_minute: w.wait_minute, n: 0 };
      m.n += w.n;
      months.set(k, m);
    }
    const monthDeltas = [...months.values()].filter((m) => m.n !== 0);
    s.bulk(
      `INSERT INTO proj_month_wait (hall, month, wait_minute, n)
       SELECT $2, x.month, x.wait_minute, x.n FROM json_to_recordset($1::json) AS x(month date, wait_minute integer, n integer)
       ON CONFLICT (hall, month, wait_minute) DO UPDATE SET n = proj_month_wait.n + excluded.n`,
      monthDeltas,
      [this.hall],
    );
    if (monthDeltas.some((m) => m.n < 0)) {
      s.add(`DELETE FROM proj_month_wait WHERE hall = $1 AND month = ANY($2::date[]) AND n = 0`, [
        this.hall,
        [...new Set(monthDeltas.filter((m) => m.n < 0).map((m) => m.month))],
      ]);
    }
    if (waitDeltas.some((w) => w.n < 0)) {
      s.add(`DELETE FROM proj_daily_wait WHERE hall = $1 AND day = ANY($2::date[]) AND n = 0`, [
        this.hall,
        [...new Set(waitDeltas.filter((w) => w.n < 0).map((w) => w.day))],
      ]);
    }
  }
}
