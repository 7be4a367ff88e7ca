import { describe, expect, it } from 'vitest';
import { HoursConfig } from '../../../contract/config.ts';
import { addWorkingDays, isWorkingDay } from '../../../server/queue/working-days.ts';

/** Monday–Friday 09:00–12:00 and 13:30–17:30; 2026-10-01..07 National Day; Sunday 2026-10-11 a 调休 make-up day. */
const HOURS = HoursConfig.parse({
  weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] }],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeupDays: ['2026-10-11'],
  makeupDayHours: [{ start: '09:00', end: '17:00' }],
});
const TZ = 'Asia/Shanghai';
/** A local Shanghai time as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);
const due = (local: string, days = 1) => addWorkingDays(at(local), days, TZ, HOURS).toISOString();

describe('working-day deadlines on the hall calendar', () => {
  it('knows weekends, holidays and make-up days', () => {
    expect(isWorkingDay('2026-11-30', HOURS)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-29', HOURS)).toBe(false); // Sunday
    expect(isWorkingDay('2026-10-01', HOURS)).toBe(false); // holiday on a Thursday
    expect(isWorkingDay('2026-10-11', HOURS)).toBe(true); // make-up Sunday
  });

  it('Monday 10:00 + 1 working day is Tuesday 10:00 (seconds kept)', () => {
    expect(due('2026-11-30T10:00:00')).toBe(at('2026-12-01T10:00:00').toISOString());
    expect(due('2026-11-30T10:15:42')).toBe(at('2026-12-01T10:15:42').toISOString());
  });

  it('Friday 15:00 + 1 skips the weekend to Monday 15:00; + 2 is Tuesday', () => {
    expect(due('2026-12-04T15:00:00')).toBe(at('2026-12-07T15:00:00').toISOString());
    expect(due('2026-12-04T15:00:00', 2)).toBe(at('2026-12-08T15:00:00').toISOString());
  });

  it('after closing or on a day off the clock starts at the next opening', () => {
    expect(due('2026-11-30T19:00:00')).toBe(at('2026-12-02T09:00:00').toISOString());
    expect(due('2026-11-28T10:00:00')).toBe(at('2026-12-01T09:00:00').toISOString()); // Saturday
    expect(due('2026-11-30T07:30:00')).toBe(at('2026-12-01T09:00:00').toISOString()); // before opening
  });

  it('skips holidays and counts the make-up Sunday', () => {
    // Wednesday 30 Sept 16:00: 1–2 Oct holidays, 3–4 weekend, 5–7 holidays → Thursday 8 Oct.
    expect(due('2026-09-30T16:00:00')).toBe(at('2026-10-08T16:00:00').toISOString());
    // Friday 9 Oct 16:00 → the make-up Sunday 11 Oct, kept within its shorter hours (17:00).
    expect(due('2026-10-09T16:00:00')).toBe(at('2026-10-11T16:00:00').toISOString());
    expect(due('2026-10-09T17:20:00')).toBe(at('2026-10-11T17:00:00').toISOString());
  });

  it('a hall without any working day falls back to calendar days', () => {
    const closed = HoursConfig.parse({ weekly: [{ days: [1], periods: [{ start: '09:00', end: '10:00' }] }], holidays: [] });
    const never = { ...closed, weekly: [{ days: [1], periods: [{ start: '09:00', end: '10:00' }] }], holidays: Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2026, 10, 30 + i)).toISOString().slice(0, 10)) };
    expect(addWorkingDays(at('2026-11-30T09:30:00'), 1, TZ, never).toISOString()).toBe(new Date(at('2026-11-30T09:30:00').getTime() + 86_400_000).toISOString());
  });
});
