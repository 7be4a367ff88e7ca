import type pg from 'pg';
import type { CentralFigures, RegionMonthStats } from '../../contract/central/stats.ts';
import { notFound } from '../errors.ts';
import { regionByCode } from '../regions/store.ts';
import { emptySums, mergeInto, toFigures, type Sums } from './figures.ts';
import { sumsBy, WAIT_MINUTE_SQL } from './sums.ts';

/**
 * A region's month, per hall and in total, two ways with the same definitions:
 *   via 'aggregates': the daily aggregates (what the API uses; fast over any number of tickets);
 *   via 'raw': one plain GROUP BY over the ticket projection (proj_tickets), P90 by percentile_disc,
 *   the baseline the benchmark compares against and the check that the aggregates are right.
 * Window open time and 差评 cases come from their own tables either way.
 */
export async function regionMonthStats(pool: pg.Pool, region: string, month: string, opts: { via: 'aggregates' | 'raw' }): Promise<RegionMonthStats> {
  const r = await regionByCode(pool, region);
  if (!r) throw notFound(`区域 ${region} `);
  const halls = (
    await pool.query<{ code: string }>(`SELECT h.code FROM central_halls h JOIN central_regions g ON g.code = h.region WHERE g.path LIKE $1 ORDER BY h.code`, [`${r.path}%`])
  ).rows.map((h) => h.code);
  const from = `${month}-01`;
  const to = lastDay(month);
  if (opts.via === 'aggregates') {
    const byHall = new Map<string, Sums>();
    for (const g of await sumsBy(pool, halls, from, to, 'hall')) {
      const s = byHall.get(g.hall) ?? emptySums(true);
      mergeInto(s, g.sums);
      byHall.set(g.hall, s);
    }
    const total = emptySums(true);
    for (const s of byHall.values()) mergeInto(total, s);
    return {
      region,
      month,
      total: toFigures(total),
      halls: [...byHall.entries()].filter(([, s]) => s.issued > 0).sort(([a], [b]) => a.localeCompare(b)).map(([hall, s]) => ({ hall, figures: toFigures(s) })),
    };
  }
  // Open time and 差评 cases from their own tables (no aggregate involved).
  const byHall = new Map<string, Sums>();
  const side = (hall: string) => {
    let s = byHall.get(hall);
    if (!s) byHall.set(hall, (s = emptySums(true)));
    return s;
  };
  const open = await pool.query<{ hall: string; open_ms: number }>(
    'SELECT hall, sum(open_ms) AS open_ms FROM proj_window_days WHERE hall = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY 1',
    [halls, from, to],
  );
  for (const r of open.rows) side(r.hall).open_ms = Number(r.open_ms);
  const cases = await pool.query<{ hall: string; cases: number; on_time: number }>(
    `SELECT hall, count(*) AS cases, count(*) FILTER (WHERE least(contacted_at, resolved_at) <= due_at) AS on_time
       FROM proj_cases WHERE hall = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY 1`,
    [halls, from, to],
  );
  for (const r of cases.rows) Object.assign(side(r.hall), { cases: Number(r.cases), cases_on_time: Number(r.on_time) });
  // Every ticket figure straight from proj_tickets, in one plain GROUP BY.
  const raw = await pool.query<Record<string, number | null> & { hall: string | null }>(
    `SELECT t.hall, count(*) AS issued,
        count(*) FILTER (WHERE t.state = 'finished') AS served,
        count(*) FILTER (WHERE t.state = 'no_show') AS no_show,
        count(*) FILTER (WHERE t.state = 'cancelled') AS cancelled,
        count(*) FILTER (WHERE t.state = 'finished' AND t.outcome = 'done') AS done,
        count(t.called_at) AS waited,
        coalesce(sum(greatest(0, extract(epoch FROM (t.called_at - t.issued_at)) * 1000)), 0) AS wait_ms,
        count(*) FILTER (WHERE t.state = 'finished' AND t.finished_at IS NOT NULL AND coalesce(t.started_at, t.called_at) IS NOT NULL) AS serviced,
        coalesce(sum(greatest(0, extract(epoch FROM (t.finished_at - coalesce(t.started_at, t.called_at))) * 1000)) FILTER (WHERE t.state = 'finished'), 0) AS service_ms,
        coalesce(sum(greatest(0, extract(epoch FROM (t.finished_at - t.called_at)) * 1000)) FILTER (WHERE t.state = 'finished'), 0) AS busy_ms,
        count(t.evaluation) AS evaluated,
        count(*) FILTER (WHERE t.evaluation IN ('very_satisfied', 'satisfied')) AS satisfied,
        count(*) FILTER (WHERE t.evaluation IN ('dissatisfied', 'very_dissatisfied')) AS bad,
        percentile_disc(0.9) WITHIN GROUP (ORDER BY ${WAIT_MINUTE_SQL}) FILTER (WHERE t.called_at IS NOT NULL) AS p90
       FROM proj_tickets t
      WHERE t.hall = ANY($1) AND t.day BETWEEN $2 AND $3
      GROUP BY GROUPING SETS ((t.hall), ())`,
    [halls, from, to],
  );
  const figuresOf = (row: Record<string, number | null>, side: Sums | undefined): CentralFigures => {
    const s = emptySums(true);
    for (const k of ['issued', 'served', 'no_show', 'cancelled', 'done', 'waited', 'wait_ms', 'serviced', 'service_ms', 'busy_ms', 'evaluated', 'satisfied', 'bad'] as const)
      s[k] = Number(row[k] ?? 0);
    if (side) {
      s.open_ms = side.open_ms;
      s.cases = side.cases;
      s.cases_on_time = side.cases_on_time;
    }
    return toFigures(s, row.p90 === null || row.p90 === undefined ? null : Number(row.p90));
  };
  const allSides = emptySums(true);
  for (const s of byHall.values()) mergeInto(allSides, s);
  const totalRow = raw.rows.find((x) => x.hall === null);
  return {
    region,
    month,
    total: totalRow ? figuresOf(totalRow, allSides) : toFigures(allSides),
    halls: raw.rows
      .filter((x): x is typeof x & { hall: string } => x.hall !== null)
      .sort((a, b) => a.hall.localeCompare(b.hall))
      .map((x) => ({ hall: x.hall, figures: figuresOf(x, byHall.get(x.hall)) })),
  };
}

export function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}
