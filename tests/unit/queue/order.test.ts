import { afterEach, describe, expect, it } from 'vitest';
import { createTestHall, KIOSK, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { at, baseInput, configWith, expectCode, identity, kioskIssue, signIn } from './helpers.ts';
import { testHallConfig } from '../../fixtures/hall.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const call = (window: number) => hall.engine.windows.callNext(window, STAFF(`T00${window}`)).number;
const green = (queue = 'QA') => {
  hall.clock.advance(1000);
  return hall.engine.issuer.issue({ queue, source: 'staff', priority: 'green', greenReason: '老年人', actor: STAFF('S001') }).ticket;
};

describe('arrival order', () => {
  it('calls a queue in the order tickets were issued', () => {
    hall = createTestHall();
    for (let i = 0; i < 4; i++) kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    expect([call(1), call(1), call(1), call(1)]).toEqual(['A001', 'A002', 'A003', 'A004']);
    expectCode(() => call(1), 'NO_WAITING');
  });

  it('keeps issue order for tickets issued within the same millisecond', () => {
    hall = createTestHall();
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QA' }, 0);
    signIn(hall, 1);
    expect([call(1), call(1), call(1)]).toEqual(['A001', 'A002', 'A003']);
  });

  it('two windows sharing a queue never call the same ticket', () => {
    hall = createTestHall();
    for (let i = 0; i < 4; i++) kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    signIn(hall, 2);
    const called = [call(1), call(2), call(1), call(2)];
    expect(called).toEqual(['A001', 'A002', 'A003', 'A004']);
  });

  it('the window waiting list is in calling order', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QB', identity: identity(1) });
    kioskIssue(hall, { queue: 'QA' });
    green('QB');
    kioskIssue(hall, { queue: 'QA' });
    expect(hall.engine.views.waitingFor(1).map((t) => t.number)).toEqual(['B002', 'A001', 'A002', 'B001']);
    signIn(hall, 1);
    expect([call(1), call(1), call(1), call(1)]).toEqual(['B002', 'A001', 'A002', 'B001']);
  });
});

describe('green channel', () => {
  it('goes before every ordinary ticket, in arrival order among greens', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const g1 = green();
    const g2 = green();
    signIn(hall, 1);
    expect([call(1), call(1), call(1), call(1)]).toEqual([g1.number, g2.number, 'A001', 'A002']);
  });

  it('a green ticket of the second queue of an ordered window beats ordinary tickets of the first', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' });
    const g = green('QB');
    signIn(hall, 1);
    expect(call(1)).toBe(g.number);
  });
});

describe('appointments', () => {
  function checkedInAppointment(slot: string) {
    const appt = hall.engine.appointments.book({ item: 'I1', date: '2026-11-30', slotStart: slot, identity: identity(9), actor: KIOSK });
    return hall.engine.appointments.checkIn({ code: appt.code }, 'K1', KIOSK).ticket;
  }

  it('an appointment whose slot has begun goes before ordinary tickets', () => {
    hall = createTestHall({ at: at('09:50').toISOString() });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const appt = checkedInAppointment('10:00');
    hall.clock.set(at('10:01'));
    signIn(hall, 1);
    expect(call(1)).toBe(appt.number);
    expect(call(1)).toBe('A001');
  });

  it('an appointment is not put first before its slot begins', () => {
    hall = createTestHall({ at: at('09:40').toISOString() });
    kioskIssue(hall, { queue: 'QA' }); // A001
    const appt = checkedInAppointment('10:00'); // A002, checked in early
    kioskIssue(hall, { queue: 'QA' }); // A003
    signIn(hall, 1);
    hall.clock.set(at('09:50'));
    expect(call(1)).toBe('A001');
    // Before the slot it waits by its check-in time, which is before A003.
    expect(hall.engine.views.waitingFor(1).map((t) => t.number)).toEqual([appt.number, 'A003']);
    kioskIssue(hall, { queue: 'QA' }); // A004 issued after check-in
    hall.clock.set(at('09:59'));
    expect(call(1)).toBe(appt.number);
  });

  it('an appointment due now still yields to the green channel', () => {
    hall = createTestHall({ at: at('09:50').toISOString() });
    const appt = checkedInAppointment('10:00');
    hall.clock.set(at('10:05'));
    const g = green();
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    expect([call(1), call(1)]).toEqual([g.number, appt.number]);
  });

  it('a later ordinary ticket waits behind an appointment that becomes due', () => {
    hall = createTestHall({ at: at('09:40').toISOString() });
    const appt = checkedInAppointment('10:00');
    hall.clock.set(at('09:45'));
    kioskIssue(hall, { queue: 'QA' }); // A002 issued after the check-in but before the slot
    signIn(hall, 1);
    hall.clock.set(at('10:00'));
    expect(call(1)).toBe(appt.number);
  });
});

