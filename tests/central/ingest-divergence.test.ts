import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DivergedNotice } from '../../central/bus.ts';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { HallEvent } from '../../contract/events.ts';
import { scriptedHall } from './ingest-script.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/** A hall restored from an old backup (same seqs, different content), and hall tokens revoked and re-issued. */
let c: TestCentral;
let admin: string;
const hall = DEMO_HALLS[2]!;

beforeAll(async () => {
  c = await startTestCentral();
  admin = await c.login('admin');
});
afterAll(() => c?.stop());

const count = async (sql: string, params: unknown[] = []) => (await c.central.pool.query<{ n: number }>(sql, params)).rows[0]!.n;

describe('divergence', () => {
  const original = scriptedHall(hall.code, 5);
  original.day('2026-11-30', 12);
  // The restored hall: the same log up to seq 20, then another history (a different day's traffic).
  const restored = scriptedHall(hall.code, 5);
  restored.day('2026-11-30', 12);
  const forked = restored.events.slice(0, 20).concat(
    scriptedHall(hall.code, 99)
      .day('2026-11-30', 30)
      .slice(20, 60)
      .map((e, i) => HallEvent.parse({ ...e, seq: 21 + i })),
  );

  it('raises a divergence when a held seq comes back with other content, and ingests nothing more', async () => {
    expect((await c.post(hall.token, hall.code, original.events, 'db-A')).status).toBe(200);
    const held = await count('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [hall.code]);
    const ticketsBefore = await count('SELECT count(*)::int AS n FROM proj_tickets WHERE hall = $1', [hall.code]);
    const raised: DivergedNotice[] = [];
    c.central.bus.on('diverged', (n) => raised.push(n));
    // The first 20 are the same: duplicates; seq 21 differs.
    const r = await c.post(hall.token, hall.code, forked.slice(0, 40), 'db-B');
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'UPLINK_DIVERGED', details: { highWater: original.events.length, seq: 21 } });
    expect(raised).toMatchObject([{ hall: { code: hall.code }, seq: 21 }]);
    expect(await count('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [hall.code])).toBe(held);
    expect(await count('SELECT count(*)::int AS n FROM proj_tickets WHERE hall = $1', [hall.code])).toBe(ticketsBefore);
    const hw = await c.api('GET', '/api/uplink/v1/high-water', { token: hall.token });
    expect(hw.body).toMatchObject({ highWater: original.events.length, epoch: 'db-A', diverged: true });
    // Even a batch that would fit is refused now.
    const next = scriptedHall(hall.code, 5);
    next.day('2026-11-30', 12);
    const more = next.day('2026-12-01', 2);
    expect((await c.post(hall.token, hall.code, more, 'db-A')).body.error.code).toBe('UPLINK_DIVERGED');
    const audit = await c.api('GET', '/api/admin/audit?action=uplink.diverged', { cookie: admin });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({ actor: `hall:${hall.code}`, target: hall.code, detail: { seq: 21, offeredEpoch: 'db-B' } });
  });

  it('an admin accepts the new history: held events from the fork are archived and the hall posts again from there', async () => {
    const divs = await c.api('GET', `/api/admin/halls/${hall.code}/divergences`, { cookie: admin });
    expect(divs.body.divergences).toMatchObject([{ seq: 21, heldEpoch: 'db-A', offeredEpoch: 'db-B', resolvedAt: null }]);
    const res = await c.api('POST', `/api/admin/halls/${hall.code}/divergence/resolve`, { cookie: admin, body: { action: 'accept_new_history', note: '恢复自备份' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ archived: original.events.length - 20, highWater: 20 });
    expect(await count('SELECT count(*)::int AS n FROM central_events_archive WHERE hall = $1', [hall.code])).toBe(original.events.length - 20);
    const hw = await c.api('GET', '/api/uplink/v1/high-water', { token: hall.token });
    expect(hw.body).toEqual({ hall: hall.code, highWater: 20, epoch: 'db-B', diverged: false });
    const again = await c.post(hall.token, hall.code, forked.slice(20), 'db-B');
    expect(again).toEqual({ status: 200, body: { highWater: forked.length, accepted: forked.length - 20, duplicates: 0 } });
    // Projections now follow the accepted history only.
    const ids = new Set(forked.filter((e) => e.ticket).map((e) => e.ticket!.id));
    expect(await count('SELECT count(*)::int AS n FROM proj_tickets WHERE hall = $1', [hall.code])).toBe(ids.size);
    const second = await c.api('POST', `/api/admin/halls/${hall.code}/divergence/resolve`, { cookie: admin, body: { action: 'accept_new_history' } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('NO_DIVERGENCE');
  });
});

describe('hall tokens', () => {
  const other = DEMO_HALLS[3]!;
  it('a revoked token is refused and audited; a re-issued one works and the old one does not', async () => {
    const events = scriptedHall(other.code, 8).day('2026-11-30', 2);
    expect((await c.post(other.token, other.code, events.slice(0, 5))).status).toBe(200);
    const revoke = await c.api('DELETE', `/api/admin/halls/${other.code}/token`, { cookie: admin });
    expect(revoke.status).toBe(200);
    expect(revoke.body).toMatchObject({ code: other.code, tokenActive: false });
    const refused = await c.post(other.token, other.code, events.slice(5));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('HALL_TOKEN_INVALID');
    expect(await count("SELECT count(*)::int AS n FROM central_audit WHERE action = 'uplink.token_refused'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM central_audit WHERE action = 'hall.token_revoked' AND target = $1", [other.code])).toBe(1);
    const issued = await c.api('POST', `/api/admin/halls/${other.code}/token`, { cookie: admin, body: {} });
    expect(issued.status).toBe(200);
    const token = issued.body.token as string;
    expect(token).not.toBe(other.token);
    expect((await c.post(token, other.code, events.slice(5))).body).toMatchObject({ highWater: events.length });
    expect((await c.post(other.token, other.code, events.slice(5))).status).toBe(401);
    // Only the hash is stored.
    const stored = await c.central.pool.query<{ token_hash: string }>('SELECT token_hash FROM central_halls WHERE code = $1', [other.code]);
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0]!.token_hash).not.toContain(token);
  });

  it('registers a new hall under a county and gives it a working token', async () => {
    const reg = await c.api('POST', '/api/admin/halls', { cookie: admin, body: { code: 'NEW-01', name: '新营业厅', kind: 'township_centre', region: '530830100000' } });
    expect(reg.status).toBe(201);
    const hw = await c.api('GET', '/api/uplink/v1/high-water', { token: reg.body.token });
    expect(hw.body).toMatchObject({ hall: 'NEW-01', highWater: 0 });
    const dup = await c.api('POST', '/api/admin/halls', { cookie: admin, body: { code: 'NEW-01', name: '重复', kind: 'township_centre', region: '530830100000' } });
    expect(dup.status).toBe(409);
    const atPrefecture = await c.api('POST', '/api/admin/halls', { cookie: admin, body: { code: 'NEW-02', name: '市级', kind: 'county_centre', region: '530800' } });
    expect(atPrefecture.status).toBe(400);
  });
});
