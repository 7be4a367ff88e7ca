import { useState } from 'preact/hooks';
import type { Outcome } from '../../contract/domain.ts';
import { t, type TKey } from '../i18n.ts';
import { MISSING_PREFIX, type WindowTerminal } from '../terminal.ts';
import { TerminalDialog } from './terminal-dialog.tsx';

export const OUTCOMES: Outcome[] = ['done', 'accepted', 'supplement', 'rejected', 'consultation'];

const typing = (e: KeyboardEvent) => {
  const el = e.target as HTMLElement;
  return el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'text');
};

/**
 * 办结 with its outcome. 办结 is preselected, so F4 then Enter is the everyday path; 补正 opens the
 * item's materials list to tick what is missing, which goes on the one-time notice (一次性告知).
 */
export function FinishDialog({ term }: { term: WindowTerminal }) {
  const current = term.state.value?.window?.current ?? null;
  const item = term.itemOf(current);
  const materials = item?.materials ?? [];
  const [outcome, setOutcome] = useState<Outcome>('done');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);

  const toggle = (name: string) => setMissing((m) => (m.includes(name) ? m.filter((x) => x !== name) : [...m, name]));

  const confirm = () => {
    if (term.busy.value) return;
    const lines: string[] = [];
    let list: string[] = [];
    if (outcome === 'supplement') {
      list = [...materials.map((m) => m.name).filter((n) => missing.includes(n)), ...other.split(/[，,、;；\n]/).map((s) => s.trim()).filter(Boolean)];
      if (!list.length) {
        setError(t('finish.missingNone'));
        return;
      }
      lines.push(MISSING_PREFIX + list.join('、'));
    }
    if (note.trim()) lines.push(note.trim());
    setError(null);
    void term.finish(outcome, lines.length ? lines.join('\n') : null, list);
  };


  return (
    <TerminalDialog
      term={term}
      title={t('finish.title', { number: current?.number ?? '' })}
      wide
      onConfirm={confirm}
      error={error}
      onKey={(e) => {
        if (typing(e)) return false;
        const n = Number(e.key);
        if (Number.isInteger(n) && n >= 1 && n <= OUTCOMES.length) {
          setOutcome(OUTCOMES[n - 1]!);
          return true;
        }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          const at = OUTCOMES.indexOf(outcome) + (e.key === 'ArrowDown' ? 1 : -1);
          setOutcome(OUTCOMES[(at + OUTCOMES.length) % OUTCOMES.length]!);
          return true;
        }
        return false;
      }}
    >
      <fieldset class="outcomes">
        <legend>{t('finish.outcome')}</legend>
        {OUTCOMES.map((o, i) => (
          <label key={o} class={`outcome${o === outcome ? ' chosen' : ''}`} data-outcome={o}>
            <input type="radio" name="outcome" value={o} checked={o === outcome} onChange={() => setOutcome(o)} />
            <span class="keycap">{i + 1}</span>
            <span class="outcome-label">{t(`outcome.${o}` as TKey)}</span>
            <span class="outcome-hint">{t(`outcome.${o}.hint` as TKey)}</span>
          </label>
        ))}
      </fieldset>
      {outcome === 'supplement' ? (
        <fieldset class="missing">
          <legend>{t('finish.missing')}</legend>
          {materials.map((m) => (
            <label key={m.name} class="missing-item">
              <input type="checkbox" checked={missing.includes(m.name)} onChange={() => toggle(m.name)} />
              <span>{m.name}</span>
              {m.copies ? <span class="muted">{m.copies}</span> : null}
            </label>
          ))}
          <label class="field">
            <span>{t('finish.missingOther')}</span>
            <input type="text" value={other} maxLength={200} onInput={(e) => setOther((e.target as HTMLInputElement).value)} />
          </label>
        </fieldset>
      ) : null}
      <label class="field">
        <span>{t('finish.note')}</span>
        <input type="text" value={note} maxLength={300} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
    </TerminalDialog>
  );
}
