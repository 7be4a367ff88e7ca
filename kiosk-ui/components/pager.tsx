import type { ComponentChildren } from 'preact';
import type { Kiosk } from '../store.ts';
import { t } from '../i18n/index.ts';

/**
 * A list shown a page at a time: a kiosk never scrolls. Elder mode shows fewer, larger choices.
 */
export function Pager<T>({ k, items, perPage, elderPerPage, render }: { k: Kiosk; items: T[]; perPage: number; elderPerPage: number; render: (item: T) => ComponentChildren }) {
  const size = k.elder.value ? elderPerPage : perPage;
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(k.page.value, pages - 1);
  const shown = items.slice(page * size, page * size + size);
  return (
    <div class="pager">
      <div class={`choices${k.elder.value ? ' choices-elder' : ''}`}>{shown.map(render)}</div>
      {pages > 1 && (
        <div class="pager-nav">
          <button type="button" class="btn btn-secondary" disabled={page === 0} onClick={() => (k.page.value = page - 1)}>
            {t('common.prev')}
          </button>
          <span class="pager-count">{t('common.page', { page: page + 1, pages })}</span>
          <button type="button" class="btn btn-secondary" disabled={page >= pages - 1} onClick={() => (k.page.value = page + 1)}>
            {t('common.next')}
          </button>
        </div>
      )}
    </div>
  );
}
