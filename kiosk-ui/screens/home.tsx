import { Clock } from '../components/clock.tsx';
import { Icon } from '../components/icons.tsx';
import { Qr } from '../components/qr.tsx';
import { locale, t } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';

export function complaintTarget(k: Kiosk): string {
  const hall = k.hall.value?.hall;
  return hall?.complaintUrl ?? `tel:${hall?.hotline ?? '12345'}`;
}

/** The first screen: the hall, the time, four large tiles, the waiting counts, two switches. */
export function Home({ k }: { k: Kiosk }) {
  const hall = k.hall.value;
  const hotline = hall?.hall.hotline ?? '12345';
  const queues = (hall?.queues ?? []).map((q) => ({ q, status: k.status(q.code) }));
  return (
    <div class="screen home">
      <header class="home-head">
        <h1 class="hall-name">{hall?.hall.name}</h1>
        {hall && <Clock offset={k.clockOffset.value} timeZone={hall.hall.timezone} />}
      </header>
      <div class="tiles">
        <button type="button" class="tile tile-take" data-action="take" onClick={() => k.go({ name: 'departments' })}>
          <span class="tile-icon"><Icon name="ticket" /></span>
          <span class="tile-name">{t('home.take')}</span>
          <span class="tile-hint">{t('home.takeHint')}</span>
        </button>
        <button type="button" class="tile tile-checkin" data-action="checkin" onClick={() => k.go({ name: 'checkin' })}>
          <span class="tile-icon"><Icon name="calendar" /></span>
          <span class="tile-name">{t('home.checkin')}</span>
          <span class="tile-hint">{t('home.checkinHint')}</span>
        </button>
        <button type="button" class="tile tile-guide" data-action="guide" onClick={() => k.go({ name: 'guide' })}>
          <span class="tile-icon"><Icon name="book" /></span>
          <span class="tile-name">{t('home.guide')}</span>
          <span class="tile-hint">{t('home.guideHint')}</span>
        </button>
        <button type="button" class="tile tile-complaint" data-action="complaint" onClick={() => k.go({ name: 'complaint' })}>
          <span class="tile-name">{t('home.complaint')}</span>
          <span class="tile-hotline">
            <Icon name="phone" /> {hotline}
          </span>
          {!k.elder.value && <Qr text={complaintTarget(k)} size={120} label={t('home.complaint')} />}
        </button>
      </div>
      {queues.length > 0 && (
        <section class="waiting-board" aria-label={t('home.waiting')}>
          <h2>{t('home.waiting')}</h2>
          <ul>
            {queues.map(({ q, status }) => (
              <li key={q.code} data-queue={q.code}>
                <span class="wq-name">{q.name}</span>
                <span class="wq-count">{t('home.waitingCount', { count: status?.waiting ?? 0 })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p class="card-tip">{t('home.cardTip')}</p>
      <footer class="home-foot">
        <button type="button" class={`switch${k.elder.value ? ' switch-on' : ''}`} role="switch" aria-checked={k.elder.value} data-action="elder" onClick={() => (k.elder.value = !k.elder.value)}>
          <span class="switch-knob" aria-hidden="true" />
          {t('home.elderOn')}
        </button>
        <button type="button" class="btn btn-secondary" data-action="language" onClick={() => (locale.value = locale.value === 'en' ? 'zh-CN' : 'en')}>
          {t('home.language')}
        </button>
      </footer>
    </div>
  );
}
