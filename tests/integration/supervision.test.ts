import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisionAlert, SupervisionAlertsPayload, SupervisionView } from '../../contract/admin.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { connected } from './helpers.ts';
import { nextEvent } from '../fixtures/sockets.ts';

/**
 * Live supervision alerts against a ManualClock: each threshold is approached to one second short
 * (no alert) and then reached (alert), with evaluations triggered deterministically through
 * POST /api/supervision/evaluate, after engine events, and by the monitor's own timer.
 */

const MIN = 60_000;

describe('supervision alerts fire at their thresholds', () => {
  let srv: TestServer;
  let sup: string;
  let admin: string;
  let t001: string;
  /** Every alerts push a supervisor socket received, in order. */
  const pushes: SupervisionAlertsPayload[] = [];
  /** Pushes seen by sockets that must never see them (staff of a window, public, kiosk). */
  const leaked: string[] = [];
  let ticketA: { ticketId: string; number: string };

  const ok = async (method: string, url: string, cookie: string | undefined, body?: unknown) => {
    const r = await srv.api(method, url, { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const evaluate = async (): Promise<SupervisionAlert[]> => (await ok('POST', '/api/supervision/evaluate', sup, {})).alerts;
  const ids = (alerts: SupervisionAlert[]) => alerts.map((a) => a.id).sort();
  /** Waits (failure guard only) for a push that satisfies `match`. */
  const pushed = async (match: (p: SupervisionAlertsPayload) => boolean, ms = 5000): Promise<SupervisionAlertsPayload> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = pushes.find(match);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching supervision:alerts push; got ${JSON.stringify(pushes.map((p) => ids(p.alerts)))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    srv = await startTestServer();
    sup = await srv.login('S001');
    admin = await srv.login('A001');
    t001 = await srv.login('T001');
    const supSocket = srv.socket({ cookie: sup });
    supSocket.on('supervision:alerts', (p) => pushes.push(p));
    const staffSocket = srv.socket({ cookie: t001 });
    const kiosk = srv.socket({ token: KIOSK_TOKEN });
    const anon = srv.socket();
    for (const [who, s] of [['staff', staffSocket], ['kiosk', kiosk], ['public', anon]] as const) s.on('supervision:alerts', () => leaked.push(who));
    await Promise.all([supSocket, staffSocket, kiosk, anon].map((s) => connected(s)));
    await ok('PUT', '/api/supervision/settings', admin, {
      alerts: { waitMinutes: 10, serviceFactor: 1, idleMinutes: 5, deviceFaults: true, badEvaluations: true, evaluateEverySeconds: 3600 },
      cases: { contactWorkingDays: 1, defaultAssignee: 'S001' },
    });
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('no alerts in an empty hall', async () => {
    expect(await evaluate()).toEqual([]);
  });

  it('wait over X minutes: not at X − 1 s, warning at X, critical at 2X', async () => {
    ticketA = (await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } })).body;
    expect(ticketA.number).toBe('A001');
    const issuedAt = srv.clock.now().getTime();
    srv.clock.advance(10 * MIN - 1000);
    expect(await evaluate()).toEqual([]);
    srv.clock.advance(1000);
    const alerts = await evaluate();
    expect(alerts).toEqual([
      expect.objectContaining({ id: 'wait:QA', kind: 'wait_over', severity: 'warning', queue: 'QA', since: new Date(issuedAt + 10 * MIN).toISOString() }),
    ]);
    expect(alerts[0]!.message).toContain('综合');
    const push = await pushed((p) => p.alerts.some((a) => a.id === 'wait:QA'));
    expect(push.alerts[0]!.severity).toBe('warning');
    srv.clock.advance(10 * MIN);
    expect((await evaluate())[0]).toMatchObject({ id: 'wait:QA', severity: 'critical' });
    await pushed((p) => p.alerts.some((a) => a.id === 'wait:QA' && a.severity === 'critical'));
  });

  it('idle window with waiting citizens: not at X − 1 s after it became free, alert at X', async () => {
    await ok('POST', '/api/windows/1/sign-in', t001, {});
    srv.clock.advance(5 * MIN - 1000);
    expect(ids(await evaluate())).toEqual(['wait:QA']);
    srv.clock.advance(1000);
    const alerts = await evaluate();
    expect(ids(alerts)).toEqual(['idle:1', 'wait:QA']);
    expect(alerts.find((a) => a.id === 'idle:1')).toMatchObject({ kind: 'idle_window', window: 1, severity: 'warning' });
  });

  it('calling the ticket clears the wait and idle alerts by itself (re-evaluated after the event)', async () => {
    const before = pushes.length;
    await ok('POST', '/api/windows/1/call-next', t001, {});
    const push = await pushed((p) => pushes.indexOf(p) >= before && p.alerts.length === 0);
    expect(push.alerts).toEqual([]);
  });

  it('service over its limit: the item’s 10 minutes, not at 10:00, alert at 10:01', async () => {
    await ok('POST', '/api/windows/1/start', t001, {});
    srv.clock.advance(10 * MIN);
    expect(await evaluate()).toEqual([]);
    srv.clock.advance(1000);
    const alerts = await evaluate();
    expect(alerts).toEqual([expect.objectContaining({ id: `service:1:${ticketA.ticketId}`, kind: 'service_over', window: 1, ticket: 'A001', severity: 'warning' })]);
    const view: SupervisionView = await ok('GET', '/api/supervision', sup);
    const w1 = view.windows.find((w) => w.number === 1)!;
    expect(w1).toMatchObject({ status: 'open', elapsedMinutes: 10, limitMinutes: 10, overLimit: true, staff: { badge: 'T001' } });
    expect(w1.current?.number).toBe('A001');
    expect(view.queues.find((q) => q.code === 'QA')).toMatchObject({ waiting: 0, openWindows: 1 });
    expect(ids(view.alerts)).toEqual(ids(alerts));
  });

  it('差评 raises an alert at once (after the event) until the citizen is contacted', async () => {
    await ok('POST', '/api/windows/1/finish', t001, { outcome: 'done' });
    const before = pushes.length;
    await ok('POST', '/api/evaluations', t001, { ticketId: ticketA.ticketId, level: 'very_dissatisfied', reason: '态度差' });
    const push = await pushed((p) => pushes.indexOf(p) >= before && p.alerts.some((a) => a.kind === 'bad_evaluation'));
    const bad = push.alerts.find((a) => a.kind === 'bad_evaluation')!;
    expect(bad).toMatchObject({ window: 1, ticket: 'A001', severity: 'warning' });
    expect(bad.message).toContain('非常不满意');
    const cases = await ok('GET', '/api/cases', sup);
    expect(cases.cases[0]).toMatchObject({ id: bad.caseId, state: 'open', assignee: 'S001', overdue: false });
    // Opened and given to the default assignee in the evaluation's transaction: one event per history entry.
    const caseEvents = srv.ctx.engine.core.log.after(0, 100_000).filter((e) => e.data.caseId === bad.caseId);
    expect(caseEvents.map((e) => [e.type, e.actor.kind])).toEqual([
      ['ticket.evaluated', 'staff'],
      ['case.opened', 'staff'],
      ['case.assigned', 'system'],
    ]);
    expect(caseEvents.map((e) => e.seq)).toEqual([caseEvents[0]!.seq, caseEvents[0]!.seq + 1, caseEvents[0]!.seq + 2]);
    const opened = (await ok('GET', `/api/cases/${bad.caseId}`, sup)).history;
    expect(caseEvents.slice(1).map((e) => e.data.entry)).toEqual(opened);
    await ok('POST', `/api/cases/${bad.caseId}/contact`, sup, { note: '已电话联系，致歉' });
    expect((await evaluate()).filter((a) => a.kind === 'bad_evaluation')).toEqual([]);
  });

  it('device fault from the device manager’s health registry', async () => {
    srv.devices.setHealth('P9', 'printer', { state: 'fault', reason: '缺纸' });
    const alerts = await evaluate();
    expect(alerts.find((a) => a.id === 'device:P9')).toMatchObject({ kind: 'device_fault', severity: 'critical', device: 'P9' });
    expect(alerts.find((a) => a.id === 'device:P9')!.message).toContain('缺纸');
    srv.devices.setHealth('P9', 'printer', { state: 'ready' });
    expect((await evaluate()).find((a) => a.id === 'device:P9')).toBeUndefined();
    srv.devices.forgetDevice('P9');
  });

  it('a device fault is pushed to supervisors without waiting for the monitor timer', async () => {
    const socket = srv.socket({ cookie: sup });
    await connected(socket);
    const pushed = nextEvent<SupervisionAlertsPayload>(socket, 'supervision:alerts', (p) => p.alerts.some((a) => a.id === 'device:P8'));
    srv.devices.setHealth('P8', 'printer', { state: 'fault', reason: '纸仓盖打开' });
    expect((await pushed).alerts.find((a) => a.id === 'device:P8')!.message).toContain('纸仓盖打开');
    srv.devices.forgetDevice('P8');
    socket.close();
  });

  it('the monitor also evaluates on its own timer, with the injected clock', async () => {
    await ok('PUT', '/api/supervision/settings', admin, {
      alerts: { waitMinutes: 10, serviceFactor: 1, idleMinutes: 5, deviceFaults: true, badEvaluations: true, evaluateEverySeconds: 1 },
      cases: { contactWorkingDays: 1, defaultAssignee: null },
    });
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QC' } });
    await ok('POST', '/api/windows/1/sign-out', t001, {});
    const before = pushes.length;
    // Only the clock moves: no request, no event. The timer must notice.
    srv.clock.advance(10 * MIN);
    const push = await pushed((p) => pushes.indexOf(p) >= before && p.alerts.some((a) => a.id === 'wait:QC'));
    expect(push.alerts.find((a) => a.id === 'wait:QC')!.message).toContain('没有开放的窗口');
  });

  it('alerts go to supervisors and admins only', () => {
    expect(pushes.length).toBeGreaterThan(3);
    expect(leaked).toEqual([]);
  });

  it('thresholds are admin-edited, supervisor-read, and the change is audited', async () => {
    const got = await ok('GET', '/api/supervision/settings', sup);
    expect(got.alerts.evaluateEverySeconds).toBe(1);
    const r = await srv.api('PUT', '/api/supervision/settings', { cookie: sup, body: got });
    expect(r.status).toBe(403);
    const bad = await srv.api('PUT', '/api/supervision/settings', { cookie: admin, body: { ...got, cases: { ...got.cases, defaultAssignee: 'T001' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_ASSIGNEE');
    const audit = await ok('GET', '/api/audit?action=admin.supervision.settings', sup);
    expect(audit.entries.map((e: { actor: string }) => e.actor)).toEqual(['staff:A001', 'staff:A001']);
    // Each accepted change is a settings.changed event with the new value; the refused one left none.
    const changes = srv.ctx.engine.core.log.after(0, 100_000).filter((e) => e.type === 'settings.changed');
    expect(changes.map((e) => [e.data.key, e.actor.id])).toEqual([
      ['supervision', 'A001'],
      ['supervision', 'A001'],
    ]);
    expect(changes[1]!.data.value).toEqual(got);
    expect((await srv.api('GET', '/api/supervision', { cookie: t001 })).status).toBe(403);
  });
});
