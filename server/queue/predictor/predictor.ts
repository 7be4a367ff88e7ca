import type { WaitEstimate } from '../../../contract/wait-estimate.ts';
import type { Catalog } from '../catalog.ts';
import type { Db } from '../../store/db.ts';
import { toEstimate } from './estimate-range.ts';
import { HallNowReader } from './hall-now.ts';
import { Learner } from './learn.ts';
import { Rng } from './rng.ts';
import { fixedTier, NEWCOMER, simulateOnce } from './simulate.ts';
import type { HallModel, HallNow, WaitingTicket } from './types.ts';

/** Simulated runs per prediction: enough for a stable 20–80 % range, few enough for every event. */
export const RUNS = 24;
const SEED = 0x5eed;
/** A prediction is reused while the seq is the same and the clock has moved less than this. */
const REUSE_MS = 15_000;

export interface Predictions {
  /** Per waiting ticket id. */
  tickets: Map<string, WaitEstimate>;
  /** For a newcomer to each queue (the kiosk's home and confirm screens). */
  queues: Map<string, WaitEstimate>;
  /** Milliseconds the simulation took. */
  tookMs: number;
  /** Waiting tickets per queue when it ran, and the minutes one more place in a queue's line adds. */
  waiting: Map<string, number>;
  perPlace: Map<string, number>;
}

/** Tickets followed per queue; further back a wait is extrapolated from the last one followed. */
export const FOLLOWED_PER_QUEUE = 100;

/**
 * Runs the forward simulation RUNS times with fixed seeds (the same state gives the same answer, and
 * a refresh moves only when the hall moved) and turns each ticket's simulated waits into an estimate.
 */
export function predict(now: HallNow, model: HallModel, runs = RUNS): Omit<Predictions, 'tookMs'> {
  // Each queue's line in its own order (priority tiers, then arrival); only the first ones are followed.
  const byQueue = new Map<string, WaitingTicket[]>();
  for (const t of now.waiting) byQueue.set(t.queue, [...(byQueue.get(t.queue) ?? []), t]);
  const rank = (t: WaitingTicket) => (t.kind === 'appointment' && t.dueMs !== null && t.dueMs <= now.nowMs ? 1 : fixedTier(t));
  const followed = { tickets: new Set<string>(), queues: new Set<string>() };
  const beyond: { t: WaitingTicket; place: number; last: string }[] = [];
  const waiting = new Map<string, number>();
  for (const q of now.queues) if (!byQueue.has(q)) byQueue.set(q, []);
  for (const [q, list] of byQueue) {
    list.sort((a, b) => rank(a) - rank(b) || a.sortKey - b.sortKey);
    waiting.set(q, list.length);
    list.forEach((t, i) => {
      if (i < FOLLOWED_PER_QUEUE) followed.tickets.add(t.id);
      else beyond.push({ t, place: i + 1, last: list[FOLLOWED_PER_QUEUE - 1]!.id });
    });
    if (list.length < FOLLOWED_PER_QUEUE) followed.queues.add(q);
  }
  const draws = new Map<string, number[]>();
  for (let r = 0; r < runs; r++) {
    const calls = simulateOnce(now, model, new Rng(SEED + r * 7919), followed);
    for (const [id, at] of calls) {
      let list = draws.get(id);
      if (!list) draws.set(id, (list = []));
      list.push(Math.max(0, (at - now.nowMs) / 60_000));
    }
  }
  const tickets = new Map<string, WaitEstimate>();
  const queues = new Map<string, WaitEstimate>();
  for (const [id, list] of draws) {
    list.sort((a, b) => a - b);
    if (id.startsWith(NEWCOMER)) queues.set(id.slice(NEWCOMER.length), toEstimate(list));
    else tickets.set(id, toEstimate(list));
  }
  // Far back in a long line, the wait grows with the place at the rate of the last followed ticket.
  const scaled = (d: number[], f: number) => toEstimate(d.map((m) => m * f));
  for (const b of beyond) tickets.set(b.t.id, scaled(draws.get(b.last) ?? [0], b.place / FOLLOWED_PER_QUEUE));
  const perPlace = new Map<string, number>();
  for (const [q, n] of waiting) {
    if (!queues.has(q)) {
      const last = byQueue.get(q)![FOLLOWED_PER_QUEUE - 1]!.id;
      queues.set(q, scaled(draws.get(last) ?? [0], (n + 1) / FOLLOWED_PER_QUEUE));
    }
    perPlace.set(q, n > 0 ? (queues.get(q)?.minutes ?? 0) / (n + 1) : 0);
  }
  return { tickets, queues, waiting, perPlace };
}

