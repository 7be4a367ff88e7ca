import { mkdtempSync } from 'node:fs';
import { smsCodeFor } from '../fixtures/sms-code.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallConfig } from '../../contract/config.ts';
import { ReminderPayload } from '../../contract/remote.ts';
import { startPushService, type LocalPushService } from '../fixtures/push-service.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { idNumber, until } from '../fixtures/sockets.ts';
import type { FakeSmsGateway } from '../../server/sms/fake-gateway.ts';

/** QA takes numbers from phones (5 a day); the hall's QR 我已到达 check is on (the default). */
function remoteConfig(): HallConfig {
  const base = testHallConfig();
  return HallConfig.parse({ ...base, queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, remote: { enabled: true, dailyQuota: 5 } } : q)) });
}

const PHONE = '13912345678';
const OTHER_PHONE = '13787654321';

let push: LocalPushService;
let srv: TestServer;
let dir: string;
let cookie: string;
const start = async () => {
  srv = await startTestServer({ config: remoteConfig(), dir, reminders: { pushServices: [push.origin], pollMs: 50 } });
  cookie = await srv.login('T001');
};
const fake = () => srv.ctx.sms.fake as FakeSmsGateway;
const kiosk = () => srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
const callNext = () => srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
const sentRows = () => srv.db.prepare("SELECT ticket_id, kind, channel FROM reminder_deliveries WHERE state = 'sent' ORDER BY id").all();

beforeAll(async () => {
  push = await startPushService();
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-remote-'));
  await start();
  expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} })).status).toBe(200);
});
afterAll(async () => {
  await srv?.stop();
  await push?.close();
});

