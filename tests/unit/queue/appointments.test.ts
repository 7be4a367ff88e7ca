import { afterEach, describe, expect, it } from 'vitest';
import { createTestHall, KIOSK, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';
import { at, baseInput, count, eventCount, expectCode, identity, kioskIssue, rows, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const PUBLIC = { kind: 'public' as const, id: null };
const types = () => hall.events.map((e) => e.type);
const clearEvents = () => void hall.events.splice(0);
const book = (slotStart: string, opts: { item?: string; date?: string; who?: number } = {}) =>
  hall.engine.appointments.book({
    item: opts.item ?? 'I1',
    date: opts.date ?? '2026-11-30',
    slotStart,
    ...(opts.who !== undefined ? { identity: identity(opts.who) } : {}),
    actor: PUBLIC,
  });
/** Booking refusals of the public booking rules are DomainErrors (server/queue/appointments.ts bookingRefusal). */
function bookingRefusal(fn: () => unknown): { code: string; message: string; details?: unknown } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string; details?: unknown };
  }
  throw new Error('expected a refusal');
}
const checkIn = (code: string) => hall.engine.appointments.checkIn({ code }, 'K1', KIOSK);

function queueCfg(edit: (q: Record<string, unknown>) => void, index = 0) {
  const input = baseInput();
  edit((input.queues as unknown as Record<string, unknown>[])[index]!);
  return testHallConfig({ queues: input.queues });
}

