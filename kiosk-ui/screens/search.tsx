import { Keypad } from '../components/keypad.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import { t } from '../i18n/index.ts';
import { searchItems } from '../search.ts';
import type { Kiosk } from '../store.ts';
import { ItemChoice } from './items.tsx';

const LETTERS = 'QWERTYUIOPASDFGHJKLZXCVBNM'.split('').map((l) => ({ value: l.toLowerCase(), label: l }));

/** Search items by Chinese name (typed with the system keyboard) or pinyin initials (on-screen keys). */
export function Search({ k }: { k: Kiosk }) {
  // Items of a closed or full queue are found too, marked as such (see ItemChoice).
  const hits = searchItems(k.hall.value?.items ?? [], k.query.value);
  const max = k.elder.value ? 3 : 5;
  const set = (q: string) => {
    k.query.value = q;
    k.touched();
  };
  return (
    <div class="screen search">
      <ScreenHead k={k} title={t('search.title')} back={() => k.go({ name: 'departments' })} />
      <input
        class="search-input"
        type="search"
        value={k.query.value}
        placeholder={t('search.placeholder')}
        aria-label={t('search.title')}
        onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
      />
      <div class="search-results" aria-live="polite">
        {k.query.value.trim() === '' ? (
          <p class="lead">{t('search.hint')}</p>
        ) : hits.length === 0 ? (
          <p class="empty">{t('search.none')}</p>
        ) : (
          <div class="choices choices-list">
            {hits.slice(0, max).map((item) => (
              <ItemChoice k={k} key={item.code} item={item} onPick={() => k.chooseItem(item.code)} />
            ))}
          </div>
        )}
      </div>
      <Keypad
        class="letters"
        keys={[...LETTERS, { value: 'del', label: t('search.delete'), wide: true }, { value: 'clear', label: t('search.clear'), wide: true }]}
        onKey={(v) => set(v === 'del' ? k.query.value.slice(0, -1) : v === 'clear' ? '' : k.query.value + v)}
      />
    </div>
  );
}
