import type { CaseHistoryEntry, CaseSettings, CaseState, CaseView } from '../../contract/admin.ts';
import type { EvaluationLevel } from '../../contract/domain.ts';
import type { HallEvent } from '../../contract/events.ts';
import { DomainError } from '../common/errors.ts';
import type { Catalog } from '../queue/catalog.ts';
import type { Clock } from '../common/clock.ts';
import type { Db } from '../store/db.ts';
import { addWorkingDays } from './working-days.ts';

interface CaseRow {
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

const SELECT = 'SELECT c.*, t.number, t.day FROM cases c JOIN tickets t ON t.id = c.ticket_id';

export interface CaseFilter {
  state?: CaseState | undefined;
  assignee?: string | undefined;
  overdue?: boolean | undefined;
  limit?: number | undefined;
}

/**
 * 差评 follow-up (DESIGN.md §4): the engine opens a case with every 差评; this service gives it a
 * deadline of N working days to contact the citizen (hall hours, holidays, 调休), a supervisor, the
 * states open → contacted → resolved with a note at each step, and the history of every change.
 */
export class CaseService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly catalog: () => Catalog,
    private readonly settings: () => CaseSettings,
  ) {}

  /** Completes cases the engine opened in these events (deadline, default assignee, history). */
  onEvents(events: HallEvent[]): void {
    for (const e of events) {
      if (e.type !== 'ticket.evaluated' || typeof e.data.caseId !== 'number') continue;
      this.opened(e.data.caseId, e.actor.kind === 'staff' && e.actor.id ? `staff:${e.actor.id}` : e.actor.kind);
    }
  }

  /** The deadline for a case opened at `at`. */
  dueFor(at: Date): Date {
    const { hall } = this.catalog();
    return addWorkingDays(at, this.settings().contactWorkingDays, hall.timezone, hall.hours);
  }

  opened(caseId: number, actor: string): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(caseId) as CaseRow | undefined;
      if (!row) return;
      if (this.db.prepare("SELECT 1 FROM case_history WHERE case_id = ? AND action = 'created'").get(caseId)) return;
      const due = this.dueFor(new Date(row.created_at)).toISOString();
      this.db.prepare('UPDATE cases SET due_at = ? WHERE id = ?').run(due, caseId);
      this.history(caseId, row.created_at, actor, 'created', null, 'open', null, row.reason);
      const assignee = this.settings().defaultAssignee;
      if (assignee && this.isSupervisor(assignee)) {
        this.db.prepare('UPDATE cases SET assignee = ? WHERE id = ?').run(assignee, caseId);
        this.history(caseId, row.created_at, 'system', 'assigned', null, null, assignee, null);
      }
    })();
  }

  list(filter: CaseFilter = {}): CaseView[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 200, now: this.clock.now().toISOString() };
    if (filter.state) (where.push('c.state = @state'), (params.state = filter.state));
    if (filter.assignee) (where.push('c.assignee = @assignee'), (params.assignee = filter.assignee));
    if (filter.overdue === true) where.push("c.state = 'open' AND c.due_at < @now");
    if (filter.overdue === false) where.push("NOT (c.state = 'open' AND c.due_at < @now)");
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY (c.state = 'open' AND c.due_at < @now) DESC, c.id DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as CaseRow[]).map((r) => this.view(r));
  }

  get(id: number): CaseView {
    const row = this.db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as CaseRow | undefined;
    if (!row) throw new DomainError('not_found', 'NOT_FOUND', `没有找到差评工单 ${id}。`);
    const history = (this.db.prepare('SELECT at, actor, action, from_state, to_state, assignee, note FROM case_history WHERE case_id = ? ORDER BY id').all(id) as HistoryRow[]).map(
      (h): CaseHistoryEntry => ({ at: h.at, actor: h.actor, action: h.action, fromState: h.from_state, toState: h.to_state, assignee: h.assignee, note: h.note }),
    );
    return { ...this.view(row), history };
  }

  assertAssignable(badge: string): void {
    if (!this.isSupervisor(badge)) throw new DomainError('invalid', 'INVALID_ASSIGNEE', `${badge} 不是在职的督查人员或管理员，不能承办差评工单。`);
  }

  assign(id: number, assignee: string, actor: string, note?: string): CaseView {
    this.assertAssignable(assignee);
    return this.change(id, actor, (row, at) => {
      if (row.state === 'resolved') throw new DomainError('conflict', 'CASE_CLOSED', '工单已办结，不能再指派。');
      this.db.prepare('UPDATE cases SET assignee = ?, updated_at = ? WHERE id = ?').run(assignee, at, id);
      this.history(id, at, actor, 'assigned', null, null, assignee, note ?? null);
    });
  }

  contact(id: number, actor: string, note: string): CaseView {
    return this.step(id, actor, note, 'open', 'contacted');
  }

  resolve(id: number, actor: string, note: string): CaseView {
    return this.step(id, actor, note, 'contacted', 'resolved');
  }

  addNote(id: number, actor: string, note: string): CaseView {
    return this.change(id, actor, (_row, at) => {
      this.db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(at, id);
      this.history(id, at, actor, 'note', null, null, null, note);
    });
  }

  private step(id: number, actor: string, note: string, from: CaseState, to: 'contacted' | 'resolved'): CaseView {
    return this.change(id, actor, (row, at) => {
      if (row.state !== from) {
        const label = { open: '待联系', contacted: '已联系', resolved: '已办结' } as const;
        throw new DomainError('conflict', 'CASE_STATE', `工单当前为「${label[row.state]}」，只能从「${label[from]}」改为「${label[to]}」。`, { state: row.state });
      }
      const column = to === 'contacted' ? 'contacted_at' : 'resolved_at';
      this.db.prepare(`UPDATE cases SET state = ?, ${column} = ?, updated_at = ? WHERE id = ?`).run(to, at, at, id);
      this.history(id, at, actor, to, from, to, null, note);
    });
  }

  private change(id: number, _actor: string, fn: (row: CaseRow, at: string) => void): CaseView {
    this.db.transaction(() => {
      const row = this.db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as CaseRow | undefined;
      if (!row) throw new DomainError('not_found', 'NOT_FOUND', `没有找到差评工单 ${id}。`);
      fn(row, this.clock.now().toISOString());
    })();
    return this.get(id);
  }

  private history(caseId: number, at: string, actor: string, action: HistoryRow['action'], from: CaseState | null, to: CaseState | null, assignee: string | null, note: string | null): void {
    this.db
      .prepare('INSERT INTO case_history (case_id, at, actor, action, from_state, to_state, assignee, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(caseId, at, actor, action, from, to, assignee, note);
  }

  private isSupervisor(badge: string): boolean {
    return this.db.prepare("SELECT 1 FROM staff WHERE badge = ? AND retired = 0 AND role IN ('supervisor','admin')").get(badge) !== undefined;
  }

  /** Cases still waiting for contact, for the monitor's 差评 alerts. */
  openCases(): CaseView[] {
    return (this.db.prepare(`${SELECT} WHERE c.state = 'open' ORDER BY c.id`).all() as CaseRow[]).map((r) => this.view(r));
  }

  private view(r: CaseRow): CaseView {
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
      overdue: r.state === 'open' && Date.parse(r.due_at) < this.clock.now().getTime(),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      contactedAt: r.contacted_at,
      resolvedAt: r.resolved_at,
    };
  }
}
