import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../contract/api.ts';
import { toPublicEvent, type HallEvent } from '../../contract/events.ts';
import { openDatabase } from '../../server/store/db.ts';
import {
  diffScreenTables,
  formatDiffs,
  readEventLog,
  readScreenTables,
  replayEvents,
  REPLAYED_PASSWORD_HASH,
  ReplayError,
  type ScreenTables,
} from '../../server/store/replay/index.ts';
import { HallConfig, Queue, ServiceItem, WindowConfig } from '../../contract/config.ts';
import { configCode } from '../../contract/config-events.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { configChanged, deviceRevoked, deviceTokenIssued, passwordReset, seedConfiguration } from '../../server/queue/config-commands.ts';
import { SYSTEM } from '../../server/queue/core.ts';
import { QueueEngine } from '../../server/queue/engine.ts';
import { readHallConfig, writeHallConfig } from '../../server/store/hall-config-store.ts';
import { MONDAY_10AM, testHallConfig, TEST_PASSWORD } from '../fixtures/hall.ts';
import { AGENT_TOKEN, DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber, StreamLog } from './helpers.ts';

/**
 * One way in (item 2): every change of state, configuration included, is an event, so replaying the
 * event log from seq 1 into an empty database rebuilds the hall. A busy demo day runs through the real
 * HTTP API and sockets — kiosk tickets in every queue, green channel, 代办, appointments, four windows
 * with every window action and outcome, transfers, holds, cancellations, evaluations, a business-day
 * rollover — then 差评 follow-up and admin configuration edits. The log is replayed into a fresh
 * database and every table a screen reads is compared row by row.
 *
 * Not compared, because they never travel in events: staff password hashes, device token hashes,
 * webhook secrets and the ID hashes (id_hash) of tickets and appointments — a rebuilt row has NULL there.
 */

const MONDAY_0930 = '2026-11-30T01:30:00.000Z'; // 09:30 Asia/Shanghai
const TUESDAY_0940 = '2026-12-01T01:40:00.000Z';
const MINUTE = 60_000;

const ids = [idNumber('11010519491231002'), idNumber('44030419851107153'), idNumber('32010219770315462'), idNumber('51010819900101123'), idNumber('33010619800505456')];

