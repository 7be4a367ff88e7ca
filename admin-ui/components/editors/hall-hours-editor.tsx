import { t } from '../../i18n/index.ts';
import type { HallHoursDraft } from './composite.ts';
import { IssueText, type IssueBoard } from './issue-board.tsx';
import { MonthGrid } from './month-grid.tsx';
import { periodsList, weekRows } from './week-hours-editor.tsx';

interface Props {
  id: string;
  hours: HallHoursDraft;
  board: IssueBoard;
  disabled: boolean;
  onChange(hours: HallHoursDraft): void;
}

const shortDate = (d: string) => t('calendar.day', { m: Number(d.slice(5, 7)), d: Number(d.slice(8)), y: d.slice(0, 4) });

/** The first month worth showing: the next marked day from today, or this month. */
function firstMonth(hours: HallHoursDraft): string {
  const today = new Date().toISOString().slice(0, 10);
  const next = [...hours.holidays, ...hours.makeupDays].filter((d) => d >= today).sort()[0];
  return (next ?? today).slice(0, 7);
}

/** The hall's opening hours: weekly groups, the 休/班 calendar and the hours of a 调休 working day. */
export function hallHoursEditor({ id, hours, board, disabled, onChange }: Props) {
  const marked = (list: string[], key: 'holidays' | 'makeupDays', label: string) =>
    list.length ? (
      <div class="marked-days" data-marked={key}>
        <span class="muted">{label}</span>
        {list.map((d) => (
          <button key={d} type="button" class="chip chip-on" disabled={disabled} title={t('calendar.unmark')} onClick={() => onChange({ ...hours, [key]: list.filter((x) => x !== d) })}>
            {shortDate(d)} ✕
          </button>
        ))}
      </div>
    ) : null;
  const weeklyIssues = board.take('weekly');
  const makeupIssues = board.take('makeupDayHours');
  return (
    <div class="hall-hours">
      <h4 class="sub-title">{t('hours.weekly')}</h4>
      <IssueText id={`${id}-weekly-error`} messages={weeklyIssues} />
      {weekRows({ id: `${id}-weekly`, at: 'weekly', rows: hours.weekly, board, disabled, onChange: (weekly) => onChange({ ...hours, weekly }) })}
      <h4 class="sub-title">{t('calendar.title')}</h4>
      <p class="field-hint">{t('calendar.hint')}</p>
      <MonthGrid id={`${id}-calendar`} hours={hours} disabled={disabled} startMonth={firstMonth(hours)} onChange={onChange} />
      {marked(hours.holidays, 'holidays', t('calendar.holidays'))}
      {marked(hours.makeupDays, 'makeupDays', t('calendar.makeupDays'))}
      <IssueText id={`${id}-holidays-error`} messages={board.take('holidays')} />
      <IssueText id={`${id}-makeupDays-error`} messages={board.take('makeupDays')} />
      <h4 class="sub-title">{t('calendar.makeupHours')}</h4>
      <IssueText id={`${id}-makeup-error`} messages={makeupIssues} />
      {periodsList({ id: `${id}-makeup`, at: 'makeupDayHours', periods: hours.makeupDayHours, board, disabled, onChange: (makeupDayHours) => onChange({ ...hours, makeupDayHours }) })}
    </div>
  );
}
