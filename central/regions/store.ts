import type pg from 'pg';
import type { RegionLevel, RegionView } from '../../contract/central/api.ts';
import { CentralError, invalid, notFound } from '../errors.ts';
import { regionCodeProblem } from './codes.ts';

/** Regions in PostgreSQL. A region's `path` ('/530000/530800/530830/') makes a subtree one LIKE. */

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
  path: string;
}

export const pathCodes = (path: string): string[] => path.split('/').filter(Boolean);

export const toRegionView = (r: RegionRow): RegionView => ({ code: r.code, name: r.name, level: r.level, parent: r.parent, path: pathCodes(r.path) });

export async function regionByCode(db: pg.Pool | pg.PoolClient, code: string): Promise<RegionRow | undefined> {
  return (await db.query<RegionRow>('SELECT code, name, level, parent, path FROM central_regions WHERE code = $1', [code])).rows[0];
}

/** Registers a region under its parent; refuses a code that does not fit its level or its parent. */
export async function createRegion(
  db: pg.Pool | pg.PoolClient,
  r: { code: string; name: string; level: RegionLevel; parent: string | null },
  opts: { ifExists?: 'skip' | 'refuse' } = {},
): Promise<RegionRow> {
  const parent = r.parent ? await regionByCode(db, r.parent) : undefined;
  if (r.parent && !parent) throw notFound(`上级区域 ${r.parent} `);
  const problem = regionCodeProblem(r.code, r.level, parent ?? null);
  if (problem) throw invalid(problem, { code: r.code });
  const path = `${parent?.path ?? '/'}${r.code}/`;
  const inserted = await db.query<RegionRow>(
    `INSERT INTO central_regions (code, name, level, parent, path) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO NOTHING RETURNING code, name, level, parent, path`,
    [r.code, r.name, r.level, r.parent, path],
  );
  if (inserted.rows[0]) return inserted.rows[0];
  if (opts.ifExists === 'skip') return (await regionByCode(db, r.code))!;
  throw new CentralError(409, 'REGION_EXISTS', `区域代码 ${r.code} 已登记。`);
}

/** Every region under (and including) the region with this path, ordered as a tree. */
export async function regionsUnder(db: pg.Pool | pg.PoolClient, path: string): Promise<RegionRow[]> {
  return (
    await db.query<RegionRow>(`SELECT code, name, level, parent, path FROM central_regions WHERE path LIKE $1 ORDER BY path`, [`${path}%`])
  ).rows;
}
