import { z } from 'zod';
import {
  CreateRegionBody,
  FeedQuery,
  FeedResponse,
  HallCatalog,
  HallDetail,
  HallList,
  HallOverviewList,
  RegionList,
  RegionView,
} from '../../contract/central/api.ts';
import { audit } from '../audit.ts';
import { scopePath } from '../auth/principal.ts';
import { eventsAfter } from '../feed.ts';
import { hallsUnder, toHallView } from '../halls/halls.ts';
import { hallOverviews } from '../halls/overview.ts';
import { createRegion, regionsUnder, toRegionView } from '../regions/store.ts';
import { hallInScope, regionInScope } from '../stats/scope.ts';
import { route, type RouteDef, type RouteDeps } from './route.ts';

/** Regions and halls as a user sees them: only the subtree of the user's region. */
export function regionRoutes(deps: RouteDeps): RouteDef[] {
  const { pool } = deps;
  return [
    route({
      method: 'get',
      path: '/api/regions',
      access: 'user',
      summary: "The regions of the user's subtree",
      handler: async ({ user }) => RegionList.parse({ regions: (await regionsUnder(pool, scopePath(user!))).map(toRegionView) }),
    }),
    route({
      method: 'get',
      path: '/api/regions/:code',
      access: 'user',
      summary: 'One region of the subtree',
      handler: async ({ user, params }) => RegionView.parse(toRegionView(await regionInScope(pool, user!, params.code!))),
    }),
    route({
      method: 'get',
      path: '/api/halls',
      access: 'user',
      summary: "The halls of the user's subtree (or of one region in it), with their live state when live=true",
      query: z.strictObject({ region: z.string().max(12).optional(), live: z.enum(['true', 'false']).optional() }),
      handler: async ({ user, query }) => {
        const path = query.region ? (await regionInScope(pool, user!, query.region)).path : scopePath(user!);
        const halls = await hallsUnder(pool, path);
        if (query.live === 'true') return HallOverviewList.parse({ halls: await hallOverviews(pool, halls) });
        return HallList.parse({ halls: halls.map(toHallView) });
      },
    }),
    route({
      method: 'get',
      path: '/api/halls/:code',
      access: 'user',
      summary: "One hall's live state and its windows",
      handler: async ({ user, params }) => {
        const hall = await hallInScope(pool, user!, params.code!);
        const [overview] = await hallOverviews(pool, [hall]);
        const windows = await pool.query<{ number: number; name: string | null; status: string; staff_badge: string | null; pause_reason: string | null; updated_at: Date }>(
          `SELECT w.number, c.value->>'name' AS name, w.status, w.staff_badge, w.pause_reason, w.updated_at
             FROM proj_windows w LEFT JOIN proj_catalog c ON c.hall = w.hall AND c.entity = 'windows' AND c.code = w.number::text
            WHERE w.hall = $1 ORDER BY w.number`,
          [hall.code],
        );
        return HallDetail.parse({
          hall: overview,
          windows: windows.rows.map((w) => ({ number: w.number, name: w.name, status: w.status, staffBadge: w.staff_badge, pauseReason: w.pause_reason, updatedAt: w.updated_at.toISOString() })),
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/halls/:code/catalog',
      access: 'user',
      summary: "The centre's copy of the hall's configuration (no secrets)",
      handler: async ({ user, params }) => {
        const hall = await hallInScope(pool, user!, params.code!);
        const rows = await pool.query<{ entity: string; code: string; retired: boolean; value: Record<string, unknown> }>(
          'SELECT entity, code, retired, value FROM proj_catalog WHERE hall = $1 ORDER BY entity, code',
          [hall.code],
        );
        return HallCatalog.parse({ hall: hall.code, entries: rows.rows });
      },
    }),
    route({
      method: 'get',
      path: '/api/feed',
      access: 'user',
      summary: "Events of the user's halls after a feed_seq (replay after a reconnect or a Redis outage)",
      query: FeedQuery,
      handler: async ({ user, query }) => {
        const events = await eventsAfter(pool, query.after, { path: scopePath(user!), limit: query.limit });
        return FeedResponse.parse({ events, last: events.length ? events[events.length - 1]!.feedSeq : query.after });
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/regions',
      access: 'admin',
      summary: 'Register a region under its parent (行政区划代码 checked against its level and parent)',
      body: CreateRegionBody,
      handler: async ({ user, body, res }) => {
        const region = await createRegion(pool, body);
        await audit(pool, { actor: `user:${user!.username}`, action: 'region.created', target: region.code, detail: { level: region.level, parent: region.parent } });
        res.status(201);
        return RegionView.parse(toRegionView(region));
      },
    }),
  ];
}
