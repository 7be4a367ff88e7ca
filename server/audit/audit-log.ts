import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { AuditStore, auditPage, rawAuditRow, type AuditFilter, type AuditRow } from '../store/audit-store.ts';
import type { Clock } from '../common/clock.ts';
import { toWellFormed } from '../common/well-formed.ts';
import { decodeWtf8 } from './wtf8.ts';

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

/**
 * The canonical text a row's hash covers: every field but the hash itself, in a fixed order, as JSON.
 * Total over the stored row: `append` stores only well-formed text (see there), which UTF-8 and
 * SQLite keep exactly, so the row read back gives this same text; the detail column is JSON whose
 * lone surrogates JSON.stringify writes as \uXXXX escapes, so nothing in it is lost either.
 */
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
      // Hashed as stored: a lone surrogate (e.g. a badge "\ud800" from a JSON body) becomes U+FFFD
      // here, as UTF-8 storage would make it anyway, instead of after the hash was taken.
      const row: Omit<AuditRow, 'hash'> = {
        id: (prev?.id ?? 0) + 1,
        at: this.clock.now().toISOString(),
        actor: toWellFormed(entry.actor),
        role: toWellFormed(entry.role),
        action: toWellFormed(entry.action),
        target: entry.target == null ? null : toWellFormed(entry.target),
        place: entry.place == null ? null : toWellFormed(entry.place),
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

const PAGE = 1000;

/**
 * Walks the whole chain and names the first broken link. An entry whose text read back does not match
 * its hash gets one more, exact, check: entries written before `append` made text well-formed hold a
 * lone surrogate as WTF-8 bytes (SQLite keeps what V8 wrote, but reading it as text yields U+FFFD), so
 * the row's raw bytes are decoded as WTF-8 into the very code units that were hashed. Any other change
 * of the bytes still fails: the decoding is exact and one-to-one, and bytes that are not WTF-8 fail.
 */
export function verifyAuditChain(db: Db): VerifyResult {
  let prevHash = GENESIS;
  let expectedId = 1;
  let rows = 0;
  for (let page = auditPage(db, 0, PAGE); page.length; page = auditPage(db, page.at(-1)!.id, PAGE)) {
    for (const stored of page) {
      rows++;
      if (stored.id !== expectedId) return { ok: false, rows, brokenAt: expectedId, problem: `entry ${expectedId} is missing (next entry is ${stored.id})` };
      const r = matchesHash(stored) ? stored : legacyRow(db, stored.id);
      if (!r) {
        if (stored.prev_hash !== prevHash) return { ok: false, rows, brokenAt: stored.id, problem: `entry ${stored.id} does not follow entry ${stored.id - 1} (previous hash differs)` };
        return { ok: false, rows, brokenAt: stored.id, problem: `entry ${stored.id} was altered (its content no longer matches its hash)` };
      }
      if (r.prev_hash !== prevHash) return { ok: false, rows, brokenAt: r.id, problem: `entry ${r.id} does not follow entry ${r.id - 1} (previous hash differs)` };
      prevHash = r.hash;
      expectedId++;
    }
  }
  return { ok: true, rows };
}

function matchesHash(r: AuditRow): boolean {
  const { hash, ...rest } = r;
  return rowHash(rest) === hash;
}

/** The row decoded exactly from its stored bytes (WTF-8), when that matches its hash; else undefined. */
function legacyRow(db: Db, id: number): AuditRow | undefined {
  const raw = rawAuditRow(db, id);
  if (!raw) return undefined;
  const text = (b: Buffer | null): string | null => (b === null ? null : decodeWtf8(b));
  const fields = { at: text(raw.at), actor: text(raw.actor), role: text(raw.role), action: text(raw.action), prev_hash: text(raw.prev_hash), hash: text(raw.hash) };
  if (Object.values(fields).some((v) => v === null)) return undefined;
  const optional = (b: Buffer | null): string | null | false => (b === null ? null : (decodeWtf8(b) ?? false));
  const target = optional(raw.target);
  const place = optional(raw.place);
  const detail = optional(raw.detail);
  if (target === false || place === false || detail === false) return undefined;
  const row: AuditRow = { id, at: fields.at!, actor: fields.actor!, role: fields.role!, action: fields.action!, target, place, detail, prev_hash: fields.prev_hash!, hash: fields.hash! };
  return matchesHash(row) ? row : undefined;
}
