import type pg from 'pg';
import type { CentralRankingEntry, CentralRankingsResponse, CentralStatsRow } from '../../contract/central/stats.ts';
import { computeStats } from './compute.ts';
import type { StatsScope } from './scope.ts';

/**
 * 流动红旗窗口 and 优质服务之星 proposals across the halls of a region, by the hall's own rule
 * (server/stats/range-stats.ts, repeated here because the centre imports nothing of the hall server).
 */
export const CENTRAL_RANKING_RULE =
  '参评条件：办件数不少于最低办件数、至少一条评价、期间无差评。排序：满意率从高到低，其次现场办结率从高到低，其次办件数从多到少，其次平均办理时长从短到长。';

export function rank(rows: readonly CentralStatsRow[], minServed: number, hallNames: ReadonlyMap<string, string>): CentralRankingEntry[] {
  const entries = rows
    .filter((r) => r.key !== null && r.hall !== null)
    .map((r): CentralRankingEntry => {
      let reason: string | undefined;
      if (r.served < minServed) reason = `办件数 ${r.served} 少于 ${minServed}`;
      else if (r.evaluated === 0) reason = '没有评价';
      else if (r.badCount > 0) reason = `有 ${r.badCount} 条差评`;
      return {
        rank: 0,
        hall: r.hall!,
        hallName: hallNames.get(r.hall!) ?? r.hall!,
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

export async function computeRankings(
  pool: pg.Pool,
  scope: StatsScope,
  q: { from: string; to: string; count: number; minServed: number },
): Promise<CentralRankingsResponse> {
  const names = new Map(scope.halls.map((h) => [h.code, h.name]));
  const noRegionNames = () => undefined;
  const windows = rank((await computeStats(pool, scope, { ...q, groupBy: 'window' }, noRegionNames)).rows, q.minServed, names);
  const staff = rank((await computeStats(pool, scope, { ...q, groupBy: 'staff' }, noRegionNames)).rows, q.minServed, names);
  return {
    region: scope.region?.code ?? null,
    from: q.from,
    to: q.to,
    rule: CENTRAL_RANKING_RULE,
    redFlagWindows: windows.filter((w) => w.eligible).slice(0, q.count),
    windows,
    serviceStars: staff.filter((s) => s.eligible).slice(0, q.count),
    staff,
  };
}
