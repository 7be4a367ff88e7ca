import type { Db } from '../store/db.ts';
import { windowDayRow } from '../store/stats-queries.ts';
import { prepared } from '../store/statements.ts';
import type { WindowFigures } from '../../contract/responses.ts';

export type { WindowFigures };

/**
 * 已办件 counts the tickets finished as 办结 only: 受理 (accepted for later), 补正, 不予受理 and 咨询
 * are finished at the window too, but none of them is a case done.
 */
const DONE = `SELECT COUNT(*) AS done FROM tickets WHERE day = ? AND window = ? AND state = 'finished' AND outcome = 'done'`;

/** Today's figures for one window, for the window terminal's footer. */
export function windowFigures(db: Db, window: number, day: string): WindowFigures {
  const r = windowDayRow(db, window, day);
  const done = (prepared(db, DONE).get(day, window) as { done: number }).done;
  const evaluated = r.evaluated ?? 0;
  return {
    served: done,
    noShow: r.no_show ?? 0,
    averageServiceMinutes: r.avg_min === null ? null : Math.round(r.avg_min * 10) / 10,
    evaluated,
    satisfied: r.satisfied ?? 0,
    satisfactionRate: evaluated ? (r.satisfied ?? 0) / evaluated : null,
  };
}
