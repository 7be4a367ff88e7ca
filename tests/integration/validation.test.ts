import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../server/http/route.ts';
import { AGENT_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { ADMIN_LISTS, UUID_NONE, idNumber } from './helpers.ts';

const ID = idNumber('11010519800101123');

/**
 * A valid body for every write route with a body schema, with the path its parameters fill. Every
 * optional field is present too, so each one gets its wrongly typed variant.
 */
const VALID: Record<string, { url: string; body: Record<string, unknown> }> = {
  'POST /api/appointments': { url: '/api/appointments', body: { item: 'I1', date: '2026-12-01', slotStart: '10:00', idNumber: ID, name: '张三', phone: '13800138000' } },
  'POST /api/booking/code': { url: '/api/booking/code', body: { phone: '13800138000' } },
  'POST /api/booking': { url: '/api/booking', body: { item: 'I1', date: '2026-12-01', slotStart: '10:00', name: '张三', idNumber: ID, phone: '13800138000', smsCode: '123456' } },
  'POST /api/booking/lookup': { url: '/api/booking/lookup', body: { code: '123456', phone: '13800138000' } },
  'POST /api/booking/cancel': { url: '/api/booking/cancel', body: { code: '123456', phone: '13800138000' } },
  'POST /api/station/login': { url: '/api/station/login', body: { code: 'ZS01', password: 'station-pass-1' } },
  'POST /api/station/bookings': { url: '/api/station/bookings', body: { item: 'I1', date: '2026-12-01', slotStart: '10:00', name: '张三', idNumber: ID, phone: '13800138000' } },
  'POST /api/station/bookings/cancel': { url: '/api/station/bookings/cancel', body: { code: '123456', date: '2026-12-01' } },
  'POST /api/station/tickets': { url: '/api/station/tickets', body: { item: 'I1', name: '张三', idNumber: ID } },
  'POST /api/admin/stations/:code/password': { url: '/api/admin/stations/NOPE/password', body: { password: 'station-pass-2' } },
  'POST /api/admin/stations': { url: '/api/admin/stations', body: { code: 'ZS01', name: '城关镇便民服务中心', level: 'township', password: 'station-pass-1' } },
  'POST /api/auth/login': { url: '/api/auth/login', body: { badge: 'T001', password: 'secret123' } },
  'POST /api/setup': { url: '/api/setup', body: { badge: 'boss1', name: '王', password: 'x', code: 'ABCD-EFGH-JKLM' } },
  'POST /api/kiosk/tickets': { url: '/api/kiosk/tickets', body: { queue: 'QA', item: 'I1', idNumber: ID, name: '张三', proxy: true } },
  'POST /api/kiosk/checkin': { url: '/api/kiosk/checkin', body: { code: '123456' } },
  'POST /api/kiosk/scan': { url: '/api/kiosk/scan', body: { code: '123456' } },
  'POST /api/remote/tickets': { url: '/api/remote/tickets', body: { queue: 'QA', item: 'I1', idNumber: ID, name: '张三', phone: '13800138000', smsCode: '123456' } },
  'POST /api/remote/tickets/:id/arrive': { url: `/api/remote/tickets/${UUID_NONE}/arrive`, body: { k: 'key', hallCode: '123456' } },
  'PUT /api/tickets/:id/reminders': {
    url: `/api/tickets/${UUID_NONE}/reminders`,
    body: { k: 'key', push: { endpoint: 'https://push.example.invalid/s/1', expirationTime: null, keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } }, phone: '13800138000' },
  },
  'POST /api/supervisor/push/items/:id/resend': { url: '/api/supervisor/push/items/99999/resend', body: { reason: '省平台补报' } },
  'POST /api/kiosk/help': { url: '/api/kiosk/help', body: { screen: 'no-card' } },
  'POST /api/help-calls/:kiosk/answer': { url: '/api/help-calls/K9/answer', body: {} },
  'POST /api/kiosk/tickets/:id/reprint': { url: `/api/kiosk/tickets/${UUID_NONE}/reprint`, body: { idNumber: ID } },
  'POST /api/tickets/:id/print-result': { url: `/api/tickets/${UUID_NONE}/print-result`, body: { printed: false, reason: '缺纸' } },
  'POST /api/windows/:n/sign-in': { url: '/api/windows/1/sign-in', body: {} },
  'POST /api/windows/:n/sign-out': { url: '/api/windows/1/sign-out', body: {} },
  'POST /api/windows/:n/pause': { url: '/api/windows/1/pause', body: { reason: '午休' } },
  'POST /api/windows/:n/resume': { url: '/api/windows/1/resume', body: {} },
  'POST /api/windows/:n/call-next': { url: '/api/windows/1/call-next', body: {} },
  'POST /api/windows/:n/call': { url: '/api/windows/1/call', body: { ticketId: UUID_NONE } },
  'POST /api/windows/:n/recall': { url: '/api/windows/1/recall', body: {} },
  'POST /api/windows/:n/start': { url: '/api/windows/1/start', body: {} },
  'POST /api/windows/:n/finish': { url: '/api/windows/1/finish', body: { outcome: 'done', note: '已办结' } },
  'POST /api/windows/:n/no-show': { url: '/api/windows/1/no-show', body: {} },
  'POST /api/windows/:n/suspend': { url: '/api/windows/1/suspend', body: {} },
  'POST /api/windows/:n/resume-ticket': { url: '/api/windows/1/resume-ticket', body: { ticketId: UUID_NONE } },
  'POST /api/windows/:n/transfer': { url: '/api/windows/1/transfer', body: { queue: 'QB', window: 2, note: '转综合窗口' } },
  'POST /api/windows/:n/request-evaluation': { url: '/api/windows/1/request-evaluation', body: {} },
  'POST /api/windows/:n/tickets': { url: '/api/windows/1/tickets', body: { queue: 'QA', item: 'I1', idNumber: ID, name: '张三', proxy: true, green: true, greenReason: '老年人' } },
  'POST /api/tickets/:id/cancel': { url: `/api/tickets/${UUID_NONE}/cancel`, body: { reason: '重复取号' } },
  'POST /api/tickets/:id/reactivate': { url: `/api/tickets/${UUID_NONE}/reactivate`, body: {} },
  'POST /api/tickets/:id/transfer': { url: `/api/tickets/${UUID_NONE}/transfer`, body: { queue: 'QB', window: 2, note: '转窗' } },
  'POST /api/windows/:n/close': { url: '/api/windows/3/close', body: {} },
  'POST /api/audit/verify': { url: '/api/audit/verify', body: {} },
  'POST /api/evaluations': {
    url: '/api/evaluations',
    body: { ticketId: UUID_NONE, level: 'satisfied', dimensions: { 态度: 'satisfied' }, reason: '很好', source: 'screen', key: 'k' },
  },
  'POST /api/admin/staff/:key/password': { url: '/api/admin/staff/Z999/password', body: { password: 'new-password-1' } },
  'PUT /api/admin/rules': { url: '/api/admin/rules', body: { maxRecalls: 3, callNextWithCurrent: 'finish', voiceTemplate: '请{ticket}号到{window}号窗口', voiceOneAsYao: false } },
  'PUT /api/admin/hall': {
    url: '/api/admin/hall',
    body: { code: 'TEST', name: '测试县政务服务中心', level: 'county', hotline: '12345', hours: { weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '18:00' }] }] } },
  },
  'POST /api/kiosk/guide-slips': { url: '/api/kiosk/guide-slips', body: { item: 'I1' } },
  'POST /api/supervision/evaluate': { url: '/api/supervision/evaluate', body: {} },
  'POST /api/devices/:id/simulate': { url: '/api/devices/K1-printer/simulate', body: { action: 'paper', state: 'out' } },
  'PUT /api/supervision/settings': {
    url: '/api/supervision/settings',
    body: {
      alerts: { waitMinutes: 30, serviceFactor: 1, idleMinutes: 5, deviceFaults: true, badEvaluations: true, evaluateEverySeconds: 15 },
      cases: { contactWorkingDays: 1, defaultAssignee: 'S001' },
    },
  },
  'POST /api/cases/:id/assign': { url: '/api/cases/99999/assign', body: { assignee: 'S001', note: '跟进' } },
  'POST /api/cases/:id/contact': { url: '/api/cases/99999/contact', body: { note: '已联系' } },
  'POST /api/cases/:id/resolve': { url: '/api/cases/99999/resolve', body: { note: '已联系' } },
  'POST /api/cases/:id/notes': { url: '/api/cases/99999/notes', body: { note: '已联系' } },
  'POST /api/cases/:id/rectify': { url: '/api/cases/99999/rectify', body: { rectification: '增设引导' } },
  'POST /api/cases/:id/feedback': { url: '/api/cases/99999/feedback', body: { feedback: '已告知' } },
  'POST /api/cases/:id/rerate': { url: '/api/cases/99999/rerate', body: { level: 'satisfied', note: '电话追评' } },
  'POST /api/cases/:id/close': { url: '/api/cases/99999/close', body: { note: '办结' } },
  'POST /api/cases/:id/contact-number': { url: '/api/cases/99999/contact-number', body: {} },
  'POST /api/evaluations/:ticketId/contact': { url: `/api/evaluations/${UUID_NONE}/contact`, body: { key: 'k', phone: '13800138000' } },
  'POST /api/public/tickets/:id/evaluation': { url: `/api/public/tickets/${UUID_NONE}/evaluation`, body: { key: 'k', level: 'dissatisfied', reasons: ['等候时间长'], text: '慢', phone: '13800138000' } },
  'POST /api/public/tickets/:id/evaluation/rerate': { url: `/api/public/tickets/${UUID_NONE}/evaluation/rerate`, body: { key: 'k', level: 'satisfied' } },
  'POST /api/admin/webhooks': {
    url: '/api/admin/webhooks',
    body: { url: 'http://127.0.0.1:9/hook', events: ['ticket.evaluated'], secret: 'a-secret-of-16-chars', description: '省平台', active: true },
  },
  'PUT /api/admin/webhooks/:id': {
    url: '/api/admin/webhooks/99999',
    body: { url: 'http://127.0.0.1:9/hook', events: ['ticket.evaluated'], secret: 'a-secret-of-16-chars', description: '省平台', active: true },
  },
  'POST /api/admin/webhooks/:id/ping': { url: '/api/admin/webhooks/99999/ping', body: {} },
  'POST /api/admin/webhook-deliveries/:id/retry': { url: '/api/admin/webhook-deliveries/99999/retry', body: {} },
  'POST /api/admin/webhooks/dispatch': { url: '/api/admin/webhooks/dispatch', body: {} },
  'PUT /api/admin/webhook-settings': { url: '/api/admin/webhook-settings', body: { maxAttempts: 6, baseDelaySeconds: 30, maxDelaySeconds: 3600, timeoutMs: 10000 } },
  ...Object.fromEntries(
    ADMIN_LISTS.flatMap(({ list, existing, missingKey, missing }) => [
      [`POST /api/admin/${list}`, { url: `/api/admin/${list}`, body: existing }],
      [`PUT /api/admin/${list}/:key`, { url: `/api/admin/${list}/${missingKey}`, body: missing }],
    ]),
  ),
};

