import type { Db } from '../store/db.ts';
import type { PushState } from '../../contract/push.ts';

export interface PushTargetRow {
  code: string;
  name: string;
  url: string;
  token: string;
  auth_header: string;
  auth_scheme: string;
  timeout_ms: number;
  field_map: string;
  code_map: string;
  active: number;
  from_seq: number;
  created_at: string;
  updated_at: string;
}

export interface PushItemRow {
  id: number;
  target: string;
  record_key: string;
  ticket_id: string;
  event_seq: number;
  record: string;
  state: PushState;
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface PushAttemptRow {
  attempt: number;
  at: string;
  status: number | null;
  outcome: string;
  reason: string | null;
  duration_ms: number;
}

export interface TargetFields {
  code: string;
  name: string;
  url: string;
  token: string;
  authHeader: string;
  authScheme: string;
  timeoutMs: number;
  fieldMap: Record<string, string>;
  codeMap: Record<string, string | number>;
  active: boolean;
}

/** The push targets (migration 9), the push items (one per record version per target) and their attempt log. */
export class PushStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      targets: db.prepare('SELECT * FROM push_targets ORDER BY code'),
      target: db.prepare('SELECT * FROM push_targets WHERE code = ?'),
      insertTarget: db.prepare(`INSERT INTO push_targets (code, name, url, token, auth_header, auth_scheme, timeout_ms, field_map, code_map, active, from_seq, created_at, updated_at)
        VALUES (@code, @name, @url, @token, @authHeader, @authScheme, @timeoutMs, @fieldMap, @codeMap, @active, @fromSeq, @at, @at)`),
      updateTarget: db.prepare(`UPDATE push_targets SET name = @name, url = @url, token = @token, auth_header = @authHeader, auth_scheme = @authScheme, timeout_ms = @timeoutMs,
        field_map = @fieldMap, code_map = @codeMap, active = @active, updated_at = @at WHERE code = @code`),
      deactivateOthers: db.prepare('UPDATE push_targets SET active = 0, updated_at = ? WHERE active = 1 AND code NOT IN (SELECT value FROM json_each(?))'),
      insertItem: db.prepare(`INSERT INTO push_items (target, record_key, ticket_id, event_seq, record, state, attempts, next_attempt_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT(target, record_key) DO NOTHING`),
      item: db.prepare('SELECT * FROM push_items WHERE id = ?'),
      itemByKey: db.prepare('SELECT * FROM push_items WHERE target = ? AND record_key = ?'),
      // A record's versions reach a target in order: a later revision waits while an earlier one is pending.
      due: db.prepare(`SELECT * FROM push_items i WHERE i.state = 'pending' AND i.next_attempt_at <= ?
        AND NOT EXISTS (SELECT 1 FROM push_items e WHERE e.target = i.target AND e.ticket_id = i.ticket_id AND e.state = 'pending' AND e.event_seq < i.event_seq)
        ORDER BY i.next_attempt_at, i.id LIMIT ?`),
      clampDue: db.prepare("UPDATE push_items SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?"),
      nextDue: db.prepare("SELECT MIN(next_attempt_at) AS at FROM push_items WHERE state = 'pending'"),
      insertAttempt: db.prepare('INSERT INTO push_attempts (item_id, attempt, at, status, outcome, reason, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      settle: db.prepare('UPDATE push_items SET state = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?, updated_at = ?, sent_at = COALESCE(?, sent_at) WHERE id = ?'),
      resend: db.prepare("UPDATE push_items SET state = 'pending', next_attempt_at = ?, updated_at = ?, last_error = NULL WHERE id = ? AND state IN ('rejected', 'sent', 'pending')"),
      attempts: db.prepare('SELECT attempt, at, status, outcome, reason, duration_ms FROM push_attempts WHERE item_id = ? ORDER BY attempt, id'),
      counts: db.prepare('SELECT target, state, COUNT(*) AS n FROM push_items GROUP BY target, state'),
    };
  }

  get open(): boolean {
    return this.db.open;
  }

  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  targets(): PushTargetRow[] {
    return this.s.targets.all() as PushTargetRow[];
  }

  target(code: string): PushTargetRow | undefined {
    return this.s.target.get(code) as PushTargetRow | undefined;
  }

  /** Inserts or replaces a target; a new one owes what is committed after `fromSeq`. */
  saveTarget(f: TargetFields, fromSeq: number, at: string): void {
    const params = { ...f, fieldMap: JSON.stringify(f.fieldMap), codeMap: JSON.stringify(f.codeMap), active: f.active ? 1 : 0, fromSeq, at };
    if (this.target(f.code)) this.s.updateTarget.run(params);
    else this.s.insertTarget.run(params);
  }

  /** Targets no longer in the configuration stop (their items and log stay). */
  deactivateAllBut(codes: readonly string[], at: string): void {
    this.s.deactivateOthers.run(at, JSON.stringify(codes));
  }

  /** Queues one record version for one target; false when it was queued before (a re-read outbox row). */
  addItem(i: { target: string; recordKey: string; ticketId: string; seq: number; record: string; at: string }): boolean {
    return this.s.insertItem.run(i.target, i.recordKey, i.ticketId, i.seq, i.record, i.at, i.at, i.at).changes > 0;
  }

  item(id: number): PushItemRow | undefined {
    return this.s.item.get(id) as PushItemRow | undefined;
  }

  itemByKey(target: string, recordKey: string): PushItemRow | undefined {
    return this.s.itemByKey.get(target, recordKey) as PushItemRow | undefined;
  }

  due(at: string, limit: number): PushItemRow[] {
    return this.s.due.all(at, limit) as PushItemRow[];
  }

  /** Pending items due later than `latest` fall due at `now` (the clock stepped back since they were scheduled); returns how many. */
  clampDue(now: string, latest: string): number {
    return this.s.clampDue.run(now, latest).changes;
  }

  /** When the earliest pending item falls due (null with none pending). */
  nextDue(): string | null {
    return (this.s.nextDue.get() as { at: string | null }).at;
  }

  /** Logs an attempt and moves the item on (call inside the transaction that emits its state event). */
  recordAttempt(
    item: PushItemRow,
    a: { attempt: number; at: string; status: number | null; outcome: string; reason: string | null; durationMs: number },
    next: { state: PushState; nextAttemptAt: string | null; sentAt: string | null },
  ): void {
    this.s.insertAttempt.run(item.id, a.attempt, a.at, a.status, a.outcome, a.reason, a.durationMs);
    this.s.settle.run(next.state, a.attempt, a.status, a.reason, next.nextAttemptAt, a.at, next.sentAt, item.id);
  }

  /** Back to pending, due now (补报); the attempt count and log stay, the key stays. */
  resend(id: number, at: string): boolean {
    return this.s.resend.run(at, at, id).changes > 0;
  }

  attemptsOf(id: number): PushAttemptRow[] {
    return this.s.attempts.all(id) as PushAttemptRow[];
  }

  counts(): Map<string, Record<PushState, number>> {
    const out = new Map<string, Record<PushState, number>>();
    for (const r of this.s.counts.all() as { target: string; state: PushState; n: number }[]) {
      const c = out.get(r.target) ?? { pending: 0, sent: 0, rejected: 0 };
      c[r.state] = r.n;
      out.set(r.target, c);
    }
    return out;
  }

  /** Items newest first, by target and state. */
  items(filter: { target?: string | undefined; state?: PushState | undefined; limit: number }): PushItemRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.target) (where.push('target = ?'), args.push(filter.target));
    if (filter.state) (where.push('state = ?'), args.push(filter.state));
    const sql = `SELECT * FROM push_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.db.prepare(sql).all(...args, filter.limit) as PushItemRow[];
  }
}
