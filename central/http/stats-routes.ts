import { CentralRankingsQuery, CentralRankingsResponse, CentralStatsQuery, CentralStatsResponse, PublicAppraisal, PublicAppraisalQuery } from '../../contract/central/stats.ts';
import { regionsUnder } from '../regions/store.ts';
import { publicAppraisal } from '../stats/appraisal.ts';
import { computeStats } from '../stats/compute.ts';
import { statsCsv } from '../stats/csv.ts';
import { computeRankings } from '../stats/rankings.ts';
import { resolveScope } from '../stats/scope.ts';
import { route, type RouteDef, type RouteDeps } from './route.ts';

/** Statistics, rankings, their CSV, and the public monthly appraisal. */
export function statsRoutes(deps: RouteDeps): RouteDef[] {
  const { pool } = deps;
  const stats = async (user: Parameters<typeof resolveScope>[1], q: CentralStatsQuery) => {
    const scope = await resolveScope(pool, user, q);
    const names = new Map((await regionsUnder(pool, scope.path)).map((r) => [r.code, r.name]));
    return computeStats(pool, scope, q, (c) => names.get(c));
  };
  return [
    route({
      method: 'get',
      path: '/api/stats',
      access: 'user',
      summary: 'Figures of a region (subtree) or hall over a date range, grouped by region, hall, department, queue, item, window, staff or day',
      query: CentralStatsQuery,
      handler: async ({ user, query }) => CentralStatsResponse.parse(await stats(user, query)),
    }),
    route({
      method: 'get',
      path: '/api/stats.csv',
      access: 'user',
      summary: 'The same figures as CSV (UTF-8 with BOM)',
      query: CentralStatsQuery,
      handler: async ({ user, query, res }) => {
        const s = await stats(user, query);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="stats-${s.scope.hall ?? s.scope.region ?? 'all'}-${query.from}-${query.to}-${query.groupBy}.csv"`);
        res.send(statsCsv(s));
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/rankings',
      access: 'user',
      summary: '流动红旗窗口 and 优质服务之星 proposals across the halls of a region',
      query: CentralRankingsQuery,
      handler: async ({ user, query }) => {
        const scope = await resolveScope(pool, user, { region: query.region });
        return CentralRankingsResponse.parse(await computeRankings(pool, scope, query));
      },
    }),
    route({
      method: 'get',
      path: '/api/public/appraisal',
      access: 'public',
      summary: "公布考核结果: a region's monthly appraisal, without personal data",
      query: PublicAppraisalQuery,
      handler: async ({ query, res }) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        return PublicAppraisal.parse(await publicAppraisal(pool, query.region, query.month));
      },
    }),
  ];
}
