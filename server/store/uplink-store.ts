import type { Db } from './db.ts';
import { prepared } from './statements.ts';

/** One committed event as the uplink sends it: its seq and the event log's own JSON, untouched. */
export interface UplinkRow {
  seq: number;
  body: string;
}

/**
 * What the uplink (server/uplink/) reads from the hall database: the database's epoch (migration 6)
 * and the outbox's events as stored, so a batch is built by joining JSON texts rather than parsing
 * and serialising every event again. Its cursor lives in outbox_cursors (OutboxStore).
 */
export class UplinkStore {
  constructor(private readonly db: Db) {}

  get open(): boolean {
    return this.db.open;
  }

  /** The random id made once per database (a restored backup keeps it). */
  epoch(): string {
    const row = prepared(this.db, 'SELECT epoch FROM hall_epoch WHERE id = 1').get() as { epoch: string } | undefined;
    if (!row) throw new Error('the hall database has no epoch (migration 6 not applied)');
    return row.epoch;
  }

  /** Events from `fromSeq` on, oldest first, at most `limit` of them and (past the first) at most `maxBytes` of JSON. */
  rowsFrom(fromSeq: number, limit: number, maxBytes: number): UplinkRow[] {
    const rows = prepared(this.db, 'SELECT o.seq, e.body FROM outbox o JOIN events e ON e.seq = o.seq WHERE o.seq >= ? ORDER BY o.seq LIMIT ?').all(fromSeq, limit) as UplinkRow[];
    let bytes = 0;
    for (let i = 0; i < rows.length; i++) {
      bytes += Buffer.byteLength(rows[i]!.body) + 1;
      if (bytes > maxBytes && i > 0) return rows.slice(0, i);
    }
    return rows;
  }
}
