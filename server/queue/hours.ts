import type { HoursConfig, Period, Queue, WeeklyHours } from '../../contract/config.ts';
import { localParts } from '../common/hall-time.ts';

/** The periods a queue issues tickets on a given local date, regular and extended (延时) together. */
export function periodsOn(
  date: string,
  weekday: number,
  hall: HoursConfig,
  queue: Pick<Queue, 'hours' | 'extendedHours'>,
): { regular: Period[]; extended: Period[] } {
  if (hall.holidays.includes(date)) return { regular: [], extended: [] };
  const pick = (weekly: WeeklyHours[]) => weekly.filter((w) => w.days.includes(weekday)).flatMap((w) => w.periods);
  if (hall.makeupDays.includes(date)) {
    // A make-up day (调休) is worked like a Monday: a queue with hours of its own keeps its Monday hours.
    return { regular: queue.hours ? queue.hours.filter((w) => w.days.includes(1)).flatMap((w) => w.periods) : hall.makeupDayHours, extended: [] };
  }
  return { regular: pick(queue.hours ?? hall.weekly), extended: pick(queue.extendedHours) };
}

export interface OpenCheck {
  open: boolean;
  /** Today's periods, for the refusal message. */
  today: Period[];
}

export function queueOpenAt(at: Date, timeZone: string, hall: HoursConfig, queue: Queue): OpenCheck {
  const local = localParts(at, timeZone);
  const { regular, extended } = periodsOn(local.date, local.weekday, hall, queue);
  const today = [...regular, ...extended].sort((a, b) => a.start.localeCompare(b.start));
  const stopBefore = queue.stopIssueMinutesBeforeClose;
  const open = today.some((p) => local.time >= p.start && local.time < minusMinutes(p.end, stopBefore));
  return { open, today };
}

export function describePeriods(periods: Period[]): string {
  return periods.length ? periods.map((p) => `${p.start}-${p.end}`).join('、') : '今日不办公';
}

function minusMinutes(hhmm: string, minutes: number): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const total = Math.max(0, h * 60 + m - minutes);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
