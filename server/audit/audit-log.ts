import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { Clock } from '../common/clock.ts';

export interface AuditEntry {
  actor: string;
  role: string;
  action: string;
  target?: string | null;
  /** Where: window number, device code or client address. Never personal data. */
  place?: string | null;
  detail?: Record<string, unknown> | null;
}

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

const GENESIS = '0'.repeat(64);

/** The canonical text a row's hash covers: every field but the hash itself, in a fixed order. */
function canonical(r: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([r.id, r.at, r.actor, r.role, r.action, r.target, r.place, r.detail, r.prev_hash]);
}

export function rowHash(r: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256').update(canonical(r)).digest('hex');
}

export type VerifyResult = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; problem: string };

/**
 * Append-only, hash-chained audit log (DESIGN.md §4). Triggers in the schema refuse UPDATE and DELETE;
 * the chain makes any edit made around them (e.g. with another SQLite tool) visible to `verify`.
 */
export class AuditLog {
  private readonly last;
  private readonly insert;

  constructor(private readonly db: Db, private readonly clock: Clock) {
    this.last = db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO audit (id, at, actor, role, action, target, place, detail, prev_hash, hash) VALUES (@id, @at, @actor, @role, @action, @target, @place, @detail, @prev_hash, @hash)',
    );
  }

  append(entry: AuditEntry): AuditRow {
    return this.db.transaction(() => {
      const prev = this.last.get() as { id: number; hash: string } | undefined;
      const row: Omit<AuditRow, 'hash'> = {
        id: (prev?.id ?? 0) + 1,
        at: this.clock.now().toISOString(),
        actor: entry.actor,
        role: entry.role,
        action: entry.action,
        target: entry.target ?? null,
        place: entry.place ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
        prev_hash: prev?.hash ?? GENESIS,
      };
      const full = { ...row, hash: rowHash(row) };
      this.insert.run(full);
      return full;
    })();
  }

  list(filter: { actor?: string; action?: string; from?: string; to?: string; limit?: number } = {}): AuditRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: Math.min(filter.limit ?? 200, 1000) };
    if (filter.actor) (where.push('actor = @actor'), (params.actor = filter.actor));
    if (filter.action) (where.push('action LIKE @action'), (params.action = `${filter.action}%`));
    if (filter.from) (where.push('at >= @from'), (params.from = filter.from));
    if (filter.to) (where.push('at < @to'), (params.to = filter.to));
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    return this.db.prepare(sql).all(params) as AuditRow[];
  }
}

/** Walks the whole chain and names the first broken link. */
export function verifyAuditChain(db: Db): VerifyResult {
  let prevHash = GENESIS;
  let expectedId = 1;
  let rows = 0;
  for (const r of db.prepare('SELECT * FROM audit ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    rows++;
    if (r.id !== expectedId) return { ok: false, rows, brokenAt: expectedId, problem: `entry ${expectedId} is missing (next entry is ${r.id})` };
    if (r.prev_hash !== prevHash) return { ok: false, rows, brokenAt: r.id, problem: `entry ${r.id} does not follow entry ${r.id - 1} (previous hash differs)` };
    const { hash, ...rest } = r;
    if (rowHash(rest) !== hash) return { ok: false, rows, brokenAt: r.id, problem: `entry ${r.id} was altered (its content no longer matches its hash)` };
    prevHash = hash;
    expectedId++;
  }
  return { ok: true, rows };
}
