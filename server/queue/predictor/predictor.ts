import type { WaitEstimate } from '../../../contract/wait-estimate.ts';
import type { Catalog } from '../catalog.ts';
import type { Db } from '../../store/db.ts';
import { toEstimate } from './estimate-range.ts';
import { HallNowReader } from './hall-now.ts';
import { Learner } from './learn.ts';
import { Rng } from './rng.ts';
import { NEWCOMER, simulateOnce } from './simulate.ts';
import type { HallModel, HallNow } from './types.ts';

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
}

/**
 * Runs the forward simulation RUNS times with fixed seeds (the same state gives the same answer, and
 * a refresh moves only when the hall moved) and turns each ticket's simulated waits into an estimate.
 */
export function predict(now: HallNow, model: HallModel, runs = RUNS): Omit<Predictions, 'tookMs'> {
  const draws = new Map<string, number[]>();
  for (let r = 0; r < runs; r++) {
    const calls = simulateOnce(now, model, new Rng(SEED + r * 7919));
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
  return { tickets, queues };
}

/** The engine's wait predictor: reads the hall, learns from its history, simulates, caches per seq. */
export class WaitPredictor {
  readonly learner: Learner;
  private readonly reader: HallNowReader;
  private cache: { seq: number; atMs: number; day: string; p: Predictions } | undefined;
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

  /** Drops the cached prediction (a transaction changed the hall without a published seq yet). */
  invalidate(): void {
    this.cache = undefined;
  }
}
