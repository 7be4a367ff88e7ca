import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import type { HallHoursDraft } from './composite.ts';
import { WEEKDAYS, weekdayLabel } from './week-hours-editor.tsx';

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date, independent of the browser's zone. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function shiftMonth(ym: string, by: number): string {
  const [y = 2026, m = 1] = ym.split('-').map(Number);
  const total = y * 12 + (m - 1) + by;
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}`;
}

export type DayMark = 'holiday' | 'makeup' | null;

/** What a click does to a day: a marked day is cleared; an open day becomes 休, a closed one 班. */
export function toggleDay(hours: HallHoursDraft, date: string): HallHoursDraft {
  const without = { ...hours, holidays: hours.holidays.filter((d) => d !== date), makeupDays: hours.makeupDays.filter((d) => d !== date) };
  if (hours.holidays.includes(date) || hours.makeupDays.includes(date)) return without;
  const open = hours.weekly.some((w) => w.days.includes(isoWeekday(date)) && w.periods.length > 0);
  return open ? { ...without, holidays: [...without.holidays, date].sort() } : { ...without, makeupDays: [...without.makeupDays, date].sort() };
}

interface Props {
  id: string;
  hours: HallHoursDraft;
  disabled: boolean;
  /** The month shown first (YYYY-MM). */
  startMonth: string;
  onChange(hours: HallHoursDraft): void;
}

/**
 * One month of the hall's calendar. Each day shows whether the weekly hours open it; a click marks an
 * open day 休 (public holiday) or a closed day 班 (调休 make-up working day), a second click clears it.
 */
export function MonthGrid({ id, hours, disabled, startMonth, onChange }: Props) {
  const [month, setMonth] = useState(startMonth);
  const [y = 2026, m = 1] = month.split('-').map(Number);
  const first = `${month}-01`;
  const lead = isoWeekday(first) - 1;
  const count = daysIn(y, m);
  const cells: (string | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: count }, (_, i) => `${month}-${pad(i + 1)}`)];
  while (cells.length % 7) cells.push(null);
  const markOf = (date: string): DayMark => (hours.holidays.includes(date) ? 'holiday' : hours.makeupDays.includes(date) ? 'makeup' : null);
  return (
    <div class="month-grid" id={id} data-month={month}>
      <div class="month-head">
        <button type="button" class="btn btn-small" aria-label={t('calendar.prev')} onClick={() => setMonth(shiftMonth(month, -1))}>
          ‹
        </button>
        <strong class="month-title">{t('calendar.month', { y, m })}</strong>
        <button type="button" class="btn btn-small" aria-label={t('calendar.next')} onClick={() => setMonth(shiftMonth(month, 1))}>
          ›
        </button>
      </div>
      <div class="month-cells" role="grid" aria-label={t('calendar.month', { y, m })}>
        {WEEKDAYS.map((d) => (
          <span key={`h${d}`} class="month-weekday" role="columnheader">
            {weekdayLabel(d)}
          </span>
        ))}
        {cells.map((date, i) => {
          if (!date) return <span key={`e${i}`} class="month-cell month-blank" />;
          const mark = markOf(date);
          const open = hours.weekly.some((w) => w.days.includes(isoWeekday(date)) && w.periods.length > 0);
          const title = mark === 'holiday' ? t('calendar.isHoliday') : mark === 'makeup' ? t('calendar.isMakeup') : open ? t('calendar.markHoliday') : t('calendar.markMakeup');
          return (
            <button
              key={date}
              type="button"
              role="gridcell"
              class={`month-cell ${open ? 'day-open' : 'day-closed'}${mark ? ` day-${mark}` : ''}`}
              data-date={date}
              data-mark={mark ?? ''}
              title={title}
              aria-label={`${date} ${title}`}
              disabled={disabled}
              onClick={() => onChange(toggleDay(hours, date))}
            >
              <span class="day-number">{Number(date.slice(8))}</span>
              {mark ? <b class="day-mark">{mark === 'holiday' ? t('calendar.rest') : t('calendar.work')}</b> : null}
            </button>
          );
        })}
      </div>
    </div>
  );
}
