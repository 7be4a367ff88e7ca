import type { CaseHistoryEntry, CaseState, CaseView } from '../../contract/admin.ts';
import type { EvaluationLevel } from '../../contract/domain.ts';
import type { CaseStep } from '../../contract/evaluation.ts';
import type { Db } from './db.ts';

/** A case row joined to its ticket's number and day. */
export interface CaseRow {
  id: number;
  ticket_id: string;
  number: string;
  day: string;
  window: number | null;
  staff_badge: string | null;
  level: string;
  reason: string | null;
  state: CaseState;
  assignee: string | null;
  due_at: string;
  created_at: string;
  updated_at: string;
  contacted_at: string | null;
  resolved_at: string | null;
  item_name: string | null;
  rectify_due_at: string | null;
  rectified_at: string | null;
  rectification: string | null;
  fed_back_at: string | null;
  feedback: string | null;
  rerate_level: string | null;
  rerated_at: string | null;
  contact_masked: string | null;
  /** Sealed call-back number (AES-GCM); read only to reveal it to a supervisor, never put in a view. */
  contact_enc: string | null;
  contact_erased_at: string | null;
}

interface HistoryRow {
  at: string;
  actor: string;
  action: CaseHistoryEntry['action'];
  from_state: CaseState | null;
  to_state: CaseState | null;
  assignee: string | null;
  note: string | null;
  actor_name: string | null;
}

export interface NewCase {
  ticketId: string;
  window: number | null;
  staffBadge: string | null;
  level: EvaluationLevel;
  reason: string | null;
  dueAt: string;
  rectifyDueAt: string;
  itemName: string | null;
  at: string;
}

export interface CaseFilter {
  state?: CaseState | undefined;
  assignee?: string | undefined;
  overdue?: boolean | undefined;
  limit?: number | undefined;
}

const SELECT = 'SELECT c.*, t.number, t.day FROM cases c JOIN tickets t ON t.id = c.ticket_id';

/** The step a case in this state waits for, and that step's deadline. */
export function stepOf(r: Pick<CaseRow, 'state' | 'due_at' | 'rectify_due_at'>): { step: CaseStep | null; dueAt: string | null } {
  switch (r.state) {
    case 'open':
      return { step: 'contact', dueAt: r.due_at };
    case 'contacted':
      return { step: 'rectify', dueAt: r.rectify_due_at };
    case 'rectified':
      // 反馈 belongs to the same 15 working days as 整改.
      return { step: 'feedback', dueAt: r.rectify_due_at };
    case 'fed_back':
      return { step: 'close', dueAt: null };
    default:
      return { step: null, dueAt: null };
  }
}

/** SQL of "the current step is past its deadline" at @now, matching stepOf. */
export const OVERDUE_SQL = "((c.state = 'open' AND c.due_at < @now) OR (c.state IN ('contacted','rectified') AND c.rectify_due_at IS NOT NULL AND c.rectify_due_at < @now))";

/** The case as the API and the events show it; `overdue` is judged at `now`. Never the sealed number. */
export function toCaseView(r: CaseRow, now: Date): CaseView {
  const { step, dueAt } = stepOf(r);
  return {
    id: r.id,
    ticketId: r.ticket_id,
    number: r.number,
    day: r.day,
    window: r.window,
    staffBadge: r.staff_badge,
    level: r.level as EvaluationLevel,
    reason: r.reason,
    state: r.state,
    assignee: r.assignee,
    dueAt: r.due_at,
    overdue: dueAt !== null && Date.parse(dueAt) < now.getTime(),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    contactedAt: r.contacted_at,
    resolvedAt: r.resolved_at,
    itemName: r.item_name,
    rectifyDueAt: r.rectify_due_at,
    rectifiedAt: r.rectified_at,
    rectification: r.rectification,
    fedBackAt: r.fed_back_at,
    feedback: r.feedback,
    rerateLevel: r.rerate_level as EvaluationLevel | null,
    reratedAt: r.rerated_at,
    contactMasked: r.contact_masked,
    contactErasedAt: r.contact_erased_at,
    step,
    stepDueAt: dueAt,
  };
}

/**
 * The 差评 follow-up tables: `cases` and their `case_history`. Writes are called only by the engine's
 * case commands (server/queue/cases.ts), inside their transaction; reads serve the API and the monitor.
 */
