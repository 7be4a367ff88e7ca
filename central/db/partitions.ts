import type pg from 'pg';

/**
 * Monthly range partitions of the projection tables, created on demand before a batch that needs
 * them is projected. Creation runs in its own short transaction under an advisory lock (two
 * instances creating the same month serialise) and never inside the ingest transaction, so a
 * refused batch cannot roll a partition back from under another instance.
 */

export const PARTITIONED_TABLES = [
  'proj_tickets',
  'proj_evaluations',
  'proj_cases',
  'proj_window_days',
  'proj_device_faults',
  'proj_daily',
  'proj_daily_hall',
  'proj_daily_wait',
  'proj_month_wait',
  'proj_eval_records',
  'proj_eval_pushes',
] as const;

const PARTITION_LOCK = 7_302_026_002;

/** 'YYYY-MM' of a 'YYYY-MM-DD' day. */
export const monthOf = (day: string): string => day.slice(0, 7);

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Remembers months already made, per pool (a rebuild or a test database starts a new pool). */
const made = new WeakMap<pg.Pool, Set<string>>();

export async function ensurePartitions(pool: pg.Pool, days: Iterable<string>): Promise<void> {
  const known = made.get(pool) ?? new Set<string>();
  made.set(pool, known);
  const months = [...new Set([...days].map(monthOf))].filter((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m) && !known.has(m));
  if (!months.length) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    for (const month of months) {
      const suffix = month.replace('-', '_');
      for (const table of PARTITIONED_TABLES) {
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${table}_${suffix} PARTITION OF ${table} FOR VALUES FROM ('${month}-01') TO ('${nextMonth(month)}-01')`,
        );
      }
    }
    await client.query('COMMIT');
    for (const m of months) known.add(m);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Forgets the months made through this pool (after the projection tables were truncated or dropped). */
export function forgetPartitions(pool: pg.Pool): void {
  made.delete(pool);
}
