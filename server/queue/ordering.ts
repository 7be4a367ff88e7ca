import type { WindowConfig } from '../../contract/config.ts';
import type { Db } from '../store/db.ts';
import type { TicketRow } from './ticket-rows.ts';

/**
 * Service order (DESIGN.md §4): green channel first; then tickets transferred to this very window and
 * appointments whose slot has begun; then arrival order (sort_key). A window in 'ordered' mode empties
 * its queues in the configured order within each tier; in 'longest_wait' mode it compares arrival
 * across all its queues. Anti-starvation is the caller's choice via `ordinaryOnly`.
 * The care classes (contract/remote.ts) sit between the green channel and the appointments: disabled or
 * pregnant ('assisted'), then elderly. Their tiers are fractions so every tier below 2 stays a priority
 * tier: they count in a window's priority streak and yield to anti-starvation like the green channel.
 */
export const ASSISTED_TIER = 0.3;
export const ELDERLY_TIER = 0.6;

/** The tier of a waiting ticket as seen from no particular window (for people-ahead counts). */
export function tierOf(t: Pick<TicketRow, 'priority' | 'due_at' | 'care_class'>, now: Date): number {
  if (t.priority === 'green') return 0;
  if (t.care_class === 'assisted') return ASSISTED_TIER;
  if (t.care_class === 'elderly') return ELDERLY_TIER;
  return t.priority === 'appointment' && t.due_at !== null && t.due_at <= now.toISOString() ? 1 : 2;
}

/** The same tiers in SQL, per window (a ticket transferred to the window is a priority there). */
const TIER = `CASE
    WHEN priority = 'green' THEN 0
    WHEN care_class = 'assisted' THEN ${ASSISTED_TIER}
    WHEN care_class = 'elderly' THEN ${ELDERLY_TIER}
    WHEN target_window = @window THEN 1
    WHEN priority = 'appointment' AND due_at <= @now THEN 1
    ELSE 2 END`;

export class TicketOrder {
  private readonly nextStmt;
  private readonly nextOrdinaryStmt;
  private readonly aheadStmt;
  private readonly waitingStmt;

  constructor(db: Db) {
    const from = `FROM tickets
      WHERE day = @day AND state = 'waiting'
        AND ((instr(@queues, ',' || queue || ',') > 0 AND (target_window IS NULL OR target_window = @window))
             OR target_window = @window)`;
    const order = `ORDER BY tier, CASE WHEN @ordered = 1 THEN instr(@queues, ',' || queue || ',') ELSE 0 END, sort_key, rid`;
    this.nextStmt = db.prepare(`SELECT *, rowid AS rid, ${TIER} AS tier ${from} ${order} LIMIT 1`);
    this.nextOrdinaryStmt = db.prepare(`SELECT * FROM (SELECT *, rowid AS rid, ${TIER} AS tier ${from}) WHERE tier = 2 ${order} LIMIT 1`);
    this.waitingStmt = db.prepare(`SELECT *, rowid AS rid, ${TIER} AS tier ${from} ${order} LIMIT @limit`);
    // People ahead of a ticket in its own queue, by the same tiers as seen from no particular window.
    this.aheadStmt = db.prepare(`SELECT COUNT(*) AS n FROM (
        SELECT ${TIER} AS tier, sort_key, rowid AS rid FROM tickets
        WHERE day = @day AND state = 'waiting' AND queue = @queue AND id <> @id)
      WHERE tier < @tier OR (tier = @tier AND (sort_key < @sortKey OR (sort_key = @sortKey AND rid < @rid)))`);
  }

  private params(day: string, window: WindowConfig, now: Date) {
    return {
      day,
      window: window.number,
      queues: `,${window.queues.join(',')},`,
      ordered: window.queueMode === 'ordered' ? 1 : 0,
      now: now.toISOString(),
    };
  }

  next(day: string, window: WindowConfig, now: Date, ordinaryOnly = false): (TicketRow & { tier: number }) | undefined {
    const stmt = ordinaryOnly ? this.nextOrdinaryStmt : this.nextStmt;
    return stmt.get(this.params(day, window, now)) as (TicketRow & { tier: number }) | undefined;
  }

  /** The window's waiting list in the order it would call them. */
  waitingFor(day: string, window: WindowConfig, now: Date, limit = 200): (TicketRow & { tier: number })[] {
    return this.waitingStmt.all({ ...this.params(day, window, now), limit }) as (TicketRow & { tier: number })[];
  }

  peopleAhead(ticket: TicketRow & { rowid?: number }, rid: number, now: Date): number {
    const tier = tierOf(ticket, now);
    const row = this.aheadStmt.get({
      day: ticket.day,
      queue: ticket.queue,
      id: ticket.id,
      window: -1,
      now: now.toISOString(),
      tier,
      sortKey: ticket.sort_key,
      rid,
    }) as { n: number };
    return row.n;
  }
}
