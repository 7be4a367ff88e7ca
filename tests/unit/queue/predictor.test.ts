import { afterEach, describe, expect, it } from 'vitest';
import { predict } from '../../../server/queue/predictor/predictor.ts';
import { fitLogNormal } from '../../../server/queue/predictor/robust.ts';
import { normalQuantile, normalCdf } from '../../../server/queue/predictor/rng.ts';
import type { HallModel, HallNow, LogNormal, WaitingTicket, WindowNow } from '../../../server/queue/predictor/types.ts';
import { createTestHall, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { kioskIssue, signIn } from './helpers.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-30T02:00:00Z');
/** Nearly deterministic: a service time of exactly `m` minutes. */
const exact = (m: number): LogNormal => ({ mu: Math.log(m), sigma: 0.001 });

function model(over: Partial<HallModel> & { minutes?: Record<string, LogNormal> } = {}): HallModel {
  const minutes = over.minutes ?? {};
  return {
    service: (item, queue) => minutes[item ?? queue] ?? minutes[queue] ?? exact(10),
    queue: () => ({ noShowRate: 0, transferRate: 0, transferTo: null }),
    noShowMinutes: 2,
    walkUpMinutes: 0,
    callGapMinutes: 0,
    pause: () => exact(20),
    arrivalsPerMinute: () => 0,
    checkInRate: 1,
    itemMix: () => [{ item: null, share: 1 }],
    ...over,
  };
}

function win(number: number, queues: string[], over: Partial<WindowNow> = {}): WindowNow {
  return { number, queues, ordered: true, status: 'open', pauseReason: null, pausedSinceMs: null, current: null, priorityStreak: 0, ...over };
}

let seq = 0;
function ticket(queue: string, over: Partial<WaitingTicket> = {}): WaitingTicket {
  seq++;
  return { id: `${queue}-${seq}`, queue, item: null, kind: 'normal', dueMs: null, targetWindow: null, care: null, sortKey: T0 - 60 * MIN + seq * 1000, ...over };
}

function hall(windows: WindowNow[], waiting: WaitingTicket[], queues = ['QA', 'QB']): HallNow {
  return { nowMs: T0, windows, waiting, appointments: [], periods: [[T0 - 2 * 3_600_000, T0 + 6 * 3_600_000]], antiStarvationAfter: 3, queues };
}