describe('replaying the event log rebuilds the hall', () => {
  let srv: TestServer;
  const cookies: Record<string, string> = {};
  const dirs: string[] = [];
  /** Every screen table just before the 差评 follow-up and the admin edits, and the seq then. */
  let beforeEdits: { seq: number; tables: ScreenTables };
  let final: { seq: number; tables: ScreenTables };
  let log: HallEvent[];
  let display: StreamLog;

  const ok = async (method: string, url: string, o: { cookie?: string; token?: string; body?: unknown } = {}) => {
    const r = await srv.api(method, url, { ...o, ...(o.body === undefined && method !== 'GET' && method !== 'DELETE' ? { body: {} } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const kiosk = (body: Record<string, unknown>) => ok('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body });
  const act = (n: number, action: string, body: Record<string, unknown> = {}) => ok('POST', `/api/windows/${n}/${action}`, { cookie: cookies[`w${n}`]!, body });
  const tick = (minutes = 1) => srv.clock.advance(minutes * MINUTE);
  const seq = async () => (await ok('GET', '/api/health')).seq as number;

  /** A fresh, migrated, empty database with the log replayed into it; its screen tables. */
  const rebuild = (events: HallEvent[], options?: { allowGaps?: boolean }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-rebuild-'));
    dirs.push(dir);
    const db = openDatabase({ dataDir: dir });
    try {
      replayEvents(db, events, options);
      return { dir, tables: readScreenTables(db) };
    } finally {
      db.close();
    }
  };
  const expectSame = (expected: ScreenTables, actual: ScreenTables) => {
    const diffs = diffScreenTables(expected, actual);
    expect(diffs, `the rebuild differs from the hall:\n${formatDiffs(diffs)}`).toEqual([]);
  };

  beforeAll(async () => {
    // Its webhooks point at a closed port on loopback: allow-listed, as a LAN platform would be.
    srv = await startTestServer({ at: MONDAY_0930, webhookAllow: ['127.0.0.1/32'] });
    display = new StreamLog(srv.socket({ token: DISPLAY_TOKEN }));
    await display.synced();
    const loginAll = async () => {
      for (const [who, badge] of [['w1', 'T001'], ['w2', 'T002'], ['w3', 'T003'], ['w4', 'T004'], ['sup', 'S001'], ['admin', 'A001']] as const) {
        cookies[who] = await srv.login(badge);
      }
    };
    await loginAll();

    // ── Monday ─────────────────────────────────────────────────────────────────────────────────
    // Bookings: one checked in today, one never used (expires at the rollover), one for Tuesday.
    const today = await ok('POST', '/api/appointments', { body: { item: 'I1', date: '2026-11-30', slotStart: '10:00', idNumber: ids[0], name: '张三丰', phone: '13800138000' } });
    await ok('POST', '/api/appointments', { body: { item: 'I3', date: '2026-11-30', slotStart: '16:00', idNumber: ids[1], name: '李四' } });
    const tuesday = await ok('POST', '/api/appointments', { body: { item: 'I1', date: '2026-12-01', slotStart: '10:00', idNumber: ids[2], name: '王五' } });
    tick();

    // Kiosk tickets across the queues, with and without an ID card; QC has a daily cap of 3.
    const qa: { ticketId: string }[] = [];
    for (let i = 0; i < 10; i++) {
      qa.push(await kiosk(i === 0 || i === 3 ? { item: 'I1', idNumber: ids[i === 0 ? 3 : 4], name: '赵六' } : { queue: 'QA' }));
      tick();
    }
    for (let i = 0; i < 3; i++) await kiosk({ item: 'I2', idNumber: ids[i + 1], name: '钱七' });
    for (let i = 0; i < 3; i++) await kiosk({ queue: 'QC' });
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QC' } })).body.error.code).toBe('DAILY_CAP_REACHED');
    await kiosk({ queue: 'QA', proxy: true });
    // The kiosk's printer reports a failure, then the reprint.
    await ok('POST', `/api/tickets/${qa[1]!.ticketId}/print-result`, { token: KIOSK_TOKEN, body: { printed: false, reason: '缺纸' } });
    await ok('POST', `/api/kiosk/tickets/${qa[1]!.ticketId}/reprint`, { token: KIOSK_TOKEN, body: {} });
    await ok('POST', `/api/tickets/${qa[1]!.ticketId}/print-result`, { token: KIOSK_TOKEN, body: { printed: true } });
    tick(20);

    // 10:00: the appointment is checked in by its code.
    await ok('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: today.code } });

    // Four windows sign in; window 4 over the socket.
    await act(1, 'sign-in');
    await act(2, 'sign-in');
    await act(3, 'sign-in');
    const w4 = srv.socket({ cookie: cookies.w4! });
    const w4Ack = (await w4.emitWithAck('window:command', { window: 4, action: 'sign-in', body: {} })) as Ack<unknown>;
    expect(w4Ack.ok).toBe(true);
    const socket4 = async (action: string, body: Record<string, unknown> = {}) => {
      const r = (await w4.emitWithAck('window:command', { window: 4, action: action as never, body })) as Ack<{ id: string; number: string }>;
      if (!r.ok) throw new Error(`window 4 ${action}: ${r.error.code}`);
      return r.data;
    };

    // Green channel and 代办 issued at window 1.
    await act(1, 'tickets', { queue: 'QA', green: true, greenReason: '行动不便' });
    await act(1, 'tickets', { item: 'I1', proxy: true, idNumber: ids[1], name: '孙八' });
    tick();

    // Window 1: green first, recall, start, 办结; then 受理 straight from called; 过号 and re-queue; hold and call back.
    await act(1, 'call-next');
    await act(1, 'recall');
    tick();
    await act(1, 'start');
    tick(4);
    await act(1, 'finish', { outcome: 'done' });
    await act(1, 'call-next');
    tick(2);
    await act(1, 'finish', { outcome: 'accepted', note: '材料齐全' });
    const gone = await act(1, 'call-next');
    await act(1, 'recall');
    tick();
    await act(1, 'no-show');
    tick();
    await ok('POST', `/api/tickets/${gone.id}/reactivate`, { cookie: cookies.w1! });
    const held = await act(1, 'call-next');
    await act(1, 'start');
    await act(1, 'suspend');
    tick();
    await act(1, 'call-next');
    await act(1, 'finish', { outcome: 'consultation' });
    await act(1, 'resume-ticket', { ticketId: held.id });
    tick(3);
    await act(1, 'finish', { outcome: 'supplement', note: '缺户口簿复印件' });

    // Window 2: a transfer to the tax queue at the window, an evaluation while serving, 不予受理.
    await act(2, 'call-next');
    await act(2, 'start');
    await act(2, 'transfer', { queue: 'QC', note: '需税务办理' });
    const rated = await act(2, 'call-next');
    await act(2, 'start');
    await act(2, 'request-evaluation');
    await ok('POST', '/api/evaluations', { cookie: cookies.w2!, body: { ticketId: rated.id, level: 'very_satisfied', source: 'screen' } });
    tick(5);
    await act(2, 'finish', { outcome: 'rejected' });

    // Window 3 (户政, ID required): two served, one evaluated after 办结.
    const b1 = await act(3, 'call-next');
    await act(3, 'start');
    tick(6);
    await act(3, 'finish', { outcome: 'done' });
    await ok('POST', '/api/evaluations', { cookie: cookies.w3!, body: { ticketId: b1.id, level: 'basic', dimensions: { 态度: 'satisfied', 效率: 'basic' }, source: 'evaluator' } });
    await act(3, 'call-next');

    // Window 4 over the socket: pause with a reason, resume, serve the longest wait.
    await socket4('pause', { reason: '系统维护' });
    tick(2);
    await socket4('resume');
    await socket4('call-next');
    await socket4('start');
    tick(3);
    await socket4('finish', { outcome: 'done' });
    await socket4('call-next');

    // The supervisor cancels a waiting ticket and sends one to window 3 only.
    const waiting = (await ok('GET', '/api/tickets?state=waiting', { cookie: cookies.sup! })).tickets as { id: string; queue: string }[];
    const qaWaiting = waiting.filter((t) => t.queue === 'QA');
    expect(qaWaiting.length).toBeGreaterThanOrEqual(2);
    await ok('POST', `/api/tickets/${qaWaiting[0]!.id}/cancel`, { cookie: cookies.sup!, body: { reason: '本人放弃' } });
    await ok('POST', `/api/tickets/${qaWaiting[1]!.id}/transfer`, { cookie: cookies.sup!, body: { window: 3, note: '指定窗口' } });
    tick(20);
    // Window 2 signs out; tickets, the paused window and the rest are left for the rollover to close.
    await act(2, 'sign-out');
    await socket4('pause', { reason: '午休' });

    // ── Tuesday: the first command rolls the day over ──────────────────────────────────────────
    srv.clock.set(TUESDAY_0940);
    await loginAll(); // yesterday's sessions have expired
    await act(1, 'sign-in');
    await act(3, 'sign-in');
    await ok('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: tuesday.code } });
    for (let i = 0; i < 3; i++) {
      await kiosk({ queue: 'QA' });
      tick();
    }
    await kiosk({ item: 'I2', idNumber: ids[3], name: '周九' });
    await act(1, 'call-next');
    await act(1, 'start');
    tick(2);
    await act(1, 'finish', { outcome: 'done' });
    await act(1, 'call-next');
    await act(3, 'call-next');
    await act(3, 'start');

    beforeEdits = { seq: await seq(), tables: readScreenTables(srv.db) };

    // ── 差评 and its follow-up, then admin configuration edits ────────────────────────────────
    tick(4);
    const bad = await act(3, 'finish', { outcome: 'done' });
    await ok('POST', '/api/evaluations', { cookie: cookies.w3!, body: { ticketId: bad.id, level: 'very_dissatisfied', reason: '态度生硬', source: 'screen' } });
    const cases = (await ok('GET', '/api/cases', { cookie: cookies.sup! })).cases as { id: number }[];
    expect(cases).toHaveLength(1);
    const caseId = cases[0]!.id;
    tick();
    await ok('POST', `/api/cases/${caseId}/assign`, { cookie: cookies.sup!, body: { assignee: 'S001', note: '请跟进' } });
    // The whole 差评 cycle: a call-back number, 回访, 整改, 反馈, the 追评, 办结 (the number is erased).
    await ok('POST', `/api/evaluations/${bad.id}/contact`, { cookie: cookies.w3!, body: { phone: '13800138000' } });
    await ok('POST', `/api/cases/${caseId}/contact`, { cookie: cookies.sup!, body: { note: '已电话联系' } });
    await ok('POST', `/api/cases/${caseId}/notes`, { cookie: cookies.sup!, body: { note: '群众表示理解' } });
    tick();
    await ok('POST', `/api/cases/${caseId}/rectify`, { cookie: cookies.sup!, body: { rectification: '窗口人员服务规范培训' } });
    await ok('POST', `/api/cases/${caseId}/feedback`, { cookie: cookies.sup!, body: { feedback: '已告知整改情况' } });
    await ok('POST', `/api/cases/${caseId}/rerate`, { cookie: cookies.sup!, body: { level: 'satisfied' } });
    await ok('POST', `/api/cases/${caseId}/resolve`, { cookie: cookies.sup!, body: { note: '已批评教育' } });

    const admin = cookies.admin!;
    const item = { code: 'I9', name: '社保咨询', category: '便民服务', department: 'SW', queue: 'QA', steps: ['取号', '咨询'], statutoryDays: 0, promisedDays: 0 };
    await ok('POST', '/api/admin/items', { cookie: admin, body: item });
    await kiosk({ item: 'I9' });
    await ok('PUT', '/api/admin/items/I9', { cookie: admin, body: { ...item, name: '社保业务咨询', fee: '免费' } });
    await ok('DELETE', '/api/admin/items/I9', { cookie: admin });
    const notice = { code: 'N2', text: '今日下午系统升级', targets: ['hall', 'kiosk'] };
    await ok('POST', '/api/admin/notices', { cookie: admin, body: notice });
    await ok('PUT', '/api/admin/notices/N2', { cookie: admin, body: { ...notice, text: '今日16:00起系统升级' } });
    await ok('DELETE', '/api/admin/notices/N1', { cookie: admin });
    await ok('PUT', '/api/admin/windows/2', { cookie: admin, body: { number: 2, name: '综合受理窗口', queues: ['QA', 'QB'], comprehensive: true } });
    const settings = await ok('GET', '/api/admin/settings', { cookie: admin });
    await ok('PUT', '/api/admin/rules', { cookie: admin, body: { ...settings.rules, maxRecalls: 2, voiceOneAsYao: true } });
    await ok('PUT', '/api/admin/hall', { cookie: admin, body: { ...settings.hall, phone: '0871-1234567' } });
    await ok('POST', '/api/admin/staff', { cookie: admin, body: { badge: 'T009', name: '新同事', role: 'staff', password: 'Welcome-lantern-91' } });
    await ok('POST', '/api/admin/staff/T009/password', { cookie: admin, body: { password: 'Changed-river-456' } });
    await ok('DELETE', '/api/admin/staff/T004', { cookie: admin }).catch(() => undefined); // T004 may still be signed in: not needed for the rebuild
    await ok('POST', '/api/admin/devices', { cookie: admin, body: { code: 'K2', kind: 'kiosk', name: '取号机2' } });
    await ok('POST', '/api/admin/devices/K2/token', { cookie: admin });
    await ok('DELETE', '/api/admin/devices/K2', { cookie: admin });
    const hook = await ok('POST', '/api/admin/webhooks', { cookie: admin, body: { url: 'http://127.0.0.1:9/hook', events: ['ticket.evaluated'], secret: 'a-secret-of-16-chars', description: '省平台', active: true } });
    await ok('PUT', `/api/admin/webhooks/${hook.webhook.id}`, { cookie: admin, body: { url: 'http://127.0.0.1:9/hook2', events: ['ticket.evaluated', 'case.opened'], description: '省平台', active: false } });
    await ok('POST', '/api/admin/webhooks', { cookie: admin, body: { url: 'http://127.0.0.1:9/other', events: ['*'], active: false } });
    await ok('DELETE', `/api/admin/webhooks/${hook.webhook.id}`, { cookie: admin });
    const supervision = await ok('GET', '/api/supervision/settings', { cookie: admin });
    await ok('PUT', '/api/supervision/settings', { cookie: admin, body: { ...supervision, cases: { ...supervision.cases, contactWorkingDays: 2 } } });
    // And the hall goes on with the new rules.
    await act(1, 'finish', { outcome: 'done' });
    await act(1, 'call-next');

    final = { seq: await seq(), tables: readScreenTables(srv.db) };
    log = readEventLog(srv.db);
    await display.until(final.seq);
  }, 60_000);

  afterAll(async () => {
    await srv?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the log starts with the seed as event 1 and has no gap', () => {
    expect(log[0]).toMatchObject({ seq: 1, type: 'config.seeded', data: { source: 'seed' } });
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.length).toBe(final.seq);
    // The day really rolled over, and 差评 follow-up and admin edits happened after the first checkpoint.
    expect(log.some((e) => e.type === 'day.rolled_over')).toBe(true);
    expect(final.seq).toBeGreaterThan(beforeEdits.seq);
  });

  it('replaying the log up to Tuesday morning rebuilds every screen table, row by row', () => {
    const { tables } = rebuild(log.slice(0, beforeEdits.seq));
    expect(tables.tickets!.length).toBeGreaterThan(20);
    expect(tables.appointments!.map((a) => a.state).sort()).toEqual(['checked_in', 'checked_in', 'expired']);
    expectSame(beforeEdits.tables, tables);
  });

  it('replaying the whole log (差评 cases and admin edits included) rebuilds every screen table, row by row', () => {
    let rebuilt: ScreenTables;
    try {
      rebuilt = rebuild(log).tables;
    } catch (error) {
      // Name the event that could not be applied (e.g. a config.changed without the entity's value).
      const at = error instanceof ReplayError ? log[error.seq - 1] : undefined;
      throw new Error(`${(error as Error).message}${at ? `\nthe event: ${JSON.stringify(at).slice(0, 600)}` : ''}`);
    }
    // What the second half did is really there (the comparison is not between two empty tables).
    expect(rebuilt.cases).toEqual([expect.objectContaining({ state: 'resolved', assignee: 'S001', level: 'very_dissatisfied' })]);
    expect(rebuilt.case_history!.map((h) => h.action)).toEqual(expect.arrayContaining(['created', 'assigned', 'contacted', 'note', 'rectified', 'fed_back', 'rerated', 'resolved', 'contact_erased']));
    expect(rebuilt.cases![0]).toMatchObject({ rectification: '窗口人员服务规范培训', rerate_level: 'satisfied', contact_masked: null });
    expect(rebuilt.evaluations!.find((e) => e.level === 'very_dissatisfied')).toMatchObject({ times: 2, followup_level: 'satisfied' });
    expect(rebuilt.items!.find((i) => i.code === 'I9')).toMatchObject({ name: '社保业务咨询', retired: 1 });
    expect(rebuilt.notices!.find((n) => n.code === 'N1')).toMatchObject({ retired: 1 });
    expect(rebuilt.windows!.find((w) => w.number === 2)).toMatchObject({ name: '综合受理窗口' });
    expect(rebuilt.devices!.find((d) => d.code === 'K2')).toMatchObject({ revoked: 1 });
    expect(JSON.parse(String(rebuilt.settings!.find((r) => r.key === 'rules')!.value))).toMatchObject({ maxRecalls: 2 });
    expect(rebuilt.webhooks!.map((w) => [w.url, w.retired])).toEqual([['http://127.0.0.1:9/hook2', 1], ['http://127.0.0.1:9/other', 0]]);
    expectSame(final.tables, rebuilt);
  });

  it('a dropped event makes the rebuild differ, and the projector refuses a log with a gap', () => {
    const prefix = log.slice(0, beforeEdits.seq);
    const dropped = prefix.findIndex((e) => e.type === 'ticket.finished');
    expect(dropped).toBeGreaterThan(0);
    const holed = prefix.filter((_, i) => i !== dropped);
    expect(() => rebuild(holed)).toThrow(ReplayError);
    expect(() => rebuild(holed)).toThrow(/missing/);
    // Forced through anyway, the comparison names what is wrong.
    const diffs = diffScreenTables(beforeEdits.tables, rebuild(holed, { allowGaps: true }).tables);
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.some((d) => d.table === 'events' && d.kind === 'missing')).toBe(true);
    // Even a log without the seq hole — the event simply never written — rebuilds a different hall.
    const renumbered = holed.map((e, i) => ({ ...e, seq: i + 1 }));
    const quiet = diffScreenTables(
      { ...beforeEdits.tables, events: [] },
      { ...rebuild(renumbered).tables, events: [] },
    );
    expect(quiet.some((d) => d.table !== 'events')).toBe(true);
    expect(formatDiffs(quiet)).toMatch(/^tickets /m);
  });

  it('events carry no secret and no ID number; the replay-only columns never reach a public socket', () => {
    const bodies = log.map((e) => ({ at: `event ${e.seq} (${e.type})`, text: JSON.stringify(e) }));
    const hashes = (srv.db.prepare('SELECT password_hash FROM staff').all() as { password_hash: string }[]).map((h) => h.password_hash);
    const secrets = [KIOSK_TOKEN, DISPLAY_TOKEN, AGENT_TOKEN, TEST_PASSWORD, 'Welcome-lantern-91', 'Changed-river-456', 'a-secret-of-16-chars', 'secretHint', 'idHash', 'id_hash', ...hashes];
    const leaks = [...secrets, ...ids.map((id) => id.slice(0, 14))].flatMap((secret) => bodies.filter((b) => b.text.includes(secret)).map((b) => `${b.at} contains ${secret}`));
    expect(leaks).toEqual([]);
    expect(log.some((e) => e.row?.ticket)).toBe(true);
    for (const e of log) expect(toPublicEvent(e)).not.toHaveProperty('row');
    // The display got every event, in its public form.
    expect(display.all.length).toBeGreaterThan(0);
    for (const e of display.all) expect(e).not.toHaveProperty('row');
    expect(toPublicEvent(log[0]!).data).toEqual({ source: 'seed' });
    const staffChange = log.find((e) => e.type === 'config.changed' && e.data.entity === 'staff');
    if (staffChange) expect(toPublicEvent(staffChange).data).not.toHaveProperty('value');
  });

  it('a rebuilt hall starts: numbering continues, and no replayed password or token works', async () => {
    const { dir } = rebuild(log.slice(0, beforeEdits.seq));
    const db = openDatabase({ dataDir: dir });
    const hashes = db.prepare('SELECT DISTINCT password_hash FROM staff').all() as { password_hash: string }[];
    const tokens = (db.prepare('SELECT COUNT(*) AS n FROM devices WHERE token_hash IS NOT NULL').get() as { n: number }).n;
    const lastA = (db.prepare("SELECT last_no FROM counters WHERE day = '2026-12-01' AND queue = 'QA'").get() as { last_no: number }).last_no;
    db.close();
    expect(hashes).toEqual([{ password_hash: REPLAYED_PASSWORD_HASH }]);
    expect(tokens).toBe(0);

    const again = await startTestServer({ dir, at: srv.clock.now().toISOString(), webhookAllow: ['127.0.0.1/32'] });
    try {
      expect((await again.api('POST', '/api/auth/login', { body: { badge: 'T001', password: TEST_PASSWORD } })).status).toBe(401);
      expect((await again.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(401);
      const next = again.ctx.engine.issuer.issue({ queue: 'QA', source: 'api', actor: { kind: 'system', id: null } });
      expect(next.ticket.number).toBe(`A${String(lastA + 1).padStart(3, '0')}`);
      expect((await again.api('GET', '/api/health')).body.seq).toBe(beforeEdits.seq + 1);
    } finally {
      await again.stop();
    }
  });
});

/**
 * The configuration commands the use cases call, each entity and op, straight on the engine: what the
 * admin routes do once they emit `config.changed` with the entity's value. Also `hall:import`.
 */
describe('configuration events rebuild the configuration', () => {
  it('every entity, created, updated and retired (with or without a value), and an import', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-config-'));
    const rebuilt = mkdtempSync(path.join(tmpdir(), 'hallq-config-rebuilt-'));
    const db = openDatabase({ dataDir: dir });
    const clock = new ManualClock(MONDAY_10AM);
    try {
      seedConfiguration(db, testHallConfig(), 'seed', SYSTEM, clock.now());
      const engine = new QueueEngine({ db, clock });
      const admin = { kind: 'staff' as const, id: 'A001' };
      /** An admin edit: the whole configuration validated and written, and the entity's event, in one transaction. */
      const edit = (entity: Parameters<typeof configChanged>[1], op: 'create' | 'update' | 'retire', change: (cfg: HallConfig) => unknown, announce: 'value' | 'code' = 'value') => {
        engine.core.run((tx) => {
          const cfg = readHallConfig(db);
          const value = change(cfg);
          writeHallConfig(db, HallConfig.parse(cfg), tx.now);
          configChanged(tx, entity, op, announce === 'value' ? value : null, admin, announce === 'code' ? configCode(entity, value) : undefined);
        });
        engine.core.reloadCatalog();
        clock.advance(60_000);
      };
      const item = { code: 'I9', name: '社保咨询', category: '便民服务', department: 'SW', queue: 'QD', steps: ['取号'], statutoryDays: 0, promisedDays: 0 } as const;
      edit('departments', 'create', (c) => c.departments.push({ code: 'RS', name: '人社局', retired: false }) && c.departments.at(-1));
      edit('queues', 'create', (c) => c.queues.push(Queue.parse({ code: 'QD', name: '社保', prefix: 'D' })) && c.queues.at(-1));
      edit('items', 'create', (c) => c.items.push(ServiceItem.parse(item)) && c.items.at(-1));
      engine.issuer.issue({ item: 'I9', source: 'api', actor: SYSTEM });
      edit('items', 'update', (c) => Object.assign(c.items.find((i) => i.code === 'I9')!, { name: '社保业务咨询', fee: '免费' }));
      edit('items', 'retire', (c) => Object.assign(c.items.find((i) => i.code === 'I9')!, { retired: true }));
      edit('queues', 'retire', (c) => Object.assign(c.queues.find((q) => q.code === 'QD')!, { active: false }), 'code');
      edit('departments', 'retire', (c) => Object.assign(c.departments.find((d) => d.code === 'RS')!, { retired: true }));
      edit('windows', 'create', (c) => c.windows.push(WindowConfig.parse({ number: 5, name: '社保窗口', queues: ['QA'] })) && c.windows.at(-1));
      edit('windows', 'update', (c) => Object.assign(c.windows.find((w) => w.number === 2)!, { name: '综合受理窗口', honours: ['青年文明号'] }));
      edit('windows', 'retire', (c) => Object.assign(c.windows.find((w) => w.number === 5)!, { retired: true }), 'code');
      edit('staff', 'create', (c) => c.staff.push({ badge: 'T009', name: '新同事', role: 'staff', passwordHash: 'scrypt$x', retired: false }) && c.staff.at(-1));
      edit('staff', 'update', (c) => Object.assign(c.staff.find((m) => m.badge === 'T009')!, { title: '科员' }));
      edit('staff', 'retire', (c) => Object.assign(c.staff.find((m) => m.badge === 'T002')!, { retired: true }), 'code');
      edit('devices', 'create', (c) => c.devices.push({ code: 'K2', kind: 'kiosk', name: '取号机2' }) && c.devices.at(-1));
      edit('devices', 'update', (c) => Object.assign(c.devices.find((d) => d.code === 'G1')!, { scope: { kiosks: ['K1'], windows: [1] } }));
      edit('notices', 'create', (c) => c.notices.push({ code: 'N2', text: '今日下午系统升级', targets: ['hall'] }) && c.notices.at(-1));
      edit('notices', 'update', (c) => Object.assign(c.notices.find((n) => n.code === 'N2')!, { text: '今日16:00起系统升级', targets: ['hall', 'kiosk'] }));
      edit('rules', 'update', (c) => Object.assign(c.rules, { maxRecalls: 2, voiceOneAsYao: true }));
      edit('hall', 'update', (c) => Object.assign(c.hall, { phone: '0871-1234567' }));
      engine.core.run((tx) => {
        db.prepare("UPDATE notices SET retired = 1 WHERE code = 'N1'").run();
        configChanged(tx, 'notices', 'retire', null, admin, 'N1');
        db.prepare("UPDATE devices SET revoked = 1, token_hash = NULL WHERE code = 'K2'").run();
        deviceRevoked(tx, 'K2', admin);
        configChanged(tx, 'devices', 'retire', null, admin, 'K2');
        db.prepare("UPDATE staff SET password_hash = 'scrypt$y' WHERE badge = 'T009'").run();
        passwordReset(tx, 'T009', admin);
        db.prepare("UPDATE devices SET token_hash = 'abc', revoked = 0 WHERE code = 'D1'").run();
        deviceTokenIssued(tx, 'D1', admin);
      });
      // hall:import upserts a file by codes (a new department, a renamed queue) with its own event.
      const imported = testHallConfig({ departments: [{ code: 'GA', name: '公安分局' }, { code: 'SW', name: '税务局' }, { code: 'MZ', name: '民政局' }] });
      seedConfiguration(db, imported, 'import', undefined, clock.now());
      engine.core.run(() => undefined);

      const events = readEventLog(db);
      expect(events.map((e) => e.type)).toContain('config.changed');
      for (const e of events.filter((x) => x.type === 'config.changed')) expect(e.data).toHaveProperty('op');
      expect(JSON.stringify(events)).not.toContain('scrypt');
      expect(JSON.stringify(events)).not.toContain('display-token-00000001');
      const target = openDatabase({ dataDir: rebuilt });
      try {
        replayEvents(target, events);
        const diffs = diffScreenTables(readScreenTables(db), readScreenTables(target));
        expect(diffs, formatDiffs(diffs)).toEqual([]);
      } finally {
        target.close();
      }
      engine.stop();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(rebuilt, { recursive: true, force: true });
    }
  });
});
