import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvaluationLevel } from '../../../contract/domain.ts';
import { createTestHall, KIOSK, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { configWith, count, eventCount, expectCode, kioskIssue, rows, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const T1 = STAFF('T001');
const S = STAFF('S001');
const EVALUATOR = { kind: 'device' as const, id: 'E1' };
const types = () => hall.events.map((e) => e.type);
const clearEvents = () => void hall.events.splice(0);
const waiting = (window: number) => hall.engine.views.waitingFor(window).map((t) => t.number);

describe('transfer to a queue', () => {
  function setup(config = createTestHall) {
    hall = config();
    kioskIssue(hall, { queue: 'QC' }); // C001
    kioskIssue(hall, { queue: 'QC' }); // C002
    kioskIssue(hall, { queue: 'QA' }); // A001
    kioskIssue(hall, { queue: 'QC' }); // C003
    signIn(hall, 1);
    return hall.engine.windows.callNext(1, T1); // A001 in hand at window 1
  }

  it('keeps the number, moves to the new queue, waits again and clears the window', () => {
    const a1 = setup();
    clearEvents();
    const t = hall.engine.tickets.transfer(a1.id, { queue: 'QC', note: '需缴税' }, T1);
    expect(t).toMatchObject({ id: a1.id, number: 'A001', queue: 'QC', state: 'waiting', window: null, staffBadge: null, calledAt: null, startedAt: null, note: '需缴税' });
    expect(hall.engine.windows.current(1)).toBeNull();
    expect(types()).toEqual(['ticket.transferred']);
    expect(hall.events[0]).toMatchObject({ window: 1, data: { fromQueue: 'QA', toQueue: 'QC', toWindow: null, fromWindow: 1, note: '需缴税' } });
    // The number keeps its origin; the new queue's counter is not used.
    const row = hall.db.prepare('SELECT number_queue, serial FROM tickets WHERE id = ?').get(a1.id);
    expect(row).toEqual({ number_queue: 'QA', serial: 1 });
    expect(kioskIssue(hall, { queue: 'QA' }).ticket.number).toBe('A002');
  });

  it('is placed at the front of the new queue by default', () => {
    const a1 = setup();
    hall.engine.tickets.transfer(a1.id, { queue: 'QC' }, T1);
    const input = hall.engine.views.waitingFor(4).filter((t) => t.queue === 'QC');
    expect(input.map((t) => t.number)).toEqual(['A001', 'C001', 'C002', 'C003']);
    signIn(hall, 4);
    expect(hall.engine.windows.callNext(4, STAFF('T004')).number).toBe('A001');
  });

  it("keeps its arrival time with the 'arrival' placement", () => {
    setup(() => createTestHall({ config: configWith({ transferPlacement: 'arrival' }) }));
    const a1 = hall.engine.windows.current(1)!;
    hall.engine.tickets.transfer(a1.id, { queue: 'QC' }, T1);
    expect(hall.engine.views.waitingFor(4).filter((t) => t.queue === 'QC').map((t) => t.number)).toEqual(['C001', 'C002', 'A001', 'C003']);
  });

  it('front placement stays behind the green channel', () => {
    const a1 = setup();
    hall.clock.advance(1000);
    const g = hall.engine.issuer.issue({ queue: 'QC', source: 'staff', priority: 'green', greenReason: '孕妇', actor: S }).ticket;
    hall.engine.tickets.transfer(a1.id, { queue: 'QC' }, T1);
    signIn(hall, 4);
    expect(hall.engine.windows.callNext(4, STAFF('T004')).number).toBe(g.number);
    expect(hall.engine.windows.callNext(4, STAFF('T004')).number).toBe('A001');
  });

  it('can be transferred while waiting, serving or suspended', () => {
    const a1 = setup();
    hall.engine.windows.start(1, T1);
    expect(hall.engine.tickets.transfer(a1.id, { queue: 'QC' }, T1).state).toBe('waiting');
    const c = hall.engine.views.waitingFor(4)[1]!;
    expect(hall.engine.tickets.transfer(c.id, { queue: 'QA' }, S).queue).toBe('QA');
    const next = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.suspend(1, T1);
    expect(hall.engine.tickets.transfer(next.id, { queue: 'QB' }, T1)).toMatchObject({ state: 'waiting', queue: 'QB', window: null });
  });

  it('refuses a finished ticket, a missing target, an unknown queue or window', () => {
    const a1 = setup();
    expectCode(() => hall.engine.tickets.transfer(a1.id, {}, T1), 'TRANSFER_TARGET_INVALID');
    expectCode(() => hall.engine.tickets.transfer(a1.id, { queue: 'QZ' }, T1), 'UNKNOWN_QUEUE');
    expectCode(() => hall.engine.tickets.transfer(a1.id, { window: 99 }, T1), 'UNKNOWN_WINDOW');
    expect(hall.engine.core.ticket(a1.id).state).toBe('called');
    hall.engine.windows.finish(1, 'done', null, T1);
    const e = expectCode(() => hall.engine.tickets.transfer(a1.id, { queue: 'QC' }, T1), 'INVALID_STATE');
    expect(e.message).toContain('已办结');
  });
});

describe('transfer to a window', () => {
  it('sets the target window, keeps the queue, and only that window can call it', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    signIn(hall, 2);
    const a1 = hall.engine.windows.callNext(1, T1);
    clearEvents();
    const t = hall.engine.tickets.transfer(a1.id, { window: 2 }, T1);
    expect(t).toMatchObject({ queue: 'QA', targetWindow: 2, state: 'waiting', window: null });
    expect(hall.events[0]!.data).toMatchObject({ fromWindow: 1, toWindow: 2, toQueue: 'QA' });
    expect(waiting(1)).toEqual(['A002']);
    const called = hall.engine.windows.callNext(2, STAFF('T002'));
    expect(called).toMatchObject({ number: 'A001', window: 2, targetWindow: null });
  });

  it('to a window and a queue at once', () => {
    hall = createTestHall();
    const a1 = kioskIssue(hall, { queue: 'QA' }).ticket;
    const t = hall.engine.tickets.transfer(a1.id, { queue: 'QB', window: 3 }, S);
    expect(t).toMatchObject({ queue: 'QB', targetWindow: 3 });
    expect(waiting(1)).toEqual([]);
    expect(waiting(3)).toEqual(['A001']);
  });
});

describe('cancel', () => {
  beforeEach(() => {
    hall = createTestHall();
    signIn(hall, 1);
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QA' });
  });

  it('cancels a waiting ticket with its reason and a ticket.cancelled event', () => {
    const a3 = hall.engine.views.waitingFor(1)[2]!;
    clearEvents();
    const t = hall.engine.tickets.cancel(a3.id, '群众离开', S);
    expect(t).toMatchObject({ state: 'cancelled', closeReason: '群众离开', finishedAt: hall.clock.now().toISOString() });
    expect(types()).toEqual(['ticket.cancelled']);
    expect(hall.events[0]!.data).toEqual({ reason: '群众离开' });
    expect(waiting(1)).toEqual(['A001', 'A002']);
  });

  it('cancels a called ticket and frees the window', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    const t = hall.engine.tickets.cancel(a1.id, '重复取号', S);
    expect(t.state).toBe('cancelled');
    expect(hall.events.at(-1)!.window).toBe(1);
    expect(hall.engine.windows.current(1)).toBeNull();
  });

  it('cancels a suspended ticket', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.suspend(1, T1);
    expect(hall.engine.tickets.cancel(a1.id, '未返回', S).state).toBe('cancelled');
    expect(hall.engine.views.suspendedAt(1)).toEqual([]);
  });

  it('refuses a finished, serving, no-show or cancelled ticket with INVALID_STATE', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.start(1, T1);
    expectCode(() => hall.engine.tickets.cancel(a1.id, 'x', S), 'INVALID_STATE');
    hall.engine.windows.finish(1, 'done', null, T1);
    expect(expectCode(() => hall.engine.tickets.cancel(a1.id, 'x', S), 'INVALID_STATE').message).toContain('已办结');
    const a2 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.noShow(1, T1);
    expect(expectCode(() => hall.engine.tickets.cancel(a2.id, 'x', S), 'INVALID_STATE').message).toContain('过号');
    const a3 = hall.engine.views.waitingFor(1)[0]!;
    hall.engine.tickets.cancel(a3.id, 'x', S);
    expect(expectCode(() => hall.engine.tickets.cancel(a3.id, 'x', S), 'INVALID_STATE').message).toContain('已取消');
    expect(hall.engine.core.ticket(a1.id)).toMatchObject({ state: 'finished', outcome: 'done', closeReason: null });
  });

  it('UNKNOWN_TICKET for an unknown id', () => {
    expectCode(() => hall.engine.tickets.cancel('nope', 'x', S), 'UNKNOWN_TICKET');
  });
});

