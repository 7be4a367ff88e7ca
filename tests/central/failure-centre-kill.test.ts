/**
 * The centre SIGKILLed while a hall's uplink is posting, then restarted on the same database: the
 * hall's events end up in the centre exactly once, in order, and the projections count each ticket
 * once. Real processes throughout (central/main.ts, a hall with its uplink, a TCP proxy between).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { CuttableProxy, hallEvents, hallHealth, hallTicketCount, portOf, spawnCentre, spawnHall, takeTicket, until, type Child } from './failure-processes.ts';

const HALL = DEMO_HALLS[2]!; // a township centre
let db: TestDatabase;
let pool: pg.Pool;
let centre: Child | undefined;
let hall: Child | undefined;
let proxy: CuttableProxy | undefined;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('hallq_c2_kill');
  centre = await spawnCentre(db.url);
  proxy = new CuttableProxy(portOf(centre.url));
  await proxy.start();
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-kill-'));
  hall = await spawnHall({ dataDir: dir, code: HALL.code, uplinkUrl: proxy.url, token: HALL.token, speed: 60 });
  pool = db.pool(2);
}, 90_000);

afterAll(async () => {
  await hall?.stop();
  await proxy?.close();
  await centre?.stop();
  await pool?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const stored = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [HALL.code])).rows[0]!.n;

describe('the centre killed during ingestion', () => {
  it('loses and doubles nothing once restarted', async () => {
    // Keep the hall busy: eight kiosks' worth of tickets in flight, so batches are always being posted.
    let running = true;
    let taken = 0;
    const load = Promise.all(
      Array.from({ length: 8 }, async (_, k) => {
        while (running) {
          expect(await takeTicket(hall!.url, ['QA', 'QB', 'QC', 'QD'][k % 4])).toBe(200);
          taken++;
        }
      }),
    );
    await until('ingestion under way', async () => (await stored()) > 50);
    await centre!.kill(); // SIGKILL mid-ingestion: some batch is likely half-way through its transaction
    const atKill = await stored();
    await until('the hall to notice', async () => (await hallHealth(hall!.url)).uplink?.connected === false);
    centre = await spawnCentre(db.url);
    proxy!.retarget(portOf(centre.url));
    await until('more tickets after the restart', () => taken > atKill + 200, 60_000);
    running = false;
    await load;
    const last = (await hallHealth(hall!.url)).seq;
    await until('the centre to hold everything', async () => (await hallHealth(hall!.url)).uplink?.highWater === last, 60_000, () => hallHealth(hall!.url));

    const centreEvents = (await pool.query<{ seq: string; type: string }>('SELECT seq, type FROM central_events WHERE hall = $1 ORDER BY seq', [HALL.code])).rows.map((r) => ({ seq: Number(r.seq), type: r.type }));
    expect(centreEvents).toEqual(hallEvents(dir).map((e) => ({ seq: e.seq, type: e.type })));
    const tickets = await pool.query<{ n: number; ids: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM proj_tickets WHERE hall = $1', [HALL.code]);
    expect(tickets.rows[0]).toEqual({ n: hallTicketCount(dir), ids: hallTicketCount(dir) });
    const daily = await pool.query<{ issued: number }>('SELECT COALESCE(sum(issued), 0)::int AS issued FROM proj_daily WHERE hall = $1', [HALL.code]);
    expect(daily.rows[0]!.issued).toBe(hallTicketCount(dir));
    expect((await pool.query('SELECT 1 FROM central_divergences')).rowCount).toBe(0);
  }, 150_000);
});
