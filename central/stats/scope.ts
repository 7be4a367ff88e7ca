import type pg from 'pg';
import type { CentralUser } from '../auth/principal.ts';
import { canSeePath, scopePath } from '../auth/principal.ts';
import { forbidden, notFound } from '../errors.ts';
import { hallByCode, hallsUnder, type HallRow } from '../halls/halls.ts';
import { regionByCode, type RegionRow } from '../regions/store.ts';

/**
 * What a statistics request covers: a region of the user's subtree (default the user's own region,
 * or every hall for an admin), or one hall in it. Outside the subtree: 403.
 */
export interface StatsScope {
  region: RegionRow | null;
  hall: HallRow | null;
  /** The path every hall of the scope lies under. */
  path: string;
  halls: HallRow[];
}

export async function regionInScope(pool: pg.Pool, user: CentralUser, code: string): Promise<RegionRow> {
  const region = await regionByCode(pool, code);
  if (!region) throw notFound(`区域 ${code} `);
  if (!canSeePath(user, region.path)) throw forbidden(`区域 ${code} 不在您的管辖范围内。`);
  return region;
}

export async function hallInScope(pool: pg.Pool, user: CentralUser, code: string): Promise<HallRow> {
  const hall = await hallByCode(pool, code);
  if (!hall) throw notFound(`营业厅 ${code} `);
  if (!canSeePath(user, hall.path)) throw forbidden(`营业厅 ${code} 不在您的管辖范围内。`);
  return hall;
}

export async function resolveScope(pool: pg.Pool, user: CentralUser | null, q: { region?: string | undefined; hall?: string | undefined }): Promise<StatsScope> {
  if (q.hall) {
    const hall = user ? await hallInScope(pool, user, q.hall) : await hallByCode(pool, q.hall);
    if (!hall) throw notFound(`营业厅 ${q.hall} `);
    return { region: null, hall, path: hall.path, halls: [hall] };
  }
  const region = q.region ? (user ? await regionInScope(pool, user, q.region) : await regionByCode(pool, q.region)) : (user?.region ?? null);
  if (q.region && !region) throw notFound(`区域 ${q.region} `);
  const found = region ?? null;
  const path = found?.path ?? (user ? scopePath(user) : '/');
  return { region: found, hall: null, path, halls: await hallsUnder(pool, path) };
}
