import type pg from 'pg';
import { emptySums, type Sums } from './figures.ts';

/**
 * The sums of a set of halls over business days from…to, grouped by hall and one dimension. Counts,
 * times and evaluations come from the daily aggregates (proj_daily_hall for the hall or the day,
 * else proj_daily); waits per minute from
 * proj_month_wait for the whole months of the range and proj_daily_wait for the days around them
 * when the dimension is the hall (or none), proj_daily_wait by day, else from the tickets themselves;
 * window open time from proj_window_days; 差评 cases from proj_cases.
 */
export type Dim = 'none' | 'hall' | 'day' | 'department' | 'queue' | 'item' | 'window' | 'staff';

export interface GroupSums {
  hall: string;
  /** The dimension's value; null = not attributed (no department, not called, …) or no dimension. */
  key: string | null;
  sums: Sums;
}

const DAILY_KEY: Record<Dim, string> = {
  none: "''",
  hall: "''",
  day: 'day::text',
  department: 'department',
  queue: 'queue',
  item: 'item',
  window: 'window_no::text',
  staff: 'staff_badge',
};

const TICKET_KEY: Record<Dim, string> = {
  none: "''",
  hall: "''",
  day: 't.day::text',
  department: "coalesce(t.department, '')",
  queue: 't.queue',
  item: "coalesce(t.item, '')",
  window: 'coalesce(t.window_no, 0)::text',
  staff: "coalesce(t.staff_badge, '')",
};

const CASE_KEY: Partial<Record<Dim, string>> = {
  none: "''",
  hall: "''",
  day: 'c.day::text',
  window: 'coalesce(c.window_no, 0)::text',
  staff: "coalesce(c.staff_badge, '')",
};

/** Dimensions window open time can be split by. */
export const OPEN_TIME_DIMS: ReadonlySet<Dim> = new Set(['none', 'hall', 'day', 'window', 'staff']);
const OPEN_KEY: Partial<Record<Dim, string>> = { none: "''", hall: "''", day: 'day::text', window: 'window_no::text', staff: 'staff_badge' };

/** Whole minutes waited by a ticket (the aggregates' wait_minute), from its instants. */
export const WAIT_MINUTE_SQL = 'floor(greatest(0, extract(epoch FROM (t.called_at - t.issued_at)) * 1000) / 60000)::int';

const nullKey = (dim: Dim, k: string): string | null => (k === '' || (dim === 'window' && k === '0') ? null : dim === 'none' || dim === 'hall' ? null : k);

