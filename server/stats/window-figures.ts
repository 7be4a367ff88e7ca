import type { Db } from '../store/db.ts';
import type { WindowFigures } from '../../contract/responses.ts';

export type { WindowFigures };

/** Today's figures for one window, for the window terminal's footer. */
export function windowFigures(db: Db, window: number, day: string): WindowFigures {
  const r = db
    .prepare(`SELECT
        SUM(state = 'finished') AS served,
        SUM(state = 'no_show') AS no_show,
        AVG(CASE WHEN state = 'finished' THEN (julianday(finished_at) - julianday(COALESCE(started_at, called_at))) * 1440.0 END) AS avg_min,
        SUM(evaluation IS NOT NULL) AS evaluated,
        SUM(evaluation IN ('very_satisfied','satisfied')) AS satisfied
      FROM tickets WHERE day = ? AND window = ?`)
    .get(day, window) as { served: number | null; no_show: number | null; avg_min: number | null; evaluated: number | null; satisfied: number | null };
  const evaluated = r.evaluated ?? 0;
  return {
    served: r.served ?? 0,
    noShow: r.no_show ?? 0,
    averageServiceMinutes: r.avg_min === null ? null : Math.round(r.avg_min * 10) / 10,
    evaluated,
    satisfied: r.satisfied ?? 0,
    satisfactionRate: evaluated ? (r.satisfied ?? 0) / evaluated : null,
  };
}
