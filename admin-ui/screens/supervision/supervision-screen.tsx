import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SupervisionView, type SupervisedQueue, type SupervisedWindow } from '../../../contract/admin.ts';
import { DeviceList, Ok, TicketList, WindowState } from '../../../contract/responses.ts';
import { isPaperNearEnd } from '../../../contract/print-result.ts';
import type { DeviceHealthView, DeviceStatusView } from '../../../contract/socket.ts';
import { api } from '../../../ui-kit/api.ts';
import { AlertList } from '../../components/alert-list.tsx';
import { deviceEntryLabel, deviceLabel, reasonText } from '../../lib/audit-labels.ts';
import { Dialog } from '../../components/dialog.tsx';
import { Badge, ErrorLine } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { useConsole } from '../../lib/context.ts';
import { useRefs, type Refs } from '../../lib/refs.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useThrottled, useTick } from '../../lib/use-throttle.ts';
import { QueueState, queueState } from './queue-state.tsx';
import { TicketActions, TicketState, TicketTable } from './ticket-actions.tsx';

const STATUS_TONE = { open: 'ok', paused: 'warn', closed: 'muted' } as const;

function QueueTable({ queues }: { queues: SupervisedQueue[] }) {
  return (
    <table class="grid" aria-label={t('sup.queues')}>
      <thead>
        <tr>
          <th>{t('f.queue')}</th>
          <th class="num">{t('sup.waiting')}</th>
          <th class="num">{t('sup.longestWait')}</th>
          <th class="num">{t('sup.estimatedWait')}</th>
          <th class="num">{t('sup.openWindows')}</th>
          <th>{t('f.state')}</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.code} data-queue={q.code} class={q.waiting > 0 && q.openWindows === 0 && q.open ? 'row-warn' : ''}>
            <td>
              {q.name} <span class="mono muted">{q.code}</span>
            </td>
            <td class="num strong">{q.waiting}</td>
            <td class="num">{t('common.minutes', { n: q.longestWaitMinutes })}</td>
            <td class="num">{t('common.minutes', { n: q.estimatedWaitMinutes })}</td>
            <td class="num">{q.openWindows}</td>
            <td data-queue-state={queueState(q)}>
              <QueueState queue={q} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Elapsed({ w }: { w: SupervisedWindow }) {
  if (w.elapsedMinutes === null) return null;
  const limit = w.limitMinutes ?? null;
  const ratio = limit ? Math.min(1, w.elapsedMinutes / limit) : 0;
  return (
    <div class={`elapsed${w.overLimit ? ' elapsed-over' : ''}`}>
      <span>{limit !== null ? t('sup.elapsedOf', { n: w.elapsedMinutes, limit }) : t('common.minutes', { n: w.elapsedMinutes })}</span>
      {limit !== null ? (
        <span class="bar" aria-hidden="true">
          <span style={{ width: `${Math.round(ratio * 100)}%` }} />
        </span>
      ) : null}
    </div>
  );
}

interface WindowTableProps {
  windows: SupervisedWindow[];
  refs: Refs;
  show(d: ComponentChildren): void;
  close(): void;
  reload(): void;
}

function WindowTable({ windows, refs, show, close, reload }: WindowTableProps) {
  const closeWindow = (w: SupervisedWindow) =>
    show(
      <Dialog
        title={t('sup.closeTitle', { n: w.number, name: w.name })}
        onClose={close}
        actions={
          <>
            <button
              type="button"
              class="btn btn-danger"
              onClick={async () => {
                try {
                  await api(`/api/windows/${w.number}/close`, Ok, { method: 'POST', body: {} });
                  close();
                  reload();
                } catch (e) {
                  show(
                    <Dialog title={t('ticket.failed')} onClose={close}>
                      <p role="alert">{e instanceof Error ? e.message : String(e)}</p>
                    </Dialog>,
                  );
                }
              }}
            >
              {t('sup.closeWindow')}
            </button>
            <button type="button" class="btn" onClick={close}>
              {t('form.cancel')}
            </button>
          </>
        }
      >
        <p>{w.current ? t('sup.closeWithTicket', { number: w.current.number }) : t('sup.closeText')}</p>
      </Dialog>,
    );
  const waitingList = (w: SupervisedWindow) => show(<WaitingDialog window={w} refs={refs} show={show} close={close} />);
  return (
    <table class="grid grid-nowrap" aria-label={t('sup.windows')}>
      <thead>
        <tr>
          <th>{t('f.window')}</th>
          <th>{t('f.state')}</th>
          <th>{t('sup.staff')}</th>
          <th>{t('sup.current')}</th>
          <th>{t('sup.elapsed')}</th>
          <th class="num">{t('sup.queueWaiting')}</th>
          <th class="num">{t('sup.idle')}</th>
          <th class="col-actions">{t('config.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {windows.map((w) => (
          <tr key={w.number} data-window={w.number} class={w.overLimit || (w.idleMinutes ?? 0) > 0 ? 'row-warn' : ''}>
            <td>
              <b>{w.number}</b> {w.name}
            </td>
            <td>
              <Badge tone={STATUS_TONE[w.status]}>{t(`windowStatus.${w.status}`)}</Badge>
              {w.pauseReason ? <span class="muted"> {w.pauseReason}</span> : null}
            </td>
            <td>{w.staff ? `${w.staff.name}（${w.staff.badge}）` : <span class="muted">{t('sup.nobody')}</span>}</td>
            <td>
              {w.current ? (
                <>
                  <span class="mono strong">{w.current.number}</span> <TicketState ticket={w.current} />
                </>
              ) : null}
            </td>
            <td>
              <Elapsed w={w} />
            </td>
            <td class="num">{w.waitingInQueues}</td>
            <td class="num">{w.idleMinutes !== null && w.idleMinutes > 0 ? <Badge tone="warn">{t('common.minutes', { n: w.idleMinutes })}</Badge> : ''}</td>
            <td class="col-actions">
              <button type="button" class="btn btn-small" onClick={() => waitingList(w)}>
                {t('sup.waitingList')}
              </button>
              {w.current ? <TicketActions ticket={w.current} refs={refs} show={show} close={close} done={reload} /> : null}
              {w.status !== 'closed' ? (
                <button type="button" class="btn btn-small btn-quiet" onClick={() => closeWindow(w)}>
                  {t('sup.closeWindow')}
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WaitingDialog({ window: w, refs, show, close }: { window: SupervisedWindow; refs: Refs; show(d: ComponentChildren): void; close(): void }) {
  const { live } = useConsole();
  const changes = useThrottled(live.changes.value, 1000);
  const state = useLoad(() => api(`/api/windows/${w.number}/state`, WindowState), [changes]);
  return (
    <Dialog title={t('sup.waitingTitle', { n: w.number, name: w.name })} onClose={close}>
      <ErrorLine error={state.error} />
      {state.data ? <TicketTable tickets={[...state.data.suspended, ...state.data.waiting]} refs={refs} show={show} close={close} done={state.reload} /> : null}
    </Dialog>
  );
}

/** Find today's tickets by number, and today's 过号 for re-queueing. */
function TicketLookup({ refs, show, close }: { refs: Refs; show(d: ComponentChildren): void; close(): void }) {
  const { live } = useConsole();
  const changes = useThrottled(live.changes.value, 1000);
  const [number, setNumber] = useState('');
  const [query, setQuery] = useState('');
  const found = useLoad(() => (query ? api(`/api/tickets?number=${encodeURIComponent(query)}`, TicketList) : Promise.resolve(null)), [query, changes]);
  const noShows = useLoad(() => api('/api/tickets?state=no_show&limit=50', TicketList), [changes]);
  return (
    <div class="panel">
      <div class="panel-head">
        <h3>{t('sup.lookup')}</h3>
      </div>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(number.trim().toUpperCase());
        }}
      >
        <input name="ticket-number" aria-label={t('ticket.number')} placeholder={t('sup.lookupPlaceholder')} value={number} onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
        <button type="submit" class="btn">
          {t('sup.find')}
        </button>
      </form>
      <ErrorLine error={found.error} />
      {query && found.data ? <TicketTable tickets={found.data.tickets} refs={refs} show={show} close={close} done={found.reload} /> : null}
      <h4>{t('sup.noShows')}</h4>
      {noShows.data ? <TicketTable tickets={noShows.data.tickets} refs={refs} show={show} close={close} done={noShows.reload} /> : null}
    </div>
  );
}

/**
 * A device's row after a pushed health change: the newer of the two decides state, reason and
 * warning, and a reason or warning that the push no longer carries has cleared (not kept from the list).
 */
function withPushed(d: DeviceStatusView, h: DeviceHealthView | undefined): DeviceStatusView {
  if (!h || h.at < d.at) return d;
  const { reason: _reason, warning: _warning, ...place } = d;
  return { ...place, ...h };
}

/** A device's warning (it still works, someone should act): paper near end in the console's words. */
function warningText(warning: string): string {
  return isPaperNearEnd(warning) ? t('device.paperNearEnd') : warning;
}

function DeviceHealth({ refs }: { refs: Refs }) {
  const { live } = useConsole();
  const devices = useLoad(() => api('/api/devices', DeviceList), []);
  const pushed = live.health.value;
  const list = (devices.data?.devices ?? []).map((d) => withPushed(d, pushed[d.device]));
  for (const h of Object.values(pushed)) if (!list.some((d) => d.device === h.device)) list.push({ ...h, host: '' });
  const tone = { ready: 'ok', connecting: 'warn', disconnected: 'muted', fault: 'bad' } as const;
  return (
    <div class="panel">
      <div class="panel-head">
        <h3>{t('sup.devices')}</h3>
        {devices.data?.printJobsPending ? <Badge tone="warn">{t('sup.printPending', { n: devices.data.printJobsPending })}</Badge> : null}
      </div>
      <ErrorLine error={devices.error} />
      {list.length ? (
        <table class="grid grid-compact">
          <tbody>
            {list.map((d) => (
              <tr key={d.device} data-device={d.device}>
                <td title={d.device}>
                  {deviceEntryLabel(d, refs)} <span class="mono muted small">{d.device}</span>
                </td>
                <td>{t(`deviceKind.${d.kind}` as 'deviceKind.printer') }</td>
                <td data-field="state">
                  <Badge tone={tone[d.state]}>{t(`health.${d.state}`)}</Badge>
                </td>
                <td data-field="warning">
                  {d.warning !== undefined ? (
                    <span title={d.warning}>
                      <Badge tone="warn">⚠ {warningText(d.warning)}</Badge>
                    </span>
                  ) : null}
                </td>
                <td class="muted" title={d.reason ?? ''}>
                  {reasonText(d.reason)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('sup.noDevices')}</p>
      )}
    </div>
  );
}

/** 督查: queues, windows, alerts and device health, live; supervisor actions on tickets and windows. */
export function SupervisionScreen({ onOpenCase }: { onOpenCase(id: number): void }) {
  const { live } = useConsole();
  const changes = useThrottled(live.changes.value, 1000);
  // Elapsed and idle minutes age with the clock even when nothing happens.
  const tick = useTick(20_000);
  const refs = useRefs(live.configChanges.value);
  const view = useLoad(() => api('/api/supervision', SupervisionView), [changes, tick]);
  const [dialog, setDialog] = useState<ComponentChildren>(null);
  useEffect(() => {
    if (view.data) live.takeAlerts({ at: view.data.at, alerts: view.data.alerts });
  }, [view.data]);
  const close = () => setDialog(null);
  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{t('nav.supervision')}</h2>
        <span class={`live-dot${live.stream.connected.value ? ' live-on' : ''}`}>{live.stream.connected.value ? t('live.on') : t('live.off')}</span>
      </header>
      <ErrorLine error={view.error} />
      <div class="sup-layout">
        <div class="stack">
          <div class="panel">
            <div class="panel-head">
              <h3>{t('sup.queues')}</h3>
            </div>
            {view.data ? <QueueTable queues={view.data.queues} /> : null}
          </div>
          <div class="panel">
            <div class="panel-head">
              <h3>{t('sup.windows')}</h3>
            </div>
            {view.data ? <WindowTable windows={view.data.windows} refs={refs} show={setDialog} close={close} reload={view.reload} /> : null}
          </div>
        </div>
        <div class="stack">
          <div class="panel">
            <AlertList alerts={live.alerts.value} at={live.alertsAt.value} onOpenCase={onOpenCase} deviceName={(code) => deviceLabel(code.replace(/^[^/]+\//, ''), refs)} />
          </div>
          <TicketLookup refs={refs} show={setDialog} close={close} />
          <DeviceHealth refs={refs} />
        </div>
      </div>
      {dialog}
    </section>
  );
}
