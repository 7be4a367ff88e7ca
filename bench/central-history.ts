/**
 * central-history: a region-month statistics query (central/stats/region-month.ts) over
 * CENTRAL_BENCH_TICKETS tickets (default 1,000,000; the issue asks for 10,000,000, which takes several
 * more minutes to generate here: set it to run at that size) from CENTRAL_BENCH_HALLS (1,000) halls of
 * the demo county over a month, via the daily aggregates, against the plain GROUP BY over the raw
 * ticket projection in the same run.
 *
 * The rows are made the way the projections make them, without replaying billions of events: each
 * generated ticket is a projection TicketRow, and the daily aggregates are the sum of the projection's
 * own `contribution()` of each ticket (the function the live projector adds and subtracts), so both
 * sides hold what ingestion would have left. Both go in by COPY.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ensurePartitions } from '../central/db/partitions.ts';
import { contribution, COUNTERS, keyString, type Counter, type DailyKey } from '../central/projections/contribution.ts';
import type { TicketRow } from '../central/projections/tickets.ts';
import { regionMonthStats } from '../central/stats/region-month.ts';
import { DEMO_COUNTY } from '../central/demo/county.ts';
import { seededRandom } from '../central/sim/simulator.ts';
import { registerBenchHalls, startBenchCentre } from './central-setup.ts';
import { log, nowMs, resultHeader, round, type BenchResult } from './lib.ts';

const MONTH = '2026-11';
const QUEUES = [
  { queue: 'ZHSL', prefix: 'A', items: ['ZH-ZX', 'ZH-BL'], department: 'ZWFW' },
  { queue: 'GAHZ', prefix: 'B', items: ['GA-SFZ', 'GA-HKQY'], department: 'GAJ' },
  { queue: 'SBYB', prefix: 'E', items: ['SB-CB', 'YB-BX'], department: 'RSJ' },
  { queue: 'SWFW', prefix: 'F', items: ['SW-FP', 'SW-SB'], department: 'SWJ' },
];
const LEVELS = ['very_satisfied', 'very_satisfied', 'very_satisfied', 'satisfied', 'satisfied', 'basic', 'dissatisfied'] as const;

const esc = (v: string | number | null): string => (v === null ? '\\N' : String(v));

/** One hall's month of tickets as projection rows (Shanghai hours 09:00–17:00). */
function* hallMonth(hall: string, perDay: number, random: () => number): Generator<TicketRow> {
  for (let d = 1; d <= 30; d++) {
    const day = `${MONTH}-${String(d).padStart(2, '0')}`;
    const open = Date.parse(`${day}T01:00:00Z`);
    const counters = new Map<string, number>();
    for (let i = 0; i < perDay; i++) {
      const q = QUEUES[Math.floor(random() * QUEUES.length)]!;
      const serial = (counters.get(q.queue) ?? 0) + 1;
      counters.set(q.queue, serial);
      const issued = open + Math.floor((i / perDay) * 8 * 3_600_000);
      const r = random();
      const state = r < 0.88 ? 'finished' : r < 0.95 ? 'no_show' : 'cancelled';
      const called = state === 'cancelled' ? null : issued + Math.floor(random() * random() * 50 * 60_000);
      const started = state === 'finished' ? called! + 20_000 : null;
      const finished = state === 'finished' ? started! + Math.floor((2 + random() * 15) * 60_000) : null;
      const window = 1 + Math.floor(random() * 6);
      yield {
        day,
        id: `${hall}-${day}-${i}`,
        number: `${q.prefix}${String(serial).padStart(3, '0')}`,
        queue: q.queue,
        item: q.items[Math.floor(random() * q.items.length)]!,
        department: q.department,
        source: 'kiosk',
        priority: random() < 0.05 ? 'green' : 'normal',
        state,
        window_no: called === null ? null : window,
        staff_badge: called === null ? null : `W${String(window).padStart(3, '0')}`,
        outcome: state === 'finished' ? (random() < 0.85 ? 'done' : 'accepted') : null,
        evaluation: state === 'finished' && random() < 0.6 ? LEVELS[Math.floor(random() * LEVELS.length)]! : null,
        issued_at: new Date(issued).toISOString(),
        called_at: called === null ? null : new Date(called).toISOString(),
        started_at: started === null ? null : new Date(started).toISOString(),
        finished_at: finished === null ? null : new Date(finished).toISOString(),
        recall_count: 0,
        seq: i + 1,
      };
    }
  }
}

async function copyRows(client: pg.PoolClient, table: string, columns: string, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
}

