import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RecentCall } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/** The few calls before the newest one, newest first, each with its window, large enough for the back row. */
export function RecentCalls({ calls, slots, title = true, hideWhenCut = false }: { calls: RecentCall[]; slots: number; title?: boolean; hideWhenCut?: boolean }) {
  const rows = Array.from({ length: slots }, (_, i) => calls[i]);
  const ref = useRef<HTMLElement>(null);
  const [cut, setCut] = useState(false);
  // On the strip the newest call takes the room it needs; when a wide number (JG1001) leaves too
  // little for the call before it, that call is hidden rather than shown cut or squeezed.
  useLayoutEffect(() => {
    if (!hideWhenCut || !ref.current) return;
    const check = () => {
      const rowsCut = [...(ref.current?.querySelectorAll<HTMLElement>('.recent-row') ?? [])].some((r) => r.scrollWidth > r.clientWidth + 1);
      setCut(rowsCut);
    };
    check();
    window.addEventListener('resize', check);
    return () => window.removeEventListener('resize', check);
  });
  return (
    <section class={`recent${cut ? ' cut' : ''}`} data-testid="recent" ref={ref}>
      {title && <h2 class="panel-title">{t('hall.recent')}</h2>}
      <ol class="recent-list">
        {rows.map((c, i) =>
          c ? (
            <li class="recent-row" key={c.seq} data-seq={c.seq}>
              <span class="recent-number">{c.number}</span>
              <span class="recent-window">{t('hall.recentWindowN', { n: c.window })}</span>
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
