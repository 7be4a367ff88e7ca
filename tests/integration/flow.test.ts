import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallEvent } from '../../contract/events.ts';
import type { Ack } from '../../contract/api.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber, keysIn, StreamLog } from './helpers.ts';

/** The citizen's ID numbers used in this file; none may ever be written or sent anywhere in full. */
const ID_A = '11010519491231002X';
const ID_B = idNumber('44030419851107153');
const ID_C = idNumber('32010219770315462');
const IDS = [ID_A, ID_B, ID_C];

/** Substrings that would reveal an ID number: the whole, the first 17 digits, the birth date with its region. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const id of IDS) {
    for (const needle of [id, id.slice(0, 17), id.slice(0, 14), id.slice(6, 14)]) if (text.includes(needle)) found.push(needle);
  }
  return found;
}

describe('a ticket from kiosk to window, seen by the display and the window', () => {
  let srv: TestServer;
  let cookie: string;
  let display: StreamLog;
  let staff: StreamLog;
  let receipt: { ticketId: string; number: string; statusUrl: string; idTail: string | null };
  /** Every HTTP response body this file received, for the ID-number leak check. */
  const responses: string[] = [];

  const api: TestServer['api'] = async (method, urlPath, options) => {
    const r = await srv.api(method, urlPath, options);
    responses.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? null));
    return r;
  };

  beforeAll(async () => {
    srv = await startTestServer();
    display = new StreamLog(srv.socket({ token: DISPLAY_TOKEN }));
    await display.synced();

    const issued = await api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: ID_A, name: '张三丰' } });
    expect(issued.status).toBe(200);
    receipt = issued.body;

    cookie = await srv.login('T001');
    const signIn = await api('POST', '/api/windows/1/sign-in', { cookie, body: {} });
    expect(signIn.status).toBe(200);
    staff = new StreamLog(srv.socket({ cookie }));
    await staff.synced();

    const called = await api('POST', '/api/windows/1/call-next', { cookie, body: {} });
    expect(called.status).toBe(200);
    expect(called.body.number).toBe('A001');
    await display.until(4);
    await staff.until(4);
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('the receipt names the ticket and shows only the last four ID characters', () => {
    expect(receipt.number).toBe('A001');
    expect(receipt.idTail).toBe(ID_A.slice(-4));
    expect(receipt.statusUrl).toContain(`/t/${receipt.ticketId}?k=`);
  });

  it('the display gets a snapshot, then issued … called with consecutive seqs', () => {
    expect(display.kinds[0]).toBe('snapshot');
    expect(display.snapshots).toHaveLength(1);
    // Event 1 is the seeded configuration (config.seeded), so the day's first ticket is event 2.
    expect(display.snapshots[0]!.seq).toBe(1);
    expect(display.events.map((e) => e.type)).toEqual(['ticket.issued', 'staff.signed_in', 'window.opened', 'ticket.called']);
    expect(display.events.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
  });

  it('the called event carries the spoken phrase and no identity on the display', () => {
    const called = display.events.find((e) => e.type === 'ticket.called')!;
    expect(called.window).toBe(1);
    expect(called.data.phrase).toBe('请A零零一号到1号窗口办理');
    expect(called.ticket?.number).toBe('A001');
    for (const e of display.events) {
      expect(keysIn(e, ['idMasked', 'nameMasked', 'idHash', 'kiosk', 'note'])).toEqual([]);
      // Even the masked forms stay off the public stream.
      expect(JSON.stringify(e)).not.toContain('张*丰');
      expect(JSON.stringify(e)).not.toContain(ID_A.slice(-4));
      expect((e.actor as { id?: unknown }).id).toBeUndefined();
    }
    expect(keysIn(display.snapshots[0], ['idMasked', 'nameMasked'])).toEqual([]);
  });

  it("the window's staff socket gets the masked identity of its ticket", () => {
    expect(staff.kinds[0]).toBe('snapshot');
    const called = staff.events.find((e) => e.type === 'ticket.called') as HallEvent | undefined;
    expect(called).toBeDefined();
    expect(called!.seq).toBe(5);
    expect(called!.ticket?.idMasked).toBe(`${'*'.repeat(14)}${ID_A.slice(-4)}`);
    expect(called!.ticket?.nameMasked).toBe('张*丰');
    expect(called!.actor).toEqual({ kind: 'staff', id: 'T001' });
  });

  it('the phone status page answers with the signed key from the receipt, and 404 with a wrong one', async () => {
    const url = new URL(receipt.statusUrl);
    const k = url.searchParams.get('k')!;
    const ok = await api('GET', `/api/tickets/${receipt.ticketId}/status?k=${encodeURIComponent(k)}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ number: 'A001', state: 'called', window: 1, peopleAhead: 0 });
    expect(keysIn(ok.body, ['idMasked', 'nameMasked'])).toEqual([]);

    const flipped = (k[0] === 'A' ? 'B' : 'A') + k.slice(1);
    for (const bad of [flipped, `${k}x`, 'x']) {
      const r = await api('GET', `/api/tickets/${receipt.ticketId}/status?k=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('UNKNOWN_TICKET');
    }
  });

  it('health, metrics and the OpenAPI document', async () => {
    const health = await api('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, seq: 5, day: '2026-11-30' });

    const metrics = await api('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^hallq_tickets_issued_total\{queue="QA",source="kiosk"\} 1$/m);
    expect(metrics.body).toMatch(/^hallq_tickets_called_total\{window="1",queue="QA",kind="call"\} 1$/m);
    expect(metrics.body).toMatch(/^hallq_queue_waiting\{queue="QA"\} 0$/m);
    expect(metrics.body).toMatch(/^# TYPE hallq_tickets_issued_total counter$/m);

    const doc = await api('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths).length).toBeGreaterThan(20);
    const issue = doc.body.paths['/api/kiosk/tickets']?.post;
    expect(issue).toBeDefined();
    const schema = issue.requestBody.content['application/json'].schema;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['queue', 'item', 'idNumber', 'name']));
    expect(doc.body.paths['/api/tickets/{id}/status']?.get).toBeDefined();
  });

  it("'window:command' acks {ok:true,data} and refuses with {ok:false,error:{code,message}}", async () => {
    const s = staff.socket;
    const recall = (await s.emitWithAck('window:command', { window: 1, action: 'recall', body: {} })) as Ack<{ number: string; recallCount: number }>;
    expect(recall).toMatchObject({ ok: true, data: { number: 'A001', recallCount: 1 } });

    const start = (await s.emitWithAck('window:command', { window: 1, action: 'start', body: {} })) as Ack<{ state: string }>;
    expect(start).toMatchObject({ ok: true, data: { state: 'serving' } });

    const next = await s.emitWithAck('window:command', { window: 1, action: 'call-next', body: {} });
    expect(next.ok).toBe(false);
    if (next.ok) return;
    expect(next.error.code).toBe('NO_WAITING');
    expect(next.error.message.length).toBeGreaterThan(0);
    // Refused in one transaction: the ticket in hand was not settled by the failed call-next.
    const state = await api('GET', '/api/windows/1/state', { cookie });
    expect(state.body.window.current).toMatchObject({ number: 'A001', state: 'serving' });

    const bad = await s.emitWithAck('window:command', { window: 1, action: 'pause', body: {} });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const unknown = await s.emitWithAck('window:command', { window: 1, action: 'dance' as never, body: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const finish = (await s.emitWithAck('window:command', { window: 1, action: 'finish', body: { outcome: 'done' } })) as Ack<{ state: string; outcome: string }>;
    expect(finish).toMatchObject({ ok: true, data: { state: 'finished', outcome: 'done' } });

    // The display saw the recall (as a public event) and the finish, still without identity.
    const last = (await api('GET', '/api/health')).body.seq as number;
    await display.until(last);
    expect(display.events.map((e) => e.type)).toEqual(expect.arrayContaining(['ticket.recalled', 'ticket.started', 'ticket.finished']));
    expect(keysIn(display.events, ['idMasked', 'nameMasked'])).toEqual([]);
  });

  it('an ID number never reaches the database file, the WAL, an event body, a socket or an API response', async () => {
    // More identities through the other doors: a window-issued QB ticket and an appointment booking.
    const atWindow = await api('POST', '/api/windows/1/tickets', { cookie, body: { queue: 'QB', idNumber: ID_B, name: '李四' } });
    expect(atWindow.status).toBe(200);
    const booked = await api('POST', '/api/appointments', { body: { item: 'I1', date: '2026-12-01', slotStart: '10:00', idNumber: ID_C, name: '王五', phone: '13800138000' } });
    expect(booked.status).toBe(200);
    // A kiosk reprint by ID swipe and a check-in by ID hash the number again; neither may keep it.
    const reprint = await api('POST', `/api/kiosk/tickets/${atWindow.body.ticketId}/reprint`, { token: KIOSK_TOKEN, body: { idNumber: ID_B } });
    expect(reprint.status).toBe(200);

    const admin = await srv.login('A001');
    const events = await api('GET', '/api/events?after=0&limit=1000', { cookie: admin });
    expect(events.status).toBe(200);
    expect(events.body.events.length).toBeGreaterThan(8);
    await api('GET', '/api/audit?limit=1000', { cookie: admin });
    await api('GET', '/api/snapshot', { cookie: admin });
    await api('GET', '/api/windows/1/state', { cookie });

    const rows = srv.db.prepare('SELECT body FROM events').all() as { body: string }[];
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) expect(leaks(r.body)).toEqual([]);
    for (const body of responses) expect(leaks(body)).toEqual([]);
    for (const e of [...display.all, ...staff.all]) expect(leaks(JSON.stringify(e))).toEqual([]);

    // The raw bytes on disk: the database, its WAL (most recent commits live there), and anything beside them.
    const files = ['hallq.db', 'hallq.db-wal', 'hallq.db-shm'].map((f) => path.join(srv.dir, f)).filter((f) => existsSync(f));
    expect(files).toContain(path.join(srv.dir, 'hallq.db-wal'));
    let scanned = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      scanned += bytes.length;
      const latin = bytes.toString('latin1');
      const utf16 = bytes.toString('utf16le');
      expect(leaks(latin), file).toEqual([]);
      expect(leaks(utf16), file).toEqual([]);
    }
    expect(scanned).toBeGreaterThan(4096);
    // The scan does see what is written: the masked form and the name's mask are there.
    const all = files.map((f) => readFileSync(f).toString('utf8')).join('');
    expect(all).toContain(`${'*'.repeat(14)}${ID_A.slice(-4)}`);
  });
});
