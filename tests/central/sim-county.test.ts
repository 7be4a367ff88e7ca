/**
 * The hall simulator against the real centre (central/app.ts on a fresh PostgreSQL database): real
 * hall servers on SQLite, their uplinks over HTTP on 127.0.0.1, the centre's projections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { nextOpening, startSimulator, type Simulator } from '../../central/sim/simulator.ts';
import { countyCatalogue, simulatedHallConfig } from '../../central/sim/halls.ts';
import { syntheticIdNumber } from '../../central/sim/id-numbers.ts';
import { CompressedClock } from '../../central/sim/clock.ts';
import { createLogger } from '../../server/common/logger.ts';
import { localParts } from '../../server/common/hall-time.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

let c: TestCentral;
let sim: Simulator | undefined;
// The county centre, a township centre and a village station.
const HALLS = [DEMO_HALLS[0]!, DEMO_HALLS[1]!, DEMO_HALLS[9]!];

beforeAll(async () => {
  c = await startTestCentral();
});
afterAll(async () => {
  await sim?.close();
  await c?.stop();
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(sim?.halls.map((h) => [h.demo.code, h.traffic.counts]))} at ${sim?.clock.now().toISOString()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the hall simulator', () => {
  it('cuts the county catalogue to each hall’s size under the hall’s own code', () => {
    const sizes = HALLS.map((h) => simulatedHallConfig(h)).map((cfg) => [cfg.hall.code, cfg.hall.level, cfg.windows.length]);
    expect(sizes).toEqual([
      ['LCJ-ZWFW', 'county', countyCatalogue().windows.length],
      ['LCJ-T01', 'township', 4],
      ['LCJ-V01', 'village', 2],
    ]);
  });

  it('makes ID numbers with a valid GB 11643 check digit', () => {
    const id = syntheticIdNumber(() => 0.5);
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...id.slice(0, 17)].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
    expect(id[17]).toBe('10X98765432'[sum % 11]);
  });

  it('opens on a working morning and skips nights and weekends', () => {
    const cfg = countyCatalogue();
    // Friday 2026-12-04 18:00 Shanghai → Monday 2026-12-07 08:50.
    const monday = nextOpening(new Date('2026-12-04T10:00:00Z'), cfg);
    expect(localParts(monday, 'Asia/Shanghai')).toMatchObject({ date: '2026-12-07', time: '08:50' });
    const clock = new CompressedClock(new Date('2026-12-01T01:00:00Z'), 60);
    clock.jumpTo(new Date('2026-11-01T00:00:00Z')); // never backwards
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(new Date('2026-12-01T01:00:00Z').getTime());
  });

  it('runs real halls whose uplinks fill the centre: every event once, in order, tickets and evaluations projected', async () => {
    // Tuesday 2026-12-01 09:30 in Shanghai, at 600×: a simulated hour every six seconds.
    sim = await startSimulator({ centralUrl: c.central.url, halls: HALLS, speed: 600, tickMs: 50, start: new Date('2026-12-01T01:30:00Z'), log: createLogger('silent') });
    await until('tickets served and rated in every hall', () => sim!.halls.every((h) => h.traffic.counts.served >= 2) && sim!.counts().evaluated >= 5, 80_000);
    for (const h of sim.halls) {
      const last = h.server.ctx.engine.core.log.lastSeq();
      await h.server.uplink!.drained(last);
      const rows = await c.central.pool.query<{ n: number; max: string; min: string }>('SELECT count(*)::int AS n, max(seq) AS max, min(seq) AS min FROM central_events WHERE hall = $1', [h.demo.code]);
      // Drained at `last`, the hall may have committed more since: the centre holds at least 1..last, no seq twice (primary key), no gap.
      expect(Number(rows.rows[0]!.min)).toBe(1);
      expect(rows.rows[0]!.n).toBe(Number(rows.rows[0]!.max));
      expect(rows.rows[0]!.n).toBeGreaterThanOrEqual(last);
      const issued = await c.central.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM proj_tickets WHERE hall = $1', [h.demo.code]);
      expect(issued.rows[0]!.n).toBeGreaterThan(0);
    }
    const rated = await c.central.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM proj_tickets WHERE evaluation IS NOT NULL');
    expect(rated.rows[0]!.n).toBeGreaterThan(0);
    const divergences = await c.central.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM central_divergences');
    expect(divergences.rows[0]!.n).toBe(0);
    expect(sim.counts().halted).toBe(0);
  }, 120_000);
});
