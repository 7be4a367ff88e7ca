import type { ComponentChildren } from 'preact';
import type { Kiosk } from '../store.ts';
import { t } from '../i18n/index.ts';

/**
 * How many to show per page: at most `size`, spread evenly over the pages needed, so no page is left
 * mostly empty (seven choices at six a page are four and three, not six and one).
 */
export function pageSize(count: number, size: number): number {
  const pages = Math.max(1, Math.ceil(count / size));
  return Math.max(1, Math.ceil(count / pages));
}

/**
 * A list shown a page at a time: a kiosk never scrolls. Elder mode shows fewer, larger choices, one
 * per row, as many as fill the screen.
 */
export function Pager<T>({ k, items, perPage, elderPerPage, render }: { k: Kiosk; items: T[]; perPage: number; elderPerPage: number; render: (item: T) => ComponentChildren }) {
  const size = pageSize(items.length, k.elder.value ? elderPerPage : perPage);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(k.page.value, pages - 1);
  const shown = items.slice(page * size, page * size + size);
  return (
    <div class="pager">
      <div class={`choices${k.elder.value ? ' choices-elder' : ''}`} data-per-page={size}>
        {shown.map(render)}
      </div>
      {pages > 1 && (
        <div class="pager-nav">
          <button type="button" class="btn btn-secondary" data-action="prev" disabled={page === 0} onClick={() => (k.page.value = page - 1)}>
            {t('common.prev')}
          </button>
          <span class="pager-count">{t('common.page', { page: page + 1, pages })}</span>
          <button type="button" class="btn btn-secondary" data-action="next" disabled={page >= pages - 1} onClick={() => (k.page.value = page + 1)}>
            {t('common.next')}
          </button>
        </div>
      )}
    </div>
  );
}
