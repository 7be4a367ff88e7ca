import type { Db } from './db.ts';
import { prepared } from './statements.ts';

/** One ticket of a date range as the statistics aggregate it (server/stats/range-stats.ts). */
export interface TicketFact {
  day: string;
  queue: string;
  state: string;
  outcome: string | null;
  level: string | null;
  issued_at: string;
  called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  window: number | null;
  staff_badge: string | null;
  department: string | null;
  /** The ticket's 差评 case, if any: its 回访 deadline, when it was called back and rectified. */
  case_due_at: string | null;
  case_contacted_at: string | null;
  case_rectified_at: string | null;
}

const FACTS = `SELECT t.day, t.queue, t.state, t.outcome, e.level, t.issued_at, t.called_at, t.started_at, t.finished_at,
    t.window, t.staff_badge, COALESCE(i.department, w.department) AS department,
    c.due_at AS case_due_at, c.contacted_at AS case_contacted_at, c.rectified_at AS case_rectified_at
  FROM tickets t
  LEFT JOIN evaluations e ON e.ticket_id = t.id
  LEFT JOIN cases c ON c.ticket_id = t.id
  LEFT JOIN items i ON i.code = t.item
  LEFT JOIN windows w ON w.number = t.window
  WHERE t.day BETWEEN ? AND ?`;

/**
 * One fact row per ticket of the business days `from`…`to` (both included). A ticket's department is
 * its item's department, else the department of the window that served it.
 */
export function selectTicketFacts(db: Db, from: string, to: string): TicketFact[] {
  return prepared(db, FACTS).all(from, to) as TicketFact[];
}

/** Every staff member's name by badge (retired ones too: old figures keep their names). */
export function staffNameRows(db: Db): { badge: string; name: string }[] {
  return prepared(db, 'SELECT badge, name FROM staff').all() as { badge: string; name: string }[];
}

export interface WindowDayRow {
  served: number | null;
  /** Finished as 办结 (outcome done): the terminal's 已办件. */
  done: number | null;
  no_show: number | null;
  avg_min: number | null;
  evaluated: number | null;
  satisfied: number | null;
}

const WINDOW_DAY = `SELECT
    SUM(state = 'finished') AS served,
    SUM(state = 'finished' AND outcome = 'done') AS done,
    SUM(state = 'no_show') AS no_show,
    AVG(CASE WHEN state = 'finished' THEN (julianday(finished_at) - julianday(COALESCE(started_at, called_at))) * 1440.0 END) AS avg_min,
    SUM(evaluation IS NOT NULL) AS evaluated,
    SUM(evaluation IN ('very_satisfied','satisfied')) AS satisfied
  FROM tickets WHERE day = ? AND window = ?`;

/** One window's counts of one business day (the window terminal's footer). */
export function windowDayRow(db: Db, window: number, day: string): WindowDayRow {
  return prepared(db, WINDOW_DAY).get(day, window) as WindowDayRow;
}
