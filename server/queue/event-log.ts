import { EVENT_VERSION, type Actor, type EventType, type HallEvent } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { Db } from '../store/db.ts';

export interface NewEvent {
  type: EventType;
  actor: Actor;
  ticket?: TicketView | null;
  window?: number | null;
  data?: Record<string, unknown>;
  /** Waiting counts the command already knows, so they are not counted twice. */
  waiting?: Record<string, number>;
}

/** Appends events with the hall's next seq. Call only inside the command's transaction. */
export class EventLog {
  private readonly insert;
  private readonly maxSeq;
  private readonly since;
  private readonly waitingCount;

  constructor(private readonly db: Db, private readonly hallCode: () => string) {
    this.insert = db.prepare('INSERT INTO events (seq, type, v, at, day, ticket_id, window, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.maxSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
    this.since = db.prepare('SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.waitingCount = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND queue = ? AND state = 'waiting'");
  }

  lastSeq(): number {
    return (this.maxSeq.get() as { seq: number }).seq;
  }

  append(e: NewEvent, at: Date, day: string): HallEvent {
    const seq = this.lastSeq() + 1;
    const event: HallEvent = {
      v: EVENT_VERSION,
      seq,
      type: e.type,
      at: at.toISOString(),
      day,
      hall: this.hallCode(),
      actor: e.actor,
      ticket: e.ticket ?? null,
      window: e.window ?? e.ticket?.window ?? null,
      data: e.data ?? {},
    };
    const touched = new Set<string>();
    if (e.ticket) touched.add(e.ticket.queue);
    if (typeof e.data?.fromQueue === 'string') touched.add(e.data.fromQueue);
    if (touched.size) {
      event.waiting = {};
      for (const q of touched) event.waiting[q] = e.waiting?.[q] ?? (this.waitingCount.get(day, q) as { n: number }).n;
    }
    this.insert.run(seq, event.type, EVENT_VERSION, event.at, day, event.ticket?.id ?? null, event.window, JSON.stringify(event));
    return event;
  }

  /** Events after `seq`, oldest first, at most `limit`. */
  after(seq: number, limit: number): HallEvent[] {
    return (this.since.all(seq, limit) as { body: string }[]).map((r) => JSON.parse(r.body) as HallEvent);
  }

  oldestSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MIN(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
  }
}
