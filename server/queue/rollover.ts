import type { EngineCore, Tx } from './core.ts';
import { SYSTEM } from './core.ts';
import type { TicketRow } from './ticket-rows.ts';

/**
 * Closes what earlier business days left open: live tickets are cancelled with reason 'day_end',
 * windows close and sign their staff out, unused appointments expire. Numbers restart by themselves
 * because counters are keyed by day.
 */
export function closePreviousDays(core: EngineCore, tx: Tx, fromDay: string): void {
  const db = core.db;
  const open = db
    .prepare("SELECT * FROM tickets WHERE day < ? AND state IN ('waiting','called','serving','suspended','remote') ORDER BY day, sort_key")
    .all(tx.day) as TicketRow[];
  for (const t of open) {
    const ticket = core.patch(t.id, { state: 'cancelled', close_reason: 'day_end', finished_at: tx.now.toISOString() });
    tx.emit({ type: 'ticket.day_closed', actor: SYSTEM, ticket, window: t.window, data: { previousState: t.state } });
  }
  const windows = db.prepare("SELECT number, staff_badge FROM windows WHERE status <> 'closed' OR staff_badge IS NOT NULL").all() as {
    number: number;
    staff_badge: string | null;
  }[];
  for (const w of windows) {
    db.prepare("UPDATE windows SET status = 'closed', pause_reason = NULL, staff_badge = NULL, priority_streak = 0 WHERE number = ?").run(w.number);
    if (w.staff_badge) tx.emit({ type: 'staff.signed_out', actor: SYSTEM, window: w.number, data: { badge: w.staff_badge } });
    tx.emit({ type: 'window.closed', actor: SYSTEM, window: w.number, data: { status: 'closed' } });
  }
  db.prepare("UPDATE sessions SET window = NULL WHERE window IS NOT NULL").run();
  const expired = db.prepare("UPDATE appointments SET state = 'expired' WHERE date < ? AND state = 'booked'").run(tx.day).changes;
  tx.emit({ type: 'day.rolled_over', actor: SYSTEM, data: { from: fromDay, to: tx.day, closedTickets: open.length, expiredAppointments: expired } });
}
