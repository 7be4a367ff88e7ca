import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { forgetPartitions, PARTITIONED_TABLES } from '../../central/db/partitions.ts';
import { PROJECTION_TABLES, rebuildProjections } from '../../central/projections/index.ts';
import { regionMonthStats } from '../../central/stats/region-month.ts';
import type { HallEvent } from '../../contract/events.ts';
import { scriptedHall } from './ingest-script.ts';
import { diffSnapshots, snapshotProjections } from './projection-compare.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/**
 * Projections are a function of central_events alone: ingest three halls over days in two months in
 * awkward batch sizes, then clear the projections, rebuild them from the events in different chunks,
 * and compare every row of every table.
 */
let c: TestCentral;
const halls = DEMO_HALLS.slice(0, 3);
const logs = new Map<string, HallEvent[]>();

beforeAll(async () => {
  c = await startTestCentral();
  for (const [i, h] of halls.entries()) {
    // With evaluation records and push states, which cross batch boundaries like everything else.
    const s = scriptedHall(h.code, 11 + i, { records: true });
    for (const day of ['2026-10-30', '2026-10-31', '2026-11-02', '2026-11-03']) s.day(day, 25 + 10 * i);
    logs.set(h.code, s.events);
    const size = [7, 37, 500][i]!;
    for (let k = 0; k < s.events.length; k += size) {
      const r = await c.post(h.token, h.code, s.events.slice(k, k + size));
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    }
  }
}, 60_000);
afterAll(() => c?.stop());

describe('projection rebuild', () => {
  it('fills every projection and partitions by month', async () => {
    const snap = await snapshotProjections(c.central.pool);
    for (const table of PROJECTION_TABLES) expect(snap[table]!.length, table).toBeGreaterThan(0);
    const parts = await c.central.pool.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'proj_tickets' ORDER BY 1",
    );
    expect(parts.rows.map((r) => r.name)).toEqual(['proj_tickets_2026_10', 'proj_tickets_2026_11']);
    const perMonth = await c.central.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM proj_tickets_2026_10');
    expect(perMonth.rows[0]!.n).toBeGreaterThan(0);
  });

  it('counts each ticket once however the batches fell', async () => {
    const tickets = await c.central.pool.query<{ hall: string; n: number }>('SELECT hall, count(*)::int AS n FROM proj_tickets GROUP BY hall ORDER BY hall');
    const issued = await c.central.pool.query<{ hall: string; n: number }>('SELECT hall, sum(issued)::int AS n FROM proj_daily GROUP BY hall ORDER BY hall');
    const expected = halls
      .map((h) => ({ hall: h.code, n: new Set(logs.get(h.code)!.filter((e) => e.type === 'ticket.issued').map((e) => e.ticket!.id)).size }))
      .sort((a, b) => a.hall.localeCompare(b.hall));
    expect(tickets.rows).toEqual(expected);
    expect(issued.rows).toEqual(expected);
  });

  it('rebuilds the same rows from the events alone after the projections are emptied', async () => {
    const before = await snapshotProjections(c.central.pool);
    const statsBefore = await regionMonthStats(c.central.pool, '530830', '2026-11', { via: 'aggregates' });
    await c.central.pool.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
    expect((await c.central.pool.query('SELECT count(*)::int AS n FROM proj_daily')).rows[0].n).toBe(0);
    forgetPartitions(c.central.pool);
    const result = await rebuildProjections(c.central.pool);
    expect(result.events).toBe([...logs.values()].reduce((n, l) => n + l.length, 0));
    const after = await snapshotProjections(c.central.pool);
    expect(diffSnapshots(before, after)).toEqual([]);
    expect(await regionMonthStats(c.central.pool, '530830', '2026-11', { via: 'aggregates' })).toEqual(statsBefore);
  });

  it('rebuilds the same rows after every monthly partition was dropped (they are made again on demand)', async () => {
    const before = await snapshotProjections(c.central.pool);
    const parts = await c.central.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = ANY($1)`,
      [[...PARTITIONED_TABLES]],
    );
    expect(parts.rows.length).toBe(PARTITIONED_TABLES.length * 2);
    for (const r of parts.rows) await c.central.pool.query(`DROP TABLE ${r.name}`);
    await c.central.pool.query(`TRUNCATE ${PROJECTION_TABLES.filter((t) => !(PARTITIONED_TABLES as readonly string[]).includes(t)).join(', ')}`);
    forgetPartitions(c.central.pool);
    await rebuildProjections(c.central.pool);
    expect(diffSnapshots(before, await snapshotProjections(c.central.pool))).toEqual([]);
  });

  it('the comparison catches a single wrong figure, and a rebuild repairs it', async () => {
    const good = await snapshotProjections(c.central.pool);
    await c.central.pool.query(
      `UPDATE proj_daily_2026_11 SET served = served + 1 WHERE ctid = (SELECT ctid FROM proj_daily_2026_11 ORDER BY hall, day, queue LIMIT 1)`,
    );
    const bad = await snapshotProjections(c.central.pool);
    const diffs = diffSnapshots(good, bad);
    expect(diffs.map((d) => d.table)).toEqual(['proj_daily']);
    expect(diffs[0]!.onlyA).toHaveLength(1);
    await rebuildProjections(c.central.pool, { halls: halls.map((h) => h.code) });
    expect(diffSnapshots(good, await snapshotProjections(c.central.pool))).toEqual([]);
  });
});
