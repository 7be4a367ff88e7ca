/**
 * `npm run bench [name…]`: runs the benchmarks (all, or those named), prints each figure with its
 * baseline and ratio, merges the results into bench/results/latest.json and ends with a compact table.
 * Benchmarks report; they do not fail on a missed target.
 */
import os from 'node:os';
import { benchCallFanout } from './call-fanout.ts';
import { log, machine, round, saveResults, table, type BenchResult } from './lib.ts';
import { benchMemorySoak } from './memory-soak.ts';
import { benchTicketIssue } from './ticket-issue.ts';
import { benchCentralIngest } from './central-ingest.ts';
import { benchCentralLatency } from './central-latency.ts';
import { benchCentralBacklog } from './central-backlog.ts';
import { benchCentralHistory } from './central-history.ts';
import { benchLogin } from './login.ts';
import { benchWaitEstimate } from './wait-estimate.ts';

const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  'ticket-issue': () => benchTicketIssue(),
  'call-fanout': () => benchCallFanout(),
  login: () => benchLogin(),
  'wait-estimate': () => benchWaitEstimate(),
  // The central platform (PostgreSQL on CENTRAL_TEST_DATABASE_URL): a few minutes together on 2 cores.
  'central-ingest': () => benchCentralIngest(),
  'central-latency': () => benchCentralLatency(),
  'central-backlog': () => benchCentralBacklog(),
  'central-history': () => benchCentralHistory(),
};

/** Run only when named (`npm run bench -- memory-soak`): an hour long by default. */
const ON_REQUEST: Record<string, () => Promise<BenchResult>> = {
  'memory-soak': () => benchMemorySoak(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHMARKS) && !(n in ON_REQUEST));
if (unknown.length) {
  log(`unknown benchmark ${unknown.join(', ')}; known: ${[...Object.keys(BENCHMARKS), ...Object.keys(ON_REQUEST)].join(', ')}`);
  process.exit(64);
}
const names = wanted.length ? wanted : Object.keys(BENCHMARKS);

const m = machine();
log(`HallQ benchmarks · ${new Date().toISOString()} · ${m.cpus} × ${m.model} · ${m.os} · Node ${process.version}`);
log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (figures from a busy machine are noisy; ratios less so)`);
const started = Date.now();
const results: Record<string, BenchResult> = {};
for (const name of names) {
  log();
  results[name] = await (BENCHMARKS[name] ?? ON_REQUEST[name])!();
}
const file = saveResults(results);

const rows: string[][] = [['benchmark', 'figure', 'baseline', 'ratio', 'target', 'met']];
for (const [name, r] of Object.entries(results)) {
  const f = r.figures;
  const b = r.baseline;
  if (name === 'ticket-issue') {
    rows.push([name, `${f.throughputPerSecond} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`, `${b.throughputPerSecond} tx/s raw`, String(r.ratio.value), r.target.text, r.target.met ? 'yes' : 'no']);
  } else if (name === 'memory-soak') {
    rows.push([name, `peak RSS ${f.peakRssMb} MB, slope ${f.slopeMbPerHour} MB/h (${f.minutes} min, ${f.sockets} sockets, ${f.actionsPerSecond}/s)`, `${b.rssAfterWarmupMb} MB after warm-up`, String(r.ratio.value), r.target.text, r.target.met ? 'yes' : 'no']);
  } else if (name === 'login') {
    rows.push([name, `${f.guessesPerBadgeAddressFirstMinute}/min, ${f.guessesPerBadgeAddressPerHourSteady}/h per badge+address; ${f.failedGuessesPerAddressPerHour}/h per address; health p99 ${f.healthP99MsAsync} ms`, `health p99 ${b.healthP99MsSync} ms sync scrypt`, String(r.ratio.value), r.target.text, r.target.met ? 'yes' : 'no']);
  } else if (name.startsWith('central-')) {
    const show = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ');
    rows.push([name, show(f), show(b), String(r.ratio.value), r.target.text, r.target.met ? 'yes' : 'no']);
  } else if (name === 'wait-estimate') {
    rows.push([name, `MAE ${f.mae} min, p90 ${f.p90Ae} min, ${Math.round((f.overShare ?? 0) * 100)} % >1.5× and >5 min over`, `MAE ${b.mae} min, ${Math.round((b.overShare ?? 0) * 100)} % over (naive rule)`, String(r.ratio.value), r.target.text, r.target.met ? 'yes' : 'no']);
  } else if (name === 'call-fanout') {
    rows.push([name, `p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`, `p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms emit`, String(r.ratio.value), r.target.text, r.target.met ? 'yes' : 'no']);
  }
}
log();
log(table(rows));
log();
log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
log(`results merged into ${file} · ${round((Date.now() - started) / 1000, 1)} s`);
