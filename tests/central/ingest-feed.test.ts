import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { eventsAfter, lastFeedSeq } from '../../central/feed.ts';
import pg from 'pg';
import { createTestDatabase } from './pg.ts';
import { scriptedHall } from './ingest-script.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/**
 * The global feed: a reader that replays "after feed_seq N" never passes an event that is still to
 * commit. Events become readable only once every older transaction has finished.
 */
let c: TestCentral;
beforeAll(async () => {
  c = await startTestCentral();
});
afterAll(() => c?.stop());

describe('feed replay', () => {
  it('holds back events while an older transaction is still open, then gives them in order', async () => {
    const [a, b] = [DEMO_HALLS[6]!, DEMO_HALLS[7]!];
    expect((await c.post(a.token, a.code, scriptedHall(a.code, 1).day('2026-11-30', 2))).status).toBe(200);
    const before = await eventsAfter(c.central.pool, 0);
    expect(before.length).toBeGreaterThan(0);
    const cursor = before[before.length - 1]!.feedSeq;
    expect(await lastFeedSeq(c.central.pool)).toBe(cursor);
    // An older transaction still open (as an ingest of another hall would be, mid-way).
    const open = await c.central.pool.connect();
    try {
      await open.query('BEGIN');
      await open.query('SELECT pg_current_xact_id()');
      const later = scriptedHall(b.code, 2).day('2026-11-30', 2);
      expect((await c.post(b.token, b.code, later)).status).toBe(200);
      expect(await eventsAfter(c.central.pool, cursor)).toEqual([]);
      await open.query('COMMIT');
      const after = await eventsAfter(c.central.pool, cursor);
      expect(after.map((e) => e.event.seq)).toEqual(later.map((e) => e.seq));
      expect(after.every((e, i) => i === 0 || e.feedSeq > after[i - 1]!.feedSeq)).toBe(true);
    } finally {
      open.release();
    }
  });

  it('is not held back by a transaction open in another database of the same cluster', async () => {
    // Transaction ids are cluster-wide: a bulk load or report in another database must not freeze
    // every console's replay here (it cannot write to this database).
    const [a] = [DEMO_HALLS[8]!];
    const other = await createTestDatabase('hallq_feed_other');
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TABLE held (n int)');
      await client.query('INSERT INTO held VALUES (1)');
      const cursor = await lastFeedSeq(c.central.pool);
      const batch = scriptedHall(a.code, 3).day('2026-11-30', 2);
      expect((await c.post(a.token, a.code, batch)).status).toBe(200);
      const after = await eventsAfter(c.central.pool, cursor);
      expect(after.map((e) => e.event.seq)).toEqual(batch.map((e) => e.seq));
      expect(await lastFeedSeq(c.central.pool)).toBe(after[after.length - 1]!.feedSeq);
      await client.query('COMMIT');
    } finally {
      await client.end();
      await other.drop();
    }
  });

  it('scopes the feed to a region path', async () => {
    const all = await eventsAfter(c.central.pool, 0, { limit: 5000 });
    const other = await eventsAfter(c.central.pool, 0, { path: '/530000/530800/530802/' });
    expect(all.length).toBeGreaterThan(0);
    expect(other).toEqual([]);
  });
});
