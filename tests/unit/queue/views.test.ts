import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHall, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';
import { at, baseInput, identity, kioskIssue, rows, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const status = (code: string) => hall.engine.views.queueStatus().find((q) => q.code === code)!;

describe('queueStatus', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('lists every queue with its waiting count, issued count and open flag', () => {
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QA' });
    kioskIssue(hall, { queue: 'QC' });
    signIn(hall, 1);
    hall.engine.windows.callNext(1, STAFF('T001'));
    const all = hall.engine.views.queueStatus();
    expect(all.map((q) => q.code)).toEqual(['QA', 'QB', 'QC']);
    expect(status('QA')).toMatchObject({ name: '综合', prefix: 'A', waiting: 1, issuedToday: 2, open: true, active: true });
    expect(status('QB')).toMatchObject({ waiting: 0, issuedToday: 0, longestWaitMinutes: 0 });
    // Nobody waits for QB, but its only open window is busy with a QA ticket just called.
    expect(status('QB').waitEstimate).toMatchObject({ imminent: false });
    expect(status('QB').estimatedWaitMinutes).toBeGreaterThanOrEqual(8);
    expect(status('QC')).toMatchObject({ waiting: 1, issuedToday: 1 });
  });

  it('measures the longest wait from the oldest waiting ticket', () => {
    kioskIssue(hall, { queue: 'QA' });
    hall.clock.advance(7 * 60_000);
    kioskIssue(hall, { queue: 'QA' });
    hall.clock.advance(5 * 60_000 + 30_000);
    expect(status('QA').longestWaitMinutes).toBe(12);
    // No window is open: the three configured for QA are assumed to open now, so a newcomer is next.
    expect(status('QA').waitEstimate).toMatchObject({ imminent: true });
  });

  it('is closed outside hours, and for an inactive queue', () => {
    hall.clock.set(at('18:30'));
    expect(status('QA').open).toBe(false);
    hall.close();
    const input = baseInput();
    (input.queues as { active?: boolean }[])[1]!.active = false;
    hall = createTestHall({ config: testHallConfig({ queues: input.queues }) });
    expect(status('QB')).toMatchObject({ open: false, active: false });
    expect(status('QA')).toMatchObject({ open: true, active: true });
  });

  it('is read-only', () => {
    kioskIssue(hall, { queue: 'QA' });
    const before = { tickets: rows(hall.db, 'tickets'), events: rows(hall.db, 'events') };
    hall.engine.views.queueStatus();
    hall.engine.views.windowStates();
    hall.engine.views.waitingFor(1);
    expect({ tickets: rows(hall.db, 'tickets'), events: rows(hall.db, 'events') }).toEqual(before);
  });
});

describe('windowStates', () => {
  beforeEach(() => {
    hall = createTestHall();
  });

  it('shows status, staff, the ticket in hand and the configuration', () => {
    kioskIssue(hall, { queue: 'QB', identity: identity(2) });
    signIn(hall, 1);
    signIn(hall, 3);
    hall.engine.windows.pause(3, '会议', STAFF('T003'));
    const t = hall.engine.windows.callNext(1, STAFF('T001'));
    const states = hall.engine.views.windowStates();
    expect(states.map((w) => w.number)).toEqual([1, 2, 3, 4]);
    expect(states[0]).toMatchObject({ name: '综合窗口1', status: 'open', staff: { badge: 'T001', name: '窗口甲', title: null }, queues: ['QA', 'QB'], comprehensive: true });
    expect(states[0]!.current).toMatchObject({ id: t.id, number: 'B001', state: 'called', idMasked: '110101********0002' });
    expect(states[1]).toMatchObject({ status: 'closed', staff: null, current: null, pauseReason: null });
    expect(states[2]).toMatchObject({ status: 'paused', pauseReason: '会议', staff: { badge: 'T003' } });
  });

  it('lists a window’s suspended tickets in call order', () => {
    for (let i = 0; i < 3; i++) kioskIssue(hall, { queue: 'QA' });
    signIn(hall, 1);
    const held: string[] = [];
    for (let i = 0; i < 2; i++) {
      hall.clock.advance(1000);
      held.push(hall.engine.windows.callNext(1, STAFF('T001')).id);
      hall.engine.windows.suspend(1, STAFF('T001'));
    }
    expect(hall.engine.views.suspendedAt(1).map((t) => t.id)).toEqual(held);
    expect(hall.engine.views.suspendedAt(2)).toEqual([]);
  });

  it('peopleAhead is 0 once a ticket is no longer waiting', () => {
    kioskIssue(hall, { queue: 'QA' });
    const second = kioskIssue(hall, { queue: 'QA' }).ticket;
    expect(hall.engine.views.peopleAhead(second.id)).toBe(1);
    signIn(hall, 1);
    hall.engine.windows.callNext(1, STAFF('T001'));
    expect(hall.engine.views.peopleAhead(second.id)).toBe(0);
    hall.engine.windows.callNext(1, STAFF('T001'));
    expect(hall.engine.views.peopleAhead(second.id)).toBe(0);
  });

  it('waitingFor an unknown window is empty', () => {
    kioskIssue(hall, { queue: 'QA' });
    expect(hall.engine.views.waitingFor(99)).toEqual([]);
  });
});
