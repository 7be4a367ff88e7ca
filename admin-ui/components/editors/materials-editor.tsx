import { t } from '../../i18n/index.ts';
import { blankMaterial, type MaterialDraft } from './composite.ts';
import { invalidProps, IssueText, type IssueBoard } from './issue-board.tsx';

interface Props {
  id: string;
  rows: MaterialDraft[];
  board: IssueBoard;
  disabled: boolean;
  onChange(rows: MaterialDraft[]): void;
}

type Key = keyof MaterialDraft;
const CHINESE: Key[] = ['name', 'copies', 'note'];
const ENGLISH: Key[] = ['nameEn', 'copiesEn', 'noteEn'];

/** 申请材料 as a list: 名称 (required), 份数, 备注, and their English texts on a second line. */
export function materialsEditor({ id, rows, board, disabled, onChange }: Props) {
  const set = (i: number, key: Key, value: string) => onChange(rows.map((r, k) => (k === i ? { ...r, [key]: value } : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    next.splice(i + by, 0, row!);
    onChange(next);
  };
  const input = (i: number, key: Key) => {
    const msgs = board.take(`[${i}].${key}`);
    const inputId = `${id}-${i}-${key}`;
    return (
      <label class={`material-cell material-${key}`}>
        <span class="cell-label">
          {t(`material.${key}`)}
          {key === 'name' ? <b class="required-mark"> *</b> : null}
        </span>
        <input type="text" id={inputId} name={`materials.${i}.${key}`} value={rows[i]![key]} disabled={disabled} placeholder={t(`material.${key}.placeholder`)} onInput={(e) => set(i, key, (e.target as HTMLInputElement).value)} {...invalidProps(`${inputId}-error`, msgs)} />
        <IssueText id={`${inputId}-error`} messages={msgs} />
      </label>
    );
  };
  return (
    <div class="materials-editor">
      {rows.length === 0 ? <p class="muted empty-note">{t('material.none')}</p> : null}
      <ol class="material-list">
        {rows.map((_, i) => (
          <li class="material-row" key={i} data-material={i}>
            <div class="material-line">{CHINESE.map((k) => input(i, k))}</div>
            <div class="material-line material-en">{ENGLISH.map((k) => input(i, k))}</div>
            <div class="material-actions">
              <button type="button" class="btn btn-small" disabled={disabled || i === 0} aria-label={t('list.up')} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button type="button" class="btn btn-small" disabled={disabled || i === rows.length - 1} aria-label={t('list.down')} onClick={() => move(i, 1)}>
                ↓
              </button>
              <button type="button" class="btn btn-small btn-quiet" disabled={disabled} onClick={() => onChange(rows.filter((_, k) => k !== i))}>
                {t('list.remove')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" class="btn btn-small" disabled={disabled} onClick={() => onChange([...rows, blankMaterial()])}>
        ＋ {t('material.add')}
      </button>
    </div>
  );
}
