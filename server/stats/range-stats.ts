import type { RankingEntry, RankingsResponse, StatsFigures, StatsGroupBy, StatsResponse, StatsRow, WaitBucket } from '../../contract/admin.ts';
import { EvaluationLevel, type EvaluationLevel as Level } from '../../contract/domain.ts';
import type { Catalog } from '../queue/catalog.ts';
import { localParts } from '../common/hall-time.ts';
import type { Db } from '../store/db.ts';
import { selectTicketFacts, staffNameRows, type TicketFact } from '../store/stats-queries.ts';
import { mean, nearestRank } from './percentile.ts';
import { evaluationFigures } from './evaluation-figures.ts';

/**
 * Statistics over business days (tickets.day, the hall's local date), both ends included.
 *
 * SQL selects one fact row per ticket (its times, state, outcome, evaluation level and group keys);
 * the figures are aggregated here so the 90th percentile is exact and every duration is computed from
 * the ISO instants in whole milliseconds (no julianday rounding):
 *   wait    = called_at − issued_at, over tickets that were called (called_at set);
 *   service = finished_at − COALESCE(started_at, called_at), over finished tickets;
 *   P90     = nearest rank, the ⌈0.9·n⌉-th smallest wait;
 *   现场办结率 = 办结 ÷ finished;   satisfaction = (非常满意 + 满意) ÷ evaluated.
 * A ticket's department is its item's department, else the department of the window that served it.
 */

type Fact = TicketFact;

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

export function selectFacts(db: Db, from: string, to: string): Fact[] {
  return selectTicketFacts(db, from, to);
}

const emptyLevels = (): Record<Level, number> => Object.fromEntries(EvaluationLevel.options.map((l) => [l, 0])) as Record<Level, number>;

/** The figures of one group of ticket facts. */
export function figures(facts: readonly Fact[]): StatsFigures {
  const waits: number[] = [];
  const services: number[] = [];
  const evaluations = emptyLevels();
  let served = 0;
  let noShow = 0;
  let cancelled = 0;
  let done = 0;
  let evaluated = 0;
  for (const f of facts) {
    if (f.called_at) waits.push(minutesBetween(f.issued_at, f.called_at));
    if (f.state === 'finished') {
      served++;
      if (f.outcome === 'done') done++;
      const start = f.started_at ?? f.called_at;
      if (start && f.finished_at) services.push(minutesBetween(start, f.finished_at));
    } else if (f.state === 'no_show') noShow++;
    else if (f.state === 'cancelled') cancelled++;
    if (f.level && f.level in evaluations) {
      evaluations[f.level as Level]++;
      evaluated++;
    }
  }
  const good = evaluations.very_satisfied + evaluations.satisfied;
  return {
    issued: facts.length,
    served,
    noShow,
    cancelled,
    waited: waits.length,
    averageWaitMinutes: mean(waits),
    p90WaitMinutes: nearestRank(waits, 0.9),
    averageServiceMinutes: mean(services),
    doneOnSite: done,
    onSiteRate: served ? done / served : null,
    evaluated,
    evaluations,
    satisfactionRate: evaluated ? good / evaluated : null,
    badCount: evaluations.dissatisfied + evaluations.very_dissatisfied,
    evaluation: evaluationFigures(facts),
  };
}

export interface Labels {
  staffName(badge: string): string | undefined;
}

export function staffNames(db: Db): Labels {
  const names = new Map(staffNameRows(db).map((r) => [r.badge, r.name]));
  return { staffName: (b) => names.get(b) };
}

function keyOf(f: Fact, groupBy: StatsGroupBy, timeZone: string): string | null {
  switch (groupBy) {
    case 'none':
      return 'all';
    case 'department':
      return f.department;
    case 'queue':
      return f.queue;
    case 'window':
      return f.window === null ? null : String(f.window);
    case 'staff':
      return f.staff_badge;
    case 'hour':
      return localParts(new Date(f.issued_at), timeZone).time.slice(0, 2);
    case 'day':
      return f.day;
  }
}

function labelOf(key: string | null, groupBy: StatsGroupBy, catalog: Catalog, labels: Labels): string {
  if (key === null) {
    return { none: '全部', department: '未归属部门', queue: '—', window: '未叫号', staff: '未叫号', hour: '—', day: '—' }[groupBy];
  }
  switch (groupBy) {
    case 'none':
      return '全部';
    case 'department':
      return catalog.departments.get(key)?.name ?? key;
    case 'queue':
      return catalog.queues.get(key)?.name ?? key;
    case 'window':
      return catalog.windows.get(Number(key))?.name ?? `${key}号窗口`;
    case 'staff': {
      const name = labels.staffName(key);
      return name ? `${name}（${key}）` : key;
    }
    case 'hour':
      return `${key}:00–${String(Number(key) + 1).padStart(2, '0')}:00`;
    case 'day':
      return key;
  }
}

