import type { EvaluationLevel } from '../../contract/domain.ts';
import type { HallEvent } from '../../contract/events.ts';
import type { AgentPrintJob, CallerActionName, DeviceKindName, DeviceOutput, DeviceStatusView, PrintableTicketPayload } from '../../contract/socket.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { DeviceHealth } from '../../drivers/core/health.ts';
import type { HallContext } from '../context.ts';
import { ticketReceipt } from '../usecases/receipt.ts';
import { QueueError } from '../queue/errors.ts';
import { cardRead, deviceHealthChanged, evaluatorPress, keypadPress, recordPrintResult } from '../usecases/devices.ts';
import { keypadEvaluationRefused } from '../usecases/evaluations.ts';
import type { AgentSocket, DevicePush } from './ports.ts';
import { activeNotices, recentCalls } from '../usecases/snapshot.ts';
import type { DevicesFile } from '../../contract/devices.ts';
import { Hardware, messageOf, type HardwareOptions, type PrintOutcome } from '../../agent/hardware/hardware.ts';
import { AgentHub } from './agent-hub.ts';
import { deviceWhere, placeOf } from './device-place.ts';
import type { AgentHubHost, DeviceCommandResult } from './hub-host.ts';
import type { IdentityRefs } from '../auth/identity-refs.ts';
import { verifierOff, type IdentityVerifier } from '../identity-verify/verifier.ts';
import { resolveScan } from '../usecases/scans.ts';

export type { DeviceCommandResult };

export interface DeviceManagerOptions {
  ctx: HallContext;
  /** Device health to supervisors, card reads to their kiosk (the realtime edge). */
  push: DevicePush;
  identityRefs: IdentityRefs;
  /** The devices wired to the hall server itself; absent when only agents drive devices. */
  devices?: DevicesFile;
  /** Name of the devices file, for logs. */
  devicesFile?: string;
  hardware?: HardwareOptions;
  /** Confirms scanned e-ID / 电子社保卡 codes (server/identity-verify/); default none: scans are refused. */
  identityVerifier?: IdentityVerifier;
  /** How long a print job waits for an offline agent before the ticket is marked unprinted. Default 120 s. */
  agentJobTtlMs?: number;
}

const CALLS = new Set(['ticket.called', 'ticket.recalled', 'ticket.resumed']);
/** Events after which a window no longer shows a ticket. */
const LEAVES_WINDOW = new Set(['ticket.finished', 'ticket.no_show', 'ticket.suspended', 'ticket.transferred', 'ticket.cancelled']);
/** Events after which the keypad shows the waiting count (评价/弃号/挂起/转移). */
const WAITING_AFTER = new Set(['ticket.evaluated', 'ticket.no_show', 'ticket.suspended', 'ticket.transferred']);

/**
 * The device manager (DESIGN.md §2): driver events become engine commands, committed engine events
 * become device output (LED text, caller digits, printed tickets), for the devices wired to this
 * server and, through the AgentHub, for the devices of connected agents. Keeps the health registry.
 */
export class DeviceManager implements AgentHubHost {
  readonly local: Hardware | undefined;
  readonly agents: AgentHub;
  private readonly ctx: HallContext;
  private readonly push: DevicePush;
  private readonly refs: IdentityRefs;
  private readonly registry = new Map<string, DeviceStatusView>();
  private readonly auditedFault = new Map<string, string>();
  private offEvents: (() => void) | undefined;
  private readonly inflight = new Set<Promise<unknown>>();
  private slips = 0;
  private started = false;

  constructor(private readonly options: DeviceManagerOptions) {
    this.ctx = options.ctx;
    this.push = options.push;
    this.refs = options.identityRefs;
    this.agents = new AgentHub(this, options.ctx, options.agentJobTtlMs ?? 120_000);
    if (options.devices) {
      const log = this.ctx.log.child({ area: 'devices' });
      this.local = new Hardware(options.devices, {
        log: (level, message, fields) => log[level](fields ?? {}, message),
        ...options.hardware,
      });
      for (const d of this.local.devices()) {
        this.registry.set(d.id, { device: d.id, kind: d.kind, state: 'disconnected', at: this.now(), host: 'server', ...deviceWhere(d) });
      }
      this.local.on('health', ({ device, kind, health, warning }) => {
        const before = this.registry.get(device)?.state;
        this.setHealth(device, kind, { ...health, ...(warning !== undefined ? { warning } : {}) });
        // A display that just (re)connected shows what it should now; this also clears a stale write fault.
        const cameBack = (before === 'connecting' || before === 'disconnected') && health.state !== 'connecting' && health.state !== 'disconnected';
        if (cameBack && this.started) this.restore(device, kind);
      });
      this.local.on('card', (c) => this.handleCard(c.device, c.kiosk, c.idNumber, c.name));
      this.local.on('key', (k) => {
        const r = this.handleKey(k.device, k.window, k.action);
        if (!r.accepted) this.track(this.local!.beep(k.window));
      });
      this.local.on('evaluation', (e) => this.handleEvaluation(e.device, e.window, e.level));
      this.local.on('scan', (s) => void this.handleScan(s.device, s.kiosk, s.code));
    }
  }

