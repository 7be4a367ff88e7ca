import type { Db } from './db.ts';

/** The live-supervision monitor's reads beyond the engine's views; prepared once, run every evaluation. */
export class SupervisionQueries {
  private readonly oldest;
  private readonly lastWindowEvent;
  private readonly helpEvents;

  constructor(private readonly db: Db) {
    this.oldest = db.prepare("SELECT queue, MIN(issued_at) AS oldest FROM tickets WHERE day = ? AND state = 'waiting' GROUP BY queue");
    this.lastWindowEvent = db.prepare('SELECT at FROM events WHERE window = ? AND day = ? ORDER BY seq DESC LIMIT 1');
    this.helpEvents = db.prepare("SELECT body FROM events WHERE type IN ('kiosk.help_requested', 'kiosk.help_answered') AND day = ? ORDER BY seq");
  }

  /** False once the database was closed (a timer firing during shutdown must not query it). */
  get open(): boolean {
    return this.db.open;
  }

  /** Each queue's longest-waiting ticket's issue time on `day`. */
  oldestWaitingByQueue(day: string): Map<string, string> {
    return new Map((this.oldest.all(day) as { queue: string; oldest: string }[]).map((r) => [r.queue, r.oldest]));
  }

  /** When the window's last event of `day` happened, if any. */
  lastWindowEventAt(window: number, day: string): string | undefined {
    return (this.lastWindowEvent.get(window, day) as { at: string } | undefined)?.at;
  }

  /** The day's 帮办 calls and answers, as stored events (JSON), so open calls survive a restart. */
  helpEventsOf(day: string): string[] {
    return (this.helpEvents.all(day) as { body: string }[]).map((r) => r.body);
  }
}
