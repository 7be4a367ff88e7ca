import type { RecentCall, WindowStateView } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/** The newest call, large; it flashes for a few seconds when it has just been made. */
export function NewestCall({ call, window, flashing }: { call: RecentCall | undefined; window: WindowStateView | undefined; flashing: boolean }) {
  if (!call) {
    return (
      <section class="newest empty" data-testid="newest">
        <div class="newest-welcome">{t('hall.noCall')}</div>
      </section>
    );
  }
  return (
    <section class={`newest${flashing ? ' flashing' : ''}`} data-testid="newest" data-seq={call.seq} key={call.seq}>
      <div class="newest-label">
        {t('hall.nowCalling')}
        {call.recall && <span class="tag recall">{t('hall.recall')}</span>}
      </div>
      <div class="newest-number" data-testid="newest-number">
        {call.number}
      </div>
      <div class="newest-window">
        {t('hall.goTo', { window: call.window })}
        {window && <span class="newest-window-name">{window.name}</span>}
      </div>
    </section>
  );
}
