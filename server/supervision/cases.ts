import type { CaseView } from '../../contract/admin.ts';
import type { Clock } from '../common/clock.ts';
import { DomainError } from '../common/errors.ts';
import { CaseStore, toCaseView, type CaseFilter } from '../store/case-store.ts';
import type { Db } from '../store/db.ts';

export type { CaseFilter };

/**
 * The read side of 差评 follow-up (DESIGN.md §4): the case list (overdue first), one case with its
 * history, and the cases whose current step has a deadline (the monitor's 差评 alerts). Cases change only
 * through the engine's case commands (server/queue/cases.ts), each with its event.
 */
export class CaseReads {
  private readonly store: CaseStore;

  constructor(db: Db, private readonly clock: Clock) {
    this.store = new CaseStore(db);
  }

  list(filter: CaseFilter = {}): CaseView[] {
    const now = this.clock.now();
    return this.store.list(filter, now).map((r) => toCaseView(r, now));
  }

  get(id: number): CaseView {
    const row = this.store.row(id);
    if (!row) throw new DomainError('not_found', 'NOT_FOUND', `没有找到差评工单 ${id}。`);
    return { ...toCaseView(row, this.clock.now()), history: this.store.history(id) };
  }

  /** Cases whose current step (回访, 整改, 反馈) has a deadline, oldest first: the monitor's 差评 alerts. */
  openCases(): CaseView[] {
    const now = this.clock.now();
    return this.store.pendingRows().map((r) => toCaseView(r, now));
  }
}
