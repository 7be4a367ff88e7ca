/**
 * ticket-issue: kiosk ticket issue over HTTP on loopback, durable (WAL, synchronous=FULL), with 16
 * concurrent keep-alive clients against a hall server in a child process. Baseline in the same run and
 * data folder: raw better-sqlite3, one single-row INSERT per transaction, same pragmas, same count.
 */
import Database from 'better-sqlite3';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHILD_KIOSK_TOKEN, CHILD_QUEUES, childHallConfig, noonTimezone, spawnChildServer } from '../tests/fixtures/child-server.ts';
import { BENCH_DIR, log, nowMs, percentile, resultHeader, round, type BenchResult } from './lib.ts';
import { createTestHall, KIOSK } from '../tests/fixtures/hall.ts';

export interface TicketIssueOptions {
  count: number;
  warmup: number;
  clients: number;
}

const CHUNKS = 4;

export const TICKET_ISSUE_DEFAULTS: TicketIssueOptions = { count: 4000, warmup: 400, clients: 16 };

/**
 * HALLQ_BENCH_CPU_PROF=<folder>: the child server runs under the inspector's CPU profiler and writes
 * <pid>.cpuprofile there when it closes (read it with bench/profile-summary.ts). Profiling slows the
 * server: such a run's figures are for finding costs, not for comparing.
 */
function profileDir(): string | undefined {
  const dir = process.env.HALLQ_BENCH_CPU_PROF;
  return dir ? path.resolve(dir) : undefined;
}

/**
 * The child server as production runs it: NODE_ENV=production, so no response is checked against its
 * contract schema (a dev and test check, server/http/route.ts). With a profile folder, the profiler is
 * loaded through NODE_OPTIONS (which accepts --import, not --cpu-prof). The child inherits the
 * environment; the bench process's own is restored after the spawn.
 */
