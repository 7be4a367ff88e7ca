import type { EvaluationFigures } from '../../contract/evaluation.ts';
import type { TicketFact } from '../store/stats-queries.ts';

const GOOD = new Set(['very_satisfied', 'satisfied', 'basic']);
const BAD = new Set(['dissatisfied', 'very_dissatisfied']);
const ratio = (n: number, d: number) => (d ? n / d : null);

/**
 * GB/T 39734 figures of a group of ticket facts (definitions in contract/evaluation.ts). A visit is a
 * ticket with its transfers; its grade is the first one (`evaluations.level`); a 差评 case counts as
 * called back on time when its 回访 was recorded at or before its deadline.
 */
export function evaluationFigures(facts: readonly TicketFact[]): EvaluationFigures {
  let finished = 0;
  let ratedFinished = 0;
  let rated = 0;
  let good = 0;
  let bad = 0;
  let badCases = 0;
  let onTime = 0;
  let rectified = 0;
  for (const f of facts) {
    if (f.state === 'finished') {
      finished++;
      if (f.level) ratedFinished++;
    }
    if (f.level) {
      rated++;
      if (GOOD.has(f.level)) good++;
      if (BAD.has(f.level)) bad++;
    }
    if (f.case_due_at) {
      badCases++;
      if (f.case_contacted_at && Date.parse(f.case_contacted_at) <= Date.parse(f.case_due_at)) onTime++;
      if (f.case_rectified_at) rectified++;
    }
  }
  return {
    finished,
    rated: ratedFinished,
    activeRate: ratio(ratedFinished, finished),
    good,
    goodRate: ratio(good, rated),
    bad,
    badRate: ratio(bad, rated),
    badCases,
    contactedOnTime: onTime,
    contactedOnTimeRate: ratio(onTime, badCases),
    rectified,
    rectifiedRate: ratio(rectified, badCases),
  };
}
