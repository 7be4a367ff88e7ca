import type pg from 'pg';
import type { FeedEvent } from '../contract/central/api.ts';
import { HallEvent } from '../contract/events.ts';

/**
 * Replay from PostgreSQL: the events after a feed_seq, in feed order, of the halls under a region path
 * ('/' for all). Consoles use it to catch up after a reconnect or a Redis outage.
 *
 * feed_seq = inserting transaction id × FEED_STRIDE + place in the batch (migration 0006). Only rows
 * below FEED_SAFE_SQL are returned: every transaction with a smaller id has finished, so no event
 * that commits later can have a smaller feed_seq than one already returned. A reader's cursor is exact.
 */
export const FEED_STRIDE = 1000;
/**
 * The feed_seq below which every event that will ever exist is already visible: the oldest transaction
 * still running that may write here, or the snapshot's xmax when none does. Transaction ids are
 * cluster-wide, so a plain pg_snapshot_xmin would let a long transaction in ANOTHER database of the
 * same cluster (a report, a bulk load) hold back every console's replay; transactions that
 * pg_stat_activity shows in another database are left out (they cannot write to this one). Unknown
 * ones (prepared transactions, workers) still count: the bound errs on the side of waiting.
 */
export const FEED_SAFE_SQL = `((SELECT (SELECT COALESCE(min(x::text::bigint), pg_snapshot_xmax(q.s)::text::bigint)
      FROM pg_snapshot_xip(q.s) AS x
     WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                        WHERE a.backend_xid IS NOT NULL AND a.datname IS NOT NULL AND a.datname <> current_database()
                          AND a.backend_xid::text::bigint = x::text::bigint % 4294967296))
   FROM (SELECT pg_current_snapshot() AS s) q) * ${FEED_STRIDE})`;
export async function eventsAfter(pool: pg.Pool, after: number, opts: { path?: string; limit?: number } = {}): Promise<FeedEvent[]> {
  const rows = await pool.query<{ feed_seq: number; body: unknown }>(
    `SELECT e.feed_seq, e.body FROM central_events e
       JOIN central_halls h ON h.code = e.hall JOIN central_regions r ON r.code = h.region
      WHERE e.feed_seq > $1 AND e.feed_seq < ${FEED_SAFE_SQL} AND r.path LIKE $2 ORDER BY e.feed_seq LIMIT $3`,
    [after, `${opts.path ?? '/'}%`, opts.limit ?? 1000],
  );
  return rows.rows.map((r) => ({ feedSeq: r.feed_seq, event: HallEvent.parse(r.body) }));
}

/** The newest feed_seq a reader may start after (0 when empty). */
export async function lastFeedSeq(pool: pg.Pool): Promise<number> {
  return (await pool.query<{ n: number | null }>(`SELECT max(feed_seq) AS n FROM central_events WHERE feed_seq < ${FEED_SAFE_SQL}`)).rows[0]?.n ?? 0;
}
