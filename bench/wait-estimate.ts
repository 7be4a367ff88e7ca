/**
 * wait-estimate: the predictor's estimate at issue against the actual wait, over a simulated hall day
 * driven through the real engine (bench/day-sim/), with the old rule as the baseline in the same run.
 * Each seed runs WARMUP_DAYS days first (the history the predictor learns from) and scores the next.
 */
import { log, percentile, resultHeader, round, table, type BenchResult } from './lib.ts';
import { HallDaySim, nextDay, type DayResult } from './day-sim/day.ts';
import { morningPeak, score, type Score } from './day-sim/score.ts';

const SEEDS = (process.env.WAIT_BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const WARMUP_DAYS = Number(process.env.WAIT_BENCH_WARMUP_DAYS ?? 2);
const FIRST_DAY = '2026-11-23';
const QUEUES = ['QA', 'QB', 'QC', 'QD'];

interface SeedResult {
  seed: number;
  day: DayResult;
  predictor: Score;
  naive: Score;
  peak: { predictor: Score; naive: Score };
  queues: Record<string, { predictor: Score; naive: Score }>;
}

function runSeed(seed: number): SeedResult {
  const sim = new HallDaySim(seed, FIRST_DAY);
  try {
    let day = FIRST_DAY;
    let bookings = sim.bookFirstDay(day);
    let result: DayResult | undefined;
    for (let d = 0; d <= WARMUP_DAYS; d++) {
      // Busier and quieter days: ±12 % around the usual demand.
      const factor = 0.88 + 0.24 * ((seed * 7 + d * 3) % 10) / 9;
      result = sim.runDay(day, bookings, factor);
      bookings = sim.pendingBookings;
      day = nextDay(day);
    }
    const r = result!;
    const both = (records: typeof r.records) => ({ predictor: score(records, 'predictor'), naive: score(records, 'naive') });
    return {
      seed,
      day: r,
      ...both(r.records),
      peak: both(r.records.filter(morningPeak)),
      queues: Object.fromEntries(QUEUES.map((q) => [q, both(r.records.filter((x) => x.queue === q))])),
    };
  } finally {
    sim.close();
  }
}

const row = (label: string, p: Score, n: Score) => [
  label,
  String(p.tickets),
  `${p.mae} / ${n.mae}`,
  `${p.medianAe} / ${n.medianAe}`,
  `${p.p90Ae} / ${n.p90Ae}`,
  `${p.bias} / ${n.bias}`,
  `${round(p.overShare * 100, 1)} % / ${round(n.overShare * 100, 1)} %`,
  `${round(p.inRange * 100, 1)} %`,
];
const HEAD = ['', 'tickets', 'MAE min (pred / naive)', 'median AE', 'p90 AE', 'bias', '>1.5× and >5 min over', 'in range'];

export async function benchWaitEstimate(): Promise<BenchResult> {
  log(`wait-estimate: ${SEEDS.length} seeds, ${WARMUP_DAYS} warm-up day(s) each, then one scored day through the engine`);
  const results: SeedResult[] = [];
  const started = Date.now();
  for (const seed of SEEDS) {
    const r = runSeed(seed);
    results.push(r);
    const ms = r.day.predictorMs;
    log(`seed ${seed} · ${r.day.day} · ${r.day.records.length} tickets (${r.day.refused} refused at the kiosk) · ${r.day.commands} engine commands · prediction p50 ${round(percentile(ms, 50), 2)} ms, p99 ${round(percentile(ms, 99), 2)} ms`);
    const rows = [HEAD, row('overall', r.predictor, r.naive), row('morning peak 09:30–11:00', r.peak.predictor, r.peak.naive)];
    for (const q of QUEUES) rows.push(row(`queue ${q}`, r.queues[q]!.predictor, r.queues[q]!.naive));
    log(table(rows));
    log();
  }
  const mean = (f: (r: SeedResult) => number) => round(results.reduce((s, r) => s + f(r), 0) / results.length, 2);
  const spread = (f: (r: SeedResult) => number) => `${round(Math.min(...results.map(f)), 2)}–${round(Math.max(...results.map(f)), 2)}`;
  const ratio = mean((r) => r.predictor.mae / r.naive.mae);
  const over = mean((r) => r.predictor.overShare);
  log(table([
    ['over seeds', 'mean', 'spread'],
    ['predictor MAE (min)', String(mean((r) => r.predictor.mae)), spread((r) => r.predictor.mae)],
    ['naive MAE (min)', String(mean((r) => r.naive.mae)), spread((r) => r.naive.mae)],
    ['MAE ratio predictor ÷ naive', String(ratio), spread((r) => r.predictor.mae / r.naive.mae)],
    ['predictor p90 AE', String(mean((r) => r.predictor.p90Ae)), spread((r) => r.predictor.p90Ae)],
    ['predictor bias', String(mean((r) => r.predictor.bias)), spread((r) => r.predictor.bias)],
    ['predictor share >1.5× and >5 min over', String(over), spread((r) => r.predictor.overShare)],
    ['naive share >1.5× and >5 min over', String(mean((r) => r.naive.overShare)), spread((r) => r.naive.overShare)],
    ['peak MAE predictor / naive', `${mean((r) => r.peak.predictor.mae)} / ${mean((r) => r.peak.naive.mae)}`, ''],
  ]));
  const allMs = results.flatMap((r) => r.day.predictorMs);
  const figures: Record<string, number> = {
    seeds: results.length,
    ticketsPerDay: mean((r) => r.day.records.length),
    mae: mean((r) => r.predictor.mae),
    medianAe: mean((r) => r.predictor.medianAe),
    p90Ae: mean((r) => r.predictor.p90Ae),
    bias: mean((r) => r.predictor.bias),
    overShare: over,
    inRange: mean((r) => r.predictor.inRange),
    peakMae: mean((r) => r.peak.predictor.mae),
    predictionP50Ms: round(percentile(allMs, 50), 2),
    predictionP99Ms: round(percentile(allMs, 99), 2),
  };
  const baseline: Record<string, number> = {
    mae: mean((r) => r.naive.mae),
    medianAe: mean((r) => r.naive.medianAe),
    p90Ae: mean((r) => r.naive.p90Ae),
    bias: mean((r) => r.naive.bias),
    overShare: mean((r) => r.naive.overShare),
    peakMae: mean((r) => r.peak.naive.mae),
  };
  for (const r of results) {
    figures[`seed${r.seed}Mae`] = r.predictor.mae;
    figures[`seed${r.seed}P90Ae`] = r.predictor.p90Ae;
    figures[`seed${r.seed}Bias`] = r.predictor.bias;
    figures[`seed${r.seed}OverShare`] = r.predictor.overShare;
    baseline[`seed${r.seed}Mae`] = r.naive.mae;
    baseline[`seed${r.seed}P90Ae`] = r.naive.p90Ae;
    baseline[`seed${r.seed}Bias`] = r.naive.bias;
    baseline[`seed${r.seed}OverShare`] = r.naive.overShare;
  }
  log(`wait-estimate took ${round((Date.now() - started) / 1000, 1)} s`);
  return {
    ...resultHeader(),
    server: 'in-process engine, simulated clock',
    figures,
    baseline,
    ratio: { name: 'predictor MAE ÷ naive MAE', value: ratio },
    target: { text: 'MAE ≤ 0.5 × naive and < 20 % of tickets > 1.5 × and > 5 min over', met: results.every((r) => r.predictor.mae <= 0.5 * r.naive.mae && r.predictor.overShare < 0.2) },
  };
}
