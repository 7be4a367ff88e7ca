import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../../contract/domain.ts';
import { createTestHall, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { configWith, eventCount, expectCode, kioskIssue, rows, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const T1 = STAFF('T001');
const windowRow = (n: number) =>
  hall.db.prepare('SELECT status, pause_reason, staff_badge FROM windows WHERE number = ?').get(n) as {
    status: string;
    pause_reason: string | null;
    staff_badge: string | null;
  };
const types = () => hall.events.map((e) => e.type);
const clearEvents = () => void hall.events.splice(0);

describe('sign-in and sign-out', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('sign-in opens the window for the badge and writes staff.signed_in and window.opened', () => {
    hall.engine.windows.signIn(1, 'T001', T1);
    expect(windowRow(1)).toEqual({ status: 'open', pause_reason: null, staff_badge: 'T001' });
    expect(types()).toEqual(['staff.signed_in', 'window.opened']);
    expect(hall.events[0]).toMatchObject({ window: 1, actor: T1, data: { badge: 'T001' } });
    expect(hall.events[1]).toMatchObject({ window: 1, data: { badge: 'T001', status: 'open' } });
  });

  it('signing in again to the same open window is a no-op without events', () => {
    signIn(hall, 1);
    clearEvents();
    const before = eventCount(hall.db);
    hall.engine.windows.signIn(1, 'T001', T1);
    expect(hall.events).toEqual([]);
    expect(eventCount(hall.db)).toBe(before);
  });

  it('WINDOW_TAKEN for another badge, naming the badge in hand', () => {
    signIn(hall, 1);
    const e = expectCode(() => hall.engine.windows.signIn(1, 'T002', STAFF('T002')), 'WINDOW_TAKEN');
    expect(e.message).toContain('T001');
    expect(windowRow(1).staff_badge).toBe('T001');
  });

  it('UNKNOWN_WINDOW for a window that does not exist', () => {
    expectCode(() => hall.engine.windows.signIn(99, 'T001', T1), 'UNKNOWN_WINDOW');
  });

  it('signing in elsewhere closes the previous window', () => {
    signIn(hall, 1, 'T001');
    clearEvents();
    hall.engine.windows.signIn(2, 'T001', T1);
    expect(windowRow(1)).toEqual({ status: 'closed', pause_reason: null, staff_badge: null });
    expect(windowRow(2)).toEqual({ status: 'open', pause_reason: null, staff_badge: 'T001' });
    expect(types()).toEqual(['staff.signed_out', 'window.closed', 'staff.signed_in', 'window.opened']);
    expect(hall.events.map((e) => e.window)).toEqual([1, 1, 2, 2]);
  });

  it('signing in elsewhere is refused while the previous window holds a ticket, and nothing changes', () => {
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1, 'T001');
    hall.engine.windows.callNext(1, T1);
    clearEvents();
    expectCode(() => hall.engine.windows.signIn(2, 'T001', T1), 'WINDOW_BUSY');
    expect(windowRow(1).staff_badge).toBe('T001');
    expect(windowRow(2).status).toBe('closed');
    expect(hall.events).toEqual([]);
  });

  it('close (sign-out) writes staff.signed_out and window.closed', () => {
    signIn(hall, 1);
    clearEvents();
    hall.engine.windows.close(1, T1);
    expect(windowRow(1)).toEqual({ status: 'closed', pause_reason: null, staff_badge: null });
    expect(types()).toEqual(['staff.signed_out', 'window.closed']);
    expect(hall.events[0]!.data).toEqual({ badge: 'T001' });
  });

  it('closing an already closed window writes nothing', () => {
    hall.engine.windows.close(1, T1);
    expect(hall.events).toEqual([]);
  });

  it('close with a ticket in hand is refused with WINDOW_BUSY', () => {
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, T1);
    expectCode(() => hall.engine.windows.close(1, STAFF('S001')), 'WINDOW_BUSY');
    hall.engine.windows.start(1, T1);
    expectCode(() => hall.engine.windows.close(1, STAFF('S001')), 'WINDOW_BUSY');
    hall.engine.windows.finish(1, 'done', null, T1);
    hall.engine.windows.close(1, STAFF('S001'));
    expect(windowRow(1).status).toBe('closed');
  });

  it('a suspended ticket does not keep the window from closing', () => {
    kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, T1);
    hall.engine.windows.suspend(1, T1);
    hall.engine.windows.close(1, T1);
    expect(windowRow(1).status).toBe('closed');
  });
});