  start(): void {
    this.offEvents = this.ctx.engine.onEvents((events) => {
      for (const e of events) {
        try {
          this.onEvent(e);
        } catch (error) {
          this.ctx.log.error({ err: error, type: e.type }, 'device output failed');
        }
      }
    });
    this.started = true;
    if (this.local) {
      // Displays get their state once their link is up (see the health listener), not before.
      this.local.start();
      this.ctx.log.info({ file: this.options.devicesFile, devices: this.local.devices().length, simulated: this.local.simulation !== undefined }, 'device manager started');
    }
  }

  async stop(): Promise<void> {
    this.offEvents?.();
    this.agents.stop();
    await Promise.allSettled([...this.inflight]);
    await this.local?.stop();
  }

  /** Waits for the device work started so far (prints, LED updates) to finish; for tests and shutdown. */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** The health registry, for GET /api/devices. */
  list(): DeviceStatusView[] {
    return [...this.registry.values()].sort((a, b) => a.host.localeCompare(b.host) || a.device.localeCompare(b.device));
  }

  attachAgent(socket: AgentSocket): void {
    this.agents.attach(socket);
  }

  // ── device events → engine ────────────────────────────────────────────────────────────────

  /** A card read at a kiosk: protected at once, announced to that kiosk's room only under a one-time ref. */
  handleCard(device: string, kiosk: string, idNumber: string, name?: string): DeviceCommandResult {
    let identity;
    try {
      identity = this.ctx.identity.protect(idNumber, name, this.ctx.clock.now());
    } catch (error) {
      if (error instanceof QueueError) {
        this.ctx.log.warn({ device, kiosk, code: error.code }, 'card read with an unusable ID number');
        return { accepted: false, code: error.code };
      }
      throw error;
    }
    const { ref, validUntil } = this.refs.create(kiosk, identity);
    this.push.kioskIdentity(kiosk, { idMasked: identity.idMasked, nameMasked: identity.nameMasked, identityRef: ref, validUntil: validUntil.toISOString() });
    cardRead(this.ctx, device, kiosk);
    return { accepted: true };
  }

  /**
   * A code scanned at a kiosk. Six digits are a booking code (the kiosk checks it in). Anything else is
   * taken as an e-ID / 电子社保卡 payload and counts only when the verification service confirms it; then
   * it becomes a one-time identity ref exactly like a card read. Every other outcome is told to the
   * kiosk in Chinese and audited; the payload itself is never logged or kept.
   */
  handleScan(device: string, kiosk: string, code: string): Promise<DeviceCommandResult> {
    const work = this.scan(device, kiosk, code).catch((error: unknown) => {
      this.ctx.log.error({ err: error, device, kiosk }, 'a scan could not be handled');
      return { accepted: false, code: 'SCAN_FAILED' } as DeviceCommandResult;
    });
    this.track(work);
    return work;
  }

  private async scan(device: string, kiosk: string, code: string): Promise<DeviceCommandResult> {
    const decision = await resolveScan(this.ctx, { verifier: this.verifier, refs: this.refs }, device, kiosk, code);
    switch (decision.kind) {
      case 'identity':
        this.push.kioskIdentity(kiosk, decision.identity);
        return { accepted: true };
      case 'booking':
        this.push.bookingCode(kiosk, decision.code);
        return { accepted: true };
      case 'refused':
        this.push.scanRefused(kiosk, decision.refusal);
        return { accepted: false, code: decision.refusal.code };
    }
  }

  /** Who confirms scanned e-IDs (also for scans typed into a kiosk page by a keyboard-mode scanner). */
  get verifier(): IdentityVerifier {
    return this.options.identityVerifier ?? verifierOff;
  }

  /** A caller key acts for the staff member signed in at the window; with nobody there it is refused. */
  handleKey(device: string, window: number, action: CallerActionName | null): DeviceCommandResult {
    if (action === null) return { accepted: false, code: 'UNMAPPED_KEY' };
    const result = keypadPress(this.ctx, device, window, action);
    // A refused 评价 key is not only a beep: it is an event and a log line (usecases/evaluations.ts).
    if (action === 'evaluate' && !result.accepted) keypadEvaluationRefused(this.ctx, device, window, result.code);
    return result;
  }

  /** An evaluator press rates the visit the window asked to be rated, at the window or just finished, once. */
  handleEvaluation(device: string, window: number, level: EvaluationLevel | null): DeviceCommandResult {
    // An unknown value (null) is refused there too, with its event and log line: never dropped silently.
    return evaluatorPress(this.ctx, device, window, level);
  }

