import type { HallEvent } from '../../contract/events.ts';
import type { Statements } from './bulk.ts';

/**
 * 好差评 evaluations (proj_evaluations), one per ticket, from `ticket.evaluated`. The citizen's free-text
 * reason stays at the hall and in the 差评 case; the centre keeps the level, source, window and staff.
 */
export class EvaluationProjector {
  private readonly rows: object[] = [];
  constructor(private readonly hall: string) {}

  apply(e: HallEvent): void {
    if (e.type !== 'ticket.evaluated' || !e.ticket || typeof e.data.level !== 'string') return;
    this.rows.push({
      day: e.ticket.day,
      ticket_id: e.ticket.id,
      level: e.data.level,
      source: typeof e.data.source === 'string' ? e.data.source : null,
      window_no: e.ticket.window,
      staff_badge: e.ticket.staffBadge,
      at: e.at,
    });
  }

  flush(s: Statements): void {
    s.bulk(
      `INSERT INTO proj_evaluations (hall, day, ticket_id, level, source, window_no, staff_badge, at)
       SELECT $2, x.* FROM json_to_recordset($1::json)
         AS x(day date, ticket_id text, level text, source text, window_no integer, staff_badge text, at timestamptz)
       ON CONFLICT (hall, day, ticket_id) DO NOTHING`,
      this.rows,
      [this.hall],
    );
  }
}