describe('the wait predictor on situations with a known answer', () => {
  it('one window serving two queues in order: the first queue empties first, and a newcomer to it goes ahead of the second', () => {
    const a1 = ticket('QA');
    const b1 = ticket('QB'); // came before a2, but the window serves QA first
    const a2 = ticket('QA');
    const p = predict(hall([win(1, ['QA', 'QB'])], [a1, b1, a2]), model());
    expect(p.tickets.get(a1.id)).toMatchObject({ minutes: 0, imminent: true });
    expect(p.tickets.get(a2.id)!.minutes).toBe(10);
    expect(p.tickets.get(b1.id)!.minutes).toBe(20);
    // A newcomer to QA waits for the two QA tickets only; one to QB for everything.
    expect(p.queues.get('QA')!.minutes).toBe(20);
    expect(p.queues.get('QB')!.minutes).toBe(30);
  });

  it('by longest wait the same window takes both queues in arrival order', () => {
    const a1 = ticket('QA');
    const b1 = ticket('QB');
    const a2 = ticket('QA');
    const p = predict(hall([win(1, ['QA', 'QB'], { ordered: false })], [a1, b1, a2]), model());
    expect(p.tickets.get(b1.id)!.minutes).toBe(10);
    expect(p.tickets.get(a2.id)!.minutes).toBe(20);
  });

  it('a paused window comes back when its pause is likely over, not at once', () => {
    // Window 1 serves a 10-minute ticket started 4 minutes ago; window 2 has been paused 5 of its 20 minutes.
    const w1 = win(1, ['QA'], { current: { item: null, queue: 'QA', state: 'serving', calledMs: T0 - 4 * MIN, startedMs: T0 - 4 * MIN } });
    const w2 = win(2, ['QA'], { status: 'paused', pauseReason: '临时离开', pausedSinceMs: T0 - 5 * MIN });
    const [t1, t2, t3] = [ticket('QA'), ticket('QA'), ticket('QA')];
    const p = predict(hall([w1, w2], [t1!, t2!, t3!], ['QA']), model());
    expect(p.tickets.get(t1!.id)!.minutes).toBe(6);
    expect(p.tickets.get(t2!.id)!.minutes).toBe(15);
    expect(p.tickets.get(t3!.id)!.minutes).toBe(16);
  });

  it('a closed window does not count', () => {
    const t1 = ticket('QA');
    const t2 = ticket('QA');
    const p = predict(hall([win(1, ['QA']), win(2, ['QA'], { status: 'closed' })], [t1, t2], ['QA']), model());
    expect(p.tickets.get(t2.id)!.minutes).toBe(10);
  });

  it('a long-running current customer: the rest of a service already 25 minutes long, from the conditional lognormal', () => {
    const d: LogNormal = { mu: Math.log(10), sigma: 0.5 };
    const w = win(1, ['QA'], { current: { item: null, queue: 'QA', state: 'serving', calledMs: T0 - 25 * MIN, startedMs: T0 - 25 * MIN } });
    const p = predict(hall([w], [], ['QA']), model({ minutes: { QA: d } }), 400);
    // Median of S − 25 given S > 25: S at the quantile halfway between F(25) and 1.
    const f = normalCdf((Math.log(25) - d.mu) / d.sigma);
    const expected = Math.exp(d.mu + d.sigma * normalQuantile(f + (1 - f) / 2)) - 25;
    expect(expected).toBeGreaterThan(3);
    expect(expected).toBeLessThan(5);
    const e = p.queues.get('QA')!;
    expect(Math.abs(e.minutes - expected)).toBeLessThanOrEqual(1);
    expect(e.imminent).toBe(false);
    // Less than a fresh service's 10 minutes even at the top of the range.
    expect(e.high).toBeLessThanOrEqual(10);
  });

  it('an empty queue with every window busy: the next free window, not 0 minutes', () => {
    const w1 = win(1, ['QA'], { current: { item: null, queue: 'QA', state: 'serving', calledMs: T0 - 7 * MIN, startedMs: T0 - 7 * MIN } });
    const w2 = win(2, ['QA'], { current: { item: null, queue: 'QA', state: 'serving', calledMs: T0 - 3 * MIN, startedMs: T0 - 3 * MIN } });
    const p = predict(hall([w1, w2], [], ['QA']), model());
    expect(p.queues.get('QA')).toMatchObject({ minutes: 3, imminent: false });
  });

  it('green channel arrivals due and appointments due are served ahead of an ordinary ticket', () => {
    const t0 = ticket('QA');
    const t1 = ticket('QA');
    const base = hall([win(1, ['QA'])], [t0, t1], ['QA']);
    const quiet = predict(base, model());
    expect(quiet.tickets.get(t1.id)!.minutes).toBe(10);
    const withAppointment = predict({ ...base, appointments: [{ queue: 'QA', item: 'I1', slotStartMs: T0 + 5 * MIN }] }, model());
    expect(withAppointment.tickets.get(t1.id)!.minutes).toBe(20);
    const withGreen = predict(base, model({ arrivalsPerMinute: (_q, kind) => (kind === 'green' ? 0.2 : 0) }), 200);
    expect(withGreen.tickets.get(t1.id)!.minutes).toBeGreaterThan(10);
  });

  it('serves the green channel, then the care classes, then arrival order', () => {
    const n1 = ticket('QA');
    const e1 = ticket('QA', { care: 'elderly' });
    const a1 = ticket('QA', { care: 'assisted' });
    const g1 = ticket('QA', { kind: 'green' });
    const p = predict(hall([win(1, ['QA'], { priorityStreak: 0 })], [n1, e1, a1, g1], ['QA']), { ...model(), checkInRate: 1 });
    const at = (t: WaitingTicket) => p.tickets.get(t.id)!.minutes;
    expect([at(g1), at(a1), at(e1)]).toEqual([0, 10, 20]);
    // Three priority calls in a row: the anti-starvation rule lets the ordinary ticket in next.
    expect(at(n1)).toBe(30);
  });

  it('follows the first 100 of a long line and extrapolates further back', () => {
    const line = Array.from({ length: 250 }, () => ticket('QA'));
    const p = predict(hall([win(1, ['QA'])], line, ['QA']), model({ minutes: { QA: exact(1) } }), 4);
    expect(p.tickets.get(line[99]!.id)!.minutes).toBe(99);
    expect(Math.abs(p.tickets.get(line[199]!.id)!.minutes - 199)).toBeLessThanOrEqual(2);
    expect(Math.abs(p.queues.get('QA')!.minutes - 250)).toBeLessThanOrEqual(3);
  });

  it('no-shows ahead shorten the wait', () => {
    const ahead = [ticket('QA'), ticket('QA'), ticket('QA'), ticket('QA')];
    const mine = ticket('QA');
    const none = predict(hall([win(1, ['QA'])], [...ahead, mine], ['QA']), model());
    const half = predict(hall([win(1, ['QA'])], [...ahead, mine], ['QA']), model({ queue: () => ({ noShowRate: 0.5, transferRate: 0, transferTo: null }) }), 400);
    expect(none.tickets.get(mine.id)!.minutes).toBe(40);
    // Expected 4 × (0.5 × 10 + 0.5 × 2) = 24 minutes.
    expect(Math.abs(half.tickets.get(mine.id)!.minutes - 24)).toBeLessThanOrEqual(3);
  });

  it('a lunch break in the hall hours adds the break', () => {
    const t1 = ticket('QA');
    const t2 = ticket('QA');
    const state = { ...hall([win(1, ['QA'])], [t1, t2], ['QA']), periods: [[T0 - 3_600_000, T0 + 5 * MIN], [T0 + 95 * MIN, T0 + 5 * 3_600_000]] as [number, number][] };
    const p = predict(state, model());
    expect(p.tickets.get(t1.id)!.minutes).toBe(0);
    expect(p.tickets.get(t2.id)!.minutes).toBe(95);
  });

  it('gives a range around the central estimate that widens with uncertain service times', () => {
    const ahead = [ticket('QA'), ticket('QA'), ticket('QA')];
    const mine = ticket('QA');
    const p = predict(hall([win(1, ['QA'])], [...ahead, mine], ['QA']), model({ minutes: { QA: { mu: Math.log(10), sigma: 0.6 } } }));
    const e = p.tickets.get(mine.id)!;
    expect(e.low).toBeLessThan(e.minutes);
    expect(e.high).toBeGreaterThan(e.minutes);
  });
});

