import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/store/db.ts';
import { ManualClock } from '../../../server/common/clock.ts';
import { QueueEngine } from '../../../server/queue/engine.ts';
import { REFUSALS } from '../../../server/queue/errors.ts';
import { createTestHall, KIOSK, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';
import { at, baseInput, configWith, count, eventCount, expectCode, identity, kioskIssue, rows, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

function queuesWith(edit: (q: Record<string, unknown>[]) => void) {
  const input = baseInput();
  const queues = input.queues as unknown as Record<string, unknown>[];
  edit(queues);
  return testHallConfig({ queues: input.queues });
}

describe('numbering', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('numbers A001, A002, A003 in one queue', () => {
    const numbers = [1, 2, 3].map(() => kioskIssue(hall, { queue: 'QA' }).ticket.number);
    expect(numbers).toEqual(['A001', 'A002', 'A003']);
  });

  it('numbers each queue on its own counter, with its own prefix', () => {
    const a1 = kioskIssue(hall, { queue: 'QA' }).ticket.number;
    const c1 = kioskIssue(hall, { queue: 'QC' }).ticket.number;
    const a2 = kioskIssue(hall, { queue: 'QA' }).ticket.number;
    const b1 = kioskIssue(hall, { queue: 'QB', identity: identity(1) }).ticket.number;
    const c2 = kioskIssue(hall, { queue: 'QC' }).ticket.number;
    expect([a1, c1, a2, b1, c2]).toEqual(['A001', 'C001', 'A002', 'B001', 'C002']);
    const counters = hall.db.prepare('SELECT queue, last_no FROM counters WHERE day = ? ORDER BY queue').all('2026-11-30');
    expect(counters).toEqual([
      { queue: 'QA', last_no: 2 },
      { queue: 'QB', last_no: 1 },
      { queue: 'QC', last_no: 2 },
    ]);
  });

  it('resolves the queue from the item', () => {
    const { ticket } = kioskIssue(hall, { item: 'I3' });
    expect(ticket.queue).toBe('QC');
    expect(ticket.item).toBe('I3');
    expect(ticket.number).toBe('C001');
  });

  it('pads to the queue numberWidth', () => {
    hall.close();
    hall = createTestHall({
      config: queuesWith((qs) => {
        qs[0]!.numberWidth = 4;
        qs[2]!.numberWidth = 2;
      }),
    });
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A0001');
    expect(kioskIssue(hall, { queue: 'QC' }).ticket.number).toBe('C01');
  });

  it('keeps numbers without padding when the serial outgrows the width (numberOverflow: widen)', () => {
    hall.close();
    hall = createTestHall({
      config: queuesWith((qs) => {
        qs[0]!.numberWidth = 2;
        qs[0]!.numberOverflow = 'widen';
      }),
    });
    const numbers: string[] = [];
    for (let i = 0; i < 101; i++) numbers.push(hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }).ticket.number);
    expect(numbers[8]).toBe('A09');
    expect(numbers[98]).toBe('A99');
    expect(numbers[99]).toBe('A100');
    expect(new Set(numbers).size).toBe(101);
  });

  it('stores a ticket with its number, serial, day and initial state', () => {
    const { ticket } = kioskIssue(hall, { queue: 'QA' });
    const row = hall.db.prepare('SELECT * FROM tickets WHERE id = ?').get(ticket.id) as Record<string, unknown>;
    expect(row).toMatchObject({ number: 'A001', serial: 1, number_queue: 'QA', queue: 'QA', day: '2026-11-30', state: 'waiting', kiosk: 'K1' });
    expect(ticket).toMatchObject({ state: 'waiting', window: null, recallCount: 0, outcome: null, priority: 'normal', proxy: false });
    expect(ticket.issuedAt).toBe(hall.clock.now().toISOString());
  });
});

