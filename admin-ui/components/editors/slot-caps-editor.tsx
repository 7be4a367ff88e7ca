import { t } from '../../i18n/index.ts';
import { blankSlotCap, type SlotCapDraft } from './composite.ts';
import { invalidProps, IssueText, type IssueBoard } from './issue-board.tsx';

interface Props {
  id: string;
  rows: SlotCapDraft[];
  board: IssueBoard;
  disabled: boolean;
  onChange(rows: SlotCapDraft[]): void;
}

/** 分时段限额: a time range and the most tickets issued in it. */
export function slotCapsEditor({ id, rows, board, disabled, onChange }: Props) {
  const set = (i: number, patch: Partial<SlotCapDraft>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <div class="slot-caps">
      {rows.length === 0 ? <p class="muted empty-note">{t('slots.none')}</p> : null}
      {rows.map((row, i) => {
        const startMsgs = board.take(`[${i}].start`);
        const endMsgs = board.take(`[${i}].end`, `[${i}]`);
        const capMsgs = board.take(`[${i}].cap`);
        return (
          <div class="slot-row" key={i} data-slot={i}>
            <input type="text" inputMode="numeric" maxLength={5} placeholder="09:00" class="time-input" id={`${id}-${i}-start`} aria-label={t('hours.start')} value={row.start} disabled={disabled} onInput={(e) => set(i, { start: (e.target as HTMLInputElement).value })} {...invalidProps(`${id}-${i}-start-error`, startMsgs)} />
            <span class="period-dash">–</span>
            <input type="text" inputMode="numeric" maxLength={5} placeholder="09:00" class="time-input" id={`${id}-${i}-end`} aria-label={t('hours.end')} value={row.end} disabled={disabled} onInput={(e) => set(i, { end: (e.target as HTMLInputElement).value })} {...invalidProps(`${id}-${i}-end-error`, endMsgs)} />
            <label class="slot-cap">
              {t('slots.cap')}
              <input type="text" inputMode="numeric" id={`${id}-${i}-cap`} value={row.cap} disabled={disabled} onInput={(e) => set(i, { cap: (e.target as HTMLInputElement).value })} {...invalidProps(`${id}-${i}-cap-error`, capMsgs)} />
              {t('slots.tickets')}
            </label>
            <button type="button" class="btn btn-small" disabled={disabled} aria-label={t('list.remove')} onClick={() => onChange(rows.filter((_, k) => k !== i))}>
              ✕
            </button>
            <IssueText id={`${id}-${i}-start-error`} messages={startMsgs} />
            <IssueText id={`${id}-${i}-end-error`} messages={endMsgs} />
            <IssueText id={`${id}-${i}-cap-error`} messages={capMsgs} />
          </div>
        );
      })}
      <button type="button" class="btn btn-small" disabled={disabled} onClick={() => onChange([...rows, blankSlotCap()])}>
        ＋ {t('slots.add')}
      </button>
    </div>
  );
}
