import { io as connect, type Socket } from 'socket.io-client';
import type { Ack } from '../contract/api.ts';
import { AgentPrintJob, DeviceOutput, type AgentRegistered, type ClientToServerEvents, type ServerToClientEvents } from '../contract/socket.ts';
import type { DeviceHealth } from '../drivers/core/health.ts';
import type { DevicesFile } from '../contract/devices.ts';
import { loadDevicesFile } from './config/devices-file.ts';
import { Hardware, type HardwareOptions, type PrintOutcome } from './hardware/hardware.ts';
import { defaultStateFile, JobJournal, type JournalEntry } from './journal.ts';
import type { Logger } from './log.ts';
import { messageOf } from './message.ts';

export { defaultStateFile, JobJournal };

export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const AGENT_VERSION = '1';

export interface AgentOptions {
  /** Hall server base URL, e.g. http://192.168.1.10:8080, or https://… when the server has TLS. */
  server: string;
  /** PEM certificate(s) to trust for an https server (a hall's own CA or self-signed certificate); default: the system's. */
  ca?: string;
  /** The agent's device token (device kind 'agent'). */
  token: string;
  /** A devices.yaml path, or a parsed file (then give stateFile). */
  devices: string | DevicesFile;
  /** Where completed job ids are kept; default: next to the devices file, "<name>.jobs.json". */
  stateFile?: string;
  hardware?: HardwareOptions;
  log: Logger;
  /** Socket.IO reconnection delays. */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** A job received before a restart and never sent is printed after it if it is younger than this; default 120 s (the hub's job TTL). */
  resumeWithinMs?: number;
  /** How long a job waits for the kiosk's printer to finish connecting; default 10 s. */
  printerWaitMs?: number;
  /** Test seam: runs after a job printed and was journalled, before its result is reported. */
  afterPrint?: (job: AgentPrintJob, outcome: PrintOutcome) => void | Promise<void>;
}

export interface DeviceAgent {
  hardware: Hardware;
  socket: AgentSocket;
  journal: JobJournal;
  /** Resolves after the first successful registration. */
  registered: Promise<void>;
  /** How many times the agent registered (1 + reconnects). */
  readonly registrations: number;
  /** Drops the network link (the client reconnects by itself), for tests and diagnostics. */
  dropConnection(): void;
  /** Waits for the print jobs and reports under way. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The device agent on a kiosk PC: runs the same Hardware as the hall server, joins the server as an
 * authenticated agent, forwards device events and executes print jobs and LED output (contract/socket.ts).
 */
export function startAgent(options: AgentOptions): DeviceAgent {
  const log = options.log;
  const config = typeof options.devices === 'string' ? loadDevicesFile(options.devices) : options.devices;
  const stateFile = options.stateFile ?? (typeof options.devices === 'string' ? defaultStateFile(options.devices) : undefined);
  if (!stateFile) throw new Error('give a stateFile when the devices are not read from a file');
  const journal = new JobJournal(stateFile);
  const hardware = new Hardware(config, {
    log: (level, message, fields) => log[level](fields ?? {}, message),
    ...options.hardware,
  });
  const socket: AgentSocket = connect(options.server, {
    auth: { token: options.token },
    transports: ['websocket'],
    ...(options.ca ? { ca: options.ca } : {}),
    reconnection: true,
    reconnectionDelay: options.reconnectDelayMs ?? 1000,
    reconnectionDelayMax: options.reconnectDelayMaxMs ?? 10_000,
    forceNew: true,
  });
  const health = new Map<string, DeviceHealth>();
  const inflight = new Set<Promise<unknown>>();
  const printing = new Set<string>();
  let registered = false;
  let registrations = 0;
  let stopped = false;
  let resolveRegistered!: () => void;
  const firstRegistration = new Promise<void>((resolve) => (resolveRegistered = resolve));

  const track = (p: Promise<unknown>): void => {
    const t = p.catch((error: unknown) => log.error({ reason: messageOf(error) }, 'agent task failed')).finally(() => inflight.delete(t));
    inflight.add(t);
  };

  const ok = <T>(r: Ack<T>, what: string): r is { ok: true; data: T } => {
    if (!r.ok) log.warn({ code: r.error.code, message: r.error.message }, `server refused ${what}`);
    return r.ok;
  };

  const report = async (entry: JournalEntry): Promise<void> => {
    if (!registered || !socket.connected) return; // flushed after the next registration
    const r = await socket.timeout(10_000).emitWithAck('agent:print-result', {
      jobId: entry.jobId,
      ticketId: entry.ticketId,
      printed: entry.printed,
      ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    });
    if (ok(r, 'a print result')) journal.set({ ...entry, reported: true });
  };

  const sendHealth = async (device: string, h: DeviceHealth): Promise<void> => {
    if (!registered || !socket.connected) return;
    const warning = hardware.warning(device);
    await socket.timeout(10_000).emitWithAck('agent:health', {
      device,
      state: h.state,
      ...(h.state === 'fault' ? { reason: h.reason.slice(0, 300) } : {}),
      ...(warning !== undefined ? { warning: warning.slice(0, 200) } : {}),
    });
  };

  const register = async (): Promise<void> => {
    const r = (await socket.timeout(10_000).emitWithAck('agent:register', { version: AGENT_VERSION, devices: hardware.devices() })) as Ack<AgentRegistered>;
    if (!ok(r, 'the registration')) return;
    registered = true;
    registrations++;
    log.info({ resent: r.data.resent }, 'registered with the hall server');
    for (const d of hardware.devices()) {
      const h = health.get(d.id) ?? hardware.health(d.id);
      if (h) track(sendHealth(d.id, h));
    }
    for (const entry of journal.unreported()) track(report(entry));
    resolveRegistered();
  };

  /** Waits (up to the limit) until the kiosk's printer has finished connecting, so a resumed job is not failed at start-up. */
  const printerSettled = async (kiosk: string, limitMs: number): Promise<void> => {
    const id = hardware.printerId(kiosk);
    const settled = () => {
      const state = id ? hardware.health(id)?.state : undefined;
      return state !== 'connecting' && state !== 'disconnected';
    };
    if (!id || settled()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        hardware.off('health', onHealth);
        resolve();
      };
      const onHealth = () => settled() && done();
      const timer = setTimeout(done, limitMs);
      timer.unref();
      hardware.on('health', onHealth);
    });
  };

