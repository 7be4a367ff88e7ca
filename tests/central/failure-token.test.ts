/**
 * Wrong and revoked hall tokens, real processes: a hall started with a token the centre never issued
 * is refused and halts its uplink; a hall whose token an admin revokes while it runs is refused from
 * its next batch on and halts too; each refusal is in the centre's audit log, and nothing of either
 * hall's refused events is stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { DEMO_USERS } from '../../central/seed/demo.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { hallHealth, spawnCentre, spawnHall, takeTicket, until, type Child } from './failure-processes.ts';

let db: TestDatabase;
let pool: pg.Pool;
let centre: Child | undefined;
const halls: Child[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase('hallq_c2_token');
  centre = await spawnCentre(db.url);
  pool = db.pool(2);
}, 90_000);

afterAll(async () => {
  await Promise.all(halls.map((h) => h.stop()));
  await centre?.stop();
  await pool?.end();
  await db?.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function hallWith(code: string, token: string): Promise<Child> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-token-'));
  dirs.push(dir);
  const h = await spawnHall({ dataDir: dir, code, uplinkUrl: centre!.url, token });
  halls.push(h);
  return h;
}

const refusals = async () => (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM central_audit WHERE action = 'uplink.token_refused'")).rows[0]!.n;
const storedOf = async (code: string) => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [code])).rows[0]!.n;

describe('hall tokens', () => {
  it('refuses a wrong token, audits it, and the hall halts its uplink instead of retrying', async () => {
    const hall = await hallWith(DEMO_HALLS[4]!.code, 'not-a-token-the-centre-issued');
    await until('the halt', async () => (await hallHealth(hall.url)).uplink?.state === 'halted', 30_000, () => hallHealth(hall.url));
    expect((await hallHealth(hall.url)).uplink!.error!.code).toBe('HALL_TOKEN_INVALID');
    expect(await refusals()).toBeGreaterThanOrEqual(1);
    const after = await refusals();
    expect(await takeTicket(hall.url)).toBe(200); // the hall works on
    await new Promise((r) => setTimeout(r, 500)); // a retrying uplink would post within its 100–800 ms back-off
    expect(await refusals()).toBe(after);
    expect(await storedOf(DEMO_HALLS[4]!.code)).toBe(0);
  }, 60_000);

  it('refuses a revoked token from the next batch on, audited as revoked by the admin and as refused', async () => {
    const demo = DEMO_HALLS[5]!;
    const hall = await hallWith(demo.code, demo.token);
    expect(await takeTicket(hall.url)).toBe(200);
    await until('ingestion', async () => {
      const h = await hallHealth(hall.url);
      return h.uplink?.highWater === h.seq;
    });
    const held = await storedOf(demo.code);
    const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
    const login = await fetch(`${centre!.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: centre!.url }, body: JSON.stringify({ username: admin.username, password: admin.password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const revoke = await fetch(`${centre!.url}/api/admin/halls/${demo.code}/token`, { method: 'DELETE', headers: { cookie, origin: centre!.url } });
    expect(revoke.status).toBe(200);
    const before = await refusals();
    expect(await takeTicket(hall.url)).toBe(200);
    await until('the halt', async () => (await hallHealth(hall.url)).uplink?.state === 'halted', 30_000, () => hallHealth(hall.url));
    expect((await hallHealth(hall.url)).uplink!.error!.code).toBe('HALL_TOKEN_INVALID');
    expect(await refusals()).toBeGreaterThan(before);
    const revoked = await pool.query("SELECT actor FROM central_audit WHERE action = 'hall.token_revoked' AND target = $1", [demo.code]);
    expect(revoked.rowCount).toBe(1);
    expect(await storedOf(demo.code)).toBe(held);
  }, 60_000);
});
