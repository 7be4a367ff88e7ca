/**
 * memory-soak: does the hall server's memory level off under a busy day? A hall server in a child
 * process (tests/fixtures/child-server.ts, its real SQLite file), `sockets` hall-display sockets held by
 * a worker thread, and a steady stream of kiosk issues and window calls/finishes at `actionsPerSecond`.
 * Every `sampleSeconds` it reads the child's resident memory (/proc/<pid>/status: VmRSS, RssAnon,
 * RssFile), its JS heap (prom-client's default gauges at /metrics) and the database and WAL sizes.
 *
 * The figure is the slope of RSS (MB per hour, least squares) over the last half of the run (the last
 * 30 minutes of the default hour) and the peak RSS. Baseline in the same run: the RSS at the end of the
 * warm-up, before the steady state starts. Target: peak RSS < 200 MB and a flat slope (< 5 MB/h).
 *
 * Not in the default `npm run bench` (it takes an hour): `npm run bench -- memory-soak`, or shorter with
 * HALLQ_SOAK_MINUTES=10 (such a run's slope says less).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHILD_KIOSK_TOKEN, CHILD_QUEUES, noonTimezone, spawnChildServer } from '../tests/fixtures/child-server.ts';
import { TEST_PASSWORD } from '../tests/fixtures/hall.ts';
import type { FanoutClientsData, FanoutClientsMessage } from './fanout-clients.ts';
import { log, nowMs, resultHeader, round, type BenchResult } from './lib.ts';

export interface MemorySoakOptions {
  minutes: number;
  warmupMinutes: number;
  sockets: number;
  actionsPerSecond: number;
  sampleSeconds: number;
}

export const MEMORY_SOAK_DEFAULTS: MemorySoakOptions = {
  minutes: Number(process.env.HALLQ_SOAK_MINUTES ?? 60),
  warmupMinutes: Number(process.env.HALLQ_SOAK_WARMUP_MINUTES ?? 2),
  sockets: Number(process.env.HALLQ_SOAK_SOCKETS ?? 1000),
  actionsPerSecond: Number(process.env.HALLQ_SOAK_RATE ?? 5),
  sampleSeconds: Number(process.env.HALLQ_SOAK_SAMPLE_SECONDS ?? 60),
};

const DISPLAY_TOKEN = 'display-token-00000001';
const WINDOWS = [1, 2, 3, 4];
const BADGES = ['T001', 'T002', 'T003', 'T004'];

interface Sample {
  minute: number;
  rssMb: number;
  anonMb: number;
  fileMb: number;
  heapUsedMb: number | null;
  heapTotalMb: number | null;
  externalMb: number | null;
  dbMb: number;
  walMb: number;
  actions: number;
}

/**
 * The V8 heap flags the deployed server runs with, read from package.json's `start:prod` script (the
 * systemd unit uses the same), so the soak measures the memory a hall will see.
 */
export function deployedNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts['start:prod'] ?? '').split(/\s+/).filter((a) => /^--max-(semi|old)-space-size=\d+$/.test(a));
}

