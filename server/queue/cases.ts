import type { CaseHistoryEntry, CaseState, CaseView } from '../../contract/admin.ts';
import type { EvaluationLevel } from '../../contract/domain.ts';
import { CASE_ACTION_EVENTS, CASE_STATE_LABELS, type CaseAction } from '../../contract/evaluation.ts';
import type { Actor } from '../../contract/events.ts';
import { DomainError } from '../common/errors.ts';
import { CaseStore, toCaseView, type CaseRow } from '../store/case-store.ts';
import { readSupervisionSettings } from '../store/settings-store.ts';
import type { EngineCore, Tx } from './core.ts';
import type { TicketRow } from './ticket-rows.ts';
import { addWorkingDays } from './working-days.ts';

/** How a case's history names who acted: `staff:S001`, `device:E1`, `system`. */
export function actorLabel(a: Actor): string {
  return a.id ? `${a.kind}:${a.id}` : a.kind;
}

const STATE_LABELS = CASE_STATE_LABELS;

const notFound = (id: number) => new DomainError('not_found', 'NOT_FOUND', `没有找到差评工单 ${id}。`);

/** A call-back number as sealed by the use case (AES-GCM) and as supervisors may see it. */
export interface SealedContact {
  sealed: string;
  masked: string;
}

/** A step of the cycle: which state it leaves, which it enters, and the columns it sets. */
interface StepSpec {
  action: Extract<CaseAction, 'contacted' | 'rectified' | 'fed_back' | 'resolved'>;
  from: CaseState;
  to: CaseState;
}

const STEPS = {
  contacted: { action: 'contacted', from: 'open', to: 'contacted' },
  rectified: { action: 'rectified', from: 'contacted', to: 'rectified' },
  fed_back: { action: 'fed_back', from: 'rectified', to: 'fed_back' },
  resolved: { action: 'resolved', from: 'fed_back', to: 'resolved' },
} as const satisfies Record<string, StepSpec>;

/**
 * 差评 follow-up cases as engine state (DESIGN.md §4, GB/T 39734): a 差评 opens a case in the
 * evaluation's own transaction, with its 回访 deadline (1 working day by default) and its 整改
 * deadline (15 working days) on the hall's calendar (hours, holidays, 调休), assigned to the default
 * supervisor when one is set. It then moves open → contacted (回访) → rectified (整改, with what was
 * changed) → fed_back (反馈; the citizen may give one 追评) → resolved (办结, the call-back number is
 * erased). Each change writes the case row, one history entry (with the acting staff member's name)
 * and one `case.*` event (the case as it is after the change, and that entry), in one transaction.
 *
 * Every command has an `…In(tx, …)` form that runs inside a transaction the caller already holds (a
 * use case adding its audit entry) and a plain form that runs as its own engine command.
 */
export class CaseCommands {
  readonly store: CaseStore;
  /** Called inside the transaction after a step that changes the evaluation record's case summary. */
  onRecordChange: ((tx: Tx, ticketId: string) => void) | undefined;

  constructor(private readonly core: EngineCore) {
    this.store = new CaseStore(core.db);
  }

  private settings() {
    return readSupervisionSettings(this.core.db).cases;
  }

  /** The 回访 (contact) deadline of a case opened at `at`. */
  dueFor(at: Date): Date {
    const { hall } = this.core.catalog;
    return addWorkingDays(at, this.settings().contactWorkingDays, hall.timezone, hall.hours);
  }

  /** The 整改 (rectification) deadline of a case opened at `at`. */
  rectifyDueFor(at: Date): Date {
    const { hall } = this.core.catalog;
    return addWorkingDays(at, this.settings().rectifyWorkingDays, hall.timezone, hall.hours);
  }

