import type { CaseHistoryEntry, CaseState, CaseView } from '../../contract/admin.ts';
import type { EvaluationLevel } from '../../contract/domain.ts';
import { CASE_STATE_LABELS } from '../../contract/evaluation.ts';
import type { Actor, EventType } from '../../contract/events.ts';
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

/**
 * 差评 follow-up cases as engine state (DESIGN.md §4): a 差评 opens a case in the evaluation's own
 * transaction, due N working days later on the hall's calendar (hours, holidays, 调休) and assigned to
 * the default supervisor when one is set; it then moves open → contacted → resolved, with notes. Each
 * change writes the case row, one history entry and one event (`case.*`, carrying the case as it is
 * after the change and that entry), all in one transaction, so the history and the event log agree
 * entry for entry, in the same order.
 *
 * Every command has an `…In(tx, …)` form that runs inside a transaction the caller already holds (a
 * use case adding its audit entry) and a plain form that runs as its own engine command.
 */
export class CaseCommands {
  readonly store: CaseStore;

  constructor(private readonly core: EngineCore) {
    this.store = new CaseStore(core.db);
  }

  private settings() {
    return readSupervisionSettings(this.core.db).cases;
  }

  /** The contact deadline of a case opened at `at`. */
  dueFor(at: Date): Date {
    const { hall } = this.core.catalog;
    return addWorkingDays(at, this.settings().contactWorkingDays, hall.timezone, hall.hours);
  }

  /** Inserts the case row of a 差评 inside the evaluation's transaction; returns its id. */
  insertIn(tx: Tx, ticket: TicketRow, level: EvaluationLevel, reason: string | null): number {
    const at = tx.now.toISOString();
    return this.store.insert({ ticketId: ticket.id, window: ticket.window, staffBadge: ticket.staff_badge, level, reason, dueAt: this.dueFor(tx.now).toISOString(), at });
  }

  /** Records the opening of a case just inserted (and its default assignment), with their events. */
  openedIn(tx: Tx, id: number, actor: Actor): CaseView {
    const row = this.existing(id);
    const at = row.created_at;
    let view = this.record(tx, id, 'case.opened', actor, { at, actor: actorLabel(actor), action: 'created', fromState: null, toState: 'open', assignee: null, note: row.reason });
    const assignee = this.settings().defaultAssignee;
    if (assignee && this.store.isActiveSupervisor(assignee)) {
      this.store.setAssignee(id, assignee, at);
      const system: Actor = { kind: 'system', id: null };
      view = this.record(tx, id, 'case.assigned', system, { at, actor: actorLabel(system), action: 'assigned', fromState: null, toState: null, assignee, note: null });
    }
    return view;
  }

  /** Refuses a badge that is not an active supervisor or admin. */
  assertAssignable(badge: string): void {
    if (!this.store.isActiveSupervisor(badge)) throw new DomainError('invalid', 'INVALID_ASSIGNEE', `${badge} 不是在职的督查人员或管理员，不能承办差评工单。`);
  }

  assign(id: number, assignee: string, actor: Actor, note?: string): CaseView {
    return this.core.run((tx) => this.assignIn(tx, id, assignee, actor, note));
  }

  assignIn(tx: Tx, id: number, assignee: string, actor: Actor, note?: string): CaseView {
    this.assertAssignable(assignee);
    const row = this.existing(id);
    if (row.state === 'resolved') throw new DomainError('conflict', 'CASE_CLOSED', '工单已办结，不能再指派。');
    const at = tx.now.toISOString();
    this.store.setAssignee(id, assignee, at);
    return this.record(tx, id, 'case.assigned', actor, { at, actor: actorLabel(actor), action: 'assigned', fromState: null, toState: null, assignee, note: note ?? null });
  }

  contact(id: number, actor: Actor, note: string): CaseView {
    return this.core.run((tx) => this.contactIn(tx, id, actor, note));
  }

  contactIn(tx: Tx, id: number, actor: Actor, note: string): CaseView {
    return this.step(tx, id, actor, note, 'open', 'contacted');
  }

  resolve(id: number, actor: Actor, note: string): CaseView {
    return this.core.run((tx) => this.resolveIn(tx, id, actor, note));
  }

  resolveIn(tx: Tx, id: number, actor: Actor, note: string): CaseView {
    return this.step(tx, id, actor, note, 'contacted', 'resolved');
  }

  addNote(id: number, actor: Actor, note: string): CaseView {
    return this.core.run((tx) => this.addNoteIn(tx, id, actor, note));
  }

  addNoteIn(tx: Tx, id: number, actor: Actor, note: string): CaseView {
    this.existing(id);
    const at = tx.now.toISOString();
    this.store.touch(id, at);
    return this.record(tx, id, 'case.noted', actor, { at, actor: actorLabel(actor), action: 'note', fromState: null, toState: null, assignee: null, note });
  }

  /** One case with its history, as of the engine's clock. */
  get(id: number): CaseView {
    const row = this.existing(id);
    return { ...toCaseView(row, this.core.clock.now()), history: this.store.history(id) };
  }

  private step(tx: Tx, id: number, actor: Actor, note: string, from: CaseState, to: 'contacted' | 'resolved'): CaseView {
    const row = this.existing(id);
    if (row.state !== from) {
      throw new DomainError('conflict', 'CASE_STATE', `工单当前为「${STATE_LABELS[row.state]}」，只能从「${STATE_LABELS[from]}」改为「${STATE_LABELS[to]}」。`, { state: row.state });
    }
    const at = tx.now.toISOString();
    this.store.setState(id, to, at);
    return this.record(tx, id, to === 'contacted' ? 'case.contacted' : 'case.resolved', actor, { at, actor: actorLabel(actor), action: to, fromState: from, toState: to, assignee: null, note });
  }

  private existing(id: number): CaseRow {
    const row = this.store.row(id);
    if (!row) throw notFound(id);
    return row;
  }

  /**
   * Writes the history entry and emits its event: the case as it now is (without history) and the
   * entry. No ticket and no window on the event, so only supervisors see it in full.
   */
  private record(tx: Tx, id: number, type: Extract<EventType, `case.${string}`>, actor: Actor, entry: CaseHistoryEntry): CaseView {
    this.store.addHistory(id, entry);
    const view = toCaseView(this.existing(id), tx.now);
    tx.emit({ type, actor, data: { caseId: id, case: view, entry } });
    return { ...view, history: this.store.history(id) };
  }
}