/** A value of another JSON type than `v`. */
function wrongType(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return 'twelve';
  if (typeof v === 'boolean') return 'yes';
  if (Array.isArray(v)) return 'not-a-list';
  if (v && typeof v === 'object') return 42;
  return 'unexpected';
}

describe('every write route refuses bad bodies with a coded error and changes nothing', () => {
  let srv: TestServer;
  let admin: string;
  /** A village/township station's session (代办 routes). */
  let station: string;

  const credentialsFor = (allow: Caller[]): { cookie?: string; token?: string } => {
    if (allow.includes('anonymous')) return {};
    if (allow.includes('kiosk')) return { token: KIOSK_TOKEN };
    if (allow.includes('agent')) return { token: AGENT_TOKEN };
    if (allow.includes('station')) return { cookie: station };
    return { cookie: admin };
  };

  /** A digest of every table, so "nothing changed" covers rows we did not think of. */
  const fingerprint = (): Record<string, string> => {
    const tables = srv.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        const rows = srv.db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
        return [name, `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`];
      }),
    );
  };

  const expectCodedError = (r: { status: number; body: any }, what: string, status?: number, code?: string) => {
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
    expect(r.status, what).toBeLessThan(500);
    if (status !== undefined) expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);
    expect(typeof r.body?.error?.code, what).toBe('string');
    expect(r.body.error.code.length, what).toBeGreaterThan(0);
    expect(typeof r.body.error.message, what).toBe('string');
    expect(r.body.error.message.trim().length, what).toBeGreaterThan(0);
    if (code !== undefined) expect(r.body.error.code, what).toBe(code);
  };

  beforeAll(async () => {
    srv = await startTestServer();
    admin = await srv.login('A001');
    expect((await srv.api('POST', '/api/admin/stations', { cookie: admin, body: { code: 'ZS01', name: '城关镇便民服务中心', level: 'township', password: 'station-pass-1' } })).status).toBe(200);
    station = ((await srv.api('POST', '/api/station/login', { body: { code: 'ZS01', password: 'station-pass-1' } })).headers.get('set-cookie') ?? '').split(';')[0]!;
    // Some state worth protecting: tickets, a call, an appointment.
    for (const queue of ['QA', 'QA', 'QC']) expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue } })).status).toBe(200);
    expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie: admin, body: {} })).status).toBe(200);
    expect((await srv.api('POST', '/api/windows/1/call-next', { cookie: admin, body: {} })).status).toBe(200);
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('has a valid sample body for every write route with a body schema', () => {
    const withBody = srv.routes.filter((r) => r.method !== 'get' && r.body).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(withBody.length).toBeGreaterThan(40);
    expect(Object.keys(VALID).sort()).toEqual([...withBody].sort());
    for (const r of srv.routes.filter((w) => w.method !== 'get' && w.body)) {
      const sample = VALID[`${r.method.toUpperCase()} ${r.path}`]!;
      const parsed = r.body!.safeParse(sample.body);
      expect(parsed.success, `${r.method} ${r.path}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
    }
  });

  // The registry fills as the server starts, so tests are generated from the sample table and the
  // test above checks that the table and the registry name the same routes.
  for (const key of Object.keys(VALID)) {
    it(`${key}: malformed JSON, oversized, wrongly typed, unknown keys, not an object`, async () => {
      const route = srv.routes.find((r) => `${r.method.toUpperCase()} ${r.path}` === key);
      expect(route, `${key} is registered`).toBeDefined();
      if (!route?.body) throw new Error(`${key} has no body schema`);
      const sample = VALID[key]!;
      const creds = credentialsFor(route.allow);
      const method = route.method.toUpperCase();
      const before = fingerprint();
      const send = (o: { body?: unknown; raw?: string }) => srv.api(method, sample.url, { ...creds, ...o });

      expectCodedError(await send({ raw: '{bad' }), 'malformed JSON', 400, 'MALFORMED_JSON');
      expectCodedError(await send({ raw: '{"a":' }), 'truncated JSON', 400, 'MALFORMED_JSON');

      const big = { ...sample.body, padding: 'x'.repeat(33 * 1024) };
      expectCodedError(await send({ body: big }), 'oversized body', 413, 'BODY_TOO_LARGE');

      for (const field of Object.keys(sample.body)) {
        const body = { ...sample.body, [field]: wrongType(sample.body[field]) };
        expectCodedError(await send({ body }), `${field} as ${JSON.stringify(body[field])}`, 400, 'VALIDATION_FAILED');
      }
      const extra = await send({ body: { ...sample.body, unexpectedKey: 'x' } });
      expectCodedError(extra, 'an unknown key', 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(extra.body.error), 'the refusal names the unknown key').toContain('unexpectedKey');

      for (const notAnObject of [[sample.body], 'text', 7, null]) {
        expectCodedError(await send({ raw: JSON.stringify(notAnObject) }), `body ${JSON.stringify(notAnObject).slice(0, 20)}`);
      }
      if (!route.body.safeParse({}).success) expectCodedError(await send({ body: {} }), 'an empty object', 400, 'VALIDATION_FAILED');

      expect(fingerprint()).toEqual(before);
    });
  }

  it('writes without a body schema still refuse malformed and oversized bodies', async () => {
    const before = fingerprint();
    for (const route of srv.routes.filter((r) => r.method !== 'get' && !r.body)) {
      const url = route.path.replace(':key', 'ZZ');
      const creds = credentialsFor(route.allow);
      expectCodedError(await srv.api(route.method.toUpperCase(), url, { ...creds, raw: '{bad' }), `${route.path} malformed`, 400, 'MALFORMED_JSON');
      expectCodedError(await srv.api(route.method.toUpperCase(), url, { ...creds, raw: JSON.stringify({ p: 'x'.repeat(40_000) }) }), `${route.path} oversized`, 413, 'BODY_TOO_LARGE');
    }
    expect(fingerprint()).toEqual(before);
  });

  it('the audit log records none of these refusals (they never reached a handler)', () => {
    const rows = srv.db.prepare("SELECT action FROM audit WHERE action NOT IN ('auth.login', 'window.sign-in', 'window.call-next', 'ticket.issue', 'station.create', 'station.login')").all();
    expect(rows).toEqual([]);
  });

  it('strict bodies still accept what the admin console reads back (GET then PUT round-trips)', async () => {
    for (const { list } of ADMIN_LISTS) {
      const got = await srv.api('GET', `/api/admin/${list}`, { cookie: admin });
      expect(got.status).toBe(200);
      const entry = (got.body[list] as Record<string, unknown>[])[0]!;
      const key = String(entry.code ?? entry.number ?? entry.badge);
      const put = await srv.api('PUT', `/api/admin/${list}/${key}`, { cookie: admin, body: entry });
      expect(put.status, `${list}: ${JSON.stringify(put.body)}`).toBe(200);
    }
    const settings = await srv.api('GET', '/api/admin/settings', { cookie: admin });
    expect((await srv.api('PUT', '/api/admin/rules', { cookie: admin, body: settings.body.rules })).status).toBe(200);
    expect((await srv.api('PUT', '/api/admin/hall', { cookie: admin, body: settings.body.hall })).status).toBe(200);
  });
});
