import { EventEmitter } from 'node:events';
import { Correlator } from '../core/correlator.ts';
import { messageOf, ReplyTimeoutError } from '../core/errors.ts';
import type { BackoffOptions, DeviceHealth } from '../core/health.ts';
import { DeviceLink } from '../core/link.ts';
import { Serialiser } from '../core/serialiser.ts';
import type { TransportFactory } from '../transport/transport.ts';
import {
  STATUS_REQUEST_NAMES,
  asbEnable,
  conditionFromAsb,
  conditionFromReplies,
  faultReason,
  statusRequest,
  type PrinterCondition,
  type StatusReply,
  type StatusRequestKind,
} from './codec.ts';
import { PrinterReplyParser, type PrinterReply } from './parser.ts';

export interface PrinterDriverOptions {
  /** Some printers never answer DLE EOT; false skips every status read. Default true. */
  statusSupported?: boolean;
  /** How long to wait for each DLE EOT reply. Default 1000 ms. */
  statusTimeoutMs?: number;
  /** Status poll while idle; 0 turns polling off. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Send GS a 0F after every (re)connect so the printer reports changes by itself. Default false. */
  autoStatusBack?: boolean;
  /**
   * Bytes per second the line carries (default 960, i.e. 9600 baud 8N1 ⚠️). A status request sent
   * right after a job queues behind the job's bytes, so its timeout is extended by the time those
   * bytes still need on the wire; a faster line only makes this allowance generous.
   */
  lineBytesPerSecond?: number;
  /** Reconnect back-off, used when the driver builds its own DeviceLink. */
  backoff?: BackoffOptions;
}

export type PrintJobResult =
  | { jobId: string; result: 'printed' }
  | { jobId: string; result: 'failed'; reason: string };

export interface PrinterDriverEvents {
  health: [DeviceHealth];
  /** Every job's outcome, failures included. */
  job: [PrintJobResult];
  /** true when the roll runs low (still printing), false when it was replaced. */
  'paper-near-end': [boolean];
}

/** What a caller may learn about one job while it runs. */
export interface PrintHooks {
  /**
   * Called synchronously right before the job's bytes are handed to the transport, after the status
   * check: until then nothing can have been printed (a journal writes this down before the bytes go).
   */
  beforeWrite?: () => void;
}

export const NOT_CONNECTED = 'printer not connected';

class NotConnectedError extends Error {
  constructor() {
    super(NOT_CONNECTED);
  }
}

/** A DLE EOT answer as the parser reports it: which request it answers, and what it says. */
type StatusAnswer = Extract<PrinterReply, { type: 'status' }>;

/**
 * ESC/POS ticket printer over a DeviceLink: one job at a time, a status check (DLE EOT 1, 2, 4)
 * before each job and periodically while idle, health from what the printer reports.
 */
export class PrinterDriver extends EventEmitter<PrinterDriverEvents> {
  readonly link: DeviceLink;
  private readonly statusSupported: boolean;
  private readonly statusTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly autoStatusBack: boolean;
  private readonly lineBytesPerSecond: number;
  /** When the last job's bytes are estimated to have left the host. */
  private lineBusyUntil = 0;
  private readonly parser = new PrinterReplyParser();
  /** Jobs and status reads, one at a time: print jobs never interleave. */
  private readonly jobs = new Serialiser();
  private readonly answers = new Correlator<StatusAnswer>({
    timeoutMessage: (what, ms) => `no reply to ${what} within ${ms} ms`,
  });
  private pollTimer: NodeJS.Timeout | undefined;
  private condition_: PrinterCondition | undefined;
  private nearEnd = false;

  constructor(source: DeviceLink | TransportFactory, options: PrinterDriverOptions = {}) {
    super();
    this.link = source instanceof DeviceLink ? source : new DeviceLink(source, options.backoff);
    this.statusSupported = options.statusSupported ?? true;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.autoStatusBack = options.autoStatusBack ?? false;
    this.lineBytesPerSecond = options.lineBytesPerSecond ?? 960;

    this.link.on('health', (health) => {
      if (!this.link.isOpen) this.answers.rejectAll(new NotConnectedError());
      this.emit('health', health);
    });
    this.link.on('data', (chunk) => this.receive(chunk));
    this.link.on('open', () => this.opened());
  }

  get health(): DeviceHealth {
    return this.link.health;
  }

  /** Last status the printer reported, if any. */
  get condition(): PrinterCondition | undefined {
    return this.condition_;
  }

  /** Warning flag: the roll is nearly used up. */
  get paperNearEnd(): boolean {
    return this.nearEnd;
  }

