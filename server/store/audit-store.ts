import type { Db } from './db.ts';

/** One audit row as stored; `hash` covers every other field (server/audit/ computes it). */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  place: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
}

/** The link a new row chains to: the last row's id and hash, absent for an empty log. */
export type AuditLink = { id: number; hash: string } | undefined;

/**
 * The audit table: append-only (triggers refuse UPDATE and DELETE), so this module only inserts and
 * reads. `append` reads the last link and inserts the next row in one transaction; inside a caller's
 * transaction (an engine command, a group commit) it is part of it, so the entry commits or rolls back
 * with the change it records.
 */
export class AuditStore {
  private readonly last;
  private readonly insert;
  private readonly all;
  private readonly appendTx;
  private readonly lists = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {
    this.last = db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO audit (id, at, actor, role, action, target, place, detail, prev_hash, hash) VALUES (@id, @at, @actor, @role, @action, @target, @place, @detail, @prev_hash, @hash)',
    );
    this.all = db.prepare('SELECT * FROM audit ORDER BY id');
    this.appendTx = db.transaction((next: (prev: AuditLink) => AuditRow): AuditRow => this.appendRow(next));
  }

  /**
   * Builds the next row from the last link and inserts it, atomically. Inside a caller's transaction
   * (every command path) the pair needs no savepoint of its own: the single INSERT is all-or-nothing,
   * no other writer can come between the read and the insert, and the entry commits or rolls back
   * with the caller's work.
   */
  append(next: (prev: AuditLink) => AuditRow): AuditRow {
    return this.db.inTransaction ? this.appendRow(next) : this.appendTx(next);
  }

  private appendRow(next: (prev: AuditLink) => AuditRow): AuditRow {
    const row = next(this.last.get() as AuditLink);
    this.insert.run(row);
    return row;
  }

  /** Newest first, filtered; at most 1,000 rows. */
  list(filter: AuditFilter = {}): AuditRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: Math.min(filter.limit ?? 200, 1000) };
    if (filter.actor) (where.push('actor = @actor'), (params.actor = filter.actor));
    if (filter.action) (where.push('action LIKE @action'), (params.action = `${filter.action}%`));
    if (filter.from) (where.push('at >= @from'), (params.from = filter.from));
    if (filter.to) (where.push('at < @to'), (params.to = filter.to));
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    let stmt = this.lists.get(sql);
    if (!stmt) this.lists.set(sql, (stmt = this.db.prepare(sql)));
    return stmt.all(params) as AuditRow[];
  }

  /** Every row, oldest first, streamed (the chain check walks the whole log). */
  iterate(): IterableIterator<AuditRow> {
    return this.all.iterate() as IterableIterator<AuditRow>;
  }
}

/** Up to `limit` rows after id `afterId`, oldest first (the chain check pages through the log). */
export function auditPage(db: Db, afterId: number, limit: number): AuditRow[] {
  return db.prepare('SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as AuditRow[];
}

/** A row's text columns as the bytes SQLite holds, not decoded (the chain check of entries written before text was made well-formed). */
export type RawAuditRow = { id: number } & { [K in Exclude<keyof AuditRow, 'id'>]: Buffer | null };

export function rawAuditRow(db: Db, id: number): RawAuditRow | undefined {
  const cols = ['at', 'actor', 'role', 'action', 'target', 'place', 'detail', 'prev_hash', 'hash'].map((c) => `CAST(${c} AS BLOB) AS ${c}`).join(', ');
  return db.prepare(`SELECT id, ${cols} FROM audit WHERE id = ?`).get(id) as RawAuditRow | undefined;
}

/** Reads the whole log in order without keeping a store (the `audit:verify` command, tests). */
export function iterateAudit(db: Db): IterableIterator<AuditRow> {
  return db.prepare('SELECT * FROM audit ORDER BY id').iterate() as IterableIterator<AuditRow>;
}
