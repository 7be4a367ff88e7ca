/**
 * A hall restored from an old backup, all real processes: its SQLite file is copied mid-run, the hall
 * keeps serving (the centre ingests the later events), then the copy is put back and the hall
 * restarted. Its next events reuse seqs the centre already holds with other content: the centre answers
 * UPLINK_DIVERGED, records the divergence, and leaves its projections as they were; the hall halts its
 * uplink and says so in /api/health.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { hallHealth, spawnCentre, spawnHall, takeTicket, until, type Child } from './failure-processes.ts';

const HALL = DEMO_HALLS[3]!;
let db: TestDatabase;
let pool: pg.Pool;
let centre: Child | undefined;
let hall: Child | undefined;
let dir: string;
let backups: string;

beforeAll(async () => {
  db = await createTestDatabase('hallq_c2_restore');
  centre = await spawnCentre(db.url);
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-restore-'));
  backups = mkdtempSync(path.join(tmpdir(), 'hallq-restore-bak-'));
  pool = db.pool(2);
}, 90_000);

afterAll(async () => {
  await hall?.stop();
  await centre?.stop();
  await pool?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(backups, { recursive: true, force: true });
});

const start = () => spawnHall({ dataDir: dir, code: HALL.code, uplinkUrl: centre!.url, token: HALL.token });
const drained = async () => {
  const h = await hallHealth(hall!.url);
  return h.uplink?.highWater === h.seq && h.uplink.connected;
};
const projections = async () =>
  (await pool.query('SELECT id, number, state, seq FROM proj_tickets WHERE hall = $1 ORDER BY id', [HALL.code])).rows;

describe('a hall restored from an old backup', () => {
  it('is refused with UPLINK_DIVERGED, raised at the centre, and changes none of its projections', async () => {
    hall = await start();
    for (let i = 0; i < 6; i++) expect(await takeTicket(hall.url)).toBe(200);
    await until('the first tickets at the centre', drained);
    // The backup, taken from the live database the way the hall's own backups are (SQLite online backup).
    const live = new Database(path.join(dir, 'hallq.db'), { readonly: true });
    await live.backup(path.join(backups, 'hallq.db'));
    live.close();
    for (let i = 0; i < 6; i++) expect(await takeTicket(hall.url)).toBe(200);
    await until('the later tickets at the centre', drained);
    const highWater = (await hallHealth(hall.url)).seq;
    const before = await projections();
    expect(before.length).toBe(12);

    await hall.stop();
    for (const f of ['hallq.db', 'hallq.db-wal', 'hallq.db-shm']) rmSync(path.join(dir, f), { force: true });
    copyFileSync(path.join(backups, 'hallq.db'), path.join(dir, 'hallq.db'));
    hall = await start();
    expect((await hallHealth(hall.url)).seq).toBeLessThan(highWater);
    // The restored hall works on and takes tickets under seqs the centre already holds.
    for (let i = 0; i < 2; i++) expect(await takeTicket(hall.url)).toBe(200);
    await until('the uplink to halt', async () => (await hallHealth(hall!.url)).uplink?.state === 'halted', 30_000, () => hallHealth(hall!.url));
    expect((await hallHealth(hall.url)).uplink!.error!.code).toBe('UPLINK_DIVERGED');
    // The hall itself keeps serving.
    expect(await takeTicket(hall.url)).toBe(200);

    const divergences = await pool.query('SELECT * FROM central_divergences WHERE hall = $1', [HALL.code]);
    expect(divergences.rowCount).toBe(1);
    const hw = await fetch(`${centre!.url}/api/uplink/v1/high-water`, { headers: { authorization: `Bearer ${HALL.token}` } });
    expect(await hw.json()).toMatchObject({ hall: HALL.code, highWater, diverged: true });
    expect(await projections()).toEqual(before);
    const stored = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [HALL.code]);
    expect(stored.rows[0]!.n).toBe(highWater);
  }, 120_000);
});
