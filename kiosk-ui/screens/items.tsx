import { Pager } from '../components/pager.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import type { ItemInfo } from '../hall-data.ts';
import { t } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';

export function ItemChoice({ k, item, onPick }: { k: Kiosk; item: ItemInfo; onPick: () => void }) {
  const queue = k.queue(item.queue);
  const waiting = k.status(item.queue)?.waiting ?? 0;
  return (
    <button type="button" class="choice" data-item={item.code} onClick={onPick}>
      <span class="choice-name">{item.name}</span>
      <span class="choice-hint">
        {queue?.name} · {t('home.waiting')} {t('common.people', { count: waiting })}
        {queue?.idRequirement === 'required' && <span class="badge">{t('items.needId')}</span>}
      </span>
    </button>
  );
}

/** Step 2: which item of the department. */
export function Items({ k, department, guide = false }: { k: Kiosk; department: string; guide?: boolean }) {
  const items = k.itemsOf(department);
  const name = k.hall.value?.departments.find((d) => d.code === department)?.name ?? '';
  return (
    <div class="screen">
      <ScreenHead k={k} title={guide ? `${t('guide.title')} · ${name}` : name} back={() => k.go(guide ? { name: 'guide' } : { name: 'departments' })} />
      {!guide && <p class="lead">{t('items.title')}</p>}
      {items.length === 0 ? (
        <p class="empty">{t('items.empty')}</p>
      ) : (
        <Pager
          k={k}
          items={items}
          perPage={8}
          elderPerPage={4}
          render={(item) => <ItemChoice k={k} key={item.code} item={item} onPick={() => (guide ? k.go({ name: 'guideItem', item: item.code }) : k.chooseItem(item.code))} />}
        />
      )}
    </div>
  );
}