async function spawnServer(options: { dataDir: string; timezone: string }, cpuProfDir: string | undefined) {
  const env: Record<string, string> = { NODE_ENV: 'production' };
  if (cpuProfDir) {
    const preload = pathToFileURL(path.join(BENCH_DIR, 'cpu-profile-preload.mjs')).href;
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim();
    env.HALLQ_CPU_PROFILE_DIR = cpuProfDir;
  }
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await spawnChildServer(options);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

interface Run {
  seconds: number;
  throughput: number;
  latencies: number[];
}

/** A raw better-sqlite3 writer: single-row INSERT transactions, one after another, as a single writer does them. */
function rawWriter(dataDir: string): { run(count: number): Run; close(): void } {
  const db = new Database(path.join(dataDir, 'raw-baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at TEXT NOT NULL, payload TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (at, payload) VALUES (?, ?)');
  const one = db.transaction((i: number) => insert.run(new Date().toISOString(), `A${String(i).padStart(4, '0')}`));
  let i = 0;
  return {
    run(count) {
      const latencies: number[] = [];
      const t0 = nowMs();
      for (let k = 0; k < count; k++) {
        const s = nowMs();
        one(i++);
        latencies.push(nowMs() - s);
      }
      const seconds = (nowMs() - t0) / 1000;
      return { seconds, throughput: count / seconds, latencies };
    },
    close: () => db.close(),
  };
}

/** Adds up chunks run at different moments into one run. */
function combine(runs: Run[]): Run {
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const latencies = runs.flatMap((r) => r.latencies);
  return { seconds, throughput: latencies.length / seconds, latencies };
}

function issueOnce(agent: http.Agent, url: URL, queue: string): Promise<number> {
  const body = JSON.stringify({ queue });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/kiosk/tickets',
        headers: { authorization: `Bearer ${CHILD_KIOSK_TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

/** `clients` loops sharing `count` requests; each request's latency from send to the end of the response. */
async function httpIssues(agent: http.Agent, url: URL, count: number, clients: number): Promise<Run> {
  let next = 0;
  const latencies: number[] = [];
  const failures: string[] = [];
  const loop = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const s = nowMs();
      const status = await issueOnce(agent, url, CHILD_QUEUES[i % CHILD_QUEUES.length]!);
      latencies.push(nowMs() - s);
      if (status !== 200) failures.push(String(status));
    }
  };
  const t0 = nowMs();
  await Promise.all(Array.from({ length: clients }, loop));
  const seconds = (nowMs() - t0) / 1000;
  if (failures.length) throw new Error(`ticket-issue: ${failures.length} requests failed (HTTP ${[...new Set(failures)].join(', ')})`);
  return { seconds, throughput: count / seconds, latencies };
}

/**
 * Diagnostic, not the benchmark: the engine alone in this process, one durable transaction per issue,
 * so a report can tell the engine's cost from HTTP's.
 */
function engineOnly(dataDir: string, count: number): number {
  // The child server's hall (width 4, widening past 9999): the default test hall stops QA at A999.
  const hall = createTestHall({ dir: path.join(dataDir, 'engine-only'), config: childHallConfig() });
  try {
    const t0 = nowMs();
    for (let i = 0; i < count; i++) hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
    return count / ((nowMs() - t0) / 1000);
  } finally {
    hall.close();
  }
}

export async function benchTicketIssue(options: TicketIssueOptions = TICKET_ISSUE_DEFAULTS): Promise<BenchResult> {
  const { count, warmup, clients } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hallq-bench-issue-'));
  try {
    const raw = rawWriter(dataDir);
    const server = await spawnServer({ dataDir, timezone: noonTimezone() }, profileDir());
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    try {
      const url = new URL(server.url);
      log(`ticket-issue: server in a child process (pid ${server.pid}, NODE_ENV=production), ${clients} keep-alive clients, ${warmup} warm-up + ${count} measured requests`);
      log(`  baseline: ${count} raw single-row transactions (WAL, synchronous=FULL) in the same data folder, ${CHUNKS} chunks interleaved with the requests`);
      raw.run(warmup);
      await httpIssues(agent, url, warmup, clients);
      // Interleaved chunks, so a disk that is faster or slower for a while (shared machines) affects both alike.
      const rawRuns: Run[] = [];
      const httpRuns: Run[] = [];
      for (let c = 0; c < CHUNKS; c++) {
        const n = Math.floor(count / CHUNKS) + (c < count % CHUNKS ? 1 : 0);
        rawRuns.push(raw.run(n));
        httpRuns.push(await httpIssues(agent, url, n, clients));
      }
      const rawRun = combine(rawRuns);
      const run = combine(httpRuns);
      log(`  raw: ${round(rawRun.throughput, 0)} tx/s, p50 ${round(percentile(rawRun.latencies, 50))} ms, p99 ${round(percentile(rawRun.latencies, 99))} ms`);
      const p50 = percentile(run.latencies, 50);
      const p99 = percentile(run.latencies, 99);
      const ratio = run.throughput / rawRun.throughput;
      log(`  issue: ${round(run.throughput, 0)} req/s, p50 ${round(p50)} ms, p99 ${round(p99)} ms`);
      log(`  ratio issue/raw throughput ${round(ratio, 3)} (target ≥ 0.5), p99 ${round(p99)} ms (target < 10 ms)`);
      const engine = engineOnly(dataDir, Math.min(count, 2000));
      log(`  diagnostic: the engine alone, in-process, one durable transaction per issue: ${round(engine, 0)} issues/s`);
      return {
        ...resultHeader(),
        server: 'child process',
        figures: {
          requests: count,
          clients,
          throughputPerSecond: round(run.throughput, 1),
          p50Ms: round(p50, 3),
          p99Ms: round(p99, 3),
          maxMs: round(Math.max(...run.latencies), 3),
          engineOnlyPerSecond: round(engine, 1),
        },
        baseline: {
          transactions: count,
          throughputPerSecond: round(rawRun.throughput, 1),
          p50Ms: round(percentile(rawRun.latencies, 50), 3),
          p99Ms: round(percentile(rawRun.latencies, 99), 3),
        },
        ratio: { name: 'issue throughput / raw insert throughput', value: round(ratio, 3) },
        target: { text: 'ratio ≥ 0.5 and p99 < 10 ms', met: ratio >= 0.5 && p99 < 10 },
        notes: [
          'the server runs with NODE_ENV=production, as deployed: responses are not checked against their contract schemas (dev and test runs check every one)',
          'requests of one event-loop turn share one durable transaction (group commit), each in a savepoint with its audit row',
          'engineOnlyPerSecond: the engine alone in the bench process, one durable transaction per issue (a diagnostic, no HTTP)',
          `closed loop of ${clients} clients: mean latency ≈ ${clients} / throughput, so p99 < 10 ms needs more than ${clients * 100} req/s`,
          `the waiting lists grow to about ${Math.round((count + warmup) / CHILD_QUEUES.length)} tickets per queue (nobody calls); each issue counts its queue once (an index-only count)`,
        ],
      };
    } finally {
      agent.destroy();
      await server.stop();
      raw.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