describe('numbering survives reopening the database', () => {
  it('continues after the engine and database are closed and reopened, with no duplicates', () => {
    hall = createTestHall();
    const first = [1, 2, 3].map(() => kioskIssue(hall, { queue: 'QA' }).ticket.number);
    kioskIssue(hall, { queue: 'QC' });
    const dir = hall.dir;
    const when = hall.clock.now();
    hall.engine.stop();
    hall.db.close();

    const db = openDatabase({ dataDir: dir });
    try {
      const clock = new ManualClock(new Date(when.getTime() + 60_000));
      const engine = new QueueEngine({ db, clock });
      const next = [1, 2].map(() => engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK }).ticket.number);
      const c = engine.issuer.issue({ queue: 'QC', source: 'kiosk', actor: KIOSK }).ticket.number;
      expect(first).toEqual(['A001', 'A002', 'A003']);
      expect(next).toEqual(['A004', 'A005']);
      expect(c).toBe('C002');
      const all = db.prepare("SELECT number FROM tickets WHERE number_queue = 'QA' ORDER BY serial").all() as { number: string }[];
      expect(all.map((r) => r.number)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);
      const dupes = db.prepare('SELECT day, number, COUNT(*) AS n FROM tickets GROUP BY day, number HAVING n > 1').all();
      expect(dupes).toEqual([]);
      engine.stop();
    } finally {
      db.close();
      // Let the fixture's close remove the folder without touching the closed handles again.
      hall = { ...hall, close: () => undefined };
    }
  });

  it('still refuses at the daily cap after a restart (the cap counts the stored counter)', () => {
    hall = createTestHall();
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QC' });
    const dir = hall.dir;
    hall.engine.stop();
    hall.db.close();
    const db = openDatabase({ dataDir: dir });
    try {
      const engine = new QueueEngine({ db, clock: new ManualClock(at('11:00')) });
      expectCode(() => engine.issuer.issue({ queue: 'QC', source: 'kiosk', actor: KIOSK }), 'DAILY_CAP_REACHED');
    } finally {
      db.close();
      hall = { ...hall, close: () => undefined };
    }
  });
});

describe('sources and flags', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('records the source of each ticket', () => {
    const k = kioskIssue(hall, { queue: 'QA' }).ticket;
    const s = hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }).ticket;
    const a = hall.engine.issuer.issue({ queue: 'QA', source: 'api', actor: { kind: 'public', id: null } }).ticket;
    expect([k.source, s.source, a.source]).toEqual(['kiosk', 'staff', 'api']);
    expect(k.kiosk).toBe('K1');
    expect(s.kiosk).toBeNull();
  });

  it('marks a green channel ticket with its reason', () => {
    const { ticket } = hall.engine.issuer.issue({ queue: 'QA', source: 'staff', priority: 'green', greenReason: '老年人', actor: STAFF('S001') });
    expect(ticket.priority).toBe('green');
    expect(ticket.greenReason).toBe('老年人');
  });

  it('drops a green reason on an ordinary ticket', () => {
    const { ticket } = hall.engine.issuer.issue({ queue: 'QA', source: 'staff', greenReason: '老年人', actor: STAFF('S001') });
    expect(ticket.priority).toBe('normal');
    expect(ticket.greenReason).toBeNull();
  });

  it('marks a 代办 (proxy) ticket', () => {
    const proxy = kioskIssue(hall, { queue: 'QA', proxy: true }).ticket;
    const own = kioskIssue(hall, { queue: 'QA' }).ticket;
    expect(proxy.proxy).toBe(true);
    expect(own.proxy).toBe(false);
  });

  it('stores the masked identity, never more', () => {
    const { ticket } = kioskIssue(hall, { queue: 'QB', identity: identity(7) });
    expect(ticket.idMasked).toBe('110101********0007');
    expect(ticket.nameMasked).toBe('张*三');
    const row = hall.db.prepare('SELECT id_hash FROM tickets WHERE id = ?').get(ticket.id) as { id_hash: string };
    expect(row.id_hash).toBe('hash-7');
  });
});