/** The engine's wait predictor: reads the hall, learns from its history, simulates, caches per seq. */
export class WaitPredictor {
  readonly learner: Learner;
  private readonly reader: HallNowReader;
  private cache: { seq: number; atMs: number; day: string; p: Predictions } | undefined;
  /** The latest prediction made, also inside a transaction: a base for a command's quick estimate. */
  private recent: { seq: number; atMs: number; day: string; p: Predictions } | undefined;
  /** Time of the last simulations (ms), for the benchmark's cost figure. */
  readonly timings: number[] = [];
  /** Total milliseconds spent reading the hall, learning and simulating (the benchmark's breakdown). */
  readonly parts = { read: 0, learn: 0, simulate: 0 };

  constructor(db: Db, private readonly catalog: () => Catalog, private readonly lastSeq: () => number) {
    this.learner = new Learner(db, catalog);
    this.reader = new HallNowReader(db);
  }

  /** The predictions for the hall as committed now, reused within one seq and a few seconds. */
  current(day: string, now: Date): Predictions {
    const seq = this.lastSeq();
    const c = this.cache;
    if (c && c.seq === seq && c.day === day && Math.abs(now.getTime() - c.atMs) < REUSE_MS) return c.p;
    const p = this.fresh(day, now);
    this.cache = { seq, atMs: now.getTime(), day, p };
    return p;
  }

  /** Predictions computed now, not cached: inside a command's transaction, whose state is not yet a seq. */
  fresh(day: string, now: Date): Predictions {
    const started = performance.now();
    const catalog = this.catalog();
    const state = this.reader.read(catalog, day, now);
    const read = performance.now();
    const model = this.learner.model(day, now.getTime());
    const learned = performance.now();
    const p = { ...predict(state, model), tookMs: 0 };
    p.tookMs = performance.now() - started;
    this.recent = { seq: this.lastSeq(), atMs: now.getTime(), day, p };
    this.parts.read += read - started;
    this.parts.learn += learned - read;
    this.parts.simulate += performance.now() - learned;
    this.timings.push(p.tookMs);
    if (this.timings.length > 10_000) this.timings.splice(0, 5_000);
    return p;
  }

  /** The cached prediction if it is for the hall at `seq` and recent enough, else undefined. */
  cachedAt(seq: number, day: string, now: Date): Predictions | undefined {
    const c = this.cache;
    return c && c.seq === seq && c.day === day && Math.abs(now.getTime() - c.atMs) < REUSE_MS ? c.p : undefined;
  }

  /**
   * A prediction made a little earlier (at most `maxSeqs` events and `maxMs` ago, same day), for a
   * command that adjusts it instead of simulating inside its transaction.
   */
  recentWithin(day: string, now: Date, maxSeqs: number, maxMs: number): Predictions | undefined {
    const r = this.recent;
    if (!r || r.day !== day || this.lastSeq() - r.seq > maxSeqs || Math.abs(now.getTime() - r.atMs) > maxMs) return undefined;
    return r.p;
  }

  /** Drops the cached prediction (a transaction changed the hall without a published seq yet). */
  invalidate(): void {
    this.cache = undefined;
  }
}