export async function sumsBy(db: pg.Pool | pg.PoolClient, halls: readonly string[], from: string, to: string, dim: Dim): Promise<GroupSums[]> {
  const groups = new Map<string, GroupSums>();
  const params = [halls, from, to];
  const group = (hall: string, k: string): GroupSums => {
    const id = `${hall}\u0000${k}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { hall, key: nullKey(dim, k), sums: emptySums(OPEN_TIME_DIMS.has(dim)) }));
    return g;
  };
  if (!halls.length) return [];
  const daily = await db.query<Record<string, number> & { hall: string; k: string }>(
    `SELECT hall, ${DAILY_KEY[dim]} AS k, sum(issued) AS issued, sum(served) AS served, sum(no_show) AS no_show, sum(cancelled) AS cancelled,
        sum(done) AS done, sum(waited) AS waited, sum(wait_ms) AS wait_ms, sum(serviced) AS serviced, sum(service_ms) AS service_ms,
        sum(busy_ms) AS busy_ms, sum(ev_very_satisfied + ev_satisfied + ev_basic + ev_dissatisfied + ev_very_dissatisfied) AS evaluated,
        sum(ev_very_satisfied + ev_satisfied) AS satisfied, sum(ev_dissatisfied + ev_very_dissatisfied) AS bad
       FROM ${dim === 'none' || dim === 'hall' || dim === 'day' ? 'proj_daily_hall' : 'proj_daily'} WHERE hall = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY 1, 2`,
    params,
  );
  for (const r of daily.rows) {
    const s = group(r.hall, r.k).sums;
    for (const k of ['issued', 'served', 'no_show', 'cancelled', 'done', 'waited', 'wait_ms', 'serviced', 'service_ms', 'busy_ms', 'evaluated', 'satisfied', 'bad'] as const)
      s[k] += Number(r[k]);
  }
  const waits = await waitRows(db, halls, from, to, dim);
  for (const r of waits) {
    const w = group(r.hall, r.k).sums.waits;
    w.set(r.m, (w.get(r.m) ?? 0) + Number(r.n));
  }
  const openKey = OPEN_KEY[dim];
  if (openKey) {
    const open = await db.query<{ hall: string; k: string; open_ms: number }>(
      `SELECT hall, ${openKey} AS k, sum(open_ms) AS open_ms FROM proj_window_days WHERE hall = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY 1, 2`,
      params,
    );
    for (const r of open.rows) {
      const s = group(r.hall, r.k).sums;
      s.open_ms = (s.open_ms ?? 0) + Number(r.open_ms);
    }
  }
  // A case carries its day, window and staff member; only department, queue and item need its ticket.
  const byTicket = dim === 'department' || dim === 'queue' || dim === 'item';
  const caseKey = byTicket ? TICKET_KEY[dim] : CASE_KEY[dim];
  const cases = await db.query<{ hall: string; k: string; cases: number; on_time: number }>(
    `SELECT c.hall, ${caseKey} AS k, count(*) AS cases,
        count(*) FILTER (WHERE least(c.contacted_at, c.resolved_at) <= c.due_at) AS on_time
       FROM proj_cases c ${byTicket ? 'JOIN proj_tickets t ON t.hall = c.hall AND t.day = c.day AND t.id = c.ticket_id' : ''}
      WHERE c.hall = ANY($1) AND c.day BETWEEN $2 AND $3 GROUP BY 1, 2`,
    params,
  );
  for (const r of cases.rows) {
    const s = group(r.hall, r.k).sums;
    s.cases += Number(r.cases);
    s.cases_on_time += Number(r.on_time);
  }
  return [...groups.values()];
}

type WaitRow = { hall: string; k: string; m: number; n: number };

/** The whole months inside from…to (as their first days), and the days of the range outside them. */
export function splitMonths(from: string, to: string): { months: string[]; days: [string, string][] } {
  const months: string[] = [];
  const first = from.slice(8) === '01' ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  for (let m = first; `${m}-01` <= to && lastDayOf(m) <= to; m = nextMonth(m)) months.push(`${m}-01`);
  if (!months.length) return { months, days: [[from, to]] };
  const days: [string, string][] = [];
  const startOfMonths = months[0]!;
  const endOfMonths = lastDayOf(months[months.length - 1]!.slice(0, 7));
  if (from < startOfMonths) days.push([from, dayBefore(startOfMonths)]);
  if (endOfMonths < to) days.push([dayAfter(endOfMonths), to]);
  return { months, days };
}

async function waitRows(db: pg.Pool | pg.PoolClient, halls: readonly string[], from: string, to: string, dim: Dim): Promise<WaitRow[]> {
  if (dim === 'none' || dim === 'hall') {
    const { months, days } = splitMonths(from, to);
    const rows: WaitRow[] = [];
    if (months.length) {
      const r = await db.query<WaitRow>(
        `SELECT hall, '' AS k, wait_minute AS m, sum(n) AS n FROM proj_month_wait WHERE hall = ANY($1) AND month = ANY($2::date[]) GROUP BY 1, 3`,
        [halls, months],
      );
      rows.push(...r.rows);
    }
    for (const [a, b] of days) {
      const r = await db.query<WaitRow>(
        `SELECT hall, '' AS k, wait_minute AS m, sum(n) AS n FROM proj_daily_wait WHERE hall = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY 1, 3`,
        [halls, a, b],
      );
      rows.push(...r.rows);
    }
    return rows;
  }
  if (dim === 'day') {
    return (
      await db.query<WaitRow>(
        `SELECT hall, day::text AS k, wait_minute AS m, sum(n) AS n FROM proj_daily_wait WHERE hall = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
        [halls, from, to],
      )
    ).rows;
  }
  return (
    await db.query<WaitRow>(
      `SELECT t.hall, ${TICKET_KEY[dim]} AS k, ${WAIT_MINUTE_SQL} AS m, count(*) AS n FROM proj_tickets t
        WHERE t.hall = ANY($1) AND t.day BETWEEN $2 AND $3 AND t.called_at IS NOT NULL GROUP BY 1, 2, 3`,
      [halls, from, to],
    )
  ).rows;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
const shift = (day: string, by: number) => new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (day: string) => shift(day, -1);
const dayAfter = (day: string) => shift(day, 1);
