import { t } from '../../i18n/index.ts';
import { blankWeekRow, type PeriodDraft, type WeekRowDraft } from './composite.ts';
import { invalidProps, IssueText, type IssueBoard } from './issue-board.tsx';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const weekdayLabel = (d: number) => t(`week.${d}` as 'week.1');

interface PeriodsProps {
  id: string;
  /** Issue path of the list (`weekly[0].periods`, `makeupDayHours`). */
  at: string;
  periods: PeriodDraft[];
  board: IssueBoard;
  disabled: boolean;
  onChange(periods: PeriodDraft[]): void;
}

/** Time ranges, one per line: 开始 – 结束, removable, with 添加时段. */
export function periodsList({ id, at, periods, board, disabled, onChange }: PeriodsProps) {
  const set = (j: number, patch: Partial<PeriodDraft>) => onChange(periods.map((p, k) => (k === j ? { ...p, ...patch } : p)));
  const listIssues = board.take(at);
  return (
    <div class="periods">
      {periods.map((p, j) => {
        const path = `${at}[${j}]`;
        const startMsgs = board.take(`${path}.start`);
        const endMsgs = board.take(`${path}.end`, path);
        return (
          <div class="period-row" key={j} data-period={j}>
            <input type="text" inputMode="numeric" maxLength={5} placeholder="09:00" class="time-input" id={`${id}-${j}-start`} aria-label={t('hours.start')} value={p.start} disabled={disabled} onInput={(e) => set(j, { start: (e.target as HTMLInputElement).value })} {...invalidProps(`${id}-${j}-start-error`, startMsgs)} />
            <span class="period-dash">–</span>
            <input type="text" inputMode="numeric" maxLength={5} placeholder="09:00" class="time-input" id={`${id}-${j}-end`} aria-label={t('hours.end')} value={p.end} disabled={disabled} onInput={(e) => set(j, { end: (e.target as HTMLInputElement).value })} {...invalidProps(`${id}-${j}-end-error`, endMsgs)} />
            <button type="button" class="btn btn-small" disabled={disabled} aria-label={t('hours.removePeriod')} onClick={() => onChange(periods.filter((_, k) => k !== j))}>
              ✕
            </button>
            <IssueText id={`${id}-${j}-start-error`} messages={startMsgs} />
            <IssueText id={`${id}-${j}-end-error`} messages={endMsgs} />
          </div>
        );
      })}
      <IssueText id={`${id}-periods-error`} messages={listIssues} />
      <button type="button" class="btn btn-small" disabled={disabled} onClick={() => onChange([...periods, { start: '', end: '' }])}>
        ＋ {t('hours.addPeriod')}
      </button>
    </div>
  );
}

interface WeekProps {
  id: string;
  /** Issue path prefix of the rows ('' for a list field, 'weekly' inside the hall hours). */
  at: string;
  rows: WeekRowDraft[];
  board: IssueBoard;
  disabled: boolean;
  /** Shown when there are no rows (a queue without hours of its own follows the hall). */
  emptyText?: string;
  onChange(rows: WeekRowDraft[]): void;
}

/** Groups of weekdays with their time ranges: 周一至周五 09:00–12:00, 13:30–17:00. */
export function weekRows({ id, at, rows, board, disabled, emptyText, onChange }: WeekProps) {
  const set = (i: number, patch: Partial<WeekRowDraft>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <div class="week-rows">
      {rows.length === 0 && emptyText ? <p class="muted empty-note">{emptyText}</p> : null}
      {rows.map((row, i) => {
        const path = `${at}[${i}]`;
        const dayMsgs = board.take(`${path}.days`);
        return (
          <div class="week-row" key={i} data-week-row={i}>
            <div class="week-days" role="group" aria-label={t('hours.days')} {...invalidProps(`${id}-${i}-days-error`, dayMsgs)}>
              {WEEKDAYS.map((d) => {
                const on = row.days.includes(d);
                return (
                  <button
                    key={d}
                    type="button"
                    class={`day-toggle${on ? ' day-on' : ''}`}
                    aria-pressed={on ? 'true' : 'false'}
                    data-day={d}
                    disabled={disabled}
                    onClick={() => set(i, { days: on ? row.days.filter((x) => x !== d) : [...row.days, d].sort((a, b) => a - b) })}
                  >
                    {weekdayLabel(d)}
                  </button>
                );
              })}
              <button type="button" class="btn btn-small btn-quiet week-remove" disabled={disabled} onClick={() => onChange(rows.filter((_, k) => k !== i))}>
                {t('hours.removeGroup')}
              </button>
            </div>
            <IssueText id={`${id}-${i}-days-error`} messages={dayMsgs} />
            {periodsList({ id: `${id}-${i}`, at: `${path}.periods`, periods: row.periods, board, disabled, onChange: (periods) => set(i, { periods }) })}
          </div>
        );
      })}
      <button type="button" class="btn btn-small" disabled={disabled} onClick={() => onChange([...rows, blankWeekRow()])}>
        ＋ {t('hours.addGroup')}
      </button>
    </div>
  );
}
