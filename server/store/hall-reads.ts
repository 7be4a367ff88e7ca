import type { HallEvent } from '../../contract/events.ts';
import type { TicketState } from '../../contract/domain.ts';
import type { Db } from './db.ts';
import { prepared } from './statements.ts';

/** What snapshots, screens and the speech route read besides the engine's views. */

const CALLS = `SELECT body FROM events WHERE type IN ('ticket.called','ticket.recalled','ticket.resumed') AND day = ? ORDER BY seq DESC LIMIT ?`;

/** The newest call events (called, recalled, resumed) of `day`, newest first. */
export function recentCallEvents(db: Db, day: string, limit: number): HallEvent[] {
  return (prepared(db, CALLS).all(day, limit) as { body: string }[]).map((r) => JSON.parse(r.body) as HallEvent);
}

export interface NoticeRow {
  code: string;
  text: string;
  targets: string;
  starts_at: string | null;
  ends_at: string | null;
}

/** Every notice not retired, by code; the caller filters by schedule. */
export function liveNoticeRows(db: Db): NoticeRow[] {
  return prepared(db, 'SELECT code, text, targets, starts_at, ends_at FROM notices WHERE retired = 0 ORDER BY code').all() as NoticeRow[];
}

export interface TicketLookup {
  day: string;
  /** The printed number, upper case. */
  number?: string | undefined;
  state?: TicketState | undefined;
  limit: number;
}

/** A business day's tickets by number and/or state, newest first (rows as stored). */
export function lookupTicketRows<Row>(db: Db, q: TicketLookup): Row[] {
  const where = ['day = @day'];
  if (q.number) where.push('number = @number');
  if (q.state) where.push('state = @state');
  return prepared(db, `SELECT * FROM tickets WHERE ${where.join(' AND ')} ORDER BY issued_at DESC LIMIT @limit`).all({
    day: q.day,
    number: q.number ?? null,
    state: q.state ?? null,
    limit: q.limit,
  }) as Row[];
}