describe('refusals', () => {
  it('OUTSIDE_HOURS before opening, with today’s hours in the message', () => {
    hall = createTestHall({ at: at('07:30').toISOString() });
    const e = expectCode(() => kioskIssue(hall, { queue: 'QA' }, 0), 'OUTSIDE_HOURS');
    expect(e.message).toContain('08:00-18:00');
    expect(e.status).toBe(409);
  });

  it('OUTSIDE_HOURS at and after closing time', () => {
    hall = createTestHall({ at: at('18:00').toISOString() });
    expectCode(() => kioskIssue(hall, { queue: 'QA' }, 0), 'OUTSIDE_HOURS');
    hall.clock.set(at('17:59'));
    expect(kioskIssue(hall, { queue: 'QA' }, 0).ticket.number).toBe('A001');
  });

  it('OUTSIDE_HOURS for the api source too', () => {
    hall = createTestHall({ at: at('20:00').toISOString() });
    expectCode(() => hall.engine.issuer.issue({ queue: 'QA', source: 'api', actor: { kind: 'public', id: null } }), 'OUTSIDE_HOURS');
  });

  it('OUTSIDE_HOURS names every period of a split day', () => {
    const input = baseInput();
    input.hall.hours.weekly = [{ days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:30' }] }];
    hall = createTestHall({ config: testHallConfig({ hall: input.hall }), at: at('12:30').toISOString() });
    const e = expectCode(() => kioskIssue(hall, { queue: 'QA' }, 0), 'OUTSIDE_HOURS');
    expect(e.message).toContain('08:30-12:00');
    expect(e.message).toContain('14:00-17:30');
  });

  it('CLOSED_TODAY on a configured holiday', () => {
    const input = baseInput();
    input.hall.hours.holidays = ['2026-11-30'];
    hall = createTestHall({ config: testHallConfig({ hall: input.hall }) });
    const e = expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'CLOSED_TODAY');
    expect(e.message).toBe(REFUSALS.CLOSED_TODAY.message);
  });

  it('CLOSED_TODAY on a weekday without hours', () => {
    const input = baseInput();
    input.hall.hours.weekly = [{ days: [2, 3, 4, 5, 6], periods: [{ start: '08:00', end: '18:00' }] }];
    hall = createTestHall({ config: testHallConfig({ hall: input.hall }) });
    expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'CLOSED_TODAY');
  });

  it('DAILY_CAP_REACHED after dailyCap tickets, with the exact message', () => {
    hall = createTestHall();
    expect([1, 2, 3].map(() => kioskIssue(hall, { queue: 'QC' }).ticket.number)).toEqual(['C001', 'C002', 'C003']);
    const e = expectCode(() => kioskIssue(hall, { queue: 'QC' }), 'DAILY_CAP_REACHED');
    expect(e.message).toBe('今日号已取完，若窗口空闲可直接到窗口办理。');
    // Other queues are unaffected.
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A001');
  });

  it('SLOT_CAP_REACHED once a time slot has its cap, naming when the slot ends; the next slot issues again', () => {
    hall = createTestHall({
      config: queuesWith((qs) => void (qs[0]!.slotCaps = [{ start: '09:00', end: '10:30', cap: 2 }, { start: '10:30', end: '12:00', cap: 1 }])),
    });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const e = expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'SLOT_CAP_REACHED');
    expect(e.message).toContain('10:30');
    hall.clock.set(at('10:30'));
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A003');
    expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'SLOT_CAP_REACHED');
    hall.clock.set(at('12:00'));
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A004');
  });

  it('QUEUE_CLOSED for an inactive queue, even from staff', () => {
    hall = createTestHall({ config: queuesWith((qs) => void (qs[0]!.active = false)) });
    expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'QUEUE_CLOSED');
    expectCode(() => hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }), 'QUEUE_CLOSED');
    expectCode(() => kioskIssue(hall, { item: 'I1' }), 'QUEUE_CLOSED');
  });

  it('ID_REQUIRED at the kiosk for queue QB without identity; staff may issue without', () => {
    hall = createTestHall();
    const e = expectCode(() => kioskIssue(hall, { queue: 'QB' }), 'ID_REQUIRED');
    expect(e.status).toBe(422);
    expect(kioskIssue(hall, { queue: 'QB', identity: identity(1) }).ticket.number).toBe('B001');
    expect(hall.engine.issuer.issue({ queue: 'QB', source: 'staff', actor: STAFF('T003') }).ticket.number).toBe('B002');
  });

  it('ID_HAS_LIVE_TICKET while the same ID holds a live ticket in the queue, with ticketId and number', () => {
    hall = createTestHall();
    const first = kioskIssue(hall, { queue: 'QA', identity: identity(1) }).ticket;
    const e = expectCode(() => kioskIssue(hall, { queue: 'QA', identity: identity(1) }), 'ID_HAS_LIVE_TICKET');
    expect(e.params).toMatchObject({ ticketId: first.id, number: 'A001' });
    expect(e.message).toContain('A001');
    // Another queue, or another person, is fine.
    expect(kioskIssue(hall, { queue: 'QC', identity: identity(1) }).ticket.number).toBe('C001');
    expect(kioskIssue(hall, { queue: 'QA', identity: identity(2) }).ticket.number).toBe('A002');
  });

  it('lets the same ID take a new ticket once the old one is finished', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA', identity: identity(1) });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, STAFF('T001'));
    hall.engine.windows.finish(1, 'done', null, STAFF('T001'));
    expect(kioskIssue(hall, { queue: 'QA', identity: identity(1) }).ticket.number).toBe('A002');
  });

  it('ID_DAILY_LIMIT at perIdDailyMax tickets a day, counting finished ones', () => {
    hall = createTestHall({ config: configWith({ perIdDailyMax: 2 }) });
    kioskIssue(hall, { queue: 'QA', identity: identity(1) });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, STAFF('T001'));
    hall.engine.windows.finish(1, 'done', null, STAFF('T001'));
    kioskIssue(hall, { queue: 'QA', identity: identity(1) });
    const e = expectCode(() => kioskIssue(hall, { queue: 'QC', identity: identity(1) }), 'ID_DAILY_LIMIT');
    expect(e.message).toContain('2');
    expect(e.params).toMatchObject({ max: 2 });
    expect(kioskIssue(hall, { queue: 'QC', identity: identity(2) }).ticket.number).toBe('C001');
  });

  it('UNKNOWN_QUEUE for a missing or unknown queue', () => {
    hall = createTestHall();
    expectCode(() => kioskIssue(hall, { queue: 'QZ' }), 'UNKNOWN_QUEUE');
    expectCode(() => kioskIssue(hall, {}), 'UNKNOWN_QUEUE');
  });

  it('UNKNOWN_ITEM for an unknown or retired item', () => {
    const input = baseInput();
    (input.items as { retired?: boolean }[])[0]!.retired = true;
    hall = createTestHall({ config: testHallConfig({ items: input.items }) });
    expectCode(() => kioskIssue(hall, { item: 'NOPE' }), 'UNKNOWN_ITEM');
    expectCode(() => kioskIssue(hall, { item: 'I1' }), 'UNKNOWN_ITEM');
    expect(kioskIssue(hall, { item: 'I3' }).ticket.number).toBe('C001');
  });
});