export async function benchCentralHistory(): Promise<BenchResult> {
  const total = Number(process.env.CENTRAL_BENCH_TICKETS ?? 1_000_000);
  const hallCount = Number(process.env.CENTRAL_BENCH_HALLS ?? 1000);
  const perDay = Math.max(1, Math.round(total / (hallCount * 30)));
  const tickets = perDay * hallCount * 30;
  log(`central-history: ${tickets.toLocaleString('en')} tickets (${hallCount} halls × 30 days × ${perDay}) of ${MONTH}, region-month statistics via aggregates vs raw GROUP BY`);
  const b = await startBenchCentre('hallq_bench_history');
  try {
    const halls = await registerBenchHalls(b.pool, hallCount);
    const days = Array.from({ length: 30 }, (_, d) => `${MONTH}-${String(d + 1).padStart(2, '0')}`);
    await ensurePartitions(b.pool, days);
    const client = await b.pool.connect();
    const t0 = nowMs();
    try {
      const random = seededRandom(2026);
      const daily = new Map<string, { hall: string; key: DailyKey; c: Record<Counter, number> }>();
      const dailyHall = new Map<string, { hall: string; day: string; c: Record<Counter, number> }>();
      const waits = new Map<string, number>();
      const monthWaits = new Map<string, number>();
      const zero = () => Object.fromEntries(COUNTERS.map((n) => [n, 0])) as Record<Counter, number>;
      async function* ticketLines(): AsyncGenerator<string> {
        for (const h of halls) {
          let chunk = '';
          for (const t of hallMonth(h.code, perDay, random)) {
            const con = contribution(t);
            const k = `${h.code}\u0000${keyString(con.key)}`;
            let r = daily.get(k);
            if (!r) daily.set(k, (r = { hall: h.code, key: con.key, c: zero() }));
            const hk = `${h.code}\u0000${t.day}`;
            let rh = dailyHall.get(hk);
            if (!rh) dailyHall.set(hk, (rh = { hall: h.code, day: t.day, c: zero() }));
            for (const n of COUNTERS) (r.c[n] += con.counters[n]), (rh.c[n] += con.counters[n]);
            if (con.waitMinute !== null) {
              const wk = `${h.code}\t${t.day}\t${con.waitMinute}`;
              waits.set(wk, (waits.get(wk) ?? 0) + 1);
              const mk = `${h.code}\t${MONTH}-01\t${con.waitMinute}`;
              monthWaits.set(mk, (monthWaits.get(mk) ?? 0) + 1);
            }
            chunk += [h.code, t.day, t.id, t.number, t.queue, t.item, t.department, t.source, t.priority, t.state, t.window_no, t.staff_badge, t.outcome, t.evaluation, t.issued_at, t.called_at, t.started_at, t.finished_at, t.recall_count, t.seq].map(esc).join('\t') + '\n';
          }
          yield chunk;
        }
      }
      await copyRows(client, 'proj_tickets', 'hall, day, id, number, queue, item, department, source, priority, state, window_no, staff_badge, outcome, evaluation, issued_at, called_at, started_at, finished_at, recall_count, seq', ticketLines());
      const counterCols = COUNTERS.join(', ');
      await copyRows(client, 'proj_daily', `hall, day, department, queue, item, window_no, staff_badge, ${counterCols}`, [...daily.values()].map((r) => [r.hall, r.key.day, r.key.department, r.key.queue, r.key.item, r.key.window_no, r.key.staff_badge, ...COUNTERS.map((n) => r.c[n])].map(esc).join('\t') + '\n'));
      await copyRows(client, 'proj_daily_hall', `hall, day, ${counterCols}`, [...dailyHall.values()].map((r) => [r.hall, r.day, ...COUNTERS.map((n) => r.c[n])].map(esc).join('\t') + '\n'));
      await copyRows(client, 'proj_daily_wait', 'hall, day, wait_minute, n', [...waits.entries()].map(([k, n]) => `${k}\t${n}\n`));
      await copyRows(client, 'proj_month_wait', 'hall, month, wait_minute, n', [...monthWaits.entries()].map(([k, n]) => `${k}\t${n}\n`));
      await client.query('ANALYZE');
    } finally {
      client.release();
    }
    const generateMs = nowMs() - t0;
    log(`  generated and copied in ${round(generateMs / 1000, 1)} s`);
    // Warm both once (plans, caches), then time each three times, interleaved; the best of three.
    const agg = await regionMonthStats(b.pool, DEMO_COUNTY, MONTH, { via: 'aggregates' });
    const raw = await regionMonthStats(b.pool, DEMO_COUNTY, MONTH, { via: 'raw' });
    if (agg.total.tickets !== raw.total.tickets || agg.total.tickets !== tickets) throw new Error(`figures differ: aggregates ${agg.total.tickets}, raw ${raw.total.tickets}, generated ${tickets}`);
    const aggMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t = nowMs();
      await regionMonthStats(b.pool, DEMO_COUNTY, MONTH, { via: 'aggregates' });
      aggMs.push(nowMs() - t);
      t = nowMs();
      await regionMonthStats(b.pool, DEMO_COUNTY, MONTH, { via: 'raw' });
      rawMs.push(nowMs() - t);
    }
    const a = round(Math.min(...aggMs), 1);
    const r = round(Math.min(...rawMs), 1);
    const ratio = round(a / r, 4);
    log(`  region-month via aggregates ${a} ms, plain GROUP BY ${r} ms, ratio ${ratio} (target < 1 s and ≤ 1.5)`);
    return {
      ...resultHeader(),
      server: 'PostgreSQL on 127.0.0.1 (queries from this process)',
      figures: { tickets, halls: hallCount, generateMs: round(generateMs, 0), aggregatesMs: a },
      baseline: { rawGroupByMs: r },
      ratio: { name: 'aggregates ms ÷ raw GROUP BY ms', value: ratio },
      target: { text: '< 1000 ms and ≤ 1.5 × raw', met: a < 1000 && ratio <= 1.5 },
      notes: tickets < 10_000_000 ? [`run at ${tickets.toLocaleString('en')} tickets, not the issue's 10,000,000: set CENTRAL_BENCH_TICKETS=10000000 (several more minutes to generate)`] : [],
    };
  } finally {
    await b.close();
  }
}