describe('pause and resume', () => {
  beforeEach(() => {
    hall = createTestHall();
    signIn(hall, 1);
    kioskIssue(hall, { queue: 'QA' });
    clearEvents();
  });

  it('pause records the reason and writes window.paused', () => {
    hall.engine.windows.pause(1, '临时离开', T1);
    expect(windowRow(1)).toEqual({ status: 'paused', pause_reason: '临时离开', staff_badge: 'T001' });
    expect(types()).toEqual(['window.paused']);
    expect(hall.events[0]).toMatchObject({ window: 1, data: { status: 'paused', reason: '临时离开' } });
  });

  it('a paused window refuses to call with WINDOW_PAUSED', () => {
    hall.engine.windows.pause(1, '临时离开', T1);
    expectCode(() => hall.engine.windows.callNext(1, T1), 'WINDOW_PAUSED');
    const waiting = hall.engine.views.waitingFor(1)[0]!;
    expectCode(() => hall.engine.windows.callTicket(1, waiting.id, T1), 'WINDOW_PAUSED');
  });

  it('resume reopens with the same staff and writes window.opened', () => {
    hall.engine.windows.pause(1, '临时离开', T1);
    clearEvents();
    hall.engine.windows.resumeService(1, T1);
    expect(windowRow(1)).toEqual({ status: 'open', pause_reason: null, staff_badge: 'T001' });
    expect(types()).toEqual(['window.opened']);
    expect(hall.engine.windows.callNext(1, T1).number).toBe('A001');
  });

  it('resume of an open window writes nothing', () => {
    hall.engine.windows.resumeService(1, T1);
    expect(hall.events).toEqual([]);
  });

  it('a closed window can neither pause nor resume, and cannot call', () => {
    expectCode(() => hall.engine.windows.pause(2, 'x', T1), 'WINDOW_NOT_OPEN');
    expectCode(() => hall.engine.windows.resumeService(2, T1), 'WINDOW_NOT_OPEN');
    expectCode(() => hall.engine.windows.callNext(2, T1), 'WINDOW_NOT_OPEN');
  });
});

describe('callNext', () => {
  beforeEach(() => {
    hall = createTestHall();
    signIn(hall, 1);
  });

  it('NO_WAITING when nothing waits', () => {
    const e = expectCode(() => hall.engine.windows.callNext(1, T1), 'NO_WAITING');
    expect(e.message).toBe('当前没有等候的号票。');
  });

  it('calls the next ticket: state called, window, staff, time, and a ticket.called event with the phrase', () => {
    const issued = kioskIssue(hall, { queue: 'QA' }).ticket;
    hall.clock.advance(5000);
    clearEvents();
    const t = hall.engine.windows.callNext(1, T1);
    expect(t).toMatchObject({ id: issued.id, state: 'called', window: 1, staffBadge: 'T001', calledAt: hall.clock.now().toISOString() });
    expect(types()).toEqual(['ticket.called']);
    expect(hall.events[0]).toMatchObject({ window: 1, ticket: { id: issued.id, state: 'called' } });
    expect(hall.events[0]!.data).toEqual({ phrase: '请A零零一号到1号窗口办理', phraseEn: 'Number A zero zero one, please go to window 1' });
    expect(hall.engine.windows.current(1)?.id).toBe(issued.id);
  });

  it('settles the ticket in hand as finished "done" with the default rule', () => {
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const first = hall.engine.windows.callNext(1, T1);
    clearEvents();
    const second = hall.engine.windows.callNext(1, T1);
    expect(second.number).toBe('A002');
    const settled = hall.engine.core.ticket(first.id);
    expect(settled).toMatchObject({ state: 'finished', outcome: 'done' });
    expect(settled.finishedAt).not.toBeNull();
    expect(settled.startedAt).toBe(settled.calledAt);
    expect(types()).toEqual(['ticket.finished', 'ticket.called']);
    expect(hall.events[0]!.data).toEqual({ outcome: 'done' });
  });

  it('does not settle the ticket in hand when nothing else waits (the whole command is undone)', () => {
    kioskIssue(hall, { queue: 'QA' });
    const first = hall.engine.windows.callNext(1, T1);
    clearEvents();
    const before = eventCount(hall.db);
    expectCode(() => hall.engine.windows.callNext(1, T1), 'NO_WAITING');
    expect(hall.engine.core.ticket(first.id).state).toBe('called');
    expect(eventCount(hall.db)).toBe(before);
    expect(hall.events).toEqual([]);
  });

  it("the 'refuse' rule gives WINDOW_BUSY while a ticket is in hand", () => {
    hall.close();
    hall = createTestHall({ config: configWith({ callNextWithCurrent: 'refuse' }) });
    signIn(hall, 1);
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    const first = hall.engine.windows.callNext(1, T1);
    expectCode(() => hall.engine.windows.callNext(1, T1), 'WINDOW_BUSY');
    expect(hall.engine.core.ticket(first.id).state).toBe('called');
    hall.engine.windows.finish(1, 'accepted', null, T1);
    expect(hall.engine.windows.callNext(1, T1).number).toBe('A002');
  });

  it('requires a signed-in (open) window', () => {
    kioskIssue(hall, { queue: 'QA' });
    expectCode(() => hall.engine.windows.callNext(2, STAFF('T002')), 'WINDOW_NOT_OPEN');
  });
});

