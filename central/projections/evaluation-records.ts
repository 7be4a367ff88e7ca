import { EvaluationRecordedData } from '../../contract/evaluation.ts';
import type { HallEvent } from '../../contract/events.ts';
import { PushStateData } from '../../contract/push.ts';
import type { Statements } from './bulk.ts';

/**
 * 好差评 evaluation records (proj_eval_records, the latest revision of each visit's record, from
 * `evaluation.recorded`) and their push states per target (proj_eval_pushes, from
 * `evaluation.push_state`). A batch keeps the last version of each row in memory; the writes keep a
 * row's latest seq (`WHERE excluded.seq > …`), so a batch applied again, or a rebuild, gives the same
 * rows. The citizen's words and the evaluator's masked name are not projected: they stay at the hall.
 */
export class EvaluationRecordProjector {
  private readonly records = new Map<string, object>();
  private readonly pushes = new Map<string, object>();
  constructor(private readonly hall: string) {}

  apply(e: HallEvent): void {
    if (e.type === 'evaluation.recorded') {
      const parsed = EvaluationRecordedData.safeParse(e.data);
      if (!parsed.success) return;
      const r = parsed.data.record;
      this.records.set(`${r.day}|${r.id}`, {
        day: r.day,
        record_id: r.id,
        revision: r.revision,
        ticket_id: r.ticketId,
        ticket_number: r.ticketNumber,
        case_number: r.caseNumber,
        channel: r.channel,
        grade: r.grade,
        first_grade: r.firstGrade,
        times: r.times,
        item_code: r.itemCode,
        implementation_code: r.implementationCode,
        item_name: r.itemName,
        department_code: r.departmentCode,
        department_name: r.departmentName,
        region_code: r.regionCode,
        window_no: r.window,
        staff_badge: r.staffBadge,
        staff_name: r.staffName,
        case_state: r.case?.state ?? null,
        at: r.at,
        seq: e.seq,
      });
    } else if (e.type === 'evaluation.push_state') {
      const parsed = PushStateData.safeParse(e.data);
      if (!parsed.success) return;
      const p = parsed.data;
      const key = `${p.day}|${p.recordId}|${p.revision}|${p.target}`;
      const before = this.pushes.get(key) as { sent_at: string | null } | undefined;
      this.pushes.set(key, {
        day: p.day,
        record_id: p.recordId,
        revision: p.revision,
        target: p.target,
        target_name: p.targetName,
        record_key: p.recordKey,
        state: p.state,
        attempts: p.attempts,
        status: p.status,
        reason: p.reason,
        resend: p.resend,
        updated_at: e.at,
        // When it was last sent; a 补报 keeps the earlier time until it is sent again.
        sent_at: p.state === 'sent' ? e.at : (before?.sent_at ?? null),
        seq: e.seq,
      });
    }
  }

  flush(s: Statements): void {
    s.bulk(
      `INSERT INTO proj_eval_records AS t (hall, day, record_id, revision, ticket_id, ticket_number, case_number, channel, grade, first_grade, times, item_code,
         implementation_code, item_name, department_code, department_name, region_code, window_no, staff_badge, staff_name, case_state, at, seq)
       SELECT $2, x.* FROM json_to_recordset($1::json) AS x(day date, record_id text, revision integer, ticket_id text, ticket_number text, case_number text,
         channel text, grade text, first_grade text, times integer, item_code text, implementation_code text, item_name text, department_code text,
         department_name text, region_code text, window_no integer, staff_badge text, staff_name text, case_state text, at timestamptz, seq bigint)
       ON CONFLICT (hall, day, record_id) DO UPDATE SET revision = excluded.revision, grade = excluded.grade, first_grade = excluded.first_grade,
         times = excluded.times, channel = excluded.channel, item_code = excluded.item_code, implementation_code = excluded.implementation_code,
         item_name = excluded.item_name, department_code = excluded.department_code, department_name = excluded.department_name,
         region_code = excluded.region_code, window_no = excluded.window_no, staff_badge = excluded.staff_badge, staff_name = excluded.staff_name,
         case_state = excluded.case_state, at = excluded.at, seq = excluded.seq
       WHERE excluded.seq > t.seq`,
      [...this.records.values()],
      [this.hall],
    );
    // sent_at: a row that arrives pending (补报) after an earlier batch sent it keeps the stored time.
    s.bulk(
      `INSERT INTO proj_eval_pushes AS t (hall, day, record_id, revision, target, target_name, record_key, state, attempts, status, reason, resend, updated_at, sent_at, seq)
       SELECT $2, x.* FROM json_to_recordset($1::json) AS x(day date, record_id text, revision integer, target text, target_name text, record_key text,
         state text, attempts integer, status integer, reason text, resend boolean, updated_at timestamptz, sent_at timestamptz, seq bigint)
       ON CONFLICT (hall, day, record_id, revision, target) DO UPDATE SET target_name = excluded.target_name, record_key = excluded.record_key,
         state = excluded.state, attempts = excluded.attempts, status = excluded.status, reason = excluded.reason, resend = excluded.resend,
         updated_at = excluded.updated_at, sent_at = COALESCE(excluded.sent_at, t.sent_at), seq = excluded.seq
       WHERE excluded.seq > t.seq`,
      [...this.pushes.values()],
      [this.hall],
    );
  }
}
