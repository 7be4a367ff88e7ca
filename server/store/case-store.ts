import type { CaseHistoryEntry, CaseState, CaseView } from '../../contract/admin.ts';
import type { EvaluationLevel } from '../../contract/domain.ts';
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
}

interface HistoryRow {
  at: string;
  actor: string;
  action: CaseHistoryEntry['action'];
  from_state: CaseState | null;
  to_state: CaseState | null;
  assignee: string | null;
  note: string | null;
}

export interface NewCase {
  ticketId: string;
  window: number | null;
  staffBadge: string | null;
  level: EvaluationLevel;
  reason: string | null;
  dueAt: string;
  at: string;
}

export interface CaseFilter {
  state?: CaseState | undefined;
  assignee?: string | undefined;
  overdue?: boolean | undefined;
  limit?: number | undefined;
}

const SELECT = 'SELECT c.*, t.number, t.day FROM cases c JOIN tickets t ON t.id = c.ticket_id';

/** The case as the API and the events show it; `overdue` is judged at `now`. */
export function toCaseView(r: CaseRow, now: Date): CaseView {
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
    overdue: r.state === 'open' && Date.parse(r.due_at) < now.getTime(),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    contactedAt: r.contacted_at,
    resolvedAt: r.resolved_at,
  };
}

/**
 * The 差评 follow-up tables: `cases` and their `case_history`. Writes are called only by the engine's
 * case commands (server/queue/cases.ts), inside their transaction; reads serve the API and the monitor.
 */
export class CaseStore {
  private readonly insertCase;
  private readonly byId;
  private readonly open;
  private readonly historyOf;
  private readonly insertHistory;
  private readonly updateAssignee;
  private readonly updateTouched;
  private readonly updateContacted;
  private readonly updateResolved;
  private readonly activeSupervisor;
  private readonly lists = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {
    this.insertCase = db.prepare(
      'INSERT INTO cases (ticket_id, window, staff_badge, level, reason, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.byId = db.prepare(`${SELECT} WHERE c.id = ?`);
    this.open = db.prepare(`${SELECT} WHERE c.state = 'open' ORDER BY c.id`);
    this.historyOf = db.prepare('SELECT at, actor, action, from_state, to_state, assignee, note FROM case_history WHERE case_id = ? ORDER BY id');
    this.insertHistory = db.prepare(
      'INSERT INTO case_history (case_id, at, actor, action, from_state, to_state, assignee, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateAssignee = db.prepare('UPDATE cases SET assignee = ?, updated_at = ? WHERE id = ?');
    this.updateTouched = db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?');
    this.updateContacted = db.prepare("UPDATE cases SET state = 'contacted', contacted_at = ?, updated_at = ? WHERE id = ?");
    this.updateResolved = db.prepare("UPDATE cases SET state = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ?");
    this.activeSupervisor = db.prepare("SELECT 1 FROM staff WHERE badge = ? AND retired = 0 AND role IN ('supervisor','admin')");
  }

  /** Inserts a new open case; returns its id. */
  insert(c: NewCase): number {
    return Number(this.insertCase.run(c.ticketId, c.window, c.staffBadge, c.level, c.reason, c.dueAt, c.at, c.at).lastInsertRowid);
  }

  row(id: number): CaseRow | undefined {
    return this.byId.get(id) as CaseRow | undefined;
  }

  history(id: number): CaseHistoryEntry[] {
    return (this.historyOf.all(id) as HistoryRow[]).map(
      (h): CaseHistoryEntry => ({ at: h.at, actor: h.actor, action: h.action, fromState: h.from_state, toState: h.to_state, assignee: h.assignee, note: h.note }),
    );
  }

  /** Appends one history entry and returns it as the API shows it. */
  addHistory(caseId: number, e: CaseHistoryEntry): CaseHistoryEntry {
    this.insertHistory.run(caseId, e.at, e.actor, e.action, e.fromState, e.toState, e.assignee, e.note);
    return e;
  }

  setAssignee(id: number, assignee: string, at: string): void {
    this.updateAssignee.run(assignee, at, id);
  }

  touch(id: number, at: string): void {
    this.updateTouched.run(at, id);
  }

  setState(id: number, to: 'contacted' | 'resolved', at: string): void {
    (to === 'contacted' ? this.updateContacted : this.updateResolved).run(at, at, id);
  }

  /** Is this badge an active supervisor or admin (who may hold a case)? */
  isActiveSupervisor(badge: string): boolean {
    return this.activeSupervisor.get(badge) !== undefined;
  }

  /** Cases still waiting for contact, oldest first. */
  openRows(): CaseRow[] {
    return this.open.all() as CaseRow[];
  }

  /** Filtered, overdue first (judged at `now`), newest first within that. */
  list(filter: CaseFilter, now: Date): CaseRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 200, now: now.toISOString() };
    if (filter.state) (where.push('c.state = @state'), (params.state = filter.state));
    if (filter.assignee) (where.push('c.assignee = @assignee'), (params.assignee = filter.assignee));
    if (filter.overdue === true) where.push("c.state = 'open' AND c.due_at < @now");
    if (filter.overdue === false) where.push("NOT (c.state = 'open' AND c.due_at < @now)");
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY (c.state = 'open' AND c.due_at < @now) DESC, c.id DESC LIMIT @limit`;
    let stmt = this.lists.get(sql);
    if (!stmt) this.lists.set(sql, (stmt = this.db.prepare(sql)));
    return stmt.all(params) as CaseRow[];
  }
}
