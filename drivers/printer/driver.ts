import { EventEmitter } from 'node:events';
import { DeviceLink } from '../core/link.ts';
import type { BackoffOptions, DeviceHealth } from '../core/health.ts';
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
import { PrinterReplyParser } from './parser.ts';

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

export const NOT_CONNECTED = 'printer not connected';

class NotConnectedError extends Error {
  constructor() {
    super(NOT_CONNECTED);
  }
}

interface Waiter {
  n: StatusRequestKind;
  resolve: (reply: StatusReply) => void;
  reject: (error: Error) => void;
}

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
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private waiter: Waiter | undefined;
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
      if (!this.link.isOpen) this.waiter?.reject(new NotConnectedError());
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
    this.waiter?.reject(new NotConnectedError());
  }

  /**
   * Queue a job. Resolves (never rejects) once the bytes are handed to the printer or the job
   * failed; a job submitted while the printer is not connected fails at once so the caller can
   * decide to reprint elsewhere.
   */
  print(bytes: Uint8Array, jobId: string): Promise<PrintJobResult> {
    if (!this.link.isOpen) return Promise.resolve(this.report({ jobId, result: 'failed', reason: NOT_CONNECTED }));
    return this.enqueue(async () => this.report(await this.runJob(bytes, jobId)));
  }

  /** Read the printer's status now (queued behind running jobs) and update health. */
  checkStatus(): Promise<PrinterCondition> {
    return this.enqueue(() => this.refresh());
  }

  private async runJob(bytes: Uint8Array, jobId: string): Promise<PrintJobResult> {
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

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.queued++;
    const run = this.queue.then(task).finally(() => this.queued--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private opened(): void {
    this.parser.reset();
    if (this.autoStatusBack) this.link.write(asbEnable(0x0f)).catch(() => undefined);
    if (this.statusSupported) this.enqueue(() => this.refresh()).catch(() => undefined);
  }

  private poll(): void {
    if (!this.statusSupported || !this.link.isOpen || this.queued > 0) return;
    this.enqueue(() => this.refresh()).catch(() => undefined);
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
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A reply arriving after this point must not be taken as the answer to the next request.
        this.parser.clearExpected();
        waiter.reject(new Error(`no reply to ${STATUS_REQUEST_NAMES[n]} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        if (this.waiter === waiter) this.waiter = undefined;
      };
      const waiter: Waiter = {
        n,
        resolve: (reply) => {
          done();
          resolve(reply);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
      this.waiter = waiter;
      this.parser.expect(n);
      this.link.write(statusRequest(n)).catch((error: unknown) => {
        waiter.reject(this.link.isOpen ? new Error(`cannot send ${STATUS_REQUEST_NAMES[n]}: ${messageOf(error)}`) : new NotConnectedError());
      });
    });
  }

  private receive(chunk: Buffer): void {
    for (const reply of this.parser.push(chunk)) {
      if (reply.type === 'status' && this.waiter?.n === reply.request) this.waiter.resolve(reply.reply);
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
