import type { WindowStateView } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/** Some windows with the number each is serving, or why it is not serving. No names of citizens. */
export function WindowGrid({ windows }: { windows: WindowStateView[] }) {
  return (
    <ul class="window-grid">
      {windows.map((w) => (
        <li class={`window-tile status-${w.status}`} key={w.number} data-window={w.number}>
          <span class="window-tile-n">{t('hall.windowN', { n: w.number })}</span>
          {w.status === 'open' ? (
            w.current ? <span class="window-tile-current">{w.current.number}</span> : <span class="window-tile-state">{t('status.idle')}</span>
          ) : (
            <span class="window-tile-state">{t(w.status === 'paused' ? 'status.paused' : 'status.closed')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
