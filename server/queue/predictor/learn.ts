import type { Catalog } from '../catalog.ts';
import type { Db } from '../../store/db.ts';
import { localToInstant } from '../../common/hall-time.ts';
import { fitLogNormal, median, shrunkRate } from './robust.ts';
import type { HallModel, LogNormal, QueueBehaviour } from './types.ts';

const MINUTE = 60_000;
const BUCKET = 30 * MINUTE;
/** How many past days the hall learns from. */
const HISTORY_DAYS = 28;
/** Service times kept per item (the most recent). */
const PER_ITEM = 400;
const PAUSE_PRIOR: LogNormal = { mu: Math.log(15), sigma: 0.6 };
const SERVICE_SIGMA_PRIOR = 0.5;

/** Learned facts of the hall, refreshed as tickets finish (see Learner.model). */
class LearnedModel implements HallModel {
  constructor(
    private readonly services: Map<string, LogNormal>,
    private readonly queueServices: Map<string, LogNormal>,
    private readonly fallback: LogNormal,
    private readonly queues: Map<string, QueueBehaviour>,
    readonly noShowMinutes: number,
    readonly walkUpMinutes: number,
    readonly callGapMinutes: number,
    private readonly pauses: Map<string, LogNormal>,
    private readonly pauseAll: LogNormal,
    private readonly rates: ArrivalRates,
    readonly checkInRate: number,
    private readonly mixes: Map<string, { item: string | null; share: number }[]>,
  ) {}

  service(item: string | null, queue: string): LogNormal {
    return (item !== null ? this.services.get(item) : undefined) ?? this.queueServices.get(queue) ?? this.fallback;
  }

  queue(queue: string): QueueBehaviour {
    return this.queues.get(queue) ?? { noShowRate: 0.05, transferRate: 0, transferTo: null };
  }

  pause(reason: string | null): LogNormal {
    return (reason !== null ? this.pauses.get(reason) : undefined) ?? this.pauseAll;
  }

  arrivalsPerMinute(queue: string, kind: 'normal' | 'green', atMs: number): number {
    return this.rates.at(queue, kind, atMs);
  }

  itemMix(queue: string): { item: string | null; share: number }[] {
    return this.mixes.get(queue) ?? [{ item: null, share: 1 }];
  }
}

/**
 * Arrivals per minute by queue, class and half-hour of the day: the mean of past days at that time of
 * day, scaled by how busy today has been so far compared with those days; with no past days, today's
 * rate over the last hour.
 */
class ArrivalRates {
  constructor(
    private readonly past: Map<string, number[]>,
    private readonly scale: Map<string, number>,
    private readonly recent: Map<string, number>,
    private readonly midnightMs: number,
  ) {}

  at(queue: string, kind: 'normal' | 'green', atMs: number): number {
    const key = `${queue}|${kind}`;
    const buckets = this.past.get(key);
    if (buckets) {
      const b = Math.floor((atMs - this.midnightMs) / BUCKET);
      return ((buckets[b] ?? 0) / (BUCKET / MINUTE)) * (this.scale.get(key) ?? 1);
    }
    return this.recent.get(key) ?? 0;
  }
}

interface Cached {
  key: string;
  model: HallModel;
}

/**
 * Learns the hall's model from its own tickets and events (read-only SQL). Cheap enough to redo
 * whenever a few more tickets have finished; in between the cached model is handed out.
 */
export class Learner {
  private cached: Cached | undefined;
  private readonly progress;

  constructor(private readonly db: Db, private readonly catalog: () => Catalog) {
    this.progress = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND state IN ('finished','no_show')");
  }

  /** The model for `day` at `nowMs`: relearned every 10 finished tickets, every 15 minutes, and on a new day or catalogue. */
  model(day: string, nowMs: number): HallModel {
    const done = (this.progress.get(day) as { n: number }).n;
    const key = `${day}|${Math.floor(done / 10)}|${Math.floor(nowMs / (15 * MINUTE))}`;
    const catalog = this.catalog();
    if (this.cached?.key === key && this.cachedCatalog === catalog) return this.cached.model;
    const model = this.learn(day, nowMs, catalog);
    this.cached = { key, model };
    this.cachedCatalog = catalog;
    return model;
  }
  private cachedCatalog: Catalog | undefined;
  private pastArrivals: { day: string; rows: { day: string; queue: string; priority: 'normal' | 'green'; issued_at: string; item: string | null }[] } | undefined;

  /** Forget the cache (after a configuration change or in tests). */
  reset(): void {
    this.cached = undefined;
  }

