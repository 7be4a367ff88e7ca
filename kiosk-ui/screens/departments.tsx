import { Icon } from '../components/icons.tsx';
import { Pager } from '../components/pager.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import { t } from '../i18n/index.ts';
import { nameOf } from '../names.ts';
import type { Kiosk } from '../store.ts';

/** Step 1 of taking a ticket (and of the guide): which department. A department whose queues are all closed says so. */
export function Departments({ k, guide = false }: { k: Kiosk; guide?: boolean }) {
  const departments = k.departmentsWithItems();
  return (
    <div class="screen">
      <ScreenHead k={k} title={guide ? t('guide.title') : t('dept.title')} back={() => k.home()} />
      {guide ? (
        <p class="lead">{t('guide.pick')}</p>
      ) : (
        <button type="button" class="search-open" data-action="search" onClick={() => k.go({ name: 'search' })}>
          <Icon name="search" /> {t('dept.search')}
        </button>
      )}
      <Pager
        k={k}
        items={departments}
        perPage={10}
        elderPerPage={6}
        render={(d) => {
          const items = k.itemsOf(d.code);
          const closed = items.every((i) => k.queueClosed(i.queue));
          return (
            <button
              type="button"
              key={d.code}
              class={`choice${closed ? ' choice-closed' : ''}`}
              data-department={d.code}
              data-state={closed ? 'closed' : 'open'}
              onClick={() => k.go(guide ? { name: 'guideItems', department: d.code } : { name: 'items', department: d.code })}
            >
              <span class="choice-name">{nameOf(d)}</span>
              <span class="choice-hint">
                {t('dept.items', { count: items.length })}
                {closed && !guide && <span class="badge badge-stop" data-field="mark">{t('dept.closed')}</span>}
              </span>
            </button>
          );
        }}
      />
    </div>
  );
}
