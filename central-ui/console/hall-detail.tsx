import { useEffect, useState } from 'preact/hooks';
import type { ConsoleEvent, HallDetail } from '../../contract/central/console.ts';
import { Badge, ErrorLine } from '../components/badge.tsx';
import { t } from '../i18n.ts';
import { isOnline, minutesSince, type ConsoleState, type ConsoleStream } from '../lib/console-stream.ts';
import { clockTime } from '../lib/format.ts';
import { ago, describe, kindLabel } from './derive.ts';

const STATUS_TONE = { open: 'ok', paused: 'warn', closed: 'muted' } as const;

/** One hall's windows, queues, alerts and recent events; re-read whenever the hall changes. */
export function HallDetailPanel({ stream, state, hall, now, onBack }: { stream: ConsoleStream; state: ConsoleState; hall: string; now: number; onBack(): void }) {
  const [detail, setDetail] = useState<HallDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = state.halls[hall];
  const seq = live?.hallSeq ?? 0;
  useEffect(() => {
    let stale = false;
    stream.detail(hall).then(
      (d) => {
        if (stale) return;
        setDetail(d);
        setError(null);
      },
      (e: Error) => !stale && setError(e.message),
    );
    return () => {
      stale = true;
    };
  }, [hall, seq, stream.connected.value]);
  if (!live) return <p class="muted">{t('console.pickHall')}</p>;
  const online = isOnline(live, state, now);
  // The hall's newest events: those read with the detail, then whatever arrived live since.
  const seen = new Set<number>();
  const events: ConsoleEvent[] = [...(detail?.hall.code === hall ? detail.recent : []), ...state.recent.filter((e) => e.hall === hall)]
    .filter((e) => !seen.has(e.seq) && (seen.add(e.seq), true))
    .sort((a, b) => b.seq - a.seq)
    .slice(0, 15);
  const offset = { clockOffsetMs: state.clockOffsetMs };
  return (
    <div class="stack" data-detail={hall}>
      <div class="panel-head">
        <div>
          <h3>{live.name}</h3>
          <span class="small muted">
            {kindLabel(live.kind)} · {live.code} · {t('console.lastContact')} {ago(live.lastContactAt, state, now)}
          </span>
        </div>
        <div>
          {online ? <Badge tone="ok">{t('console.online')}</Badge> : live.lastContactAt ? <Badge tone="bad">{t('console.offline')}</Badge> : <Badge tone="muted">未接入</Badge>}
          <button type="button" class="btn btn-small" onClick={onBack}>
            {t('console.back')}
          </button>
        </div>
      </div>
      <ErrorLine error={error} />
      {live.alerts.length || (!online && live.lastContactAt) ? (
        <ul class="alert-list" aria-label="告警">
          {!online && live.lastContactAt ? <li class="alert alert-critical">大厅离线：{ago(live.lastContactAt, state, now)}联系中心</li> : null}
          {live.alerts.map((a) => (
            <li key={a.id} class={`alert alert-${a.severity}`}>
              {a.message}
            </li>
          ))}
        </ul>
      ) : null}
      <h4>{t('console.windows')}</h4>
      <table class="grid grid-compact" aria-label="窗口">
        <thead>
          <tr>
            <th>{t('console.window')}</th>
            <th>{t('console.status')}</th>
            <th>{t('console.staff')}</th>
            <th>{t('console.current')}</th>
            <th class="num">{t('console.servedToday')}</th>
          </tr>
        </thead>
        <tbody>
          {(detail?.windows ?? []).map((w) => (
            <tr key={w.number} data-window={w.number}>
              <td>
                {w.number} · {w.name}
              </td>
              <td>
                <Badge tone={STATUS_TONE[w.status]}>{t(`window.${w.status}`)}</Badge>
                {w.pauseReason ? <span class="small muted">{w.pauseReason}</span> : null}
              </td>
              <td>{w.staff ? `${w.staff.nameMasked}（${w.staff.badge}）` : '—'}</td>
              <td>
                {w.current ?? '—'}
                {w.currentSince ? <span class="small muted"> {Math.floor(minutesSince(w.currentSince, live, offset, now) ?? 0)} 分</span> : null}
              </td>
              <td class="num">{w.servedToday}</td>
            </tr>
          ))}
          {detail && !detail.windows.length ? (
            <tr>
              <td colSpan={5} class="empty">
                暂无窗口
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <h4>{t('console.queues')}</h4>
      <table class="grid grid-compact" aria-label="队列">
        <thead>
          <tr>
            <th>队列</th>
            <th class="num">{t('console.waiting')}</th>
            <th class="num">{t('console.longestWait')}</th>
          </tr>
        </thead>
        <tbody>
          {(detail?.queues ?? []).map((q) => {
            const w = minutesSince(q.oldestWaitingSince, live, offset, now);
            return (
              <tr key={q.code} data-queue={q.code}>
                <td>{q.name}</td>
                <td class="num">{q.waiting}</td>
                <td class="num">{w === null ? '—' : `${Math.floor(w)} 分`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h4>{t('console.activity')}</h4>
      <ul class="activity">
        {events.map((e) => (
          <li key={`${e.hall}:${e.seq}`}>
            <time>{clockTime(e.at)}</time>
            <span>{describe(e)}</span>
          </li>
        ))}
        {events.length ? null : <li class="muted">{t('console.noActivity')}</li>}
      </ul>
    </div>
  );
}
