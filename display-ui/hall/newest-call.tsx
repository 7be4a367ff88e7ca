import type { RecentCall, WindowStateView } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/**
 * The newest call at 2.5 × the legibility rule (on the strip, compact: number and window on one line); it flashes for a few seconds when just made. The
 * window's name wraps under the window number instead of being cut, and 请 stands clear of the edge.
 */
export function NewestCall({ call, window, flashing, compact = false }: { call: RecentCall | undefined; window: WindowStateView | undefined; flashing: boolean; compact?: boolean }) {
  if (!call) {
    return (
      <section class="newest empty" data-testid="newest">
        <div class="newest-welcome">{t('hall.noCall')}</div>
      </section>
    );
  }
  return (
    <section class={`newest${flashing ? ' flashing' : ''}`} data-testid="newest" data-seq={call.seq} key={call.seq}>
      <div class="newest-call">
        <span class="newest-label">{t('hall.nowCalling')}</span>
        <span class="newest-number" data-testid="newest-number">
          {call.number}
        </span>
      </div>
      <div class="newest-window">
        {/* The strip has one line: "A1001 12号窗口"; the full screen reads "请 A1001 到 12 号窗口". */}
        <span class="newest-window-n">{compact ? t('hall.windowN', { n: call.window }) : t('hall.goTo', { window: call.window })}</span>
        {call.recall && <span class="tag recall">{t('hall.recall')}</span>}
      </div>
      {!compact && window && <div class="newest-window-name">{window.name}</div>}
    </section>
  );
}
