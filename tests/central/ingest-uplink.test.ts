import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestedNotice } from '../../central/bus.ts';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { scriptedHall } from './ingest-script.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

const hallA = DEMO_HALLS[0]!; // LCJ-ZWFW, the county centre
const hallB = DEMO_HALLS[1]!;

let c: TestCentral;
beforeAll(async () => {
  c = await startTestCentral();
});
afterAll(() => c?.stop());

describe('uplink ingestion', () => {
  it('answers health and a high-water mark of 0 for a hall that never posted', async () => {
    expect((await c.api('GET', '/api/health')).body).toMatchObject({ status: 'ok', database: 'ok' });
    const hw = await c.api('GET', '/api/uplink/v1/high-water', { token: hallA.token });
    expect(hw.status).toBe(200);
    expect(hw.body).toEqual({ hall: hallA.code, highWater: 0, epoch: null, diverged: false });
  });

  it('stores a batch, counts a retry as duplicates, and emits each stored event once on the bus with a feed_seq', async () => {
    const h = scriptedHall(hallA.code, 7);
    const events = h.day('2026-11-30', 20);
    const notices: IngestedNotice[] = [];
    c.central.bus.on('ingested', (n) => notices.push(n));
    const first = await c.post(hallA.token, hallA.code, events.slice(0, 50));
    expect(first).toEqual({ status: 200, body: { highWater: 50, accepted: 50, duplicates: 0 } });
    const retry = await c.post(hallA.token, hallA.code, events.slice(0, 50));
    expect(retry).toEqual({ status: 200, body: { highWater: 50, accepted: 0, duplicates: 50 } });
    // Overlapping: 10 already held, the rest new.
    const overlap = await c.post(hallA.token, hallA.code, events.slice(40));
    expect(overlap.body).toEqual({ highWater: events.length, accepted: events.length - 50, duplicates: 10 });
    const stored = await c.central.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [hallA.code]);
    expect(stored.rows[0]!.n).toBe(events.length);
    expect(notices.flatMap((n) => n.events.map((e) => e.event.seq))).toEqual(events.map((e) => e.seq));
    const feeds = notices.flatMap((n) => n.events.map((e) => e.feedSeq));
    expect([...feeds].sort((a, b) => a - b)).toEqual(feeds);
    expect(notices[0]!.hall).toMatchObject({ code: hallA.code, region: hallA.region, regionPath: ['530000', '530800', '530830'] });
    const hw = await c.api('GET', '/api/uplink/v1/high-water', { token: hallA.token });
    expect(hw.body).toMatchObject({ highWater: events.length, epoch: 'epoch-1', diverged: false });
  });

  it('refuses a batch that starts after highWater + 1 with UPLINK_GAP and stores nothing of it', async () => {
    const h = scriptedHall(hallB.code, 3);
    const events = h.day('2026-11-30', 5);
    expect((await c.post(hallB.token, hallB.code, events.slice(0, 3))).status).toBe(200);
    const gap = await c.post(hallB.token, hallB.code, events.slice(5, 9));
    expect(gap.status).toBe(409);
    expect(gap.body.error).toMatchObject({ code: 'UPLINK_GAP', details: { highWater: 3 } });
    const n = await c.central.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [hallB.code]);
    expect(n.rows[0]!.n).toBe(3);
    // Resuming from the mark works.
    expect((await c.post(hallB.token, hallB.code, events.slice(3))).body).toMatchObject({ highWater: events.length, accepted: events.length - 3 });
  });

  it('refuses a batch naming another hall than the token (403 HALL_MISMATCH) and events of another hall (400)', async () => {
    const h = scriptedHall(hallB.code, 4);
    const r = await c.post(hallA.token, hallB.code, h.day('2026-11-30', 1));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('HALL_MISMATCH');
    const mixed = await c.post(hallA.token, hallA.code, h.events.slice(0, 2));
    expect(mixed.status).toBe(400);
  });

  it('refuses an unknown token with 401 HALL_TOKEN_INVALID and audits it', async () => {
    const r = await c.post('not-a-real-token-123', hallA.code, scriptedHall(hallA.code).day('2026-11-30', 1));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('HALL_TOKEN_INVALID');
    const audit = await c.central.pool.query("SELECT * FROM central_audit WHERE action = 'uplink.token_refused'");
    expect(audit.rowCount).toBeGreaterThan(0);
  });

  it('stops auditing a flood of wrong tokens from one address (429 past 60 a minute)', async () => {
    const audited = async () => (await c.central.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM central_audit WHERE action = 'uplink.token_refused'")).rows[0]!.n;
    const before = await audited();
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await c.api('GET', '/api/uplink/v1/high-water', { token: `wrong-token-${i}` })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect((await audited()) - before).toBeLessThanOrEqual(60);
    // A valid token still gets through.
    expect((await c.api('GET', '/api/uplink/v1/high-water', { token: hallA.token })).status).toBe(200);
  });

  it('refuses events whose day or instants PostgreSQL could not store, with 400 and nothing stored', async () => {
    const h = scriptedHall(hallB.code, 9);
    const [first] = h.day('2026-11-30', 1);
    const hw = (await c.api('GET', '/api/uplink/v1/high-water', { token: hallB.token })).body.highWater as number;
    for (const bad of [{ day: '2026-13-01' }, { day: '2026-02-30' }, { at: 'yesterday' }]) {
      const r = await c.post(hallB.token, hallB.code, [{ ...first!, seq: hw + 1, ...bad }]);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
    }
    expect((await c.api('GET', '/api/uplink/v1/high-water', { token: hallB.token })).body.highWater).toBe(hw);
  });

  it('requires a JSON content type on the uplink', async () => {
    const r = await c.api('POST', '/api/uplink/v1/events', { token: hallA.token, body: '{}', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
  });
});
