import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/store/db.ts';
import { ManualClock } from '../../../server/common/clock.ts';
import { QueueEngine } from '../../../server/queue/engine.ts';
import type { HallEvent } from '../../../contract/events.ts';
import { createTestHall, KIOSK, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { at, eventCount, expectCode, identity, kioskIssue, rows, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const PUBLIC = { kind: 'public' as const, id: null };
/** Local midnight between Monday 2026-11-30 and Tuesday 2026-12-01 in Shanghai. */
const MIDNIGHT = '2026-11-30T16:00:00.000Z';
const JUST_BEFORE = '2026-11-30T15:59:59.999Z';

interface Day1 {
  finished: string;
  serving: string;
  called: string;
  suspended: string;
  waiting: string;
  apptTicket: string;
  noShow: string;
  cancelled: string;
  apptUnused: string;
  apptUsed: string;
  apptTomorrow: string;
}

/** A busy Monday: tickets in every state, windows in every status, appointments used and unused. */
function busyMonday(): Day1 {
  hall = createTestHall({ at: at('09:00').toISOString() });
  const e = hall.engine;
  const apptUsed = e.appointments.book({ item: 'I1', date: '2026-11-30', slotStart: '09:30', actor: PUBLIC });
  const apptUnused = e.appointments.book({ item: 'I1', date: '2026-11-30', slotStart: '15:00', identity: identity(5), actor: PUBLIC });
  const apptTomorrow = e.appointments.book({ item: 'I1', date: '2026-12-01', slotStart: '09:00', actor: PUBLIC });
  for (let i = 0; i < 5; i++) kioskIssue(hall, { queue: 'QA' }); // A001–A005
  kioskIssue(hall, { queue: 'QB', identity: identity(1) }); // B001
  kioskIssue(hall, { queue: 'QC' }); // C001
  kioskIssue(hall, { queue: 'QC' }); // C002
  hall.clock.set(at('09:10'));
  const apptTicket = e.appointments.checkIn({ code: apptUsed.code }, 'K1', KIOSK).ticket.id; // A006
  signIn(hall, 1);
  signIn(hall, 2);
  signIn(hall, 3);
  signIn(hall, 4);
  hall.clock.set(at('09:20'));
  const finished = e.windows.callNext(1, STAFF('T001')).id; // A001
  e.windows.start(1, STAFF('T001'));
  hall.clock.set(at('09:30'));
  e.windows.finish(1, 'accepted', '已受理', STAFF('T001'));
  e.tickets.evaluate({ ticketId: finished, level: 'very_dissatisfied', reason: '态度差', source: 'evaluator', actor: { kind: 'device', id: 'E1' } });
  const apptCalled = e.windows.callNext(1, STAFF('T001')); // A006, due
  expect(apptCalled.id).toBe(apptTicket);
  e.windows.start(1, STAFF('T001')); // serving at 1
  const suspended = e.windows.callNext(2, STAFF('T002')).id; // A002
  e.windows.suspend(2, STAFF('T002'));
  const called = e.windows.callNext(2, STAFF('T002')).id; // A003, called at 2
  const noShow = e.windows.callNext(4, STAFF('T004')).id; // A004 (longest wait)
  e.windows.noShow(4, STAFF('T004'));
  const cancelled = e.windows.callNext(4, STAFF('T004')).id; // A005
  e.tickets.cancel(cancelled, '重复取号', STAFF('S001'));
  e.windows.pause(3, '午休', STAFF('T003'));
  e.windows.close(4, STAFF('T004'));
  hall.db
    .prepare('INSERT INTO sessions (token_hash, badge, window, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run('tok-1', 'T001', 1, hall.clock.now().toISOString(), '2026-12-31T00:00:00Z');
  const waiting = hall.engine.views.waitingFor(3)[0]!.id; // B001
  return { finished, serving: apptTicket, called, suspended, waiting, apptTicket, noShow, cancelled, apptUnused: apptUnused.id, apptUsed: apptUsed.id, apptTomorrow: apptTomorrow.id };
}

const ticket = (id: string) => hall.engine.core.ticket(id);
const TABLES_UNCHANGED = ['departments', 'queues', 'items', 'staff', 'devices', 'notices', 'counters', 'evaluations', 'cases', 'audit'];

function snapshot() {
  const out: Record<string, unknown> = {};
  for (const t of TABLES_UNCHANGED) out[t] = rows(hall.db, t);
  out.settings = hall.db.prepare("SELECT * FROM settings WHERE key <> 'business_day' ORDER BY key").all();
  return out;
}

describe('crossing local midnight', () => {
  let d: Day1;
  let before: ReturnType<typeof snapshot>;
  let ticketsBefore: Record<string, unknown>[];
  let eventsBefore: number;

  beforeEach(() => {
    d = busyMonday();
    before = snapshot();
    ticketsBefore = rows(hall.db, 'tickets') as Record<string, unknown>[];
    eventsBefore = eventCount(hall.db);
    hall.events.splice(0);
  });

  it('nothing happens one millisecond before local midnight', () => {
    hall.clock.set(JUST_BEFORE);
    hall.engine.core.ensureDay();
    expect(hall.events).toEqual([]);
    expect(eventCount(hall.db)).toBe(eventsBefore);
    expect(rows(hall.db, 'tickets')).toEqual(ticketsBefore);
    expect(hall.engine.core.storedDay()).toBe('2026-11-30');
    // A staff ticket at 23:59:59 still belongs to Monday.
    expect(hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }).ticket).toMatchObject({ number: 'A007', day: '2026-11-30' });
  });

  it('numbers restart at 001 the next day, per queue', () => {
    hall.clock.set(at('08:00', '2026-12-01'));
    const a = kioskIssue(hall, { queue: 'QA' }).ticket;
    const c = kioskIssue(hall, { queue: 'QC' }).ticket;
    expect(a).toMatchObject({ number: 'A001', day: '2026-12-01' });
    expect(c).toMatchObject({ number: 'C001', day: '2026-12-01' });
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A002');
    // The cap counts the new day: three more C tickets are allowed (C001 already issued, two more).
    kioskIssue(hall, { queue: 'QC' });
    kioskIssue(hall, { queue: 'QC' });
    expectCode(() => kioskIssue(hall, { queue: 'QC' }), 'DAILY_CAP_REACHED');
  });

  it('the first command of the new day closes the old day before it runs', () => {
    hall.clock.set(MIDNIGHT);
    const t = hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('S001') }).ticket;
    expect(t).toMatchObject({ number: 'A001', day: '2026-12-01' });
    const types = hall.events.map((e) => e.type);
    expect(types.at(-1)).toBe('ticket.issued');
    expect(types.at(-2)).toBe('day.rolled_over');
    expect(hall.engine.core.storedDay()).toBe('2026-12-01');
  });

  it('closes the old day’s open tickets as cancelled with closeReason day_end and a ticket.day_closed event each', () => {
    hall.clock.set(MIDNIGHT);
    hall.engine.core.ensureDay();
    const open = { [d.serving]: 'serving', [d.called]: 'called', [d.suspended]: 'suspended', [d.waiting]: 'waiting' };
    // C001 and C002 still wait too.
    const waitingC = (ticketsBefore.filter((r) => r.state === 'waiting' && r.queue === 'QC') as { id: string }[]).map((r) => r.id);
    for (const id of waitingC) open[id] = 'waiting';
    for (const [id] of Object.entries(open)) {
      expect(ticket(id)).toMatchObject({ state: 'cancelled', closeReason: 'day_end', finishedAt: MIDNIGHT });
    }
    const closed = hall.events.filter((e) => e.type === 'ticket.day_closed');
    expect(closed.map((e) => e.ticket!.id).sort()).toEqual(Object.keys(open).sort());
    for (const e of closed) {
      expect(e.actor).toEqual({ kind: 'system', id: null });
      expect(e.data.previousState).toBe(open[e.ticket!.id]);
      expect(e.ticket!.state).toBe('cancelled');
      expect(e.day).toBe('2026-12-01');
    }
    expect(closed.find((e) => e.ticket!.id === d.serving)!.window).toBe(1);
  });

  it('leaves finished, no-show and cancelled tickets and their outcomes untouched', () => {
    hall.clock.set(MIDNIGHT);
    hall.engine.core.ensureDay();
    const after = rows(hall.db, 'tickets') as Record<string, unknown>[];
    const settled = (list: Record<string, unknown>[]) => list.filter((r) => ['finished', 'no_show'].includes(r.state as string) || r.id === d.cancelled);
    expect(settled(after)).toEqual(settled(ticketsBefore));
    expect(ticket(d.finished)).toMatchObject({ state: 'finished', outcome: 'accepted', note: '已受理', evaluation: 'very_dissatisfied' });
    expect(ticket(d.cancelled).closeReason).toBe('重复取号');
    expect(after).toHaveLength(ticketsBefore.length);
  });

  it('closes every window and signs its staff out, and clears session windows', () => {
    hall.clock.set(MIDNIGHT);
    hall.engine.core.ensureDay();
    const windows = hall.db.prepare('SELECT number, status, pause_reason, staff_badge, priority_streak FROM windows ORDER BY number').all();
    expect(windows).toEqual([1, 2, 3, 4].map((number) => ({ number, status: 'closed', pause_reason: null, staff_badge: null, priority_streak: 0 })));
    const signedOut = hall.events.filter((e) => e.type === 'staff.signed_out').map((e) => [e.window, e.data.badge]);
    expect(signedOut).toEqual([
      [1, 'T001'],
      [2, 'T002'],
      [3, 'T003'],
    ]);
    expect(hall.events.filter((e) => e.type === 'window.closed').map((e) => e.window)).toEqual([1, 2, 3]);
    expect(hall.db.prepare('SELECT token_hash, badge, window FROM sessions').all()).toEqual([{ token_hash: 'tok-1', badge: 'T001', window: null }]);
    expectCode(() => hall.engine.windows.callNext(1, STAFF('T001')), 'WINDOW_NOT_OPEN');
  });

  it('expires the old day’s booked appointments only', () => {
    hall.clock.set(MIDNIGHT);
    hall.engine.core.ensureDay();
    expect(hall.engine.appointments.get(d.apptUnused).state).toBe('expired');
    expect(hall.engine.appointments.get(d.apptUsed)).toMatchObject({ state: 'checked_in', ticketId: d.apptTicket });
    expect(hall.engine.appointments.get(d.apptTomorrow).state).toBe('booked');
  });

  it('writes one day.rolled_over event, last, with what it did', () => {
    hall.clock.set(MIDNIGHT);
    hall.engine.core.ensureDay();
    const rolled = hall.events.filter((e) => e.type === 'day.rolled_over');
    expect(rolled).toHaveLength(1);
    expect(hall.events.at(-1)).toBe(rolled[0]);
    expect(rolled[0]!.data).toEqual({ from: '2026-11-30', to: '2026-12-01', closedTickets: 6, expiredAppointments: 1 });
    expect(rolled[0]!.at).toBe(MIDNIGHT);
    expect(eventCount(hall.db)).toBe(eventsBefore + hall.events.length);
    expect(hall.events.map((e) => e.seq)).toEqual(hall.events.map((_, i) => eventsBefore + 1 + i));
  });

  it('changes nothing else', () => {
    hall.clock.set(MIDNIGHT);
    hall.engine.core.ensureDay();
    expect(snapshot()).toEqual(before);
  });

  it('ensureDay is idempotent', () => {
    hall.clock.set(MIDNIGHT);
    hall.engine.core.ensureDay();
    const tickets = rows(hall.db, 'tickets');
    const appts = rows(hall.db, 'appointments');
    const windows = rows(hall.db, 'windows');
    const n = eventCount(hall.db);
    const published = hall.events.length;
    hall.clock.advance(3_600_000);
    hall.engine.core.ensureDay();
    hall.engine.core.ensureDay();
    expect(eventCount(hall.db)).toBe(n);
    expect(hall.events).toHaveLength(published);
    expect(rows(hall.db, 'tickets')).toEqual(tickets);
    expect(rows(hall.db, 'appointments')).toEqual(appts);
    expect(rows(hall.db, 'windows')).toEqual(windows);
    expect(snapshot()).toEqual(before);
  });

  it('old-day tickets can no longer be acted on', () => {
    hall.clock.set(at('08:00', '2026-12-01'));
    hall.engine.core.ensureDay();
    expectCode(() => hall.engine.tickets.reactivate(d.noShow, STAFF('S001')), 'INVALID_STATE');
    expectCode(() => hall.engine.tickets.transfer(d.waiting, { queue: 'QA' }, STAFF('S001')), 'INVALID_STATE');
    signIn(hall, 1);
    expectCode(() => hall.engine.windows.callNext(1, STAFF('T001')), 'NO_WAITING');
  });

  it('a gap of several days rolls over once, to the current day', () => {
    hall.clock.set(at('09:00', '2026-12-03'));
    hall.engine.core.ensureDay();
    const rolled = hall.events.filter((e) => e.type === 'day.rolled_over');
    expect(rolled.map((e) => e.data)).toEqual([{ from: '2026-11-30', to: '2026-12-03', closedTickets: 6, expiredAppointments: 2 }]);
    expect(hall.engine.appointments.get(d.apptTomorrow).state).toBe('expired');
  });
});

