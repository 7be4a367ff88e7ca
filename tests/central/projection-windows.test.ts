import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { HallEvent } from '../../contract/events.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/** Window open time: paused time is not open time, and an interval belongs to the day it began. */
let c: TestCentral;
const hall = DEMO_HALLS[5]!;
beforeAll(async () => {
  c = await startTestCentral();
});
afterAll(() => c?.stop());

const ev = (seq: number, type: HallEvent['type'], at: string, day: string, data: Record<string, unknown> = {}) =>
  HallEvent.parse({ v: 1, seq, type, at, day, hall: hall.code, actor: { kind: 'staff', id: 'T001' }, ticket: null, window: 3, data });

describe('window projection', () => {
  it('counts open intervals only, on the day they began, per staff member', async () => {
    const events = [
      ev(1, 'window.opened', '2026-11-30T08:00:00Z', '2026-11-30', { badge: 'T001', status: 'open' }), // 16:00 local
      ev(2, 'window.paused', '2026-11-30T08:30:00Z', '2026-11-30', { status: 'paused', reason: '午休' }),
      ev(3, 'window.opened', '2026-11-30T09:00:00Z', '2026-11-30', { badge: 'T001', status: 'open' }),
      // The rollover after midnight closes the window with an event of the new day.
      ev(4, 'window.closed', '2026-11-30T16:10:00Z', '2026-12-01', { status: 'closed' }),
    ];
    const r = await c.post(hall.token, hall.code, events);
    expect(r.status).toBe(200);
    const rows = await c.central.pool.query('SELECT day, window_no, staff_badge, open_ms FROM proj_window_days WHERE hall = $1', [hall.code]);
    expect(rows.rows).toEqual([{ day: '2026-11-30', window_no: 3, staff_badge: 'T001', open_ms: (30 + 7 * 60 + 10) * 60_000 }]);
    const live = await c.central.pool.query('SELECT status, staff_badge, opened_at FROM proj_windows WHERE hall = $1', [hall.code]);
    expect(live.rows).toEqual([{ status: 'closed', staff_badge: null, opened_at: null }]);
  });

  it('shows a paused window and its reason live', async () => {
    const r = await c.post(hall.token, hall.code, [
      ev(5, 'window.opened', '2026-12-01T01:00:00Z', '2026-12-01', { badge: 'T002', status: 'open' }),
      ev(6, 'window.paused', '2026-12-01T01:20:00Z', '2026-12-01', { status: 'paused', reason: '系统故障' }),
    ]);
    expect(r.status).toBe(200);
    const live = await c.central.pool.query('SELECT status, staff_badge, pause_reason FROM proj_windows WHERE hall = $1', [hall.code]);
    expect(live.rows).toEqual([{ status: 'paused', staff_badge: 'T002', pause_reason: '系统故障' }]);
  });

  it('follows device health across batches: faults counted, a recovery closes the fault of an earlier batch', async () => {
    const dev = (seq: number, type: 'device.fault' | 'device.recovered', at: string, reason?: string) =>
      HallEvent.parse({ v: 1, seq, type, at, day: '2026-12-01', hall: hall.code, actor: { kind: 'device', id: 'P1' }, ticket: null, window: null, data: { device: 'P1', kind: 'kiosk', place: '大厅', ...(reason ? { reason } : {}) } });
    expect((await c.post(hall.token, hall.code, [dev(7, 'device.fault', '2026-12-01T02:00:00Z', '缺纸')])).status).toBe(200);
    let health = await c.central.pool.query('SELECT state, reason, faults FROM proj_device_health WHERE hall = $1', [hall.code]);
    expect(health.rows).toEqual([{ state: 'fault', reason: '缺纸', faults: 1 }]);
    const r = await c.post(hall.token, hall.code, [dev(8, 'device.recovered', '2026-12-01T02:05:00Z'), dev(9, 'device.fault', '2026-12-01T03:00:00Z', '卡纸')]);
    expect(r.status).toBe(200);
    health = await c.central.pool.query('SELECT state, reason, faults, place FROM proj_device_health WHERE hall = $1', [hall.code]);
    expect(health.rows).toEqual([{ state: 'fault', reason: '卡纸', faults: 2, place: '大厅' }]);
    const faults = await c.central.pool.query<{ reason: string; recovered_at: Date | null }>('SELECT reason, recovered_at FROM proj_device_faults WHERE hall = $1 ORDER BY at', [hall.code]);
    expect(faults.rows.map((f) => [f.reason, f.recovered_at?.toISOString() ?? null])).toEqual([
      ['缺纸', '2026-12-01T02:05:00.000Z'],
      ['卡纸', null],
    ]);
    const live = await c.api('GET', `/api/halls/${hall.code}`, { cookie: await c.login('lancang') });
    expect(live.body.hall).toMatchObject({ devicesInFault: 1, pausedWindows: 1, openWindows: 0, online: true });
    expect(live.body.windows).toMatchObject([{ number: 3, status: 'paused', pauseReason: '系统故障', staffBadge: 'T002' }]);
  });
});
