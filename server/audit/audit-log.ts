import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { AuditStore, iterateAudit, type AuditFilter, type AuditRow } from '../store/audit-store.ts';
import type { Clock } from '../common/clock.ts';

export type { AuditFilter, AuditRow };

export interface AuditEntry {
  actor: string;
  role: string;
  action: string;
  target?: string | null;
  /** Where: window number, device code or client address. Never personal data. */
  place?: string | null;
  detail?: Record<string, unknown> | null;
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
  private readonly store: AuditStore;

  constructor(db: Db, private readonly clock: Clock) {
    this.store = new AuditStore(db);
  }

  /**
   * Appends one entry. Inside a caller's transaction (an engine command, a group commit) it joins it:
   * the entry commits or rolls back with the change it records.
   */
  append(entry: AuditEntry): AuditRow {
    return this.store.append((prev) => {
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
      return { ...row, hash: rowHash(row) };
    });
  }

  list(filter: AuditFilter = {}): AuditRow[] {
    return this.store.list(filter);
  }
}

/** Walks the whole chain and names the first broken link. */
export function verifyAuditChain(db: Db): VerifyResult {
  let prevHash = GENESIS;
  let expectedId = 1;
  let rows = 0;
  for (const r of iterateAudit(db)) {
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
