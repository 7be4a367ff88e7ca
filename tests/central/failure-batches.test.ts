/**
 * Duplicate and out-of-order batches, posted by hand over HTTP to the centre in a child process
 * (central/main.ts). The events are a real hall's (a hall server on SQLite, its tickets taken and
 * served through its own API), so the centre's projections can be checked against the hall.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import type { HallEvent } from '../../contract/events.ts';
import { startHallServer } from '../../server/app.ts';
import { createLogger } from '../../server/common/logger.ts';
import { childHallConfig } from '../fixtures/child-server.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { spawnCentre, takeTicket, type Child } from './failure-processes.ts';

const HALL = DEMO_HALLS[6]!;
let db: TestDatabase;
let pool: pg.Pool;
let centre: Child | undefined;
let dir: string;
let events: HallEvent[] = [];
let tickets = 0;

beforeAll(async () => {
  db = await createTestDatabase('hallq_c2_batches');
  centre = await spawnCentre(db.url);
  pool = db.pool(2);
  // A real hall's day: 30 tickets taken at its kiosk, over its HTTP API.
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-batches-'));
  const base = childHallConfig();
  const hall = await startHallServer({ dataDir: dir, configFile: '(test)', config: { ...base, hall: { ...base.hall, code: HALL.code } }, port: 0, host: '127.0.0.1', logger: createLogger('silent'), backups: false, devices: false });
  for (let i = 0; i < 30; i++) expect(await takeTicket(hall.url, ['QA', 'QB'][i % 2])).toBe(200);
  await hall.close();
  const file = new Database(path.join(dir, 'hallq.db'), { readonly: true });
  events = (file.prepare('SELECT body FROM events ORDER BY seq').all() as { body: string }[]).map((r) => JSON.parse(r.body) as HallEvent);
  tickets = (file.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  file.close();
}, 90_000);

afterAll(async () => {
  await centre?.stop();
  await pool?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function post(batch: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${centre!.url}/api/uplink/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${HALL.token}` }, body: JSON.stringify(batch) });
  return { status: res.status, body: await res.json() };
}
const batch = (from: number, to: number) => ({ hall: HALL.code, epoch: 'epoch-of-the-test-hall', events: events.filter((e) => e.seq >= from && e.seq <= to) });
const projected = async () => (await pool.query('SELECT id, number, state, seq FROM proj_tickets WHERE hall = $1 ORDER BY id', [HALL.code])).rows;
const issuedSum = async () => (await pool.query<{ n: number }>('SELECT COALESCE(sum(issued), 0)::int AS n FROM proj_daily WHERE hall = $1', [HALL.code])).rows[0]!.n;

describe('batches posted by hand', () => {
  it('stores a batch once: the same batch again is all duplicates and changes no projection', async () => {
    expect(await post(batch(1, 10))).toEqual({ status: 200, body: { highWater: 10, accepted: 10, duplicates: 0 } });
    const once = await projected();
    const issued = await issuedSum();
    expect(await post(batch(1, 10))).toEqual({ status: 200, body: { highWater: 10, accepted: 0, duplicates: 10 } });
    expect(await projected()).toEqual(once);
    expect(await issuedSum()).toBe(issued);
  });

  it('refuses a batch that starts after a gap, naming where to resume, and stores none of it', async () => {
    const r = await post(batch(15, 20));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('UPLINK_GAP');
    expect(r.body.error.details.highWater).toBe(10);
    expect((await pool.query('SELECT 1 FROM central_events WHERE hall = $1 AND seq > 10', [HALL.code])).rowCount).toBe(0);
  });

  it('refuses events out of order within a batch as invalid', async () => {
    const b = batch(11, 14);
    b.events.reverse();
    const r = await post(b);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect((await pool.query('SELECT 1 FROM central_events WHERE hall = $1 AND seq > 10', [HALL.code])).rowCount).toBe(0);
  });

  it('takes an overlapping batch (part held, part new) and, after everything, holds each event and ticket once', async () => {
    expect(await post(batch(11, 20))).toEqual({ status: 200, body: { highWater: 20, accepted: 10, duplicates: 0 } });
    expect(await post(batch(5, events.length))).toEqual({ status: 200, body: { highWater: events.length, accepted: events.length - 20, duplicates: 16 } });
    // An old batch arriving late (a retry delayed in the network) changes nothing.
    const settled = await projected();
    expect(await post(batch(3, 8))).toEqual({ status: 200, body: { highWater: events.length, accepted: 0, duplicates: 6 } });
    expect(await projected()).toEqual(settled);
    const stored = await pool.query<{ seq: string }>('SELECT seq FROM central_events WHERE hall = $1 ORDER BY seq', [HALL.code]);
    expect(stored.rows.map((r) => Number(r.seq))).toEqual(events.map((e) => e.seq));
    expect(settled.length).toBe(tickets);
    expect(await issuedSum()).toBe(tickets);
  });
});