describe('staff source, extended hours and the stop-issue margin', () => {
  it('staff may issue beyond the daily cap', () => {
    hall = createTestHall();
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QC' });
    const { ticket } = hall.engine.issuer.issue({ queue: 'QC', source: 'staff', actor: STAFF('T004') });
    expect(ticket.number).toBe('C004');
    expectCode(() => kioskIssue(hall, { queue: 'QC' }), 'DAILY_CAP_REACHED');
  });

  it('staff may issue outside hours and on a holiday', () => {
    const input = baseInput();
    input.hall.hours.holidays = ['2026-12-01'];
    hall = createTestHall({ config: testHallConfig({ hall: input.hall }), at: at('19:30').toISOString() });
    expect(hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }).ticket.number).toBe('A001');
    hall.clock.set(at('10:00', '2026-12-01'));
    expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'CLOSED_TODAY');
    expect(hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }).ticket.number).toBe('A001');
  });

  it('extended hours (延时) allow issuing for that queue only', () => {
    hall = createTestHall({
      config: queuesWith((qs) => void (qs[0]!.extendedHours = [{ days: [1], periods: [{ start: '18:00', end: '20:00' }] }])),
      at: at('19:00').toISOString(),
    });
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A001');
    const e = expectCode(() => kioskIssue(hall, { queue: 'QC' }), 'OUTSIDE_HOURS');
    expect(e.message).toContain('08:00-18:00');
    // Extended hours are on Mondays only.
    hall.clock.set(at('19:00', '2026-12-01'));
    const tue = expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'OUTSIDE_HOURS');
    expect(tue.message).not.toContain('20:00');
  });

  it('the OUTSIDE_HOURS message lists extended periods too', () => {
    hall = createTestHall({
      config: queuesWith((qs) => void (qs[0]!.extendedHours = [{ days: [1], periods: [{ start: '18:30', end: '20:00' }] }])),
      at: at('18:10').toISOString(),
    });
    const e = expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'OUTSIDE_HOURS');
    expect(e.message).toContain('08:00-18:00、18:30-20:00');
  });

  it('stops kiosk issuing stopIssueMinutesBeforeClose minutes before closing', () => {
    hall = createTestHall({
      config: queuesWith((qs) => void (qs[0]!.stopIssueMinutesBeforeClose = 30)),
      at: at('17:29').toISOString(),
    });
    expect(kioskIssue(hall, { queue: 'QA' }, 0).ticket.number).toBe('A001');
    hall.clock.set(at('17:30'));
    expectCode(() => kioskIssue(hall, { queue: 'QA' }, 0), 'OUTSIDE_HOURS');
    // Only that queue stops early.
    expect(kioskIssue(hall, { queue: 'QC' }, 0).ticket.number).toBe('C001');
    // Staff still may.
    expect(hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }).ticket.number).toBe('A002');
  });
});

