import type { HoursConfig, Period } from '../../contract/config.ts';
import { localParts, localToInstant } from '../common/hall-time.ts';
import { periodsOn } from './hours.ts';

/**
 * Working-day arithmetic on the hall's calendar: a working day is a date on which the hall has
 * regular hours (weekly hours, minus holidays, plus 调休 make-up days with their own hours).
 */

function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function hallPeriods(date: string, hours: HoursConfig): Period[] {
  return periodsOn(date, isoWeekday(date), hours, { extendedHours: [] }).regular;
}

export function isWorkingDay(date: string, hours: HoursConfig): boolean {
  return hallPeriods(date, hours).length > 0;
}

function span(periods: Period[]): { open: string; close: string } {
  return {
    open: periods.reduce((m, p) => (p.start < m ? p.start : m), periods[0]!.start),
    close: periods.reduce((m, p) => (p.end > m ? p.end : m), periods[0]!.end),
  };
}

/** The first working day after `date`, or undefined if the hall has none within a year. */
export function nextWorkingDay(date: string, hours: HoursConfig): string | undefined {
  for (let i = 1; i <= 366; i++) {
    const d = addDays(date, i);
    if (isWorkingDay(d, hours)) return d;
  }
  return undefined;
}

/**
 * `days` working days after `at`: the same local time on the days-th working day after the day the
 * clock starts. A start outside office hours counts from the next opening (after closing, or on a day
 * off: the next working day's opening; before opening: that day's opening). The result is kept within
 * the due day's hours. Monday 10:00 + 1 → Tuesday 10:00; Friday 15:00 + 1 over a weekend → Monday
 * 15:00; Saturday (off) + 1 → Tuesday's opening (Monday counts as the day the clock started).
 * A hall with no working day within a year falls back to calendar days.
 */
export function addWorkingDays(at: Date, days: number, timeZone: string, hours: HoursConfig): Date {
  const local = localParts(at, timeZone);
  let date = local.date;
  let time = local.time;
  let keepSeconds = true;
  const today = hallPeriods(date, hours);
  if (!today.length || time >= span(today).close) {
    const next = nextWorkingDay(date, hours);
    if (!next) return new Date(at.getTime() + days * 86_400_000);
    date = next;
    time = span(hallPeriods(date, hours)).open;
    keepSeconds = false;
  } else if (time < span(today).open) {
    time = span(today).open;
    keepSeconds = false;
  }
  for (let i = 0; i < days; i++) {
    const next = nextWorkingDay(date, hours);
    if (!next) return new Date(at.getTime() + days * 86_400_000);
    date = next;
  }
  const { open, close } = span(hallPeriods(date, hours));
  if (time < open) (time = open), (keepSeconds = false);
  if (time > close) (time = close), (keepSeconds = false);
  const instant = localToInstant(date, time, timeZone);
  return keepSeconds ? new Date(instant.getTime() + (local.seconds % 60) * 1000 + at.getMilliseconds()) : instant;
}