export function computeStats(db: Db, catalog: Catalog, q: { from: string; to: string; groupBy: StatsGroupBy }): StatsResponse {
  const facts = selectFacts(db, q.from, q.to);
  const tz = catalog.hall.timezone;
  const groups = new Map<string | null, Fact[]>();
  for (const f of facts) {
    const k = keyOf(f, q.groupBy, tz);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(f);
  }
  const labels = staffNames(db);
  const rows: StatsRow[] = [...groups.entries()]
    .sort(([a], [b]) => compareKeys(a, b, q.groupBy))
    .map(([key, list]) => ({ key, label: labelOf(key, q.groupBy, catalog, labels), ...figures(list) }));
  return { from: q.from, to: q.to, groupBy: q.groupBy, timezone: tz, rows, total: figures(facts), waitDistribution: waitDistribution(facts) };
}

/** Bucket edges in minutes: fine where most waits fall, coarse in the long tail. */
export const WAIT_BUCKET_EDGES = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120] as const;

export function waitDistribution(facts: readonly Fact[]): WaitBucket[] {
  const buckets: WaitBucket[] = WAIT_BUCKET_EDGES.map((from, i) => ({ fromMinutes: from, toMinutes: WAIT_BUCKET_EDGES[i + 1] ?? null, count: 0 }));
  for (const f of facts) {
    if (!f.called_at) continue;
    const wait = minutesBetween(f.issued_at, f.called_at);
    let i = 0;
    while (i + 1 < WAIT_BUCKET_EDGES.length && wait >= WAIT_BUCKET_EDGES[i + 1]!) i++;
    buckets[i]!.count++;
  }
  return buckets;
}

function compareKeys(a: string | null, b: string | null, groupBy: StatsGroupBy): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (groupBy === 'window') return Number(a) - Number(b);
  return a.localeCompare(b);
}

// ── honours: 流动红旗窗口 and 优质服务之星 ────────────────────────────────────────────────────

export const RANKING_RULE =
  '参评条件：办件数不少于最低办件数、至少一条评价、期间无差评。排序：满意率从高到低，其次现场办结率从高到低，其次办件数从多到少，其次平均办理时长从短到长。';

function rank(rows: StatsRow[], minServed: number): RankingEntry[] {
  const entries = rows
    .filter((r) => r.key !== null)
    .map((r): RankingEntry => {
      let reason: string | undefined;
      if (r.served < minServed) reason = `办件数 ${r.served} 少于 ${minServed}`;
      else if (r.evaluated === 0) reason = '没有评价';
      else if (r.badCount > 0) reason = `有 ${r.badCount} 条差评`;
      return {
        rank: 0,
        key: r.key!,
        label: r.label,
        served: r.served,
        evaluated: r.evaluated,
        satisfactionRate: r.satisfactionRate,
        badCount: r.badCount,
        onSiteRate: r.onSiteRate,
        averageServiceMinutes: r.averageServiceMinutes,
        eligible: reason === undefined,
        ...(reason ? { reason } : {}),
      };
    });
  const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
  entries.sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      desc(a.satisfactionRate, b.satisfactionRate) ||
      desc(a.onSiteRate, b.onSiteRate) ||
      b.served - a.served ||
      (a.averageServiceMinutes ?? Infinity) - (b.averageServiceMinutes ?? Infinity) ||
      a.key.localeCompare(b.key),
  );
  entries.forEach((e, i) => (e.rank = i + 1));
  return entries;
}

export function computeRankings(db: Db, catalog: Catalog, q: { from: string; to: string; count: number; minServed: number }): RankingsResponse {
  const windows = rank(computeStats(db, catalog, { from: q.from, to: q.to, groupBy: 'window' }).rows, q.minServed);
  const staff = rank(computeStats(db, catalog, { from: q.from, to: q.to, groupBy: 'staff' }).rows, q.minServed);
  return {
    from: q.from,
    to: q.to,
    rule: RANKING_RULE,
    redFlagWindows: windows.filter((w) => w.eligible).slice(0, q.count),
    windows,
    serviceStars: staff.filter((s) => s.eligible).slice(0, q.count),
    staff,
  };
}