describe('远程取号 → 未到场 → check-in → called, with reminders once each', () => {
  let ticketId = '';
  let key = '';
  let number = '';
  let arrivalCode = '';
  let clientHash = '';

  it('takes a number from the phone: 未到场, not in the call order', async () => {
    for (let i = 0; i < 4; i++) expect((await kiosk()).status).toBe(200); // A001–A004
    // While no citizen has a contact the consumer writes nothing (no fsync per call for reminders).
    const cursor = () => (srv.db.prepare("SELECT seq FROM outbox_cursors WHERE consumer = 'reminders'").get() as { seq: number }).seq;
    expect(cursor()).toBe(0);
    const queues = await srv.api('GET', '/api/remote/queues');
    expect(queues.body.queues).toEqual([expect.objectContaining({ code: 'QA', open: true, quotaLeft: 5 })]);
    // Identified like a booking: without the code texted to the phone nothing is taken.
    const noCode = await srv.api('POST', '/api/remote/tickets', { body: { queue: 'QA', idNumber: idNumber('11010519800101123'), name: '李四', phone: PHONE, smsCode: '000000' } });
    expect(noCode.status).toBe(422);
    expect(noCode.body.error.code).toBe('SMS_CODE_MISSING');
    const smsCode = await smsCodeFor(srv, PHONE);
    const bad = await srv.api('POST', '/api/remote/tickets', { body: { queue: 'QA', idNumber: '110105198001011230', name: '李四', phone: PHONE, smsCode } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('ID_INVALID');
    // A refusal leaves the code for the corrected request.
    const r = await srv.api('POST', '/api/remote/tickets', { body: { queue: 'QA', idNumber: idNumber('11010519800101123'), name: '李四', phone: PHONE, smsCode } });
    expect(r.status).toBe(200);
    ({ ticketId, key, number, arrivalCode } = r.body);
    // The first contact moved the cursor past the events that could owe nobody anything.
    expect(cursor()).toBeGreaterThan(4);
    expect(number).toBe('A005');
    expect(r.body.peopleAhead).toBe(4);
    const status = await srv.api('GET', `/api/tickets/${ticketId}/status?k=${key}`);
    expect(status.body).toMatchObject({ state: 'remote', peopleAhead: 4, remote: { arrivalCode, hallCheck: true } });
    // The phone is sealed at rest, bound to this ticket.
    const row = srv.db.prepare('SELECT phone, push FROM reminder_contacts WHERE ticket_id = ?').get(ticketId) as { phone: string; push: string | null };
    expect(row.phone.startsWith('aesgcm1:')).toBe(true);
    expect(row.phone).not.toContain(PHONE);
    expect(row.push).toBeNull();
    // QB is not offered remotely.
    const qbPhone = '13600001111';
    const qb = await srv.api('POST', '/api/remote/tickets', { body: { queue: 'QB', idNumber: idNumber('11010519800101124'), name: '王五', phone: qbPhone, smsCode: await smsCodeFor(srv, qbPhone) } });
    expect(qb.status).toBe(409);
    expect(qb.body.error.code).toBe('REMOTE_NOT_OFFERED');
  });

  it('the status page switches Web Push on with the hall’s VAPID key; the subscription is sealed', async () => {
    const state = await srv.api('GET', `/api/tickets/${ticketId}/reminders?k=${key}`);
    expect(state.body).toMatchObject({ push: false, sms: true, phoneMasked: '139****5678', nearPosition: 3 });
    expect(typeof state.body.publicKey).toBe('string');
    const sub = await push.subscribe(state.body.publicKey);
    clientHash = sub.clientHash;
    const wrongKey = await srv.api('PUT', `/api/tickets/${ticketId}/reminders`, { body: { k: 'x'.repeat(22), push: { endpoint: sub.endpoint, keys: sub.keys } } });
    expect(wrongKey.status).toBe(404);
    const elsewhere = await srv.api('PUT', `/api/tickets/${ticketId}/reminders`, { body: { k: key, push: { endpoint: 'https://attacker.example/collect', keys: sub.keys } } });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe('PUSH_SERVICE_REFUSED');
    const on = await srv.api('PUT', `/api/tickets/${ticketId}/reminders`, { body: { k: key, push: { endpoint: sub.endpoint, keys: sub.keys } } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ push: true, sms: true });
    const row = srv.db.prepare('SELECT push FROM reminder_contacts WHERE ticket_id = ?').get(ticketId) as { push: string };
    expect(row.push.startsWith('aesgcm1:')).toBe(true);
    expect(row.push).not.toContain(sub.keys.auth);
  });

  it('is never called while 未到场; "还有 3 位" arrives once by push and once by SMS as the line moves', async () => {
    expect((await callNext()).body.number).toBe('A001'); // 3 ahead now

    const [near] = await push.received(clientHash, 1);
    const payload = ReminderPayload.parse(JSON.parse(near!));
    expect(payload).toMatchObject({ kind: 'near', number, ahead: 3, ticketId });
    expect(payload.body).toContain('还有 3 位');
    const sms = await fake().next(PHONE, 'queue-near');
    expect(sms.text).toContain('还有 3 位');
    for (const n of ['A002', 'A003', 'A004']) expect((await callNext()).body.number).toBe(n);
    const none = await callNext();
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('NO_WAITING');
  });

  it('checks in at the kiosk with its code, keeps its number, and "请到 1 号窗口" arrives once each when called', async () => {
    const wrong = await srv.api('POST', `/api/remote/tickets/${ticketId}/arrive`, { body: { k: key, hallCode: '000000' === arrivalCode ? '000001' : '000000' } });
    expect([422, 200]).toContain(wrong.status);
    const checkin = await srv.api('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: arrivalCode } });
    expect(checkin.status).toBe(200);
    expect(checkin.body.number).toBe(number);
    const again = await srv.api('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: arrivalCode } });
    expect(again.body.error.code).toBe('REMOTE_ARRIVED_ALREADY');
    expect((await callNext()).body.number).toBe(number);
    const messages = await push.received(clientHash, 2);
    const called = ReminderPayload.parse(JSON.parse(messages[1]!));
    expect(called).toMatchObject({ kind: 'called', number, window: 1 });
    expect(called.body).toBe(`请 ${number} 号到 1 号窗口办理。`);
    expect((await fake().next(PHONE, 'queue-called')).text).toContain(`请 ${number} 号到 1 号窗口办理`);
    await until('every reminder is marked sent', () => sentRows().length === 4);
    expect(push.messages(clientHash)).toHaveLength(2);
    expect(fake().inbox(PHONE).map((m) => m.template)).toEqual(['booking-code', 'queue-near', 'queue-called']);
  });

  it('我已到达 on the phone needs the code the hall shows now', async () => {
    const r = await srv.api('POST', '/api/remote/tickets', { body: { queue: 'QA', idNumber: idNumber('11010519800101140'), name: '赵六', phone: OTHER_PHONE, smsCode: await smsCodeFor(srv, OTHER_PHONE) } });
    expect(r.status).toBe(200);
    const code = await srv.api('GET', '/api/remote/hall-code', { token: DISPLAY_TOKEN });
    expect(code.status).toBe(200);
    expect(code.body.url).toContain(`/remote?arrive=${code.body.code}`);
    const anonymous = await srv.api('GET', '/api/remote/hall-code');
    expect(anonymous.status).toBe(401);
    const wrongCode = String((Number(code.body.code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await srv.api('POST', `/api/remote/tickets/${r.body.ticketId}/arrive`, { body: { k: r.body.key, hallCode: wrongCode } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('HALL_CODE_WRONG');
    const arrived = await srv.api('POST', `/api/remote/tickets/${r.body.ticketId}/arrive`, { body: { k: r.body.key, hallCode: code.body.code } });
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({ number: r.body.number, state: 'waiting', peopleAhead: 0 });
  });

  it('a restart neither repeats a reminder nor loses one owed', async () => {
    const cursor = () => (srv.db.prepare("SELECT seq FROM outbox_cursors WHERE consumer = 'reminders'").get() as { seq: number }).seq;
    await until('the consumer has read every event', () => cursor() === (srv.db.prepare('SELECT MAX(seq) AS s FROM events').get() as { s: number }).s);
    await until('nothing is pending', () => (srv.db.prepare("SELECT COUNT(*) AS n FROM reminder_deliveries WHERE state = 'pending'").get() as { n: number }).n === 0);
    const before = sentRows().length;
    await srv.stop();
    await start();
    expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} })).status).toBe(200);
    // The second remote ticket (赵六) is next: its call after the restart is owed and sent once.
    expect((await callNext()).status).toBe(200);
    await fake().next(OTHER_PHONE, 'queue-called');
    await until('the new reminder is marked sent', () => sentRows().length === before + 1);
    expect(push.messages(clientHash)).toHaveLength(2);
    expect(fake().inbox(PHONE)).toHaveLength(0); // a fresh fake after the restart: nothing re-sent to the first phone
    expect(fake().inbox(OTHER_PHONE).map((m) => m.template)).toEqual(['queue-called']);
    const rows = sentRows() as { ticket_id: string; kind: string; channel: string }[];
    expect(new Set(rows.map((r) => `${r.ticket_id}:${r.kind}:${r.channel}`)).size).toBe(rows.length);
  });

  it('contacts and deliveries are erased when the day closes', async () => {
    expect((srv.db.prepare('SELECT COUNT(*) AS n FROM reminder_contacts').get() as { n: number }).n).toBeGreaterThan(0);
    srv.clock.set('2026-12-01T01:00:00Z'); // Tuesday 09:00 in Shanghai
    expect((await kiosk()).status).toBe(200); // the first write of the new day closes the old one
    await until('the old day’s contacts are gone', () => (srv.db.prepare('SELECT COUNT(*) AS n FROM reminder_contacts').get() as { n: number }).n === 0);
    expect((srv.db.prepare('SELECT COUNT(*) AS n FROM reminder_deliveries').get() as { n: number }).n).toBe(0);
  });
});
