import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { HallClock } from '../shared/clock.tsx';
import { hallInfo } from '../shared/hall-info.ts';
import type { LiveHall } from '../shared/live.ts';
import { OfflineOverlay } from '../shared/offline-overlay.tsx';
import { numberParam } from '../shared/device.ts';
import { NoticeTicker } from '../shared/ticker.tsx';
import { InfoRotator } from './info-rotator.tsx';
import { NewestCall } from './newest-call.tsx';
import { waitingLine } from './queue-waiting.tsx';
import { RecentCalls } from './recent-calls.tsx';

export type Layout = 'full' | 'strip';

/** Calls shown besides the newest: few, so each can be read from the back row. */
export const HALL_RECENT = 4;
export const STRIP_RECENT = 1;

/** Which call is flashing now: set when a call arrives, cleared a few seconds later. */
export const flashSeq = signal<number | null>(null);
let flashTimer: ReturnType<typeof setTimeout> | undefined;
export function flash(seq: number, ms = 6000): void {
  flashSeq.value = seq;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => (flashSeq.value = null), ms);
}

function useLayout(forced: Layout | null): Layout {
  const pick = (): Layout => forced ?? (window.innerWidth / Math.max(1, window.innerHeight) >= 3 ? 'strip' : 'full');
  const [layout, setLayout] = useState<Layout>(pick);
  useEffect(() => {
    const onResize = () => setLayout(pick());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [forced]);
  return layout;
}

/** The hall display: 1920×1080 by default, a one-row strip on very wide screens (or ?layout=strip). */
export function HallDisplay({ live, forcedLayout, everConnected }: { live: LiveHall; forcedLayout: Layout | null; everConnected: { value: boolean } }) {
  const layout = useLayout(forcedLayout);
  const s = live.stream.snapshot.value;
  const info = hallInfo.value;
  const connected = live.stream.connected;
  useEffect(() => {
    if (connected.value) everConnected.value = true;
  }, [connected.value]);
  useEffect(() => {
    document.body.dataset.layout = layout;
  }, [layout]);
  if (!s) return <OfflineOverlay connected={connected} everConnected={false} />;

  const newest = s.recentCalls[0];
  const newestWindow = newest ? s.windows.find((w) => w.number === newest.window) : undefined;
  const flashing = newest !== undefined && flashSeq.value === newest.seq;
  const timezone = info?.hall.timezone ?? 'Asia/Shanghai';
  const notices = s.notices.filter((n) => n.targets.includes(layout === 'strip' ? 'strip' : 'hall') || n.targets.includes('hall')).map((n) => n.text);
  const tickerTexts = [...notices, t('notice.hotline', { hotline: s.hall.hotline })];

  if (layout === 'strip') {
    // One row of calls and one ticker line that runs through every queue's waiting count and the notices.
    const stripTexts = [waitingLine(s.queues), ...tickerTexts].filter(Boolean);
    return (
      <div class="display strip" data-testid="display">
        <div class="strip-calls">
          <NewestCall call={newest} window={newestWindow} flashing={flashing} compact />
          <RecentCalls calls={s.recentCalls.slice(1)} slots={STRIP_RECENT} title={false} hideWhenCut />
        </div>
        <NoticeTicker texts={stripTexts} label={t('notice.label')} />
        <OfflineOverlay connected={connected} everConnected={everConnected.value} />
      </div>
    );
  }

  return (
    <div class="display full" data-testid="display">
      <header class="display-header">
        <h1 class="hall-name">{s.hall.name}</h1>
        <HallClock clock={live.clock} timezone={timezone} />
      </header>
      <div class="display-main">
        <NewestCall call={newest} window={newestWindow} flashing={flashing} />
        <RecentCalls calls={s.recentCalls.slice(1)} slots={HALL_RECENT} />
      </div>
      <InfoRotator info={info} queues={s.queues} windows={s.windows} seconds={numberParam('rotate', 8)} />
      <NoticeTicker texts={tickerTexts} label={t('notice.label')} />
      <OfflineOverlay connected={connected} everConnected={everConnected.value} />
    </div>
  );
}