export async function benchMemorySoak(options: MemorySoakOptions = MEMORY_SOAK_DEFAULTS): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-bench-soak-'));
  const flags = deployedNodeFlags();
  // As deployed: production mode (no response-contract checks) and the heap flags of `npm start`.
  const server = await spawnChildServer({ dataDir: dir, timezone: noonTimezone(), env: { NODE_ENV: 'production', NODE_OPTIONS: flags.join(' ') } });
  log(`memory-soak: child server with NODE_ENV=production ${flags.join(' ') || '(no heap flags)'}`);
  let worker: Worker | undefined;
  try {
    const cookies = await Promise.all(BADGES.map((badge) => login(server.url, badge)));
    await Promise.all(WINDOWS.map((w, i) => post(server.url, `/api/windows/${w}/sign-in`, {}, { cookie: cookies[i]! })));

    const ready = new Promise<void>((resolve, reject) => {
      worker = new Worker(new URL('./fanout-worker.mjs', import.meta.url), {
        workerData: { url: server.url, token: DISPLAY_TOKEN, sockets: options.sockets } satisfies FanoutClientsData,
      });
      worker.on('error', reject);
      worker.on('message', (m: FanoutClientsMessage) => {
        if (m.kind === 'ready') resolve();
        else if (m.kind === 'error') reject(new Error(`memory-soak: ${m.message}`));
      });
    });
    await withDeadline(ready, 120_000, `memory-soak: ${options.sockets} display sockets did not connect in 120 s`);
    log(`memory-soak: ${options.sockets} display sockets connected; ${options.actionsPerSecond} actions/s for ${options.minutes} min after ${options.warmupMinutes} min warm-up, a sample every ${options.sampleSeconds} s`);

    // A steady hall: kiosk issues on the four queues, each window calls and finishes in turn, so the
    // waiting lists stay short and every kind of event (issued, called, finished) keeps flowing.
    let actions = 0;
    let failures = 0;
    let step = 0;
    const act = async (): Promise<void> => {
      const k = step++;
      const w = k % 3 === 0 ? -1 : (k >> 1) % WINDOWS.length;
      try {
        if (w < 0) await post(server.url, '/api/kiosk/tickets', { queue: CHILD_QUEUES[k % CHILD_QUEUES.length] }, { authorization: `Bearer ${CHILD_KIOSK_TOKEN}` });
        else {
          const finished = await post(server.url, `/api/windows/${WINDOWS[w]}/finish`, { outcome: 'done' }, { cookie: cookies[w]! }, true);
          if (!finished) await post(server.url, `/api/windows/${WINDOWS[w]}/call-next`, {}, { cookie: cookies[w]! }, true);
        }
        actions++;
      } catch {
        failures++;
      }
    };

    const samples: Sample[] = [];
    const totalMs = (options.warmupMinutes + options.minutes) * 60_000;
    const start = nowMs();
    let nextSample = start + options.warmupMinutes * 60_000;
    let baselineRss = 0;
    const intervalMs = 1000 / options.actionsPerSecond;
    let due = start;
    while (nowMs() - start < totalMs) {
      due += intervalMs;
      await act();
      const now = nowMs();
      if (now >= nextSample) {
        const s = await sample(server.pid, server.url, dir, (now - start) / 60_000 - options.warmupMinutes, actions);
        if (!samples.length) baselineRss = s.rssMb;
        samples.push(s);
        log(`  min ${round(s.minute, 1)}: RSS ${s.rssMb} MB (anon ${s.anonMb}, file ${s.fileMb}), heap ${s.heapUsedMb ?? '?'}/${s.heapTotalMb ?? '?'} MB, external ${s.externalMb ?? '?'} MB, db ${s.dbMb} MB, WAL ${s.walMb} MB, ${s.actions} actions`);
        nextSample += options.sampleSeconds * 1000;
      }
      const wait = due - nowMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }

    const half = samples.filter((s) => s.minute >= options.minutes / 2);
    const slope = slopePerHour(half.length >= 2 ? half : samples);
    const peak = Math.max(...samples.map((s) => s.rssMb));
    // A falling slope (memory handed back after the warm-up peak) is as good as a flat one.
    const met = peak < 200 && slope < 5;
    log(`memory-soak: peak RSS ${peak} MB, slope over the last ${Math.round(options.minutes / 2)} min ${round(slope, 2)} MB/h, ${failures} failed actions`);
    return {
      ...resultHeader(),
      server: 'child process',
      figures: { peakRssMb: peak, slopeMbPerHour: round(slope, 2), minutes: options.minutes, sockets: options.sockets, actionsPerSecond: options.actionsPerSecond, actions, failures },
      baseline: { rssAfterWarmupMb: baselineRss },
      ratio: { name: 'peak RSS / RSS after warm-up', value: round(peak / Math.max(1, baselineRss), 3) },
      series: { samples },
      target: { text: 'peak RSS < 200 MB and slope < 5 MB/h (flat or falling) over the last half', met },
    };
  } finally {
    if (worker) {
      worker.postMessage({ kind: 'close' });
      await worker.terminate();
    }
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function login(url: string, badge: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ badge, password: TEST_PASSWORD }) });
  if (r.status !== 200) throw new Error(`memory-soak: login ${badge} failed (${r.status} ${await r.text()})`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** POSTs JSON; a 4xx refusal returns false when `refusalOk` (nothing to finish, nobody waiting). */
async function post(url: string, route: string, body: unknown, headers: Record<string, string>, refusalOk = false): Promise<boolean> {
  const r = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  if (r.ok) return true;
  if (refusalOk && r.status >= 400 && r.status < 500) return false;
  throw new Error(`memory-soak: ${route} → HTTP ${r.status} ${text}`);
}

async function sample(pid: number, url: string, dir: string, minute: number, actions: number): Promise<Sample> {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  const mb = (bytes: number) => round(bytes / 1048576, 1);
  let metrics = '';
  try {
    metrics = await (await fetch(`${url}/metrics`)).text();
  } catch {
    metrics = '';
  }
  const gauge = (name: string) => {
    const m = new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(metrics);
    return m ? mb(Number(m[1])) : null;
  };
  const heapUsedMb = gauge('nodejs_heap_size_used_bytes');
  const heapTotalMb = gauge('nodejs_heap_size_total_bytes');
  const externalMb = gauge('nodejs_external_memory_bytes');
  const size = (f: string) => {
    try {
      return statSync(path.join(dir, f)).size;
    } catch {
      return 0;
    }
  };
  return { minute: round(minute, 2), rssMb: round(kb('VmRSS') / 1024, 1), anonMb: round(kb('RssAnon') / 1024, 1), fileMb: round(kb('RssFile') / 1024, 1), heapUsedMb, heapTotalMb, externalMb, dbMb: mb(size('hallq.db')), walMb: mb(size('hallq.db-wal')), actions };
}

/** Least-squares slope of RSS against time, in MB per hour. */
export function slopePerHour(samples: readonly { minute: number; rssMb: number }[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.minute, 0) / n;
  const my = samples.reduce((a, s) => a + s.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.minute - mx) * (s.rssMb - my);
    den += (s.minute - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

function withDeadline<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
