import type { AlertSettings, CaseView, SupervisedQueue, SupervisedWindow, SupervisionAlert, SupervisionAlertsPayload, SupervisionView } from '../../contract/admin.ts';
import { EVALUATION_LABELS } from '../../contract/domain.ts';
import type { HallEvent } from '../../contract/events.ts';
import { caseAlert } from './case-alerts.ts';
import type { Clock } from '../common/clock.ts';
import { localParts } from '../common/hall-time.ts';
import type { QueueEngine } from '../queue/engine.ts';
import type { SupervisionQueries } from '../store/supervision-queries.ts';
import type { StorageStatus } from '../store/storage-guard.ts';
import { faultText, warningText, type DeviceHealthEntry } from './device-alert-text.ts';
import type { HelpCall } from './help-calls.ts';

/** Where device faults come from: the device manager's health registry (DeviceManager.list()). */
export interface HealthSource {
  list(): (DeviceHealthEntry & { state: string; at: string })[];
  /** Health changes, so a device fault raises its alert at once rather than at the next timer tick. */
  onHealthChange?(listener: () => void): () => void;
}

export interface MonitorOptions {
  /** The engine's read views (queues, windows, catalogue, business day) and its event feed. */
  engine: QueueEngine;
  /** The monitor's own reads (oldest waiting ticket per queue, a window's last event). */
  queries: SupervisionQueries;
  clock: Clock;
  /** 差评 cases still waiting for contact. */
  openCases: () => CaseView[];
  settings: () => AlertSettings;
  /** Device health; absent when no device manager is wired. */
  health?: () => HealthSource | undefined;
  /** The database storage's state (full, I/O error); absent in monitors built without one. */
  storage?: () => StorageStatus;
  /** Open 帮办 calls from kiosks; absent in monitors built without them. */
  helpCalls?: () => HelpCall[];
  /** Called with the active alerts whenever they change. */
  publish: (payload: SupervisionAlertsPayload) => void;
  onError?: (error: unknown) => void;
}

const minutes = (ms: number) => Math.max(0, Math.floor(ms / 60_000));
const localLabel = (iso: string, tz: string) => {
  const p = localParts(new Date(iso), tz);
  return `${p.date.slice(5)} ${p.time}`;
};

/**
 * The live supervision monitor (督查): each queue's waiting figures, each window's state against its
 * limits, and the alerts that cross the configured thresholds. It evaluates with the injected clock on
 * a timer and again after every batch of engine events, and pushes the alerts whenever they change;
 * `evaluate()` runs it at once (tests, the refresh button).
 */
/** Least time between two event-driven evaluations (real time: it only paces work, it decides nothing). */
const MIN_GAP_MS = 500;

export class SupervisionMonitor {
  private timer: NodeJS.Timeout | undefined;
  private timerPeriod = 0;
  private scheduled: NodeJS.Immediate | undefined;
  private throttled: NodeJS.Timeout | undefined;
  private lastRun = 0;
  private offEvents: (() => void) | undefined;
  private lastSignature = '';
  private current: SupervisionAlert[] = [];
  private stopped = false;

  constructor(private readonly o: MonitorOptions) {}

  start(): void {
    this.offEvents = this.o.engine.onEvents((events: HallEvent[]) => {
      if (events.length) this.schedule();
    });
    this.arm();
    this.evaluate();
  }

  stop(): void {
    this.stopped = true;
    this.offEvents?.();
    clearInterval(this.timer);
    if (this.scheduled) clearImmediate(this.scheduled);
    clearTimeout(this.throttled);
  }

  /** Re-arms the timer when the configured period changed. */
  private arm(): void {
    const period = this.o.settings().evaluateEverySeconds * 1000;
    if (period === this.timerPeriod && this.timer) return;
    clearInterval(this.timer);
    this.timerPeriod = period;
    this.timer = setInterval(() => this.safeEvaluate(), period);
    this.timer.unref();
  }

