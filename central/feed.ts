import type pg from 'pg';
import type { FeedEvent } from '../contract/central/api.ts';
import { HallEvent } from '../contract/events.ts';

/**
 * Replay from PostgreSQL: the events after a feed_seq, in feed order, of the halls under a region path
 * ('/' for all). Consoles use it to catch up after a reconnect or a Redis outage.
 */
export async function eventsAfter(pool: pg.Pool, after: number, opts: { path?: string; limit?: number } = {}): Promise<FeedEvent[]> {
  const rows = await pool.query<{ feed_seq: number; body: unknown }>(
    `SELECT e.feed_seq, e.body FROM central_events e
       JOIN central_halls h ON h.code = e.hall JOIN central_regions r ON r.code = h.region
      WHERE e.feed_seq > $1 AND r.path LIKE $2 ORDER BY e.feed_seq LIMIT $3`,
    [after, `${opts.path ?? '/'}%`, opts.limit ?? 1000],
  );
  return rows.rows.map((r) => ({ feedSeq: r.feed_seq, event: HallEvent.parse(r.body) }));
}

/** The newest feed_seq (0 when empty). */
export async function lastFeedSeq(pool: pg.Pool): Promise<number> {
  return (await pool.query<{ n: number | null }>('SELECT max(feed_seq) AS n FROM central_events')).rows[0]?.n ?? 0;
}