describe('learning service times', () => {
  it('is robust to outliers and shrinks towards the configured minutes', () => {
    const prior = { mu: Math.log(10), sigma: 0.5 };
    expect(fitLogNormal([], prior)).toEqual(prior);
    const fit = fitLogNormal([5, 5.2, 4.8, 5.1, 4.9, 5, 5.3, 4.7, 5, 240], prior);
    expect(Math.exp(fit.mu)).toBeGreaterThan(5);
    expect(Math.exp(fit.mu)).toBeLessThan(6.5);
    const many = fitLogNormal(Array.from({ length: 400 }, (_, i) => 5 + (i % 3) * 0.1), prior);
    expect(Math.exp(many.mu)).toBeCloseTo(5.1, 0);
  });
});

describe('the engine estimates through the predictor', () => {
  let h: TestHall;
  afterEach(() => h.close());

  it('says imminent for the first ticket at an idle window, then counts the ticket in hand', () => {
    h = createTestHall();
    signIn(h, 3); // window 3 serves QB only
    const first = h.engine.issuer.issue({ queue: 'QB', source: 'staff', actor: STAFF('T003') });
    expect(first.waitEstimate).toMatchObject({ imminent: true, minutes: 0 });
    h.engine.windows.callNext(3, STAFF('T003'));
    h.engine.windows.start(3, STAFF('T003'));
    h.clock.advance(2 * MIN);
    const second = h.engine.issuer.issue({ queue: 'QB', source: 'staff', actor: STAFF('T003') });
    // I2 is configured at 10 minutes and has no history: about 8 minutes are left of the service in hand.
    expect(second.waitEstimate!.imminent).toBe(false);
    expect(second.estimatedWaitMinutes).toBeGreaterThanOrEqual(5);
    expect(second.estimatedWaitMinutes).toBeLessThanOrEqual(12);
    // The status read refreshes: after another 5 minutes the same ticket is nearer.
    h.clock.advance(5 * MIN);
    h.engine.windows.pause(3, '临时离开', STAFF('T003'));
    h.engine.windows.resumeService(3, STAFF('T003'));
    const later = h.engine.views.waitEstimateFor(second.ticket.id)!;
    expect(later.minutes).toBeLessThan(second.estimatedWaitMinutes);
  });

  it('an ordinary ticket issued while a screen has read the hall gets the newcomer estimate it was shown', () => {
    h = createTestHall();
    signIn(h, 3);
    for (let i = 0; i < 3; i++) h.engine.issuer.issue({ queue: 'QB', source: 'staff', actor: STAFF('T003') });
    h.engine.windows.callNext(3, STAFF('T003'));
    const shown = h.engine.views.queueStatus().find((q) => q.code === 'QB')!.waitEstimate!;
    const issued = h.engine.issuer.issue({ queue: 'QB', source: 'staff', actor: STAFF('T003') });
    expect(issued.waitEstimate).toEqual(shown);
    // And what the ticket's own status then says agrees to within the runs' noise.
    expect(Math.abs(h.engine.views.waitEstimateFor(issued.ticket.id)!.minutes - shown.minutes)).toBeLessThanOrEqual(2);
  });

  it('queue status carries the range for a newcomer', () => {
    h = createTestHall();
    signIn(h, 4); // QC then QA by longest wait
    kioskIssue(h, { queue: 'QC' });
    kioskIssue(h, { queue: 'QC' });
    const qc = h.engine.views.queueStatus().find((q) => q.code === 'QC')!;
    expect(qc.waitEstimate).toBeDefined();
    expect(qc.estimatedWaitMinutes).toBe(qc.waitEstimate!.minutes);
    expect(qc.waitEstimate!.minutes).toBeGreaterThanOrEqual(10);
  });
});