  /** Records a printer's verdict on a ticket; the kiosk learns it from ticket.print_result in its room. */
  recordPrint(device: string, ticketId: string, outcome: PrintOutcome): void {
    try {
      // The verdict and its audit entry are one durable commit.
      const t = recordPrintResult(this.ctx, device, ticketId, outcome);
      if (!outcome.printed) this.ctx.log.warn({ device, ticket: t.number, reason: outcome.reason }, 'ticket not printed');
    } catch (error) {
      this.ctx.log.error({ err: error, device }, 'could not record a print result');
    }
  }

  private readonly healthListeners = new Set<(view: DeviceStatusView) => void>();

  /** Subscribe to health changes (the supervision monitor raises device-fault alerts at once). */
  onHealthChange(listener: (view: DeviceStatusView) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /**
   * Health changes: kept in the registry, pushed to supervisors, faults logged and audited. A warning
   * (paper near end) rides along with any state: the device still works, supervision raises an alert.
   */
  setHealth(device: string, kind: DeviceKindName, health: DeviceHealth & { reason?: string; warning?: string }, extra: Partial<DeviceStatusView> = {}): void {
    const previous = this.registry.get(device);
    const view: DeviceStatusView = {
      ...(previous ?? { host: 'server' }),
      ...extra,
      device,
      kind,
      state: health.state,
      at: this.now(),
    };
    if (health.reason !== undefined) view.reason = health.reason;
    else delete view.reason;
    if (health.warning !== undefined) view.warning = health.warning;
    else delete view.warning;
    this.registry.set(device, view);
    this.push.deviceHealth({
      device,
      kind,
      state: view.state,
      ...(view.reason !== undefined ? { reason: view.reason } : {}),
      ...(view.warning !== undefined ? { warning: view.warning } : {}),
      at: view.at,
    });
    if (view.warning !== previous?.warning) {
      if (view.warning !== undefined) this.ctx.log.warn({ device, kind, host: view.host, warning: view.warning }, 'device warning');
      else this.ctx.log.info({ device, kind, host: view.host }, 'device warning cleared');
    }
    for (const listener of this.healthListeners) listener(view);
    if (health.state === 'fault') {
      if (this.auditedFault.get(device) !== health.reason) {
        this.auditedFault.set(device, health.reason ?? '');
        this.ctx.log.warn({ device, kind, host: view.host, reason: health.reason }, 'device fault');
        deviceHealthChanged(this.ctx, { device, kind, place: placeOf(view), state: 'fault', reason: health.reason ?? null });
      }
    } else if (health.state === 'ready' && this.auditedFault.has(device)) {
      this.auditedFault.delete(device);
      this.ctx.log.info({ device, kind, host: view.host }, 'device ready again');
      deviceHealthChanged(this.ctx, { device, kind, place: placeOf(view), state: 'recovered' });
    }
  }

  forgetDevice(device: string): void {
    this.registry.delete(device);
  }

  // ── engine events → device output ──────────────────────────────────────────────────────────

  private onEvent(e: HallEvent): void {
    const t = e.ticket;
    if (CALLS.has(e.type) && t && e.window !== null) {
      this.output({ type: 'window-call', window: e.window, number: t.number, windowName: this.windowName(e.window) });
      this.output(this.stripOutput());
    }
    if (LEAVES_WINDOW.has(e.type) && e.window !== null) {
      // A transfer or cancel elsewhere does not clear a window that has moved on to another ticket.
      if (!this.ctx.engine.core.currentRow(e.window)) this.output({ type: 'window-idle', window: e.window, windowName: this.windowName(e.window) });
    }
    if (e.type === 'window.closed' && e.window !== null) this.output({ type: 'window-idle', window: e.window, windowName: this.windowName(e.window) });
    if (WAITING_AFTER.has(e.type) && e.window !== null) this.output(this.waitingOutput(e.window));
    if (e.type === 'ticket.evaluation_requested' && e.window !== null) this.output({ type: 'caller-evaluation', window: e.window });
    if (e.type === 'config.changed' || e.type === 'day.rolled_over') this.output(this.stripOutput());
    if (e.type === 'ticket.issued' && t?.kiosk) this.print(e, t, t.kiosk, 'issue');
    // A number taken from a phone is printed where it checks in (a kiosk check-in sets the ticket's kiosk).
    if (e.type === 'ticket.arrived' && t?.kiosk) this.print(e, t, t.kiosk, 'issue');
    if (e.type === 'ticket.reprint_requested' && t) {
      const kiosk = typeof e.data.kiosk === 'string' ? e.data.kiosk : t.kiosk;
      if (kiosk) this.print(e, t, kiosk, 'reprint');
    }
  }

  private output(output: DeviceOutput): void {
    if (this.local) this.track(this.local.apply(output));
    this.agents.sendOutput(output);
  }

  private print(e: HallEvent, t: TicketView, kiosk: string, why: 'issue' | 'reprint'): void {
    const peopleAhead = typeof e.data.peopleAhead === 'number' ? e.data.peopleAhead : undefined;
    // The estimate the issue computed: the slip must not wait for (or differ from) a new prediction.
    const estimate = typeof e.data.estimatedWaitMinutes === 'number' ? e.data.estimatedWaitMinutes : undefined;
    const job: AgentPrintJob = {
      // One job per issue or reprint event: stable across re-sends, never reused.
      jobId: `print-${e.hall}-${e.seq}`,
      ticketId: t.id,
      kiosk,
      why,
      ticket: this.printable(t, peopleAhead, estimate),
      createdAt: e.at,
    };
    if (this.local?.hasPrinter(kiosk)) {
      const device = this.local.devices().find((d) => d.kind === 'printer' && d.kiosk === kiosk)?.id ?? `printer@${kiosk}`;
      this.track(this.local.print(kiosk, job.jobId, job.ticket).then((outcome) => this.recordPrint(device, t.id, outcome)));
      return;
    }
    this.agents.submitPrint(job);
  }

  /**
   * Prints a slip (the kiosk's 办事指南 as a 一次性告知) on a printer wired to this server. Agents'
   * printers take ticket jobs only, so a kiosk behind an agent is answered 'not printed'.
   */
  async printSlip(kiosk: string, title: string, lines: readonly string[]): Promise<PrintOutcome> {
    if (!this.local?.hasPrinter(kiosk)) return { printed: false, reason: `no printer at kiosk ${kiosk} on this server` };
    const job = this.local.printSlip(kiosk, `slip-${kiosk}-${++this.slips}-${this.ctx.clock.now().getTime()}`, title, lines);
    this.track(job);
    return job;
  }

  /** The receipt data of server/usecases/receipt.ts, as the printer lays it out. */
  printable(t: TicketView, peopleAhead?: number, estimate?: number): PrintableTicketPayload {
    const r = ticketReceipt(this.ctx, t, peopleAhead, estimate);
    return {
      hallName: r.hallName,
      queueName: r.queueName,
      ...(r.itemName ? { itemName: r.itemName } : {}),
      number: r.number,
      peopleAhead: r.peopleAhead,
      estimatedWaitMinutes: r.estimatedWaitMinutes,
      issuedAt: r.issuedAtLocal,
      windows: r.windows.map((n) => `${n}号窗口`),
      ...(r.idTail ? { idTail: `****${r.idTail}` } : {}),
      tags: r.tags,
      ...(t.proxy && t.proxyBy ? { proxyBy: t.proxyBy } : {}),
      materials: r.materials,
      statusUrl: r.statusUrl,
      footer: r.hotline ? [`服务热线：${r.hotline}`] : [],
    };
  }

  private windowName(window: number): string {
    return `${window}号窗口`;
  }

  private waitingOutput(window: number): DeviceOutput {
    return { type: 'caller-waiting', window, count: this.ctx.engine.views.waitingFor(window, 999).length };
  }

  private stripOutput(): DeviceOutput {
    return {
      type: 'strip',
      calls: recentCalls(this.ctx, 5).map((c) => ({ ticket: c.number, window: this.windowName(c.window) })),
      notices: activeNotices(this.ctx).filter((n) => n.targets.includes('strip')).map((n) => n.text),
    };
  }

  /** What the LEDs and callers should show now: after a start or an agent's (re)connect. */
  currentState(forWindow: (window: number) => boolean): DeviceOutput[] {
    const out: DeviceOutput[] = [];
    for (const w of this.ctx.engine.views.windowStates()) {
      if (!forWindow(w.number)) continue;
      const name = this.windowName(w.number);
      if (w.current && (w.current.state === 'called' || w.current.state === 'serving')) out.push({ type: 'window-call', window: w.number, number: w.current.number, windowName: name, steady: true });
      else out.push({ type: 'window-idle', window: w.number, windowName: name });
      if (w.status === 'open') out.push(this.waitingOutput(w.number));
    }
    out.push(this.stripOutput());
    return out;
  }

  private restore(device: string, kind: DeviceKindName): void {
    if (!this.local) return;
    if (kind === 'led-strip') return this.track(this.local.apply(this.stripOutput()));
    if (kind !== 'led-window' && kind !== 'caller') return;
    const window = this.registry.get(device)?.window;
    if (window === undefined) return;
    for (const output of this.currentState((w) => w === window)) if (output.type !== 'strip') this.track(this.local.apply(output));
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((error: unknown) => this.ctx.log.error({ reason: messageOf(error) }, 'device work failed')).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }
}
