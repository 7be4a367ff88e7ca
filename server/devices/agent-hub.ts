import type { z } from 'zod';
import type { Ack } from '../../contract/api.ts';
import {
  AgentCardRead,
  AgentEvaluation,
  AgentHealth,
  AgentKeyPress,
  AgentPrintResult,
  AgentRegister,
  AgentScan,
  type AgentDeviceInfo,
  type AgentPrintJob,
  type DeviceOutput,
} from '../../contract/socket.ts';
import type { HallContext } from '../context.ts';
import { ackRefusal as ackError, DomainError, validationError } from '../common/errors.ts';
import { PRINTER_OFFLINE_PREFIX } from '../../contract/print-result.ts';
import { agentEventRefused, agentRegistration, agentScopedToKiosk } from '../usecases/devices.ts';
import type { AgentSocket as HallSocket } from './ports.ts';
import { deviceWhere } from './device-place.ts';
import type { AgentHubHost } from './hub-host.ts';

interface AgentState {
  code: string;
  socket: HallSocket | undefined;
  devices: AgentDeviceInfo[];
}

interface PendingJob {
  job: AgentPrintJob;
  agent: string;
  timer: NodeJS.Timeout;
}

/** Why a ticket of a kiosk behind an offline agent was not printed (the kiosk shows 打印机离线). */
export const agentOffline = (agent: string) => `${PRINTER_OFFLINE_PREFIX}: device agent ${agent} is not connected (打印机离线)`;
const notRegistered = () => new DomainError('conflict', 'AGENT_NOT_REGISTERED', '设备代理尚未登记设备，请先发送 agent:register。');
const unknownDevice = (id: string) => new DomainError('not_found', 'UNKNOWN_DEVICE', `设备代理没有登记设备 ${id}。`);
const outOfScope = (id: string, where: string) =>
  new DomainError('forbidden', 'AGENT_SCOPE', `设备代理无权驱动${where}的设备 ${id}，请在管理后台为该代理配置可服务的取号机和窗口。`);

interface AgentScope {
  kiosks: string[];
  windows: number[];
}

/** The first registered device outside the agent's configured scope, if any. */
function outside(scope: AgentScope | null, devices: readonly AgentDeviceInfo[]): DomainError | undefined {
  if (!scope) return undefined;
  for (const d of devices) {
    if (d.kiosk !== undefined && !scope.kiosks.includes(d.kiosk)) return outOfScope(d.id, `取号机 ${d.kiosk} `);
    if (d.window !== undefined && !scope.windows.includes(d.window)) return outOfScope(d.id, `${d.window} 号窗口`);
  }
  return undefined;
}

/**
 * The server's side of the device agent protocol (contract/socket.ts): registrations, device events
 * from agents, and print jobs and LED output to them. A print job stays pending until its agent
 * reports a result for its jobId; it is re-sent after every (re)registration and given up (ticket
 * marked unprinted) once it is older than the TTL.
 */
export class AgentHub {
  private readonly agents = new Map<string, AgentState>();
  private readonly pending = new Map<string, PendingJob>();

  constructor(private readonly manager: AgentHubHost, private readonly ctx: HallContext, private readonly jobTtlMs: number) {}

  attach(socket: HallSocket): void {
    const p = socket.data.principal;
    if (p.kind !== 'device' || p.deviceKind !== 'agent') return;
    const code = p.code;
    const log = this.ctx.log.child({ agent: code });
    let registered = false;

    const handle = <S extends z.ZodType, R>(schema: S, run: (payload: z.infer<S>, state: AgentState) => R) =>
      (payload: unknown, ack: (result: Ack<R>) => void) => {
        if (typeof ack !== 'function') return;
        try {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) throw validationError(parsed.error);
          const state = this.agents.get(code);
          if (!registered || !state || state.socket !== socket) throw notRegistered();
          ack({ ok: true, data: run(parsed.data, state) });
        } catch (error) {
          if (!(error instanceof DomainError)) log.error({ err: error }, 'agent event failed');
          ack(ackError(error) as Ack<R>);
        }
      };

    /** A refused device event: logged, audited, and the agent told why. */
    const refuse = (event: string, deviceId: string | null, error: DomainError): never => {
      log.warn({ event, device: deviceId, code: error.code }, 'device agent event refused');
      agentEventRefused(this.ctx, code, socket.handshake.address ?? null, { event, device: deviceId, reason: error.message });
      throw error;
    };

