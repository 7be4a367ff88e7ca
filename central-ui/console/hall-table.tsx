import type { HallLive } from '../../contract/central/console.ts';
import { Badge } from '../components/badge.tsx';
import { t } from '../i18n.ts';
import { isOnline, minutesSince, type ConsoleState } from '../lib/console-stream.ts';
import { ago, kindLabel } from './derive.ts';

function Alerts({ hall, online }: { hall: HallLive; online: boolean }) {
  if (!hall.lastContactAt) return <span class="muted">—</span>;
  if (!online) return <Badge tone="bad">离线</Badge>;
  if (!hall.alerts.length) return <span class="muted">—</span>;
  return (
    <>
      {hall.alerts.map((a) => (
        <Badge key={a.id} tone={a.severity === 'critical' ? 'bad' : 'warn'} title={a.message}>
          {a.kind === 'device_fault' ? '设备故障' : a.kind === 'wait_over' ? '等候超时' : a.kind === 'bad_evaluation' ? '差评待办' : a.kind === 'uplink_diverged' ? '数据不一致' : '离线'}
        </Badge>
      ))}
    </>
  );
}

/** Every hall of the selected region, with its live figures; a click opens its windows. */
export function HallTable({ state, halls, now, selected, onSelect }: { state: ConsoleState; halls: HallLive[]; now: number; selected: string | null; onSelect(code: string): void }) {
  return (
    <table class="grid grid-compact" aria-label="大厅">
      <thead>
        <tr>
          <th>{t('console.name')}</th>
          <th>{t('console.kind')}</th>
          <th>{t('console.status')}</th>
          <th class="num">{t('console.waiting')}</th>
          <th class="num">{t('console.longestWait')}</th>
          <th class="num">{t('console.openWindows')}</th>
          <th class="num">{t('console.servedToday')}</th>
          <th class="num">{t('console.badPending')}</th>
          <th>{t('console.alerts')}</th>
        </tr>
      </thead>
      <tbody>
        {halls.map((h) => {
          const online = isOnline(h, state, now);
          const wait = minutesSince(h.oldestWaitingSince, h, state, now);
          const cls = [selected === h.code ? 'row-selected' : '', h.lastContactAt ? '' : 'row-offline', !online && h.lastContactAt ? 'row-alert' : '', h.alerts.some((a) => a.severity === 'critical') ? 'row-alert' : ''].join(' ');
          return (
            <tr key={h.code} data-hall={h.code} class={`clickable ${cls}`} onClick={() => onSelect(h.code)}>
              <td>
                <b>{h.name}</b>
                <div class="small muted">{h.code}</div>
              </td>
              <td class="small">{kindLabel(h.kind)}</td>
              <td>
                {online ? <Badge tone="ok">{t('console.online')}</Badge> : h.lastContactAt ? <Badge tone="bad">{t('console.offline')}</Badge> : <Badge tone="muted">未接入</Badge>}
                <div class="small muted" data-col="contact">{ago(h.lastContactAt, state, now)}</div>
              </td>
              <td class="num" data-col="waiting">{h.waiting}</td>
              <td class="num" data-col="longest">{wait === null ? '—' : `${Math.floor(wait)} 分`}</td>
              <td class="num" data-col="windows">
                {h.openWindows}/{h.windows}
              </td>
              <td class="num">{h.servedToday}</td>
              <td class="num" data-col="bad">{h.badAwaitingFollowUp || '—'}</td>
              <td>
                <Alerts hall={h} online={online} />
              </td>
            </tr>
          );
        })}
        {halls.length ? null : (
          <tr>
            <td colSpan={9} class="empty">
              {t('console.noHalls')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
