import { clockTime } from '../elapsed.ts';
import { i18n, t } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';

export function Header({ term, staffName }: { term: WindowTerminal; staffName: string }) {
  const w = term.state.value?.window;
  const status = w?.status ?? 'closed';
  const tz = term.hall.value?.hall.timezone;
  const canSignOut = !w?.current && term.busy.value === null;
  return (
    <header class="topbar">
      <div class="topbar-hall">{term.hall.value?.hall.name ?? ''}</div>
      <div class="topbar-window">
        <span class="window-number">{t('header.window', { n: term.window })}</span>
        <span class="window-name">{w?.name ?? ''}</span>
      </div>
      <div class={`status status-${status}`} data-testid="window-status" data-status={status}>
        {t(`status.${status}`)}
        {status === 'paused' && w?.pauseReason ? `：${w.pauseReason}` : ''}
      </div>
      <div class="topbar-staff">{t('header.staff', { name: staffName, badge: term.badge })}</div>
      <div class={`conn ${term.online ? 'conn-on' : 'conn-off'}`} title={term.online ? t('conn.online') : t('conn.offline')} />
      <div class="topbar-clock">{clockTime(term.serverNow.value, tz)}</div>
      <button type="button" class="btn btn-ghost" onClick={() => (i18n.locale.value = i18n.locale.value === 'en' ? 'zh-CN' : 'en')}>
        {t('header.lang')}
      </button>
      <button
        type="button"
        class="btn btn-ghost"
        disabled={!canSignOut}
        title={w?.current ? t('why.refuseInHand') : undefined}
        onClick={() => (term.dialog.value = { kind: 'signOut' })}
      >
        {t('header.signOut')}
      </button>
    </header>
  );
}
