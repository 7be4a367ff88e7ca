import { afterEach, describe, expect, it } from 'vitest';
import { createTestHall, KIOSK, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';
import { at, expectCode, signIn } from './helpers.ts';

describe('engine robustness', () => {
  let hall: TestHall;
  afterEach(() => hall.close());

  it('a subscriber that throws does not make a committed command look failed', () => {
    hall = createTestHall();
    const errors: unknown[] = [];
    hall.engine.core.onListenerError = (e) => errors.push(e);
    hall.engine.onEvents(() => {
      throw new Error('display fan-out broke');
    });
    const later: string[] = [];
    hall.engine.onEvents((events) => later.push(...events.map((e) => e.type)));
    const issued = hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
    expect(issued.ticket.number).toBe('A001');
    expect(errors).toHaveLength(1);
    expect(later).toEqual(['ticket.issued']);
  });

  it('places a re-queued late arrival behind K even when tickets were issued in the same millisecond', () => {
    hall = createTestHall();
    signIn(hall, 1);
    const first = hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
    hall.engine.windows.callNext(1, STAFF('T001'));
    hall.engine.windows.noShow(1, STAFF('T001'));
    // Five more in the very same millisecond.
    const same = Array.from({ length: 5 }, () => hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK }).ticket.number);
    hall.engine.tickets.reactivate(first.ticket.id, STAFF('T001'));
    const order = hall.engine.views.waitingFor(1).map((t) => t.number);
    // Default rule: behind the next 3 waiting.
    expect(order).toEqual([same[0], same[1], same[2], 'A001', same[3], same[4]]);
  });

  it('never rolls the business day back when the clock steps backwards across midnight', () => {
    hall = createTestHall({ at: '2026-11-30T15:59:59Z' });
    hall.clock.set('2026-11-30T16:00:01Z'); // 00:00:01 on 12-01 in Shanghai
    hall.engine.core.ensureDay();
    expect(hall.engine.core.storedDay()).toBe('2026-12-01');
    const before = hall.events.length;
    hall.clock.set('2026-11-30T15:59:58Z');
    hall.engine.core.ensureDay();
    expect(hall.engine.core.storedDay()).toBe('2026-12-01');
    expect(hall.events.length).toBe(before);
  });

  it('opens a queue with hours of its own on a make-up working day (调休)', () => {
    const base = testHallConfig();
    const config = testHallConfig({
      hall: { ...base.hall, hours: { weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '09:00', end: '17:00' }] }], holidays: [], makeupDays: ['2026-11-28'], makeupDayHours: [{ start: '09:00', end: '17:00' }] } },
      queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, hours: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '08:30', end: '12:00' }] }] } : q)),
    });
    hall = createTestHall({ config, at: at('10:00', '2026-11-28').toISOString() }); // a Saturday
    expect(hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK }).ticket.number).toBe('A001');
    expect(hall.engine.issuer.issue({ queue: 'QC', source: 'kiosk', actor: KIOSK }).ticket.number).toBe('C001');
  });

  it('refuses to transfer into a queue that is closed', () => {
    const base = testHallConfig();
    hall = createTestHall({ config: testHallConfig({ queues: base.queues.map((q) => (q.code === 'QC' ? { ...q, active: false } : q)) }) });
    const t = hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
    expectCode(() => hall.engine.tickets.transfer(t.ticket.id, { queue: 'QC' }, STAFF('S001')), 'QUEUE_CLOSED');
    expect(hall.engine.core.ticket(t.ticket.id).queue).toBe('QA');
  });
});