  const runJob = async (job: AgentPrintJob): Promise<void> => {
    if (printing.has(job.jobId)) return; // under way: its result is reported when it finishes
    const known = journal.get(job.jobId);
    if (known && known.state !== 'queued') {
      // A re-sent job: answer from the journal, never print it again.
      if (known.state === 'sending') {
        const entry: JournalEntry = { ...known, state: 'done', printed: false, reason: 'the agent stopped while printing; reprint (补打) if no ticket came out', reported: false };
        journal.set(entry);
        return report(entry);
      }
      return report({ ...known, reported: false });
    }
    printing.add(job.jobId);
    try {
      const queued: JournalEntry = known ?? { jobId: job.jobId, ticketId: job.ticketId, state: 'queued', printed: false, reported: false, at: new Date().toISOString(), job };
      if (!known) journal.set(queued);
      await printerSettled(job.kiosk, options.printerWaitMs ?? 10_000);
      const outcome = await hardware.print(job.kiosk, job.jobId, job.ticket, {
        // Written (and flushed) before the first byte goes out: from here a restart never prints it again.
        beforeWrite: () => journal.set({ jobId: job.jobId, ticketId: job.ticketId, state: 'sending', printed: false, reported: false, at: new Date().toISOString() }),
      });
      const entry: JournalEntry = {
        jobId: job.jobId,
        ticketId: job.ticketId,
        state: 'done',
        printed: outcome.printed,
        ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
        reported: false,
        at: new Date().toISOString(),
      };
      journal.set(entry);
      await options.afterPrint?.(job, outcome);
      await report(entry);
    } finally {
      printing.delete(job.jobId);
    }
  };

