import type { HallEvent } from '../../contract/events.ts';
import type { Statements } from './bulk.ts';

/**
 * 差评 follow-up cases (proj_cases). `ticket.evaluated` with a caseId opens one as the hall's engine
 * does (due a day later); each `case.*` event carries the case as it is after the change and replaces
 * the row. "Handled on time" = contacted (or resolved) no later than its due time.
 */
interface CaseRow {
  day: string;
  id: number;
  ticket_id: string;
  window_no: number | null;
  staff_badge: string | null;
  level: string;
  state: string;
  assignee: string | null;
  due_at: string;
  created_at: string;
  updated_at: string;
  contacted_at: string | null;
  resolved_at: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export class CaseProjector {
  private readonly opened = new Map<number, CaseRow>();
  private readonly replaced = new Map<number, CaseRow>();
  constructor(private readonly hall: string) {}

  apply(e: HallEvent): void {
    if (e.type === 'ticket.evaluated' && e.ticket && typeof e.data.caseId === 'number') {
      const at = e.at;
      this.opened.set(e.data.caseId, {
        day: e.ticket.day,
        id: e.data.caseId,
        ticket_id: e.ticket.id,
        window_no: e.ticket.window,
        staff_badge: e.ticket.staffBadge,
        level: String(e.data.level),
        state: 'open',
        assignee: null,
        due_at: new Date(Date.parse(at) + 24 * 3600_000).toISOString(),
        created_at: at,
        updated_at: at,
        contacted_at: null,
        resolved_at: null,
      });
      return;
    }
    if (!e.type.startsWith('case.')) return;
    const view = isRecord(e.data.case) ? e.data.case : e.data;
    const id = typeof view.id === 'number' ? view.id : typeof e.data.caseId === 'number' ? e.data.caseId : undefined;
    if (id === undefined || typeof view.ticketId !== 'string' || typeof view.level !== 'string') return;
    this.replaced.set(id, {
      day: str(view.day) ?? this.opened.get(id)?.day ?? e.day,
      id,
      ticket_id: view.ticketId,
      window_no: typeof view.window === 'number' ? view.window : null,
      staff_badge: str(view.staffBadge),
      level: view.level,
      state: str(view.state) ?? 'open',
      assignee: str(view.assignee),
      due_at: str(view.dueAt) ?? e.at,
      created_at: str(view.createdAt) ?? e.at,
      updated_at: str(view.updatedAt) ?? e.at,
      contacted_at: str(view.contactedAt),
      resolved_at: str(view.resolvedAt),
    });
  }

  /** Days the rows of this batch fall on (their partitions must exist). */
  days(): string[] {
    return [...this.opened.values(), ...this.replaced.values()].map((r) => r.day);
  }

  flush(s: Statements): void {
    const cols = `day date, id integer, ticket_id text, window_no integer, staff_badge text, level text, state text, assignee text,
      due_at timestamptz, created_at timestamptz, updated_at timestamptz, contacted_at timestamptz, resolved_at timestamptz`;
    const insert = `INSERT INTO proj_cases (hall, day, id, ticket_id, window_no, staff_badge, level, state, assignee, due_at, created_at, updated_at, contacted_at, resolved_at)
       SELECT $2, x.* FROM json_to_recordset($1::json) AS x(${cols})`;
    s.bulk(
      `${insert} ON CONFLICT (hall, day, id) DO NOTHING`, [...this.opened.values()], [this.hall]);
    s.bulk(
      `${insert} ON CONFLICT (hall, day, id) DO UPDATE SET ticket_id = excluded.ticket_id, window_no = excluded.window_no,
         staff_badge = excluded.staff_badge, level = excluded.level, state = excluded.state, assignee = excluded.assignee,
         due_at = excluded.due_at, created_at = excluded.created_at, updated_at = excluded.updated_at,
         contacted_at = excluded.contacted_at, resolved_at = excluded.resolved_at`,
      [...this.replaced.values()],
      [this.hall],
    );
  }
}