  /** Inserts the case row of a 差评 inside the evaluation's transaction; returns its id. */
  insertIn(tx: Tx, ticket: TicketRow, level: EvaluationLevel, reason: string | null): number {
    const at = tx.now.toISOString();
    const itemName = ticket.item ? (this.core.catalog.items.get(ticket.item)?.name ?? null) : null;
    return this.store.insert({
      ticketId: ticket.id,
      window: ticket.window,
      staffBadge: ticket.staff_badge,
      level,
      reason,
      dueAt: this.dueFor(tx.now).toISOString(),
      rectifyDueAt: this.rectifyDueFor(tx.now).toISOString(),
      itemName,
      at,
    });
  }

  /** Records the opening of a case just inserted (and its default assignment), with their events. */
  openedIn(tx: Tx, id: number, actor: Actor): CaseView {
    const row = this.existing(id);
    const at = row.created_at;
    let view = this.record(tx, id, 'created', actor, { at, fromState: null, toState: 'open', assignee: null, note: row.reason }, false);
    const assignee = this.settings().defaultAssignee;
    if (assignee && this.store.isActiveSupervisor(assignee)) {
      this.store.setAssignee(id, assignee, at);
      view = this.record(tx, id, 'assigned', { kind: 'system', id: null }, { at, fromState: null, toState: null, assignee, note: null });
    }
    return view;
  }

  /** Refuses a badge that is not an active supervisor or admin. */
  assertAssignable(badge: string): void {
    if (!this.store.isActiveSupervisor(badge)) throw new DomainError('invalid', 'INVALID_ASSIGNEE', `${badge} 不是在职的督查人员或管理员，不能承办差评工单。`);
  }

  /** 分派. */
  assign(id: number, assignee: string, actor: Actor, note?: string): CaseView {
    return this.core.run((tx) => this.assignIn(tx, id, assignee, actor, note));
  }

  assignIn(tx: Tx, id: number, assignee: string, actor: Actor, note?: string): CaseView {
    this.assertAssignable(assignee);
    const row = this.existing(id);
    if (row.state === 'resolved') throw new DomainError('conflict', 'CASE_CLOSED', '工单已办结，不能再指派。');
    const at = tx.now.toISOString();
    this.store.setAssignee(id, assignee, at);
    return this.record(tx, id, 'assigned', actor, { at, fromState: null, toState: null, assignee, note: note ?? null });
  }

  /** 回访: the citizen was called back. */
  contact(id: number, actor: Actor, note: string): CaseView {
    return this.core.run((tx) => this.contactIn(tx, id, actor, note));
  }

  contactIn(tx: Tx, id: number, actor: Actor, note: string): CaseView {
    return this.step(tx, id, actor, note, STEPS.contacted, { contacted_at: tx.now.toISOString() });
  }

  /** 整改: what was changed. */
  rectifyIn(tx: Tx, id: number, actor: Actor, rectification: string): CaseView {
    return this.step(tx, id, actor, rectification, STEPS.rectified, { rectified_at: tx.now.toISOString(), rectification });
  }

  /** 反馈: the citizen was told what was changed; the one 追评 is open from now on. */
  feedbackIn(tx: Tx, id: number, actor: Actor, feedback: string): CaseView {
    return this.step(tx, id, actor, feedback, STEPS.fed_back, { fed_back_at: tx.now.toISOString(), feedback });
  }

  /** 办结: closes the case and erases its call-back number. */
  resolve(id: number, actor: Actor, note: string): CaseView {
    return this.core.run((tx) => this.resolveIn(tx, id, actor, note));
  }

  resolveIn(tx: Tx, id: number, actor: Actor, note: string): CaseView {
    const had = this.existing(id).contact_masked !== null;
    let view = this.step(tx, id, actor, note, STEPS.resolved, { resolved_at: tx.now.toISOString() });
    if (had) {
      // Contact data is kept only while it is needed (DESIGN.md §6): the case is closed, so it goes.
      this.store.eraseContact(id, tx.now.toISOString());
      view = this.record(tx, id, 'contact_erased', { kind: 'system', id: null }, { at: tx.now.toISOString(), fromState: null, toState: null, assignee: null, note: null }, false);
    }
    return view;
  }

