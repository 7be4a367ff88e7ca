import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HallEvent, toPublicEvent, type EventType } from '../../../contract/events.ts';
import { openDatabase } from '../../../server/store/db.ts';
import { ManualClock } from '../../../server/common/clock.ts';
import { QueueEngine } from '../../../server/queue/engine.ts';
import { createTestHall, KIOSK, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { count, eventCount, expectCode, identity, kioskIssue, rows, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const T1 = STAFF('T001');
const S = STAFF('S001');
const PUBLIC = { kind: 'public' as const, id: null };

interface EventRow {
  seq: number;
  type: string;
  v: number;
  at: string;
  day: string;
  ticket_id: string | null;
  window: number | null;
  body: string;
}
const stored = () => hall.db.prepare('SELECT * FROM events ORDER BY seq').all() as EventRow[];

/** Runs `fn` and returns the types of the events it published, checking they were stored with the next seqs. */
function emitted(fn: () => unknown): EventType[] {
  const seqBefore = hall.engine.core.log.lastSeq();
  const from = hall.events.length;
  fn();
  const fresh = hall.events.slice(from);
  expect(fresh.map((e) => e.seq)).toEqual(fresh.map((_, i) => seqBefore + 1 + i));
  expect(hall.engine.core.log.lastSeq()).toBe(seqBefore + fresh.length);
  return fresh.map((e) => e.type);
}

describe('every transition writes exactly its events', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('through a whole ticket life', () => {
    const e = hall.engine;
    let id = '';
    expect(emitted(() => (id = kioskIssue(hall, { queue: 'QA', identity: identity(1) }).ticket.id))).toEqual(['ticket.issued']);
    expect(emitted(() => hall.engine.tickets.recordPrint(id, true, null, KIOSK))).toEqual(['ticket.print_result']);
    expect(emitted(() => signIn(hall, 1))).toEqual(['staff.signed_in', 'window.opened']);
    expect(emitted(() => e.windows.callNext(1, T1))).toEqual(['ticket.called']);
    expect(emitted(() => e.windows.recall(1, T1))).toEqual(['ticket.recalled']);
    expect(emitted(() => e.windows.start(1, T1))).toEqual(['ticket.started']);
    expect(emitted(() => e.windows.suspend(1, T1))).toEqual(['ticket.suspended']);
    expect(emitted(() => e.windows.resume(1, id, T1))).toEqual(['ticket.resumed']);
    expect(emitted(() => e.windows.requestEvaluation(1, T1))).toEqual(['ticket.evaluation_requested']);
    expect(emitted(() => e.windows.finish(1, 'done', null, T1))).toEqual(['ticket.finished']);
    expect(emitted(() => e.tickets.evaluate({ ticketId: id, level: 'satisfied', source: 'evaluator', actor: { kind: 'device', id: 'E1' } }))).toEqual([
      'ticket.evaluated',
      'evaluation.recorded',
    ]);
    expect(emitted(() => e.windows.pause(1, '休息', T1))).toEqual(['window.paused']);
    expect(emitted(() => e.windows.resumeService(1, T1))).toEqual(['window.opened']);
    expect(emitted(() => e.windows.close(1, T1))).toEqual(['staff.signed_out', 'window.closed']);
    expect(hall.events).toHaveLength(17);
    expect(stored().map((r) => r.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
  });

  it('for no-show, reactivation, transfer and cancel', () => {
    const e = hall.engine;
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    const a1 = e.windows.callNext(1, T1);
    expect(emitted(() => e.windows.noShow(1, T1))).toEqual(['ticket.no_show']);
    expect(emitted(() => e.tickets.reactivate(a1.id, S))).toEqual(['ticket.reactivated']);
    expect(emitted(() => e.tickets.transfer(a1.id, { queue: 'QC' }, S))).toEqual(['ticket.transferred']);
    expect(emitted(() => e.tickets.cancel(a1.id, '离开', S))).toEqual(['ticket.cancelled']);
    // 叫号 with a ticket in hand settles it in the same command.
    e.windows.callNext(1, T1);
    kioskIssue(hall, { queue: 'QA' });
    expect(emitted(() => e.windows.callNext(1, T1))).toEqual(['ticket.finished', 'ticket.called']);
  });

  it('for appointments', () => {
    const e = hall.engine;
    let code = '';
    let id = '';
    expect(emitted(() => ({ code, id } = e.appointments.book({ item: 'I1', date: '2026-11-30', slotStart: '10:30', actor: PUBLIC })))).toEqual(['appointment.booked']);
    expect(emitted(() => e.appointments.checkIn({ code }, 'K1', KIOSK))).toEqual(['ticket.issued', 'appointment.checked_in']);
    const other = e.appointments.book({ item: 'I1', date: '2026-11-30', slotStart: '11:00', actor: PUBLIC });
    expect(emitted(() => e.appointments.cancel(other.id, PUBLIC))).toEqual(['appointment.cancelled']);
    expect(id).not.toBe('');
  });

  it('no event for commands that change nothing, or that are refused', () => {
    const e = hall.engine;
    signIn(hall, 1);
    expect(emitted(() => signIn(hall, 1))).toEqual([]);
    expect(emitted(() => e.windows.resumeService(1, T1))).toEqual([]);
    expect(emitted(() => e.windows.close(2, T1))).toEqual([]);
    expect(emitted(() => expectCode(() => e.windows.callNext(1, T1), 'NO_WAITING'))).toEqual([]);
    expect(emitted(() => expectCode(() => kioskIssue(hall, { queue: 'QB' }), 'ID_REQUIRED'))).toEqual([]);
  });
});

describe('events are written in the command’s transaction', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('a refusal after an event was already appended leaves no event and no change', () => {
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    const a1 = hall.engine.windows.callNext(1, T1);
    const before = { events: stored(), tickets: rows(hall.db, 'tickets'), published: hall.events.length };
    // callNext finishes A001 (appending ticket.finished) and only then finds nobody waiting.
    expectCode(() => hall.engine.windows.callNext(1, T1), 'NO_WAITING');
    expect({ events: stored(), tickets: rows(hall.db, 'tickets'), published: hall.events.length }).toEqual(before);
    expect(hall.engine.core.ticket(a1.id).state).toBe('called');
  });

  it('a storage failure late in a command rolls back its ticket, its events and nothing is published', () => {
    for (let i = 0; i < 2; i++) kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, T1);
    hall.db.exec("CREATE TEMP TRIGGER fail_streak BEFORE UPDATE OF priority_streak ON windows BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    const before = { events: stored(), tickets: rows(hall.db, 'tickets'), windows: rows(hall.db, 'windows'), published: hall.events.length };
    expect(() => hall.engine.windows.callNext(1, T1)).toThrow(/disk says no/);
    expect({ events: stored(), tickets: rows(hall.db, 'tickets'), windows: rows(hall.db, 'windows'), published: hall.events.length }).toEqual(before);
    hall.db.exec('DROP TRIGGER fail_streak');
    expect(hall.engine.windows.callNext(1, T1).number).toBe('A002');
    expect(stored().map((r) => r.seq)).toEqual(hall.events.map((e) => e.seq));
  });

  it('an issue whose event cannot be written leaves no ticket and no number used', () => {
    kioskIssue(hall, { queue: 'QA' });
    hall.db.exec("CREATE TEMP TRIGGER fail_event BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'log full'); END");
    const before = { tickets: rows(hall.db, 'tickets'), counters: rows(hall.db, 'counters'), published: hall.events.length };
    expect(() => kioskIssue(hall, { queue: 'QA' })).toThrow(/log full/);
    expect({ tickets: rows(hall.db, 'tickets'), counters: rows(hall.db, 'counters'), published: hall.events.length }).toEqual(before);
    hall.db.exec('DROP TRIGGER fail_event');
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A002');
  });

  it('listeners hear of events only after the commit', () => {
    let seenInDb: number | undefined;
    hall.engine.onEvents((evs) => {
      seenInDb = (hall.db.prepare('SELECT COUNT(*) AS n FROM events WHERE seq = ?').get(evs[0]!.seq) as { n: number }).n;
      expect(hall.db.inTransaction).toBe(false);
    });
    kioskIssue(hall, { queue: 'QA' });
    expect(seenInDb).toBe(1);
  });

  it('the events table rejects UPDATE and DELETE', () => {
    kioskIssue(hall, { queue: 'QA' });
    expect(() => hall.db.prepare("UPDATE events SET type = 'ticket.cancelled' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => hall.db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only/);
    expect(() => hall.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(stored()[0]!.type).toBe('ticket.issued');
    expect(count(hall.db, 'events')).toBe(1);
  });

  it('seq continues across a restart', () => {
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const dir = hall.dir;
    hall.engine.stop();
    hall.db.close();
    const db = openDatabase({ dataDir: dir });
    try {
      const engine = new QueueEngine({ db, clock: new ManualClock(hall.clock.now()) });
      const seqs: number[] = [];
      engine.onEvents((evs) => seqs.push(...evs.map((e) => e.seq)));
      engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
      expect(seqs).toEqual([3]);
      engine.stop();
    } finally {
      db.close();
      hall = { ...hall, close: () => undefined };
    }
  });
});

describe('each event is self-contained', () => {
  beforeEach(() => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QB', identity: identity(3), proxy: true });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, T1);
    hall.engine.windows.start(1, T1);
    hall.engine.windows.finish(1, 'accepted', '补充材料后受理', T1);
  });

  it('is versioned and carries the hall, day, time, actor and the ticket as it now is', () => {
    for (const e of hall.events) {
      expect(() => HallEvent.parse(e)).not.toThrow();
      expect(e).toMatchObject({ v: 1, hall: 'TEST', day: '2026-11-30', at: hall.clock.now().toISOString() });
    }
    const byType = Object.fromEntries(hall.events.map((e) => [e.type, e]));
    expect(byType['ticket.issued']!.ticket).toMatchObject({ number: 'B001', state: 'waiting', proxy: true, idMasked: '110101********0003' });
    expect(byType['ticket.called']!.ticket).toMatchObject({ state: 'called', window: 1, staffBadge: 'T001' });
    expect(byType['ticket.started']!.ticket!.state).toBe('serving');
    expect(byType['ticket.finished']!.ticket).toMatchObject({ state: 'finished', outcome: 'accepted', note: '补充材料后受理' });
    expect(byType['ticket.called']!.actor).toEqual({ kind: 'staff', id: 'T001' });
    expect(byType['ticket.issued']!.actor).toEqual(KIOSK);
    expect(byType['ticket.called']!.window).toBe(1);
  });

  it('carries the waiting count of the queues it touched, as of after the change', () => {
    const issued = hall.events.find((e) => e.type === 'ticket.issued')!;
    expect(issued.waiting).toEqual({ QB: 1 });
    expect(hall.events.find((e) => e.type === 'ticket.called')!.waiting).toEqual({ QB: 0 });
    expect(hall.events.find((e) => e.type === 'staff.signed_in')!.waiting).toBeUndefined();
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.tickets.transfer(a1.id, { queue: 'QC' }, T1);
    const transferred = hall.events.at(-1)!;
    expect(transferred.type).toBe('ticket.transferred');
    expect(transferred.waiting).toEqual({ QC: 1, QA: 1 });
    expect(toPublicEvent(transferred).waiting).toEqual({ QC: 1, QA: 1 });
  });

  it('the stored row is the published event, with its columns filled', () => {
    const rowsNow = stored();
    expect(rowsNow.map((r) => JSON.parse(r.body))).toEqual(hall.events);
    for (const [i, r] of rowsNow.entries()) {
      const e = hall.events[i]!;
      expect(r).toMatchObject({ seq: e.seq, type: e.type, v: 1, at: e.at, day: e.day, ticket_id: e.ticket?.id ?? null, window: e.window });
    }
    expect(hall.engine.core.log.after(2, 100)).toEqual(hall.events.slice(2));
    expect(hall.engine.core.log.after(0, 2)).toEqual(hall.events.slice(0, 2));
    expect(hall.engine.core.log.oldestSeq()).toBe(1);
  });

  it('toPublicEvent strips identity, notes and the actor id', () => {
    for (const e of hall.events) {
      const p = toPublicEvent(e);
      expect(p.actor).toEqual({ kind: e.actor.kind });
      expect(p.seq).toBe(e.seq);
      if (p.ticket) {
        expect(p.ticket).not.toHaveProperty('idMasked');
        expect(p.ticket).not.toHaveProperty('nameMasked');
        expect(p.ticket).not.toHaveProperty('note');
        expect(p.ticket).not.toHaveProperty('kiosk');
        expect(p.ticket).not.toHaveProperty('greenReason');
        expect(p.ticket.number).toBe(e.ticket!.number);
      }
      const text = JSON.stringify(p);
      expect(text).not.toContain('110101');
      expect(text).not.toContain('张*三');
      expect(text).not.toContain('补充材料后受理');
    }
    // The original event is not mutated.
    expect(hall.events[0]!.ticket!.idMasked).toBe('110101********0003');
  });

  it('toPublicEvent drops appointment codes and evaluation reasons from data', () => {
    const a = hall.engine.appointments.book({ item: 'I1', date: '2026-11-30', slotStart: '11:00', identity: identity(4), actor: PUBLIC });
    const finished = hall.events.find((e) => e.type === 'ticket.finished')!.ticket!;
    hall.engine.tickets.evaluate({ ticketId: finished.id, level: 'dissatisfied', reason: '张*三反映等候久', source: 'screen', actor: PUBLIC });
    const booked = hall.events.find((e) => e.type === 'appointment.booked')!;
    expect(booked.data.code).toBe(a.code);
    expect(toPublicEvent(booked).data).not.toHaveProperty('code');
    const evaluated = hall.events.find((e) => e.type === 'ticket.evaluated')!;
    expect(toPublicEvent(evaluated).data).not.toHaveProperty('reason');
    expect(toPublicEvent(evaluated).data).toMatchObject({ level: 'dissatisfied', bad: true });
  });
});