describe('callTicket', () => {
  beforeEach(() => {
    hall = createTestHall();
    signIn(hall, 1);
    signIn(hall, 3);
  });

  it('calls a chosen waiting ticket out of order', () => {
    kioskIssue(hall, { queue: 'QA' });
    const second = kioskIssue(hall, { queue: 'QA' }).ticket;
    clearEvents();
    const t = hall.engine.windows.callTicket(1, second.id, T1);
    expect(t).toMatchObject({ number: 'A002', state: 'called', window: 1 });
    expect(types()).toEqual(['ticket.called']);
    expect(hall.engine.windows.callNext(1, T1).number).toBe('A001');
  });

  it('NOT_SERVED_HERE for a ticket of a queue the window does not serve', () => {
    const a = kioskIssue(hall, { queue: 'QA' }).ticket;
    expectCode(() => hall.engine.windows.callTicket(3, a.id, STAFF('T003')), 'NOT_SERVED_HERE');
    expect(hall.engine.core.ticket(a.id).state).toBe('waiting');
  });

  it('INVALID_STATE for a ticket that is not waiting, naming its state', () => {
    const a = kioskIssue(hall, { queue: 'QA' }).ticket;
    hall.engine.windows.callNext(1, T1);
    const e = expectCode(() => hall.engine.windows.callTicket(1, a.id, T1), 'INVALID_STATE');
    expect(e.message).toContain('已叫号');
    hall.engine.windows.finish(1, 'done', null, T1);
    const f = expectCode(() => hall.engine.windows.callTicket(1, a.id, T1), 'INVALID_STATE');
    expect(f.message).toContain('已办结');
  });

  it('UNKNOWN_TICKET for an id that does not exist', () => {
    expectCode(() => hall.engine.windows.callTicket(1, 'nope', T1), 'UNKNOWN_TICKET');
  });
});

