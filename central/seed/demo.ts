import type pg from 'pg';
import type { CentralRole } from '../../contract/central/api.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_COUNTY, DEMO_HALLS, DEMO_REGIONS } from '../demo/county.ts';
import { inTransaction } from '../db/pool.ts';
import { registerHall } from '../halls/halls.ts';
import { createRegion } from '../regions/store.ts';

/**
 * Demo mode: the demo county (central/demo/county.ts: 41 regions, 39 halls with their public demo
 * tokens), one more county with no halls (思茅区, to show that scoping hides the demo county from its
 * supervisor), and one demo user per role. Idempotent: what exists is left as it is (a revoked demo
 * token stays revoked across restarts). Never run against production data.
 */

/** A second county of 普洱市 (its real GB/T 2260 code), with no halls. */
export const OTHER_COUNTY = { code: '530802', name: '思茅区', level: 'county' as const, parent: '530800' };

export interface DemoUser {
  username: string;
  displayName: string;
  role: CentralRole;
  region: string | null;
  password: string;
}

/** Public demo accounts (the README lists them); production starts with none. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: '平台管理员', role: 'admin', region: null, password: 'demo-admin-2026' },
  { username: 'yunnan', displayName: '云南省督查员', role: 'province', region: '530000', password: 'demo-yunnan-2026' },
  { username: 'puer', displayName: '普洱市督查员', role: 'prefecture', region: '530800', password: 'demo-puer-2026' },
  { username: 'lancang', displayName: '澜沧江县督查员', role: 'county', region: DEMO_COUNTY, password: 'demo-lancang-2026' },
  { username: 'simao', displayName: '思茅区督查员', role: 'county', region: OTHER_COUNTY.code, password: 'demo-simao-2026' },
];

export async function seedDemo(pool: pg.Pool): Promise<{ regions: number; halls: number; users: number }> {
  // Hash only the passwords of demo users not yet made (scrypt is deliberately slow).
  const existing = new Set((await pool.query<{ username: string }>('SELECT username FROM central_users')).rows.map((r) => r.username));
  const hashes = await Promise.all(DEMO_USERS.map((u) => (existing.has(u.username) ? null : hashPassword(u.password))));
  return inTransaction(pool, async (client) => {
    // Serialise with another instance seeding at the same moment.
    await client.query('SELECT pg_advisory_xact_lock(7302026003)');
    for (const r of [...DEMO_REGIONS, OTHER_COUNTY]) await createRegion(client, r, { ifExists: 'skip' });
    for (const h of DEMO_HALLS) await registerHall(client, h, { ifExists: 'skip' });
    for (const [i, u] of DEMO_USERS.entries()) {
      if (hashes[i] === null) continue;
      await client.query(
        `INSERT INTO central_users (username, display_name, role, region, password_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (username) DO NOTHING`,
        [u.username, u.displayName, u.role, u.region, hashes[i]],
      );
    }
    return { regions: DEMO_REGIONS.length + 1, halls: DEMO_HALLS.length, users: DEMO_USERS.length };
  });
}