  private learn(day: string, nowMs: number, catalog: Catalog): HallModel {
    const tz = catalog.hall.timezone;
    const from = shiftDay(day, -HISTORY_DAYS);
    const defaultMinutes = catalog.rules.defaultServiceMinutes;

    // Service time per item: started → finished, the most recent first.
    const rows = this.db
      .prepare(`SELECT item, queue, (julianday(finished_at) - julianday(started_at)) * 1440.0 AS m FROM tickets
        WHERE day >= ? AND state = 'finished' AND started_at IS NOT NULL AND finished_at IS NOT NULL
        ORDER BY finished_at DESC LIMIT 30000`)
      .all(from) as { item: string | null; queue: string; m: number }[];
    const byItem = new Map<string, number[]>();
    const byQueue = new Map<string, number[]>();
    for (const r of rows) {
      if (r.item !== null) {
        const list = byItem.get(r.item) ?? [];
        if (list.length < PER_ITEM) list.push(r.m);
        byItem.set(r.item, list);
      }
      const ql = byQueue.get(r.queue) ?? [];
      if (ql.length < PER_ITEM) ql.push(r.m);
      byQueue.set(r.queue, ql);
    }
    const services = new Map<string, LogNormal>();
    const priorOfQueue = new Map<string, number[]>();
    for (const item of catalog.items.values()) {
      const prior = { mu: Math.log(item.serviceMinutes), sigma: SERVICE_SIGMA_PRIOR };
      services.set(item.code, fitLogNormal(byItem.get(item.code) ?? [], prior));
      if (!item.retired) priorOfQueue.set(item.queue, [...(priorOfQueue.get(item.queue) ?? []), item.serviceMinutes]);
    }
    const fallback = { mu: Math.log(defaultMinutes), sigma: SERVICE_SIGMA_PRIOR };
    const queueServices = new Map<string, LogNormal>();
    for (const q of catalog.queues.keys()) {
      const priors = priorOfQueue.get(q);
      const prior = priors?.length ? { mu: Math.log(priors.reduce((s, m) => s + m, 0) / priors.length), sigma: SERVICE_SIGMA_PRIOR } : fallback;
      queueServices.set(q, fitLogNormal(byQueue.get(q) ?? [], prior));
    }

    // No-shows, transfers, the walk-up and the gap between tickets.
    const calledRows = this.db
      .prepare(`SELECT queue, SUM(state = 'no_show') AS ns, COUNT(*) AS n FROM tickets WHERE day >= ? AND called_at IS NOT NULL GROUP BY queue`)
      .all(from) as { queue: string; ns: number; n: number }[];
    const transfers = this.db
      .prepare(`SELECT json_extract(body, '$.data.fromQueue') AS f, json_extract(body, '$.data.toQueue') AS t, COUNT(*) AS n
        FROM events WHERE type = 'ticket.transferred' AND day >= ? GROUP BY f, t`)
      .all(from) as { f: string | null; t: string | null; n: number }[];
    const queues = new Map<string, QueueBehaviour>();
    for (const q of catalog.queues.keys()) {
      const c = calledRows.find((r) => r.queue === q);
      const out = transfers.filter((r) => r.f === q && r.t && r.t !== q).sort((a, b) => b.n - a.n);
      const moved = out.reduce((s, r) => s + r.n, 0);
      queues.set(q, {
        noShowRate: shrunkRate(c?.ns ?? 0, c?.n ?? 0, 0.05),
        transferRate: shrunkRate(moved, c?.n ?? 0, 0, 20),
        transferTo: out[0]?.t ?? null,
      });
    }
    const minutes = (sql: string) => (this.db.prepare(sql).all(from) as { m: number }[]).map((r) => r.m).sort((a, b) => a - b);
    const noShow = minutes(`SELECT (julianday(finished_at) - julianday(called_at)) * 1440.0 AS m FROM tickets
        WHERE day >= ? AND state = 'no_show' AND finished_at IS NOT NULL AND called_at IS NOT NULL ORDER BY finished_at DESC LIMIT 2000`);
    const walkUp = minutes(`SELECT (julianday(started_at) - julianday(called_at)) * 1440.0 AS m FROM tickets
        WHERE day >= ? AND state = 'finished' AND started_at > called_at ORDER BY finished_at DESC LIMIT 2000`);
    const gaps = minutes(`SELECT m FROM (SELECT (julianday(called_at) - julianday(LAG(finished_at) OVER (PARTITION BY day, window ORDER BY called_at))) * 1440.0 AS m
        FROM tickets WHERE day >= ? AND called_at IS NOT NULL AND window IS NOT NULL) WHERE m > 0 AND m < 3`);
    const blend = (sorted: number[], prior: number, weight = 10) => (sorted.length ? (median(sorted) * sorted.length + prior * weight) / (sorted.length + weight) : prior);

    // Pauses: each window.paused until the window opened or closed again.
    const pauseRows = this.db
      .prepare(`SELECT type, at, window, json_extract(body, '$.data.reason') AS reason FROM events
        WHERE type IN ('window.paused', 'window.opened', 'window.closed') AND day >= ? ORDER BY seq`)
      .all(from) as { type: string; at: string; window: number; reason: string | null }[];
    const open = new Map<number, { at: number; reason: string | null }>();
    const pauseByReason = new Map<string, number[]>();
    const pauseAll: number[] = [];
    for (const r of pauseRows) {
      const t = Date.parse(r.at);
      if (r.type === 'window.paused') open.set(r.window, { at: t, reason: r.reason });
      else {
        const p = open.get(r.window);
        if (!p) continue;
        open.delete(r.window);
        const m = (t - p.at) / MINUTE;
        pauseAll.push(m);
        if (p.reason) pauseByReason.set(p.reason, [...(pauseByReason.get(p.reason) ?? []), m]);
      }
    }
    const pauseFit = fitLogNormal(pauseAll, PAUSE_PRIOR);
    const pauses = new Map([...pauseByReason].map(([reason, ms]) => [reason, fitLogNormal(ms, pauseFit)]));

    // Arrivals: past days by half-hour of the day, scaled by today so far.
    const midnightMs = localToInstant(day, '00:00', tz).getTime();
    type ArrivalRow = { day: string; queue: string; priority: 'normal' | 'green'; issued_at: string; item: string | null };
    const arrivalSql = `SELECT day, queue, priority, issued_at, item FROM tickets WHERE day >= ? AND day <= ? AND priority IN ('normal', 'green') AND source <> 'appointment'`;
    // Past days do not change during the day: read once per day.
    if (this.pastArrivals?.day !== day) this.pastArrivals = { day, rows: this.db.prepare(arrivalSql).all(from, shiftDay(day, -1)) as ArrivalRow[] };
    const arrivals = [...this.pastArrivals.rows, ...(this.db.prepare(arrivalSql).all(day, day) as ArrivalRow[])];
    const midnights = new Map<string, number>();
    const pastDays = new Set<string>();
    const past = new Map<string, number[]>();
    const pastSoFar = new Map<string, number>();
    const todaySoFar = new Map<string, number>();
    const recent = new Map<string, number>();
    const mixCounts = new Map<string, Map<string | null, number>>();
    const nowOfDay = nowMs - midnightMs;
    for (const r of arrivals) {
      const key = `${r.queue}|${r.priority}`;
      const mix = mixCounts.get(r.queue) ?? new Map<string | null, number>();
      mix.set(r.item, (mix.get(r.item) ?? 0) + 1);
      mixCounts.set(r.queue, mix);
      if (r.day === day) {
        todaySoFar.set(key, (todaySoFar.get(key) ?? 0) + 1);
        if (Date.parse(r.issued_at) > nowMs - 60 * MINUTE) recent.set(key, (recent.get(key) ?? 0) + 1 / 60);
        continue;
      }
      if (r.day > day) continue;
      pastDays.add(r.day);
      let m0 = midnights.get(r.day);
      if (m0 === undefined) midnights.set(r.day, (m0 = localToInstant(r.day, '00:00', tz).getTime()));
      const ofDay = Date.parse(r.issued_at) - m0;
      const b = Math.floor(ofDay / BUCKET);
      const list = past.get(key) ?? [];
      list[b] = (list[b] ?? 0) + 1;
      past.set(key, list);
      if (ofDay <= nowOfDay) pastSoFar.set(key, (pastSoFar.get(key) ?? 0) + 1);
    }
    const days = pastDays.size;
    const scale = new Map<string, number>();
    if (days) {
      for (const [key, list] of past) {
        for (let i = 0; i < list.length; i++) list[i] = (list[i] ?? 0) / days;
        const expected = (pastSoFar.get(key) ?? 0) / days;
        const seen = todaySoFar.get(key) ?? 0;
        scale.set(key, Math.min(2, Math.max(0.5, (seen + 5) / (expected + 5))));
      }
    }
    const mixes = new Map<string, { item: string | null; share: number }[]>();
    for (const [q, counts] of mixCounts) {
      const total = [...counts.values()].reduce((s, n) => s + n, 0);
      mixes.set(q, [...counts].map(([item, n]) => ({ item, share: n / total })));
    }

    const appt = this.db
      .prepare(`SELECT SUM(state = 'checked_in') AS yes, COUNT(*) AS n FROM appointments WHERE date >= ? AND date < ? AND state <> 'cancelled'`)
      .get(from, day) as { yes: number | null; n: number };

    return new LearnedModel(
      services,
      queueServices,
      fallback,
      queues,
      blend(noShow, 3),
      blend(walkUp, 0.8),
      blend(gaps, 0.3),
      pauses,
      pauseFit,
      new ArrivalRates(days ? past : new Map(), scale, recent, midnightMs),
      shrunkRate(appt.yes ?? 0, appt.n, 0.85, 10),
      mixes,
    );
  }
}

/** The ISO date `n` days from `day`. */
function shiftDay(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
