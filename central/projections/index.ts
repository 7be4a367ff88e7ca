import type pg from 'pg';
import type { HallEvent } from '../../contract/events.ts';
import { HallEvent as HallEventSchema } from '../../contract/events.ts';
import { ensurePartitions } from '../db/partitions.ts';
import { runAll, Statements, type Sql } from './bulk.ts';
import { CaseProjector } from './cases.ts';
import { CatalogProjector } from './catalog.ts';
import { DailyProjector } from './daily.ts';
import { DeviceProjector } from './devices.ts';
import { EvaluationProjector } from './evaluations.ts';
import { EvaluationRecordProjector } from './evaluation-records.ts';
import { TicketProjector } from './tickets.ts';
import { WindowProjector } from './windows.ts';

/**
 * The projections of central_events, one projector per concern. A batch is applied in seq order in
 * memory, then each projector writes its rows in one statement per table, inside the caller's
 * transaction (the ingest transaction, or a rebuild's); reads and writes each go in one round trip.
 */

/** Every projection table (what a rebuild clears). */
export const PROJECTION_TABLES = [
  'proj_catalog',
  'proj_tickets',
  'proj_evaluations',
  'proj_cases',
  'proj_windows',
  'proj_window_days',
  'proj_device_health',
  'proj_device_faults',
  'proj_daily',
  'proj_daily_hall',
  'proj_daily_wait',
  'proj_month_wait',
  'proj_eval_records',
  'proj_eval_pushes',
] as const;

/** Business days a batch writes to (their monthly partitions must exist before projecting it). */
export function daysOf(events: readonly HallEvent[]): string[] {
  const days = new Set<string>();
  for (const e of events) {
    days.add(e.day);
    if (e.ticket) days.add(e.ticket.day);
    const c = e.data.case as { day?: unknown } | undefined;
    if (c && typeof c.day === 'string') days.add(c.day);
    // Evaluation records and their push states carry the rated ticket's day (their events carry no ticket).
    const r = e.data.record as { day?: unknown } | undefined;
    if (r && typeof r.day === 'string') days.add(r.day);
    if (e.type === 'evaluation.push_state' && typeof e.data.day === 'string') days.add(e.data.day);
  }
  return [...days];
}

/**
 * A batch's projection in two steps, so the caller can put its reads and its writes in round trips it
 * already makes: `reads` (the rows the batch's tickets, windows and catalogue had), then `project`,
 * which applies the events in seq order in memory and returns the writes, one statement per table.
 * `readFor` may name more events than are projected (a batch with duplicates): rows read for events
 * not applied are left as they were.
 */
export interface ProjectionPlan {
  reads: Sql[];
  project(results: readonly pg.QueryResult[], events: readonly HallEvent[]): Sql[];
}

export function planProjection(hall: string, readFor: readonly HallEvent[]): ProjectionPlan {
  const ticketSql = TicketProjector.readSql(hall, readFor);
  const windowSql = WindowProjector.readSql(hall, readFor);
  const reads = [CatalogProjector.readSql(hall), ...(ticketSql ? [ticketSql] : []), ...(windowSql ? [windowSql] : [])];
  return {
    reads,
    project(results, events) {
      if (results.length !== reads.length) throw new Error(`projection reads: ${results.length} results for ${reads.length} statements`);
      if (!events.length) return [];
      let i = 0;
      const catalog = CatalogProjector.fromRows(hall, results[i++]!.rows);
      const tickets = TicketProjector.fromRows(hall, catalog, ticketSql ? results[i++]!.rows : []);
      const windows = WindowProjector.fromRows(hall, windowSql ? results[i++]!.rows : []);
      const evaluations = new EvaluationProjector(hall);
      const cases = new CaseProjector(hall);
      const devices = new DeviceProjector(hall);
      const records = new EvaluationRecordProjector(hall);
      for (const e of events) {
        catalog.apply(e);
        tickets.apply(e);
        windows.apply(e);
        evaluations.apply(e);
        cases.apply(e);
        devices.apply(e);
        records.apply(e);
      }
      const s = new Statements();
      catalog.flush(s);
      tickets.flush(s);
      new DailyProjector(hall).flush(s, tickets);
      evaluations.flush(s);
      cases.flush(s);
      windows.flush(s);
      devices.flush(s);
      records.flush(s);
      return s.list;
    },
  };
}

/** Applies events of one hall (consecutive seqs, ascending) to every projection: two round trips. */
export async function projectBatch(client: pg.PoolClient, hall: string, events: readonly HallEvent[]): Promise<void> {
  if (!events.length) return;
  const plan = planProjection(hall, events);
  const results = await runAll(client, plan.reads);
  await runAll(client, plan.project(results, events));
}

const REBUILD_CHUNK = 2000;

/**
 * Rebuilds every projection of the given halls (default: all) from central_events alone. Each hall
 * is rebuilt in one transaction holding its hall row (FOR UPDATE), so ingestion of that hall waits
 * and no batch is projected twice or missed.
 */
export async function rebuildProjections(pool: pg.Pool, opts: { halls?: string[]; onHall?: (hall: string, events: number) => void } = {}): Promise<{ halls: number; events: number }> {
  const halls = opts.halls ?? (await pool.query<{ code: string }>('SELECT code FROM central_halls ORDER BY code')).rows.map((r) => r.code);
  let total = 0;
  const days = (await pool.query<{ day: string }>('SELECT DISTINCT day FROM central_events')).rows.map((r) => r.day);
  await ensurePartitions(pool, days);
  for (const hall of halls) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await rebuildHallIn(client, hall, async (events) => ensurePartitions(pool, daysOf(events)));
      const n = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM central_events WHERE hall = $1', [hall])).rows[0]!.n;
      await client.query('COMMIT');
      total += n;
      opts.onHall?.(hall, n);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  return { halls: halls.length, events: total };
}

/**
 * Inside the caller's transaction: locks the hall row, clears its projection rows and replays its
 * events in seq order. `beforeChunk` may create partitions (outside this transaction).
 */
export async function rebuildHallIn(client: pg.PoolClient, hall: string, beforeChunk?: (events: HallEvent[]) => Promise<void>): Promise<void> {
  await client.query('SELECT 1 FROM central_halls WHERE code = $1 FOR UPDATE', [hall]);
  for (const table of PROJECTION_TABLES) await client.query(`DELETE FROM ${table} WHERE hall = $1`, [hall]);
  let after = 0;
  for (;;) {
    const rows = (
      await client.query<{ seq: number; body: unknown }>('SELECT seq, body FROM central_events WHERE hall = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
        hall,
        after,
        REBUILD_CHUNK,
      ])
    ).rows;
    if (!rows.length) break;
    const events = rows.map((r) => HallEventSchema.parse(r.body));
    await beforeChunk?.(events);
    await projectBatch(client, hall, events);
    after = rows[rows.length - 1]!.seq;
  }
}
