import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HallConfig } from '../../contract/config.ts';
import { startHallServer, type HallServer } from '../../server/app.ts';
import { localParts, localToInstant } from '../../server/common/hall-time.ts';
import type { Logger } from '../../server/common/logger.ts';
import { periodsOn } from '../../server/queue/hours.ts';
import { DEMO_HALLS, type DemoHall } from '../demo/county.ts';
import { CompressedClock } from './clock.ts';
import { countyCatalogue, simulatedHallConfig } from './halls.ts';
import { HallTraffic, type TrafficCounts } from './traffic.ts';

export interface SimulatorOptions {
  /** The centre's base URL every simulated hall's uplink posts to. */
  centralUrl: string;
  /** The halls to run (default: the demo county, 39 halls). */
  halls?: readonly DemoHall[];
  /** Hall codes to leave out, e.g. the one a real `npm start` hall joins as. */
  skip?: readonly string[];
  /** Where the halls' SQLite files go (default: a fresh temporary folder, removed on close). */
  dataDir?: string;
  /** Simulated seconds per real second (default 30: a hall's 8-hour day in 16 minutes). */
  speed?: number;
  /** Multiplies every hall's arrival rate (default 1). */
  traffic?: number;
  /** Simulated start (default: now if the halls are open, else the next working day's 08:50; never before events already in `dataDir`). */
  start?: Date;
  /** Real milliseconds between steps (default 250). */
  tickMs?: number;
  /** Seed of the simulation's random numbers, so a run can be repeated. */
  seed?: number;
  log: Logger;
}

export interface SimulatedHall {
  demo: DemoHall;
  config: HallConfig;
  server: HallServer;
  traffic: HallTraffic;
}

export interface Simulator {
  clock: CompressedClock;
  halls: SimulatedHall[];
  /** Totals over every hall. */
  counts(): TrafficCounts & { lagEvents: number; halted: number };
  /** Runs one step now (tests call it instead of waiting for the timer). */
  step(): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, so a simulated county can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Is `date` (local) a day the hall opens? */
function worksOn(date: string, config: HallConfig): boolean {
  const tz = config.hall.timezone;
  const weekday = localParts(localToInstant(date, '12:00', tz), tz).weekday;
  return periodsOn(date, weekday, config.hall.hours, { extendedHours: [] }).regular.length > 0;
}

/** `from` itself during a working day's service hours, else the next 08:50 local of a working day. */
export function nextOpening(from: Date, config: HallConfig): Date {
  const tz = config.hall.timezone;
  const local = localParts(from, tz);
  if (worksOn(local.date, config) && local.time < '17:00') return local.time >= '08:50' ? from : localToInstant(local.date, '08:50', tz);
  let day = local.date;
  for (let i = 0; i < 60; i++) {
    day = localParts(new Date(localToInstant(day, '12:00', tz).getTime() + 24 * 3_600_000), tz).date;
    if (worksOn(day, config)) return localToInstant(day, '08:50', tz);
  }
  return from;
}

/** The latest event time among halls already simulated in `root` (a persistent folder), so a restart never turns their clocks back. */
function latestEventAt(root: string, halls: readonly DemoHall[]): Date | undefined {
  let latest: string | undefined;
  for (const h of halls) {
    const file = path.join(root, h.code, 'hallq.db');
    if (!existsSync(file)) continue;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT MAX(at) AS at FROM events').get() as { at: string | null };
      if (row.at && (!latest || row.at > latest)) latest = row.at;
    } finally {
      db.close();
    }
  }
  return latest ? new Date(new Date(latest).getTime() + 60_000) : undefined;
}

/**
 * The hall simulator (issue "Central platform", item 7): N real hall servers in one process, each with
 * its own SQLite file, engine, use cases and uplink to the centre, driven by simulated citizens and
 * staff on one compressed clock. Each hall also listens on 127.0.0.1 (its own kiosk, window and
 * display pages work). After closing time the clock jumps to the next working morning.
 */
export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  const template = countyCatalogue();
  const skip = new Set(o.skip ?? []);
  const demoHalls = (o.halls ?? DEMO_HALLS).filter((h) => !skip.has(h.code));
  const ownDir = o.dataDir === undefined;
  const root = o.dataDir ?? mkdtempSync(path.join(tmpdir(), 'hallq-central-sim-'));
  const resumeAt = ownDir ? undefined : latestEventAt(root, demoHalls);
  const from = o.start ?? (resumeAt && resumeAt.getTime() > Date.now() ? resumeAt : new Date());
  const clock = new CompressedClock(nextOpening(from, template), o.speed ?? 30);
  const random = seededRandom(o.seed ?? 20261201);
  const halls: SimulatedHall[] = [];
  try {
    for (const demo of demoHalls) {
      const config = simulatedHallConfig(demo, template);
      const server = await startHallServer({
        dataDir: path.join(root, demo.code),
        configFile: '(simulated hall)',
        config,
        port: 0,
        host: '127.0.0.1',
        clock,
        logger: o.log.child({ hall: demo.code }),
        backups: false,
        devices: false,
        uplink: { url: o.centralUrl, token: demo.token },
      });
      halls.push({ demo, config, server, traffic: new HallTraffic({ server, config, kind: demo.kind, random, log: o.log, traffic: o.traffic ?? 1 }) });
    }
  } catch (error) {
    await Promise.allSettled(halls.map((h) => h.server.close()));
    throw error;
  }

  const step = () => {
    const now = clock.now();
    for (const h of halls) {
      try {
        h.traffic.tick(now);
      } catch (error) {
        o.log.error({ err: error, hall: h.demo.code }, 'simulated hall step failed');
      }
    }
    // After the day's last service, skip the night (and a weekend or holiday) to the next opening.
    const local = localParts(now, template.hall.timezone);
    if (local.time >= '17:10' || local.time < '08:00') clock.jumpTo(nextOpening(now, template));
  };
  const timer = setInterval(step, o.tickMs ?? 250);
  timer.unref();

  return {
    clock,
    halls,
    step,
    counts() {
      const total = { issued: 0, served: 0, evaluated: 0, bad: 0, pauses: 0, faults: 0, refused: 0, lagEvents: 0, halted: 0 };
      for (const h of halls) {
        for (const k of Object.keys(h.traffic.counts) as (keyof TrafficCounts)[]) total[k] += h.traffic.counts[k];
        const s = h.server.uplink?.status();
        total.lagEvents += s?.lagEvents ?? 0;
        if (s?.state === 'halted') total.halted++;
      }
      return total;
    },
    async close() {
      clearInterval(timer);
      await Promise.allSettled(halls.map((h) => h.server.close()));
      if (ownDir) rmSync(root, { recursive: true, force: true });
    },
  };
}
