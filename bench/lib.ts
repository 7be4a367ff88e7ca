/** What the benchmarks share: percentiles, the machine they ran on, and the results file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');

/** Nearest-rank percentile of a list of samples (ms). */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Monotonic milliseconds, comparable between worker threads of one process (CLOCK_MONOTONIC). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Machine {
  cpus: number;
  model: string;
  os: string;
  totalMemGb: number;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    totalMemGb: round(os.totalmem() / 2 ** 30, 1),
  };
}

/** One benchmark's entry in latest.json. */
export interface BenchResult {
  date: string;
  machine: Machine;
  node: string;
  /** 1/5/15-minute load averages when the benchmark finished: a busy machine shows here. */
  loadAverage: number[];
  /** Where the server ran: 'child process' or 'in-process'. */
  server: string;
  figures: Record<string, number>;
  baseline: Record<string, number>;
  /** The ratio the target is stated in, and whether this run met it. */
  ratio: { name: string; value: number };
  target: { text: string; met: boolean };
  /** Time series behind the figures (e.g. memory samples), when a benchmark keeps them. */
  series?: Record<string, unknown[]>;
  notes?: string[];
}

export function resultHeader(): Pick<BenchResult, 'date' | 'machine' | 'node' | 'loadAverage'> {
  return { date: new Date().toISOString(), machine: machine(), node: process.version, loadAverage: os.loadavg().map((l) => round(l, 2)) };
}

/** Merges `results` into latest.json, keeping keys written by other benchmarks. */
export function saveResults(results: Record<string, BenchResult>): string {
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  let existing: Record<string, unknown> = {};
  if (existsSync(RESULTS_FILE)) {
    try {
      const parsed = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) existing = parsed as Record<string, unknown>;
    } catch {
      /* a broken file is replaced */
    }
  }
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...existing, ...results }, null, 2)}\n`);
  return RESULTS_FILE;
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A plain text table: first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  const line = (r: string[]) => r.map((cell, c) => pad(cell, widths[c]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
