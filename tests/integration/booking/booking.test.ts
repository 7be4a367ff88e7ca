import { smsCodeFor } from '../../fixtures/sms-code.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../../fixtures/server.ts';
import type { FakeSmsGateway } from '../../../server/sms/fake-gateway.ts';
import { ids, startBookingServer } from './booking-helpers.ts';

let server: (TestServer & { sms: FakeSmsGateway }) | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const PHONE = '13812345678';
const OTHER_PHONE = '13987654321';

async function book(s: TestServer & { sms: FakeSmsGateway }, o: { phone?: string; idNumber: string; date?: string; slotStart?: string; item?: string; name?: string }) {
  const phone = o.phone ?? PHONE;
  const code = await smsCodeFor(s, phone);
  return s.api('POST', '/api/booking', {
    body: { item: o.item ?? 'I1', date: o.date ?? '2026-12-01', slotStart: o.slotStart ?? '10:00', name: o.name ?? '张三丰', idNumber: o.idNumber, phone, smsCode: code },
  });
}

describe('bookable days and slots', () => {
  it('lists working days only (holiday skipped, 调休 make-up day included) and today from now on', async () => {
    server = await startBookingServer();
    const days = await server.api('GET', '/api/booking/days?item=I1');
    expect(days.status).toBe(200);
    expect(days.body.days.map((d: { date: string }) => d.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-03', '2026-12-04', '2026-12-05']);
    expect(days.body.days.find((d: { date: string }) => d.date === '2026-12-05').makeupDay).toBe(true);
    const today = await server.api('GET', '/api/booking/slots?item=I1&date=2026-11-30');
    // 10:00 now: the morning's earlier slots are gone; the afternoon grid starts at 14:00.
    expect(today.body.slots.map((s: { start: string }) => s.start)).toEqual(['10:00', '10:30', '11:00', '11:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
    expect(today.body.slots[0]).toEqual({ start: '10:00', end: '10:30', capacity: 5, remaining: 5 });
    const makeup = await server.api('GET', '/api/booking/slots?item=I1&date=2026-12-05');
    expect(makeup.body.slots.map((s: { start: string }) => s.start)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    const holiday = await server.api('GET', '/api/booking/slots?item=I1&date=2026-12-02');
    expect(holiday.body.slots).toEqual([]);
    const far = await server.api('GET', '/api/booking/slots?item=I1&date=2026-12-20');
    expect(far.status).toBe(400);
    expect(far.body.error.code).toBe('BOOKING_DATE_OUT_OF_RANGE');
  });

  it('refuses a start off the configured grid (10:07), by the page and by the API, and creates no slot', async () => {
    server = await startBookingServer();
    const [id] = ids(1);
    const viaApi = await server.api('POST', '/api/appointments', { body: { item: 'I1', date: '2026-12-01', slotStart: '10:07', idNumber: id, name: '张三' } });
    expect(viaApi.status).toBe(400);
    expect(viaApi.body.error.code).toBe('APPOINTMENT_SLOT_OFF_GRID');
    expect(viaApi.body.error.message).toMatch(/请从时段列表中选择/);
    const viaPage = await book(server, { idNumber: id!, slotStart: '10:07' });
    expect(viaPage.body.error.code).toBe('APPOINTMENT_SLOT_OFF_GRID');
    const count = server.db.prepare('SELECT COUNT(*) AS n FROM appointments').get() as { n: number };
    expect(count.n).toBe(0);
    const slots = await server.api('GET', '/api/booking/slots?item=I1&date=2026-12-01');
    expect(slots.body.slots.some((s: { start: string }) => s.start === '10:07')).toBe(false);
  });
});

describe('booking with an SMS code', () => {
  it('sends a code, refuses a wrong one, books with the right one, and the code cannot book twice', async () => {
    server = await startBookingServer();
    const [a, b] = ids(2);
    const sent = await server.api('POST', '/api/booking/code', { body: { phone: PHONE } });
    expect(sent.body).toEqual({ sent: true, expiresInSeconds: 300, resendAfterSeconds: 60, demo: true });
    const message = await server.sms.next(PHONE, 'booking-code');
    expect(message.text).toMatch(/^【测试县政务服务中心】您的预约验证码是 \d{6}/);
    const code = message.params.code!;
    const wrong = code === '000000' ? '111111' : '000000';
    const body = { item: 'I1', date: '2026-12-01', slotStart: '10:30', name: '张三丰', idNumber: a, phone: PHONE };
    const refused = await server.api('POST', '/api/booking', { body: { ...body, smsCode: wrong } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'SMS_CODE_WRONG', details: { triesLeft: 4 } });
    const ok = await server.api('POST', '/api/booking', { body: { ...body, smsCode: code } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ item: 'I1', itemName: '综合咨询', date: '2026-12-01', slotStart: '10:30', slotEnd: '11:00', state: 'booked', nameMasked: '张*丰', phoneMasked: '138****5678', stationName: null });
    expect(ok.body.code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(ok.body)).not.toContain(a!);
    expect(JSON.stringify(ok.body)).not.toContain(PHONE);
    const confirmed = await server.sms.next(PHONE, 'booking-confirmed');
    expect(confirmed.text).toContain(ok.body.code);
    const again = await server.api('POST', '/api/booking', { body: { ...body, idNumber: b, smsCode: code } });
    expect(again.body.error.code).toBe('SMS_CODE_MISSING');
  });

  it('voids a code after five wrong tries', async () => {
    server = await startBookingServer();
    const code = await smsCodeFor(server, PHONE);
    const wrong = code === '000000' ? '111111' : '000000';
    const body = { item: 'I1', date: '2026-12-01', slotStart: '10:30', name: '张三丰', idNumber: ids(1)[0], phone: PHONE };
    const lefts: number[] = [];
    for (let i = 0; i < 5; i++) lefts.push((await server.api('POST', '/api/booking', { body: { ...body, smsCode: wrong } })).body.error.details.triesLeft);
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    const late = await server.api('POST', '/api/booking', { body: { ...body, smsCode: code } });
    expect(late.body.error.code).toBe('SMS_CODE_MISSING');
  });

  it('refuses a second code to the same phone within a minute, in Chinese', async () => {
    server = await startBookingServer();
    await smsCodeFor(server, PHONE);
    const again = await server.api('POST', '/api/booking/code', { body: { phone: PHONE } });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('SMS_CODE_TOO_SOON');
    expect(again.body.error.message).toMatch(/验证码已发送，请 \d+ 秒后再重新获取/);
  });
});

describe('limits', () => {
  it('fills a slot to its cap and no further', async () => {
    server = await startBookingServer();
    const people = ids(6);
    const phones = ['13800000001', '13800000002'];
    for (let i = 0; i < 5; i++) {
      const r = await server.api('POST', '/api/appointments', { body: { item: 'I1', date: '2026-12-01', slotStart: '09:00', idNumber: people[i], name: '某人', phone: phones[i % 2] } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const slots = await server.api('GET', '/api/booking/slots?item=I1&date=2026-12-01');
    expect(slots.body.slots.find((s: { start: string }) => s.start === '09:00').remaining).toBe(0);
    const full = await server.api('POST', '/api/appointments', { body: { item: 'I1', date: '2026-12-01', slotStart: '09:00', idNumber: people[5], name: '某人' } });
    expect(full.body.error.code).toBe('APPOINTMENT_SLOT_FULL');
  });

  it('per ID: three live bookings at most, and one per item and day, without naming the existing booking', async () => {
    server = await startBookingServer();
    const [me] = ids(1);
    const at = (date: string, slotStart: string, phone: string) => server!.api('POST', '/api/appointments', { body: { item: 'I1', date, slotStart, idNumber: me, name: '张三', phone } });
    expect((await at('2026-12-01', '10:30', '13800000001')).status).toBe(200);
    const dup = await at('2026-12-01', '15:00', '13800000002');
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('APPOINTMENT_DUPLICATE');
    expect(dup.body.error.details).toBeUndefined();
    expect(JSON.stringify(dup.body)).not.toMatch(/10:30|11:00/);
    expect((await at('2026-12-03', '10:30', '13800000003')).status).toBe(200);
    expect((await at('2026-12-04', '10:30', '13800000004')).status).toBe(200);
    const fourth = await at('2026-12-05', '10:30', '13800000005');
    expect(fourth.status).toBe(409);
    expect(fourth.body.error).toMatchObject({ code: 'BOOKING_ID_LIMIT', details: { max: 3 } });
    expect(fourth.body.error.message).toContain('同一身份证号最多同时保留 3 个');
  });

  it('per phone: three live bookings at most', async () => {
    server = await startBookingServer();
    const people = ids(4);
    const at = (i: number, date: string) => server!.api('POST', '/api/appointments', { body: { item: 'I1', date, slotStart: '10:30', idNumber: people[i], name: '张三', phone: PHONE } });
    for (const [i, date] of [[0, '2026-12-01'], [1, '2026-12-01'], [2, '2026-12-03']] as const) expect((await at(i, date)).status).toBe(200);
    const fourth = await at(3, '2026-12-04');
    expect(fourth.status).toBe(409);
    expect(fourth.body.error).toMatchObject({ code: 'BOOKING_PHONE_LIMIT', details: { max: 3 } });
    expect(fourth.body.error.message).toContain('同一手机号最多同时保留 3 个');
  });

  it('per address: twenty booking tries an hour, then a Chinese refusal with a wait', async () => {
    server = await startBookingServer();
    const people = ids(21);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await server.api('POST', '/api/appointments', { body: { item: 'I1', date: '2026-12-0' + (i % 2 ? '1' : '3'), slotStart: ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30', '15:00', '15:30'][i % 10]!, idNumber: people[i], name: '某人' } });
      statuses.push(r.status);
      if (i === 20) {
        expect(r.body.error.code).toBe('BOOKING_ADDRESS_LIMIT');
        expect(r.body.error.message).toMatch(/本网络预约次数过多，请 \d+ 分钟后再试/);
        expect(r.headers.get('retry-after') ?? String(r.body.error.details.retryAfterSeconds)).toMatch(/^\d+$/);
      }
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('per address: ten SMS codes per ten minutes', async () => {
    server = await startBookingServer();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await server.api('POST', '/api/booking/code', { body: { phone: `13700000${String(i).padStart(3, '0')}` } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });
});

describe('look-up and cancellation by code and phone', () => {
  it('finds one’s own booking, cancels it once, frees the slot, and tells the phone', async () => {
    server = await startBookingServer();
    const [a] = ids(1);
    const booked = await book(server, { idNumber: a!, slotStart: '11:00' });
    expect(booked.status).toBe(200);
    const code = booked.body.code as string;
    const found = await server.api('POST', '/api/booking/lookup', { body: { code, phone: PHONE } });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ code, slotStart: '11:00', state: 'booked' });
    const before = (await server.api('GET', '/api/booking/slots?item=I1&date=2026-12-01')).body.slots.find((s: { start: string }) => s.start === '11:00').remaining;
    const cancelled = await server.api('POST', '/api/booking/cancel', { body: { code, phone: PHONE } });
    expect(cancelled.body.state).toBe('cancelled');
    const after = (await server.api('GET', '/api/booking/slots?item=I1&date=2026-12-01')).body.slots.find((s: { start: string }) => s.start === '11:00').remaining;
    expect(after).toBe(before + 1);
    expect((await server.sms.next(PHONE, 'booking-cancelled')).text).toContain(code);
    const twice = await server.api('POST', '/api/booking/cancel', { body: { code, phone: PHONE } });
    expect(twice.body.error.code).toBe('BOOKING_NOT_CANCELLABLE');
  });

  it('never reveals another person’s booking: a wrong phone finds nothing, and a booking with their ID number learns no slot', async () => {
    server = await startBookingServer();
    const [victim] = ids(1);
    const theirs = await book(server, { idNumber: victim!, slotStart: '15:30', name: '李四' });
    expect(theirs.status).toBe(200);
    const code = theirs.body.code as string;
    const probe = await server.api('POST', '/api/booking/lookup', { body: { code, phone: OTHER_PHONE } });
    expect(probe.status).toBe(404);
    expect(probe.body.error.code).toBe('BOOKING_NOT_FOUND');
    const cancel = await server.api('POST', '/api/booking/cancel', { body: { code, phone: OTHER_PHONE } });
    expect(cancel.status).toBe(404);
    const copycat = await book(server, { idNumber: victim!, phone: OTHER_PHONE, slotStart: '10:00', name: '冒用者' });
    expect(copycat.status).toBe(409);
    expect(copycat.body.error.code).toBe('APPOINTMENT_DUPLICATE');
    const text = JSON.stringify(copycat.body);
    for (const secret of ['15:30', '16:00', code, '138****5678', '李']) expect(text).not.toContain(secret);
    const still = await server.api('POST', '/api/booking/lookup', { body: { code, phone: PHONE } });
    expect(still.body.state).toBe('booked');
  });
});

describe('contact data at rest', () => {
  it('keeps the phone sealed (AES-GCM) with a keyed hash, not in clear in the database, and erases it after the booking day', async () => {
    server = await startBookingServer();
    const [a] = ids(1);
    const booked = await book(server, { idNumber: a!, date: '2026-11-30', slotStart: '16:30' });
    expect(booked.status).toBe(200);
    const row = server.db.prepare('SELECT phone_sealed, phone_hash, phone_masked FROM appointments').get() as Record<string, string | null>;
    expect(row.phone_sealed).toMatch(/^aesgcm1:/);
    expect(row.phone_sealed).not.toContain(PHONE);
    expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.phone_masked).toBe('138****5678');
    server.db.pragma('wal_checkpoint(TRUNCATE)');
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    expect(readFileSync(path.join(server.dir, 'hallq.db')).includes(Buffer.from(PHONE))).toBe(false);
    // The next business day: the first booking request erases the past day's phones.
    server.clock.set('2026-12-01T01:00:00Z');
    await server.api('GET', '/api/booking/days?item=I1');
    const erased = server.db.prepare('SELECT phone_sealed, phone_hash, phone_masked FROM appointments').get() as Record<string, string | null>;
    expect(erased).toEqual({ phone_sealed: null, phone_hash: null, phone_masked: null });
    const gone = await server.api('POST', '/api/booking/lookup', { body: { code: booked.body.code, phone: PHONE } });
    expect(gone.status).toBe(404);
  });
});

describe('demo SMS outbox', () => {
  it('shows the admin the fake gateway’s messages with the phone masked', async () => {
    server = await startBookingServer();
    await smsCodeFor(server, PHONE);
    const cookie = await server.login('A001');
    const outbox = await server.api('GET', '/api/admin/sms-outbox', { cookie });
    expect(outbox.status).toBe(200);
    expect(outbox.body.gateway).toBe('fake');
    expect(outbox.body.messages[0]).toMatchObject({ phone: '138****5678', template: 'booking-code' });
    expect(JSON.stringify(outbox.body)).not.toContain(PHONE);
  });
});
