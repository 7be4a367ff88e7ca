import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseHistoryEntry, CaseView } from '../../contract/admin.ts';
import { toPublicEvent, type HallEvent } from '../../contract/events.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * 差评 follow-up: every 差评 opens a case due one working day later on the hall's calendar, assigned to
 * a supervisor, open → contacted → rectified → fed_back → resolved with notes and history (the later
 * steps are tested in evaluation-cycle.test.ts); overdue cases come first.
 * The hall here works Monday–Friday 08:00–18:00, so Friday's 差评 is due on Monday.
 */
const FRIDAY_3PM = '2026-12-04T07:00:00.000Z'; // 15:00 Asia/Shanghai
const MONDAY_3PM = '2026-12-07T07:00:00.000Z';

describe('差评 follow-up cases', () => {
  let srv: TestServer;
  let sup: string;
  let t001: string;
  let caseId: number;

  const ok = async (method: string, url: string, cookie: string, body?: unknown) => {
    const r = await srv.api(method, url, { cookie, ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const serveAndRate = async (level: string) => {
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const t = await ok('POST', '/api/windows/1/call-next', t001, {});
    await ok('POST', '/api/windows/1/finish', t001, { outcome: 'done' });
    await ok('POST', '/api/evaluations', t001, { ticketId: t.id, level, ...(level.includes('dis') ? { reason: '等候太久' } : {}) });
    return t as { id: string; number: string };
  };

  beforeAll(async () => {
    const config = testHallConfig();
    config.hall.hours = { weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '18:00' }] }], holidays: [], makeupDays: [], makeupDayHours: [] };
    srv = await startTestServer({ config, at: FRIDAY_3PM });
    sup = await srv.login('S001');
    t001 = await srv.login('T001');
    await ok('POST', '/api/windows/1/sign-in', t001, {});
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('a 差评 opens a case due one working day later (Friday 15:00 → Monday 15:00); praise opens none', async () => {
    await serveAndRate('very_satisfied');
    const t = await serveAndRate('dissatisfied');
    const { cases } = (await ok('GET', '/api/cases', sup)) as { cases: CaseView[] };
    expect(cases).toHaveLength(1);
    caseId = cases[0]!.id;
    expect(cases[0]).toMatchObject({ ticketId: t.id, number: t.number, window: 1, staffBadge: 'T001', level: 'dissatisfied', reason: '等候太久', state: 'open', assignee: null, overdue: false });
    expect(cases[0]!.dueAt).toBe(MONDAY_3PM);
    const one = (await ok('GET', `/api/cases/${caseId}`, sup)) as CaseView;
    expect(one.history).toEqual([expect.objectContaining({ action: 'created', toState: 'open', actor: 'staff:T001', note: '等候太久' })]);
  });

  it('is assigned to a supervisor only', async () => {
    const r = await srv.api('POST', `/api/cases/${caseId}/assign`, { cookie: sup, body: { assignee: 'T002' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_ASSIGNEE');
    const c = (await ok('POST', `/api/cases/${caseId}/assign`, sup, { assignee: 'S001', note: '督查员跟进' })) as CaseView;
    expect(c.assignee).toBe('S001');
    expect((await ok('GET', '/api/cases?assignee=S001', sup)).cases).toHaveLength(1);
  });

  it('stands out once overdue: exactly after the deadline, listed first', async () => {
    srv.clock.set(MONDAY_3PM);
    sup = await srv.login('S001');
    expect(((await ok('GET', `/api/cases/${caseId}`, sup)) as CaseView).overdue).toBe(false);
    srv.clock.advance(1000);
    // Sessions last 12 hours: a new working day, a new login.
    sup = await srv.login('S001');
    t001 = await srv.login('T001');
    await ok('POST', '/api/windows/1/sign-in', t001, {});
    await serveAndRate('very_dissatisfied');
    const { cases } = (await ok('GET', '/api/cases', sup)) as { cases: CaseView[] };
    expect(cases.map((c) => [c.id, c.overdue])).toEqual([
      [caseId, true],
      [caseId + 1, false],
    ]);
    expect((await ok('GET', '/api/cases?overdue=true', sup)).cases.map((c: CaseView) => c.id)).toEqual([caseId]);
  });

  it('moves open → contacted → rectified → fed_back → resolved with notes; no step may be skipped or repeated', async () => {
    const skip = await srv.api('POST', `/api/cases/${caseId}/resolve`, { cookie: sup, body: { note: '直接办结' } });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('CASE_STATE');
    const contacted = (await ok('POST', `/api/cases/${caseId}/contact`, sup, { note: '已电话联系群众，说明情况' })) as CaseView;
    expect(contacted).toMatchObject({ state: 'contacted', overdue: false, contactedAt: srv.clock.now().toISOString() });
    expect((await srv.api('POST', `/api/cases/${caseId}/contact`, { cookie: sup, body: { note: '再次联系' } })).status).toBe(409);
    await ok('POST', `/api/cases/${caseId}/notes`, sup, { note: '群众表示理解' });
    expect((await srv.api('POST', `/api/cases/${caseId}/resolve`, { cookie: sup, body: { note: '跳过整改' } })).body.error.code).toBe('CASE_STATE');
    await ok('POST', `/api/cases/${caseId}/rectify`, sup, { rectification: '增开窗口' });
    await ok('POST', `/api/cases/${caseId}/feedback`, sup, { feedback: '已告知群众增开窗口' });
    const resolved = (await ok('POST', `/api/cases/${caseId}/resolve`, sup, { note: '办结' })) as CaseView;
    expect(resolved.state).toBe('resolved');
    expect(resolved.history!.map((h) => [h.action, h.fromState, h.toState, h.actor])).toEqual([
      ['created', null, 'open', 'staff:T001'],
      ['assigned', null, null, 'staff:S001'],
      ['contacted', 'open', 'contacted', 'staff:S001'],
      ['note', null, null, 'staff:S001'],
      ['rectified', 'contacted', 'rectified', 'staff:S001'],
      ['fed_back', 'rectified', 'fed_back', 'staff:S001'],
      ['resolved', 'fed_back', 'resolved', 'staff:S001'],
    ]);
    expect((await srv.api('POST', `/api/cases/${caseId}/assign`, { cookie: sup, body: { assignee: 'A001' } })).status).toBe(409);
  });

  it('each change is one case.* event, committed with the evaluation or the change, in the order of the history', async () => {
    const events = srv.ctx.engine.core.log.after(0, 100_000);
    const ofCase = (id: number) => events.filter((e) => e.type.startsWith('case.') && e.data.caseId === id);
    const mine = ofCase(caseId);
    const one = (await ok('GET', `/api/cases/${caseId}`, sup)) as CaseView;
    expect(mine.map((e) => e.type)).toEqual(['case.opened', 'case.assigned', 'case.contacted', 'case.noted', 'case.rectified', 'case.fed_back', 'case.resolved']);
    // Entry for entry the same as the history, in the same (seq) order.
    expect(mine.map((e) => e.data.entry as CaseHistoryEntry)).toEqual(one.history);
    for (let i = 1; i < mine.length; i++) expect(mine[i]!.seq).toBeGreaterThan(mine[i - 1]!.seq);
    expect(mine.map((e) => (e.data.case as CaseView).state)).toEqual(['open', 'open', 'contacted', 'contacted', 'rectified', 'fed_back', 'resolved']);
    expect((mine[1]!.data.case as CaseView).assignee).toBe('S001');
    expect(mine.map((e) => e.actor)).toEqual([
      { kind: 'staff', id: 'T001' },
      { kind: 'staff', id: 'S001' },
      { kind: 'staff', id: 'S001' },
      { kind: 'staff', id: 'S001' },
      { kind: 'staff', id: 'S001' },
      { kind: 'staff', id: 'S001' },
      { kind: 'staff', id: 'S001' },
    ]);
    // The case opens in the evaluation's own transaction: its event follows ticket.evaluated at once.
    const evaluated = events.find((e) => e.type === 'ticket.evaluated' && e.data.caseId === caseId) as HallEvent;
    expect(mine[0]!.seq).toBe(evaluated.seq + 1);
    expect(mine[0]!.at).toBe(evaluated.at);
    expect((mine[0]!.data.case as CaseView).dueAt).toBe(MONDAY_3PM);
    // The second 差评's case has its own opening event; refused steps left no event.
    expect(ofCase(caseId + 1).map((e) => e.type)).toEqual(['case.opened']);
    // Only supervisors see the case: the public view of a case event carries neither the case nor the entry.
    const pub = toPublicEvent(mine[2]!);
    expect(pub.data).toEqual({ caseId });
    expect(mine[2]!.ticket).toBeNull();
    expect(mine[2]!.window).toBeNull();
  });

  it('every case action is audited and only supervisors may act', async () => {
    const audit = await ok('GET', '/api/audit?action=case.', sup);
    expect((audit.entries as { action: string; target: string }[]).map((e) => `${e.action}:${e.target}`).reverse()).toEqual([
      `case.assign:${caseId}`,
      `case.contact:${caseId}`,
      `case.note:${caseId}`,
      `case.rectify:${caseId}`,
      `case.feedback:${caseId}`,
      `case.resolve:${caseId}`,
    ]);
    expect((await srv.api('GET', '/api/cases', { cookie: t001 })).status).toBe(403);
    expect((await srv.api('POST', `/api/cases/${caseId + 1}/contact`, { cookie: t001, body: { note: 'x' } })).status).toBe(403);
    expect((await srv.api('GET', '/api/cases/99999', { cookie: sup })).status).toBe(404);
  });
});
