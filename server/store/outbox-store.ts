import type { HallEvent } from '../../contract/events.ts';
import type { Db } from './db.ts';

/** One committed event as an outbox consumer sees it. */
export interface OutboxEntry {
  seq: number;
  /** Idempotency key sent with every delivery of this event: "<hall code>:<seq>". */
  key: string;
  event: HallEvent;
}

/**
 * The outbox's read side and the consumers' cursors. Rows are appended by the engine's event log in the
 * event's own transaction; each consumer reads after its cursor and advances it in the same transaction
 * as whatever it records of what it took in, so a crash neither loses nor doubles its work.
 */
export class OutboxStore {
  private readonly after;
  private readonly cursor;
  private readonly upsertCursor;
  private readonly last;

  constructor(private readonly db: Db) {
    this.after = db.prepare('SELECT o.seq, o.key, e.body FROM outbox o JOIN events e ON e.seq = o.seq WHERE o.seq > ? ORDER BY o.seq LIMIT ?');
    this.cursor = db.prepare('SELECT seq FROM outbox_cursors WHERE consumer = ?');
    this.upsertCursor = db.prepare(
      'INSERT INTO outbox_cursors (consumer, seq, updated_at) VALUES (?, ?, ?) ON CONFLICT(consumer) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at',
    );
    this.last = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM outbox');
  }

  /** Entries after `seq`, oldest first. */
  entriesAfter(seq: number, limit: number): OutboxEntry[] {
    return (this.after.all(seq, limit) as { seq: number; key: string; body: string }[]).map((r) => ({ seq: r.seq, key: r.key, event: JSON.parse(r.body) as HallEvent }));
  }

  /** The consumer's cursor; a consumer never seen starts at `initial` (and is registered there). */
  cursorOf(consumer: string, initial: () => number, at: Date): number {
    const row = this.cursor.get(consumer) as { seq: number } | undefined;
    if (row) return row.seq;
    const seq = initial();
    this.upsertCursor.run(consumer, seq, at.toISOString());
    return seq;
  }

  /** Call inside the transaction that records what the consumer took in. */
  advance(consumer: string, seq: number, at: Date): void {
    this.upsertCursor.run(consumer, seq, at.toISOString());
  }

  lastSeq(): number {
    return (this.last.get() as { seq: number }).seq;
  }
}