describe('a refused issue writes nothing', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  function snapshot() {
    return {
      tickets: rows(hall.db, 'tickets'),
      counters: rows(hall.db, 'counters'),
      events: eventCount(hall.db),
      published: hall.events.length,
    };
  }

  it.each([
    ['DAILY_CAP_REACHED', () => kioskIssue(hall, { queue: 'QC' })],
    ['ID_REQUIRED', () => kioskIssue(hall, { queue: 'QB' })],
    ['ID_HAS_LIVE_TICKET', () => kioskIssue(hall, { queue: 'QA', identity: identity(1) })],
    ['UNKNOWN_QUEUE', () => kioskIssue(hall, { queue: 'QZ' })],
    ['UNKNOWN_ITEM', () => kioskIssue(hall, { item: 'QZ' })],
  ] as const)('%s leaves tickets, counters and events unchanged', (code, attempt) => {
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QC' });
    kioskIssue(hall, { queue: 'QA', identity: identity(1) });
    const before = snapshot();
    expectCode(attempt, code);
    expect(snapshot()).toEqual(before);
  });

  it('OUTSIDE_HOURS leaves no counter row behind on a fresh day', () => {
    hall.clock.set(at('19:00'));
    const before = snapshot();
    expectCode(() => kioskIssue(hall, { queue: 'QA' }), 'OUTSIDE_HOURS');
    expect(snapshot()).toEqual(before);
    expect(count(hall.db, 'counters')).toBe(0);
  });

  it('the next successful issue takes the next number, with no gap', () => {
    kioskIssue(hall, { queue: 'QB', identity: identity(1) });
    expectCode(() => kioskIssue(hall, { queue: 'QB' }), 'ID_REQUIRED');
    expect(kioskIssue(hall, { queue: 'QB', identity: identity(2) }).ticket.number).toBe('B002');
  });

  it('a successful issue writes one ticket, one counter step and one ticket.issued event', () => {
    const eventsBefore = eventCount(hall.db);
    const { ticket } = kioskIssue(hall, { queue: 'QA' });
    expect(count(hall.db, 'tickets')).toBe(1);
    expect(eventCount(hall.db)).toBe(eventsBefore + 1);
    expect(hall.events.map((e) => e.type)).toEqual(['ticket.issued']);
    expect(hall.events[0]!.ticket?.id).toBe(ticket.id);
    expect(hall.events[0]!.data).toEqual({ peopleAhead: 0, estimatedWaitMinutes: 0 });
  });
});

