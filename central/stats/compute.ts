import type pg from 'pg';
import type { CentralFigures, CentralStatsGroupBy, CentralStatsResponse, CentralStatsRow } from '../../contract/central/stats.ts';
import { pathCodes } from '../regions/store.ts';
import { emptySums, mergeInto, toFigures, type Sums } from './figures.ts';
import { catalogLabels } from './labels.ts';
import type { StatsScope } from './scope.ts';
import { OPEN_TIME_DIMS, sumsBy, type Dim } from './sums.ts';

/** Statistics of a scope over a date range, grouped one way (GET /api/stats and its CSV). */

const DIM: Record<CentralStatsGroupBy, Dim> = {
  none: 'none',
  region: 'hall',
  hall: 'hall',
  day: 'day',
  department: 'department',
  queue: 'queue',
  item: 'item',
  window: 'window',
  staff: 'staff',
};

const UNATTRIBUTED: Record<CentralStatsGroupBy, string> = {
  none: '全部',
  region: '—',
  hall: '—',
  day: '—',
  department: '未归属部门',
  queue: '—',
  item: '未选事项',
  window: '未叫号',
  staff: '未叫号',
};

export async function computeStats(
  pool: pg.Pool,
  scope: StatsScope,
  q: { from: string; to: string; groupBy: CentralStatsGroupBy },
  regionNames: (code: string) => string | undefined,
): Promise<CentralStatsResponse> {
  const halls = scope.halls.map((h) => h.code);
  const hallOf = new Map(scope.halls.map((h) => [h.code, h]));
  const dim = DIM[q.groupBy];
  const groups = await sumsBy(pool, halls, q.from, q.to, dim);
  const labels = await catalogLabels(pool, halls);
  const depth = pathCodes(scope.path).length;

  const rows = new Map<string, { key: string | null; hall: string | null; label: string; sums: Sums }>();
  const total = emptySums(OPEN_TIME_DIMS.has(dim));
  for (const g of groups) {
    mergeInto(total, g.sums);
    const hall = hallOf.get(g.hall);
    let key: string | null;
    let rowHall: string | null = null;
    let label: string;
    switch (q.groupBy) {
      case 'none':
        key = 'all';
        label = '全部';
        break;
      case 'hall':
        key = g.hall;
        label = hall?.name ?? g.hall;
        break;
      case 'region': {
        // The child region of the scope the hall lies in; halls registered at the scope region itself form their own row.
        const codes = hall ? pathCodes(hall.path) : [];
        key = codes[depth] ?? codes[depth - 1] ?? null;
        label = key ? `${regionNames(key) ?? key}${codes[depth] ? '' : '（本级）'}` : '—';
        break;
      }
      case 'day':
      case 'department':
      case 'queue':
      case 'item': {
        key = g.key;
        const entity = { day: null, department: 'departments', queue: 'queues', item: 'items' }[q.groupBy];
        label = key === null ? UNATTRIBUTED[q.groupBy] : entity ? (labels.any(entity, key) ?? key) : key;
        break;
      }
      case 'window':
      case 'staff': {
        rowHall = g.hall;
        key = g.key === null ? null : `${g.hall}:${g.key}`;
        const hallName = hall?.name ?? g.hall;
        if (g.key === null) label = `${hallName} ${UNATTRIBUTED[q.groupBy]}`;
        else if (q.groupBy === 'window') label = `${hallName} ${labels.of(g.hall, 'windows', g.key) ?? `${g.key}号窗口`}`;
        else {
          const name = labels.of(g.hall, 'staff', g.key);
          label = `${hallName} ${name ? `${name}（${g.key}）` : g.key}`;
        }
        break;
      }
    }
    const id = `${rowHall ?? ''}\u0000${key ?? ''}`;
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, hall: rowHall, label, sums: emptySums(OPEN_TIME_DIMS.has(dim)) }));
    mergeInto(row.sums, g.sums);
  }
  // Totals of a grouping without open time (department, queue, item) still report the scope's open time.
  const totalFigures: CentralFigures = OPEN_TIME_DIMS.has(dim) ? toFigures(total) : await scopeTotal(pool, halls, q.from, q.to);
  const out: CentralStatsRow[] = [...rows.values()]
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key, 'en', { numeric: true })))
    .map((r) => ({ key: r.key, label: r.label, hall: r.hall, ...toFigures(r.sums) }));
  return {
    scope: { region: scope.region?.code ?? null, hall: scope.hall?.code ?? null, halls: halls.length },
    from: q.from,
    to: q.to,
    groupBy: q.groupBy,
    rows: out,
    total: totalFigures,
  };
}

async function scopeTotal(pool: pg.Pool, halls: string[], from: string, to: string): Promise<CentralFigures> {
  const total = emptySums(true);
  for (const g of await sumsBy(pool, halls, from, to, 'none')) mergeInto(total, g.sums);
  return toFigures(total);
}
