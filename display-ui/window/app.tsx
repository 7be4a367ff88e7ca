import { useEffect } from 'preact/hooks';
import type { Signal } from '@preact/signals';
import { t } from '../i18n/index.ts';
import { HallClock } from '../shared/clock.tsx';
import { departmentName, hallInfo } from '../shared/hall-info.ts';
import type { LiveHall } from '../shared/live.ts';
import { OfflineOverlay } from '../shared/offline-overlay.tsx';
import { NoticeTicker } from '../shared/ticker.tsx';
import { StaffCard } from './staff-card.tsx';

const days = (n: number) => (n === 0 ? t('info.onSite') : t('info.days', { n }));

/**
 * The screen above one window (seed clause 七): window and department, the staff member and badge,
 * honours, the number being served, the items handled with fees and promised time limits, phone;
 * while paused, 暂停服务 and the reason.
 */
export function WindowScreen({ n, live, flashing, everConnected, photos }: { n: number; live: LiveHall; flashing: Signal<number | null>; everConnected: { value: boolean }; photos: string | null }) {
  const s = live.stream.snapshot.value;
  const info = hallInfo.value;
  const connected = live.stream.connected;
  useEffect(() => {
    if (connected.value) everConnected.value = true;
  }, [connected.value]);
  if (!s) return <OfflineOverlay connected={connected} everConnected={false} />;
  const w = s.windows.find((x) => x.number === n);
  if (!w) {
    return (
      <div class="wscreen missing">
        <div class="wscreen-missing">{t('window.unknown', { n })}</div>
      </div>
    );
  }
  const items = (info?.items ?? []).filter((i) => w.queues.includes(i.queue));
  const dept = info?.departments.find((d) => d.code === w.department);
  const phone = dept?.phone ?? items.find((i) => i.phone)?.phone ?? info?.hall.phone ?? s.hall.hotline;
  const notices = s.notices.filter((x) => x.targets.includes('window')).map((x) => x.text);
  const current = w.status === 'open' ? w.current : null;

  return (
    <div class={`wscreen status-${w.status}`} data-testid="window-screen" data-status={w.status}>
      <header class="wscreen-header">
        <div class="wscreen-number">{t('hall.windowN', { n: w.number })}</div>
        <div class="wscreen-names">
          <div class="wscreen-name">{w.name}</div>
          <div class="wscreen-dept">
            {departmentName(info, w.department)}
            {w.comprehensive && <span class="wscreen-comp">{t('window.comprehensive')}</span>}
          </div>
        </div>
        <ul class="honours" data-testid="honours">
          {w.honours.map((h) => (
            <li class="honour" key={h}>
              <span class="honour-star" aria-hidden="true">★</span>
              {h}
            </li>
          ))}
        </ul>
        <HallClock clock={live.clock} timezone={info?.hall.timezone ?? 'Asia/Shanghai'} compact />
      </header>

      <div class="wscreen-body">
        <StaffCard staff={w.staff} photos={photos} />
        <section class="wscreen-current" data-testid="current">
          {w.status === 'paused' ? (
            <div class="wscreen-paused" data-testid="paused">
              <div class="wscreen-paused-title">{t('window.paused')}</div>
              {w.pauseReason && <div class="wscreen-paused-reason">{t('window.pausedReason', { reason: w.pauseReason })}</div>}
            </div>
          ) : w.status === 'closed' ? (
            <div class="wscreen-paused closed">
              <div class="wscreen-paused-title">{t('window.closed')}</div>
              <div class="wscreen-paused-reason">{t('window.closedHint')}</div>
            </div>
          ) : (
            <>
              <div class="wscreen-current-label">{t('window.current')}</div>
              {current ? (
                <div class={`wscreen-current-number${flashing.value === w.number ? ' flashing' : ''}`} data-testid="current-number" key={current.id + current.recallCount}>
                  {current.number}
                </div>
              ) : (
                <div class="wscreen-current-none">{t('window.none')}</div>
              )}
            </>
          )}
        </section>
      </div>

      <section class="wscreen-items" data-testid="items">
        <table class="info-table">
          <thead>
            <tr>
              <th>{t('window.items')}</th>
              <th>{t('info.fee')}</th>
              <th>{t('info.promised')}</th>
              <th>{t('info.statutory')}</th>
            </tr>
          </thead>
          <tbody>
            {items.slice(0, 6).map((i) => (
              <tr key={i.code}>
                <td class="info-name">{i.name}</td>
                <td class="info-fee">{i.fee}</td>
                <td class="info-days">{days(i.promisedDays)}</td>
                <td>{days(i.statutoryDays)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="wscreen-phones">
          <span>
            {t('window.phone')} <b>{phone}</b>
          </span>
          <span>{t('window.supervise', { hotline: s.hall.hotline })}</span>
        </div>
      </section>
      <NoticeTicker texts={notices} label={t('notice.label')} />
      <OfflineOverlay connected={connected} everConnected={everConnected.value} />
    </div>
  );
}
