import { BAD_EVALUATIONS, type EvaluationLevel } from '../../contract/domain.ts';
import {
  EvaluationRecord,
  type EvaluationCaseSummary,
  type EvaluationChannel,
  type EvaluationRefusal,
  type RefusalCode,
  REFUSAL_MESSAGES,
} from '../../contract/evaluation.ts';
import { DomainError } from '../common/errors.ts';
import { QueueError } from './errors.ts';
import type { Actor } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { CaseCommands, SealedContact } from './cases.ts';
import type { EngineCore, Tx } from './core.ts';
import type { TicketRow } from './ticket-rows.ts';

/** An evaluation refusal: 409 (404 for a bad key, 403 for another window's ticket) with its code and Chinese message. */
export class EvaluationError extends DomainError {
  constructor(readonly refusal: RefusalCode) {
    // A caller rating another window's ticket is refused like any other forbidden call (code FORBIDDEN).
    super(refusal === 'BAD_KEY' ? 'not_found' : refusal === 'WRONG_WINDOW' ? 'forbidden' : 'conflict', refusal === 'WRONG_WINDOW' ? 'FORBIDDEN' : refusal, REFUSAL_MESSAGES[refusal]);
    this.name = 'EvaluationError';
  }
}

/** How long after 办结 an evaluator press still rates the visit just finished at its window. */
export const EVALUATOR_AFTER_FINISH_MINUTES = 15;

export interface RateInput {
  ticketId: string;
  level: EvaluationLevel;
  channel: EvaluationChannel;
  reasons?: readonly string[] | undefined;
  text?: string | null | undefined;
  dimensions?: Record<string, EvaluationLevel> | undefined;
  actor: Actor;
  /** A 差评's call-back number, already sealed (phone page: given with the rating). */
  contact?: SealedContact | undefined;
}

export interface RateResult {
  ticket: TicketView;
  record: EvaluationRecord;
  caseId: number | null;
}

/** The evaluations row (migrations 001 and 008). */
interface EvaluationRow {
  ticket_id: string;
  level: string;
  dimensions: string | null;
  reason: string | null;
  source: string;
  window: number | null;
  staff_badge: string | null;
  at: string;
  times: number;
  reasons: string | null;
  text: string | null;
  followup_level: string | null;
  followup_at: string | null;
  revision: number;
  record: string | null;
}

/** The rateable states: at the window (called, serving) or just finished. */
const RATEABLE = new Set(['called', 'serving', 'finished']);

/**
 * 好差评 evaluation records (contract/evaluation.ts): one per visit (a ticket with its transfers). A
 * rating writes the evaluations row, the ticket's grade, `ticket.evaluated` (as before), a 差评's case
 * with its events, then the record and `evaluation.recorded`, all in one transaction. The 追评 and the
 * case steps that change the record's case summary write a new revision of the record with its event.
 * A refusal is an `evaluation.refused` event of its own (the refused command rolled back).
 */
export class EvaluationCommands {
  constructor(
    private readonly core: EngineCore,
    private readonly cases: CaseCommands,
  ) {
    cases.onRecordChange = (tx, ticketId) => {
      if (this.row(ticketId)) this.emitRecord(tx, ticketId, 'bump');
    };
  }

  /** Rates a visit; throws ALREADY_EVALUATED (409) or NOT_EVALUABLE. */
  rate(input: RateInput): RateResult {
    return this.core.run((tx) => this.rateIn(tx, input));
  }

  rateIn(tx: Tx, input: RateInput): RateResult {
    const t = this.core.ticketRow(input.ticketId);
    // The two refusals the engine always had keep their QueueError (same code, status and message).
    if (t.evaluation || this.row(t.id)) throw new QueueError('ALREADY_EVALUATED');
    if (!RATEABLE.has(t.state)) throw new QueueError('NOT_EVALUABLE');
    const at = tx.now.toISOString();
    const reasons = [...(input.reasons ?? [])];
    const reason = reasons.length ? reasons.join('；') : null;
    const text = input.text?.trim() ? input.text.trim() : null;
    this.core.db
      .prepare(
        `INSERT INTO evaluations (ticket_id, level, dimensions, reason, source, window, staff_badge, at, times, reasons, text, revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 0)`,
      )
      .run(t.id, input.level, input.dimensions ? JSON.stringify(input.dimensions) : null, reason, input.channel, t.window, t.staff_badge, at, JSON.stringify(reasons), text);
    const ticket = this.core.patch(t.id, { evaluation: input.level });
    const bad = BAD_EVALUATIONS.includes(input.level);
    // The case row and its id go in before the evaluation's event, which names it; the case's own
    // events (case.opened, and case.assigned for a default assignee) follow it.
    const caseId = bad ? this.cases.insertIn(tx, t, input.level, reason ?? text) : null;
    tx.emit({
      type: 'ticket.evaluated',
      actor: input.actor,
      ticket,
      window: t.window,
      data: { level: input.level, dimensions: input.dimensions ?? null, reason, source: input.channel, bad, caseId },
    });
    if (caseId !== null) {
      this.cases.openedIn(tx, caseId, input.actor);
      if (input.contact) this.cases.setContactIn(tx, caseId, input.contact, input.actor);
    }
    const record = this.emitRecord(tx, t.id, 'bump');
    return { ticket, record, caseId };
  }

