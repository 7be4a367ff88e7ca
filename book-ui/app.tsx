import { signal } from '@preact/signals';
import { locale, t } from './i18n/index.ts';
import type { BookModel, Tab } from './model.ts';
import { BookFlow } from './screens/book-flow.tsx';
import { Lookup, type LookupModel } from './screens/lookup.tsx';
import { Station, type StationModel } from './screens/station.tsx';

/** 适老化: large text, remembered on this phone. */
export const big = signal(localStorage.getItem('hallq.book.big') === '1');

function toggleBig() {
  big.value = !big.value;
  localStorage.setItem('hallq.book.big', big.value ? '1' : '0');
}

function toggleLocale() {
  locale.value = locale.value === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('hallq.book.lang', locale.value);
}

export function App({ m, l, s }: { m: BookModel; l: LookupModel; s: StationModel }) {
  document.documentElement.lang = locale.value;
  document.documentElement.classList.toggle('big', big.value);
  document.title = `${t('page.title')} · ${m.hall.value?.hall.name ?? ''}`;
  const hall = m.hall.value?.hall;
  const tabs: Tab[] = ['book', 'lookup', 'station'];
  return (
    <div class="page">
      <header>
        <div class="hall">
          <h1>{t('page.title')}</h1>
          <p>{hall?.name}</p>
        </div>
        <div class="toggles">
          <button type="button" class="toggle" onClick={toggleLocale} data-toggle="lang">
            {t('lang.switch')}
          </button>
          <button type="button" class="toggle" aria-pressed={big.value} onClick={toggleBig} data-toggle="big">
            {big.value ? t('big.off') : t('big.on')}
          </button>
        </div>
      </header>
      <nav class="tabs" role="tablist">
        {tabs.map((tab) => (
          <button type="button" role="tab" key={tab} aria-selected={m.tab.value === tab} data-tab={tab} onClick={() => (m.tab.value = tab)}>
            {t(`tab.${tab}`)}
          </button>
        ))}
      </nav>
      <main>{m.tab.value === 'book' ? <BookFlow m={m} /> : m.tab.value === 'lookup' ? <Lookup l={l} /> : <Station s={s} m={m} />}</main>
      <footer>{hall ? t('footer', { hall: hall.name, phone: hall.phone ?? hall.hotline }) : null}</footer>
    </div>
  );
}
