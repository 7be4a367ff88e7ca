import type { RecentCall } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/** The few calls before the newest one, newest first, each with its window, large enough for the back row. */
export function RecentCalls({ calls, slots, title = true }: { calls: RecentCall[]; slots: number; title?: boolean }) {
  const rows = Array.from({ length: slots }, (_, i) => calls[i]);
  return (
    <section class="recent" data-testid="recent">
      {title && <h2 class="panel-title">{t('hall.recent')}</h2>}
      <ol class="recent-list">
        {rows.map((c, i) =>
          c ? (
            <li class="recent-row" key={c.seq} data-seq={c.seq}>
              <span class="recent-number">{c.number}</span>
              <span class="recent-window">{t('hall.windowN', { n: c.window })}</span>
              {c.recall && <span class="tag recall small">{t('hall.recall')}</span>}
            </li>
          ) : (
            <li class="recent-row blank" key={`blank-${i}`} />
          ),
        )}
      </ol>
    </section>
  );
}