describe('recall', () => {
  it('re-announces without changing state, up to maxRecalls, then RECALL_LIMIT', () => {
    hall = createTestHall({ config: configWith({ maxRecalls: 2 }) });
    signIn(hall, 1);
    kioskIssue(hall, { queue: 'QA' });
    const called = hall.engine.windows.callNext(1, T1);
    clearEvents();
    const r1 = hall.engine.windows.recall(1, T1);
    const r2 = hall.engine.windows.recall(1, T1);
    expect([r1.recallCount, r2.recallCount]).toEqual([1, 2]);
    expect(r2.state).toBe('called');
    expect(r2.calledAt).toBe(called.calledAt);
    const e = expectCode(() => hall.engine.windows.recall(1, T1), 'RECALL_LIMIT');
    expect(e.message).toBe('已重呼2次，请做过号处理。');
    expect(types()).toEqual(['ticket.recalled', 'ticket.recalled']);
    expect(hall.events[0]!.data).toEqual({ phrase: '请A零零一号到1号窗口办理', phraseEn: 'Number A zero zero one, please go to window 1', recallCount: 1 });
    expect(hall.events[1]!.data.recallCount).toBe(2);
  });

  it('carries the window number of the calling window', () => {
    hall = createTestHall();
    signIn(hall, 4);
    kioskIssue(hall, { queue: 'QC' });
    hall.engine.windows.callNext(4, STAFF('T004'));
    hall.engine.windows.recall(4, STAFF('T004'));
    expect(hall.events.at(-1)!.data.phrase).toBe('请C零零一号到4号窗口办理');
  });

  it('NO_CURRENT_TICKET without a called ticket; INVALID_STATE once serving', () => {
    hall = createTestHall();
    signIn(hall, 1);
    expectCode(() => hall.engine.windows.recall(1, T1), 'NO_CURRENT_TICKET');
    kioskIssue(hall, { queue: 'QA' });
    hall.engine.windows.callNext(1, T1);
    hall.engine.windows.start(1, T1);
    expectCode(() => hall.engine.windows.recall(1, T1), 'INVALID_STATE');
  });

  it('is refused while the window is paused', () => {
    hall = createTestHall();
    signIn(hall, 1);
    kioskIssue(hall, { queue: 'QA' });
    hall.engine.windows.callNext(1, T1);
    hall.engine.windows.pause(1, '接电话', T1);
    expectCode(() => hall.engine.windows.recall(1, T1), 'WINDOW_PAUSED');
  });
});

describe('start, finish and no-show', () => {
  beforeEach(() => {
    hall = createTestHall();
    signIn(hall, 1);
    kioskIssue(hall, { queue: 'QA' });
  });

  it('start moves called → serving with started_at and a ticket.started event', () => {
    hall.engine.windows.callNext(1, T1);
    hall.clock.advance(30_000);
    clearEvents();
    const t = hall.engine.windows.start(1, T1);
    expect(t).toMatchObject({ state: 'serving', startedAt: hall.clock.now().toISOString() });
    expect(types()).toEqual(['ticket.started']);
    expect(hall.events[0]!.window).toBe(1);
    expectCode(() => hall.engine.windows.start(1, T1), 'INVALID_STATE');
  });

  it.each(['done', 'accepted', 'supplement', 'rejected', 'consultation'] as Outcome[])('finish with outcome %s', (outcome) => {
    hall.engine.windows.callNext(1, T1);
    hall.clock.advance(10_000);
    hall.engine.windows.start(1, T1);
    hall.clock.advance(60_000);
    clearEvents();
    const t = hall.engine.windows.finish(1, outcome, '材料齐全', T1);
    expect(t).toMatchObject({ state: 'finished', outcome, note: '材料齐全', finishedAt: hall.clock.now().toISOString() });
    expect(types()).toEqual(['ticket.finished']);
    expect(hall.events[0]!.data).toEqual({ outcome });
    expect(hall.engine.windows.current(1)).toBeNull();
  });

  it('finish straight from called sets startedAt to the call time', () => {
    const called = hall.engine.windows.callNext(1, T1);
    hall.clock.advance(60_000);
    const t = hall.engine.windows.finish(1, 'consultation', null, T1);
    expect(t.startedAt).toBe(called.calledAt);
    expect(t.note).toBeNull();
  });

  it('finish without a ticket in hand is NO_CURRENT_TICKET', () => {
    expectCode(() => hall.engine.windows.finish(1, 'done', null, T1), 'NO_CURRENT_TICKET');
  });

  it('noShow moves called → no_show with a ticket.no_show event, and frees the window', () => {
    hall.engine.windows.callNext(1, T1);
    clearEvents();
    const t = hall.engine.windows.noShow(1, T1);
    expect(t).toMatchObject({ state: 'no_show', finishedAt: hall.clock.now().toISOString(), outcome: null });
    expect(types()).toEqual(['ticket.no_show']);
    expect(hall.engine.windows.current(1)).toBeNull();
  });

  it('noShow is refused once the citizen is being served', () => {
    hall.engine.windows.callNext(1, T1);
    hall.engine.windows.start(1, T1);
    expectCode(() => hall.engine.windows.noShow(1, T1), 'INVALID_STATE');
  });
});