export class CaseStore {
  private readonly insertCase;
  private readonly byId;
  private readonly byTicket;
  private readonly pending;
  private readonly historyOf;
  private readonly insertHistory;
  private readonly updateAssignee;
  private readonly updateTouched;
  private readonly activeSupervisor;
  private readonly staffName;
  private readonly lists = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {
    this.insertCase = db.prepare(
      `INSERT INTO cases (ticket_id, window, staff_badge, level, reason, due_at, rectify_due_at, item_name, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byId = db.prepare(`${SELECT} WHERE c.id = ?`);
    this.byTicket = db.prepare(`${SELECT} WHERE c.ticket_id = ? ORDER BY c.id DESC LIMIT 1`);
    this.pending = db.prepare(`${SELECT} WHERE c.state IN ('open','contacted','rectified') ORDER BY c.id`);
    this.historyOf = db.prepare('SELECT at, actor, action, from_state, to_state, assignee, note, actor_name FROM case_history WHERE case_id = ? ORDER BY id');
    this.insertHistory = db.prepare(
      'INSERT INTO case_history (case_id, at, actor, action, from_state, to_state, assignee, note, actor_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateAssignee = db.prepare('UPDATE cases SET assignee = ?, updated_at = ? WHERE id = ?');
    this.updateTouched = db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?');
    this.activeSupervisor = db.prepare("SELECT 1 FROM staff WHERE badge = ? AND retired = 0 AND role IN ('supervisor','admin')");
    this.staffName = db.prepare('SELECT name FROM staff WHERE badge = ?');
  }

  /** Inserts a new open case; returns its id. */
  insert(c: NewCase): number {
    return Number(this.insertCase.run(c.ticketId, c.window, c.staffBadge, c.level, c.reason, c.dueAt, c.rectifyDueAt, c.itemName, c.at, c.at).lastInsertRowid);
  }

  row(id: number): CaseRow | undefined {
    return this.byId.get(id) as CaseRow | undefined;
  }

  /** The (latest) case of a ticket's evaluation. */
  rowOfTicket(ticketId: string): CaseRow | undefined {
    return this.byTicket.get(ticketId) as CaseRow | undefined;
  }

  history(id: number): CaseHistoryEntry[] {
    return (this.historyOf.all(id) as HistoryRow[]).map(
      (h): CaseHistoryEntry => ({ at: h.at, actor: h.actor, action: h.action, fromState: h.from_state, toState: h.to_state, assignee: h.assignee, note: h.note, actorName: h.actor_name }),
    );
  }

  /** Appends one history entry and returns it as the API shows it. */
  addHistory(caseId: number, e: CaseHistoryEntry): CaseHistoryEntry {
    this.insertHistory.run(caseId, e.at, e.actor, e.action, e.fromState, e.toState, e.assignee, e.note, e.actorName ?? null);
    return e;
  }

  /** A staff member's name (for the history), or null. */
  nameOf(badge: string): string | null {
    return (this.staffName.get(badge) as { name: string } | undefined)?.name ?? null;
  }

  setAssignee(id: number, assignee: string, at: string): void {
    this.updateAssignee.run(assignee, at, id);
  }

  touch(id: number, at: string): void {
    this.updateTouched.run(at, id);
  }

  /** Moves a case to a state and sets that step's columns (`<column> = value`) in one update. */
  setState(id: number, to: CaseState, at: string, columns: Partial<Record<'contacted_at' | 'rectified_at' | 'rectification' | 'fed_back_at' | 'feedback' | 'resolved_at', string>> = {}): void {
    const sets = Object.keys(columns).map((k) => `${k} = @${k}`);
    this.db.prepare(`UPDATE cases SET state = @state, updated_at = @at${sets.length ? `, ${sets.join(', ')}` : ''} WHERE id = @id`).run({ ...columns, state: to, at, id });
  }

  setRerate(id: number, level: EvaluationLevel, at: string): void {
    this.db.prepare('UPDATE cases SET rerate_level = ?, rerated_at = ?, updated_at = ? WHERE id = ?').run(level, at, at, id);
  }

  /** Keeps a sealed call-back number and its masked form. */
  setContact(id: number, sealed: string, masked: string, at: string): void {
    this.db.prepare('UPDATE cases SET contact_enc = ?, contact_masked = ?, contact_erased_at = NULL, updated_at = ? WHERE id = ?').run(sealed, masked, at, id);
  }

  /** Erases the call-back number (sealed and masked) once the case is closed. */
  eraseContact(id: number, at: string): void {
    this.db.prepare('UPDATE cases SET contact_enc = NULL, contact_masked = NULL, contact_erased_at = ? WHERE id = ?').run(at, id);
  }

  /** Is this badge an active supervisor or admin (who may hold a case)? */
  isActiveSupervisor(badge: string): boolean {
    return this.activeSupervisor.get(badge) !== undefined;
  }

  /** Cases whose current step has a deadline (回访, 整改, 反馈), oldest first: the monitor's 差评 alerts. */
  pendingRows(): CaseRow[] {
    return this.pending.all() as CaseRow[];
  }

  /** Filtered, overdue first (judged at `now`), newest first within that. */
  list(filter: CaseFilter, now: Date): CaseRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 200, now: now.toISOString() };
    if (filter.state) (where.push('c.state = @state'), (params.state = filter.state));
    if (filter.assignee) (where.push('c.assignee = @assignee'), (params.assignee = filter.assignee));
    if (filter.overdue === true) where.push(OVERDUE_SQL);
    if (filter.overdue === false) where.push(`NOT ${OVERDUE_SQL}`);
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${OVERDUE_SQL} DESC, c.id DESC LIMIT @limit`;
    let stmt = this.lists.get(sql);
    if (!stmt) this.lists.set(sql, (stmt = this.db.prepare(sql)));
    return stmt.all(params) as CaseRow[];
  }
}