    /** One of the agent's registered devices, still within its scope (an admin may have narrowed it since). */
    const device = (state: AgentState, id: string, kinds: string[], event: string): AgentDeviceInfo => {
      const d = state.devices.find((x) => x.id === id && kinds.includes(x.kind));
      if (!d) return refuse(event, id, unknownDevice(id));
      const refused = outside(this.ctx.engine.views.deviceScope(code) as AgentScope | null, [d]);
      if (refused) return refuse(event, id, refused);
      return d;
    };

    socket.on('agent:register', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = AgentRegister.safeParse(payload);
      if (!parsed.success) return ack(ackError(validationError(parsed.error)) as Ack<never>);
      const refused = outside(this.ctx.engine.views.deviceScope(code) as AgentScope | null, parsed.data.devices);
      if (refused) {
        log.warn({ code: refused.code }, 'device agent registration refused');
        agentRegistration(this.ctx, code, socket.handshake.address ?? null, { refused: refused.message });
        return ack(ackError(refused) as Ack<never>);
      }
      const previous = this.agents.get(code);
      if (previous?.socket && previous.socket !== socket) previous.socket.disconnect(true); // a replaced PC or a stale link
      for (const old of previous?.devices ?? []) this.manager.forgetDevice(`${code}/${old.id}`);
      const state: AgentState = { code, socket, devices: parsed.data.devices };
      this.agents.set(code, state);
      registered = true;
      for (const d of state.devices) {
        this.manager.setHealth(`${code}/${d.id}`, d.kind, { state: 'connecting' }, { host: code, ...deviceWhere(d) });
      }
      const jobs = [...this.pending.values()].filter((j) => j.agent === code || this.printerOwner(j.job.kiosk) === code);
      ack({ ok: true, data: { agent: code, resent: jobs.length } });
      log.info({ devices: state.devices.length, resent: jobs.length }, 'device agent registered');
      agentRegistration(this.ctx, code, socket.handshake.address ?? null, { devices: state.devices.map((d) => d.id) });
      // Current state for its LEDs and callers, then every job still without a result.
      const windows = new Set(state.devices.flatMap((d) => (d.window !== undefined ? [d.window] : [])));
      for (const output of this.manager.currentState((w) => windows.has(w))) if (this.wants(state, output)) socket.emit('agent:output', output);
      for (const j of jobs) {
        j.agent = code;
        socket.emit('agent:print', j.job);
      }
    });

    socket.on(
      'agent:card',
      handle(AgentCardRead, (payload, state) => {
        const d = device(state, payload.device, ['idcard'], 'agent:card');
        const r = this.manager.handleCard(`${code}/${d.id}`, d.kiosk!, payload.idNumber, payload.name);
        if (!r.accepted) throw new DomainError('unprocessable', r.code ?? 'ID_INVALID', '身份证号码有误。');
        return { accepted: true as const };
      }),
    );
    socket.on(
      'agent:scan',
      handle(AgentScan, (payload, state) => {
        const d = device(state, payload.device, ['scanner'], 'agent:scan');
        // Received is all the agent learns: the outcome (identity or refusal) goes to the kiosk's screen.
        void this.manager.handleScan(`${code}/${d.id}`, d.kiosk!, payload.code);
        return { accepted: true as const };
      }),
    );
    socket.on(
      'agent:key',
      handle(AgentKeyPress, (payload, state) => {
        const d = device(state, payload.device, ['caller'], 'agent:key');
        return this.manager.handleKey(`${code}/${d.id}`, d.window!, payload.action);
      }),
    );
    socket.on(
      'agent:evaluation',
      handle(AgentEvaluation, (payload, state) => {
        const d = device(state, payload.device, ['evaluator'], 'agent:evaluation');
        return this.manager.handleEvaluation(`${code}/${d.id}`, d.window!, payload.level);
      }),
    );
    socket.on(
      'agent:health',
      handle(AgentHealth, (payload, state) => {
        const d = device(state, payload.device, ['idcard', 'printer', 'caller', 'evaluator', 'led-window', 'led-strip', 'scanner'], 'agent:health');
        const warning = payload.warning !== undefined ? { warning: payload.warning } : {};
        const health = payload.state === 'fault'
          ? { state: 'fault' as const, reason: payload.reason ?? 'fault', ...warning }
          : { state: payload.state, ...(payload.reason ? { reason: payload.reason } : {}), ...warning };
        this.manager.setHealth(`${code}/${d.id}`, d.kind, health, { host: code, ...deviceWhere(d) });
        return { ok: true as const };
      }),
    );
    socket.on(
      'agent:print-result',
      handle(AgentPrintResult, (payload, state) => {
        const pending = this.pending.get(payload.jobId);
        // Already recorded (a repeat after a reconnect) or given up: nothing to do, and no second record.
        if (!pending || pending.job.ticketId !== payload.ticketId) return { recorded: false };
        // Only the agent the job was sent to, driving that kiosk's printer within its scope, may answer for it.
        const own = state.devices.find((d) => d.kind === 'printer' && d.kiosk === pending.job.kiosk);
        if (pending.agent !== code || !own) {
          refuse('agent:print-result', own?.id ?? null, outOfScope(payload.jobId, `取号机 ${pending.job.kiosk} `));
        }
        const printer = device(state, own!.id, ['printer'], 'agent:print-result');
        this.pending.delete(payload.jobId);
        clearTimeout(pending.timer);
        const outcome = payload.printed ? { printed: true } : { printed: false, reason: payload.reason ?? 'not printed' };
        this.manager.recordPrint(`${code}/${printer.id}`, payload.ticketId, outcome);
        return { recorded: true };
      }),
    );

    socket.on('disconnect', () => {
      const state = this.agents.get(code);
      if (!state || state.socket !== socket) return;
      state.socket = undefined;
      log.warn('device agent disconnected');
      for (const d of state.devices) {
        this.manager.setHealth(`${code}/${d.id}`, d.kind, { state: 'disconnected', reason: `agent ${code} offline` }, { host: code, ...deviceWhere(d) });
      }
    });
  }

  /** The agent whose registration includes this kiosk's printer (connected or not). */
  printerOwner(kiosk: string): string | undefined {
    for (const a of this.agents.values()) if (a.devices.some((d) => d.kind === 'printer' && d.kiosk === kiosk)) return a.code;
    return undefined;
  }

  /**
   * The agent that prints for this kiosk: the one whose registration includes its printer, else one
   * that has not registered since this server started but whose configured scope (kept in the hall
   * database) names the kiosk. An agent that registered without a printer for it does not print there.
   */
  private printingAgent(kiosk: string): string | undefined {
    const registered = this.printerOwner(kiosk);
    if (registered) return registered;
    const scoped = agentScopedToKiosk(this.ctx, kiosk);
    return scoped !== undefined && !this.agents.has(scoped) ? scoped : undefined;
  }

  /**
   * Queues a print job for the agent that prints for the kiosk; no such agent, no job (the kiosk has
   * no printer). When that agent is offline, or has not come up since the server started, the ticket
   * is recorded as not printed at once, so the kiosk (ticket.print_result in its room) shows the
   * electronic ticket and offers a reprint instead of waiting in silence.
   */
  submitPrint(job: AgentPrintJob): void {
    const agent = this.printingAgent(job.kiosk);
    if (!agent) return;
    const owner = this.agents.get(agent);
    if (!owner?.socket) {
      const printer = owner?.devices.find((d) => d.kind === 'printer' && d.kiosk === job.kiosk)?.id ?? 'printer';
      this.ctx.log.warn({ agent, kiosk: job.kiosk, job: job.jobId }, 'print job for an offline device agent: ticket marked unprinted');
      // After the engine's publish loop, not inside it: recording is an engine command of its own.
      queueMicrotask(() => this.manager.recordPrint(`${agent}/${printer}`, job.ticketId, { printed: false, reason: agentOffline(agent) }));
      return;
    }
    const timer = setTimeout(() => {
      if (!this.pending.delete(job.jobId)) return;
      this.manager.recordPrint(`${agent}/printer`, job.ticketId, { printed: false, reason: `device agent ${agent} did not answer` });
    }, this.jobTtlMs);
    timer.unref();
    this.pending.set(job.jobId, { job, agent, timer });
    this.agents.get(agent)?.socket?.emit('agent:print', job);
  }

  sendOutput(output: DeviceOutput): void {
    for (const a of this.agents.values()) if (a.socket && this.wants(a, output)) a.socket.emit('agent:output', output);
  }

  pendingJobs(): AgentPrintJob[] {
    return [...this.pending.values()].map((p) => p.job);
  }

  stop(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  private wants(a: AgentState, output: DeviceOutput): boolean {
    if (output.type === 'strip') return a.devices.some((d) => d.kind === 'led-strip');
    return a.devices.some((d) => d.window === output.window && (d.kind === 'caller' || d.kind === 'led-window'));
  }
}