  /** 追评: the citizen's one re-rating after 反馈 (the evaluation commands update the record). */
  rerateIn(tx: Tx, id: number, actor: Actor, level: EvaluationLevel, note: string | null): CaseView {
    const row = this.existing(id);
    if (row.state !== 'fed_back' || row.rerate_level !== null) {
      throw new DomainError('conflict', 'RERATE_NOT_OPEN', row.rerate_level !== null ? '该差评已追评过一次，不能再次追评。' : `工单当前为「${STATE_LABELS[row.state]}」，反馈之后才能追评。`);
    }
    const at = tx.now.toISOString();
    this.store.setRerate(id, level, at);
    return this.record(tx, id, 'rerated', actor, { at, fromState: null, toState: null, assignee: null, note: note ?? level }, false);
  }

  /** The citizen left a call-back number (sealed by the use case); only while the case is open. */
  setContactIn(tx: Tx, id: number, contact: SealedContact, actor: Actor): CaseView {
    const row = this.existing(id);
    if (row.state === 'resolved') throw new DomainError('conflict', 'CASE_CLOSED', '工单已办结，无需再留联系电话。');
    const at = tx.now.toISOString();
    this.store.setContact(id, contact.sealed, contact.masked, at);
    return this.record(tx, id, 'note', actor, { at, fromState: null, toState: null, assignee: null, note: `办事人留下回访电话 ${contact.masked}` }, false);
  }

  addNote(id: number, actor: Actor, note: string): CaseView {
    return this.core.run((tx) => this.addNoteIn(tx, id, actor, note));
  }

  addNoteIn(tx: Tx, id: number, actor: Actor, note: string): CaseView {
    this.existing(id);
    const at = tx.now.toISOString();
    this.store.touch(id, at);
    return this.record(tx, id, 'note', actor, { at, fromState: null, toState: null, assignee: null, note }, false);
  }

  /** One case with its history, as of the engine's clock. */
  get(id: number): CaseView {
    const row = this.existing(id);
    return { ...toCaseView(row, this.core.clock.now()), history: this.store.history(id) };
  }

  private step(tx: Tx, id: number, actor: Actor, note: string, spec: StepSpec, columns: Parameters<CaseStore['setState']>[3]): CaseView {
    const row = this.existing(id);
    if (row.state !== spec.from) {
      throw new DomainError('conflict', 'CASE_STATE', `工单当前为「${STATE_LABELS[row.state]}」，只能从「${STATE_LABELS[spec.from]}」改为「${STATE_LABELS[spec.to]}」。`, { state: row.state });
    }
    const at = tx.now.toISOString();
    this.store.setState(id, spec.to, at, columns);
    return this.record(tx, id, spec.action, actor, { at, fromState: spec.from, toState: spec.to, assignee: null, note });
  }

  existing(id: number): CaseRow {
    const row = this.store.row(id);
    if (!row) throw notFound(id);
    return row;
  }

  /**
   * Writes the history entry (with the staff member's name) and emits its event: the case as it now
   * is (without history) and the entry. No ticket and no window on the event, so only supervisors see
   * it in full. A step that changes the record's case summary also re-emits the evaluation record.
   */
  private record(tx: Tx, id: number, action: CaseAction, actor: Actor, e: Omit<CaseHistoryEntry, 'actor' | 'action' | 'actorName'>, recordChanges = true): CaseView {
    const actorName = actor.kind === 'staff' && actor.id ? this.store.nameOf(actor.id) : null;
    const entry: CaseHistoryEntry = { ...e, actor: actorLabel(actor), action, actorName };
    this.store.addHistory(id, entry);
    const row = this.existing(id);
    const view = toCaseView(row, tx.now);
    tx.emit({ type: CASE_ACTION_EVENTS[action], actor, data: { caseId: id, case: view, entry } });
    if (recordChanges && action !== 'assigned' && action !== 'note') this.onRecordChange?.(tx, row.ticket_id);
    return { ...view, history: this.store.history(id) };
  }
}
