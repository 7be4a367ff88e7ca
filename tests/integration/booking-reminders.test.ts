import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber, until } from '../fixtures/sockets.ts';
import type { FakeSmsGateway } from '../../server/sms/fake-gateway.ts';

/** A booking made with a phone (预约): once checked in, its ticket is reminded on that phone, once each. */
describe('reminders for a checked-in booking', () => {
  let srv: TestServer;
  const PHONE = '13712340000';
  beforeAll(async () => {
    srv = await startTestServer({ reminders: { pollMs: 50 } });
  });
  afterAll(() => srv?.stop());
  const fake = () => srv.ctx.sms.fake as FakeSmsGateway;

  it('texts 还有 N 位 and 请到 N 号窗口 to the booking’s phone, which is sealed for the ticket', async () => {
    expect((await srv.api('POST', '/api/booking/code', { body: { phone: PHONE } })).status).toBe(200);
    const code = (await fake().next(PHONE, 'booking-code')).params.code!;
    const booked = await srv.api('POST', '/api/booking', {
      body: { item: 'I1', date: '2026-11-30', slotStart: '10:30', name: '预约人', idNumber: idNumber('11010519800101123'), phone: PHONE, smsCode: code },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    const checkin = await srv.api('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: booked.body.code } });
    expect(checkin.status, JSON.stringify(checkin.body)).toBe(200);
    const near = await fake().next(PHONE, 'queue-near');
    expect(near.text).toContain(checkin.body.number);
    const row = srv.db.prepare('SELECT phone FROM reminder_contacts WHERE ticket_id = ?').get(checkin.body.ticketId) as { phone: string };
    expect(row.phone.startsWith('aesgcm1:')).toBe(true);
    expect(row.phone).not.toContain(PHONE);

    const cookie = await srv.login('T001');
    await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} });
    expect((await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} })).body.number).toBe(checkin.body.number);
    expect((await fake().next(PHONE, 'queue-called')).text).toContain(`请 ${checkin.body.number} 号到 1 号窗口办理`);
    await until('both are marked sent', () => (srv.db.prepare("SELECT COUNT(*) AS n FROM reminder_deliveries WHERE state = 'sent'").get() as { n: number }).n === 2);
    expect(fake().inbox(PHONE).filter((m) => m.template.startsWith('queue-')).map((m) => m.template)).toEqual(['queue-near', 'queue-called']);
  });
});
