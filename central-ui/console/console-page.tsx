import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CentralMe } from '../../contract/central/api.ts';
import { TopBar } from '../components/top-bar.tsx';
import { t } from '../i18n.ts';
import { ConsoleStream } from '../lib/console-stream.ts';
import { clockTime } from '../lib/format.ts';
import { toLogin } from '../lib/session.ts';
import { describe, hallsUnder, totals } from './derive.ts';
import { HallDetailPanel } from './hall-detail.tsx';
import { HallTable } from './hall-table.tsx';
import { RegionTree } from './region-tree.tsx';

interface Place {
  region: string | null;
  hall: string | null;
}

/** #/region/<code>/hall/<code>: the drill-down survives a reload and the back button. */
function readHash(): Place {
  const m = /^#\/region\/([^/]+)(?:\/hall\/([^/]+))?/.exec(location.hash);
  return { region: m?.[1] ? decodeURIComponent(m[1]) : null, hall: m?.[2] ? decodeURIComponent(m[2]) : null };
}
function writeHash(p: Place): void {
  location.hash = p.region ? `#/region/${encodeURIComponent(p.region)}${p.hall ? `/hall/${encodeURIComponent(p.hall)}` : ''}` : '';
}

function Card({ label, value, tone }: { label: string; value: string | number; tone?: 'bad' | 'warn' }) {
  return (
    <div class={`card${tone ? ` card-${tone}` : ''}`} data-card={label}>
      <small>{label}</small>
      <b>{value}</b>
    </div>
  );
}

/** The live cross-hall console: region tree → halls → one hall's windows, all pushed live. */
export function ConsolePage({ me }: { me: CentralMe }) {
  const stream = useMemo(() => new ConsoleStream({ onRefused: () => toLogin('expired') }), []);
  useEffect(() => () => stream.close(), [stream]);
  const [place, setPlace] = useState<Place>(readHash);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const onHash = () => setPlace(readHash());
    window.addEventListener('hashchange', onHash);
    // Waits and "last contact" age by the clock, not only when events arrive.
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => {
      window.removeEventListener('hashchange', onHash);
      clearInterval(timer);
    };
  }, []);
  stream.changes.value; // re-render on every change of the live state
  const state = stream.state.value;
  const connected = stream.connected.value;
  if (!state)
    return (
      <div class="page">
        <TopBar me={me} page="console" live={connected} />
        <main class="main">{t('common.loading')}</main>
      </div>
    );
  const region = place.region && state.regions.some((r) => r.code === place.region) ? place.region : state.root.code;
  const regionName = state.regions.find((r) => r.code === region)?.name ?? state.root.name;
  const halls = hallsUnder(state, region);
  const sum = totals(state, halls, Date.now());
  const hall = place.hall && state.halls[place.hall] ? place.hall : null;
  const codes = new Set(halls.map((h) => h.code));
  const activity = state.recent.filter((e) => codes.has(e.hall)).slice(-40).reverse();
  return (
    <div class="page">
      <TopBar me={me} page="console" live={connected} />
      <main class="main">
        <div class="console">
          <section class="cards" aria-label="汇总">
            <Card label="大厅" value={sum.halls} />
            <Card label="在线" value={`${sum.online}/${sum.halls}`} tone={sum.online < sum.halls ? 'warn' : undefined} />
            <Card label={t('console.waiting')} value={sum.waiting} />
            <Card label={t('console.longestWait')} value={sum.longestWait === null ? '—' : `${Math.floor(sum.longestWait)} 分`} tone={sum.longestWait !== null && sum.longestWait >= 30 ? 'bad' : undefined} />
            <Card label={t('console.openWindows')} value={sum.openWindows} />
            <Card label={t('console.alerts')} value={sum.alerts} tone={sum.alerts ? 'bad' : undefined} />
            <Card label={t('console.badPending')} value={sum.badPending} tone={sum.badPending ? 'warn' : undefined} />
          </section>
          <section class="panel scroll" aria-label={t('console.regions')}>
            <div class="panel-head">
              <h3>{t('console.regions')}</h3>
            </div>
            <RegionTree state={state} selected={region} now={now} onSelect={(code) => writeHash({ region: code, hall: null })} />
          </section>
          <section class="panel column" aria-label={t('console.halls')}>
            <div class="panel-head">
              <h3 id="region-title">
                {regionName} · {halls.length} 个大厅
              </h3>
              <span class="small muted">数据截至 {clockTime(new Date(Date.now() + state.clockOffsetMs).toISOString())}</span>
            </div>
            <div class="scroll">
              <HallTable state={state} halls={halls} now={now} selected={hall} onSelect={(code) => writeHash({ region, hall: code })} />
            </div>
          </section>
          <section class="panel scroll" aria-label={hall ? '大厅详情' : t('console.activity')}>
            {hall ? (
              <HallDetailPanel stream={stream} state={state} hall={hall} now={now} onBack={() => writeHash({ region, hall: null })} />
            ) : (
              <>
                <div class="panel-head">
                  <h3>{t('console.activity')}</h3>
                  <span class="small muted">{t('console.pickHall')}</span>
                </div>
                <ul class="activity" aria-label={t('console.activity')}>
                  {activity.map((e) => (
                    <li key={`${e.hall}:${e.seq}`} data-event={`${e.hall}:${e.seq}`}>
                      <time>{clockTime(e.at)}</time>
                      <span>
                        <b>{state.halls[e.hall]?.name ?? e.hall}</b> {describe(e)}
                      </span>
                    </li>
                  ))}
                  {activity.length ? null : <li class="muted">{t('console.noActivity')}</li>}
                </ul>
              </>
            )}
          </section>
        </div>
      </main>
    </div>
  );
}