describe('reactivate a no-show', () => {
  function noShowFirstOf(n: number, config = createTestHall) {
    hall = config();
    signIn(hall, 1);
    for (let i = 0; i < n; i++) kioskIssue(hall, { queue: 'QA' });
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.recall(1, T1);
    hall.clock.advance(60_000);
    hall.engine.windows.noShow(1, T1);
    return a1;
  }

  it('puts it back behind reactivateBehind (default 3) waiting tickets', () => {
    const a1 = noShowFirstOf(6);
    hall.clock.advance(5 * 60_000);
    clearEvents();
    const t = hall.engine.tickets.reactivate(a1.id, S);
    expect(t).toMatchObject({ state: 'waiting', window: null, staffBadge: null, calledAt: null, finishedAt: null, recallCount: 0 });
    expect(types()).toEqual(['ticket.reactivated']);
    expect(hall.events[0]!.window).toBe(1);
    expect(waiting(1)).toEqual(['A002', 'A003', 'A004', 'A001', 'A005', 'A006']);
    expect(hall.engine.views.peopleAhead(a1.id)).toBe(3);
  });

  it('honours a configured reactivateBehind', () => {
    const a1 = noShowFirstOf(5, () => createTestHall({ config: configWith({ reactivateBehind: 1 }) }));
    hall.engine.tickets.reactivate(a1.id, S);
    expect(waiting(1)).toEqual(['A002', 'A001', 'A003', 'A004', 'A005']);
  });

  it('goes straight to the front with reactivateBehind 0', () => {
    const a1 = noShowFirstOf(4, () => createTestHall({ config: configWith({ reactivateBehind: 0 }) }));
    hall.engine.tickets.reactivate(a1.id, S);
    expect(waiting(1)).toEqual(['A001', 'A002', 'A003', 'A004']);
  });

  it('goes to the end when fewer than K tickets wait', () => {
    const a1 = noShowFirstOf(3);
    hall.engine.tickets.reactivate(a1.id, S);
    expect(waiting(1)).toEqual(['A002', 'A003', 'A001']);
    kioskIssue(hall, { queue: 'QA' });
    expect(waiting(1)).toEqual(['A002', 'A003', 'A001', 'A004']);
  });

  it('goes to the end of an empty queue', () => {
    const a1 = noShowFirstOf(1);
    hall.engine.tickets.reactivate(a1.id, S);
    expect(waiting(1)).toEqual(['A001']);
    expect(hall.engine.windows.callNext(1, T1).id).toBe(a1.id);
  });

  it('REACTIVATE_TOO_LATE after reactivateWithinMinutes since the no-show', () => {
    const a1 = noShowFirstOf(2, () => createTestHall({ config: configWith({ reactivateWithinMinutes: 20 }) }));
    hall.clock.advance(20 * 60_000 + 1000);
    const e = expectCode(() => hall.engine.tickets.reactivate(a1.id, S), 'REACTIVATE_TOO_LATE');
    expect(e.message).toBe('过号已超过20分钟，请重新取号。');
    expect(hall.engine.core.ticket(a1.id).state).toBe('no_show');
  });

  it('is allowed right up to the limit', () => {
    const a1 = noShowFirstOf(2, () => createTestHall({ config: configWith({ reactivateWithinMinutes: 20 }) }));
    hall.clock.advance(20 * 60_000);
    expect(hall.engine.tickets.reactivate(a1.id, S).state).toBe('waiting');
  });

  it('refuses a ticket that is not a no-show', () => {
    hall = createTestHall();
    const a1 = kioskIssue(hall, { queue: 'QA' }).ticket;
    expectCode(() => hall.engine.tickets.reactivate(a1.id, S), 'INVALID_STATE');
  });
});

