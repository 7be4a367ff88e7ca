import type { WaitEstimate } from '../../contract/wait-estimate.ts';
import type { EngineCore } from './core.ts';
import { WaitPredictor, type Predictions } from './predictor/predictor.ts';

/**
 * Estimated waits, from the predictor (predictor/README.md): a forward simulation of the hall's
 * windows over the tickets ahead, with service times learned per item. The screens read the cached
 * prediction of the current seq; a command asks for a fresh one inside its transaction.
 */
export class WaitEstimator {
  readonly predictor: WaitPredictor;
  private readonly ordinary;

  constructor(private readonly core: EngineCore) {
    this.predictor = new WaitPredictor(core.db, () => core.catalog, () => core.log.lastSeq());
    this.ordinary = core.db.prepare('SELECT queue, priority, care_class, target_window, state FROM tickets WHERE id = ?');
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
    const cached = this.predictor.cachedAt(this.core.log.lastSeq(), day, now);
    if (cached) {
      const row = this.ordinary.get(ticketId) as { queue: string; priority: string; care_class: string | null; target_window: number | null; state: string } | undefined;
      const newcomer = row && row.state === 'waiting' && row.priority === 'normal' && row.care_class === null && row.target_window === null ? cached.queues.get(row.queue) : undefined;
      if (newcomer) return newcomer;
    }
    this.predictor.invalidate();
    return this.predictor.fresh(day, now).tickets.get(ticketId) ?? { minutes: 0, low: 0, high: 1, imminent: true };
  }

  /** Compatibility: the minutes of a newcomer to the queue (older callers; people ahead are the predictor's business). */
  minutesFor(queue: string, _peopleAhead?: number): number {
    return this.forQueue(queue).minutes;
  }
}