  /** The 追评: one re-rating of a 差评 whose case was fed back. */
  rerate(ticketId: string, level: EvaluationLevel, text: string | null, actor: Actor): EvaluationRecord {
    return this.core.run((tx) => this.rerateIn(tx, ticketId, level, text, actor));
  }

  rerateIn(tx: Tx, ticketId: string, level: EvaluationLevel, text: string | null, actor: Actor): EvaluationRecord {
    const row = this.row(ticketId);
    const c = this.cases.store.rowOfTicket(ticketId);
    if (!row || !c) throw new EvaluationError('RERATE_NOT_OPEN');
    this.cases.rerateIn(tx, c.id, actor, level, text);
    const at = tx.now.toISOString();
    this.core.db
      .prepare('UPDATE evaluations SET followup_level = ?, followup_at = ?, times = 2, text = COALESCE(?, text) WHERE ticket_id = ?')
      .run(level, at, text?.trim() ? text.trim() : null, ticketId);
    return this.emitRecord(tx, ticketId, 'bump');
  }

  /** 办结 of a visit already rated (at the window, before it finished): a new revision with its finish time. */
  finishedIn(tx: Tx, ticketId: string): void {
    if (this.row(ticketId)) this.emitRecord(tx, ticketId, 'bump');
  }

  /** A call-back number given after the rating (the tablet's and the phone page's contact step). */
  addContact(ticketId: string, contact: SealedContact, actor: Actor): { caseId: number } {
    return this.core.run((tx) => {
      const c = this.cases.store.rowOfTicket(ticketId);
      if (!c) throw new EvaluationError('NO_CASE');
      if (c.contact_masked !== null) throw new EvaluationError('CONTACT_GIVEN');
      this.cases.setContactIn(tx, c.id, contact, actor);
      return { caseId: c.id };
    });
  }

  /**
   * Records a refusal or a dropped press as its own event (the refused command rolled back, so it
   * left nothing): supervisors and the log see every one.
   */
  refuse(refusal: EvaluationRefusal, actor: Actor): void {
    this.core.run((tx) => {
      tx.emit({
        type: 'evaluation.refused',
        actor,
        ticket: refusal.ticketId ? this.core.ticket(refusal.ticketId) : null,
        window: refusal.window,
        data: { refusal },
      });
    });
  }

  /**
   * The visit an evaluator press at this window rates: the ticket the window asked to be rated (评价
   * key), else the ticket at the window now (called or serving), else the one it finished within
   * EVALUATOR_AFTER_FINISH_MINUTES. Undefined when there is none.
   */
  targetAtWindow(window: number): { ticket: TicketRow; code?: RefusalCode } | undefined {
    const db = this.core.db;
    const day = this.core.today();
    const requested = db
      .prepare("SELECT ticket_id FROM events WHERE type = 'ticket.evaluation_requested' AND window = ? AND day = ? ORDER BY seq DESC LIMIT 1")
      .get(window, day) as { ticket_id: string | null } | undefined;
    if (requested?.ticket_id) {
      const t = this.core.ticketRow(requested.ticket_id);
      // A request stands while that ticket is still at this window or finished there and unrated.
      if (t.window === window && RATEABLE.has(t.state) && !t.evaluation) return { ticket: t };
    }
    const current = this.core.currentRow(window);
    if (current) return { ticket: current };
    const last = db
      .prepare("SELECT * FROM tickets WHERE window = ? AND state = 'finished' AND day = ? ORDER BY finished_at DESC, rowid DESC LIMIT 1")
      .get(window, day) as TicketRow | undefined;
    if (!last?.finished_at) return undefined;
    const age = this.core.clock.now().getTime() - Date.parse(last.finished_at);
    return age <= EVALUATOR_AFTER_FINISH_MINUTES * 60_000 ? { ticket: last } : undefined;
  }

