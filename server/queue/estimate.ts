import type { Db } from '../store/db.ts';
import type { Catalog } from './catalog.ts';

/**
 * Estimated wait per queue: the mean service time of the queue's last 20 finished tickets (or the
 * configured default before there is history), times the people ahead, shared by the open windows that
 * serve the queue.
 */
export class WaitEstimator {
  private readonly recent;
  private readonly openWindows;

  constructor(db: Db, private readonly catalog: () => Catalog) {
    this.recent = db.prepare(`SELECT AVG((julianday(finished_at) - julianday(called_at)) * 1440.0) AS minutes FROM (
        SELECT finished_at, called_at FROM tickets
        WHERE queue = ? AND state = 'finished' AND called_at IS NOT NULL AND finished_at IS NOT NULL
        ORDER BY finished_at DESC LIMIT 20)`);
    this.openWindows = db.prepare("SELECT number FROM windows WHERE status = 'open' AND retired = 0");
  }

  serviceMinutes(queue: string): number {
    const row = this.recent.get(queue) as { minutes: number | null };
    if (row.minutes !== null && row.minutes > 0) return row.minutes;
    const items = [...this.catalog().items.values()].filter((i) => i.queue === queue && !i.retired);
    if (items.length) return items.reduce((s, i) => s + i.serviceMinutes, 0) / items.length;
    return this.catalog().rules.defaultServiceMinutes;
  }

  openWindowCount(queue: string): number {
    const serving = new Set(this.catalog().windowsByQueue.get(queue) ?? []);
    const open = (this.openWindows.all() as { number: number }[]).filter((w) => serving.has(w.number)).length;
    return Math.max(1, open);
  }

  minutesFor(queue: string, peopleAhead: number): number {
    if (peopleAhead <= 0) return 0;
    return Math.ceil((peopleAhead * this.serviceMinutes(queue)) / this.openWindowCount(queue));
  }
}