describe('rollover at start-up', () => {
  it('a server started the next morning closes the old day in its constructor', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' });
    const dir = hall.dir;
    hall.engine.stop();
    hall.db.close();
    const db = openDatabase({ dataDir: dir });
    try {
      const engine = new QueueEngine({ db, clock: new ManualClock(at('07:55', '2026-12-01')) });
      const published: HallEvent[] = [];
      engine.onEvents((e) => published.push(...e));
      const row = db.prepare("SELECT state, close_reason FROM tickets WHERE number = 'A001' AND day = '2026-11-30'").get();
      expect(row).toEqual({ state: 'cancelled', close_reason: 'day_end' });
      const last = JSON.parse((db.prepare('SELECT body FROM events ORDER BY seq DESC LIMIT 1').get() as { body: string }).body) as HallEvent;
      expect(last.type).toBe('day.rolled_over');
      expect(engine.core.storedDay()).toBe('2026-12-01');
      expect(engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }).ticket.number).toBe('A001');
      expect(published.map((e) => e.type)).toEqual(['ticket.issued']);
      engine.stop();
    } finally {
      db.close();
      hall = { ...hall, close: () => undefined };
    }
  });

  it('a fresh hall records its business day without a rollover event', () => {
    hall = createTestHall();
    expect(hall.engine.core.storedDay()).toBe('2026-11-30');
    expect(eventCount(hall.db)).toBe(0);
  });
});