  /** The record of a visit as last written, or null when it was never rated. */
  record(ticketId: string): EvaluationRecord | null {
    const row = this.row(ticketId);
    return row?.record ? EvaluationRecord.parse(JSON.parse(row.record)) : null;
  }

  /** Is there an evaluation of this visit? */
  rated(ticketId: string): boolean {
    return this.row(ticketId) !== undefined;
  }

  private row(ticketId: string): EvaluationRow | undefined {
    return this.core.db.prepare('SELECT * FROM evaluations WHERE ticket_id = ?').get(ticketId) as EvaluationRow | undefined;
  }

  /** Builds the record as it now is, keeps it with its new revision and emits `evaluation.recorded`. */
  private emitRecord(tx: Tx, ticketId: string, _why: 'bump'): EvaluationRecord {
    const row = this.row(ticketId)!;
    const record = this.build(row, row.revision + 1);
    this.core.db.prepare('UPDATE evaluations SET revision = ?, record = ? WHERE ticket_id = ?').run(record.revision, JSON.stringify(record), ticketId);
    tx.emit({ type: 'evaluation.recorded', actor: { kind: 'system', id: null }, ticket: null, window: record.window, data: { record } });
    return record;
  }

  private build(e: EvaluationRow, revision: number): EvaluationRecord {
    const { catalog } = this.core;
    const db = this.core.db;
    const t = this.core.ticketRow(e.ticket_id);
    const item = t.item ? catalog.items.get(t.item) : undefined;
    const windowConfig = e.window !== null ? catalog.windows.get(e.window) : undefined;
    const windowDept = e.window !== null ? (db.prepare('SELECT department FROM windows WHERE number = ?').get(e.window) as { department: string | null } | undefined)?.department : null;
    const departmentCode = item?.department ?? windowDept ?? null;
    const department = departmentCode ? catalog.departments.get(departmentCode) : undefined;
    const staffName = e.staff_badge ? ((db.prepare('SELECT name FROM staff WHERE badge = ?').get(e.staff_badge) as { name: string } | undefined)?.name ?? null) : null;
    const c = this.cases.store.rowOfTicket(t.id);
    const caseSummary: EvaluationCaseSummary | null = c
      ? {
          id: c.id,
          state: c.state,
          contactDueAt: c.due_at,
          rectifyDueAt: c.rectify_due_at,
          contactedAt: c.contacted_at,
          rectifiedAt: c.rectified_at,
          rectification: c.rectification,
          fedBackAt: c.fed_back_at,
          closedAt: c.resolved_at,
        }
      : null;
    const first = e.level as EvaluationLevel;
    const latest = (e.followup_level ?? e.level) as EvaluationLevel;
    const reasons = e.reasons ? (JSON.parse(e.reasons) as string[]) : e.reason ? [e.reason] : [];
    return EvaluationRecord.parse({
      id: `${catalog.hall.code}-${t.id}`,
      revision,
      caseNumber: `${catalog.hall.code}-${t.day.replaceAll('-', '')}-${t.number}`,
      hallCode: catalog.hall.code,
      hallName: catalog.hall.name,
      regionCode: catalog.hall.regionCode ?? null,
      departmentCode,
      departmentName: department?.name ?? null,
      itemCode: t.item,
      implementationCode: item?.implementationCode ?? null,
      itemName: item?.name ?? null,
      ticketId: t.id,
      ticketNumber: t.number,
      day: t.day,
      window: e.window,
      windowName: windowConfig?.name ?? null,
      staffBadge: e.staff_badge,
      staffName,
      channel: e.source,
      evaluator: { ref: t.id, nameMasked: t.name_masked, idMasked: t.id_masked },
      at: e.followup_at ?? e.at,
      firstAt: e.at,
      times: e.times,
      grade: latest,
      firstGrade: first,
      text: e.text,
      reasons,
      dimensions: e.dimensions ? (JSON.parse(e.dimensions) as Record<string, EvaluationLevel>) : null,
      servedAt: t.started_at,
      finishedAt: t.finished_at,
      case: caseSummary,
    });
  }
}
