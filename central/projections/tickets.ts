import type { HallEvent } from '../../contract/events.ts';
import type { Sql, Statements } from './bulk.ts';
import type { CatalogProjector } from './catalog.ts';

/**
 * Tickets (proj_tickets) as the last event of each left them. Every ticket event carries the ticket
 * after the change, so the row is that view plus its department: the item's department, else that of
 * the window serving it, as the configuration stood at that event. No identity data is kept here
 * (not even masked): the centre needs none for its figures.
 */
export interface TicketRow {
  day: string;
  id: string;
  number: string;
  queue: string;
  item: string | null;
  department: string | null;
  source: string;
  priority: string;
  state: string;
  window_no: number | null;
  staff_badge: string | null;
  outcome: string | null;
  evaluation: string | null;
  issued_at: string;
  called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  recall_count: number;
  seq: number;
}

const COLUMNS = `day date, id text, number text, queue text, item text, department text, source text, priority text, state text,
  window_no integer, staff_badge text, outcome text, evaluation text, issued_at timestamptz, called_at timestamptz,
  started_at timestamptz, finished_at timestamptz, recall_count integer, seq bigint`;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export class TicketProjector {
  /** Rows as they were before this batch (absent: new in this batch). */
  readonly before = new Map<string, TicketRow>();
  readonly after = new Map<string, TicketRow>();

  private constructor(
    private readonly hall: string,
    private readonly catalog: CatalogProjector,
  ) {}

  /** What the projector reads before a batch: the rows of the batch's tickets (none: nothing to read). */
  static readSql(hall: string, events: readonly HallEvent[]): Sql | null {
    const ids = new Set<string>();
    const days = new Set<string>();
    for (const e of events) if (e.ticket) (ids.add(e.ticket.id), days.add(e.ticket.day));
    if (!ids.size) return null;
    return {
      text: `SELECT day, id, number, queue, item, department, source, priority, state, window_no, staff_badge, outcome, evaluation,
                issued_at, called_at, started_at, finished_at, recall_count, seq
           FROM proj_tickets WHERE hall = $1 AND day = ANY($2::date[]) AND id = ANY($3::text[])`,
      values: [hall, [...days], [...ids]],
    };
  }

  static fromRows(hall: string, catalog: CatalogProjector, rows: readonly TicketRow[]): TicketProjector {
    const p = new TicketProjector(hall, catalog);
    for (const r of rows) {
      const row: TicketRow = { ...r, issued_at: iso(r.issued_at)!, called_at: iso(r.called_at), started_at: iso(r.started_at), finished_at: iso(r.finished_at) };
      p.before.set(r.id, row);
      p.after.set(r.id, { ...row });
    }
    return p;
  }

  apply(e: HallEvent): void {
    const t = e.ticket;
    if (!t) return;
    this.after.set(t.id, {
      day: t.day,
      id: t.id,
      number: t.number,
      queue: t.queue,
      item: t.item,
      department: this.catalog.departmentOf(t.item, t.window),
      source: t.source,
      priority: t.priority,
      state: t.state,
      window_no: t.window,
      staff_badge: t.staffBadge,
      outcome: t.outcome,
      evaluation: t.evaluation,
      issued_at: iso(t.issuedAt)!,
      called_at: iso(t.calledAt),
      started_at: iso(t.startedAt),
      finished_at: iso(t.finishedAt),
      recall_count: t.recallCount,
      seq: e.seq,
    });
  }

  /** Tickets this batch changed. */
  changed(): TicketRow[] {
    return [...this.after.values()].filter((r) => this.before.get(r.id)?.seq !== r.seq);
  }

  flush(s: Statements): void {
    s.bulk(
      `INSERT INTO proj_tickets (hall, day, id, number, queue, item, department, source, priority, state, window_no, staff_badge, outcome,
          evaluation, issued_at, called_at, started_at, finished_at, recall_count, seq)
       SELECT $2, x.* FROM json_to_recordset($1::json) AS x(${COLUMNS})
       ON CONFLICT (hall, day, id) DO UPDATE SET number = excluded.number, queue = excluded.queue, item = excluded.item,
          department = excluded.department, source = excluded.source, priority = excluded.priority, state = excluded.state,
          window_no = excluded.window_no, staff_badge = excluded.staff_badge, outcome = excluded.outcome, evaluation = excluded.evaluation,
          issued_at = excluded.issued_at, called_at = excluded.called_at, started_at = excluded.started_at,
          finished_at = excluded.finished_at, recall_count = excluded.recall_count, seq = excluded.seq`,
      this.changed(),
      [this.hall],
    );
  }
}