describe('book', () => {
  it('books a future slot within hours and writes appointment.booked', () => {
    hall = createTestHall();
    const a = book('10:30', { who: 1 });
    expect(a).toMatchObject({ item: 'I1', queue: 'QA', date: '2026-11-30', slotStart: '10:30', slotEnd: '11:00', state: 'booked', ticketId: null, idMasked: '110101********0001', nameMasked: '张*三' });
    expect(a.code).toMatch(/^\d{6}$/);
    expect(types()).toEqual(['appointment.booked']);
    expect(hall.events[0]!.data).toEqual({ appointmentId: a.id, item: 'I1', queue: 'QA', date: '2026-11-30', slotStart: '10:30', slotEnd: '11:00', code: a.code });
    expect(hall.events[0]!.ticket).toBeNull();
    expect(hall.engine.appointments.get(a.id)).toEqual(a);
  });

  it('uses the queue’s slot length', () => {
    hall = createTestHall({ config: queueCfg((q) => void (q.appointmentSlotMinutes = 45)) });
    // 45-minute slots from opening at 08:00: 08:00, 08:45, 09:30 …; a start between them is off the grid.
    expect(book('08:45', { date: '2026-12-01' }).slotEnd).toBe('09:30');
    expect(bookingRefusal(() => book('09:15', { date: '2026-12-01' })).code).toBe('APPOINTMENT_SLOT_OFF_GRID');
  });

  it('books another day', () => {
    hall = createTestHall();
    expect(book('08:00', { date: '2026-12-01' }).state).toBe('booked');
  });

  it.each([
    ['before opening', '07:30', '2026-12-01'],
    ['ending after closing', '17:45', '2026-12-01'],
    ['in the past', '09:30', '2026-11-30'],
    ['a slot already begun', '09:59', '2026-11-30'],
  ])('APPOINTMENT_SLOT_INVALID for a slot %s', (_, slot, date) => {
    hall = createTestHall();
    expectCode(() => book(slot, { date }), 'APPOINTMENT_SLOT_INVALID');
    expect(count(hall.db, 'appointments')).toBe(0);
    expect(eventCount(hall.db)).toBe(0);
  });

  it('a slot ending exactly at closing time is fine', () => {
    hall = createTestHall();
    expect(book('17:30').slotEnd).toBe('18:00');
  });

  it('APPOINTMENT_SLOT_INVALID on a holiday and in a lunch break', () => {
    const input = baseInput();
    input.hall.hours.holidays = ['2026-12-02'];
    input.hall.hours.weekly = [{ days: [1, 2, 3, 4, 5], periods: [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:30' }] }];
    hall = createTestHall({ config: testHallConfig({ hall: input.hall }) });
    expectCode(() => book('09:00', { date: '2026-12-02' }), 'APPOINTMENT_SLOT_INVALID');
    expectCode(() => book('11:45', { date: '2026-12-01' }), 'APPOINTMENT_SLOT_INVALID');
    expectCode(() => book('09:00', { date: '2026-12-05' }), 'APPOINTMENT_SLOT_INVALID'); // Saturday
    expect(book('14:00', { date: '2026-12-01' }).state).toBe('booked');
  });

  it('APPOINTMENT_SLOT_FULL at appointmentSlotCap; a cancellation frees a place', () => {
    hall = createTestHall({ config: queueCfg((q) => void (q.appointmentSlotCap = 2)) });
    const first = book('11:00', { who: 1 });
    book('11:00', { who: 2 });
    const e = expectCode(() => book('11:00', { who: 3 }), 'APPOINTMENT_SLOT_FULL');
    expect(e.message).toBe('该时段预约已满，请选择其他时段。');
    expect(book('11:30', { who: 3 }).state).toBe('booked');
    hall.engine.appointments.cancel(first.id, PUBLIC);
    expect(book('11:00', { who: 4 }).state).toBe('booked');
  });

  it('one booking per person, item and day; no more bookings a day than the per-ID limit', () => {
    hall = createTestHall({ config: testHallConfig({ rules: { perIdDailyMax: 2 } }) });
    book('11:00', { who: 1 });
    const e = bookingRefusal(() => book('14:00', { who: 1 }));
    expect(e.code).toBe('APPOINTMENT_DUPLICATE');
    // The refusal must not tell whoever typed this ID number when its holder comes.
    expect(e.message).toBe('该身份证号当天已预约过此事项，无需重复预约；如需改约，请先用预约码和手机号取消原预约。');
    expect(e.message).not.toContain('11:00');
    expect(e.details).toBeUndefined();
    expect(book('14:00', { who: 1, date: '2026-12-01' }).state).toBe('booked');
    expect(book('14:00', { who: 1, item: 'I3' }).state).toBe('booked');
    expectCode(() => book('15:00', { who: 1, item: 'I2' }), 'ID_DAILY_LIMIT');
    // Someone else is not affected.
    expect(book('14:00', { who: 2 }).state).toBe('booked');
  });

  it('UNKNOWN_ITEM and QUEUE_CLOSED', () => {
    hall = createTestHall({ config: queueCfg((q) => void (q.active = false)) });
    expectCode(() => book('11:00', { item: 'NOPE' }), 'UNKNOWN_ITEM');
    expectCode(() => book('11:00', { item: 'I1' }), 'QUEUE_CLOSED');
    expect(book('11:00', { item: 'I3' }).queue).toBe('QC');
  });

  it('gives each appointment of a day its own code', () => {
    hall = createTestHall({ config: queueCfg((q) => void (q.appointmentSlotCap = 50)) });
    const codes = Array.from({ length: 30 }, () => book('15:00').code);
    expect(new Set(codes).size).toBe(30);
  });
});

describe('check-in', () => {
  it('by code turns the appointment into an appointment ticket', () => {
    hall = createTestHall();
    const a = book('10:30', { who: 1 });
    clearEvents();
    const r = checkIn(a.code);
    expect(r.ticket).toMatchObject({ number: 'A001', queue: 'QA', item: 'I1', priority: 'appointment', source: 'appointment', state: 'waiting', kiosk: 'K1', idMasked: '110101********0001' });
    expect(r.ticket.dueAt).toBe(at('10:30').toISOString());
    expect(r.appointment).toMatchObject({ state: 'checked_in', ticketId: r.ticket.id });
    expect(types()).toEqual(['ticket.issued', 'appointment.checked_in']);
    expect(hall.events[1]).toMatchObject({ ticket: { id: r.ticket.id }, data: { appointmentId: a.id } });
    const row = hall.db.prepare('SELECT appointment_id, id_hash FROM tickets WHERE id = ?').get(r.ticket.id);
    expect(row).toEqual({ appointment_id: a.id, id_hash: 'hash-1' });
  });

  it('by ID hash, taking the booked appointment of today', () => {
    hall = createTestHall();
    book('11:00', { who: 1, date: '2026-12-01' });
    const today = book('10:30', { who: 1 });
    const r = hall.engine.appointments.checkIn({ idHash: 'hash-1' }, 'K1', KIOSK);
    expect(r.appointment.id).toBe(today.id);
    expect(r.ticket.priority).toBe('appointment');
  });

  it('UNKNOWN_APPOINTMENT for a code or ID without an appointment today', () => {
    hall = createTestHall();
    const tomorrow = book('10:30', { who: 1, date: '2026-12-01' });
    expectCode(() => checkIn(tomorrow.code), 'UNKNOWN_APPOINTMENT');
    expectCode(() => checkIn('000000' === tomorrow.code ? '000001' : '000000'), 'UNKNOWN_APPOINTMENT');
    expectCode(() => hall.engine.appointments.checkIn({ idHash: 'hash-1' }, 'K1', KIOSK), 'UNKNOWN_APPOINTMENT');
  });

  it('opens checkInEarlyMinutes before the slot: APPOINTMENT_NOT_YET until then, naming the time', () => {
    hall = createTestHall();
    const a = book('11:00');
    hall.clock.set(at('10:29'));
    const e = expectCode(() => checkIn(a.code), 'APPOINTMENT_NOT_YET');
    expect(e.message).toContain('10:30');
    expect(count(hall.db, 'tickets')).toBe(0);
    hall.clock.set(at('10:30'));
    expect(checkIn(a.code).ticket.priority).toBe('appointment');
  });

  it('closes checkInLateMinutes after the slot end: APPOINTMENT_EXPIRED after that', () => {
    hall = createTestHall();
    const a = book('11:00');
    const b = book('11:00');
    hall.clock.set(at('11:45'));
    expect(checkIn(a.code).appointment.state).toBe('checked_in');
    hall.clock.advance(1000);
    const e = expectCode(() => checkIn(b.code), 'APPOINTMENT_EXPIRED');
    expect(e.message).toBe('预约已过签到时间，请重新取号或到咨询台咨询。');
    expect(hall.engine.appointments.get(b.id).state).toBe('booked');
  });

  it('honours configured check-in minutes', () => {
    hall = createTestHall({ config: testHallConfig({ rules: { checkInEarlyMinutes: 5, checkInLateMinutes: 0 } }) });
    const a = book('11:00');
    hall.clock.set(at('10:54'));
    expect(expectCode(() => checkIn(a.code), 'APPOINTMENT_NOT_YET').message).toContain('10:55');
    hall.clock.set(at('11:30'));
    expect(checkIn(a.code).ticket.state).toBe('waiting');
    const b = book('12:00');
    hall.clock.set(new Date(at('12:30').getTime() + 1));
    expectCode(() => checkIn(b.code), 'APPOINTMENT_EXPIRED');
  });

  it('APPOINTMENT_USED the second time, naming the ticket number, and issues nothing more', () => {
    hall = createTestHall();
    const a = book('10:30');
    const first = checkIn(a.code);
    const before = { tickets: count(hall.db, 'tickets'), events: eventCount(hall.db) };
    const e = expectCode(() => checkIn(a.code), 'APPOINTMENT_USED');
    expect(e.message).toContain(first.ticket.number);
    expect({ tickets: count(hall.db, 'tickets'), events: eventCount(hall.db) }).toEqual(before);
  });

  it('a cancelled appointment cannot be checked in or cancelled again', () => {
    hall = createTestHall();
    const a = book('10:30');
    clearEvents();
    const c = hall.engine.appointments.cancel(a.id, PUBLIC);
    expect(c.state).toBe('cancelled');
    expect(types()).toEqual(['appointment.cancelled']);
    expectCode(() => checkIn(a.code), 'UNKNOWN_APPOINTMENT');
    expectCode(() => hall.engine.appointments.cancel(a.id, PUBLIC), 'INVALID_STATE');
  });

  it('is not held to the daily cap or the stop-issue margin of public issuing', () => {
    hall = createTestHall({ config: queueCfg((q) => void (q.stopIssueMinutesBeforeClose = 60), 2) }); // QC, dailyCap 3
    const a = book('16:30', { item: 'I3' });
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QC' });
    hall.clock.set(at('17:10'));
    expectCode(() => kioskIssue(hall, { queue: 'QC' }), 'OUTSIDE_HOURS');
    const r = checkIn(a.code);
    expect(r.ticket.number).toBe('C004');
  });

  it('a refused check-in leaves the appointment booked and writes nothing', () => {
    hall = createTestHall();
    const a = book('11:00');
    const before = { appts: rows(hall.db, 'appointments'), tickets: count(hall.db, 'tickets'), counters: count(hall.db, 'counters'), events: eventCount(hall.db) };
    hall.clock.set(at('10:00'));
    expectCode(() => checkIn(a.code), 'APPOINTMENT_NOT_YET');
    expect({ appts: rows(hall.db, 'appointments'), tickets: count(hall.db, 'tickets'), counters: count(hall.db, 'counters'), events: eventCount(hall.db) }).toEqual(before);
  });

  it('the appointment ticket is called first once its slot has begun', () => {
    hall = createTestHall();
    const a = book('10:30');
    kioskIssue(hall, { queue: 'QA' });
    const appt = checkIn(a.code).ticket;
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    hall.clock.set(at('10:30'));
    expect(hall.engine.windows.callNext(1, STAFF('T001')).id).toBe(appt.id);
  });
});