  start(): void {
    this.link.start();
    if (this.pollIntervalMs > 0 && !this.pollTimer) {
      this.pollTimer = setInterval(() => this.poll(), this.pollIntervalMs);
      this.pollTimer.unref?.();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    await this.link.stop();
    this.answers.rejectAll(new NotConnectedError());
  }

  /**
   * Queue a job. Resolves (never rejects) once the bytes are handed to the printer or the job
   * failed; a job submitted while the printer is not connected fails at once so the caller can
   * decide to reprint elsewhere.
   */
  print(bytes: Uint8Array, jobId: string, hooks: PrintHooks = {}): Promise<PrintJobResult> {
    if (!this.link.isOpen) return Promise.resolve(this.report({ jobId, result: 'failed', reason: NOT_CONNECTED }));
    return this.jobs.run(async () => this.report(await this.runJob(bytes, jobId, hooks)), { description: `print job ${jobId}` });
  }

  /** Read the printer's status now (queued behind running jobs) and update health. */
  checkStatus(): Promise<PrinterCondition> {
    return this.jobs.run(() => this.refresh(), { description: 'status check' });
  }

  private async runJob(bytes: Uint8Array, jobId: string, hooks: PrintHooks): Promise<PrintJobResult> {
    if (!this.link.isOpen) return { jobId, result: 'failed', reason: NOT_CONNECTED };
    if (this.statusSupported) {
      try {
        const reason = faultReason(await this.refresh());
        if (reason) return { jobId, result: 'failed', reason };
      } catch (error) {
        return { jobId, result: 'failed', reason: messageOf(error) };
      }
    }
    try {
      // From here on the ticket may come out: a journal marks the job as possibly printed.
      hooks.beforeWrite?.();
      await this.link.write(bytes);
      this.lineBusyUntil = Date.now() + (bytes.length * 1000) / this.lineBytesPerSecond;
    } catch (error) {
      return { jobId, result: 'failed', reason: this.link.isOpen ? `write failed: ${messageOf(error)}` : NOT_CONNECTED };
    }
    return { jobId, result: 'printed' };
  }

  private report(result: PrintJobResult): PrintJobResult {
    this.emit('job', result);
    return result;
  }

  private opened(): void {
    this.parser.reset();
    if (this.autoStatusBack) this.link.write(asbEnable(0x0f)).catch(() => undefined);
    if (this.statusSupported) this.checkStatus().catch(() => undefined);
  }

  private poll(): void {
    if (!this.statusSupported || !this.link.isOpen || this.jobs.pending > 0) return;
    this.checkStatus().catch(() => undefined);
  }

  /** DLE EOT 1, 2 and 4 (and 3 when an error is flagged), then health from the answers. */
  private async refresh(): Promise<PrinterCondition> {
    try {
      const replies: StatusReply[] = [];
      for (const n of [1, 2, 4] as const) replies.push(await this.request(n));
      if (replies.some((r) => r.kind === 2 && r.errorOccurred)) replies.push(await this.request(3));
      const condition = conditionFromReplies(replies);
      this.apply(condition);
      return condition;
    } catch (error) {
      if (!(error instanceof NotConnectedError) && this.link.isOpen) {
        this.link.setHealth({ state: 'fault', reason: `printer not answering: ${messageOf(error)}` });
      }
      throw error;
    }
  }

  private request(n: StatusRequestKind): Promise<StatusReply> {
    if (!this.link.isOpen) return Promise.reject(new NotConnectedError());
    const timeoutMs = this.statusTimeoutMs + Math.max(0, Math.ceil(this.lineBusyUntil - Date.now()));
    const name = STATUS_REQUEST_NAMES[n];
    const send = (): Promise<void> => {
      this.parser.expect(n);
      return this.link.write(statusRequest(n));
    };
    const sendError = (error: unknown): Error =>
      this.link.isOpen ? new Error(`cannot send ${name}: ${messageOf(error)}`) : new NotConnectedError();
    return this.answers.request(send, (answer) => answer.request === n, timeoutMs, name, sendError).then(
      (answer) => answer.reply,
      (error: unknown) => {
        // A reply arriving after this point must not be taken as the answer to the next request.
        if (error instanceof ReplyTimeoutError) this.parser.clearExpected();
        throw error;
      },
    );
  }

  private receive(chunk: Buffer): void {
    for (const reply of this.parser.push(chunk)) {
      if (reply.type === 'status') this.answers.offer(reply);
      else if (reply.type === 'asb') this.apply(conditionFromAsb(reply.status));
      // Stray bytes and garbage are dropped: the next poll re-reads the real state.
    }
  }

  private apply(condition: PrinterCondition): void {
    this.condition_ = condition;
    if (condition.paperNearEnd !== this.nearEnd) {
      this.nearEnd = condition.paperNearEnd;
      this.emit('paper-near-end', this.nearEnd);
    }
    if (!this.link.isOpen) return;
    const reason = faultReason(condition);
    this.link.setHealth(reason ? { state: 'fault', reason } : { state: 'ready' });
  }
}
