/**
 * A WAN cut of a simulated hour between a hall and the centre, all real processes: the centre
 * (central/main.ts on its own PostgreSQL database), the hall (its SQLite file, its uplink) and a TCP
 * proxy the test cuts. The hall keeps taking tickets; after the cut the backlog drains in order,
 * nothing lost, nothing doubled in the centre's events or projections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { CuttableProxy, hallEvents, hallHealth, hallTicketCount, portOf, spawnCentre, spawnHall, takeTicket, until, type Child } from './failure-processes.ts';

const HALL = DEMO_HALLS[10]!; // a village station
const SPEED = 600; // a simulated hour is six real seconds
let db: TestDatabase;
let pool: pg.Pool;
let centre: Child | undefined;
let hall: Child | undefined;
let proxy: CuttableProxy | undefined;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('hallq_c2_wan');
  centre = await spawnCentre(db.url);
  proxy = new CuttableProxy(portOf(centre.url));
  await proxy.start();
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-wan-'));
  hall = await spawnHall({ dataDir: dir, code: HALL.code, uplinkUrl: proxy.url, token: HALL.token, speed: SPEED });
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

const centreSeqs = async () => (await pool.query<{ seq: string; type: string }>('SELECT seq, type FROM central_events WHERE hall = $1 ORDER BY seq', [HALL.code])).rows.map((r) => ({ seq: Number(r.seq), type: r.type }));

describe('a WAN cut of a simulated hour', () => {
  it('leaves the hall serving, then drains the backlog in order with no loss and no duplicate', async () => {
    for (let i = 0; i < 5; i++) expect(await takeTicket(hall!.url)).toBe(200);
    await until('the centre to catch up before the cut', async () => (await hallHealth(hall!.url)).uplink?.lagEvents === 0 && (await hallHealth(hall!.url)).uplink?.connected === true);
    const beforeCut = (await hallHealth(hall!.url)).seq;

    proxy!.cut();
    const cutAt = Date.now();
    let taken = 0;
    // One simulated hour of a busy station: a ticket every simulated minute or so, while the WAN is down.
    while (Date.now() - cutAt < 3_600_000 / SPEED) {
      expect(await takeTicket(hall!.url, ['QA', 'QB', 'QC'][taken % 3])).toBe(200);
      taken++;
      await new Promise((r) => setTimeout(r, 60));
    }
    const during = await hallHealth(hall!.url);
    expect(during.uplink).toMatchObject({ connected: false, state: 'retrying' });
    expect(during.uplink!.lagEvents).toBe(during.seq - beforeCut);
    expect(during.uplink!.highWater).toBe(beforeCut);
    expect((await centreSeqs()).length).toBe(beforeCut);
    expect(taken).toBeGreaterThan(20);

    proxy!.restore();
    const last = (await hallHealth(hall!.url)).seq;
    await until('the backlog to drain', async () => (await hallHealth(hall!.url)).uplink?.highWater === last, 30_000, () => hallHealth(hall!.url));
    const health = await hallHealth(hall!.url);
    expect(health.uplink).toMatchObject({ connected: true, state: 'connected', lagEvents: 0, error: null });

    // In the centre: exactly seqs 1..last, each the event the hall holds under it.
    const local = hallEvents(dir).filter((e) => e.seq <= last);
    expect(await centreSeqs()).toEqual(local.map((e) => ({ seq: e.seq, type: e.type })));
    // Projections: every ticket once, the ones taken during the cut included.
    const tickets = await pool.query<{ n: number; distinct_ids: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct_ids FROM proj_tickets WHERE hall = $1', [HALL.code]);
    expect(tickets.rows[0]).toEqual({ n: hallTicketCount(dir), distinct_ids: hallTicketCount(dir) });
    const daily = await pool.query<{ issued: number }>('SELECT COALESCE(sum(issued), 0)::int AS issued FROM proj_daily WHERE hall = $1', [HALL.code]);
    expect(daily.rows[0]!.issued).toBe(hallTicketCount(dir));
  }, 90_000);
});