describe('peopleAhead and estimatedWaitMinutes', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('counts the waiting tickets ahead in the same queue only', () => {
    const r = [1, 2, 3].map(() => kioskIssue(hall, { queue: 'QA' }));
    expect(r.map((x) => x.peopleAhead)).toEqual([0, 1, 2]);
    expect(kioskIssue(hall, { queue: 'QC' }).peopleAhead).toBe(0);
    expect(hall.engine.views.peopleAhead(r[2]!.ticket.id)).toBe(2);
  });

  it('does not count tickets already called', () => {
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, STAFF('T001'));
    expect(kioskIssue(hall, { queue: 'QA' }).peopleAhead).toBe(1);
  });

  it('puts a green channel ticket ahead of the ordinary ones', () => {
    const ordinary = [1, 2, 3].map(() => kioskIssue(hall, { queue: 'QA' }).ticket);
    hall.clock.advance(1000);
    const green = hall.engine.issuer.issue({ queue: 'QA', source: 'staff', priority: 'green', greenReason: '残疾人', actor: STAFF('S001') });
    expect(green.peopleAhead).toBe(0);
    expect(green.estimatedWaitMinutes).toBe(0);
    expect(hall.engine.views.peopleAhead(ordinary[0]!.id)).toBe(1);
  });

  it('with every window closed, assumes the windows configured for the queue open now', () => {
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const third = kioskIssue(hall, { queue: 'QA' });
    expect(third.peopleAhead).toBe(2);
    // Windows 1, 2 and 4 serve QA: the third citizen is called with the first two.
    expect(third.waitEstimate).toMatchObject({ imminent: true, minutes: 0 });
    const fourth = kioskIssue(hall, { queue: 'QA' });
    expect(fourth.estimatedWaitMinutes).toBeGreaterThan(0);
  });

  it('counts only the open windows serving the queue', () => {
    const fourthWith = (windows: number[]) => {
      hall.close();
      hall = createTestHall();
      for (const w of windows) signIn(hall, w);
      for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QA' });
      return kioskIssue(hall, { queue: 'QA' });
    };
    const one = fourthWith([1, 3]); // window 3 serves QB only: does not count for QA
    expect(one.peopleAhead).toBe(3);
    expect(one.estimatedWaitMinutes).toBeGreaterThanOrEqual(20); // three 10-minute services at one window
    const two = fourthWith([1, 2, 3]);
    expect(two.estimatedWaitMinutes).toBeLessThan(one.estimatedWaitMinutes);
    expect(two.estimatedWaitMinutes).toBeGreaterThan(0);
  });

  it('uses the item’s own service history once there is some', () => {
    signIn(hall, 1);
    for (let i = 0; i < 10; i++) {
      kioskIssue(hall, { item: 'I1' });
      hall.engine.windows.callNext(1, STAFF('T001'));
      hall.engine.windows.start(1, STAFF('T001'));
      hall.clock.advance(4 * 60_000);
      hall.engine.windows.finish(1, 'done', null, STAFF('T001'));
    }
    kioskIssue(hall, { item: 'I1' });
    hall.engine.windows.callNext(1, STAFF('T001'));
    hall.engine.windows.start(1, STAFF('T001'));
    const r = kioskIssue(hall, { item: 'I1' });
    expect(r.peopleAhead).toBe(0);
    // Ten 4-minute services outweigh the configured 10 minutes (the prior counts as four tickets).
    expect(r.estimatedWaitMinutes).toBeGreaterThanOrEqual(4);
    expect(r.estimatedWaitMinutes).toBeLessThanOrEqual(6);
  });
});
