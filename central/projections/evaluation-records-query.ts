import type pg from 'pg';
import type { CentralEvaluationRecord, EvaluationRecordsQuery } from '../../contract/central/evaluations.ts';

interface RecordRow {
  hall: string;
  hall_name: string;
  day: string;
  record_id: string;
  revision: number;
  ticket_number: string;
  case_number: string;
  channel: string;
  grade: CentralEvaluationRecord['grade'];
  first_grade: CentralEvaluationRecord['grade'];
  times: number;
  item_name: string | null;
  implementation_code: string | null;
  department_name: string | null;
  region_code: string | null;
  window_no: number | null;
  staff_badge: string | null;
  staff_name: string | null;
  case_state: string | null;
  at: Date;
}

interface PushRow {
  hall: string;
  record_id: string;
  target: string;
  target_name: string;
  state: 'pending' | 'sent' | 'rejected';
  attempts: number;
  status: number | null;
  reason: string | null;
  resend: boolean;
  updated_at: Date;
  sent_at: Date | null;
}

/**
 * The records view's reads: the records of the halls under `path` by the query's filters, newest
 * first, each with its latest revision's push state per target, and the totals over the whole filter.
 * Days are compared as dates so the monthly partitions are pruned.
 */
export async function evaluationRecords(
  pool: pg.Pool,
  path: string,
  q: EvaluationRecordsQuery,
): Promise<{ records: CentralEvaluationRecord[]; totals: { records: number; pending: number; sent: number; rejected: number } }> {
  const where = `FROM proj_eval_records r
      JOIN central_halls h ON h.code = r.hall
      JOIN central_regions g ON g.code = h.region
     WHERE g.path LIKE $1
       AND ($2::text IS NULL OR r.hall = $2)
       AND ($3::date IS NULL OR r.day >= $3::date)
       AND ($4::date IS NULL OR r.day <= $4::date)
       AND ($5::text IS NULL OR r.grade = $5)
       AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM proj_eval_pushes p
             WHERE p.hall = r.hall AND p.day = r.day AND p.record_id = r.record_id AND p.revision = r.revision AND p.state = $6))`;
  const args = [`${path}%`, q.hall ?? null, q.from ?? null, q.to ?? null, q.grade ?? null, q.push ?? null];
  const rows = (
    await pool.query<RecordRow>(
      `SELECT r.hall, h.name AS hall_name, to_char(r.day, 'YYYY-MM-DD') AS day, r.record_id, r.revision, r.ticket_number, r.case_number, r.channel, r.grade,
              r.first_grade, r.times, r.item_name, r.implementation_code, r.department_name, r.region_code, r.window_no, r.staff_badge, r.staff_name,
              r.case_state, r.at
       ${where} ORDER BY r.at DESC, r.hall, r.record_id LIMIT $7`,
      [...args, q.limit],
    )
  ).rows;
  const totals = (
    await pool.query<{ records: number; pending: number; sent: number; rejected: number }>(
      `SELECT count(*)::int AS records,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM proj_eval_pushes p WHERE p.hall = r.hall AND p.day = r.day AND p.record_id = r.record_id AND p.revision = r.revision AND p.state = 'pending'))::int AS pending,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM proj_eval_pushes p WHERE p.hall = r.hall AND p.day = r.day AND p.record_id = r.record_id AND p.revision = r.revision AND p.state = 'sent'))::int AS sent,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM proj_eval_pushes p WHERE p.hall = r.hall AND p.day = r.day AND p.record_id = r.record_id AND p.revision = r.revision AND p.state = 'rejected'))::int AS rejected
       ${where}`,
      args,
    )
  ).rows[0]!;
  const pushes = rows.length
    ? (
        await pool.query<PushRow>(
          `SELECT p.hall, p.record_id, p.target, p.target_name, p.state, p.attempts, p.status, p.reason, p.resend, p.updated_at, p.sent_at
             FROM proj_eval_pushes p
             JOIN unnest($1::text[], $2::date[], $3::text[], $4::int[]) AS k(hall, day, record_id, revision)
               ON p.hall = k.hall AND p.day = k.day AND p.record_id = k.record_id AND p.revision = k.revision
            ORDER BY p.target`,
          [rows.map((r) => r.hall), rows.map((r) => r.day), rows.map((r) => r.record_id), rows.map((r) => r.revision)],
        )
      ).rows
    : [];
  const byRecord = new Map<string, PushRow[]>();
  for (const p of pushes) byRecord.set(`${p.hall}|${p.record_id}`, [...(byRecord.get(`${p.hall}|${p.record_id}`) ?? []), p]);
  return {
    totals,
    records: rows.map((r) => ({
      hall: r.hall,
      hallName: r.hall_name,
      day: r.day,
      recordId: r.record_id,
      revision: r.revision,
      ticketNumber: r.ticket_number,
      caseNumber: r.case_number,
      channel: r.channel,
      grade: r.grade,
      firstGrade: r.first_grade,
      times: r.times,
      itemName: r.item_name,
      implementationCode: r.implementation_code,
      departmentName: r.department_name,
      regionCode: r.region_code,
      windowNo: r.window_no,
      staffBadge: r.staff_badge,
      staffName: r.staff_name,
      caseState: r.case_state,
      at: r.at.toISOString(),
      pushes: (byRecord.get(`${r.hall}|${r.record_id}`) ?? []).map((p) => ({
        target: p.target,
        targetName: p.target_name,
        state: p.state,
        attempts: p.attempts,
        status: p.status,
        reason: p.reason,
        resend: p.resend,
        updatedAt: p.updated_at.toISOString(),
        sentAt: p.sent_at?.toISOString() ?? null,
      })),
    })),
  };
}
