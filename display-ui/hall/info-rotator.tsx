import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { departmentName, type HallInfo } from '../shared/hall-info.ts';

const days = (n: number) => (n === 0 ? t('info.onSite') : t('info.days', { n }));

/**
 * The public service information the seed asks halls to publish (items, fees, promised and statutory
 * time limits, phone), a few items at a time, turning the page every few seconds.
 */
export function InfoRotator({ info, perPage, seconds = 8 }: { info: HallInfo | null; perPage: number; seconds?: number }) {
  const items = info?.items ?? [];
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages < 2) return;
    const id = setInterval(() => setPage((p) => (p + 1) % pages), seconds * 1000);
    return () => clearInterval(id);
  }, [pages, seconds]);
  if (!items.length) return null;
  const shown = items.slice((page % pages) * perPage, (page % pages) * perPage + perPage);
  const phone = (i: HallInfo['items'][number]) => i.phone ?? info?.departments.find((d) => d.code === i.department)?.phone ?? info?.hall.phone ?? info?.hall.hotline ?? '';
  return (
    <section class="info" data-testid="info">
      <div class="info-head">
        <h2 class="panel-title">{t('info.title')}</h2>
        <span class="info-page">
          {(page % pages) + 1}/{pages}
        </span>
      </div>
      <table class="info-table">
        <thead>
          <tr>
            <th>{t('info.item')}</th>
            <th>{t('info.department')}</th>
            <th>{t('info.fee')}</th>
            <th>{t('info.promised')}</th>
            <th>{t('info.statutory')}</th>
            <th>{t('info.phone')}</th>
          </tr>
        </thead>
        <tbody key={page}>
          {shown.map((i) => (
            <tr key={i.code}>
              <td class="info-name">{i.name}</td>
              <td>{departmentName(info, i.department)}</td>
              <td class="info-fee">{i.fee}</td>
              <td class="info-days">{days(i.promisedDays)}</td>
              <td>{days(i.statutoryDays)}</td>
              <td>{phone(i)}</td>
            </tr>
          ))}
          {/* Blank rows keep the last page as tall as the others, so nothing above it jumps. */}
          {Array.from({ length: perPage - shown.length }, (_, i) => (
            <tr key={`blank-${i}`} class="info-blank">
              <td colSpan={6}>&nbsp;</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
