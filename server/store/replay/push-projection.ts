import type { HallEvent } from '../../../contract/events.ts';
import type { Db } from '../db.ts';

/**
 * The 好差评 push state (migration 9) rebuilt from `evaluation.push_state` events, with each item's
 * record from the `evaluation.recorded` event it names, so a rebuilt hall knows what it sent, what a
 * receiver rejected and why, and retries what was pending under the same idempotency key. Targets are
 * machine configuration (the push file) and their tokens never travel: a target appears as an inactive
 * placeholder until the push file names it again at start-up. The attempt log is not rebuilt; the
 * attempt count is.
 */
export class PushProjection {
  private readonly records = new Map<number, string>();
  private readonly target;
  private readonly item;

  constructor(db: Db) {
    this.target = db.prepare(`INSERT INTO push_targets (code, name, url, token, auth_header, auth_scheme, timeout_ms, field_map, code_map, active, from_seq, created_at, updated_at)
      VALUES (?, ?, '', '', 'Authorization', 'Bearer', 10000, '{}', '{}', 0, 0, ?, ?) ON CONFLICT(code) DO NOTHING`);
    this.item = db.prepare(`INSERT INTO push_items (target, record_key, ticket_id, event_seq, record, state, attempts, next_attempt_at, last_status, last_error, created_at, updated_at, sent_at)
      VALUES (@target, @key, @ticket, @seq, @record, @state, @attempts, @next, @status, @reason, @at, @at, @sent)
      ON CONFLICT(target, record_key) DO UPDATE SET state = excluded.state, attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
        last_status = excluded.last_status, last_error = excluded.last_error, updated_at = excluded.updated_at, sent_at = COALESCE(excluded.sent_at, sent_at)`);
  }

  apply(e: HallEvent): void {
    if (e.type === 'evaluation.recorded' && e.data.record) this.records.set(e.seq, JSON.stringify(e.data.record));
    if (e.type !== 'evaluation.push_state') return;
    const d = e.data as { target: string; targetName: string; recordKey: string; ticketId: string; evaluationSeq: number; state: string; attempts: number; status: number | null; reason: string | null };
    const record = this.records.get(d.evaluationSeq);
    if (!record) return;
    this.target.run(d.target, d.targetName, e.at, e.at);
    this.item.run({
      target: d.target,
      key: d.recordKey,
      ticket: d.ticketId,
      seq: d.evaluationSeq,
      record,
      state: d.state,
      attempts: d.attempts,
      next: d.state === 'pending' ? e.at : null,
      status: d.status,
      reason: d.state === 'rejected' ? d.reason : null,
      at: e.at,
      sent: d.state === 'sent' ? e.at : null,
    });
  }
}
