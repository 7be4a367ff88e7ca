import type { HallEvent } from '../../../contract/events.ts';
import { EvaluationRecord } from '../../../contract/evaluation.ts';
import type { Db } from '../db.ts';

/**
 * The evaluation record and the later 差评 steps, rebuilt from events (contract/evaluation.ts):
 * `evaluation.recorded` carries the whole record, so the evaluations row is set from it exactly as the
 * engine wrote it; `case.*` events carry the case view, whose later-step columns are set here (the
 * hall projection writes the columns cases had before). The sealed call-back number never travels in
 * an event and is not rebuilt (the comparison leaves it out, like the ID hashes).
 */
export function projectEvaluationRecord(db: Db, e: HallEvent): void {
  const parsed = EvaluationRecord.safeParse(e.data.record);
  if (!parsed.success) return;
  const r = parsed.data;
  const rerated = r.times >= 2;
  db.prepare(
    `UPDATE evaluations SET level = @level, dimensions = @dimensions, reason = @reason, source = @source, window = @window, staff_badge = @staff_badge,
       at = @at, times = @times, reasons = @reasons, text = @text, followup_level = @followup_level, followup_at = @followup_at,
       revision = @revision, record = @record WHERE ticket_id = @ticket_id`,
  ).run({
    ticket_id: r.ticketId,
    level: r.firstGrade,
    dimensions: r.dimensions ? JSON.stringify(r.dimensions) : null,
    reason: r.reasons.length ? r.reasons.join('；') : null,
    source: r.channel,
    window: r.window,
    staff_badge: r.staffBadge,
    at: r.firstAt,
    times: r.times,
    reasons: JSON.stringify(r.reasons),
    text: r.text,
    followup_level: rerated ? r.grade : null,
    followup_at: rerated ? r.at : null,
    revision: r.revision,
    record: JSON.stringify(e.data.record),
  });
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The columns of the later steps, from a `case.*` event's view (absent in events before them: left as they are). */
export function projectCaseSteps(db: Db, e: HallEvent): void {
  // The history entry the hall projection just appended: the acting staff member's name.
  const entry = e.data.entry;
  if (typeof entry === 'object' && entry !== null && typeof (entry as { actorName?: unknown }).actorName === 'string' && typeof e.data.caseId === 'number') {
    db.prepare('UPDATE case_history SET actor_name = ? WHERE id = (SELECT MAX(id) FROM case_history WHERE case_id = ?)').run((entry as { actorName: string }).actorName, e.data.caseId);
  }
  const view = e.data.case;
  if (typeof view !== 'object' || view === null || !('rectifyDueAt' in view)) return;
  const v = view as Record<string, unknown>;
  if (typeof v.id !== 'number') return;
  db.prepare(
    `UPDATE cases SET item_name = @item_name, rectify_due_at = @rectify_due_at, rectified_at = @rectified_at, rectification = @rectification,
       fed_back_at = @fed_back_at, feedback = @feedback, rerate_level = @rerate_level, rerated_at = @rerated_at,
       contact_masked = @contact_masked, contact_erased_at = @contact_erased_at WHERE id = @id`,
  ).run({
    id: v.id,
    item_name: str(v.itemName),
    rectify_due_at: str(v.rectifyDueAt),
    rectified_at: str(v.rectifiedAt),
    rectification: str(v.rectification),
    fed_back_at: str(v.fedBackAt),
    feedback: str(v.feedback),
    rerate_level: str(v.rerateLevel),
    rerated_at: str(v.reratedAt),
    contact_masked: str(v.contactMasked),
    contact_erased_at: str(v.contactErasedAt),
  });
}
