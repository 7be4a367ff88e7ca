import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';
import { TerminalDialog } from './terminal-dialog.tsx';

export type TransferTarget = { kind: 'queue'; code: string; label: string } | { kind: 'window'; number: number; label: string; status?: string };

/** Every active queue, then every other window (with its status from the live snapshot). */
export function transferTargets(term: WindowTerminal): TransferTarget[] {
  const hall = term.hall.value;
  const targets: TransferTarget[] = (hall?.queues ?? []).map((q) => ({ kind: 'queue', code: q.code, label: t('transfer.queueOption', { name: q.name, prefix: q.prefix }) }));
  const live = term.snapshot?.value?.windows;
  if (live) {
    for (const w of live) {
      if (w.number === term.window) continue;
      targets.push({ kind: 'window', number: w.number, label: t('transfer.windowOption', { n: w.number, name: w.name }), status: w.status });
    }
  } else {
    const numbers = new Set((hall?.queues ?? []).flatMap((q) => q.windows));
    for (const n of [...numbers].sort((a, b) => a - b)) {
      if (n !== term.window) targets.push({ kind: 'window', number: n, label: t('transfer.windowOption', { n, name: '' }) });
    }
  }
  return targets;
}

/**
 * 转移 keeps the citizen's number and sends the ticket to another queue or window. Nothing is chosen
 * at first, so a stray Enter cannot send anyone away; the summary line says exactly what will happen.
 */
export function TransferDialog({ term }: { term: WindowTerminal }) {
  const current = term.state.value?.window?.current ?? null;
  const targets = transferTargets(term);
  const [at, setAt] = useState(-1);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = at >= 0 ? targets[at] : undefined;
  const lists = useRef<HTMLDivElement>(null);
  // The lists scroll inside the dialog: keep the chosen target in view when the arrows move it.
  useEffect(() => {
    const el = lists.current?.querySelector<HTMLElement>('.choice.chosen');
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [at]);

  const confirm = () => {
    if (!chosen) {
      setError(t('transfer.choose'));
      return;
    }
    setError(null);
    const body: Record<string, unknown> = chosen.kind === 'queue' ? { queue: chosen.code } : { window: chosen.number };
    if (note.trim()) body.note = note.trim();
    void term.run('transfer', body);
  };

  const group = (kind: TransferTarget['kind']) =>
    targets.map((x, i) =>
      x.kind !== kind ? null : (
        <li key={i} role="option" aria-selected={i === at} class={`choice${i === at ? ' chosen' : ''}`} data-target={x.kind === 'queue' ? `queue:${x.code}` : `window:${x.number}`} onClick={() => {
            setAt(i);
            setError(null);
          }}>
          <span>{x.label}</span>
          {x.kind === 'window' && x.status ? <span class={`pill pill-${x.status}`}>{t(`status.${x.status}` as 'status.open')}</span> : null}
        </li>
      ),
    );

  return (
    <TerminalDialog
      term={term}
      title={t('transfer.title', { number: current?.number ?? '' })}
      wide
      danger
      className="transfer-dialog"
      onConfirm={confirm}
      error={error}
      onKey={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          setAt((i) => (e.key === 'ArrowDown' ? Math.min(targets.length - 1, i + 1) : Math.max(0, i - 1)));
          setError(null);
          return true;
        }
        return false;
      }}
    >
      <p class="dialog-hint">{t('transfer.hint')}</p>
      <div class="transfer-groups" ref={lists}>
        <div class="transfer-group">
          <h3>{t('transfer.toQueue')}</h3>
          <ul class="choice-list" role="listbox" aria-label={t('transfer.toQueue')}>
            {group('queue')}
          </ul>
        </div>
        <div class="transfer-group">
          <h3>{t('transfer.toWindow')}</h3>
          <ul class="choice-list window-grid" role="listbox" aria-label={t('transfer.toWindow')}>
            {group('window')}
          </ul>
        </div>
      </div>
      <label class="field">
        <span>{t('transfer.note')}</span>
        <input type="text" value={note} maxLength={200} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
      {chosen && current ? <p class="dialog-summary">{t('transfer.summary', { number: current.number, target: chosen.label })}</p> : null}
    </TerminalDialog>
  );
}
