import { Pager } from '../components/pager.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import type { ItemInfo } from '../hall-data.ts';
import { t } from '../i18n/index.ts';
import { nameOf } from '../names.ts';
import type { Kiosk } from '../store.ts';

/**
 * One item to choose. A closed queue's item says 暂停取号 and a full queue's 已满 right here, so
 * nobody walks through four screens to be refused; both stay readable in the guide.
 */
export function ItemChoice({ k, item, onPick, guide = false }: { k: Kiosk; item: ItemInfo; onPick: () => void; guide?: boolean }) {
  const queue = k.queue(item.queue);
  const status = k.status(item.queue);
  const waiting = status?.waiting ?? 0;
  const closed = k.queueClosed(item.queue);
  const full = !closed && k.queueFull(item.queue);
  const state = closed ? 'closed' : full ? 'full' : 'open';
  const queueName = queue ? nameOf(queue) : status ? nameOf(status) : '';
  return (
    <button type="button" class={`choice choice-${state}`} data-item={item.code} data-state={state} disabled={!guide && state !== 'open'} onClick={onPick}>
      <span class="choice-name">{nameOf(item)}</span>
      <span class="choice-hint">
        {queueName}
        {state === 'open' && ` · ${t('home.waiting')} ${t('common.people', { count: waiting })}`}
        {queue?.idRequirement === 'required' && state === 'open' && <span class="badge">{t('items.needId')}</span>}
        {closed && <span class="badge badge-stop" data-field="mark">{t('items.closed')}</span>}
        {full && <span class="badge badge-stop" data-field="mark">{t('items.full')}</span>}
        {full && <span class="choice-note">{t('items.fullHint')}</span>}
      </span>
    </button>
  );
}

/** Step 2: which item of the department. */
export function Items({ k, department, guide = false }: { k: Kiosk; department: string; guide?: boolean }) {
  const items = k.itemsOf(department);
  const dept = k.hall.value?.departments.find((d) => d.code === department);
  const name = dept ? nameOf(dept) : '';
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
          perPage={10}
          elderPerPage={6}
          render={(item) => <ItemChoice k={k} key={item.code} item={item} guide={guide} onPick={() => (guide ? k.go({ name: 'guideItem', item: item.code }) : k.chooseItem(item.code))} />}
        />
      )}
    </div>
  );
}