  /**
   * Jobs received before a restart whose bytes never left: printed now, once (a re-send from the
   * server finds them under way or done). Past `resumeWithinMs` the citizen has gone; they are
   * reported as not printed instead.
   */
  const resumeQueued = (): void => {
    const limit = options.resumeWithinMs ?? 120_000;
    for (const entry of journal.queued()) {
      // Measured on this PC's clock (when the job was received), not against the server's.
      const age = Date.now() - Date.parse(entry.at);
      if (Number.isFinite(age) && age > limit) {
        const { job: _job, ...rest } = entry;
        const done: JournalEntry = { ...rest, state: 'done', printed: false, reason: 'not printed: the agent was down until the ticket was too old; reprint (补打)', reported: false };
        journal.set(done);
        track(report(done));
      } else {
        log.info({ job: entry.jobId }, 'printing a job received before the restart');
        track(runJob(entry.job));
      }
    }
  };

  socket.on('connect', () => {
    registered = false;
    track(register());
  });
  socket.on('disconnect', (reason) => {
    registered = false;
    if (stopped) return;
    log.warn({ reason }, 'disconnected from the hall server');
    // A server-side disconnect is not retried by the client library; the agent keeps trying.
    if (reason === 'io server disconnect') setTimeout(() => !stopped && socket.connect(), options.reconnectDelayMs ?? 1000).unref();
  });
  socket.on('connect_error', (error) => {
    if (!stopped) log.warn({ reason: error.message }, 'cannot reach the hall server');
  });
  socket.on('agent:print', (payload) => {
    const job = AgentPrintJob.safeParse(payload);
    if (!job.success) return log.warn('ignored a malformed print job');
    track(runJob(job.data));
  });
  socket.on('agent:output', (payload) => {
    const output = DeviceOutput.safeParse(payload);
    if (!output.success) return log.warn('ignored malformed device output');
    track(hardware.apply(output.data));
  });

  hardware.on('health', ({ device, health: h }) => {
    health.set(device, h);
    if (h.state === 'fault') log.warn({ device, reason: h.reason }, 'device fault');
    track(sendHealth(device, h));
  });
  hardware.on('card', (card) => {
    if (!registered || !socket.connected) {
      log.warn({ device: card.device }, 'card read while offline; not sent');
      return;
    }
    track(
      socket
        .timeout(10_000)
        .emitWithAck('agent:card', { device: card.device, idNumber: card.idNumber, ...(card.name ? { name: card.name } : {}) })
        .then((r) => void ok(r, 'a card read')),
    );
  });
  hardware.on('scan', (scan) => {
    if (!registered || !socket.connected) {
      // The code may be an identity token: never kept for later, never logged.
      log.warn({ device: scan.device }, 'code scanned while offline; not sent');
      return;
    }
    track(socket.timeout(10_000).emitWithAck('agent:scan', { device: scan.device, code: scan.code }).then((r) => void ok(r, 'a scan')));
  });
  hardware.on('key', (k) => {
    if (!registered || !socket.connected) {
      track(hardware.beep(k.window));
      return;
    }
    track(
      socket
        .timeout(10_000)
        .emitWithAck('agent:key', { device: k.device, action: k.action, key: k.key })
        .then(async (r) => {
          if (!r.ok || !r.data.accepted) await hardware.beep(k.window);
        }),
    );
  });
  hardware.on('evaluation', (e) => {
    if (!registered || !socket.connected) return;
    track(socket.timeout(10_000).emitWithAck('agent:evaluation', { device: e.device, level: e.level, value: e.value }));
  });

  hardware.start();
  resumeQueued();

  return {
    hardware,
    socket,
    journal,
    registered: firstRegistration,
    get registrations() {
      return registrations;
    },
    dropConnection() {
      socket.io.engine?.close();
    },
    async settled() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
    async stop() {
      stopped = true;
      socket.close();
      await Promise.allSettled([...inflight]);
      await hardware.stop();
    },
  };
}