describe('suspend and resume (挂起 / 回呼)', () => {
  beforeEach(() => {
    hall = createTestHall();
    signIn(hall, 1);
    signIn(hall, 2);
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
  });

  it('suspend keeps the ticket with its window and frees the window for the next call', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.start(1, T1);
    clearEvents();
    const s = hall.engine.windows.suspend(1, T1);
    expect(s).toMatchObject({ state: 'suspended', window: 1 });
    expect(types()).toEqual(['ticket.suspended']);
    expect(hall.engine.windows.current(1)).toBeNull();
    expect(hall.engine.views.suspendedAt(1).map((t) => t.id)).toEqual([a1.id]);
    // The suspended ticket is not offered to any window.
    expect(hall.engine.windows.callNext(2, STAFF('T002')).number).toBe('A002');
    expectCode(() => hall.engine.windows.callNext(1, T1), 'NO_WAITING');
  });

  it('resume (回呼) calls it back at its own window with ticket.resumed and the phrase', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.suspend(1, T1);
    clearEvents();
    const r = hall.engine.windows.resume(1, a1.id, T1);
    expect(r).toMatchObject({ id: a1.id, state: 'called', window: 1 });
    expect(types()).toEqual(['ticket.resumed']);
    expect(hall.events[0]!.data.phrase).toBe('请A零零一号到1号窗口办理');
  });

  it('resume at another window is NOT_SERVED_HERE', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.suspend(1, T1);
    expectCode(() => hall.engine.windows.resume(2, a1.id, STAFF('T002')), 'NOT_SERVED_HERE');
    expect(hall.engine.core.ticket(a1.id).state).toBe('suspended');
  });

  it('resume of a ticket that is not suspended is INVALID_STATE', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    expectCode(() => hall.engine.windows.resume(1, a1.id, T1), 'INVALID_STATE');
  });

  it('resume settles the ticket in hand first (default rule)', () => {
    const a1 = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.suspend(1, T1);
    const a2 = hall.engine.windows.callNext(1, T1);
    clearEvents();
    hall.engine.windows.resume(1, a1.id, T1);
    expect(hall.engine.core.ticket(a2.id)).toMatchObject({ state: 'finished', outcome: 'done' });
    expect(types()).toEqual(['ticket.finished', 'ticket.resumed']);
  });

  it('suspend without a ticket in hand is NO_CURRENT_TICKET', () => {
    expectCode(() => hall.engine.windows.suspend(1, T1), 'NO_CURRENT_TICKET');
  });
});

describe('requestEvaluation', () => {
  beforeEach(() => {
    hall = createTestHall();
    signIn(hall, 1);
    kioskIssue(hall, { queue: 'QA' });
  });

  it('asks for the evaluation of the ticket in hand', () => {
    const t = hall.engine.windows.callNext(1, T1);
    clearEvents();
    hall.engine.windows.requestEvaluation(1, T1);
    expect(types()).toEqual(['ticket.evaluation_requested']);
    expect(hall.events[0]).toMatchObject({ window: 1, ticket: { id: t.id } });
  });

  it('or of the last finished ticket at the window', () => {
    const t = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.finish(1, 'done', null, T1);
    const r = hall.engine.windows.requestEvaluation(1, T1);
    expect(r.id).toBe(t.id);
  });

  it('NO_CURRENT_TICKET at a window that served nobody; ALREADY_EVALUATED once evaluated', () => {
    expectCode(() => hall.engine.windows.requestEvaluation(2, STAFF('T002')), 'NO_CURRENT_TICKET');
    const t = hall.engine.windows.callNext(1, T1);
    hall.engine.windows.finish(1, 'done', null, T1);
    hall.engine.tickets.evaluate({ ticketId: t.id, level: 'satisfied', source: 'evaluator', actor: { kind: 'device', id: 'E1' } });
    expectCode(() => hall.engine.windows.requestEvaluation(1, T1), 'ALREADY_EVALUATED');
  });

  it('writes nothing to the ticket', () => {
    hall.engine.windows.callNext(1, T1);
    const before = rows(hall.db, 'tickets');
    hall.engine.windows.requestEvaluation(1, T1);
    expect(rows(hall.db, 'tickets')).toEqual(before);
  });
});