describe('anti-starvation', () => {
  it('takes the longest-waiting ordinary ticket after N priority calls in a row', () => {
    hall = createTestHall({ config: configWith({ antiStarvationAfter: 2 }) });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const gs = [green(), green(), green(), green(), green()];
    signIn(hall, 1);
    const order = [call(1), call(1), call(1), call(1), call(1), call(1), call(1)];
    expect(order).toEqual([gs[0]!.number, gs[1]!.number, 'A001', gs[2]!.number, gs[3]!.number, 'A002', gs[4]!.number]);
  });

  it('with the default of 3', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' });
    const gs = [green(), green(), green(), green()];
    signIn(hall, 1);
    expect([call(1), call(1), call(1), call(1), call(1)]).toEqual([gs[0]!.number, gs[1]!.number, gs[2]!.number, 'A001', gs[3]!.number]);
  });

  it('keeps calling priority tickets when no ordinary ticket waits', () => {
    hall = createTestHall({ config: configWith({ antiStarvationAfter: 1 }) });
    const gs = [green(), green(), green()];
    signIn(hall, 1);
    expect([call(1), call(1), call(1)]).toEqual(gs.map((g) => g.number));
  });

  it('counts per window, and an ordinary call resets the streak', () => {
    hall = createTestHall({ config: configWith({ antiStarvationAfter: 2 }) });
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QA' });
    const g1 = green();
    const g2 = green();
    signIn(hall, 1);
    signIn(hall, 2);
    expect(call(1)).toBe(g1.number); // window 1 streak 1
    expect(call(2)).toBe(g2.number); // window 2 streak 1
    const g3 = green();
    expect(call(1)).toBe(g3.number); // window 1 streak 2
    const g4 = green();
    expect(call(1)).toBe('A001'); // streak reached: ordinary, streak reset
    expect(call(1)).toBe(g4.number);
    const streak = hall.db.prepare('SELECT number, priority_streak FROM windows WHERE number IN (1, 2) ORDER BY number').all();
    expect(streak).toEqual([
      { number: 1, priority_streak: 1 },
      { number: 2, priority_streak: 1 },
    ]);
  });
});

describe('window queue modes', () => {
  it("'ordered' empties its first queue before the second", () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QB', identity: identity(1) });
    kioskIssue(hall, { queue: 'QB', identity: identity(2) });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1); // QA, QB
    expect([call(1), call(1), call(1), call(1)]).toEqual(['A001', 'A002', 'B001', 'B002']);
  });

  it("'ordered' follows the configured order of that window", () => {
    const input = baseInput();
    (input.windows as { queues: string[] }[])[1]!.queues = ['QB', 'QA'];
    hall = createTestHall({ config: testHallConfig({ windows: input.windows }) });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QB', identity: identity(1) });
    signIn(hall, 1);
    signIn(hall, 2);
    expect(call(2)).toBe('B001');
    expect(call(1)).toBe('A001');
  });

  it("'longest_wait' (window 4) compares arrival across its queues", () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QC' });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QC' });
    signIn(hall, 4); // QC, QA
    expect([call(4), call(4), call(4), call(4)]).toEqual(['A001', 'C001', 'A002', 'C002']);
  });

  it('the same tickets in ordered mode on window 4 would go QC first', () => {
    const input = baseInput();
    (input.windows as { queueMode: string }[])[3]!.queueMode = 'ordered';
    hall = createTestHall({ config: testHallConfig({ windows: input.windows }) });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QC' });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QC' });
    signIn(hall, 4);
    expect([call(4), call(4), call(4), call(4)]).toEqual(['C001', 'C002', 'A001', 'A002']);
  });

  it('a window never calls a queue it does not serve', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QC' });
    signIn(hall, 3); // QB only
    expectCode(() => call(3), 'NO_WAITING');
    signIn(hall, 1); // QA, QB
    expect(call(1)).toBe('A001');
    expectCode(() => call(1), 'NO_WAITING');
  });
});

describe('transfer to a window', () => {
  it('is callable only at that window, and goes first there', () => {
    hall = createTestHall({ config: configWith({ transferPlacement: 'arrival' }) });
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    signIn(hall, 2);
    const a1 = hall.engine.windows.callNext(1, STAFF('T001'));
    hall.engine.tickets.transfer(a1.id, { window: 2 }, STAFF('T001'));

    // Window 1 skips it, even though it is the oldest ticket of the queue.
    expect(hall.engine.views.waitingFor(1).map((t) => t.number)).toEqual(['A002', 'A003']);
    expectCode(() => hall.engine.windows.callTicket(1, a1.id, STAFF('T001')), 'NOT_SERVED_HERE');
    // Window 2 takes it first.
    expect(hall.engine.views.waitingFor(2).map((t) => t.number)).toEqual(['A001', 'A002', 'A003']);
    expect(call(2)).toBe('A001');
  });

  it('goes first at its window even ahead of older ordinary tickets', () => {
    hall = createTestHall({ config: configWith({ transferPlacement: 'arrival' }) });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const late = kioskIssue(hall, { queue: 'QA' }).ticket;
    hall.engine.tickets.transfer(late.id, { window: 2 }, STAFF('S001'));
    signIn(hall, 2);
    expect(call(2)).toBe('A003');
  });

  it('reaches a window outside its queue (联动办理)', () => {
    hall = createTestHall();
    const a = kioskIssue(hall, { queue: 'QA' }).ticket;
    hall.engine.tickets.transfer(a.id, { window: 3 }, STAFF('S001'));
    signIn(hall, 1);
    signIn(hall, 3); // QB only
    expectCode(() => call(1), 'NO_WAITING');
    expect(call(3)).toBe('A001');
  });

  it('still yields to the green channel at that window', () => {
    hall = createTestHall();
    const a = kioskIssue(hall, { queue: 'QA' }).ticket;
    hall.engine.tickets.transfer(a.id, { window: 2 }, STAFF('S001'));
    const g = green();
    signIn(hall, 2);
    expect([call(2), call(2)]).toEqual([g.number, 'A001']);
  });
});
