import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../contract/api.ts';
import { AGENT_TOKEN, DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { ADMIN_LISTS, UUID_NONE, idNumber } from './helpers.ts';

/**
 * Who may call what, written by hand from DESIGN.md §5 (not read from the routes' allow lists: the
 * point is to check them). Every caller is tried on every route; "allowed" means any answer but
 * 401/403, so a 404 for a missing entity or a 409 for a refused state still counts as let through.
 */
const CALLERS = [
  'anonymous',
  'display',
  'kiosk',
  'agent',
  'staff (no window)',
  'staff of window 1',
  'staff of window 2',
  'supervisor',
  'admin',
  // A village or township station account (代办): signed in with its own cookie, never a staff session.
  'station',
] as const;
type CallerName = (typeof CALLERS)[number];

// §5 groups.
const EVERYONE: CallerName[] = [...CALLERS];
const SIGNED_IN: CallerName[] = ['staff (no window)', 'staff of window 1', 'staff of window 2', 'supervisor', 'admin'];
const SUPERVISORS: CallerName[] = ['supervisor', 'admin'];
const ADMIN: CallerName[] = ['admin'];
/** "Staff act on the window they are signed in to"; supervisors act on all windows. */
const WINDOW_1: CallerName[] = ['staff of window 1', 'supervisor', 'admin'];
const WINDOW_2: CallerName[] = ['staff of window 2', 'supervisor', 'admin'];

interface Fixtures {
  /** A kiosk K1 ticket, waiting. */
  kioskTicket: string;
  statusKey: string;
  /** Finished at window 1 (for evaluations). */
  finishedAt1: string;
  finishedKey: string;
  /** 过号 at window 1 (for reactivation). */
  noShowAt1: string;
  /** Waiting in QA, for 'call' and 'resume-ticket'. */
  waiting: string;
  rules: unknown;
  hall: unknown;
}

interface Case {
  /** The registry's route, `METHOD path`, so coverage can be checked. */
  route: string;
  /** What this case adds, when one route has several. */
  variant?: string;
  url: (f: Fixtures) => string;
  body?: (f: Fixtures) => unknown;
  allowed: CallerName[];
  /** Each caller presents a session of its own, made for this call (logout ends it). */
  freshSession?: boolean;
  /** Where the server's rule is a reading of §5 rather than its letter (see the report). */
  note?: string;
  /**
   * Callers refused only once the entity named by the body or path is read (a ticket's window, a
   * status key in the body): their refusal cannot come before the body is parsed.
   */
  refusedAfterReading?: CallerName[];
}

const WINDOW_ACTIONS: [string, unknown][] = [
  ['sign-in', {}],
  ['sign-out', {}],
  ['pause', { reason: '临时离开' }],
  ['resume', {}],
  ['call-next', {}],
  ['call', 'waiting'],
  ['recall', {}],
  ['start', {}],
  ['finish', { outcome: 'done' }],
  ['no-show', {}],
  ['suspend', {}],
  ['resume-ticket', 'waiting'],
  ['transfer', { queue: 'QB' }],
  ['request-evaluation', {}],
];

const CASES: Case[] = [
  // Public: the catalogue, queue status, the display's public state, a ticket's status with its signed key.
  { route: 'GET /api/health', url: () => '/api/health', allowed: EVERYONE },
  { route: 'GET /api/hall', url: () => '/api/hall', allowed: EVERYONE },
  { route: 'GET /api/items/:code', url: () => '/api/items/I1', allowed: EVERYONE },
  { route: 'GET /api/queues/status', url: () => '/api/queues/status', allowed: EVERYONE },
  { route: 'GET /api/snapshot', url: () => '/api/snapshot', allowed: EVERYONE },
  { route: 'GET /api/events', url: () => '/api/events?after=0&limit=5', allowed: EVERYONE },
  // §5: the speech phrases are what a display may read beyond public (a phrase never called is a 404, which counts as let through);
  // a kiosk may have its fixed 长者模式 prompts spoken (contract/kiosk-speech.ts), so it is let through to the same 404 for a call phrase.
  { route: 'GET /api/speech', url: () => `/api/speech?text=${encodeURIComponent('请A零零一号到1号窗口办理')}`, allowed: ['display', 'kiosk'] },
  { route: 'GET /api/tickets/:id/status', url: (f) => `/api/tickets/${f.kioskTicket}/status?k=${f.statusKey}`, allowed: EVERYONE },
  {
    route: 'POST /api/appointments',
    url: () => '/api/appointments',
    body: () => ({ item: 'I1', date: '2026-12-01', slotStart: '10:00', idNumber: idNumber('11010519800101123'), name: '预约人' }),
    allowed: EVERYONE,
    note: '§5 says a display never writes; booking (预约办理, seed clause 九) is open to anyone, so a display token gains nothing by it',
  },

  // Online booking (/book): open to everyone; the SMS code, code + phone and the limits are its protection.
  { route: 'GET /api/booking/days', url: () => '/api/booking/days?item=I1', allowed: EVERYONE },
  { route: 'GET /api/booking/slots', url: () => '/api/booking/slots?item=I1&date=2026-12-01', allowed: EVERYONE },
  { route: 'POST /api/booking/code', url: () => '/api/booking/code', body: () => ({ phone: '13800138000' }), allowed: EVERYONE },
  { route: 'POST /api/booking', url: () => '/api/booking', body: () => ({ item: 'I1', date: '2026-12-01', slotStart: '10:30', name: '预约人', idNumber: idNumber('11010519800101124'), phone: '13800138000', smsCode: '000000' }), allowed: EVERYONE },
  { route: 'POST /api/booking/lookup', url: () => '/api/booking/lookup', body: () => ({ code: '000000', phone: '13800138000' }), allowed: EVERYONE },
  { route: 'POST /api/booking/cancel', url: () => '/api/booking/cancel', body: () => ({ code: '000000', phone: '13800138000' }), allowed: EVERYONE },
  // 远程取号 and call reminders: open to everyone (the signed status key guards a ticket's reminders and
  // 我已到达, the hall code the arrival); the hall's current code only for its screens, kiosks and supervisors.
  { route: 'GET /api/remote/queues', url: () => '/api/remote/queues', allowed: EVERYONE },
  { route: 'POST /api/remote/tickets', url: () => '/api/remote/tickets', body: () => ({ queue: 'QA', idNumber: idNumber('11010519800101125'), name: '远程人', phone: '13800138001', smsCode: '000000' }), allowed: EVERYONE },
  { route: 'POST /api/remote/tickets/:id/arrive', url: (f) => `/api/remote/tickets/${f.kioskTicket}/arrive`, body: (f) => ({ k: f.statusKey, hallCode: '000000' }), allowed: EVERYONE },
  { route: 'GET /api/remote/hall-code', url: () => '/api/remote/hall-code', allowed: ['display', 'kiosk', 'supervisor', 'admin'] },
  { route: 'GET /api/tickets/:id/reminders', url: (f) => `/api/tickets/${f.kioskTicket}/reminders?k=${f.statusKey}`, allowed: EVERYONE },
  { route: 'PUT /api/tickets/:id/reminders', url: (f) => `/api/tickets/${f.kioskTicket}/reminders`, body: (f) => ({ k: f.statusKey, phone: null }), allowed: EVERYONE },
  { route: 'GET /t/sw.js', url: () => '/t/sw.js', allowed: EVERYONE },
  // Village and township stations (代办): their own routes; everyone may try to sign in.
  { route: 'POST /api/station/login', url: () => '/api/station/login', body: () => ({ code: 'ZS01', password: 'station-pass-1' }), allowed: EVERYONE },
  { route: 'POST /api/station/logout', url: () => '/api/station/logout', allowed: ['station'], freshSession: true },
  { route: 'GET /api/station/me', url: () => '/api/station/me', allowed: ['station'] },
  { route: 'POST /api/station/bookings', url: () => '/api/station/bookings', body: () => ({ item: 'I1', date: '2026-12-01', slotStart: '11:30', name: '代办人', idNumber: idNumber('11010519800101125') }), allowed: ['station'] },
  { route: 'POST /api/station/bookings/cancel', url: () => '/api/station/bookings/cancel', body: () => ({ code: '000000', date: '2026-12-01' }), allowed: ['station'] },
  { route: 'POST /api/station/tickets', url: () => '/api/station/tickets', body: () => ({ item: 'I1' }), allowed: ['station'] },
  { route: 'GET /api/station/activity', url: () => '/api/station/activity', allowed: ['station'] },
  { route: 'GET /api/admin/stations', url: () => '/api/admin/stations', allowed: SUPERVISORS },
  { route: 'POST /api/admin/stations/:code/password', url: () => '/api/admin/stations/NOPE/password', body: () => ({ password: 'station-pass-2' }), allowed: ADMIN },
  { route: 'POST /api/admin/stations/:code/retire', url: () => '/api/admin/stations/NOPE/retire', allowed: ADMIN },
  { route: 'POST /api/admin/stations', url: () => '/api/admin/stations', body: () => ({ code: 'ZS01', name: '城关镇便民服务中心', level: 'township', password: 'station-pass-1' }), allowed: ADMIN },

  // Authentication.
  { route: 'POST /api/auth/login', url: () => '/api/auth/login', body: () => ({ badge: 'T004', password: 'secret123' }), allowed: EVERYONE },
  // The first-run setup answers everyone; with an admin in the hall the POST is a 404 (closed), which counts as let through.
  { route: 'GET /api/setup', url: () => '/api/setup', allowed: EVERYONE },
  { route: 'POST /api/setup', url: () => '/api/setup', body: () => ({ badge: 'boss1', name: '王', password: 'x' }), allowed: EVERYONE },
  { route: 'POST /api/auth/logout', url: () => '/api/auth/logout', allowed: SIGNED_IN, freshSession: true },
  { route: 'GET /api/auth/me', url: () => '/api/auth/me', allowed: EVERYONE },

  // Kiosk: issue, check in, reprint its own tickets. Print results come from the kiosk or its agent.
  { route: 'POST /api/kiosk/tickets', url: () => '/api/kiosk/tickets', body: () => ({ queue: 'QA' }), allowed: ['kiosk'] },
  { route: 'POST /api/kiosk/checkin', url: () => '/api/kiosk/checkin', body: () => ({ code: '000000' }), allowed: ['kiosk'] },
  { route: 'POST /api/kiosk/tickets/:id/reprint', url: (f) => `/api/kiosk/tickets/${f.kioskTicket}/reprint`, body: () => ({}), allowed: ['kiosk'] },
  { route: 'POST /api/kiosk/guide-slips', url: () => '/api/kiosk/guide-slips', body: () => ({ item: 'I1' }), allowed: ['kiosk'] },
  // The kiosk's own printer, for the warning on its home screen (what another device's printer does is not its business).
  { route: 'GET /api/kiosk/printer', url: () => '/api/kiosk/printer', allowed: ['kiosk'] },
  { route: 'POST /api/tickets/:id/print-result', url: (f) => `/api/tickets/${f.kioskTicket}/print-result`, body: () => ({ printed: true }), allowed: ['kiosk', 'agent'] },

  // Window actions: the window's own staff and supervisors. Signing in is how staff choose a window,
  // so it is open to every signed-in person (window 1 is taken: they get 409 WINDOW_TAKEN).
  ...WINDOW_ACTIONS.map(([action, body]): Case => ({
    route: `POST /api/windows/:n/${action}`,
    url: () => `/api/windows/1/${action}`,
    body: (f) => (body === 'waiting' ? { ticketId: f.waiting } : body),
    allowed: action === 'sign-in' ? SIGNED_IN : WINDOW_1,
  })),
  { route: 'POST /api/windows/:n/call-next', variant: 'window 2', url: () => '/api/windows/2/call-next', body: () => ({}), allowed: WINDOW_2 },
  { route: 'POST /api/windows/:n/pause', variant: 'window 2', url: () => '/api/windows/2/pause', body: () => ({ reason: '临时离开' }), allowed: WINDOW_2 },
  { route: 'GET /api/windows/:n/state', url: () => '/api/windows/1/state', allowed: WINDOW_1 },
  { route: 'GET /api/windows/:n/state', variant: 'window 2', url: () => '/api/windows/2/state', allowed: WINDOW_2 },
  { route: 'POST /api/windows/:n/tickets', url: () => '/api/windows/1/tickets', body: () => ({ queue: 'QA' }), allowed: WINDOW_1 },
  { route: 'POST /api/windows/:n/tickets', variant: 'window 2', url: () => '/api/windows/2/tickets', body: () => ({ queue: 'QA' }), allowed: WINDOW_2 },

  // Supervisor: cancel/reactivate/transfer, close a window, the audit log, 差评 cases.
  { route: 'GET /api/tickets', url: () => '/api/tickets?state=no_show', allowed: SUPERVISORS },
  { route: 'POST /api/tickets/:id/cancel', url: () => `/api/tickets/${UUID_NONE}/cancel`, body: () => ({ reason: '重复取号' }), allowed: SUPERVISORS },
  {
    route: 'POST /api/tickets/:id/reactivate',
    url: (f) => `/api/tickets/${f.noShowAt1}/reactivate`,
    body: () => ({}),
    allowed: WINDOW_1,
    note: '§5 lists reactivation under supervisors; the server also lets the window that marked the 过号 re-queue it (acting on its own window)',
  },
  { route: 'POST /api/tickets/:id/transfer', url: () => `/api/tickets/${UUID_NONE}/transfer`, body: () => ({ queue: 'QB' }), allowed: SUPERVISORS },
  { route: 'POST /api/windows/:n/close', url: () => '/api/windows/1/close', body: () => ({}), allowed: SUPERVISORS },
  { route: 'GET /api/audit', url: () => '/api/audit?limit=5', allowed: SUPERVISORS },
  { route: 'POST /api/audit/verify', url: () => '/api/audit/verify', body: () => ({}), allowed: SUPERVISORS },
  { route: 'GET /api/cases', url: () => '/api/cases', allowed: SUPERVISORS },
  // Device health is part of the live supervision monitor.
  { route: 'GET /api/devices', url: () => '/api/devices', allowed: SUPERVISORS },
  // Demo tools for simulated devices (this test server has none: 404 NOT_SIMULATED once allowed).
  { route: 'POST /api/devices/:id/simulate', url: () => '/api/devices/K1-idcard/simulate', body: () => ({ action: 'remove-card' }), allowed: ADMIN },
  { route: 'GET /api/devices/:id/preview', url: () => '/api/devices/K1-printer/preview', allowed: SUPERVISORS },

  // Live supervision (督查), statistics and 差评 follow-up: supervisors; thresholds are changed by admins.
  { route: 'GET /api/supervision', url: () => '/api/supervision', allowed: SUPERVISORS },
  // 帮办 calls: a kiosk calls; every signed-in staff member sees them (the 帮办 window takes them; no call open here: 404).
  { route: 'POST /api/kiosk/scan', url: () => '/api/kiosk/scan', body: () => ({ code: '000000' }), allowed: ['kiosk'] },
  { route: 'POST /api/kiosk/help', url: () => '/api/kiosk/help', body: () => ({ screen: 'no-card' }), allowed: ['kiosk'] },
  { route: 'GET /api/help-calls', url: () => '/api/help-calls', allowed: SIGNED_IN },
  { route: 'POST /api/help-calls/:kiosk/answer', url: () => '/api/help-calls/K9/answer', body: () => ({}), allowed: SIGNED_IN },
  { route: 'POST /api/supervision/evaluate', url: () => '/api/supervision/evaluate', body: () => ({}), allowed: SUPERVISORS },
  { route: 'GET /api/supervision/settings', url: () => '/api/supervision/settings', allowed: SUPERVISORS },
  { route: 'PUT /api/supervision/settings', url: () => '/api/supervision/settings', body: () => ({}), allowed: ADMIN },
  { route: 'GET /api/cases/:id', url: () => '/api/cases/99999', allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/assign', url: () => '/api/cases/99999/assign', body: () => ({ assignee: 'S001' }), allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/contact', url: () => '/api/cases/99999/contact', body: () => ({ note: '已联系' }), allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/resolve', url: () => '/api/cases/99999/resolve', body: () => ({ note: '已联系' }), allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/notes', url: () => '/api/cases/99999/notes', body: () => ({ note: '已联系' }), allowed: SUPERVISORS },
  { route: 'GET /api/stats', url: () => '/api/stats?from=2026-11-30&to=2026-11-30', allowed: SUPERVISORS },
  { route: 'GET /api/stats/export.csv', url: () => '/api/stats/export.csv?from=2026-11-30&to=2026-11-30', allowed: SUPERVISORS },
  { route: 'GET /api/stats/rankings', url: () => '/api/stats/rankings?from=2026-11-30&to=2026-11-30', allowed: SUPERVISORS },
  { route: 'GET /api/admin/items.csv', url: () => '/api/admin/items.csv', allowed: SUPERVISORS },
  { route: 'POST /api/admin/items.csv', url: () => '/api/admin/items.csv', body: () => ({ csv: 'code\n' }), allowed: ADMIN },

  // Webhooks to external platforms: admins only (they carry secrets and send data out of the hall).
  { route: 'GET /api/admin/webhooks', url: () => '/api/admin/webhooks', allowed: ADMIN },
  { route: 'POST /api/admin/webhooks', url: () => '/api/admin/webhooks', body: () => ({ url: 'http://127.0.0.1:9/x', events: ['ticket.evaluated'], active: false }), allowed: ADMIN },
  { route: 'PUT /api/admin/webhooks/:id', url: () => '/api/admin/webhooks/99999', body: () => ({ url: 'http://127.0.0.1:9/x', events: ['ticket.evaluated'], active: false }), allowed: ADMIN },
  { route: 'DELETE /api/admin/webhooks/:id', url: () => '/api/admin/webhooks/99999', allowed: ADMIN },
  { route: 'GET /api/admin/webhooks/:id/deliveries', url: () => '/api/admin/webhooks/99999/deliveries', allowed: ADMIN },
  { route: 'POST /api/admin/webhooks/:id/ping', url: () => '/api/admin/webhooks/99999/ping', body: () => ({}), allowed: ADMIN },
  { route: 'POST /api/admin/webhook-deliveries/:id/retry', url: () => '/api/admin/webhook-deliveries/99999/retry', body: () => ({}), allowed: ADMIN },
  { route: 'POST /api/admin/webhooks/dispatch', url: () => '/api/admin/webhooks/dispatch', body: () => ({}), allowed: ADMIN },
  { route: 'GET /api/admin/webhook-settings', url: () => '/api/admin/webhook-settings', allowed: ADMIN },
  { route: 'PUT /api/admin/webhook-settings', url: () => '/api/admin/webhook-settings', body: () => ({}), allowed: ADMIN },
  { route: 'GET /api/supervisor/push/targets', url: () => '/api/supervisor/push/targets', allowed: SUPERVISORS },
  { route: 'GET /api/supervisor/push/items', url: () => '/api/supervisor/push/items?state=rejected', allowed: SUPERVISORS },
  { route: 'POST /api/supervisor/push/items/:id/resend', url: () => '/api/supervisor/push/items/99999/resend', body: () => ({ reason: '省平台已修复' }), allowed: SUPERVISORS },
  { route: 'GET /api/admin/sms-outbox', url: () => '/api/admin/sms-outbox', allowed: ADMIN },

  // 好差评: the window's staff (or its bound evaluation screen), supervisors, or the citizen with the ticket's key.
  {
    route: 'POST /api/evaluations',
    url: () => '/api/evaluations',
    body: (f) => ({ ticketId: f.finishedAt1, level: 'satisfied' }),
    allowed: WINDOW_1,
    // Anyone holding the ticket's signed key (in the body) may rate it: who is refused is known only from the body.
    refusedAfterReading: ['anonymous', 'display', 'kiosk', 'agent', 'staff (no window)', 'staff of window 2', 'station'],
  },
  {
    route: 'POST /api/evaluations',
    variant: "with the ticket's signed key",
    url: () => '/api/evaluations',
    body: (f) => ({ ticketId: f.finishedAt1, level: 'satisfied', key: f.finishedKey }),
    allowed: EVERYONE,
  },
  // 扫码评价 on the status page and a 差评's call-back number: the ticket's signed key is the credential.
  { route: 'GET /api/public/tickets/:id/evaluation', url: (f) => `/api/public/tickets/${f.finishedAt1}/evaluation?k=${f.finishedKey}`, allowed: EVERYONE },
  { route: 'POST /api/public/tickets/:id/evaluation', url: (f) => `/api/public/tickets/${f.finishedAt1}/evaluation`, body: (f) => ({ key: f.finishedKey, level: 'satisfied' }), allowed: EVERYONE },
  { route: 'POST /api/public/tickets/:id/evaluation/rerate', url: (f) => `/api/public/tickets/${f.finishedAt1}/evaluation/rerate`, body: (f) => ({ key: f.finishedKey, level: 'satisfied' }), allowed: EVERYONE },
  {
    route: 'POST /api/evaluations/:ticketId/contact',
    variant: "with the ticket's signed key",
    url: (f) => `/api/evaluations/${f.finishedAt1}/contact`,
    body: (f) => ({ key: f.finishedKey, phone: '13800138000' }),
    allowed: EVERYONE,
  },
  {
    route: 'POST /api/evaluations/:ticketId/contact',
    url: (f) => `/api/evaluations/${f.finishedAt1}/contact`,
    body: () => ({ phone: '13800138000' }),
    allowed: WINDOW_1,
    // The window's tablet or staff: who is refused is known only once the ticket's window is read.
    refusedAfterReading: ['anonymous', 'display', 'kiosk', 'agent', 'staff (no window)', 'staff of window 2', 'station'],
  },
  { route: 'GET /api/evaluations/:ticketId/record', url: (f) => `/api/evaluations/${f.finishedAt1}/record`, allowed: SUPERVISORS },
  // The later steps of the 差评 cycle.
  { route: 'POST /api/cases/:id/rectify', url: () => '/api/cases/99999/rectify', body: () => ({ rectification: '增设引导' }), allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/feedback', url: () => '/api/cases/99999/feedback', body: () => ({ feedback: '已告知' }), allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/rerate', url: () => '/api/cases/99999/rerate', body: () => ({ level: 'satisfied' }), allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/close', url: () => '/api/cases/99999/close', body: () => ({ note: '办结' }), allowed: SUPERVISORS },
  { route: 'POST /api/cases/:id/contact-number', url: () => '/api/cases/99999/contact-number', body: () => ({}), allowed: SUPERVISORS },

  // Admin: configuration, staff accounts, device tokens. Supervisors may read it (monitoring).
  ...ADMIN_LISTS.flatMap(({ list, existing, missingKey, missing }): Case[] => [
    { route: `GET /api/admin/${list}`, url: () => `/api/admin/${list}`, allowed: SUPERVISORS },
    // An existing key: 409 ALREADY_EXISTS, so nothing changes.
    { route: `POST /api/admin/${list}`, url: () => `/api/admin/${list}`, body: () => existing, allowed: ADMIN },
    // A missing key: 404, so nothing changes.
    { route: `PUT /api/admin/${list}/:key`, url: () => `/api/admin/${list}/${missingKey}`, body: () => missing, allowed: ADMIN },
    { route: `DELETE /api/admin/${list}/:key`, url: () => `/api/admin/${list}/${missingKey}`, allowed: ADMIN },
  ]),
  { route: 'POST /api/admin/staff/:key/password', url: () => '/api/admin/staff/Z999/password', body: () => ({ password: 'new-password-1' }), allowed: ADMIN },
  { route: 'POST /api/admin/devices/:key/token', url: () => '/api/admin/devices/ZZ/token', allowed: ADMIN },
  { route: 'GET /api/admin/settings', url: () => '/api/admin/settings', allowed: SUPERVISORS },
  { route: 'PUT /api/admin/rules', url: () => '/api/admin/rules', body: (f) => f.rules, allowed: ADMIN },
  { route: 'PUT /api/admin/hall', url: () => '/api/admin/hall', body: (f) => f.hall, allowed: ADMIN },
];

const label = (c: Case) => `${c.route}${c.variant ? ` (${c.variant})` : ''}`;

describe('who may call which route (DESIGN.md §5)', () => {
  let srv: TestServer;
  let f: Fixtures;
  const cookies = new Map<CallerName, string>();
  const badges: Partial<Record<CallerName, string>> = {
    'staff (no window)': 'T003',
    'staff of window 1': 'T001',
    'staff of window 2': 'T002',
    supervisor: 'S001',
    admin: 'A001',
  };
  const tokens: Partial<Record<CallerName, string>> = { display: DISPLAY_TOKEN, kiosk: KIOSK_TOKEN, agent: AGENT_TOKEN };

  const credentials = (who: CallerName) => ({ cookie: cookies.get(who), token: tokens[who] });
  const ok = async (method: string, url: string, who: CallerName, body: unknown = {}) => {
    const r = await srv.api(method, url, { ...credentials(who), ...(method === 'GET' ? {} : { body }) });
    if (r.status !== 200) throw new Error(`${method} ${url} as ${who}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  const stationCookie = async () => ((await srv.api('POST', '/api/station/login', { body: { code: 'ZS01', password: 'station-pass-1' } })).headers.get('set-cookie') ?? '').split(';')[0]!;

  beforeAll(async () => {
    srv = await startTestServer();
    for (const [who, badge] of Object.entries(badges)) cookies.set(who as CallerName, await srv.login(badge));
    await ok('POST', '/api/admin/stations', 'admin', { code: 'ZS01', name: '城关镇便民服务中心', level: 'township', password: 'station-pass-1' });
    cookies.set('station', await stationCookie());
    await ok('POST', '/api/windows/1/sign-in', 'staff of window 1');
    await ok('POST', '/api/windows/2/sign-in', 'staff of window 2');

    const issue = async () => (await ok('POST', '/api/kiosk/tickets', 'kiosk', { queue: 'QA' })) as { ticketId: string; statusUrl: string };
    const noShow = await issue();
    await ok('POST', '/api/windows/1/call-next', 'staff of window 1');
    await ok('POST', '/api/windows/1/no-show', 'staff of window 1');
    const finished = await issue();
    await ok('POST', '/api/windows/1/call-next', 'staff of window 1');
    await ok('POST', '/api/windows/1/finish', 'staff of window 1', { outcome: 'done' });
    const kiosk = await issue();
    const waiting = await issue();
    for (let i = 0; i < 6; i++) await issue();
    const settings = (await ok('GET', '/api/admin/settings', 'admin')) as { rules: unknown; hall: unknown };
    const keyOf = (statusUrl: string) => new URL(statusUrl).searchParams.get('k')!;
    f = {
      kioskTicket: kiosk.ticketId,
      statusKey: keyOf(kiosk.statusUrl),
      finishedAt1: finished.ticketId,
      finishedKey: keyOf(finished.statusUrl),
      noShowAt1: noShow.ticketId,
      waiting: waiting.ticketId,
      rules: settings.rules,
      hall: settings.hall,
    };
  });

  afterAll(async () => {
    await srv?.stop();
  });

  // Each case starts from the same footing: window 1 open with T001, window 2 open with T002.
  beforeEach(async () => {
    if (!srv) return;
    for (const [n, who] of [[1, 'staff of window 1'], [2, 'staff of window 2']] as const) {
      await ok('POST', `/api/windows/${n}/sign-in`, who);
      await ok('POST', `/api/windows/${n}/resume`, who);
    }
  });

  it('the table covers every registered route, and only those', () => {
    const registered = srv.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    const tabled = [...new Set(CASES.map((c) => c.route))].sort();
    expect(registered.length).toBeGreaterThan(60);
    expect(tabled).toEqual(registered);
  });

  for (const c of CASES) {
    it(`${label(c)}: ${c.allowed.length === CALLERS.length ? 'everyone' : c.allowed.join(', ')}`, async () => {
      const [method, template] = c.route.split(' ') as [string, string];
      const expected: Record<string, string> = {};
      const actual: Record<string, string> = {};
      const problems: string[] = [];
      for (const who of CALLERS) {
        expected[who] = c.allowed.includes(who) ? 'allowed' : who === 'anonymous' ? '401' : '403';
        let creds = credentials(who);
        if (c.freshSession && badges[who]) creds = { cookie: await srv.login(badges[who]), token: undefined };
        if (c.freshSession && who === 'station') creds = { cookie: await stationCookie(), token: undefined };
        const body = c.body?.(f);
        const r = await srv.api(method, c.url(f), { ...creds, ...(body !== undefined ? { body } : {}) });
        actual[who] = r.status === 401 || r.status === 403 ? String(r.status) : 'allowed';
        const code = (r.body as { error?: { code?: string } } | undefined)?.error?.code;
        if (r.status === 401 && code !== 'UNAUTHENTICATED') problems.push(`${who}: 401 with code ${code}`);
        if (r.status === 403 && code !== 'FORBIDDEN') problems.push(`${who}: 403 with code ${code}`);
        // "Allowed" must mean the handler ran: the minimal bodies are valid, so no validation refusal.
        if (code === 'VALIDATION_FAILED' || code === 'MALFORMED_JSON' || r.status >= 500) problems.push(`${who}: ${r.status} ${JSON.stringify(r.body)}`);
      }
      expect(actual, `${label(c)} (${template})`).toEqual(expected);
      expect(problems).toEqual([]);
    });
  }

  // Authorization comes before validation: a caller who may not call a route learns nothing about
  // its body rules. Every write is sent a malformed JSON body and a well-formed but wrong one.
  const INVALID_BODIES: [string, string][] = [
    ['malformed JSON', '{"'],
    ['a body of the wrong shape', JSON.stringify([{ unexpected: '\u0000'.repeat(3) }])],
  ];
  for (const c of CASES.filter((x) => !x.route.startsWith('GET '))) {
    const refused = CALLERS.filter((who) => !c.allowed.includes(who) && !c.refusedAfterReading?.includes(who));
    if (!refused.length) continue;
    it(`${label(c)}: an invalid body from ${refused.join(', ')} is 401/403, not 400`, async () => {
      const [method] = c.route.split(' ') as [string, string];
      const expected: Record<string, string> = {};
      const actual: Record<string, string> = {};
      for (const who of refused) {
        for (const [what, raw] of INVALID_BODIES) {
          const key = `${who} · ${what}`;
          expected[key] = who === 'anonymous' ? '401 UNAUTHENTICATED' : '403 FORBIDDEN';
          const r = await srv.api(method, c.url(f), { ...credentials(who), raw });
          actual[key] = `${r.status} ${(r.body as { error?: { code?: string } } | undefined)?.error?.code}`;
        }
      }
      expect(actual).toEqual(expected);
    });
  }

  describe('socket calls', () => {
    const sockets = () =>
      CALLERS.map((who) => {
        const { cookie, token } = credentials(who);
        return { who, socket: srv.socket({ ...(cookie ? { cookie } : {}), ...(token ? { token } : {}) }) };
      });

    it("'window:command' on window 1: the window's staff and supervisors; others UNAUTHENTICATED or FORBIDDEN", async () => {
      const expected: Record<string, string> = {};
      const actual: Record<string, string> = {};
      for (const { who, socket } of sockets()) {
        // A station has no socket session (it reads its state over REST): its socket is anonymous.
        expected[who] = WINDOW_1.includes(who) ? 'allowed' : who === 'anonymous' || who === 'station' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        for (const action of ['recall', 'pause', 'resume'] as const) {
          const r = (await socket.emitWithAck('window:command', { window: 1, action, body: action === 'pause' ? { reason: '临时离开' } : {} })) as Ack<unknown>;
          const outcome = r.ok ? 'allowed' : ['UNAUTHENTICATED', 'FORBIDDEN'].includes(r.error.code) ? r.error.code : 'allowed';
          if (!r.ok) expect(r.error.message.length, `${who} ${action}`).toBeGreaterThan(0);
          if (actual[who] !== undefined && actual[who] !== outcome) actual[who] = `${actual[who]}/${action}:${outcome}`;
          else actual[who] = outcome;
        }
        socket.close();
      }
      expect(actual).toEqual(expected);
    });

    it("'window:command' on window 2 refuses the staff of window 1", async () => {
      const { cookie } = credentials('staff of window 1');
      const s = srv.socket({ cookie: cookie! });
      const r = (await s.emitWithAck('window:command', { window: 2, action: 'call-next', body: {} })) as Ack<unknown>;
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      s.close();
    });

    it("'sync' answers everyone", async () => {
      const actual: Record<string, boolean> = {};
      for (const { who, socket } of sockets()) {
        const r = (await socket.emitWithAck('sync', { afterSeq: 0 })) as Ack<unknown>;
        actual[who] = r.ok;
        socket.close();
      }
      expect(actual).toEqual(Object.fromEntries(CALLERS.map((w) => [w, true])));
    });
  });
});
