import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsFigures } from '../../contract/admin.ts';
import { HallEvent } from '../../contract/events.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { seedConfiguration } from '../../server/queue/config-commands.ts';
import { QueueEngine } from '../../server/queue/engine.ts';
import { computeStats as hallStats } from '../../server/stats/range-stats.ts';
import { openDatabase, type Db } from '../../server/store/db.ts';
import { MONDAY_10AM, KIOSK, STAFF, testHallConfig } from '../fixtures/hall.ts';
import { postAll, startTestCentral, type TestCentral } from './server-harness.ts';

/**
 * A real hall engine (SQLite, the hall's own queue engine) serves a morning; its event log goes up
 * the uplink; the centre's figures for that hall must be the hall's own figures (server/stats/),
 * by window, by staff member and by department, P90 at whole-minute resolution.
 */
let c: TestCentral;
let dir: string;
let db: Db;
let engine: QueueEngine;
const clock = new ManualClock(MONDAY_10AM);
const DAY = '2026-11-30';

function serveMorning() {
  const rnd = (() => {
    let s = 42;
    return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  })();
  for (const [w, badge] of [[1, 'T001'], [2, 'T002'], [4, 'T004']] as const) engine.windows.signIn(w, badge, STAFF(badge));
  const items = ['I1', 'I1', 'I3', 'I2', null] as const;
  for (let i = 0; i < 40; i++) {
    clock.advance(Math.floor(rnd() * 120_000) + 1000);
    const item = items[Math.floor(rnd() * items.length)]!;
    try {
      engine.issuer.issue({ source: 'kiosk', actor: KIOSK, kiosk: 'K1', ...(item ? { item } : { queue: 'QA' }), ...(item === 'I2' ? { identity: { idHash: `h${i}`, idMasked: `110101********${String(i).padStart(4, '0')}`, nameMasked: '张*三' } } : {}) });
    } catch {
      // A daily cap or an ID rule may refuse an issue; the hall's own figures see the same refusals.
    }
    if (i % 3 === 2) {
      for (const [w, badge] of [[1, 'T001'], [2, 'T002'], [4, 'T004']] as const) {
        try {
          clock.advance(20_000);
          const t = engine.windows.callNext(w, STAFF(badge));
          clock.advance(30_000);
          if (rnd() < 0.15) {
            engine.windows.noShow(w, STAFF(badge));
            continue;
          }
          engine.windows.start(w, STAFF(badge));
          clock.advance(Math.floor(rnd() * 400_000) + 60_000);
          engine.windows.finish(w, rnd() < 0.7 ? 'done' : 'accepted', null, STAFF(badge));
          if (rnd() < 0.8) {
            const level = (['very_satisfied', 'satisfied', 'basic', 'dissatisfied'] as const)[Math.floor(rnd() * 4)]!;
            engine.tickets.evaluate({ ticketId: t.id, level, source: 'evaluator', actor: { kind: 'device', id: 'E1' } });
          }
        } catch {
          // Nobody waiting for this window right now.
        }
      }
    }
  }
}

beforeAll(async () => {
  c = await startTestCentral();
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-central-parity-'));
  db = openDatabase({ dataDir: dir });
  seedConfiguration(db, testHallConfig(), 'seed', { kind: 'system', id: null }, clock.now());
  engine = new QueueEngine({ db, clock });
  serveMorning();
  const admin = await c.login('admin');
  const reg = await c.api('POST', '/api/admin/halls', { cookie: admin, body: { code: 'TEST', name: '测试县政务服务中心', kind: 'county_centre', region: '530830' } });
  expect(reg.status).toBe(201);
  const events = (db.prepare('SELECT body FROM events ORDER BY seq').all() as { body: string }[]).map((r) => HallEvent.parse(JSON.parse(r.body)));
  expect(events[0]!.type).toBe('config.seeded');
  await postAll(c, reg.body.token, 'TEST', events, 64);
}, 60_000);

afterAll(async () => {
  engine?.stop();
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await c?.stop();
});

const r2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const r4 = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 10000);
const comparable = (r: StatsFigures) => ({
  tickets: r.issued,
  served: r.served,
  noShow: r.noShow,
  cancelled: r.cancelled,
  waited: r.waited,
  averageWaitMinutes: r2(r.averageWaitMinutes),
  p90WaitMinutes: r.p90WaitMinutes === null ? null : Math.floor(r.p90WaitMinutes),
  averageServiceMinutes: r2(r.averageServiceMinutes),
  doneOnSite: r.doneOnSite,
  onSiteRate: r4(r.onSiteRate),
  evaluated: r.evaluated,
  satisfactionRate: r4(r.satisfactionRate),
  badCount: r.badCount,
});
const KEYS = ['tickets', 'served', 'noShow', 'cancelled', 'waited', 'averageWaitMinutes', 'p90WaitMinutes', 'averageServiceMinutes', 'doneOnSite', 'onSiteRate', 'evaluated', 'satisfactionRate', 'badCount'];
const pick = (r: Record<string, unknown>) => Object.fromEntries(KEYS.map((k) => [k, r[k]]));

describe("the centre's figures of a real hall", () => {
  for (const groupBy of ['window', 'staff', 'department'] as const) {
    it(`equal the hall's own statistics by ${groupBy}`, async () => {
      const hall = hallStats(db, engine.catalog, { from: DAY, to: DAY, groupBy });
      expect(hall.total.issued).toBeGreaterThan(20);
      expect(hall.total.evaluated).toBeGreaterThan(3);
      expect(hall.total.noShow + hall.total.badCount).toBeGreaterThan(0);
      expect(hall.rows.length).toBeGreaterThan(1);
      const centre = await c.api('GET', `/api/stats?hall=TEST&from=${DAY}&to=${DAY}&groupBy=${groupBy}`, { cookie: await c.login('lancang') });
      expect(centre.status).toBe(200);
      const key = (k: string | null) => (k === null ? null : groupBy === 'department' ? k : `TEST:${k}`);
      const want = new Map(hall.rows.map((r) => [key(r.key), comparable(r)]));
      const got = new Map(centre.body.rows.map((r: Record<string, unknown>) => [r.key as string | null, pick(r)]));
      expect(got).toEqual(want);
      expect(pick(centre.body.total)).toEqual(comparable(hall.total));
    });
  }
});