describe('evaluate', () => {
  function finished() {
    hall = createTestHall();
    signIn(hall, 1);
    kioskIssue(hall, { queue: 'QA' });
    const t = hall.engine.windows.callNext(1, T1);
    return t;
  }

  it('NOT_EVALUABLE while waiting; allowed once called (the citizen is at the window: 评价 before 办结)', () => {
    hall = createTestHall();
    const w = kioskIssue(hall, { queue: 'QA' }).ticket;
    expectCode(() => hall.engine.tickets.evaluate({ ticketId: w.id, level: 'satisfied', source: 'screen', actor: EVALUATOR }), 'NOT_EVALUABLE');
    expect(count(hall.db, 'evaluations')).toBe(0);
    signIn(hall, 1);
    hall.engine.windows.callNext(1, T1);
    expect(hall.engine.tickets.evaluate({ ticketId: w.id, level: 'satisfied', source: 'screen', actor: EVALUATOR }).evaluation).toBe('satisfied');
    expect(count(hall.db, 'evaluations')).toBe(1);
  });

  it('records the evaluation once; ALREADY_EVALUATED the second time', () => {
    const t = finished();
    hall.engine.windows.finish(1, 'done', null, T1);
    clearEvents();
    const r = hall.engine.tickets.evaluate({ ticketId: t.id, level: 'very_satisfied', dimensions: { attitude: 'satisfied' }, source: 'evaluator', actor: EVALUATOR });
    expect(r.evaluation).toBe('very_satisfied');
    expect(types()).toEqual(['ticket.evaluated', 'evaluation.recorded']);
    expect(hall.events[0]!.data).toEqual({ level: 'very_satisfied', dimensions: { attitude: 'satisfied' }, reason: null, source: 'evaluator', bad: false, caseId: null });
    const row = hall.db.prepare('SELECT * FROM evaluations WHERE ticket_id = ?').get(t.id);
    expect(row).toMatchObject({ level: 'very_satisfied', source: 'evaluator', window: 1, staff_badge: 'T001', dimensions: '{"attitude":"satisfied"}' });
    expectCode(() => hall.engine.tickets.evaluate({ ticketId: t.id, level: 'dissatisfied', source: 'evaluator', actor: EVALUATOR }), 'ALREADY_EVALUATED');
    expect(count(hall.db, 'evaluations')).toBe(1);
    expect(count(hall.db, 'cases')).toBe(0);
  });

  it.each(['very_satisfied', 'satisfied', 'basic'] as EvaluationLevel[])('%s opens no case', (level) => {
    const t = finished();
    hall.engine.windows.finish(1, 'done', null, T1);
    hall.engine.tickets.evaluate({ ticketId: t.id, level, source: 'keypad', actor: EVALUATOR });
    expect(count(hall.db, 'cases')).toBe(0);
  });

  it.each(['dissatisfied', 'very_dissatisfied'] as EvaluationLevel[])('差评 %s opens a follow-up case', (level) => {
    const t = finished();
    hall.engine.windows.finish(1, 'done', null, T1);
    clearEvents();
    hall.engine.tickets.evaluate({ ticketId: t.id, level, reason: '等候时间长', source: 'screen', actor: EVALUATOR });
    const cases = hall.db.prepare('SELECT * FROM cases').all() as Record<string, unknown>[];
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ ticket_id: t.id, window: 1, staff_badge: 'T001', level, reason: '等候时间长', state: 'open', created_at: hall.clock.now().toISOString() });
    expect(new Date(cases[0]!.due_at as string).getTime()).toBe(hall.clock.now().getTime() + 24 * 3600_000);
    expect(hall.events[0]!.data).toMatchObject({ bad: true, caseId: cases[0]!.id, reason: '等候时间长' });
  });

  it('UNKNOWN_TICKET for an unknown id', () => {
    hall = createTestHall();
    expectCode(() => hall.engine.tickets.evaluate({ ticketId: 'nope', level: 'basic', source: 'screen', actor: EVALUATOR }), 'UNKNOWN_TICKET');
  });
});

