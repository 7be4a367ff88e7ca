import { useRef, useState } from 'preact/hooks';
import { t, type TKey } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';
import { TerminalDialog } from './terminal-dialog.tsx';

const PRESETS: TKey[] = ['pause.r1', 'pause.r2', 'pause.r3', 'pause.r4'];

/** 暂停服务 needs a reason: the window screen shows it to the citizens in front of the window. */
export function PauseDialog({ term }: { term: WindowTerminal }) {
  const [at, setAt] = useState(-1);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const otherInput = useRef<HTMLInputElement>(null);
  const OTHER = PRESETS.length;

  const choose = (i: number) => {
    setAt(i);
    setError(null);
    if (i === OTHER) setTimeout(() => otherInput.current?.focus(), 0);
  };

  const confirm = () => {
    const reason = at === OTHER ? other.trim() : at >= 0 ? t(PRESETS[at]!) : '';
    if (!reason) {
      setError(t('pause.required'));
      return;
    }
    void term.run('pause', { reason });
  };

  return (
    <TerminalDialog
      term={term}
      title={t('pause.title')}
      onConfirm={confirm}
      error={error}
      onKey={(e) => {
        if ((e.target as HTMLElement).tagName === 'INPUT') return false;
        const n = Number(e.key);
        if (Number.isInteger(n) && n >= 1 && n <= OTHER + 1) {
          choose(n - 1);
          return true;
        }
        return false;
      }}
    >
      <p class="dialog-hint">{t('pause.reason')}</p>
      <ul class="choice-list" role="listbox" aria-label={t('pause.reason')}>
        {PRESETS.map((k, i) => (
          <li key={k} role="option" aria-selected={i === at} class={`choice${i === at ? ' chosen' : ''}`} onClick={() => choose(i)}>
            <span class="keycap">{i + 1}</span>
            <span>{t(k)}</span>
          </li>
        ))}
        <li role="option" aria-selected={at === OTHER} class={`choice${at === OTHER ? ' chosen' : ''}`} onClick={() => choose(OTHER)}>
          <span class="keycap">{OTHER + 1}</span>
          <span>{t('pause.other')}</span>
        </li>
      </ul>
      {at === OTHER ? (
        <label class="field">
          <span>{t('pause.other')}</span>
          <input ref={otherInput} type="text" value={other} maxLength={60} onInput={(e) => setOther((e.target as HTMLInputElement).value)} />
        </label>
      ) : null}
    </TerminalDialog>
  );
}
