import type pg from 'pg';
import type { HallKind, HallView } from '../../contract/central/api.ts';
import { newSecret, sha256Hex } from '../auth/tokens.ts';
import { CentralError, invalid, notFound } from '../errors.ts';
import { pathCodes, regionByCode } from '../regions/store.ts';

/**
 * Halls registered under a region, each with a hall token for its uplink. Only the token's SHA-256 is
 * stored; revoking clears it (the hall is refused until an admin issues a new token).
 */
export interface HallRow {
  code: string;
  name: string;
  kind: HallKind;
  region: string;
  path: string;
  high_water: number;
  epoch: string | null;
  diverged: boolean;
  token_hash: string | null;
  last_contact_at: Date | null;
}

const SELECT = `SELECT h.code, h.name, h.kind, h.region, r.path, h.high_water, h.epoch, h.diverged, h.token_hash, h.last_contact_at
  FROM central_halls h JOIN central_regions r ON r.code = h.region`;

export const toHallView = (h: HallRow): HallView => ({
  code: h.code,
  name: h.name,
  kind: h.kind,
  region: h.region,
  regionPath: pathCodes(h.path),
  highWater: h.high_water,
  epoch: h.epoch,
  diverged: h.diverged,
  tokenActive: h.token_hash !== null,
  lastContactAt: h.last_contact_at ? h.last_contact_at.toISOString() : null,
});

export async function hallByCode(db: pg.Pool | pg.PoolClient, code: string): Promise<HallRow | undefined> {
  return (await db.query<HallRow>(`${SELECT} WHERE h.code = $1`, [code])).rows[0];
}

export async function hallByToken(pool: pg.Pool, token: string): Promise<HallRow | undefined> {
  return (await pool.query<HallRow>(`${SELECT} WHERE h.token_hash = $1`, [sha256Hex(token)])).rows[0];
}

/** Halls whose region lies under the path ('/' for all). */
export async function hallsUnder(pool: pg.Pool, path: string): Promise<HallRow[]> {
  return (await pool.query<HallRow>(`${SELECT} WHERE r.path LIKE $1 ORDER BY r.path, h.code`, [`${path}%`])).rows;
}

/** Registers a hall; with `token` (demo seeding) that token, else a new random one. Returns the token. */
export async function registerHall(
  db: pg.Pool | pg.PoolClient,
  h: { code: string; name: string; kind: HallKind; region: string; token?: string },
  opts: { ifExists?: 'skip' | 'refuse' } = {},
): Promise<{ token: string | null }> {
  const region = await regionByCode(db, h.region);
  if (!region) throw notFound(`区域 ${h.region} `);
  if (region.level === 'province' || region.level === 'prefecture')
    throw invalid('营业厅只能登记在县区、乡镇街道或村社区之下。', { region: h.region });
  const token = h.token ?? newSecret();
  const res = await db.query(
    `INSERT INTO central_halls (code, name, kind, region, token_hash, token_issued_at) VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (code) DO NOTHING`,
    [h.code, h.name, h.kind, h.region, sha256Hex(token)],
  );
  if (res.rowCount) return { token };
  if (opts.ifExists === 'skip') return { token: null };
  throw new CentralError(409, 'HALL_EXISTS', `营业厅代码 ${h.code} 已登记。`);
}

export async function issueHallToken(db: pg.Pool | pg.PoolClient, code: string): Promise<string> {
  const token = newSecret();
  const res = await db.query('UPDATE central_halls SET token_hash = $2, token_issued_at = now(), token_revoked_at = NULL WHERE code = $1', [code, sha256Hex(token)]);
  if (!res.rowCount) throw notFound(`营业厅 ${code} `);
  return token;
}

export async function revokeHallToken(db: pg.Pool | pg.PoolClient, code: string): Promise<void> {
  const res = await db.query('UPDATE central_halls SET token_hash = NULL, token_revoked_at = now() WHERE code = $1', [code]);
  if (!res.rowCount) throw notFound(`营业厅 ${code} `);
}
