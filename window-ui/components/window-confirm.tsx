import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { WindowStateView } from '../../contract/snapshot.ts';
import { t } from '../i18n.ts';
import type { StaffMe } from '../types.ts';

export interface WindowConfirmProps {
  me: StaffMe;
  windows: Pick<WindowStateView, 'number' | 'name' | 'status' | 'staff'>[];
  /** The window this PC stands at (remembered, or ?window= in the URL). */
  suggested: number | null;
  signIn(window: number): Promise<void>;
  logout(): void;
}

/** The second step of signing in: confirm (or pick) the window this terminal belongs to. */
export function WindowConfirm({ me, windows, suggested, signIn, logout }: WindowConfirmProps) {
  const initial = windows.findIndex((w) => w.number === suggested);
  const [at, setAt] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const chosen = at >= 0 ? windows[at] : undefined;

  useLayoutEffect(() => box.current?.focus(), []);

  const confirm = async () => {
    if (busy) return;
    if (!chosen) {
      setError(t('confirm.choose'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(chosen.number);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    const cols = 4;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols };
    if (e.key in moves) {
      e.preventDefault();
      setAt((i) => Math.min(windows.length - 1, Math.max(0, (i < 0 ? 0 : i) + (i < 0 ? 0 : moves[e.key]!))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void confirm();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      logout();
    }
  };

  return (
    <div class="gate">
      <div class="gate-card gate-wide" ref={box} tabIndex={-1} onKeyDown={onKey} aria-label={t('confirm.title')}>
        <h1 class="gate-title">{t('confirm.title')}</h1>
        <p>{t('confirm.hello', { name: me.name, badge: me.badge })}</p>
        <div class="window-grid" role="listbox" aria-label={t('confirm.title')}>
          {windows.map((w, i) => {
            const other = w.staff && w.staff.badge !== me.badge;
            return (
              <div
                key={w.number}
                role="option"
                aria-selected={i === at}
                data-window={w.number}
                class={`window-choice${i === at ? ' chosen' : ''}${other ? ' taken' : ''}`}
                onClick={() => setAt(i)}
                onDblClick={() => {
                  setAt(i);
                  void signIn(w.number).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
                }}
              >
                <div class="window-choice-number">{t('header.window', { n: w.number })}</div>
                <div class="window-choice-name">{w.name}</div>
                <div class="window-choice-state">
                  {other ? t('confirm.taken', { name: w.staff!.name }) : w.status === 'closed' ? t('confirm.closed') : t('confirm.free')}
                </div>
              </div>
            );
          })}
        </div>
        {error ? (
          <p class="gate-error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="gate-actions">
          <button type="button" class="btn" onClick={logout}>
            {t('confirm.logout')}
          </button>
          <button type="button" class="btn btn-primary" disabled={busy || !chosen} onClick={() => void confirm()}>
            {chosen ? t('confirm.submit', { n: chosen.number }) : t('confirm.choose')}
          </button>
        </div>
        <p class="gate-hint">{t('confirm.hint')}</p>
      </div>
    </div>
  );
}
