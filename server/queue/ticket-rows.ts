import type { Outcome, Priority, TicketSource, TicketState, EvaluationLevel } from '../../contract/domain.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { CareClass } from '../../contract/remote.ts';

/** The tickets table row as better-sqlite3 returns it. */
export interface TicketRow {
  id: string;
  day: string;
  number: string;
  number_queue: string;
  serial: number;
  queue: string;
  item: string | null;
  source: string;
  priority: string;
  green_reason: string | null;
  proxy: number;
  /** The station that took it (代办, migration 010), by name. */
  proxy_by: string | null;
  id_hash: string | null;
  id_masked: string | null;
  name_masked: string | null;
  state: string;
  sort_key: number;
  due_at: string | null;
  target_window: number | null;
  issued_at: string;
  called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  window: number | null;
  staff_badge: string | null;
  recall_count: number;
  outcome: string | null;
  evaluation: string | null;
  close_reason: string | null;
  note: string | null;
  kiosk: string | null;
  printed: number | null;
  appointment_id: string | null;
  /** 'elderly' | 'assisted' (migration 011). */
  care_class: string | null;
  /** A remote ticket's kiosk check-in code. */
  arrival_code: string | null;
}

export function toTicketView(r: TicketRow): TicketView {
  return {
    id: r.id,
    day: r.day,
    number: r.number,
    queue: r.queue,
    item: r.item,
    source: r.source as TicketSource,
    priority: r.priority as Priority,
    greenReason: r.green_reason,
    proxy: r.proxy === 1,
    state: r.state as TicketState,
    window: r.window,
    targetWindow: r.target_window,
    staffBadge: r.staff_badge,
    recallCount: r.recall_count,
    outcome: r.outcome as Outcome | null,
    evaluation: r.evaluation as EvaluationLevel | null,
    issuedAt: r.issued_at,
    calledAt: r.called_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    dueAt: r.due_at,
    closeReason: r.close_reason,
    note: r.note,
    kiosk: r.kiosk,
    printed: r.printed === null ? null : r.printed === 1,
    idMasked: r.id_masked,
    nameMasked: r.name_masked,
    // Only on tickets with a class, so every other ticket (and event) keeps the shape it always had.
    ...(r.care_class !== null ? { careClass: r.care_class as CareClass } : {}),
    ...(r.proxy_by ? { proxyBy: r.proxy_by } : {}),
  };
}

/** Column assignments a command may change on a ticket. */
export type TicketPatch = Partial<Omit<TicketRow, 'id' | 'day' | 'number' | 'number_queue' | 'serial'>>;
