import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, SupervisionView } from '../../contract/admin.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * Overdue 差评 steps raise supervision alerts: a case waiting for its 回访 is a warning, critical once
 * past its 1-working-day deadline; after the 回访 it is quiet until its 整改 (15 working days) is late,
 * then critical again, naming the step; 整改 recorded, the alert goes. Hall open Monday–Friday.
 */
const MONDAY_10AM = '2026-11-30T02:00:00.000Z';

describe('overdue 差评 steps in supervision', () => {
  let srv: TestServer;
  let sup: string;
  let caseId: number;
  const ok = async (method: string, url: string, cookie: string, body?: unknown) => {
    const r = await srv.api(method, url, { cookie, ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const alerts = async () => {
    sup = await srv.login('S001'); // the clock moves by days: a fresh session each time
    await ok('POST', '/api/supervision/evaluate', sup, {});
    return ((await ok('GET', '/api/supervision', sup)) as SupervisionView).alerts.filter((a) => a.caseId === caseId);
  };

  beforeAll(async () => {
    const config = testHallConfig();
    config.hall.hours = { weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '18:00' }] }], holidays: [], makeupDays: [], makeupDayHours: [] };
    srv = await startTestServer({ config, at: MONDAY_10AM });
    const t001 = await srv.login('T001');
    await ok('POST', '/api/windows/1/sign-in', t001, {});
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    const t = (await ok('POST', '/api/windows/1/call-next', t001, {})) as { id: string };
    await ok('POST', '/api/windows/1/finish', t001, { outcome: 'done' });
    await ok('POST', '/api/evaluations', t001, { ticketId: t.id, level: 'dissatisfied', reasons: ['等候时间长'], source: 'screen' });
    sup = await srv.login('S001');
    caseId = ((await ok('GET', '/api/cases', sup)) as { cases: CaseView[] }).cases[0]!.id;
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('回访 pending: a warning; past its deadline: critical', async () => {
    expect((await alerts()).map((a) => [a.id, a.severity])).toEqual([[`bad:${caseId}`, 'warning']]);
    srv.clock.set('2026-12-01T02:00:01.000Z'); // Tuesday 10:00:01, one working day and a second later
    const late = await alerts();
    expect(late.map((a) => [a.id, a.severity])).toEqual([[`bad:${caseId}`, 'critical']]);
    expect(late[0]!.message).toContain('已超过回访时限');
  });

  it('after the 回访: no alert until the 整改 is late, then critical naming 整改; recording it clears the alert', async () => {
    await ok('POST', `/api/cases/${caseId}/contact`, sup, { note: '已回访' });
    expect(await alerts()).toEqual([]);
    const c = (await ok('GET', `/api/cases/${caseId}`, sup)) as CaseView;
    // 15 working days after Monday 2026-11-30 10:00 (weekends off): Monday 2026-12-21 10:00.
    expect(c.rectifyDueAt).toBe('2026-12-21T02:00:00.000Z');
    srv.clock.set('2026-12-21T02:00:00.000Z');
    expect(await alerts()).toEqual([]);
    srv.clock.set('2026-12-21T02:00:01.000Z');
    const late = await alerts();
    expect(late.map((a) => [a.id, a.severity])).toEqual([[`bad:${caseId}:rectify`, 'critical']]);
    expect(late[0]!.message).toContain('整改已超期');
    expect((await ok('GET', '/api/cases?overdue=true', sup)).cases.map((x: CaseView) => x.id)).toEqual([caseId]);
    await ok('POST', `/api/cases/${caseId}/rectify`, sup, { rectification: '增设叫号提醒' });
    // 反馈 shares the 整改 deadline: still late, now for 反馈.
    expect((await alerts()).map((a) => a.id)).toEqual([`bad:${caseId}:feedback`]);
    await ok('POST', `/api/cases/${caseId}/feedback`, sup, { feedback: '已电话告知' });
    expect(await alerts()).toEqual([]);
  });
});
