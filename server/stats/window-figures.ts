import type { Db } from '../store/db.ts';
import { windowDayRow } from '../store/stats-queries.ts';
import type { WindowFigures } from '../../contract/responses.ts';

export type { WindowFigures };

/**
 * Today's figures for one window, for the window terminal's footer. 已办件 (`served`) counts the
 * tickets finished as 办结 only: 受理 (accepted for later), 补正, 不予受理 and 咨询 are finished at the
 * window too, but none of them is a case done.
 */
export function windowFigures(db: Db, window: number, day: string): WindowFigures {
  const r = windowDayRow(db, window, day);
  const evaluated = r.evaluated ?? 0;
  return {
    served: r.done ?? 0,
    noShow: r.no_show ?? 0,
    averageServiceMinutes: r.avg_min === null ? null : Math.round(r.avg_min * 10) / 10,
    evaluated,
    satisfied: r.satisfied ?? 0,
    satisfactionRate: evaluated ? (r.satisfied ?? 0) / evaluated : null,
  };
}
