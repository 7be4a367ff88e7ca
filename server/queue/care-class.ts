import type { CareClass, PriorityClassRules } from '../../contract/remote.ts';
import { QueueError } from './errors.ts';

/** Whole years between a birth date and a local day (both YYYY-MM-DD): the birthday itself counts. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The care class a new ticket is issued with. Staff at the 帮办 window give 'assisted' (disabled or
 * pregnant) or 'elderly' (a citizen without a card); otherwise the class follows from the ID card's
 * birth date on the business day. Only the class is stored: the birth date stays in memory.
 */
export function careClassAtIssue(given: CareClass | undefined, birthDate: string | undefined, day: string, rules: PriorityClassRules): CareClass | null {
  if (given === 'assisted') {
    if (!rules.assisted) throw new QueueError('CARE_CLASS_OFF');
    return 'assisted';
  }
  if (given === 'elderly') {
    if (rules.elderlyAge === 0) throw new QueueError('CARE_CLASS_OFF');
    return 'elderly';
  }
  if (birthDate !== undefined && rules.elderlyAge > 0 && ageOn(birthDate, day) >= rules.elderlyAge) return 'elderly';
  return null;
}
