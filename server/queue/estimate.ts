import type { WaitEstimate } from '../../contract/wait-estimate.ts';
import type { EngineCore } from './core.ts';
import { WaitPredictor, type Predictions } from './predictor/predictor.ts';

/** How far a burst of issues may lean on the last prediction: events, and milliseconds of clock. */
const RECENT_SEQS = 100;
const RECENT_MS = 30_000;
/**
 * Longer lines lean on it for more events (a quarter of the people waiting): simulating thousands
 * waiting every 100th issue held every writer (issue benchmark, 4,400 in line: p99 220 ms), while a
 * newcomer's place at the end of such a line moves by the extrapolated time per place anyway.
 */
const PER_WAITING = 0.25;
const MAX_RECENT_SEQS = 2_000;
/** Only a hall with this many waiting leans on it: below, a fresh simulation is cheap. */
const LONG_LINES = 50;

/**
 * Estimated waits, from the predictor (predictor/README.md): a forward simulation of the hall's
 * windows over the tickets ahead, with service times learned per item. The screens read the cached
 * prediction of the current seq; a command asks for a fresh one inside its transaction.
 */
export class WaitEstimator {
  readonly predictor: WaitPredictor;
  private readonly ordinary;
  private readonly waitingIn;

  constructor(private readonly core: EngineCore) {
    this.predictor = new WaitPredictor(core.db, () => core.catalog, () => core.log.lastSeq());
    this.ordinary = core.db.prepare('SELECT queue, priority, care_class, target_window, state FROM tickets WHERE id = ?');
    this.waitingIn = core.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND queue = ? AND state = 'waiting'");
  }

  private current(): Predictions {
    const now = this.core.clock.now();
    return this.predictor.current(this.core.today(now), now);
  }

  /** A waiting ticket's estimate now; null for a ticket that is not waiting. */
  forTicket(ticketId: string): WaitEstimate | null {
    return this.current().tickets.get(ticketId) ?? null;
  }

  /** What a newcomer to the queue would wait now. */
  forQueue(queue: string): WaitEstimate {
    return this.current().queues.get(queue) ?? { minutes: 0, low: 0, high: 1, imminent: true };
  }

  /** Estimates of the given waiting tickets (a window's list). */
  forTickets(ids: readonly string[]): Record<string, WaitEstimate> {
    const p = this.current();
    const out: Record<string, WaitEstimate> = {};
    for (const id of ids) {
      const e = p.tickets.get(id);
      if (e) out[id] = e;
    }
    return out;
  }

  /**
   * Inside a command's transaction: the estimate of a ticket just written. An ordinary ticket joins
   * the end of its queue, so while the prediction of the hall before this command is cached (a screen
   * read it since the last event) its queue's newcomer estimate is the answer and the transaction is
   * not held for a simulation; otherwise the hall is simulated as it now is, the new ticket included.
   */
  forTicketInTx(ticketId: string, day: string, now: Date): WaitEstimate {
    const row = this.ordinary.get(ticketId) as { queue: string; priority: string; care_class: string | null; target_window: number | null; state: string } | undefined;
    const atEnd = row !== undefined && row.state === 'waiting' && row.priority === 'normal' && row.care_class === null && row.target_window === null;
    if (atEnd) {
      const cached = this.predictor.cachedAt(this.core.log.lastSeq(), day, now);
      const newcomer = cached?.queues.get(row.queue);
      if (newcomer) return newcomer;
      // A burst of issues into long lines with no screen reading in between (a rush at opening, the
      // issue benchmark): the last prediction, moved back by the places taken in this queue since,
      // instead of a simulation per ticket.
      const latest = this.predictor.recentWithin(day, now, MAX_RECENT_SEQS, RECENT_MS);
      const total = latest ? [...latest.waiting.values()].reduce((sum, n) => sum + n, 0) : 0;
      const recent = latest && this.predictor.recentWithin(day, now, Math.max(RECENT_SEQS, Math.floor(total * PER_WAITING)), RECENT_MS);
      const base = recent?.queues.get(row.queue);
      const busy = recent !== undefined && total >= LONG_LINES;
      if (recent && base && busy) {
        const waiting = (this.waitingIn.get(day, row.queue) as { n: number }).n;
        const extra = Math.max(0, waiting - 1 - (recent.waiting.get(row.queue) ?? 0)) * (recent.perPlace.get(row.queue) ?? 0);
        if (extra === 0) return base;
        const add = Math.round(extra);
        return { minutes: base.minutes + add, low: base.low + add, high: base.high + add, imminent: base.imminent && add === 0 };
      }
    }
    this.predictor.invalidate();
    return this.predictor.fresh(day, now).tickets.get(ticketId) ?? { minutes: 0, low: 0, high: 1, imminent: true };
  }

  /** Compatibility: the minutes of a newcomer to the queue (older callers; people ahead are the predictor's business). */
  minutesFor(queue: string, _peopleAhead?: number): number {
    return this.forQueue(queue).minutes;
  }
}
