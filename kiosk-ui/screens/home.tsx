import { Clock } from '../components/clock.tsx';
import { HelpButton, helpPlace } from '../components/help.tsx';
import { Icon } from '../components/icons.tsx';
import { Qr } from '../components/qr.tsx';
import { QueueWait } from '../components/wait-estimate.tsx';
import { locale, t, type KioskKey } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';

/**
 * What the complaint QR holds: the hall's complaint page (an http(s) address from the configuration),
 * which a phone's scanner opens. Never `tel:`, which scanners do not dial; without a page there is no
 * QR and the hotline number stands as text.
 */
export function complaintTarget(k: Kiosk): string | null {
  const url = k.hall.value?.hall.complaintUrl?.trim();
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}

/** Said before anyone takes a number: the printer cannot print, the ticket will be electronic. */
export function PrinterWarning({ k }: { k: Kiosk }) {
  if (!k.printerDown) return null;
  return (
    <section class="printer-warning" role="alert" data-field="printer-warning" data-printer={k.printer.value}>
      <p class="printer-warning-title">
        <Icon name="printer" /> {t(`printer.${k.printer.value}` as KioskKey)}
      </p>
      <p>{t('printer.electronic')}</p>
      {k.elder.value && <p data-field="no-phone">{t('printer.noPhone', { place: helpPlace(k) })}</p>}
    </section>
  );
}

/** The first screen: the hall, the time, four large tiles, the waiting counts, two switches. */
export function Home({ k }: { k: Kiosk }) {
  const hall = k.hall.value;
  const hotline = hall?.hall.hotline ?? '12345';
  const queues = (hall?.queues ?? []).map((q) => ({ q, status: k.status(q.code) }));
  const complaint = complaintTarget(k);
  return (
    <div class="screen home">
      <header class="home-head">
        <h1 class="hall-name">{hall?.hall.name}</h1>
        {hall && <Clock offset={k.clockOffset.value} timeZone={hall.hall.timezone} />}
      </header>
      <PrinterWarning k={k} />
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
          {!k.elder.value && complaint && <Qr text={complaint} size={120} label={t('home.complaint')} />}
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
                <QueueWait k={k} code={q.code} />
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
        <HelpButton k={k} />
        <button type="button" class="btn btn-secondary" data-action="language" onClick={() => (locale.value = locale.value === 'en' ? 'zh-CN' : 'en')}>
          {t('home.language')}
        </button>
      </footer>
    </div>
  );
}