  /**
   * Coalesces bursts of events into one evaluation: at once after a quiet spell, otherwise at most every
   * MIN_GAP_MS, so a busy morning does not rescan the hall on every commit.
   */
  private schedule(): void {
    if (this.scheduled || this.throttled || this.stopped) return;
    const wait = this.lastRun + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      this.throttled = setTimeout(() => {
        this.throttled = undefined;
        this.safeEvaluate();
      }, wait);
      this.throttled.unref();
      return;
    }
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.safeEvaluate();
    });
  }

  private safeEvaluate(): void {
    if (this.stopped || !this.o.queries.open) return;
    this.lastRun = Date.now();
    try {
      this.evaluate();
    } catch (error) {
      this.o.onError?.(error);
    }
  }

  /** Asks for an evaluation soon (paced like event-driven ones), e.g. after a device health change. */
  nudge(): void {
    this.schedule();
  }

  /** The alerts active now (published if they changed since the last evaluation). */
  evaluate(): SupervisionAlert[] {
    return this.view().alerts;
  }

  /** The last evaluated alerts, without evaluating. */
  get alerts(): SupervisionAlert[] {
    return this.current;
  }

  /** Queues, windows and alerts as of now; publishes the alerts when they changed. */
  view(): SupervisionView {
    this.arm();
    const view = this.compute();
    this.current = view.alerts;
    const signature = JSON.stringify(view.alerts.map((a) => [a.id, a.severity]));
    if (signature !== this.lastSignature) {
      this.lastSignature = signature;
      this.o.publish({ at: view.at, alerts: view.alerts });
    }
    return view;
  }

  private compute(): SupervisionView {
    const { engine, queries } = this.o;
    const s = this.o.settings();
    const now = this.o.clock.now();
    const nowMs = now.getTime();
    const catalog = engine.catalog;
    const day = engine.core.today(now);
    const alerts: SupervisionAlert[] = [];

    // Queues.
    const windowStates = engine.views.windowStates();
    const openByQueue = new Map<string, number>();
    for (const w of windowStates) if (w.status === 'open') for (const q of w.queues) openByQueue.set(q, (openByQueue.get(q) ?? 0) + 1);
    const oldest = queries.oldestWaitingByQueue(day);
    const queues: SupervisedQueue[] = engine.views.queueStatus().map((q) => ({
      code: q.code,
      name: q.name,
      waiting: q.waiting,
      longestWaitMinutes: q.longestWaitMinutes,
      estimatedWaitMinutes: q.estimatedWaitMinutes,
      open: q.open,
      openWindows: openByQueue.get(q.code) ?? 0,
    }));
    for (const q of queues) {
      const first = oldest.get(q.code);
      if (!first || q.waiting === 0) continue;
      const waitedMs = nowMs - Date.parse(first);
      if (waitedMs < s.waitMinutes * 60_000) continue;
      alerts.push({
        id: `wait:${q.code}`,
        kind: 'wait_over',
        severity: waitedMs >= 2 * s.waitMinutes * 60_000 ? 'critical' : 'warning',
        queue: q.code,
        since: new Date(Date.parse(first) + s.waitMinutes * 60_000).toISOString(),
        message: `${q.name}队列最长已等候 ${minutes(waitedMs)} 分钟（阈值 ${s.waitMinutes} 分钟），${q.waiting} 人在等候${q.openWindows ? '' : '，且没有开放的窗口'}。`,
      });
    }

    // Windows.
    const waitingByQueue = new Map(queues.map((q) => [q.code, q.waiting]));
    const windows: SupervisedWindow[] = windowStates.map((w) => {
      const cur = w.current;
      let elapsedMinutes: number | null = null;
      let limitMinutes: number | null = null;
      let overLimit = false;
      if (cur) {
        const startedAt = cur.startedAt ?? cur.calledAt;
        const item = cur.item ? catalog.items.get(cur.item) : undefined;
        limitMinutes = Math.round((item?.serviceMinutes ?? catalog.rules.defaultServiceMinutes) * s.serviceFactor * 10) / 10;
        if (startedAt) {
          const elapsedMs = nowMs - Date.parse(startedAt);
          elapsedMinutes = minutes(elapsedMs);
          overLimit = elapsedMs > limitMinutes * 60_000;
          if (overLimit) {
            alerts.push({
              id: `service:${w.number}:${cur.id}`,
              kind: 'service_over',
              severity: elapsedMs >= 2 * limitMinutes * 60_000 ? 'critical' : 'warning',
              window: w.number,
              ticket: cur.number,
              since: new Date(Date.parse(startedAt) + limitMinutes * 60_000).toISOString(),
              message: `${w.name}办理 ${cur.number} 已 ${elapsedMinutes} 分钟，超过时限 ${limitMinutes} 分钟。`,
            });
          }
        }
      }
      const waitingInQueues = w.queues.reduce((n, q) => n + (waitingByQueue.get(q) ?? 0), 0);
      let idleMinutes: number | null = null;
      if (w.status === 'open' && !cur && waitingInQueues > 0) {
        // Free since its last event (finish, 过号, open, resume…), and idle only while someone waited.
        const last = queries.lastWindowEventAt(w.number, day);
        const oldestWaiting = w.queues.map((q) => oldest.get(q)).filter((x): x is string => x !== undefined).sort()[0];
        const since = Math.max(last ? Date.parse(last) : 0, oldestWaiting ? Date.parse(oldestWaiting) : 0);
        if (since > 0) {
          const idleMs = nowMs - since;
          idleMinutes = minutes(idleMs);
          if (idleMs >= s.idleMinutes * 60_000) {
            alerts.push({
              id: `idle:${w.number}`,
              kind: 'idle_window',
              severity: idleMs >= 2 * s.idleMinutes * 60_000 ? 'critical' : 'warning',
              window: w.number,
              since: new Date(since + s.idleMinutes * 60_000).toISOString(),
              message: `${w.name}已空闲 ${idleMinutes} 分钟，其队列仍有 ${waitingInQueues} 人等候。`,
            });
          }
        }
      }
      return {
        number: w.number,
        name: w.name,
        status: w.status,
        pauseReason: w.pauseReason,
        staff: w.staff ? { badge: w.staff.badge, name: w.staff.name } : null,
        current: cur,
        elapsedMinutes,
        limitMinutes,
        overLimit,
        waitingInQueues,
        idleMinutes,
      };
    });

    // Devices, named as the hall names them (1号自助机打印机缺纸).
    if (s.deviceFaults) {
      const deviceName = (code: string) => engine.views.deviceName(code);
      for (const d of this.o.health?.()?.list() ?? []) {
        // A warning (paper near end) is not a fault: the device still works, someone should look soon.
        if (d.state !== 'fault' && d.warning !== undefined) {
          alerts.push({
            id: `device-warning:${d.device}`,
            kind: 'device_warning',
            severity: 'warning',
            device: d.device,
            since: d.at,
            message: `${warningText(d, deviceName)}。`,
          });
        }
        if (d.state !== 'fault') continue;
        alerts.push({
          id: `device:${d.device}`,
          kind: 'device_fault',
          severity: 'critical',
          device: d.device,
          since: d.at,
          message: `${faultText(d, deviceName)}。`,
        });
      }
    }

    // 帮办 calls: a citizen is stuck at a kiosk now; critical, they are standing there.
    for (const call of this.o.helpCalls?.() ?? []) {
      alerts.push({
        id: `help:${call.kiosk}`,
        kind: 'help_request',
        severity: 'critical',
        ...(call.window !== null ? { window: call.window } : {}),
        device: call.kiosk,
        since: call.since,
        message: `${call.kioskName}有群众需要帮办${call.window !== null ? `，请 ${call.window} 号帮办窗口前往协助` : '，请前往协助'}。`,
      });
    }

    // The database storage: raised on the first failure, gone once writes succeed again.
    const storage = this.o.storage?.();
    if (storage && storage.state !== 'ok') {
      alerts.push({
        id: `storage:${storage.state}`,
        kind: 'storage',
        severity: 'critical',
        since: storage.since ?? now.toISOString(),
        message: `${storage.message ?? ''}（${storage.code ?? ''}）`,
      });
    }

    // 差评 cases: waiting for 回访, or late with 整改 / 反馈 (server/supervision/case-alerts.ts).
    if (s.badEvaluations) {
      for (const c of this.o.openCases()) {
        const windowName = c.window !== null ? (catalog.windows.get(c.window)?.name ?? `${c.window}号窗口`) : '未知窗口';
        const alert = caseAlert(c, windowName, catalog.hall.timezone);
        if (alert) alerts.push(alert);
      }
    }

    const order = { critical: 0, warning: 1 } as const;
    alerts.sort((a, b) => order[a.severity] - order[b.severity] || a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
    return { at: now.toISOString(), queues, windows, alerts };
  }
}
