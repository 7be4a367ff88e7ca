/**
 * What the central benchmarks share: a fresh PostgreSQL database on the server of
 * CENTRAL_TEST_DATABASE_URL, the centre (central/main.ts) in a child process on it, many bench halls
 * registered under the demo county's townships, and a real hall's morning of events to post for each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DEMO_HALLS } from '../central/demo/county.ts';
import { registerHall } from '../central/halls/halls.ts';
import { sha256Hex } from '../central/auth/tokens.ts';
import { simulatedHallConfig } from '../central/sim/halls.ts';
import { seededRandom } from '../central/sim/simulator.ts';
import { HallTraffic } from '../central/sim/traffic.ts';
import type { HallEvent } from '../contract/events.ts';
import { startHallServer } from '../server/app.ts';
import { ManualClock } from '../server/common/clock.ts';
import { createLogger } from '../server/common/logger.ts';
import { createTestDatabase, type TestDatabase } from '../tests/central/pg.ts';
import { spawnCentre, type Child } from '../tests/central/failure-processes.ts';

export interface BenchCentre {
  db: TestDatabase;
  centre: Child;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function startBenchCentre(prefix: string): Promise<BenchCentre> {
  const db = await createTestDatabase(prefix);
  const centre = await spawnCentre(db.url);
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  return {
    db,
    centre,
    pool,
    async close() {
      await centre.stop();
      await pool.end();
      await db.drop();
    },
  };
}

export interface BenchHall {
  code: string;
  token: string;
}

/**
 * Registers `n` bench halls (BENCH0001…) spread over the demo county's townships, each with a known
 * token: the first through the centre's own registerHall, the rest in one statement of the same row.
 */
export async function registerBenchHalls(pool: pg.Pool, n: number): Promise<BenchHall[]> {
  const townships = (await pool.query<{ code: string }>("SELECT code FROM central_regions WHERE level = 'township' ORDER BY code")).rows.map((r) => r.code);
  const halls: BenchHall[] = [];
  const rows: { code: string; name: string; region: string; token_hash: string }[] = [];
  for (let i = 1; i <= n; i++) {
    const code = `BENCH${String(i).padStart(4, '0')}`;
    const token = `bench-hall-token-${code}`;
    const h = { code, name: `基准测试便民服务中心${i}`, region: townships[i % townships.length]! };
    if (i === 1) await registerHall(pool, { ...h, kind: 'township_centre', token });
    else rows.push({ ...h, token_hash: sha256Hex(token) });
    halls.push({ code, token });
  }
  if (rows.length) {
    await pool.query(
      `INSERT INTO central_halls (code, name, kind, region, token_hash, token_issued_at)
       SELECT x.code, x.name, 'township_centre', x.region, x.token_hash, now() FROM json_to_recordset($1::json) AS x(code text, name text, region text, token_hash text)`,
      [JSON.stringify(rows)],
    );
  }
  return halls;
}

/**
 * A real hall's morning: a simulated township centre (the simulator's catalogue and traffic, the hall's
 * own engine and use cases on SQLite) from 08:50 to 12:00 on a hand-moved clock, its event log as stored.
 */
export async function realMorning(day = '2026-12-01', traffic = 3): Promise<HallEvent[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-bench-morning-'));
  const demo = DEMO_HALLS[1]!;
  const config = simulatedHallConfig(demo);
  const clock = new ManualClock(`${day}T00:50:00Z`);
  const server = await startHallServer({ dataDir: dir, configFile: '(bench hall)', config, port: 0, host: '127.0.0.1', clock, logger: createLogger('silent'), backups: false, devices: false });
  try {
    const t = new HallTraffic({ server, config, kind: demo.kind, random: seededRandom(7), log: createLogger('silent'), traffic });
    const end = new Date(`${day}T04:00:00Z`).getTime();
    while (clock.now().getTime() < end) {
      t.tick(clock.now());
      await new Promise((r) => setImmediate(r)); // sign-ins resolve off the loop
      clock.advance(30_000);
    }
  } finally {
    await server.close();
  }
  const db = new Database(path.join(dir, 'hallq.db'), { readonly: true });
  const events = (db.prepare('SELECT body FROM events ORDER BY seq').all() as { body: string }[]).map((r) => JSON.parse(r.body) as HallEvent);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return events;
}

/** The same events as another hall's: its code in every event (and in the seeded configuration). */
export function asHall(events: readonly HallEvent[], code: string): HallEvent[] {
  return events.map((e) => {
    const copy = { ...e, hall: code };
    if (e.type === 'config.seeded') {
      const cfg = e.data.config as { hall: Record<string, unknown> };
      copy.data = { ...e.data, config: { ...cfg, hall: { ...cfg.hall, code } } };
    }
    return copy;
  });
}

/** Posts one uplink batch over HTTP as the hall; resolves with the acknowledged high-water mark. */
export async function postBatch(url: string, hall: BenchHall, epoch: string, events: readonly HallEvent[]): Promise<number> {
  const res = await fetch(`${url}/api/uplink/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hall.token}` },
    body: JSON.stringify({ hall: hall.code, epoch, events }),
  });
  const body = (await res.json()) as { highWater?: number; error?: { code: string; message: string } };
  if (res.status !== 200) throw new Error(`batch of ${hall.code} refused: ${res.status} ${body.error?.code} ${body.error?.message}`);
  return body.highWater!;
}

/** Splits into batches of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pooled<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}