describe('recordPrint', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('records a printed ticket', () => {
    const t = kioskIssue(hall, { queue: 'QA' }).ticket;
    expect(t.printed).toBeNull();
    clearEvents();
    const r = hall.engine.tickets.recordPrint(t.id, true, null, KIOSK);
    expect(r.printed).toBe(true);
    expect(types()).toEqual(['ticket.print_result']);
    expect(hall.events[0]!.data).toEqual({ printed: true, reason: null });
  });

  it('records a failed print with its reason and nothing else', () => {
    const t = kioskIssue(hall, { queue: 'QA' }).ticket;
    const before = rows(hall.db, 'tickets') as Record<string, unknown>[];
    const r = hall.engine.tickets.recordPrint(t.id, false, 'paper_out', KIOSK);
    expect(r.printed).toBe(false);
    expect(r.state).toBe('waiting');
    expect(hall.events.at(-1)!.data).toEqual({ printed: false, reason: 'paper_out' });
    const after = rows(hall.db, 'tickets') as Record<string, unknown>[];
    expect(after).toEqual(before.map((row) => ({ ...row, printed: 0 })));
  });

  it('UNKNOWN_TICKET writes no event', () => {
    const before = eventCount(hall.db);
    expectCode(() => hall.engine.tickets.recordPrint('nope', true, null, KIOSK), 'UNKNOWN_TICKET');
    expect(eventCount(hall.db)).toBe(before);
  });
});
