import { useEffect, useState } from 'preact/hooks';
import type { QueueStatusView, WindowStateView } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';
import { departmentName, type HallInfo } from '../shared/hall-info.ts';
import { QueueWaiting } from './queue-waiting.tsx';
import { WindowGrid } from './window-grid.tsx';

const days = (n: number) => (n === 0 ? t('info.onSite') : t('info.days', { n }));

/** Queues a waiting page holds (one a line), windows a window page holds (two a line). */
export const QUEUES_PER_PAGE = 2;
export const WINDOWS_PER_PAGE = 4;
/** Guide items shown per round, so waiting counts come back often however long the catalogue. */
const GUIDE_PER_ROUND = 2;

const chunks = <T,>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

/**
 * The service information in one band, large, a page at a time: waiting counts per queue, the
 * windows' states, then a couple of service-guide items (seed clause 七: items, fees, promised and
 * statutory time limits, phone), turning every few seconds. Every waiting and window page stays in
 * the page (hidden but the current one), so the whole hall's state is always there to read out.
 */
export function InfoRotator({ info, queues, windows, seconds = 8 }: { info: HallInfo | null; queues: QueueStatusView[]; windows: WindowStateView[]; seconds?: number }) {
  const waiting = chunks(queues.filter((q) => q.active), QUEUES_PER_PAGE);
  const windowPages = chunks(windows, WINDOWS_PER_PAGE);
  const items = info?.items ?? [];
  const guideSlots = Math.min(GUIDE_PER_ROUND, items.length);
  const fixed = waiting.length + windowPages.length;
  const round = Math.max(1, fixed + guideSlots);
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (round < 2) return;
    const id = setInterval(() => setStep((s) => s + 1), seconds * 1000);
    return () => clearInterval(id);
  }, [round, seconds]);
  if (fixed + guideSlots === 0) return null;

  const pos = step % round;
  const guideIndex = pos >= fixed && items.length ? (Math.floor(step / round) * guideSlots + (pos - fixed)) % items.length : -1;
  const item = guideIndex >= 0 ? items[guideIndex] : undefined;
  const kind = pos < waiting.length ? 'waiting' : pos < fixed ? 'windows' : 'guide';
  const title = kind === 'waiting' ? t('hall.waiting') : kind === 'windows' ? t('hall.windows') : t('info.title');
  const phone = (i: HallInfo['items'][number]) => i.phone ?? info?.departments.find((d) => d.code === i.department)?.phone ?? info?.hall.phone ?? info?.hall.hotline ?? '';

  return (
    <section class="info" data-testid="info">
      <div class="info-head">
        <h2 class="panel-title">{title}</h2>
        <span class="info-page">
          {pos + 1}/{round}
        </span>
      </div>
      <div class="info-pages">
        {waiting.map((page, i) => (
          <div class={`rotator-page${pos === i ? ' current' : ''}`} data-kind="waiting" key={`q${i}`} data-testid="queues">
            <QueueWaiting queues={page} />
          </div>
        ))}
        {windowPages.map((page, i) => (
          <div class={`rotator-page${pos === waiting.length + i ? ' current' : ''}`} data-kind="windows" key={`w${i}`} data-testid="windows">
            <WindowGrid windows={page} />
          </div>
        ))}
        {item && (
          <div class="rotator-page current" data-kind="guide" key={`g${item.code}`}>
            <div class="guide">
              <div class="guide-name">{item.name}</div>
              <div class="guide-meta">
                <span>{departmentName(info, item.department)}</span>
                <span>
                  {t('info.promised')} <b>{days(item.promisedDays)}</b>
                </span>
                <span>
                  {t('info.statutory')} <b>{days(item.statutoryDays)}</b>
                </span>
                {item.fee && (
                  <span>
                    {t('info.fee')} <b>{item.fee}</b>
                  </span>
                )}
                <span>
                  {t('info.phone')} <b>{phone(item)}</b>
                </span>
              </div>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
